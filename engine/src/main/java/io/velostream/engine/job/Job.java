package io.velostream.engine.job;

import io.velostream.engine.exec.op.Operator;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;

import java.util.List;

/**
 * One query bound to its readers, its writer and the commit protocol of its mode. A UNION ALL
 * has one input per branch, all writing to the same sink.
 */
public record Job(ProcessorContext context, List<Input> inputs, DataWriter writer, CommitProtocol protocol) {
    /** A source and the operators its records go through. */
    public record Input(String source, DataReader reader, Operator operator) {
    }

    /** A job in simple (at-least-once) mode. */
    public Job(ProcessorContext context, List<Input> inputs, DataWriter writer) {
        this(context, inputs, writer, SimpleCommit.INSTANCE);
    }

    public String name() {
        return context.config().name();
    }
}
