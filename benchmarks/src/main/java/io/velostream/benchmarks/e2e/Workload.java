package io.velostream.benchmarks.e2e;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.function.Predicate;

/** A query of the peer benchmark: its Velostream SQL, the equivalent Kafka Streams topology, and which input rows it outputs. */
public enum Workload {
    /** Velostream decodes and re-encodes JSON; Kafka Streams, as a user would write it, copies bytes. */
    PASS_THROUGH("SELECT * FROM trades", t -> true),
    FILTER_PROJECT("SELECT id, symbol, price, quantity FROM trades WHERE price > 500.00", t -> t.priceCents() > 50_000);

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final BigDecimal FIVE_HUNDRED = new BigDecimal("500.00");

    private final String select;
    private final Predicate<Trades.Trade> outputs;

    Workload(String select, Predicate<Trades.Trade> outputs) {
        this.select = select;
        this.outputs = outputs;
    }

    boolean outputs(Trades.Trade trade) {
        return outputs.test(trade);
    }

    /** The Velostream application: a bounded kafka_source over {@code in} into a kafka_sink on {@code out}. */
    String sql(String bootstrapServers, String in, String out, String group) {
        return "CREATE STREAM trades_out AS " + select + " WITH ("
                + "'bootstrap.servers' = '" + bootstrapServers + "', "
                + "'trades.type' = 'kafka_source', 'trades.topic' = '" + in + "', 'trades.format' = 'json', "
                + "'trades.bounded' = 'true', 'trades.group.id' = '" + group + "', "
                + "'trades_out.type' = 'kafka_sink', 'trades_out.topic' = '" + out + "', 'trades_out.format' = 'json');";
    }

    Topology streamsTopology(String in, String out) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<byte[], byte[]> trades = builder.stream(in, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()));
        KStream<byte[], byte[]> result = switch (this) {
            case PASS_THROUGH -> trades;
            case FILTER_PROJECT -> trades.mapValues(Workload::parse)
                    .filter((k, v) -> v.get("price").decimalValue().compareTo(FIVE_HUNDRED) > 0)
                    .mapValues(v -> {
                        ObjectNode projected = JSON.createObjectNode();
                        projected.set("id", v.get("id"));
                        projected.set("symbol", v.get("symbol"));
                        projected.set("price", v.get("price"));
                        projected.set("quantity", v.get("quantity"));
                        return write(projected);
                    });
        };
        result.to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.build();
    }

    private static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
