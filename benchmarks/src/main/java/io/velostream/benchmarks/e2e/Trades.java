package io.velostream.benchmarks.e2e;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/** The seeded trade events of the peer benchmark and the loader that writes them to the input topic. */
public final class Trades {
    static final long SEED = 42;
    static final long FIRST_EVENT_TIME = 1_700_000_000_000L;
    static final int SYMBOLS = 50;

    /** One event; price in cents (DECIMAL scale 2). */
    public record Trade(long id, String symbol, long priceCents, int quantity, String side, long eventTime) {
        /** About 120 bytes: {"id":…,"symbol":"SYM07","price":123.45,"quantity":…,"side":"BUY","venue":"XNAS","event_time":…}. */
        byte[] json() {
            String price = (priceCents / 100) + "." + (priceCents % 100 < 10 ? "0" : "") + (priceCents % 100);
            return ("{\"id\":" + id + ",\"symbol\":\"" + symbol + "\",\"price\":" + price + ",\"quantity\":" + quantity
                    + ",\"side\":\"" + side + "\",\"venue\":\"XNAS\",\"event_time\":" + eventTime + "}")
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
                    1 + random.nextInt(1000), random.nextBoolean() ? "BUY" : "SELL", FIRST_EVENT_TIME + id * 10));
        }
    }

    /** Writes n trades to {@code topic} (no key: the producer spreads batches over the partitions). */
    static void load(String bootstrapServers, String topic, long n) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            generate(n, t -> producer.send(new ProducerRecord<>(topic, null, t.eventTime(), null, t.json())));
            producer.flush();
        }
    }
}
