package io.velostream.engine.internal.io.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.record.RecordErrorHandler;
import io.velostream.engine.record.StreamRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A bounded source of the objects of one top-level JSON array, streamed element by element. A
 * record's offset is its 1-based element index. An element that is not an object is a record
 * error and skipped; malformed JSON is a record error that ends the input, because a streaming
 * parser cannot find the next element after a syntax error.
 */
final class JsonArrayReader extends JsonFileReader {
    private final JsonParser parser;
    /** The token after the last element read: the next element's first token, or END_ARRAY. */
    private JsonToken next;
    private long index;

    /** @param parser positioned before the array's START_ARRAY */
    JsonArrayReader(EndpointSpec spec, Path path, JsonParser parser, RecordErrorHandler errors) throws IOException {
        super(spec, path, errors);
        this.parser = parser;
        parser.nextToken();
        this.next = advance();
    }

    @Override
    boolean read(List<StreamRecord> batch, int max) throws IOException {
        long now = System.currentTimeMillis();
        for (int added = 0; added < max && hasNext(); ) {
            index++;
            long line = parser.currentTokenLocation().getLineNr();
            if (next == JsonToken.START_OBJECT) {
                Object[] values = decode(line);
                if (values == null) {
                    return false;
                }
                batch.add(record(schema, values, now, index));
                added++;
            } else {
                error(line, "expected a JSON object as array element " + index + " but found "
                        + JsonSources.describe(next), null, null);
                skip(line);
                if (next == null) {
                    return false;
                }
            }
            next = advance();
        }
        return hasNext();
    }

    private boolean hasNext() {
        return next != null && next != JsonToken.END_ARRAY;
    }

    /** The decoded object, or null after a syntax error (reported; the input then ends). */
    private Object[] decode(long line) throws IOException {
        try {
            return decoder.decodeObject(parser);
        } catch (JsonProcessingException e) {
            fail(line, e);
            return null;
        }
    }

    private void skip(long line) throws IOException {
        try {
            parser.skipChildren();
        } catch (JsonProcessingException e) {
            fail(line, e);
        }
    }

    private JsonToken advance() throws IOException {
        try {
            return parser.nextToken();
        } catch (JsonProcessingException e) {
            fail(parser.currentLocation().getLineNr(), e);
            return null;
        }
    }

    private void fail(long line, JsonProcessingException e) {
        next = null;
        error(e.getLocation() != null ? e.getLocation().getLineNr() : line, JsonSources.malformed(e), null, e);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
