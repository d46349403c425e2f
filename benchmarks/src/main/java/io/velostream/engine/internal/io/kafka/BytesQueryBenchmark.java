package io.velostream.engine.internal.io.kafka;

import io.velostream.benchmarks.BenchmarkQuery;
import io.velostream.benchmarks.MemoryJob;
import io.velostream.benchmarks.SeedRecords;
import io.velostream.engine.internal.io.format.DecodeException;
import io.velostream.engine.internal.io.format.JsonEncoder;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.record.Schema;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@link BenchmarkQuery} queries from encoded bytes to encoded bytes, on one thread: each value is
 * decoded from JSON as a Kafka source decodes it (so every string is freshly made, its hash not yet
 * computed), goes through the real job loop, and each output record is encoded to JSON as a Kafka
 * sink encodes it — the engine plus the codecs, without the Kafka clients (docs/benchmarks.md). Lives
 * in the engine's package to reach the package-private codecs. Score = input records per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class BytesQueryBenchmark {
    static final int RECORDS = 1_000_000;

    @Param
    public BenchmarkQuery query;

    private byte[][] values;
    private long[] timestamps;

    @Setup
    public void setUp() throws IOException {
        ValueEncoders.Buffer buffer = new ValueEncoders.Buffer();
        ValueEncoder json = new ValueEncoders.Lines(buffer, new JsonEncoder(buffer));
        List<StreamRecord> records = SeedRecords.generate(RECORDS);
        values = new byte[RECORDS][];
        timestamps = new long[RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            values[i] = json.encode(records.get(i)).clone();
            timestamps[i] = records.get(i).timestamp();
        }
    }

    /** @return the bytes written, so nothing of the encoding can be left out */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long run() {
        return MemoryJob.prepare(query.sql(), query.options(), Map.of("test_stream", () -> new JsonBytesReader(values,
                timestamps)), new JsonBytesWriter()).run();
    }

    /** Decodes JSON values a batch at a time, as the Kafka source does (docs/kafka.md#formats). */
    static final class JsonBytesReader implements DataReader {
        private final ValueDecoders.JsonValues decoder = new ValueDecoders.JsonValues();
        private final byte[][] values;
        private final long[] timestamps;
        private int next;

        JsonBytesReader(byte[][] values, long[] timestamps) {
            this.values = values;
            this.timestamps = timestamps;
        }

        @Override
        public Schema schema() {
            return decoder.schema();
        }

        @Override
        public boolean isBounded() {
            return true;
        }

        @Override
        public boolean read(List<StreamRecord> batch, int max) throws IOException {
            int end = Math.min(values.length, next + max);
            for (; next < end; next++) {
                try {
                    batch.add(new StreamRecord(decoder.schema(), decoder.decode(values[next]), null, timestamps[next],
                            timestamps[next], "test_stream", 0, next, null));
                } catch (DecodeException e) {
                    throw new IllegalStateException("the benchmark's own JSON does not decode: " + e.getMessage(), e);
                }
            }
            return next < values.length;
        }

        @Override
        public void close() {
        }
    }

    /** Encodes each record to a JSON value, as the Kafka sink does, and counts the bytes. */
    static final class JsonBytesWriter extends MemoryJob.CountingWriter {
        private final ValueEncoder encoder;

        JsonBytesWriter() {
            ValueEncoders.Buffer buffer = new ValueEncoders.Buffer();
            try {
                encoder = new ValueEncoders.Lines(buffer, new JsonEncoder(buffer));
            } catch (IOException e) { // an in-memory buffer does no I/O
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void write(List<StreamRecord> batch) throws IOException {
            for (int i = 0, n = batch.size(); i < n; i++) {
                count += encoder.encode(batch.get(i)).length;
            }
        }
    }
}
