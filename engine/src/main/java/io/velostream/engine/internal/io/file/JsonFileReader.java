package io.velostream.engine.internal.io.file;

import io.velostream.engine.internal.io.format.JsonDecoder;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.record.RecordErrorHandler;
import io.velostream.engine.record.Schema;

import java.nio.file.Path;

/**
 * A JSON file source: its columns are learnt while reading, into the decoder's own schema on the
 * read-ahead thread; {@link #schema()} is the job's copy, grown on the job's thread (docs/formats.md).
 */
abstract class JsonFileReader extends FileReaderBase {
    final Schema schema = Schema.open();
    final JsonDecoder decoder = new JsonDecoder(Schema.open());

    JsonFileReader(EndpointSpec spec, Path path, RecordErrorHandler errors) {
        super(spec, path, errors);
    }

    @Override
    final Schema schema() {
        return schema;
    }

    @Override
    final Schema decodingSchema() {
        return decoder.schema();
    }
}
