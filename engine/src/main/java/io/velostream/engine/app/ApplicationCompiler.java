package io.velostream.engine.app;

import io.velostream.engine.exec.expr.ExpressionCompiler;
import io.velostream.engine.function.FunctionContext;
import io.velostream.engine.function.FunctionRegistry;
import io.velostream.engine.function.aggregate.AggregateFunction;
import io.velostream.engine.function.aggregate.AggregateRegistry;
import io.velostream.engine.function.ScalarFunction;
import io.velostream.engine.io.ChangelogReader;
import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.DeadLetterQueue;
import io.velostream.engine.io.WriterDeadLetters;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.exec.aggregate.AggregateOperator;
import io.velostream.engine.exec.aggregate.WindowAggregateOperator;
import io.velostream.engine.exec.analytic.AnalyticOperator;
import io.velostream.engine.exec.op.DistinctOperator;
import io.velostream.engine.exec.op.Chain;
import io.velostream.engine.exec.op.Operator;
import io.velostream.engine.exec.state.ChangelogStores;
import io.velostream.engine.io.kafka.KafkaChangelog;
import io.velostream.engine.io.kafka.KafkaConnectors;
import io.velostream.engine.exec.join.LiveTable;
import io.velostream.engine.exec.join.TableLoader;
import io.velostream.engine.exec.join.TableStore;
import io.velostream.engine.exec.join.TableWriter;
import io.velostream.engine.io.kafka.KafkaDeadLetters;
import io.velostream.engine.io.kafka.KafkaSinkConnector;
import io.velostream.engine.io.kafka.KafkaSourceConnector;
import io.velostream.engine.io.kafka.KafkaTransaction;
import io.velostream.engine.job.CommitProtocol;
import io.velostream.engine.job.FailureStrategy;
import io.velostream.engine.job.Job;
import io.velostream.engine.job.JobConfig;
import io.velostream.engine.job.ProcessingMode;
import io.velostream.engine.job.ProcessorContext;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.job.SimpleCommit;
import io.velostream.engine.job.TransactionalCommit;
import io.velostream.engine.sql.Diagnostics;
import io.velostream.engine.sql.SqlException;
import io.velostream.engine.sql.ast.Application;
import io.velostream.engine.sql.ast.Position;
import io.velostream.engine.sql.ast.Query;
import io.velostream.engine.sql.ast.Statement;
import io.velostream.engine.sql.parse.SqlParser;
import io.velostream.engine.sql.plan.QueryPlanner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Compiles a {@code .sql} application into jobs: parses it, resolves each statement's job
 * settings (annotation, then WITH, then the given defaults), opens its sources (a source's schema
 * is needed to resolve columns) and its sink, and plans its query. Every error of every
 * statement is collected and thrown together, each with its line and column.
 */
public final class ApplicationCompiler {
    private static final Set<String> STATEMENT_ANNOTATIONS = Set.of("name", "job_mode", "batch_size",
            "failure_strategy", "dlq_topic", "metric", "metric_type", "metric_help", "metric_labels", "metric_field",
            "metric_condition", "metric_buckets", "metric_sample_rate");

    /**
     * @param baseDir    relative file paths resolve against it (the .sql file's folder)
     * @param sourceName the file name shown in errors, or null for inline SQL
     * @param defaults   the service's configuration of job keys (§11 precedence), may be empty; like job-level
     *                   WITH keys they also reach every endpoint ({@code bootstrap.servers}), below WITH
     * @param jobDefaults per job name, job keys that override {@code defaults} for that job, may be empty
     * @param defaultSourceType the type of a source that declares none (a Spring service: {@code kafka_source}), or null
     * @param defaultSinkType   the type of a sink that declares none, or null
     */
    public record Options(Path baseDir, String sourceName, Map<String, String> defaults,
                          Map<String, Map<String, String>> jobDefaults, String defaultSourceType,
                          String defaultSinkType) {
        /** Options where every endpoint declares its type and every job shares the defaults. */
        public Options(Path baseDir, String sourceName, Map<String, String> defaults) {
            this(baseDir, sourceName, defaults, Map.of(), null, null);
        }

        /** The defaults of job {@code name}: its own keys over the shared ones. */
        Map<String, String> defaultsFor(String name) {
            Map<String, String> own = jobDefaults.get(name);
            if (own == null || own.isEmpty()) {
                return defaults;
            }
            Map<String, String> merged = new HashMap<>(defaults);
            merged.putAll(own);
            return merged;
        }
    }

    private final Connectors endpoints;
    private final Function<String, ScalarFunction> functions;
    private final Function<String, AggregateFunction> aggregates;
    private final FunctionContext functionContext;

    public ApplicationCompiler(Connectors endpoints, Function<String, ScalarFunction> functions,
                               Function<String, AggregateFunction> aggregates, FunctionContext functionContext) {
        this.endpoints = endpoints;
        this.functions = functions;
        this.aggregates = aggregates;
        this.functionContext = functionContext;
    }

    /**
     * A compiler with the built-in connectors (files, stdout, Kafka) and functions, and user
     * functions found by ServiceLoader.
     */
    public static ApplicationCompiler withBuiltins() {
        return withBuiltins(KafkaConnectors.register(Connectors.builtIn()));
    }

    /** A compiler over the given connectors, with the built-in functions and user functions found by ServiceLoader. */
    public static ApplicationCompiler withBuiltins(Connectors connectors) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        FunctionRegistry registry = FunctionRegistry.builtins().withServiceLoader(loader);
        AggregateRegistry aggregateRegistry = AggregateRegistry.load(loader);
        return new ApplicationCompiler(connectors, name -> registry.find(name).orElse(null),
                name -> aggregateRegistry.find(name).orElse(null), FunctionContext.system());
    }

    /**
     * Checks an application without side effects: every statement is analysed, sources are
     * opened only to learn their schema (a source that an earlier statement writes takes that
     * statement's output schema), sinks are not touched.
     *
     * @throws SqlException with every error found
     */
    public CompiledApplication check(String text, Options options) {
        Application app = SqlParser.parseApplication(text, options.sourceName());
        Diagnostics diagnostics = new Diagnostics(options.sourceName(), text);
        Session session = new Session(options, diagnostics, true, applicationName(app, options));
        try {
            app.statements().forEach(session::compile);
        } finally {
            session.closeAll();
        }
        diagnostics.throwIfErrors();
        return new CompiledApplication(app, List.copyOf(session.jobNames), diagnostics.warnings());
    }

    /**
     * Checks an application, then returns it ready to compile its jobs one at a time, in file
     * order: a job is compiled (its sources and sink opened) only when the ones before it have
     * run, so it can read what they wrote.
     *
     * @throws SqlException with every error the check found
     */
    public PreparedApplication prepare(String text, Options options) {
        CompiledApplication checked = check(text, options);
        Session session = new Session(options, new Diagnostics(options.sourceName(), text), false,
                applicationName(checked.application(), options));
        return new PreparedApplication(checked, session::compileOrThrow);
    }

    /**
     * The application's name for ids that must stay the same across restarts (transactional ids):
     * its header ({@code @app}, {@code -- SQL Application:}), else the file name without extension.
     */
    private static String applicationName(Application app, Options options) {
        String name = app.header().get("app");
        if (name == null) {
            name = app.header().get("SQL Application");
        }
        if (name == null && options.sourceName() != null) {
            name = options.sourceName().replaceFirst("\\.sql$", "");
        }
        return name == null || name.isBlank() ? "velostream" : name.trim().replaceAll("\\s+", "_");
    }

    /** The state of compiling one application: job names taken, sinks declared so far, what is open. */
    private final class Session {
        private final Options options;
        private final Diagnostics diagnostics;
        private final Set<String> jobNames = new LinkedHashSet<>();
        /** Sinks of earlier statements by lower-case name, so a later FROM can read what they wrote. */
        private final Map<String, Produced> sinks = new HashMap<>();
        private final List<AutoCloseable> opened = new ArrayList<>();
        /** Tables of CREATE TABLE statements and JOINs so far, by lower-case name. */
        private final Map<String, QueryPlanner.TableSide> tables = new HashMap<>();
        /**
         * Tables of the statement being compiled that follow their topic (kafka_table): each job
         * reads and follows its own, so they are not kept for later statements.
         */
        private final Map<String, QueryPlanner.TableSide> followedTables = new HashMap<>();
        private final List<LiveTable> live = new ArrayList<>();
        private final boolean checkOnly;
        private final String application;

        Session(Options options, Diagnostics diagnostics, boolean checkOnly, String application) {
            this.options = options;
            this.diagnostics = diagnostics;
            this.checkOnly = checkOnly;
            this.application = application;
        }

        /** Compiles the next statement for running; its endpoints belong to the job from now on. */
        Job compileOrThrow(Statement st) {
            Job job = compile(st);
            if (diagnostics.hasErrors()) {
                closeAll();
                diagnostics.throwIfErrors();
            }
            opened.clear();
            return job;
        }

        Job compile(Statement st) {
            followedTables.clear();
            live.clear();
            return followingTables(compileQuery(st));
        }

        /** The job with every table it follows caught up before each batch, and closed with it. */
        private Job followingTables(Job job) {
            if (job == null || live.isEmpty()) {
                return job;
            }
            List<Job.Input> inputs = job.inputs().stream()
                    .map(i -> new Job.Input(i.source(), i.reader(), LiveTable.before(live, i.operator()))).toList();
            live.forEach(job.context()::closeWithJob);
            return new Job(job.context(), inputs, job.writer(), job.protocol());
        }

        private Job compileQuery(Statement st) {
            Map<String, String> ann = annotations(st);
            List<Query.Select> branches = branches(st.query());
            String name = jobName(st, ann, branches.get(0));
            Set<String> endpointNames = new LinkedHashSet<>();
            for (Query.Select b : branches) {
                endpointNames.add(b.from().name());
                b.joins().forEach(j -> endpointNames.add(j.right().name()));
            }
            if (st.target() != null) {
                endpointNames.add(st.target());
            }
            Map<String, String> with = st.with() == null ? Map.of() : st.with();
            // Tables read by subqueries are endpoints too: any name WITH gives a type.
            for (String key : with.keySet()) {
                if (key.toLowerCase(Locale.ROOT).endsWith(".type") && key.length() > 5) {
                    endpointNames.add(key.substring(0, key.length() - 5));
                }
            }
            Map<String, String> jobKeys = jobKeys(name, with, endpointNames);
            JobConfig config = config(st, name, ann, jobKeys);
            if (config == null) {
                return null;
            }
            ProcessorContext ctx = new ProcessorContext(config);
            ExpressionCompiler compiler = new ExpressionCompiler(functions, functionContext, diagnostics);
            QueryPlanner planner = new QueryPlanner(compiler, diagnostics, ctx.errors(), config.distinctMaxEntries(),
                    aggregates, ctx.metrics()::countLateRecord);

            boolean transactional = config.mode() == ProcessingMode.TRANSACTIONAL;
            List<Job.Input> inputs = new ArrayList<>();
            List<QueryPlanner.Planned> planned = new ArrayList<>();
            List<Job.Input> joinedStreams = new ArrayList<>();
            planner.joinSides(src -> joinSide(st, src, with, jobKeys, ctx, joinedStreams))
                    .tables(src -> tableSide(src, with, jobKeys, ctx));
            for (Query.Select branch : branches) {
                EndpointSpec source = sourceSpec(branch.from(), with, jobKeys, ctx);
                if (source == null) {
                    continue;
                }
                if (transactional && !transactionalSource(st, source)) {
                    continue;
                }
                DataReader reader = openSource(branch.from(), source);
                if (reader == null) {
                    continue;
                }
                QueryPlanner.Planned p = planner.plan(branch, new QueryPlanner.Input(reader.schema(), reader.isBounded(), source.options()));
                planned.add(p);
                inputs.add(new Job.Input(source.name(), reader, p.operator()));
                if (p.right() != null && !joinedStreams.isEmpty()) {
                    Job.Input stream = joinedStreams.remove(0);
                    inputs.add(new Job.Input(stream.source(), stream.reader(), p.right()));
                }
            }
            checkUnion(st, planned);
            if (transactional) {
                warnInMemoryState(st, name, planned);
            }
            if (!planned.isEmpty()) {
                ctx.rowMetrics().addAll(MetricAnnotations.compile(st, planned.get(0).outputSchema(), compiler, diagnostics));
            }
            if (st.kind() == Statement.Kind.CREATE_TABLE) {
                return createTable(st, with, jobKeys, ctx, inputs, planned);
            }
            EndpointSpec sink = sinkSpec(st, with, jobKeys, ctx);
            if (sink != null && !planned.isEmpty()) {
                // Registered even when this statement has errors, so later statements reading it are checked too.
                sinks.put(sink.name().toLowerCase(Locale.ROOT), new Produced(sink, planned.get(0).outputSchema()));
            }
            if (sink != null && transactional && requireKafka(st, sink, KafkaSinkConnector.TYPE)) {
                // Stable across restarts: a restarted instance fences its predecessor and aborts what it left open.
                sink.options().putIfAbsent("transactional.id", application + "-" + name + "-"
                        + options.defaultsFor(name).getOrDefault("instance.id", "0"));
            }
            if (sink == null || diagnostics.hasErrors() || checkOnly) {
                return null;
            }
            DataWriter writer = open(st.pos(), sink, false);
            if (writer == null) {
                return null;
            }
            return bind(st, ctx, inputs, writer, sink, jobKeys); // on an error, compileOrThrow closes what was opened
        }

        /** The job with its commit protocol and dead-letter queue, or null (an error reported) when they cannot be made. */
        private Job bind(Statement st, ProcessorContext ctx, List<Job.Input> inputs, DataWriter writer, EndpointSpec sink,
                         Map<String, String> jobKeys) {
            JobConfig config = ctx.config();
            List<DataReader> readers = inputs.stream().map(Job.Input::reader).toList();
            try {
                CommitProtocol protocol = new SimpleCommit(config.commitIntervalMillis());
                if (config.mode() == ProcessingMode.TRANSACTIONAL) {
                    protocol = new TransactionalCommit(KafkaTransaction.of(writer,
                            inputs.stream().map(Job.Input::source).toList(), readers), config.commitIntervalMillis());
                }
                if (config.failureStrategy() == FailureStrategy.SEND_TO_DLQ) {
                    Map<String, String> dlqOptions = new LinkedHashMap<>(jobKeys);
                    dlqOptions.put("topic", config.dlqTopic());
                    EndpointSpec dlq = new EndpointSpec(config.dlqTopic(), KafkaSinkConnector.TYPE, dlqOptions,
                            options.baseDir(), ctx.errors());
                    DeadLetterQueue queue = deadLetters(st, config, writer, readers, dlq);
                    if (queue == null) {
                        return null;
                    }
                    ctx.deadLetters(queue);
                }
                if (KafkaChangelog.supports(writer)) {
                    persistState(ctx, inputs, writer);
                }
                return new Job(ctx, inputs, writer, protocol);
            } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
                diagnostics.error(st.pos(), "job " + config.name() + ": " + e.getMessage());
                return null;
            }
        }

        /**
         * GROUP BY state (without a window) in a compacted changelog topic per store,
         * {@code <application>-<job>-<store>-changelog}, written through the sink's producer and
         * restored now, before the first batch. Single instance: a store holds every partition's groups.
         */
        private void persistState(ProcessorContext ctx, List<Job.Input> inputs, DataWriter writer) throws IOException {
            int stores = 0;
            for (Job.Input input : inputs) {
                for (Operator o : Chain.flatten(input.operator())) {
                    if (o instanceof AggregateOperator aggregate) {
                        String store = stores++ == 0 ? "groups" : "groups" + stores;
                        String topic = application + "-" + ctx.config().name() + "-" + store + "-changelog";
                        KafkaChangelog changelog = KafkaChangelog.open(topic, writer);
                        aggregate.useStore(new ChangelogStores(ctx.state(), changelog), store);
                    }
                }
            }
        }

        /**
         * GROUP BY state without a window is restored from its changelog; the state of windows,
         * sessions, DISTINCT, row windows and stream–stream joins is still in memory only, so a
         * restarted transactional job would start those empty: said at analysis, not discovered
         * after a crash.
         */
        private void warnInMemoryState(Statement st, String job, List<QueryPlanner.Planned> planned) {
            for (QueryPlanner.Planned p : planned) {
                String what = p.right() != null ? "stream-stream join buffers" : null;
                for (Operator o : Chain.flatten(p.operator())) {
                    if (what == null) {
                        what = inMemoryState(o);
                    }
                }
                if (what != null) {
                    diagnostics.warning(st.pos(), "job " + job + ": the state of its " + what
                            + " is kept in memory only (not yet in a changelog): after a restart it starts empty,"
                            + " so results spanning the restart are not exactly-once");
                    return;
                }
            }
        }

        /** What state {@code o} keeps that no changelog backs yet, or null. */
        private static String inMemoryState(Operator o) {
            if (o instanceof WindowAggregateOperator) {
                return "windows";
            }
            if (o instanceof DistinctOperator) {
                return "DISTINCT";
            }
            return o instanceof AnalyticOperator ? "row windows (OVER)" : null;
        }

        /**
         * The job's dead-letter queue: on its Kafka sink's producer (flushed or committed with the
         * output), else on a writer of its own for the {@code kafka_sink} endpoint {@code dlq} —
         * a Kafka producer, or whatever the connectors serve for that type (the test driver's
         * in-memory topics). Null when that writer cannot be opened (the error is reported).
         */
        private DeadLetterQueue deadLetters(Statement st, JobConfig config, DataWriter writer, List<DataReader> readers,
                                            EndpointSpec dlq) {
            DeadLetterQueue shared = KafkaDeadLetters.sharing(config.dlqTopic(), config.name(), writer, readers);
            if (shared != null) {
                return shared;
            }
            DataWriter own = open(st.pos(), dlq, false);
            if (own == null) {
                return null;
            }
            DeadLetterQueue kafka = KafkaDeadLetters.owning(config.dlqTopic(), config.name(), own, readers);
            return kafka != null ? kafka : new WriterDeadLetters(config.name(), own);
        }

        private <T extends AutoCloseable> T opened(T endpoint) {
            opened.add(endpoint);
            return endpoint;
        }

        /** A stream of a transactional job: a Kafka topic, of which only what upstream transactions committed is read. */
        private boolean transactionalSource(Statement st, EndpointSpec source) {
            if (!requireKafka(st, source, KafkaSourceConnector.TYPE)) {
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

        /**
         * CREATE TABLE: the job upserts its rows, by their key, into a table later statements join
         * with; with {@code '<t>.type'} in WITH it also writes them to that sink.
         */
        private Job createTable(Statement st, Map<String, String> with, Map<String, String> jobKeys,
                                ProcessorContext ctx, List<Job.Input> inputs, List<QueryPlanner.Planned> planned) {
            if (planned.isEmpty()) {
                return null;
            }
            QueryPlanner.Planned p = planned.get(0);
            if (p.keyColumns().isEmpty() || p.keyColumns().contains(null)) {
                diagnostics.error(st.pos(), "CREATE TABLE " + st.target() + " needs a key: mark the key columns"
                        + " PRIMARY KEY, or GROUP BY columns that are selected");
                return null;
            }
            TableStore store = new TableStore(st.target(), p.outputSchema());
            tables.put(st.target().toLowerCase(Locale.ROOT), new QueryPlanner.TableSide(store, p.keyColumns()));
            boolean alsoSink = endpointOptions(st.target(), with, jobKeys).containsKey("type");
            EndpointSpec sink = alsoSink ? sinkSpec(st, with, jobKeys, ctx) : null;
            if (sink != null) {
                sinks.put(sink.name().toLowerCase(Locale.ROOT), new Produced(sink, p.outputSchema()));
            }
            if (ctx.config().mode() == ProcessingMode.TRANSACTIONAL) {
                // The table lives in memory beside the job: a Kafka transaction could not roll it back.
                diagnostics.error(st.pos(), "CREATE TABLE " + st.target() + " runs in simple mode only;"
                        + " set 'mode' = 'simple' for this statement");
            }
            if (diagnostics.hasErrors() || checkOnly) {
                return null;
            }
            DataWriter table = new TableWriter(store);
            if (sink == null) {
                return new Job(ctx, inputs, table);
            }
            DataWriter writer = open(st.pos(), sink, false);
            return writer == null ? null : new Job(ctx, inputs, new TeeWriter(table, writer));
        }

        /**
         * The right side of a JOIN: a table of an earlier CREATE TABLE, a table declared in WITH
         * (a file_source with a {@code primary_key}, or a {@code kafka_table}: loaded now, before the
         * job runs), or else a stream that the job reads beside its FROM.
         */
        private QueryPlanner.JoinSide joinSide(Statement st, Query.Source src, Map<String, String> with,
                                               Map<String, String> jobKeys, ProcessorContext ctx,
                                               List<Job.Input> joinedStreams) {
            QueryPlanner.TableSide table = tableSide(src, with, jobKeys, ctx);
            if (table != null || diagnostics.hasErrors()) {
                return table;
            }
            EndpointSpec spec = sourceSpec(src, with, jobKeys, ctx);
            if (spec != null && ctx.config().mode() == ProcessingMode.TRANSACTIONAL && !transactionalSource(st, spec)) {
                return null;
            }
            DataReader reader = spec == null ? null : openSource(src, spec);
            if (reader == null) {
                return null;
            }
            joinedStreams.add(new Job.Input(spec.name(), reader, null));
            return new QueryPlanner.StreamSide(reader.schema(), spec.options());
        }

        /**
         * A table by that name: of an earlier CREATE TABLE, or declared in WITH (a source with a
         * {@code primary_key}, or a {@code kafka_table}), loaded now; null when it is no table.
         */
        private QueryPlanner.TableSide tableSide(Query.Source src, Map<String, String> with, Map<String, String> jobKeys,
                                                 ProcessorContext ctx) {
            String lower = src.name().toLowerCase(Locale.ROOT);
            QueryPlanner.TableSide known = tables.getOrDefault(lower, followedTables.get(lower));
            if (known != null) {
                return known;
            }
            Map<String, String> opts = endpointOptions(src.name(), with, jobKeys);
            String type = opts.get("type");
            String primaryKey = opts.get("primary_key");
            if ("kafka_table".equalsIgnoreCase(type) || (type != null && primaryKey != null)) {
                return loadTable(src, opts, primaryKey, ctx);
            }
            return null;
        }

        /**
         * Opens and (unless checking) loads a table. A Kafka table (a kafka_table, or a kafka_source
         * with a primary key) is read whole from the start of its topic, then followed while the job
         * runs ({@link LiveTable}); a file table is read and closed.
         */
        private QueryPlanner.TableSide loadTable(Query.Source src, Map<String, String> opts, String primaryKey,
                                                 ProcessorContext ctx) {
            if (primaryKey == null) {
                diagnostics.error(src.pos(), "table '" + src.name() + "' needs '" + src.name() + ".primary_key'");
                return null;
            }
            Map<String, String> readerOpts = new LinkedHashMap<>(opts);
            String type = readerOpts.remove("type").toLowerCase(Locale.ROOT);
            if (type.equals("kafka_table")) {
                type = KafkaSourceConnector.TYPE; // with a primary_key: the whole topic, then followed
            }
            if (type.equals(KafkaSourceConnector.TYPE) && ctx.config().mode() == ProcessingMode.TRANSACTIONAL) {
                readerOpts.putIfAbsent("isolation.level", "read_committed");
            }
            DataReader reader = open(src.pos(), new EndpointSpec(src.name(), type, readerOpts, options.baseDir(),
                    ctx.errors()), true);
            if (reader == null) {
                return null;
            }
            List<String> keyColumns = List.of(primaryKey.split("\\s*,\\s*"));
            int[] slots = new int[keyColumns.size()];
            for (int i = 0; i < slots.length; i++) {
                slots[i] = reader.schema().isClosed() ? reader.schema().slotOf(keyColumns.get(i))
                        : reader.schema().add(keyColumns.get(i), SqlType.ANY);
                if (slots[i] < 0) {
                    diagnostics.error(src.pos(), "table '" + src.name() + "' has no key column '" + keyColumns.get(i)
                            + "' (columns: " + String.join(", ", reader.schema().names()) + ")");
                    return null;
                }
            }
            TableStore store = new TableStore(src.name(), reader.schema());
            QueryPlanner.TableSide table = new QueryPlanner.TableSide(store, keyColumns);
            boolean followed = reader instanceof ChangelogReader;
            (followed ? followedTables : tables).put(src.name().toLowerCase(Locale.ROOT), table);
            if (checkOnly) {
                return table;
            }
            TableLoader loader = new TableLoader(store, slots);
            try {
                loader.load(reader);
            } catch (IOException e) {
                diagnostics.error(src.pos(), "table '" + src.name() + "': " + e.getMessage());
                return table; // closed with everything else opened, by the caller that reports the error
            }
            if (followed) {
                live.add(new LiveTable(loader, (ChangelogReader) reader)); // closed with the job
            } else {
                try {
                    reader.close();
                } catch (IOException e) {
                    diagnostics.error(src.pos(), "table '" + src.name() + "': " + e.getMessage());
                }
                opened.remove(reader);
            }
            return table;
        }

        /**
         * Opens a source; when checking, a source that an earlier statement writes is not opened
         * (it may not exist yet) and has that statement's output schema.
         */
        private DataReader openSource(Query.Source from, EndpointSpec source) {
            Produced producer = sinks.get(from.name().toLowerCase(Locale.ROOT));
            if (checkOnly && producer != null && producer.spec().type().equals("file_sink")) {
                return new SchemaOnlyReader(producer.schema());
            }
            return open(from.pos(), source, true);
        }

        private Map<String, String> annotations(Statement st) {
            Map<String, String> ann = new LinkedHashMap<>();
            for (Statement.Annotation a : st.annotations()) {
                String key = a.key().toLowerCase(Locale.ROOT);
                if (!STATEMENT_ANNOTATIONS.contains(key)) {
                    diagnostics.warning(new Position(a.line(), 1), "unknown annotation @" + a.key() + " (ignored)");
                }
                ann.put(key, a.value());
            }
            return ann;
        }

        private List<Query.Select> branches(Query q) {
            return q instanceof Query.UnionAll u ? u.branches() : List.of((Query.Select) q);
        }

        private String jobName(Statement st, Map<String, String> ann, Query.Select first) {
            String base = ann.getOrDefault("name",
                    st.kind() == Statement.Kind.CREATE_STREAM || st.kind() == Statement.Kind.CREATE_TABLE
                            ? st.target() : "sel_" + first.from().name());
            if (ann.containsKey("name") && jobNames.contains(base)) {
                diagnostics.error(st.pos(), "job name '" + base + "' is already used by an earlier statement");
            }
            String name = base;
            for (int k = 2; jobNames.contains(name); k++) {
                name = base + "_" + k;
            }
            jobNames.add(name);
            return name;
        }

        /** The WITH keys that belong to the job, not to one endpoint. */
        private Map<String, String> jobKeys(String job, Map<String, String> with, Set<String> endpointNames) {
            // The service's defaults first (bootstrap.servers from the command line), WITH overrides them.
            Map<String, String> keys = new LinkedHashMap<>(options.defaultsFor(job));
            for (Map.Entry<String, String> e : with.entrySet()) {
                if (endpointOf(e.getKey(), endpointNames) == null) {
                    keys.put(e.getKey(), e.getValue());
                }
            }
            return keys;
        }

        private String endpointOf(String key, Set<String> endpointNames) {
            for (String n : endpointNames) {
                if (n != null && key.length() > n.length() + 1 && key.charAt(n.length()) == '.'
                        && key.regionMatches(true, 0, n, 0, n.length())) {
                    return n;
                }
            }
            return null;
        }

        /** The options of endpoint {@code name}: job-level keys, overridden by its own {@code name.*} keys. */
        private Map<String, String> endpointOptions(String name, Map<String, String> with, Map<String, String> jobKeys) {
            Map<String, String> opts = new LinkedHashMap<>(jobKeys);
            for (Map.Entry<String, String> e : with.entrySet()) {
                String k = e.getKey();
                if (k.length() > name.length() + 1 && k.charAt(name.length()) == '.'
                        && k.regionMatches(true, 0, name, 0, name.length())) {
                    opts.put(k.substring(name.length() + 1), e.getValue());
                }
            }
            return opts;
        }

        private JobConfig config(Statement st, String name, Map<String, String> ann, Map<String, String> jobKeys) {
            Map<String, String> defaults = options.defaultsFor(name);
            JobConfig d = JobConfig.defaults(name);
            Setting s = new Setting(st, ann, jobKeys, defaults);
            try {
                ProcessingMode mode = ProcessingMode.parse(s.get("job_mode", "mode", d.mode().name()));
                FailureStrategy strategy = FailureStrategy.parse(s.get("failure_strategy", "failure_strategy",
                        d.failureStrategy().sqlName()));
                JobConfig c = new JobConfig(name, mode,
                        s.positiveInt("batch_size", "batch.size", d.batchSize()),
                        s.positiveInt(null, "batch.timeout", (int) d.batchTimeoutMillis()),
                        strategy,
                        s.positiveInt(null, "max_retries", d.maxRetries()),
                        s.positiveInt(null, "retry_backoff", (int) d.retryBackoffMillis()),
                        s.get("dlq_topic", "dlq.topic", d.dlqTopic()),
                        s.positiveInt(null, "distinct.max_entries", d.distinctMaxEntries()),
                        s.positiveInt(null, "observability.tracing.max_links", d.traceLinks()),
                        s.positiveInt(null, "commit.interval", (int) (mode == ProcessingMode.TRANSACTIONAL
                                ? JobConfig.DEFAULT_TRANSACTIONAL_COMMIT_INTERVAL_MS : d.commitIntervalMillis())));
                return c;
            } catch (IllegalArgumentException e) {
                diagnostics.error(s.lastPosition, e.getMessage());
                return null;
            }
        }

        private EndpointSpec sourceSpec(Query.Source from, Map<String, String> with, Map<String, String> jobKeys,
                                        ProcessorContext ctx) {
            if (from.subquery() != null) {
                return null;
            }
            Map<String, String> opts = endpointOptions(from.name(), with, jobKeys);
            String type = opts.remove("type");
            if (type == null) {
                Produced produced = sinks.get(from.name().toLowerCase(Locale.ROOT));
                EndpointSpec written = produced == null ? null : produced.spec();
                if (written != null && written.type().equals("file_sink")) {
                    Map<String, String> o = new LinkedHashMap<>(written.options());
                    o.remove("append");
                    o.putAll(opts);
                    return new EndpointSpec(from.name(), "file_source", o, options.baseDir(), ctx.errors());
                }
                if (options.defaultSourceType() != null) {
                    return new EndpointSpec(from.name(), options.defaultSourceType(), opts, options.baseDir(), ctx.errors());
                }
                diagnostics.error(from.pos(), "source '" + from.name() + "' has no type: declare it in WITH, e.g. '"
                        + from.name() + ".type' = 'file_source', '" + from.name() + ".path' = '" + from.name() + ".csv'");
                return null;
            }
            return new EndpointSpec(from.name(), type.toLowerCase(Locale.ROOT), opts, options.baseDir(), ctx.errors());
        }

        private EndpointSpec sinkSpec(Statement st, Map<String, String> with, Map<String, String> jobKeys,
                                      ProcessorContext ctx) {
            if (st.target() == null) {
                return new EndpointSpec("stdout", "stdout", new LinkedHashMap<>(jobKeys), options.baseDir(), ctx.errors());
            }
            Map<String, String> opts = endpointOptions(st.target(), with, jobKeys);
            String type = opts.remove("type");
            if (type == null) {
                type = options.defaultSinkType();
            }
            if (type == null) {
                diagnostics.error(st.pos(), "sink '" + st.target() + "' has no type: declare it in WITH, e.g. '"
                        + st.target() + ".type' = 'file_sink', '" + st.target() + ".path' = '" + st.target() + ".csv'");
                return null;
            }
            return new EndpointSpec(st.target(), type.toLowerCase(Locale.ROOT), opts, options.baseDir(), ctx.errors());
        }

        @SuppressWarnings("unchecked")
        private <T extends AutoCloseable> T open(Position pos, EndpointSpec spec, boolean reader) {
            try {
                T endpoint = (T) (reader ? endpoints.openReader(spec) : endpoints.openWriter(spec));
                opened.add(endpoint);
                return endpoint;
            } catch (IOException | IllegalArgumentException e) {
                // Connector messages name the endpoint already.
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

        void closeAll() {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // Closing after a compile error: the error being reported matters, not this one.
                }
            }
        }
    }

    /** A sink an earlier statement writes, and the schema of what it writes. */
    private record Produced(EndpointSpec spec, io.velostream.engine.record.Schema schema) {
    }

    /** Looks a job setting up by precedence: annotation, WITH, service defaults, built-in default. */
    private static final class Setting {
        /** Settings where 0 means "none": no retry, no batch spans. */
        private static final Set<String> ZERO_ALLOWED = Set.of("max_retries", "observability.tracing.max_links", "commit.interval");
        private final Statement st;
        private final Map<String, String> ann;
        private final Map<String, String> with;
        private final Map<String, String> defaults;
        private Position lastPosition;

        Setting(Statement st, Map<String, String> ann, Map<String, String> with, Map<String, String> defaults) {
            this.st = st;
            this.ann = ann;
            this.with = with;
            this.defaults = defaults;
            this.lastPosition = st.pos();
        }

        String get(String annotation, String key, String fallback) {
            lastPosition = positionOf(annotation, key);
            if (annotation != null && ann.containsKey(annotation)) {
                return ann.get(annotation);
            }
            for (Map.Entry<String, String> e : with.entrySet()) {
                if (e.getKey().equalsIgnoreCase(key)) {
                    return e.getValue();
                }
            }
            return defaults.getOrDefault(key, fallback);
        }

        int positiveInt(String annotation, String key, int fallback) {
            String v = get(annotation, key, Integer.toString(fallback));
            try {
                int n = Integer.parseInt(v.trim());
                if (n > 0 || (n == 0 && ZERO_ALLOWED.contains(key))) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the key's name
            }
            throw new IllegalArgumentException("'" + key + "' must be a " + (ZERO_ALLOWED.contains(key) ? "non-negative"
                    : "positive") + " integer, got '" + v + "'");
        }

        Position positionOf(String annotation, String key) {
            if (annotation != null) {
                for (Statement.Annotation a : st.annotations()) {
                    if (a.key().equalsIgnoreCase(annotation)) {
                        return new Position(a.line(), 1);
                    }
                }
            }
            return st.pos();
        }
    }
}
