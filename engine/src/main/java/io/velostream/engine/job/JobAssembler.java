package io.velostream.engine.job;

import io.velostream.engine.internal.exec.op.Chain;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.state.Changelog;
import io.velostream.engine.internal.exec.state.ChangelogStores;
import io.velostream.engine.internal.exec.state.StatefulOperator;
import io.velostream.engine.io.ChangelogTopic;
import io.velostream.engine.io.CommittableSource;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.DeadLetterQueue;
import io.velostream.engine.io.PartitionedSource;
import io.velostream.engine.io.SharingWriter;
import io.velostream.engine.io.TransactionalWriter;
import io.velostream.engine.io.WriterDeadLetters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Binds a planned job to its endpoints: the commit protocol its mode needs, its dead-letter queue
 * and the changelogs of its state stores, through what its readers and writer can do (the
 * {@code io} capabilities), never through what connector they come from (docs/kafka.md).
 */
public final class JobAssembler {
    private final String application;

    /** @param application the application's name, part of changelog topic names that must stay the same across restarts */
    public JobAssembler(String application) {
        this.application = application;
    }

    /**
     * The job with its commit protocol, dead-letter queue and state stores, or null when the queue's
     * own writer could not be opened ({@code dlqWriter} returned null and reported why).
     *
     * @param dlqWriter opens a writer of its own for the dead-letter queue, when the sink cannot carry it
     * @throws IllegalArgumentException when transactional mode meets endpoints that cannot commit together
     * @throws IOException              when a changelog cannot be opened or restored
     */
    public Job assemble(ProcessorContext ctx, List<Job.Input> inputs, DataWriter writer,
                        Supplier<DataWriter> dlqWriter) throws IOException {
        JobConfig config = ctx.config();
        List<DataReader> readers = inputs.stream().map(Job.Input::reader).toList();
        CommitProtocol protocol = config.mode() == ProcessingMode.TRANSACTIONAL
                ? transactional(inputs, writer, config.commitIntervalMillis())
                : new SimpleCommit(config.commitIntervalMillis());
        if (config.failureStrategy() == FailureStrategy.SEND_TO_DLQ) {
            DeadLetterQueue queue = deadLetters(config, writer, readers, dlqWriter);
            if (queue == null) {
                return null;
            }
            ctx.deadLetters(queue);
        }
        if (writer instanceof SharingWriter sharing) {
            persistState(ctx, inputs, sharing);
        }
        requireEveryPartition(inputs, state(inputs));
        return new Job(ctx, inputs, writer, protocol);
    }

    /**
     * No state is partitioned yet (one store holds every key), so a job with state is correct only when it reads every partition of
     * its inputs: when another instance takes some, it fails rather than give partial results
     * (docs/scaling.md#stateful-jobs-one-replica). The source checks on a rebalance, not per record.
     *
     * @param state what state the job keeps ({@code "groups"}, {@code "table t"}); null: none, nothing to require
     */
    public static void requireEveryPartition(List<Job.Input> inputs, String state) {
        if (state == null) {
            return;
        }
        for (Job.Input input : inputs) {
            if (input.reader() instanceof PartitionedSource source) {
                source.requireEveryPartition("the job's state (its " + state + ") is not partitioned yet and needs"
                        + " every record, so its results would be wrong: run one replica of a job with state until"
                        + " stateful scale-out lands (docs/scaling.md#stateful-jobs-one-replica)");
            }
        }
    }

    /** What state the operators of {@code inputs} keep, as the first stateful one names it, or null. */
    private static String state(List<Job.Input> inputs) {
        for (Job.Input input : inputs) {
            for (Operator o : Chain.flatten(input.operator())) {
                if (o instanceof StatefulOperator stateful) {
                    return stateful.stateKind();
                }
            }
        }
        return null;
    }

    private static CommitProtocol transactional(List<Job.Input> inputs, DataWriter writer, long intervalMillis) {
        if (!(writer instanceof TransactionalWriter sink)) {
            throw new IllegalArgumentException("transactional mode needs a sink that writes in transactions");
        }
        List<CommittableSource> sources = new ArrayList<>();
        for (Job.Input input : inputs) {
            if (!(input.reader() instanceof CommittableSource source) || !sink.canCommit(source)) {
                throw new IllegalArgumentException("transactional mode needs sources whose positions the sink can"
                        + " commit in its transactions: source '" + input.source() + "' is not one");
            }
            sources.add(source);
        }
        return new TransactionalCommit(sink, sources, intervalMillis);
    }

    /**
     * On the job's sink when it can carry the queue (flushed or committed with the output), else on
     * a writer of its own: one that carries queues (a Kafka producer), or any other (the test
     * driver's in-memory topics).
     */
    private static DeadLetterQueue deadLetters(JobConfig config, DataWriter writer, List<DataReader> readers,
                                               Supplier<DataWriter> dlqWriter) {
        if (writer instanceof SharingWriter sharing) {
            return sharing.deadLetters(config.dlqTopic(), config.name(), readers, false);
        }
        DataWriter own = dlqWriter.get();
        if (own == null) {
            return null;
        }
        return own instanceof SharingWriter sharing ? sharing.deadLetters(config.dlqTopic(), config.name(), readers, true)
                : new WriterDeadLetters(config.name(), own);
    }

    /**
     * The state of operators that can use a store goes to a compacted changelog per store,
     * {@code <application>-<job>-<store>-changelog}, written through the sink's producer and
     * restored now, before the first batch. Single instance: a store holds every partition's state.
     */
    private void persistState(ProcessorContext ctx, List<Job.Input> inputs, SharingWriter writer) throws IOException {
        ChangelogStores stores = new ChangelogStores(ctx.state(), store -> {
            try {
                return new TopicChangelog(writer.openChangelog(changelogTopic(ctx.config().name(), store)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            for (Job.Input input : inputs) {
                for (Operator o : Chain.flatten(input.operator())) {
                    if (o instanceof StatefulOperator stateful) {
                        stateful.useStore(stores);
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * The names of the stores of {@code chain}'s operators, unique within the job as
     * {@link ChangelogStores} makes them ({@code groups}, {@code watermark}, {@code windows}).
     *
     * @param opened the names taken by the job's other inputs so far
     */
    public static List<String> storeNames(Operator chain, Map<String, Integer> opened) {
        List<String> names = new ArrayList<>();
        for (Operator o : Chain.flatten(chain)) {
            if (o instanceof StatefulOperator stateful) {
                for (String name : stateful.storeNames()) {
                    names.add(ChangelogStores.unique(opened, name));
                }
            }
        }
        return names;
    }

    /** The compacted changelog topic of a job's store: {@code <application>-<job>-<store>-changelog}. */
    public String changelogTopic(String job, String store) {
        return application + "-" + job + "-" + store + "-changelog";
    }

    /** The state stores' changelog SPI over a connector's changelog topic. */
    private record TopicChangelog(ChangelogTopic topic) implements Changelog {
        @Override
        public void append(byte[] key, byte[] value) {
            topic.append(key, value);
        }

        @Override
        public void replay(BiConsumer<byte[], byte[]> record) {
            topic.replay(record);
        }
    }
}
