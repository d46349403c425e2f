package io.velostream.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.velostream.benchmarks.e2e.OutputCheck.JSON;

/**
 * A query of the peer benchmark: its Velostream SQL, the equivalent Kafka Streams topology, and the
 * check of its output. The aggregates are COUNT(*), SUM(quantity), AVG/MIN/MAX(price) per symbol.
 */
public enum Workload {
    /** Velostream decodes and re-encodes JSON; Kafka Streams, as a user would write it, copies bytes. */
    PASS_THROUGH("SELECT * FROM trades", ""),
    FILTER_PROJECT("SELECT id, symbol, price, quantity FROM trades WHERE price > 500.00", ""),
    GROUP_BY("SELECT symbol, " + Workload.AGGREGATES + " FROM trades GROUP BY symbol EMIT CHANGES", ""),
    /** Event time is the record timestamp (the trade's event_time); both sides allow GRACE of lateness. */
    TUMBLING_WINDOW("SELECT symbol, " + Workload.AGGREGATES + ", _window_start AS window_start FROM trades "
            + "GROUP BY symbol WINDOW TUMBLING(1m, GRACE PERIOD 10m) EMIT FINAL", ""),
    /** The accounts table: a compacted topic loaded at start and followed after (a GlobalKTable in Kafka Streams). */
    JOIN("SELECT t.id, t.symbol, t.price, t.quantity, a.tier, a.credit_limit "
            + "FROM trades t JOIN accounts a ON t.account = a.account",
            "'accounts.type' = 'kafka_table', 'accounts.topic' = '" + Workload.ACCOUNTS_TOPIC + "', "
                    + "'accounts.primary_key' = 'account', 'accounts.group.id' = '{group}-accounts', "),
    /** The store comparison (issue 16): one group per account, 10,000 keys. */
    GROUP_BY_ACCOUNT("SELECT account, " + Workload.AGGREGATES + " FROM trades GROUP BY account EMIT CHANGES", ""),
    /** The store comparison (issue 16): one group per trade, as many keys as input records. */
    GROUP_BY_ID("SELECT id, " + Workload.AGGREGATES + " FROM trades GROUP BY id EMIT CHANGES", "");

    static final String ACCOUNTS_TOPIC = "accounts";
    static final Duration WINDOW = Duration.ofMinutes(1), GRACE = Duration.ofMinutes(10);
    private static final String AGGREGATES = "COUNT(*) AS trades, SUM(quantity) AS quantity, AVG(price) AS avg_price, "
            + "MIN(price) AS min_price, MAX(price) AS max_price";
    private static final BigDecimal FIVE_HUNDRED = new BigDecimal("500.00");
    private static final long FIVE_HUNDRED_CENTS = 50_000;

    private final String select;
    private final String with;

    Workload(String select, String with) {
        this.select = select;
        this.with = with;
    }

    /**
     * EMIT FINAL's latency is the window plus its grace by definition: its live run would measure nothing.
     * The store comparison measures throughput only (GROUP_BY has the latency of an aggregation).
     */
    boolean hasLatency() {
        return this != TUMBLING_WINDOW && !comparesStores();
    }

    /**
     * The stateful workloads that also run on 2 threads and 2 instances (issue 12): both sides
     * repartition the trades by symbol and keep their state changelogged.
     */
    boolean scales() {
        return this == GROUP_BY || this == TUMBLING_WINDOW;
    }

    /**
     * The workloads that compare state stores (issue 16): memory against RocksDB in Velostream, beside
     * Streams' RocksDB and in-memory stores, at-least-once, on one instance and thread.
     */
    boolean comparesStores() {
        return this == GROUP_BY_ACCOUNT || this == GROUP_BY_ID;
    }

    /** Velostream reads these without end, so its state is in changelogged stores, as Streams' is. */
    boolean repartitions() {
        return scales() || comparesStores();
    }

    /** The output column (and Streams' key) of a grouping workload. */
    String groupKey() {
        return switch (this) {
            case GROUP_BY_ACCOUNT -> "account";
            case GROUP_BY_ID -> "id";
            default -> "symbol";
        };
    }

    /** The reference this workload's output is checked against. */
    OutputCheck check(long records) {
        return switch (this) {
            case PASS_THROUGH -> OutputCheck.rows(records, t -> true, "quantity", Trades.Trade::quantity);
            case FILTER_PROJECT -> OutputCheck.rows(records, t -> t.priceCents() > FIVE_HUNDRED_CENTS, "quantity",
                    Trades.Trade::quantity);
            case GROUP_BY -> OutputCheck.finalPerKey(records, groupKey(), Trades.Trade::symbol);
            case GROUP_BY_ACCOUNT -> OutputCheck.finalPerKey(records, groupKey(), t -> Integer.toString(t.account()));
            case GROUP_BY_ID -> OutputCheck.finalPerKey(records, groupKey(), t -> Long.toString(t.id()));
            case TUMBLING_WINDOW -> OutputCheck.perWindow(records, WINDOW.toMillis(), GRACE.toMillis());
            case JOIN -> OutputCheck.rows(records, t -> true, "credit_limit",
                    t -> Trades.Account.of(t.account()).creditLimit());
        };
    }

    /**
     * The Velostream application: a kafka_source over {@code in} into a kafka_sink on {@code out}, on
     * {@code threads} threads (docs/scaling.md#threads), its state in RocksDB stores if {@code rocksDb}
     * (docs/scaling.md#stores).
     */
    String sql(String bootstrapServers, String in, String out, String group, boolean transactional, boolean bounded,
               int threads, boolean rocksDb) {
        return "CREATE STREAM trades_out AS " + select + " WITH ("
                + "'bootstrap.servers' = '" + bootstrapServers + "', " + (transactional ? "'mode' = 'transactional', " : "")
                + (rocksDb ? "'state.store' = 'rocksdb', " : "")
                + (threads > 1 ? "'threads' = '" + threads + "', " : "")
                + "'commit.interval' = '" + Contender.COMMIT_INTERVAL_MS + "', "
                + with.replace("{group}", group)
                + "'trades.type' = 'kafka_source', 'trades.topic' = '" + in + "', 'trades.format' = 'json', "
                + "'trades.bounded' = '" + bounded + "', 'trades.group.id' = '" + group + "', "
                + "'trades_out.type' = 'kafka_sink', 'trades_out.topic' = '" + out + "', 'trades_out.format' = 'json');";
    }

    /** @param inMemoryStores the aggregation's store in memory instead of RocksDB (the GROUP_BY cache-0 variant) */
    Topology streamsTopology(String in, String out, boolean inMemoryStores) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<byte[], byte[]> trades = builder.stream(in, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Produced<byte[], byte[]> bytes = Produced.with(Serdes.ByteArray(), Serdes.ByteArray());
        Produced<String, byte[]> keyed = Produced.with(Serdes.String(), Serdes.ByteArray());
        switch (this) {
            case PASS_THROUGH -> trades.to(out, bytes);
            case FILTER_PROJECT -> trades.mapValues(Workload::parse)
                    .filter((k, v) -> v.get("price").decimalValue().compareTo(FIVE_HUNDRED) > 0)
                    .mapValues(v -> write(project(v, "id", "symbol", "price", "quantity")))
                    .to(out, bytes);
            case GROUP_BY, GROUP_BY_ACCOUNT, GROUP_BY_ID -> byKey(trades)
                    .aggregate(Workload::emptyAggregates, Workload::add, inMemoryStores
                            ? Materialized.<String, long[]>as(Stores.inMemoryKeyValueStore("aggregates"))
                                    .withKeySerde(Serdes.String()).withValueSerde(AGGREGATES_SERDE)
                            : Materialized.with(Serdes.String(), AGGREGATES_SERDE))
                    .toStream()
                    .mapValues((key, a) -> aggregatesJson(key, a, ""))
                    .to(out, keyed);
            case TUMBLING_WINDOW -> byKey(trades)
                    .windowedBy(TimeWindows.ofSizeAndGrace(WINDOW, GRACE))
                    .aggregate(Workload::emptyAggregates, Workload::add, Materialized.with(Serdes.String(), AGGREGATES_SERDE))
                    .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
                    .toStream()
                    .map((w, a) -> KeyValue.pair(w.key(), aggregatesJson(w.key(), a, ",\"window_start\":" + w.window().start())))
                    .to(out, keyed);
            case JOIN -> {
                GlobalKTable<String, JsonNode> accounts = builder.globalTable(ACCOUNTS_TOPIC,
                        Consumed.with(Serdes.String(), Serdes.serdeFrom((topic, node) -> write(node), (topic, b) -> parse(b))));
                trades.mapValues(Workload::parse)
                        .join(accounts, (k, t) -> t.get("account").asText(), (t, a) -> {
                            ObjectNode joined = project(t, "id", "symbol", "price", "quantity");
                            joined.set("tier", a.get("tier"));
                            joined.set("credit_limit", a.get("credit_limit"));
                            return write(joined);
                        })
                        .to(out, bytes);
            }
        }
        return builder.build();
    }

    /** Trades re-keyed by the group key to (price in cents, quantity): the repartition topic carries 12 bytes a trade. */
    private KGroupedStream<String, byte[]> byKey(KStream<byte[], byte[]> trades) {
        String field = groupKey();
        return trades.map((k, v) -> {
            JsonNode t = parse(v);
            return KeyValue.pair(t.get(field).asText(), ByteBuffer.allocate(12)
                    .putLong(t.get("price").decimalValue().movePointRight(2).longValueExact())
                    .putInt(t.get("quantity").asInt()).array());
        }).groupByKey(Grouped.with(Serdes.String(), Serdes.ByteArray()));
    }

    /** trades, quantity, sum of price cents, min and max price cents. */
    private static long[] emptyAggregates() {
        return new long[]{0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE};
    }

    private static long[] add(String symbol, byte[] priceAndQuantity, long[] a) {
        ByteBuffer b = ByteBuffer.wrap(priceAndQuantity);
        long cents = b.getLong();
        a[0]++;
        a[1] += b.getInt();
        a[2] += cents;
        a[3] = Math.min(a[3], cents);
        a[4] = Math.max(a[4], cents);
        return a;
    }

    private static final Serde<long[]> AGGREGATES_SERDE = Serdes.serdeFrom(
            (topic, a) -> {
                ByteBuffer b = ByteBuffer.allocate(a.length * Long.BYTES);
                b.asLongBuffer().put(a);
                return b.array();
            },
            (topic, bytes) -> {
                long[] a = new long[bytes.length / Long.BYTES];
                ByteBuffer.wrap(bytes).asLongBuffer().get(a);
                return a;
            });

    /** The row Velostream writes: the symbol as a string, an account or id as a number. */
    private byte[] aggregatesJson(String key, long[] a, String more) {
        String quote = groupKey().equals("symbol") ? "\"" : "";
        return ("{\"" + groupKey() + "\":" + quote + key + quote + ",\"trades\":" + a[0] + ",\"quantity\":" + a[1]
                + ",\"avg_price\":" + (a[2] / 100.0 / a[0]) + ",\"min_price\":" + BigDecimal.valueOf(a[3], 2)
                + ",\"max_price\":" + BigDecimal.valueOf(a[4], 2) + more + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode project(JsonNode row, String... fields) {
        ObjectNode projected = JSON.createObjectNode();
        for (String f : fields) {
            projected.set(f, row.get(f));
        }
        return projected;
    }

    private static JsonNode parse(byte[] value) {
        return OutputCheck.parse(value);
    }

    private static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
