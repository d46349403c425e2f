package io.velostream.engine.job;

import io.velostream.engine.internal.exec.op.Chain;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.state.ChangelogStores;
import io.velostream.engine.internal.exec.state.QueryableState;
import io.velostream.engine.internal.exec.state.StateStores;
import io.velostream.engine.internal.exec.state.StatefulOperator;
import io.velostream.engine.internal.exec.state.StoreFactory;
import io.velostream.engine.internal.exec.state.StoreProvider;
import io.velostream.engine.internal.exec.state.rocksdb.RocksDbStores;
import io.velostream.engine.io.CommittableSource;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.DeadLetterQueue;
import io.velostream.engine.io.PartitionedSource;
import io.velostream.engine.io.SharingWriter;
import io.velostream.engine.io.TaskOwners;
import io.velostream.engine.io.TransactionalWriter;
import io.velostream.engine.io.WriterDeadLetters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
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
        List<Job.Input> assembled = writer instanceof SharingWriter sharing ? persistState(ctx, inputs, sharing) : inputs;
        String state = state(assembled);
        requireShareable(config, assembled, state);
        requireEveryPartition(assembled, state);
        return new Job(ctx, assembled, writer, protocol);
    }

    /**
     * Threads of a job split its input as replicas do (docs/scaling.md#threads): each reads the partitions the
     * consumer group gives it. A job that could not run on replicas cannot run on threads either — rejected
     * here, at startup, rather than failing on its first partial assignment.
     */
    private static void requireShareable(JobConfig config, List<Job.Input> inputs, String state) {
        if (config.threads() == 1) {
            return;
        }
        for (Job.Input input : inputs) {
            if (!(input.reader() instanceof PartitionedSource) || input.reader().isBounded()) {
                throw new IllegalArgumentException("'threads' = " + config.threads() + " needs sources whose"
                        + " partitions the threads share (unbounded Kafka sources): each thread would read all of '"
                        + input.source() + "' (docs/scaling.md#threads)");
            }
            if (state != null && !TaskRouter.routes(input.operator())) {
                throw new IllegalArgumentException("'threads' = " + config.threads() + " needs a job that is"
                        + " stateless or whose state runs as tasks, but this job's state (its " + state + ") is not"
                        + " partitioned by the input's partitions and needs every record: run it with one thread"
                        + " (docs/scaling.md#stateful-jobs-one-replica)");
            }
        }
    }

    /**
     * State that does not run as tasks is not partitioned (one store holds every key), so such a job is
     * correct only when it reads every partition of its inputs: when another instance takes some, it
     * fails rather than give partial results
     * (docs/scaling.md#stateful-jobs-one-replica). The source checks on a rebalance, not per record.
     *
     * An input that runs as tasks has its state partitioned and needs no more than its share.
     *
     * @param state what state the job keeps ({@code "groups"}, {@code "table t"}); null: none, nothing to require
     */
    public static void requireEveryPartition(List<Job.Input> inputs, String state) {
        if (state == null) {
            return;
        }
        for (Job.Input input : inputs) {
            if (input.reader() instanceof PartitionedSource source && !TaskRouter.routes(input.operator())) {
                source.requireEveryPartition("the job's state (its " + state + ") is not partitioned by the input's"
                        + " partitions and needs every record, so its results would be wrong: run one replica of a job"
                        + " with state that does not run as tasks (docs/scaling.md#stateful-jobs-one-replica)");
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
     * {@code <application>-<job>-<store>-changelog}, written through the sink's producer. An input
     * that runs as tasks ({@link #runsAsTasks}) has changelogs with a partition per input partition
     * and each task restores its own when it opens (docs/scaling.md#tasks). Any other input's stores
     * are restored now, before the first batch, from a changelog of one partition: one store holds
     * every partition's keys.
     *
     * <p>Inputs that share their tasks (a co-partitioned stream–stream join, docs/scaling.md#co-partitioned-joins)
     * share one router; the later ones read the partitions the first is assigned, and their stores'
     * changelogs have a partition per task too.
     *
     * @return the inputs, those that run as tasks with a {@link TaskRouter} (or one of its sides) for operator
     */
    private List<Job.Input> persistState(ProcessorContext ctx, List<Job.Input> inputs, SharingWriter writer)
            throws IOException {
        List<Job.Input> assembled = new ArrayList<>();
        ctx.closeWithJob(ctx.state()); // a persistent store's files are released for the next run
        Map<String, Integer> opened = new HashMap<>(); // store names, unique across the job's inputs
        for (int i = 0; i < inputs.size(); ) {
            Job.Input first = inputs.get(i);
            int end = i + 1;
            while (end < inputs.size() && first.tasks() != null && inputs.get(end).tasks() == first.tasks()) {
                end++;
            }
            List<Job.Input> group = inputs.subList(i, end);
            i = end;
            Map<String, Integer> groupBefore = Map.copyOf(opened);
            List<TaskRouter.TaskState> states = new ArrayList<>();
            boolean tasks = group.size() > 1 ? group.stream().allMatch(in -> runsAsTasks(in) && !in.reader().isBounded())
                    : runsAsTasks(first) && !storeNames(first.operator(), new HashMap<>(opened)).isEmpty();
            int partitions = tasks ? ((PartitionedSource) first.reader()).partitionCount() : 1;
            for (int k = 1; tasks && k < group.size(); k++) {
                // Before any changelog is made: a partition count that differs is a startup error.
                ((PartitionedSource) group.get(k).reader()).readPartitionsOf((PartitionedSource) first.reader());
            }
            for (Job.Input input : group) {
                Map<String, Integer> before = Map.copyOf(opened);
                StoreChangelogs changelogs = new StoreChangelogs(writer, store -> changelogTopic(ctx.config().name(), store),
                        partitions, ctx);
                for (String name : storeNames(input.operator(), opened)) {
                    changelogs.topic(name); // created or checked now: a mismatch is a startup error
                }
                if (tasks) {
                    states.add((chain, taskStores, p) -> useStores(chain, before, taskStores, changelogs, p, factory(ctx, p)));
                } else {
                    useStores(input.operator(), before, ctx.state(), changelogs, 0, factory(ctx, 0));
                    Operator[] operators = Chain.flatten(input.operator()).toArray(new Operator[0]);
                    queryable(ctx, input.operator(), before, key -> 0, 1, p -> operators, null);
                    assembled.add(input);
                }
            }
            if (tasks) {
                TaskRouter router = new TaskRouter(first.tasks(), first.operator(), states, ctx.state(), ctx.metrics());
                PartitionedSource leader = (PartitionedSource) first.reader();
                assembled.add(new Job.Input(first.source(), leader, router));
                for (int k = 1; k < group.size(); k++) {
                    assembled.add(new Job.Input(group.get(k).source(), group.get(k).reader(), router.side(k)));
                }
                leader.onAssignment(router);
                if (group.size() == 1) { // a join's buffers are not queryable (docs/scaling.md#interactive-queries)
                    queryable(ctx, first.operator(), groupBefore, key -> leader.partitionOf(key, partitions), partitions,
                            router::operators, leader.owners());
                }
            }
        }
        return assembled;
    }

    /**
     * State aligned with partitions, read from a source whose partitions the instances share: the
     * compiler planned the input for tasks ({@link Job.Input#tasks()}), and all state is changelogged,
     * so it moves with its partition from one instance to another.
     */
    private static boolean runsAsTasks(Job.Input input) {
        return input.tasks() != null && input.reader() instanceof PartitionedSource;
    }

    /**
     * Gives the stateful operators of {@code chain} stores over changelog partition {@code partition},
     * named as {@link #storeNames} names them.
     *
     * @param before the store names taken by the job's earlier inputs
     */
    private static void useStores(Operator chain, Map<String, Integer> before, StateStores registry,
                                  StoreChangelogs changelogs, int partition, StoreFactory factory) {
        StoreProvider stores = new ChangelogStores(registry, name -> changelogs.partition(name, partition), before,
                factory);
        for (Operator o : Chain.flatten(chain)) {
            if (o instanceof StatefulOperator stateful) {
                stateful.useStore(stores);
            }
        }
    }

    /**
     * The stores of task {@code partition} (0 for an input that does not run as tasks): in memory, or in
     * RocksDB under {@code <state.dir>/<application>/<job>/<partition>} (docs/scaling.md#stores).
     */
    private StoreFactory factory(ProcessorContext ctx, int partition) {
        StateSettings state = ctx.config().state();
        return state.store() == StateSettings.Store.MEMORY ? StoreFactory.MEMORY
                : new RocksDbStores(state.taskDir(application, ctx.config().name(), partition), state.cacheMaxBytes());
    }

    /**
     * Offers the stores of {@code chain}'s operators that can be read by key to interactive queries, under their
     * store names (docs/scaling.md#interactive-queries).
     */
    private static void queryable(ProcessorContext ctx, Operator chain, Map<String, Integer> before,
                                  ToIntFunction<String> partitioner, int partitions, IntFunction<Operator[]> tasks,
                                  TaskOwners owners) {
        Map<String, Integer> opened = new HashMap<>(before);
        List<Operator> operators = Chain.flatten(chain);
        for (int i = 0; i < operators.size(); i++) {
            if (operators.get(i) instanceof StatefulOperator stateful) {
                List<String> names = stateful.storeNames().stream().map(n -> ChangelogStores.unique(opened, n)).toList();
                if (stateful instanceof QueryableState state) {
                    ctx.queries().add(names.get(0), new StateQueries.Store(i, state.keyTypes(), state.recordKeyPart(),
                            partitioner, partitions, tasks, owners));
                }
            }
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

}
