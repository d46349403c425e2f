package io.velostream.engine.internal.io.kafka;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The value formats of Kafka endpoints (docs/kafka.md#formats). */
enum KafkaFormat {
    /** One JSON object per message; the schema is open. */
    JSON,
    /** One CSV record per message, no header line. */
    CSV,
    /** The whole value as UTF-8 text in one STRING column {@code value}. */
    STRING,
    /** The raw value, Base64-encoded, in one STRING column {@code value}. */
    BYTES,
    /** Avro binary with a schema given in the options, or framed with a schema registry. */
    AVRO,
    /** Protobuf framed with a schema registry (docs/formats.md#schema-registry). */
    PROTOBUF,
    /** JSON framed with a JSON Schema in a schema registry (docs/formats.md#schema-registry). */
    JSON_SR,
    /** Velostream's binary rows, exact for every SQL type ({@link RowFormat}); repartition topics use it. */
    VELOSTREAM;

    String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static KafkaFormat byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (KafkaFormat f : values()) {
            if (f.optionName().equals(n)) {
                return f;
            }
        }
        return null;
    }

    static String names() {
        return Arrays.stream(values()).map(KafkaFormat::optionName).collect(Collectors.joining(", "));
    }
}
