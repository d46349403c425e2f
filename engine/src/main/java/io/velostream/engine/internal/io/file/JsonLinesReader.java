package io.velostream.engine.internal.io.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.internal.io.format.Json;
import io.velostream.engine.record.RecordErrorHandler;
import io.velostream.engine.record.StreamRecord;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A bounded source of one JSON object per line; a malformed line is reported and the next line
 * reads normally. Blank lines are skipped; a record's offset is its line number.
 *
 * <p>Well-formed ASCII lines are fed, one after the other, to one non-blocking parser: building a
 * parser per line cost more than parsing the line (docs/benchmarks.md#file--file-the-command-line).
 * A line that parser does not read as exactly one whole object (malformed, not an object, spread
 * over lines, anything after the object) is read again by a parser of its own, which reports it as
 * before, and the next line gets a fresh shared parser. That per-line parser reads an ASCII line
 * from its bytes and any other line from its decoded text, so malformed UTF-8 reads as U+FFFD and
 * error columns count characters, exactly as a decoding reader gives them.
 */
final class JsonLinesReader extends JsonFileReader {
    private final Utf8LineReader lines;
    /** The parser fed line after line; null after a line it could not read whole. */
    private JsonParser shared;
    private ByteArrayFeeder feeder;

    JsonLinesReader(EndpointSpec spec, Path path, InputStream in, RecordErrorHandler errors) {
        super(spec, path, errors);
        this.lines = new Utf8LineReader(in);
    }

    @Override
    boolean read(List<StreamRecord> batch, int max) throws IOException {
        long now = System.currentTimeMillis();
        for (int added = 0; added < max; ) {
            if (!lines.next()) {
                return false;
            }
            if (lines.isBlank()) {
                continue;
            }
            long line = lines.lineNumber();
            Object[] whole = lines.isAscii() ? readShared() : null;
            if (whole != null) {
                batch.add(record(schema, whole, now, line));
                added++;
                continue;
            }
            try (JsonParser p = parser()) {
                JsonToken first = p.nextToken();
                if (first != JsonToken.START_OBJECT) {
                    error(line, "expected a JSON object but found " + JsonSources.describe(first), lines.text(), null);
                    continue;
                }
                Object[] values = decoder.decodeObject(p);
                if (p.nextToken() != null) {
                    error(line, "unexpected content after the JSON object at column "
                            + p.currentTokenLocation().getColumnNr(), lines.text(), null);
                    continue;
                }
                batch.add(record(schema, values, now, line));
                added++;
            } catch (JsonProcessingException e) {
                error(line, JsonSources.malformed(e), lines.text(), e);
            }
        }
        return !lines.atEnd();
    }

    /**
     * The line's values when the shared parser reads it as one whole object and nothing else;
     * otherwise null, with the parser dropped (its state is then mid-value).
     */
    private Object[] readShared() throws IOException {
        if (shared == null) {
            shared = Json.FACTORY.createNonBlockingByteArrayParser();
            feeder = (ByteArrayFeeder) shared.getNonBlockingInputFeeder();
        }
        feeder.feedInput(lines.bytes(), lines.offset(),
                lines.offset() + lines.length());
        try {
            if (shared.nextToken() == JsonToken.START_OBJECT) {
                Object[] values = decoder.decodeObject(shared);
                // Back at the top level (the decoder also stops at NOT_AVAILABLE), and the object ended with the
                // line's last byte: the parser is ready for the next line.
                if (shared.getParsingContext().inRoot() && feeder.needMoreInput()) {
                    return values;
                }
            }
        } catch (JsonProcessingException e) {
            // read again on its own below, which reports it
        }
        shared.close();
        shared = null;
        return null;
    }

    private JsonParser parser() throws IOException {
        byte[] b = lines.bytes();
        int off = lines.offset();
        int len = lines.length();
        // Jackson guesses UTF-16/32 from zero bytes among the first four; a file is UTF-8.
        boolean zeroAhead = false;
        for (int i = off, end = off + Math.min(len, 4); i < end; i++) {
            zeroAhead |= b[i] == 0;
        }
        if (lines.isAscii() && !zeroAhead) {
            return Json.FACTORY.createParser(b, off, len);
        }
        char[] chars = lines.text().toCharArray();
        return Json.FACTORY.createParser(chars, 0, chars.length);
    }

    @Override
    public void close() throws IOException {
        if (shared != null) {
            shared.close();
        }
        lines.close();
    }
}
