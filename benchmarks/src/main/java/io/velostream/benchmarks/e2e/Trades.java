package io.velostream.benchmarks.e2e;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The seeded trade events of the peer benchmark and the loader that writes them to the input topic. */
public final class Trades {
    static final long SEED = 42;
    static final long FIRST_EVENT_TIME = 1_700_000_000_000L;
    static final long EVENT_SPACING_MS = 10;
    static final int SYMBOLS = 50;
    /** Rows of the accounts table the JOIN workload looks trades up in. */
    static final int ACCOUNTS = 10_000;

    /** One event; price in cents (DECIMAL scale 2); account in [0, ACCOUNTS). */
    public record Trade(long id, String symbol, long priceCents, int quantity, String side, int account, long eventTime) {
        /** About 135 bytes: {"id":…,"symbol":"SYM07","price":123.45,"quantity":…,"side":"BUY","venue":"XNAS","account":…,"event_time":…}. */
        byte[] json() {
            String price = (priceCents / 100) + "." + (priceCents % 100 < 10 ? "0" : "") + (priceCents % 100);
            return ("{\"id\":" + id + ",\"symbol\":\"" + symbol + "\",\"price\":" + price + ",\"quantity\":" + quantity
                    + ",\"side\":\"" + side + "\",\"venue\":\"XNAS\",\"account\":" + account
                    + ",\"event_time\":" + eventTime + "}").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A row of the accounts table, keyed by {@code account}. */
    public record Account(int account, String tier, long creditLimit) {
        static Account of(int account) {
            return new Account(account, "T" + account % 5, 1_000L * (1 + account % 97));
        }

        byte[] json() {
            return ("{\"account\":" + account + ",\"tier\":\"" + tier + "\",\"credit_limit\":" + creditLimit + "}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    private Trades() {
    }

    /** Calls {@code each} with trades 0 … n-1, the same sequence on every call. */
    static void generate(long n, Consumer<Trade> each) {
        Random random = new Random(SEED);
        for (long id = 0; id < n; id++) {
            int s = random.nextInt(SYMBOLS);
            each.accept(new Trade(id, "SYM" + (s < 10 ? "0" : "") + s, 1 + random.nextInt(99_999),
                    1 + random.nextInt(1000), random.nextBoolean() ? "BUY" : "SELL", random.nextInt(ACCOUNTS),
                    FIRST_EVENT_TIME + id * EVENT_SPACING_MS));
        }
    }

    /** How many of the first n trades have an event time before {@code eventTime} (they are EVENT_SPACING_MS apart). */
    static long tradesBefore(long eventTime, long n) {
        return Math.max(0, Math.min(n, Math.floorDiv(eventTime - FIRST_EVENT_TIME + EVENT_SPACING_MS - 1, EVENT_SPACING_MS)));
    }

    /**
     * Writes n trades to {@code topic}, without key, round-robin over its partitions: every partition
     * advances through event time at the same pace, so a reader whose stream time is the maximum seen
     * (Kafka Streams) meets little skew between partitions and drops no window's records as late.
     */
    static void load(String bootstrapServers, String topic, long n, int partitions) {
        try (KafkaProducer<byte[], byte[]> producer = loader(bootstrapServers)) {
            generate(n, t -> producer.send(new ProducerRecord<>(topic, (int) (t.id() % partitions), t.eventTime(), null,
                    t.json())));
            producer.flush();
        }
    }

    /**
     * The live runs' producer: one trade every 100 ms until {@code started} (the contender's first
     * output), then {@code rate} trades/s for {@code seconds}, paced per 10 ms, each stamped with its
     * send time; {@code measuredFrom} is set to the first paced send. Unbatched ({@code linger.ms=0}),
     * so the producer adds no wait of its own.
     */
    static void produceLive(String bootstrapServers, String topic, int rate, int seconds, AtomicBoolean started,
                            AtomicLong measuredFrom, BooleanSupplier contenderAlive) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            long deadline = System.currentTimeMillis() + 120_000;
            byte[][] trickle = new byte[1][];
            generate(1, t -> trickle[0] = t.json());
            while (!started.get() && contenderAlive.getAsBoolean() && System.currentTimeMillis() < deadline) {
                producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), null, trickle[0]));
                sleep(100);
            }
            long start = System.currentTimeMillis();
            measuredFrom.set(start);
            int perSlice = Math.max(1, rate / 100);
            long[] sent = {0};
            generate((long) rate * seconds, t -> {
                producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), null, t.json()));
                if (++sent[0] % perSlice == 0) {
                    sleep(start + sent[0] / perSlice * 10 - System.currentTimeMillis());
                }
            });
            producer.flush();
        }
    }

    private static void sleep(long ms) {
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pacing the live producer", e);
            }
        }
    }

    /** Writes the ACCOUNTS rows to the compacted {@code topic}, keyed by the account number. */
    static void loadAccounts(String bootstrapServers, String topic) {
        try (KafkaProducer<byte[], byte[]> producer = loader(bootstrapServers)) {
            for (int a = 0; a < ACCOUNTS; a++) {
                producer.send(new ProducerRecord<>(topic, Integer.toString(a).getBytes(StandardCharsets.UTF_8),
                        Account.of(a).json()));
            }
            producer.flush();
        }
    }

    private static KafkaProducer<byte[], byte[]> loader(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }
}
