package io.velostream.engine.internal.io.file;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

/** Record-error messages shared by the JSON readers (files and Kafka values). */
public final class JsonSources {
    private JsonSources() {
    }

    /** "malformed JSON: Unexpected character ('x' …) at column 5". */
    public static String malformed(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return "malformed JSON: " + e.getOriginalMessage() + (at == null ? "" : " at column " + at.getColumnNr());
    }

    public static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        switch (t) {
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return t.asString() == null ? t.name() : "'" + t.asString() + "'";
        }
    }
}
