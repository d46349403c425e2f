package io.velostream.engine.app;

import io.velostream.engine.internal.exec.op.Chain;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.join.TableStore;
import io.velostream.engine.internal.exec.state.StatefulOperator;
import io.velostream.engine.internal.sql.compile.ExpressionCompiler;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.EndpointOptions;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.io.PartitionedSource;
import io.velostream.engine.io.SchemaOnlyReader;
import io.velostream.engine.io.WriteBehindSink;
import io.velostream.engine.io.kafka.KafkaConnectors;
import io.velostream.engine.job.FailureStrategy;
import io.velostream.engine.job.Job;
import io.velostream.engine.job.JobAssembler;
import io.velostream.engine.job.JobConfig;
import io.velostream.engine.job.JobSettings;
import io.velostream.engine.job.ProcessingMode;
import io.velostream.engine.job.ProcessorContext;
import io.velostream.engine.sql.Diagnostics;
import io.velostream.engine.internal.sql.ast.Expr;
import io.velostream.engine.internal.sql.ast.Position;
import io.velostream.engine.internal.sql.ast.Query;
import io.velostream.engine.internal.sql.ast.Statement;
import io.velostream.engine.internal.sql.plan.QueryPlanner;
import io.velostream.engine.internal.sql.plan.Repartition;
import io.velostream.engine.record.Schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Compiles the statements of one application, in order, into jobs: the job's settings
 * ({@link JobSettings}), its endpoints ({@link Endpoints}), its query plan, its tables
 * ({@link Tables}), then the job bound to its endpoints ({@link JobAssembler}). When only checking,
 * sinks are not opened and no job is made.
 */
final class StatementCompiler {
    private final ApplicationCompiler compiler;
    private final ApplicationCompiler.Options options;
    private final Diagnostics diagnostics;
    private final boolean checkOnly;
    private final String application;
    private final Endpoints endpoints;
    private final OpenedEndpoints opened;
    private final Tables tables;
    private final JobAssembler assembler;
    /** Job names taken so far. */
    private final Set<String> jobNames = new LinkedHashSet<>();
    /** The jobs so far, in run order (a repartition before its aggregation). */
    final List<CompiledApplication.JobStatement> jobs = new ArrayList<>();
    /** The names of the jobs among them that are repartitions (docs/scaling.md#repartition). */
    final Set<String> repartitions = new LinkedHashSet<>();
    /** When checking, what each job would do, in file order ({@link CompiledApplication#explain()}). */
    final List<JobPlan> plans = new ArrayList<>();

    StatementCompiler(ApplicationCompiler compiler, ApplicationCompiler.Options options, Diagnostics diagnostics,
                      boolean checkOnly, String application) {
        this.compiler = compiler;
        this.options = options;
        this.diagnostics = diagnostics;
        this.checkOnly = checkOnly;
        this.application = application;
        this.endpoints = new Endpoints(options, diagnostics);
        this.opened = new OpenedEndpoints(compiler.connectors(), diagnostics);
        this.tables = new Tables(diagnostics, endpoints, opened, checkOnly);
        this.assembler = new JobAssembler(application);
    }

    /**
     * The next statement's jobs for running, each compiled when asked for (so a service knows which
     * job opens which endpoints); a job's endpoints belong to it from then on.
     */
    List<IntFunction<Job>> compileOrThrow(Statement st) {
        List<IntFunction<Job>> jobs = new ArrayList<>();
        for (IntFunction<Job> compile : compile(st)) {
            jobs.add(thread -> {
                Job job = compile.apply(thread);
                if (diagnostics.hasErrors()) {
                    closeAll();
                    diagnostics.throwIfErrors();
                }
                opened.handOver();
                return job;
            });
        }
        return jobs;
    }

    /**
     * The statement's jobs, in run order, each compiled when asked for: one, or two when its GROUP BY, DISTINCT or OVER
     * is split by a repartition topic (docs/scaling.md#repartition). A job is null when the
     * statement has errors or only checking. Each is compiled for a processing thread of the instance,
     * numbered from 1 (docs/scaling.md#threads); compiled again for another, it is another copy of the job.
     */
    List<IntFunction<Job>> compile(Statement st) {
        tables.nextJob();
        Map<String, String> ann = annotations(st);
        List<Query.Select> branches = st.query() instanceof Query.UnionAll u ? u.branches()
                : List.of((Query.Select) st.query());
        String name = jobName(st, ann, branches.get(0));
        List<Statement> stages = repartitionStages(st, name, branches);
        if (stages == null || stages.isEmpty()) {
            jobs.add(new CompiledApplication.JobStatement(name, st.text(), st.target() == null ? "stdout" : st.target()));
            return List.of(thread -> {
                if (stages != null) {
                    return null;
                }
                // Each copy of the job (docs/scaling.md#threads) loads and follows tables of its own, on its own thread.
                tables.nextJob();
                return tables.following(compileQuery(st, ann, name, name, thread));
            });
        }
        List<IntFunction<Job>> compiled = new ArrayList<>();
        for (int i = 0; i < stages.size() - 1; i++) { // the stages 1: one, or one per side of a join
            Statement first = stages.get(i);
            String firstName = Repartitions.stage1Name(name) + (i == 0 ? "" : "-" + i);
            if (!jobNames.add(firstName)) {
                diagnostics.error(st.pos(), "job name '" + firstName + "' of the repartition of job " + name
                        + " is already used by another statement");
            }
            jobs.add(new CompiledApplication.JobStatement(firstName, st.text(), first.target()));
            repartitions.add(firstName);
            compiled.add(thread -> compileQuery(first, settingsAnnotations(first), firstName, name, thread));
        }
        jobs.add(new CompiledApplication.JobStatement(name, st.text(), st.target() == null ? "stdout" : st.target()));
        Statement last = stages.get(stages.size() - 1);
        compiled.add(thread -> compileQuery(last, ann, name, name, thread));
        return compiled;
    }

    void closeAll() {
        opened.closeAll();
    }

    /**
     * The statement as a repartition and an aggregation ({@link Repartitions}), or null when it runs
     * as one job, or empty when finding out failed (the error is reported).
     */
    private List<Statement> repartitionStages(Statement st, String name, List<Query.Select> branches) {
        if (st.kind() == Statement.Kind.CREATE_TABLE || branches.size() != 1) {
            return null;
        }
        Query.Select select = branches.get(0);
        Map<String, String> with = st.with() == null ? Map.of() : st.with();
        Map<String, String> jobKeys = endpoints.jobKeys(name, with, Endpoints.names(st, branches, with, compiler.connectors().types()));
        if (Repartition.isJoinCandidate(select)) {
            return joinStages(st, name, select, with, jobKeys);
        }
        if (!Repartition.isCandidate(select) || Repartition.keyedByKey(select)) {
            return null;
        }
        EndpointSpec source = stream(select.from(), with, jobKeys);
        if (source == null || EndpointOptions.flag(source, KafkaConnectors.KEYED_BY_GROUP, false)) {
            return null; // a keyed one is aligned already
        }
        Schema[] schema = new Schema[1];
        int partitions = partitionCount(select.from(), source, schema);
        if (partitions < 0) {
            return List.of();
        }
        String whyNot = Repartition.whyNot(select, schema[0], this::isAggregate);
        if (whyNot != null) {
            notRepartitioned(st, name, whyNot);
            return null;
        }
        return partitions <= 1 ? null : new Repartitions(application, name, partitions)
                .stages(st, select, source, with, jobKeys, schema[0]);
    }

    /**
     * A stream–stream join whose sides are not co-partitioned on its key, split into a stage 1 per side that keys
     * its records by the join key and the join over both repartition topics, of one partition count: the larger
     * of the sides' (docs/scaling.md#co-partitioned-joins). Null when it runs as one job.
     */
    private List<Statement> joinStages(Statement st, String name, Query.Select select, Map<String, String> with,
                                       Map<String, String> jobKeys) {
        List<Query.Source> sides = List.of(select.from(), select.joins().get(0).right());
        List<EndpointSpec> specs = new ArrayList<>();
        int partitions = 0;
        for (Query.Source side : sides) {
            EndpointSpec spec = stream(side, with, jobKeys);
            if (spec == null || spec.options().containsKey("primary_key")) {
                return null; // a table, or a stream read whole or keyed already
            }
            specs.add(spec);
        }
        if (specs.stream().allMatch(s -> EndpointOptions.flag(s, KafkaConnectors.KEYED_BY_GROUP, false))) {
            return null; // co-partitioned as declared
        }
        String whyNot = Repartition.whyNotJoin(select);
        if (whyNot != null) {
            notRepartitioned(st, name, whyNot);
            return null;
        }
        for (int i = 0; i < 2; i++) {
            int count = partitionCount(sides.get(i), specs.get(i), new Schema[1]);
            if (count < 0) {
                return List.of();
            }
            partitions = Math.max(partitions, count);
        }
        return partitions <= 1 ? null : new Repartitions(application, name, partitions)
                .joinStages(st, select, specs, Repartition.joinKeys(select), with, jobKeys);
    }

    /** The source when it is an unbounded Kafka source (bounded: read whole by one instance), else null. */
    private EndpointSpec stream(Query.Source from, Map<String, String> with, Map<String, String> jobKeys) {
        if (!endpoints.isKafkaSource(from, with, jobKeys)) {
            return null;
        }
        EndpointSpec source = endpoints.source(from, with, jobKeys, error -> { });
        return source == null || EndpointOptions.flag(source, "bounded", false) ? null : source;
    }

    private void notRepartitioned(Statement st, String name, String why) {
        diagnostics.warning(st.pos(), "job " + name + " is not repartitioned, so it runs on one instance only"
                + " (docs/scaling.md#repartition): " + why);
    }

    /**
     * The source's partition count, asked of its broker, and its schema in {@code schema[0]}; -1 when that
     * failed (the error is reported).
     */
    private int partitionCount(Query.Source from, EndpointSpec source, Schema[] schema) {
        DataReader reader = opened.reader(from.pos(), source);
        if (reader == null) {
            return -1;
        }
        try {
            schema[0] = reader.schema();
            return reader instanceof PartitionedSource p ? p.partitionCount() : 1;
        } catch (IOException e) {
            diagnostics.error(from.pos(), e.getMessage());
            return -1;
        } finally {
            opened.forget(reader);
            try {
                reader.close();
            } catch (Exception ignored) {
                // only asked for its partitions: the job opens its own reader
            }
        }
    }

    /** The job-setting annotations of a statement made by the compiler, which has no others. */
    private static Map<String, String> settingsAnnotations(Statement st) {
        Map<String, String> ann = new LinkedHashMap<>();
        st.annotations().forEach(a -> ann.put(a.key().toLowerCase(Locale.ROOT), a.value()));
        return ann;
    }

    /**
     * @param name         the job's name
     * @param settingsName the job whose service settings ({@code velostream.jobs.<job>.*}) apply: its own
     *                     name, or for a repartition the aggregation's, so both stages run alike
     * @param thread       which of the job's processing threads this copy runs on, from 1
     */
    private Job compileQuery(Statement st, Map<String, String> ann, String name, String settingsName, int thread) {
        List<Query.Select> branches = st.query() instanceof Query.UnionAll u ? u.branches()
                : List.of((Query.Select) st.query());
        Map<String, String> with = st.with() == null ? Map.of() : st.with();
        Map<String, String> jobKeys = endpoints.jobKeys(settingsName, with, Endpoints.names(st, branches, with, compiler.connectors().types()));
        JobConfig config = config(st, name, ann, jobKeys, settingsName);
        if (config == null) {
            return null;
        }
        ProcessorContext ctx = new ProcessorContext(config);
        ExpressionCompiler expressions = compiler.expressionCompiler(diagnostics);
        QueryPlanner planner = new QueryPlanner(expressions, diagnostics, ctx.errors(), config.distinctMaxEntries(),
                compiler.aggregates(), ctx.metrics()::countLateRecord);

        boolean transactional = config.mode() == ProcessingMode.TRANSACTIONAL;
        List<Job.Input> inputs = new ArrayList<>();
        List<QueryPlanner.Planned> planned = new ArrayList<>();
        List<Job.Input> joinedStreams = new ArrayList<>();
        List<EndpointSpec> read = new ArrayList<>();
        // Each JOIN and subquery source resolved once, so the tasks' plans share the tables the first plan loaded.
        Map<Query.Source, QueryPlanner.JoinSide> sides = new IdentityHashMap<>();
        Map<Query.Source, QueryPlanner.TableSide> subqueryTables = new IdentityHashMap<>();
        planner.joinSides(src -> sides.computeIfAbsent(src, s -> joinSide(st, s, with, jobKeys, ctx, joinedStreams, read)))
                .tables(src -> subqueryTables.computeIfAbsent(src, s -> tables.side(s, with, jobKeys, ctx)));
        for (Query.Select branch : branches) {
            EndpointSpec source = endpoints.source(branch.from(), with, jobKeys, ctx.errors());
            if (source == null || (transactional && !transactionalSource(st, source))) {
                continue;
            }
            DataReader reader = openSource(branch.from(), source);
            if (reader == null) {
                continue;
            }
            read.add(source);
            QueryPlanner.Input input = new QueryPlanner.Input(reader.schema(), reader.isBounded(), source.options());
            QueryPlanner.Planned p = planner.plan(branch, input);
            planned.add(p);
            Supplier<List<Operator>> tasks = tasks(branch, input, source, p, ctx, sides, subqueryTables);
            inputs.add(new Job.Input(source.name(), reader, p.operator(), tasks));
            if (p.right() != null && !joinedStreams.isEmpty()) {
                Job.Input stream = joinedStreams.remove(0);
                inputs.add(new Job.Input(stream.source(), stream.reader(), p.right(), tasks)); // the same tasks: co-partitioned
            }
        }
        checkUnion(st, planned);
        if (!planned.isEmpty()) {
            ctx.rowMetrics().addAll(MetricAnnotations.compile(st, planned.get(0).outputSchema(), expressions, diagnostics));
        }
        if (st.kind() == Statement.Kind.CREATE_TABLE) {
            boolean alsoSink = tables.hasSink(st, with, jobKeys);
            if (checkOnly && !alsoSink) {
                plans.add(plan(config, read, null, "table " + st.target(), inputs));
            }
            TableStore table = planned.isEmpty() ? null : tables.create(st, with, jobKeys, ctx, planned.get(0));
            if (table == null || !alsoSink) {
                return table == null || diagnostics.hasErrors() || checkOnly ? null
                        : tables.tableOnly(st, ctx, inputs, table);
            }
            inputs = Tables.upserting(inputs, table); // then bound to its sink like any job's
        }
        EndpointSpec sink = endpoints.sink(st, with, jobKeys, ctx.errors());
        if (checkOnly && sink != null) {
            plans.add(plan(config, read, sink, sink.name() + " (" + sink.type() + ")", inputs));
        }
        if (sink != null && !planned.isEmpty()) {
            // Registered even when this statement has errors, so later statements reading it are checked too.
            endpoints.produced(sink, planned.get(0).outputSchema());
        }
        if (sink != null && transactional && requireKafka(st, sink, KafkaConnectors.SINK_TYPE)) {
            // One per instance and thread, so replicas and threads do not fence each other; zombies are fenced
            // through the consumer group's generation instead (KIP-447, docs/scaling.md#instance-ids).
            String id = sink.options().getOrDefault("transactional.id", application + "-" + name + "-"
                    + JobSettings.instanceId(options.defaultsFor(settingsName)));
            sink.options().put("transactional.id", config.threads() > 1 ? id + "-" + thread : id);
        }
        if (sink == null || diagnostics.hasErrors() || checkOnly) {
            return null;
        }
        DataWriter writer = opened.writer(st.pos(), sink);
        if (writer == null) {
            return null;
        }
        PassThroughDecision.apply(writer, inputs, read);
        if (writer instanceof WriteBehindSink behind && inputs.stream().allMatch(i -> i.reader().restartsFromItsStart())) {
            behind.flushWithoutWaiting(); // no commit waits for the output (docs/formats.md#file-sink-and-stdout)
        }
        return assemble(st, ctx, inputs, writer, jobKeys); // on an error, compileOrThrow closes what was opened
    }

    /**
     * Plans {@code branch} again for each task of its own when its state is aligned with the source's
     * partitions (docs/scaling.md#tasks): a GROUP BY (plain, windowed, session), a DISTINCT, or OVER
     * clauses sharing one PARTITION BY, and no other state, keyed by {@code _key} (among other values)
     * or over a source declared {@code keyed_by_group}; a JOIN only with tables, which every task shares
     * read-only; or a stream–stream join whose sides are co-partitioned on its key ({@link #coPartitioned}),
     * each task with a chain for each side. Else null: the job runs as one chain. Planned again quietly (the
     * first plan reported what there was to say), over the JOIN sides and subquery tables the first plan resolved.
     */
    private Supplier<List<Operator>> tasks(Query.Select branch, QueryPlanner.Input input, EndpointSpec source,
                                           QueryPlanner.Planned p, ProcessorContext ctx,
                                           Map<Query.Source, QueryPlanner.JoinSide> sides,
                                           Map<Query.Source, QueryPlanner.TableSide> subqueryTables) {
        boolean ordered = (branch.orderBy() != null && !branch.orderBy().isEmpty()) || branch.limit() != null;
        if (p.right() != null) {
            if (ordered || !coPartitioned(branch, source, sides)) {
                return null; // its buffers hold every key: not partitioned as its inputs are
            }
        } else {
            boolean keyed = EndpointOptions.flag(source, KafkaConnectors.KEYED_BY_GROUP, false)
                    || Repartition.keyedByKey(branch); // the record key: Kafka partitions by it
            if (!keyed || ordered || Repartition.whyNotKeyed(branch, this::isAggregate) != null) {
                return null; // ORDER BY/LIMIT, OVER partitioned otherwise: not by the key
            }
            for (Query.Join join : branch.joins()) {
                if (!(sides.get(join.right()) instanceof QueryPlanner.TableSide)) {
                    return null;
                }
            }
        }
        Diagnostics quiet = new Diagnostics(source.name(), "");
        QueryPlanner again = new QueryPlanner(compiler.expressionCompiler(quiet), quiet, ctx.errors(),
                ctx.config().distinctMaxEntries(), compiler.aggregates(), ctx.metrics()::countLateRecord)
                .joinSides(sides::get).tables(subqueryTables::get);
        return () -> {
            QueryPlanner.Planned task = again.plan(branch, input);
            return task.right() == null ? List.of(task.operator()) : List.of(task.operator(), task.right());
        };
    }

    /**
     * A stream–stream join with no other state whose sides are co-partitioned on its key
     * (docs/scaling.md#co-partitioned-joins): its ON equates the record keys of both sides, or both
     * sources are declared keyed by it ({@code keyed_by_group}). Partition p of both then holds every
     * record of its join keys, so it is a task of its own.
     */
    private static boolean coPartitioned(Query.Select branch, EndpointSpec source,
                                         Map<Query.Source, QueryPlanner.JoinSide> sides) {
        if (Repartition.keepsOtherState(branch) || !(sides.get(branch.joins().get(0).right()) instanceof QueryPlanner.StreamSide right)) {
            return false;
        }
        return Repartition.joinedOnRecordKeys(branch) || EndpointOptions.flag(source, KafkaConnectors.KEYED_BY_GROUP, false)
                && Boolean.parseBoolean(right.options().getOrDefault(KafkaConnectors.KEYED_BY_GROUP, "false"));
    }

    private boolean isAggregate(String function) {
        return compiler.aggregates().apply(function) != null;
    }

    /**
     * The job as {@code validate --explain} describes it (docs/cli.md#validate), from what the check
     * planned. Changelogs are named as {@link JobAssembler} names them; they exist when the sink
     * can carry them, which a Kafka sink does.
     */
    private JobPlan plan(JobConfig config, List<EndpointSpec> read, EndpointSpec sink, String sinkText,
                         List<Job.Input> inputs) {
        boolean kafkaSink = sink != null && sink.type().equals(KafkaConnectors.SINK_TYPE);
        List<String> operators = new ArrayList<>();
        List<String> stores = new ArrayList<>();
        List<String> created = new ArrayList<>();
        Map<String, Integer> opened = new HashMap<>();
        for (Job.Input input : inputs) {
            List<String> names = new ArrayList<>();
            for (Operator o : Chain.flatten(input.operator())) {
                names.add(o.getClass().getSimpleName());
                if (o instanceof StatefulOperator stateful && !kafkaSink) {
                    stores.add(stateful.stateKind() + ": in memory");
                }
            }
            if (kafkaSink) {
                for (String store : JobAssembler.storeNames(input.operator(), opened)) {
                    String topic = assembler.changelogTopic(config.name(), store);
                    stores.add(store + ": changelog " + topic);
                    created.add(topic);
                }
            }
            operators.add(input.source() + ": " + String.join(" -> ", names));
        }
        if (kafkaSink && sink.options().containsKey(Repartitions.PARTITIONS)) {
            created.add(KafkaConnectors.topic(sink)); // a repartition topic, created by the job that writes it
        }
        if (config.failureStrategy() == FailureStrategy.SEND_TO_DLQ) {
            created.add(config.dlqTopic());
        }
        List<String> sources = new ArrayList<>();
        List<String> topicsRead = new ArrayList<>();
        for (EndpointSpec spec : read) {
            sources.add(spec.name() + " (" + spec.type() + ")");
            if (spec.type().equals(KafkaConnectors.SOURCE_TYPE)) {
                topicsRead.add(KafkaConnectors.topic(spec));
            }
        }
        return new JobPlan(config.name(), config.mode().name().toLowerCase(Locale.ROOT),
                config.failureStrategy().sqlName(), sources, sinkText, operators, stores, topicsRead,
                kafkaSink ? List.of(KafkaConnectors.topic(sink)) : List.of(), created, scaling(inputs));
    }

    /** How instances and threads share the job, as {@link JobAssembler} will run it (docs/scaling.md). */
    private static String scaling(List<Job.Input> inputs) {
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Job.Input input = inputs.get(i);
            for (Operator o : Chain.flatten(input.operator())) {
                if (o instanceof StatefulOperator stateful) {
                    if (input.tasks() == null || !(input.reader() instanceof PartitionedSource) || input.reader().isBounded()) {
                        return "one replica, one thread: its state (" + stateful.stateKind() + ") is not partitioned by"
                                + " the partitions of '" + input.source() + "' (docs/scaling.md#stateful-jobs-one-replica)";
                    }
                    if (i > 0 && input.tasks() == inputs.get(i - 1).tasks()) { // co-partitioned join sides: one task per p
                        tasks.set(tasks.size() - 1, tasks.get(tasks.size() - 1) + " with the same partition of "
                                + input.source() + " (co-partitioned join)");
                    } else {
                        tasks.add(input.source());
                    }
                    break;
                }
            }
        }
        return tasks.isEmpty() ? "stateless: replicas and threads share the partitions of its sources"
                : "tasks, one per partition of " + String.join(", ", tasks) + ", shared by replicas and threads"
                + " (docs/scaling.md#tasks)";
    }

    /** The job bound to its endpoints, or null (an error reported) when that fails. */
    private Job assemble(Statement st, ProcessorContext ctx, List<Job.Input> inputs, DataWriter writer,
                         Map<String, String> jobKeys) {
        JobConfig config = ctx.config();
        try {
            return assembler.assemble(ctx, inputs, writer, () -> {
                // A dead-letter topic of its own: a Kafka producer, or whatever the connectors serve for that type.
                Map<String, String> dlqOptions = new LinkedHashMap<>(jobKeys);
                dlqOptions.put("topic", config.dlqTopic());
                return opened.writer(st.pos(), endpoints.spec(config.dlqTopic(), KafkaConnectors.SINK_TYPE, dlqOptions,
                        ctx.errors()));
            });
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            diagnostics.error(st.pos(), "job " + config.name() + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * The right side of a JOIN: a table ({@link Tables#side}), or else a stream that the job reads
     * beside its FROM.
     */
    private QueryPlanner.JoinSide joinSide(Statement st, Query.Source src, Map<String, String> with,
                                           Map<String, String> jobKeys, ProcessorContext ctx,
                                           List<Job.Input> joinedStreams, List<EndpointSpec> read) {
        QueryPlanner.TableSide table = tables.side(src, with, jobKeys, ctx);
        if (table != null || diagnostics.hasErrors()) {
            return table;
        }
        EndpointSpec spec = endpoints.source(src, with, jobKeys, ctx.errors());
        if (spec != null && ctx.config().mode() == ProcessingMode.TRANSACTIONAL && !transactionalSource(st, spec)) {
            return null;
        }
        DataReader reader = spec == null ? null : openSource(src, spec);
        if (reader == null) {
            return null;
        }
        joinedStreams.add(new Job.Input(spec.name(), reader, null));
        read.add(spec);
        return new QueryPlanner.StreamSide(reader.schema(), spec.options());
    }

    /**
     * Opens a source; when checking, a source that an earlier statement writes is not opened
     * (it may not exist yet) and has that statement's output schema.
     */
    private DataReader openSource(Query.Source from, EndpointSpec source) {
        Endpoints.Produced producer = endpoints.producedBy(from.name());
        if (checkOnly && producer != null && producer.spec().type().equals("file_sink")) {
            return new SchemaOnlyReader(producer.schema());
        }
        return opened.reader(from.pos(), source);
    }

    /** A stream of a transactional job: a Kafka topic, of which only what upstream transactions committed is read. */
    private boolean transactionalSource(Statement st, EndpointSpec source) {
        if (!requireKafka(st, source, KafkaConnectors.SOURCE_TYPE)) {
            return false;
        }
        source.options().putIfAbsent("isolation.level", "read_committed");
        return true;
    }

    /** Transactional mode binds Kafka topics only: a clear error at compile time for any other endpoint. */
    private boolean requireKafka(Statement st, EndpointSpec spec, String type) {
        if (spec.type().equals(type)) {
            return true;
        }
        diagnostics.error(st.pos(), "transactional mode needs Kafka endpoints: '" + spec.name() + "' is "
                + spec.type() + ", not " + type);
        return false;
    }

    private Map<String, String> annotations(Statement st) {
        Map<String, String> ann = new LinkedHashMap<>();
        for (Statement.Annotation a : st.annotations()) {
            String key = a.key().toLowerCase(Locale.ROOT);
            if (!JobSettings.ANNOTATIONS.contains(key) && !MetricAnnotations.KEYS.contains(key)) {
                diagnostics.warning(new Position(a.line(), 1), "unknown annotation @" + a.key() + " (ignored)");
            }
            ann.put(key, a.value());
        }
        return ann;
    }

    private String jobName(Statement st, Map<String, String> ann, Query.Select first) {
        String base = ann.getOrDefault(JobSettings.NAME_ANNOTATION,
                st.kind() == Statement.Kind.CREATE_STREAM || st.kind() == Statement.Kind.CREATE_TABLE
                        ? st.target() : "sel_" + first.from().name());
        if (ann.containsKey(JobSettings.NAME_ANNOTATION) && jobNames.contains(base)) {
            diagnostics.error(st.pos(), "job name '" + base + "' is already used by an earlier statement");
        }
        String name = base;
        for (int k = 2; jobNames.contains(name); k++) {
            name = base + "_" + k;
        }
        jobNames.add(name);
        return name;
    }

    /** The job's settings, or null when one is invalid (reported at its annotation's line, else the statement's). */
    private JobConfig config(Statement st, String name, Map<String, String> ann, Map<String, String> jobKeys,
                             String settingsName) {
        try {
            return JobSettings.resolve(name, ann, jobKeys, options.defaultsFor(settingsName));
        } catch (JobSettings.InvalidSetting e) {
            Position pos = st.pos();
            for (Statement.Annotation a : st.annotations()) {
                if (e.annotation() != null && a.key().equalsIgnoreCase(e.annotation())) {
                    pos = new Position(a.line(), 1);
                    break;
                }
            }
            diagnostics.error(pos, e.getMessage());
            return null;
        }
    }

    private void checkUnion(Statement st, List<QueryPlanner.Planned> planned) {
        if (planned.size() < 2) {
            return;
        }
        List<String> first = planned.get(0).outputSchema().names();
        for (int i = 1; i < planned.size(); i++) {
            List<String> other = planned.get(i).outputSchema().names();
            if (other.size() != first.size()) {
                diagnostics.error(st.query().pos(), "UNION ALL branches must have the same columns: branch 1 has "
                        + first.size() + ", branch " + (i + 1) + " has " + other.size());
            }
        }
    }
}
