package io.velostream.engine.job;

import io.velostream.engine.internal.exec.op.Chain;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One query bound to its readers, its writer and the commit protocol of its mode. A UNION ALL
 * has one input per branch, all writing to the same sink.
 */
public record Job(ProcessorContext context, List<Input> inputs, DataWriter writer, CommitProtocol protocol) {
    /**
     * A source and the operators its records go through.
     *
     * @param tasks plans the query again for one task of its own, when its state is aligned with the
     *              source's partitions (docs/scaling.md#tasks); else null. Inputs with the same supplier
     *              (the two sides of a co-partitioned stream–stream join, one after the other) share their
     *              tasks: it gives a fresh chain for each of them, in their order, and the later ones read
     *              the partitions the first is assigned ({@link io.velostream.engine.io.PartitionedSource#readPartitionsOf})
     */
    public record Input(String source, DataReader reader, Operator operator, Supplier<List<Operator>> tasks) {
        /** An input that never runs as tasks. */
        public Input(String source, DataReader reader, Operator operator) {
            this(source, reader, operator, null);
        }
    }

    /** A job in simple (at-least-once) mode, committing per its {@code commit.interval}. */
    public Job(ProcessorContext context, List<Input> inputs, DataWriter writer) {
        this(context, inputs, writer, new SimpleCommit(context.config().commitIntervalMillis()));
    }

    public String name() {
        return context.config().name();
    }

    /** Readings of the job's state size and watermark, for meters. */
    public JobGauges gauges() {
        return new JobGauges(operators());
    }

    /** Every operator of every input, chains flattened, each once (a join's inputs share the operators after it). */
    public List<Operator> operators() {
        Set<Operator> all = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Input input : inputs) {
            all.addAll(Chain.flatten(input.operator()));
        }
        return List.copyOf(all);
    }
}
