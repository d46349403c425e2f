package io.velostream.engine.internal.exec.op;

import io.velostream.engine.internal.exec.time.EventTimeExtractor;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.RecordErrorHandler;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.ValueException;

import java.util.List;

/**
 * Sets each record's event time from a payload field. A record whose field is NULL or unreadable
 * goes to the job's failure strategy and is skipped: a record without an event time cannot be
 * windowed.
 */
public final class EventTimeOperator implements Operator {
    private final EventTimeExtractor extractor;
    private final RecordErrorHandler errors;

    public EventTimeOperator(EventTimeExtractor extractor, RecordErrorHandler errors) {
        this.extractor = extractor;
        this.errors = errors;
    }

    @Override
    public void process(List<StreamRecord> in, List<StreamRecord> out) {
        for (int i = 0, n = in.size(); i < n; i++) {
            StreamRecord r = in.get(i);
            long t;
            try {
                t = extractor.extract(r);
            } catch (ValueException e) {
                errors.onError(RecordError.eval(r, e));
                continue;
            }
            // Same time, same record: no copy.
            out.add(t == r.eventTime() ? r : r.withEventTime(t));
        }
    }
}
