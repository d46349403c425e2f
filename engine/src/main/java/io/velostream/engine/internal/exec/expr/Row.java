package io.velostream.engine.internal.exec.expr;

import io.velostream.engine.record.Headers;
import io.velostream.engine.record.StreamRecord;

/**
 * What an expression reads while one record is evaluated: the input record, the output values
 * computed so far (so a later select item can use an earlier alias) and the output headers
 * (changed by SET_HEADER/REMOVE_HEADER, copy on write). One instance per operator, reused for
 * every record, so evaluation allocates nothing of its own.
 */
public final class Row {
    public StreamRecord in;
    public Object[] out;
    public Headers headers;
    /** Division or modulo by zero and similar: counted, the value is NULL (docs/sql.md#types-literals-and-arithmetic). */
    public long warnings;

    public void reset(StreamRecord record, Object[] outValues) {
        this.in = record;
        this.out = outValues;
        this.headers = record.headers();
    }
}
