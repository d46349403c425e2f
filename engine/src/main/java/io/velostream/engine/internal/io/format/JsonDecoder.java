package io.velostream.engine.internal.io.format;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;

import java.io.IOException;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes JSON objects into the slots of an open {@link Schema}, adding a field the first time it
 * appears (docs/formats.md#json): integers → Long (beyond long range → Decimal), numbers with a fraction → Decimal
 * exactly as written, exponent form → Double, arrays → List, objects → LinkedHashMap.
 *
 * <p>One decoder per reader thread: it keeps scratch state between records.
 */
public final class JsonDecoder {
    /** The values of an object with none of the decoded fields: empty, so shared (no record writes its values). */
    private static final Object[] NONE = new Object[0];
    private final Schema schema;
    private Object[] scratch = new Object[16];
    /*
     * The field name and slot last seen at each position within an object. Jackson interns field
     * names, so for records of a regular shape an identity check replaces the schema's hash lookup.
     */
    private String[] lastNames = new String[16];
    private int[] lastSlots = new int[16];
    /** Fields of slots at or above this are tokenized (so a malformed value still fails) but not built. */
    private int decodedSlots = Integer.MAX_VALUE;

    /** @param schema an open schema that grows with the fields found; owned by the calling reader */
    public JsonDecoder(Schema schema) {
        if (schema.isClosed()) {
            throw new IllegalArgumentException("JSON decoding needs an open schema");
        }
        this.schema = schema;
    }

    public Schema schema() {
        return schema;
    }

    /**
     * From now on builds only the values of slots below {@code slots}, the ones a job reads
     * (docs/kafka.md#lazy-decoding): the other fields are skipped token by token, which checks that
     * they are well-formed JSON without making Strings, numbers, lists or maps of them.
     */
    public void decodeOnly(int slots) {
        decodedSlots = slots;
    }

    /**
     * Reads the object the parser is positioned on ({@link JsonToken#START_OBJECT}) up to its
     * {@link JsonToken#END_OBJECT}.
     *
     * @return the values by slot, as wide as the highest slot present (missing slots read as NULL)
     */
    public Object[] decodeObject(JsonParser p) throws IOException {
        int width = 0;
        try {
            int position = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                int slot = slotOf(p.currentName(), position++);
                JsonToken value = p.nextToken();
                if (slot >= decodedSlots) {
                    p.skipChildren();
                    continue;
                }
                if (slot >= scratch.length) {
                    scratch = Arrays.copyOf(scratch, Math.max(slot + 1, scratch.length * 2));
                }
                scratch[slot] = readValue(p, value);
                width = Math.max(width, slot + 1);
            }
            return width == 0 ? NONE : Arrays.copyOf(scratch, width);
        } finally {
            // Also on a parse error, so no value leaks into the next record.
            Arrays.fill(scratch, 0, width, null);
        }
    }

    private int slotOf(String name, int position) {
        if (position < lastNames.length && lastNames[position] == name) {
            return lastSlots[position];
        }
        int slot = schema.add(name, SqlType.ANY);
        if (position >= lastNames.length) {
            lastNames = Arrays.copyOf(lastNames, position * 2);
            lastSlots = Arrays.copyOf(lastSlots, position * 2);
        }
        lastNames[position] = name;
        lastSlots[position] = slot;
        return slot;
    }

    /**
     * The value starting with token {@code t}, the one the parser just returned, consuming nested
     * arrays and objects. The token is passed rather than asked for again because a non-blocking
     * parser that runs out of input returns {@link JsonToken#NOT_AVAILABLE} but keeps its previous
     * current token: that is an error here, not a value.
     */
    public static Object readValue(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? Decimal.parse(p.getText()) : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return readFraction(p);
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken e; (e = p.nextToken()) != JsonToken.END_ARRAY; ) {
                    list.add(readValue(p, e));
                }
                return list;
            }
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    map.put(key, readValue(p, p.nextToken()));
                }
                return map;
            }
            default:
                throw new JsonParseException(p, "unexpected token " + t);
        }
    }

    /**
     * From the number's text, so {@code 449.98} stays exact and {@code 2.50} keeps scale 2; read
     * in place from the parser's buffer, as a String per number would cost one per record.
     */
    private static Object readFraction(JsonParser p) throws IOException {
        char[] text = p.getTextCharacters();
        int off = p.getTextOffset();
        int len = p.getTextLength();
        for (int i = off + len - 1; i >= off; i--) {
            char c = text[i];
            if (c == 'e' || c == 'E') {
                return p.getDoubleValue();
            }
        }
        return Decimal.parse(CharBuffer.wrap(text, off, len));
    }
}
