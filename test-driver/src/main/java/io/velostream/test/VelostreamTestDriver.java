package io.velostream.test;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.app.ApplicationRunner;
import io.velostream.engine.app.PreparedApplication;
import io.velostream.engine.function.FunctionContext;
import io.velostream.engine.function.FunctionRegistry;
import io.velostream.engine.function.ScalarFunction;
import io.velostream.engine.function.aggregate.AggregateFunction;
import io.velostream.engine.function.aggregate.AggregateRegistry;
import io.velostream.engine.io.ConnectorFactory;
import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.io.memory.MemoryReader;
import io.velostream.engine.io.memory.MemoryWriter;
import io.velostream.engine.job.JobMetrics;
import io.velostream.engine.record.Decimal;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs a SQL application over records given in the test and returns what it wrote, without a
 * broker: what {@code TopologyTestDriver} is to Kafka Streams.
 *
 * <pre>{@code
 * TestOutput out = VelostreamTestDriver.sql("CREATE STREAM big AS SELECT id FROM orders WHERE amount > 100")
 *         .input("orders", 1_000, Map.of("id", 1, "amount", 50))
 *         .input("orders", 2_000, Map.of("id", 2, "amount", 150))
 *         .run();
 * assertThat(out.values("big")).containsExactly(Map.of("id", 2L));
 * }</pre>
 *
 * <p>As in the Spring service, a source or sink with no type is a topic; here every topic is in
 * memory, and so are {@code kafka_source} and {@code kafka_sink} endpoints, so the service's SQL
 * runs unchanged. Statements run in file order, each to the end of its input, so a statement
 * reads what an earlier one wrote. Event time is each input record's, as given: windows close
 * as the event times advance and at the end of the input.
 */
public final class VelostreamTestDriver {
    /** The endpoint type of in-memory topics. */
    public static final String MEMORY = "memory";

    /** The applications in run order: each compiled on its own (errors name its source), all over the same topics. */
    private final List<Application> applications = new ArrayList<>();
    private final Map<String, List<StreamRecord>> inputs = new LinkedHashMap<>();
    private final List<ScalarFunction> functions = new ArrayList<>();
    private final List<AggregateFunction> aggregates = new ArrayList<>();
    private final Map<String, String> defaults = new LinkedHashMap<>();
    private Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

    private record Application(String sql, String sourceName) {
    }

    private VelostreamTestDriver() {
    }

    /** A driver for the statements of {@code sql}. */
    public static VelostreamTestDriver sql(String sql) {
        return empty().application(sql, null);
    }

    /** A driver with no SQL yet: add it with {@link #application}. */
    public static VelostreamTestDriver empty() {
        return new VelostreamTestDriver();
    }

    /**
     * Adds an application (a {@code .sql} file's statements), compiled on its own and run after
     * those added before, over the same topics: as {@code velostream.sql} with several files.
     *
     * @param sourceName the file name errors show, or null
     */
    public VelostreamTestDriver application(String sql, String sourceName) {
        applications.add(new Application(sql, sourceName));
        return this;
    }

    /**
     * Adds a record to topic {@code topic} with this event time (also its timestamp). Java
     * numbers are taken as SQL values: whole numbers as INTEGER, {@link BigDecimal} as DECIMAL,
     * float and double as FLOAT.
     */
    public VelostreamTestDriver input(String topic, long eventTime, Map<String, ?> values) {
        Object[] sqlValues = values.values().stream().map(VelostreamTestDriver::sqlValue).toArray();
        // Each record on its own schema; a topic's records are put on one when it is read.
        Schema schema = Schema.of(values.keySet().toArray(String[]::new));
        List<StreamRecord> records = inputs.computeIfAbsent(key(topic), t -> new ArrayList<>());
        // At partition 0, offset = its place in the topic: errors and dead letters name it as Kafka's would.
        records.add(new StreamRecord(schema, sqlValues, null, eventTime, eventTime, topic, 0, records.size(), null));
        return this;
    }

    /** Adds a user scalar function, as a bean implementing the SPI would in a service. */
    public VelostreamTestDriver function(ScalarFunction function) {
        functions.add(function);
        return this;
    }

    /** Adds a user aggregate function. */
    public VelostreamTestDriver aggregate(AggregateFunction function) {
        aggregates.add(function);
        return this;
    }

    /** A job setting for every statement, below annotations and WITH (as {@code velostream.*} in a service). */
    public VelostreamTestDriver set(String jobKey, String value) {
        defaults.put(jobKey, value);
        return this;
    }

    /** The clock of NOW() and CURRENT_DATE; fixed at the epoch unless set. */
    public VelostreamTestDriver clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /**
     * Runs every statement to the end of its input.
     *
     * @throws io.velostream.engine.sql.SqlException when the SQL is invalid, with line and column
     * @throws io.velostream.engine.job.JobFailedException when a job stops on an error (FailBatch, …)
     */
    public TestOutput run() {
        Topics topics = new Topics();
        inputs.forEach((name, records) -> topics.data.put(name, new ArrayList<>(records)));
        Connectors connectors = new Connectors().register(topics.factory(MEMORY))
                .register(topics.factory("kafka_source")).register(topics.factory("kafka_sink"));
        FunctionRegistry functionRegistry = ApplicationCompiler.builtinFunctions();
        functions.forEach(functionRegistry::register);
        AggregateRegistry aggregateRegistry = AggregateRegistry.builtins();
        aggregates.forEach(aggregateRegistry::register);
        ApplicationCompiler compiler = new ApplicationCompiler(connectors, n -> functionRegistry.find(n).orElse(null),
                n -> aggregateRegistry.find(n).orElse(null), new FunctionContext(clock));
        Map<String, JobMetrics> metrics = new LinkedHashMap<>();
        for (Application application : applications) {
            PreparedApplication app = compiler.prepare(application.sql(),
                    new ApplicationCompiler.Options(null, application.sourceName(), defaults, Map.of(), MEMORY, MEMORY));
            metrics.putAll(new ApplicationRunner().runAll(app));
        }
        return new TestOutput(topics.data, topics.written, metrics);
    }

    private static String key(String topic) {
        return topic.toLowerCase(Locale.ROOT);
    }

    private static Object sqlValue(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        } else if (v instanceof Float f) {
            return f.doubleValue();
        } else if (v instanceof BigDecimal d) {
            return Decimal.valueOf(d);
        }
        return v;
    }

    /** The in-memory topics: what the test gave and what the jobs wrote, by lower-case name. */
    private static final class Topics {
        final Map<String, List<StreamRecord>> data = new LinkedHashMap<>();
        final Set<String> written = new LinkedHashSet<>();

        ConnectorFactory factory(String type) {
            return new ConnectorFactory() {
                @Override
                public String type() {
                    return type;
                }

                @Override
                public DataReader openReader(EndpointSpec spec) {
                    List<StreamRecord> records = data.getOrDefault(key(topic(spec)), List.of());
                    // A topic an earlier statement has yet to write: its columns are learnt from the query, as with JSON on Kafka.
                    return records.isEmpty() ? new MemoryReader(Schema.open(), Collections.emptyIterator())
                            : new MemoryReader(aligned(records));
                }

                @Override
                public DataWriter openWriter(EndpointSpec spec) {
                    String topic = key(topic(spec));
                    written.add(topic);
                    List<StreamRecord> records = data.computeIfAbsent(topic, t -> new ArrayList<>());
                    return new DataWriter() {
                        @Override
                        public void write(List<StreamRecord> batch) {
                            records.addAll(batch);
                        }

                        @Override
                        public void flush() {
                        }

                        @Override
                        public void close() {
                        }
                    };
                }
            };
        }

        private static String topic(EndpointSpec spec) {
            return spec.option("topic", spec.name());
        }

        /** The records on one schema, the union of their fields in first-seen order; a missing field is NULL. */
        private static List<StreamRecord> aligned(List<StreamRecord> records) {
            Set<String> names = new LinkedHashSet<>();
            records.forEach(r -> names.addAll(r.schema().names()));
            Schema schema = Schema.of(names.toArray(String[]::new));
            List<StreamRecord> out = new ArrayList<>(records.size());
            for (StreamRecord r : records) {
                Object[] values = new Object[names.size()];
                int i = 0;
                for (String n : names) {
                    values[i++] = r.get(n);
                }
                out.add(new StreamRecord(schema, values, r.key(), r.timestamp(), r.eventTime(), r.topic(),
                        r.partition(), r.offset(), r.headers()));
            }
            return out;
        }
    }
}
