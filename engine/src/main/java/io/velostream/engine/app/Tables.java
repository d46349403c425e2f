package io.velostream.engine.app;

import io.velostream.engine.internal.exec.join.TableStore;
import io.velostream.engine.io.ChangelogReader;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.io.kafka.KafkaConnectors;
import io.velostream.engine.job.Job;
import io.velostream.engine.job.JobAssembler;
import io.velostream.engine.internal.table.LiveTable;
import io.velostream.engine.job.ProcessingMode;
import io.velostream.engine.job.ProcessorContext;
import io.velostream.engine.internal.table.TableLoader;
import io.velostream.engine.internal.table.TableUpserts;
import io.velostream.engine.internal.table.TableWriter;
import io.velostream.engine.internal.exec.op.Chain;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.sql.Diagnostics;
import io.velostream.engine.internal.sql.ast.Query;
import io.velostream.engine.internal.sql.ast.Statement;
import io.velostream.engine.internal.sql.plan.QueryPlanner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The tables of an application (docs/joins.md): those CREATE TABLE statements fill, and those a
 * JOIN or subquery reads that WITH declares (a source with a {@code primary_key}, or a
 * {@code kafka_table}), loaded before the job runs; a Kafka table is then followed while it runs.
 */
final class Tables {
    /** The endpoint type of a Kafka topic read as a table: a kafka_source with a primary key. */
    static final String KAFKA_TABLE = "kafka_table";

    private final Diagnostics diagnostics;
    private final Endpoints endpoints;
    private final OpenedEndpoints opened;
    private final boolean checkOnly;
    /** Tables of CREATE TABLE statements and JOINs so far, by lower-case name. */
    private final Map<String, QueryPlanner.TableSide> tables = new HashMap<>();
    /**
     * Tables of the job being compiled that follow their topic (kafka_table): each job, and each copy
     * of it, reads and follows its own, so they are not kept for later statements or copies.
     */
    private final Map<String, QueryPlanner.TableSide> followed = new HashMap<>();
    private final List<LiveTable> live = new ArrayList<>();

    Tables(Diagnostics diagnostics, Endpoints endpoints, OpenedEndpoints opened, boolean checkOnly) {
        this.diagnostics = diagnostics;
        this.endpoints = endpoints;
        this.opened = opened;
        this.checkOnly = checkOnly;
    }

    /**
     * A new statement, or another copy of its job: the tables followed so far are the previous job's, read on its
     * thread, never shared.
     */
    void nextJob() {
        followed.clear();
        live.clear();
    }

    /** The job with every table it follows caught up before each batch, and closed with it. */
    Job following(Job job) {
        if (job == null || live.isEmpty()) {
            return job;
        }
        List<Job.Input> inputs = job.inputs().stream()
                .map(i -> new Job.Input(i.source(), i.reader(), LiveTable.before(live, i.operator()))).toList();
        live.forEach(job.context()::closeWithJob);
        return new Job(job.context(), inputs, job.writer(), job.protocol());
    }

    /**
     * CREATE TABLE: registers the table later statements join with, or returns null (reported)
     * when it has no key, or runs in transactional mode without a sink to commit it with.
     */
    TableStore create(Statement st, Map<String, String> with, Map<String, String> jobKeys, ProcessorContext ctx,
                      QueryPlanner.Planned p) {
        // anyMatch, not contains(null): PRIMARY KEY names come as an immutable list, which rejects null probes
        if (p.keyColumns().isEmpty() || p.keyColumns().stream().anyMatch(Objects::isNull)) {
            diagnostics.error(st.pos(), "CREATE TABLE " + st.target() + " needs a key: mark the key columns"
                    + " PRIMARY KEY, or GROUP BY columns that are selected");
            return null;
        }
        TableStore store = new TableStore(st.target(), p.outputSchema());
        tables.put(st.target().toLowerCase(Locale.ROOT), new QueryPlanner.TableSide(store, p.keyColumns()));
        if (ctx.config().mode() == ProcessingMode.TRANSACTIONAL && !hasSink(st, with, jobKeys)) {
            // The table's changelog and its commits go through the sink's producer (docs/kafka.md#state).
            diagnostics.error(st.pos(), "CREATE TABLE " + st.target() + " in transactional mode needs a kafka_sink"
                    + " to commit the table with ('" + st.target() + ".type' = 'kafka_sink'), or 'mode' = 'simple'");
            return null;
        }
        return store;
    }

    /** Whether CREATE TABLE also writes its rows to a sink ({@code '<t>.type'} in WITH). */
    boolean hasSink(Statement st, Map<String, String> with, Map<String, String> jobKeys) {
        return Endpoints.options(st.target(), with, jobKeys).containsKey("type");
    }

    /** The job of a CREATE TABLE without a sink: it upserts its rows, by their key, into the table only. */
    Job tableOnly(Statement st, ProcessorContext ctx, List<Job.Input> inputs, TableStore table) {
        JobAssembler.requireEveryPartition(inputs, "table " + st.target()); // each instance would hold part of the table
        return new Job(ctx, inputs, new TableWriter(table));
    }

    /**
     * The inputs of a CREATE TABLE with a sink: each upserts into the table before the sink, as a
     * step whose table is state like an operator's (changelogged with a Kafka sink).
     */
    static List<Job.Input> upserting(List<Job.Input> inputs, TableStore table) {
        TableUpserts upserts = new TableUpserts(table);
        return inputs.stream().map(i -> new Job.Input(i.source(), i.reader(), i.operator() == null ? upserts
                : Chain.of(List.of(i.operator(), upserts)))).toList();
    }

    /**
     * A table by that name: of an earlier CREATE TABLE, or declared in WITH (a source with a
     * {@code primary_key}, or a {@code kafka_table}), loaded now; null when it is no table.
     */
    QueryPlanner.TableSide side(Query.Source src, Map<String, String> with, Map<String, String> jobKeys,
                                ProcessorContext ctx) {
        String lower = src.name().toLowerCase(Locale.ROOT);
        QueryPlanner.TableSide known = tables.getOrDefault(lower, followed.get(lower));
        if (known != null) {
            return known;
        }
        Map<String, String> opts = Endpoints.options(src.name(), with, jobKeys);
        String type = opts.get("type");
        String primaryKey = opts.get("primary_key");
        if (KAFKA_TABLE.equalsIgnoreCase(type) || (type != null && primaryKey != null)) {
            return load(src, opts, primaryKey, ctx);
        }
        return null;
    }

    /**
     * Opens and (unless checking) loads a table. A Kafka table (a kafka_table, or a kafka_source
     * with a primary key) is read whole from the start of its topic, then followed while the job
     * runs ({@link LiveTable}); a file table is read and closed.
     */
    private QueryPlanner.TableSide load(Query.Source src, Map<String, String> opts, String primaryKey,
                                        ProcessorContext ctx) {
        if (primaryKey == null) {
            diagnostics.error(src.pos(), "table '" + src.name() + "' needs '" + src.name() + ".primary_key'");
            return null;
        }
        Map<String, String> readerOpts = new LinkedHashMap<>(opts);
        String type = readerOpts.remove("type").toLowerCase(Locale.ROOT);
        if (type.equals(KAFKA_TABLE)) {
            type = KafkaConnectors.SOURCE_TYPE; // with a primary_key: the whole topic, then followed
        }
        if (type.equals(KafkaConnectors.SOURCE_TYPE) && ctx.config().mode() == ProcessingMode.TRANSACTIONAL) {
            readerOpts.putIfAbsent("isolation.level", "read_committed");
        }
        DataReader reader = opened.reader(src.pos(), endpoints.spec(src.name(), type, readerOpts, ctx.errors()));
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
        boolean follows = reader instanceof ChangelogReader;
        (follows ? followed : tables).put(src.name().toLowerCase(Locale.ROOT), table);
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
        if (follows) {
            live.add(new LiveTable(loader, (ChangelogReader) reader)); // closed with the job
        } else {
            try {
                reader.close();
            } catch (IOException e) {
                diagnostics.error(src.pos(), "table '" + src.name() + "': " + e.getMessage());
            }
            opened.forget(reader);
        }
        return table;
    }
}
