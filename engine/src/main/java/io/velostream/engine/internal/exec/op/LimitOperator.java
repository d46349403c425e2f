package io.velostream.engine.internal.exec.op;

import io.velostream.engine.record.StreamRecord;

import java.util.List;

/** LIMIT n: caps the rows a job ever emits (docs/sql.md#select); once reached, the job needs no more input. */
public final class LimitOperator implements Operator {
    private final long limit;
    private long emitted;

    public LimitOperator(long limit) {
        this.limit = limit;
    }

    @Override
    public void process(List<StreamRecord> in, List<StreamRecord> out) {
        for (int i = 0, n = in.size(); i < n && emitted < limit; i++, emitted++) {
            out.add(in.get(i));
        }
    }

    @Override
    public boolean done() {
        return emitted >= limit;
    }
}
