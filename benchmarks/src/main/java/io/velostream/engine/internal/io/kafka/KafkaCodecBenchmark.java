package io.velostream.engine.internal.io.kafka;

import io.velostream.benchmarks.SeedRecords;
import io.velostream.engine.internal.io.format.CsvEncoder;
import io.velostream.engine.internal.io.format.DecodeException;
import io.velostream.engine.internal.io.format.JsonEncoder;
import io.velostream.engine.record.StreamRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a Kafka source and sink add per record on top of the query: the value decoder and encoder
 * of each format, as the connectors build them, over the seed records (docs/benchmarks.md). Lives
 * in the engine's package to reach the package-private codecs without making them API.
 * Score = records per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class KafkaCodecBenchmark {
    static final int RECORDS = 100_000;
    private static final String AVRO_SCHEMA = """
            {"type": "record", "name": "Seed", "fields": [
              {"name": "id", "type": "long"},
              {"name": "category", "type": "string"},
              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
              {"name": "ts", "type": "long"}]}""";

    @Param({"json", "csv", "avro"})
    public String format;

    private List<StreamRecord> records;
    private byte[][] values;
    private ValueEncoder encoder;
    private ValueDecoder decoder;

    @Setup
    public void setUp() throws IOException {
        records = SeedRecords.generate(RECORDS);
        ValueEncoders.Buffer buffer = new ValueEncoders.Buffer();
        switch (format) {
            case "json" -> {
                encoder = new ValueEncoders.Lines(buffer, new JsonEncoder(buffer));
                decoder = new ValueDecoders.JsonValues();
            }
            case "csv" -> {
                encoder = new ValueEncoders.Lines(buffer, new CsvEncoder(buffer, ',', false));
                decoder = new ValueDecoders.CsvValues(',', SeedRecords.SCHEMA.names());
            }
            case "avro" -> {
                encoder = new AvroFormat.Encoder(AvroFormat.parse(AVRO_SCHEMA), buffer);
                decoder = new AvroFormat.Decoder(AvroFormat.parse(AVRO_SCHEMA));
            }
            default -> throw new IllegalArgumentException("unknown format " + format);
        }
        values = new byte[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            values[i] = encoder.encode(records.get(i));
        }
    }

    /** Each encoded value goes to the Blackhole, so no part of an encoding can be optimised away. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void encode(Blackhole bh) throws IOException {
        for (int i = 0; i < RECORDS; i++) {
            bh.consume(encoder.encode(records.get(i)));
        }
    }

    /** Each decoded value goes to the Blackhole, not only the row's width. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void decode(Blackhole bh) throws DecodeException {
        for (byte[] v : values) {
            for (Object value : decoder.decode(v)) {
                bh.consume(value);
            }
        }
    }
}
