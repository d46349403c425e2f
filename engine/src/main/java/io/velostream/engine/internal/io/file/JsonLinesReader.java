package io.velostream.engine.internal.io.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.internal.io.format.Json;
import io.velostream.engine.internal.io.format.JsonDecoder;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.List;

/**
 * A bounded source of one JSON object per line. Each line gets its own parser over the reused
 * line buffer, so a malformed line is reported and the next line reads normally. Blank lines are
 * skipped; a record's offset is its line number.
 */
final class JsonLinesReader extends FileReaderBase {
    private final LineReader lines;
    private final JsonDecoder decoder = new JsonDecoder(Schema.open());

    JsonLinesReader(EndpointSpec spec, Path path, Reader in) {
        super(spec, path);
        this.lines = new LineReader(in);
    }

    @Override
    public Schema schema() {
        return decoder.schema();
    }

    @Override
    public boolean read(List<StreamRecord> batch, int max) throws IOException {
        long now = System.currentTimeMillis();
        for (int added = 0; added < max; ) {
            if (!lines.next()) {
                return false;
            }
            if (lines.isBlank()) {
                continue;
            }
            long line = lines.lineNumber();
            try (JsonParser p = Json.FACTORY.createParser(lines.chars(), 0, lines.length())) {
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
                batch.add(record(decoder.schema(), values, now, line));
                added++;
            } catch (JsonProcessingException e) {
                error(line, JsonSources.malformed(e), lines.text(), e);
            }
        }
        return !lines.atEnd();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
