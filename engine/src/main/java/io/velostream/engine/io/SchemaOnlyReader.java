package io.velostream.engine.io;

import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;

import java.util.List;

/** Stands in for a source while checking: it has a schema and is never read. */
public final class SchemaOnlyReader implements DataReader {
    private final Schema schema;

    public SchemaOnlyReader(Schema schema) {
        this.schema = schema;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public boolean isBounded() {
        return true;
    }

    @Override
    public boolean read(List<StreamRecord> batch, int max) {
        throw new IllegalStateException("a source opened to check a statement is not read");
    }

    @Override
    public void close() {
    }
}
