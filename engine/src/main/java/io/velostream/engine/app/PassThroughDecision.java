package io.velostream.engine.app;

import io.velostream.engine.internal.exec.op.Chain;
import io.velostream.engine.internal.exec.op.EventTimeOperator;
import io.velostream.engine.internal.exec.op.LimitOperator;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.op.SelectOperator;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.io.PassThroughSink;
import io.velostream.engine.io.PassThroughSource;
import io.velostream.engine.job.Job;

import java.util.List;

/**
 * Raw pass-through (docs/kafka.md#raw-pass-through), decided once when a job is compiled: when
 * every input only filters its records ({@code SELECT *} or the source's columns in order, an
 * optional WHERE, LIMIT) and the sink accepts every endpoint read, the readers keep each record's
 * original bytes and the sink writes them instead of encoding. Records the job changes carry no
 * original value (StreamRecord#origin), so they are encoded whatever is decided here.
 */
final class PassThroughDecision {
    private PassThroughDecision() {
    }

    /** @return true when the job's records are written as read */
    static boolean apply(DataWriter writer, List<Job.Input> inputs, List<EndpointSpec> read) {
        if (!(writer instanceof PassThroughSink sink) || inputs.isEmpty()) {
            return false;
        }
        for (Job.Input input : inputs) {
            if (!(input.reader() instanceof PassThroughSource) || input.tasks() != null || !forwardsRecords(input.operator())) {
                return false;
            }
        }
        if (!sink.writeOriginals(read)) {
            return false;
        }
        // Every column the job reads has a slot by now: a query resolves its names when it is planned, and a
        // schema learnt while reading (JSON) gives a new name the next slot. So the slots below the schema's
        // size are all the job reads, and a field first seen later is only carried, in the original bytes.
        inputs.forEach(i -> ((PassThroughSource) i.reader()).keepOriginals(i.reader().schema().size()));
        return true;
    }

    /**
     * True when {@code operator} outputs some of its input records, each unchanged but for its key
     * or event time. Not DISTINCT or ORDER BY: they would hold the records, and with them their
     * original bytes.
     */
    static boolean forwardsRecords(Operator operator) {
        if (operator == null) {
            return false;
        }
        for (Operator o : Chain.flatten(operator)) {
            if (!(o instanceof SelectOperator s && s.passesRecords()) && !(o instanceof EventTimeOperator)
                    && !(o instanceof LimitOperator)) {
                return false;
            }
        }
        return true;
    }
}
