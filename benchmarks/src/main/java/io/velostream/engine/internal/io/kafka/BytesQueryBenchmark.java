package io.velostream.engine.internal.io.kafka;

import io.velostream.benchmarks.BenchmarkQuery;
import io.velostream.benchmarks.MemoryJob;
import io.velostream.benchmarks.SeedRecords;
import io.velostream.engine.internal.io.format.DecodeException;
import io.velostream.engine.internal.io.format.JsonEncoder;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.io.PassThroughSink;
import io.velostream.engine.io.PassThroughSource;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * sink encodes it — the engine plus the codecs, without the Kafka clients (docs/benchmarks.md). A
 * query that leaves records unchanged writes their original bytes, as a JSON Kafka sink over a JSON
 * Kafka source does (docs/kafka.md#raw-pass-through). Lives
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

    private ConsumerRecord<byte[], byte[]>[] polled;
    private long[] timestamps;

    @Setup
    public void setUp() throws IOException {
        ValueEncoders.Buffer buffer = new ValueEncoders.Buffer();
        ValueEncoder json = new ValueEncoders.Lines(buffer, new JsonEncoder(buffer));
        List<StreamRecord> records = SeedRecords.generate(RECORDS);
        @SuppressWarnings("unchecked")
        ConsumerRecord<byte[], byte[]>[] all = new ConsumerRecord[RECORDS];
        polled = all;
        timestamps = new long[RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            polled[i] = new ConsumerRecord<>("test_stream", 0, i, null, json.encode(records.get(i)).clone());
            timestamps[i] = records.get(i).timestamp();
        }
    }

    /** @return the bytes written, so nothing of the encoding can be left out */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long run() {
        return MemoryJob.prepare(query.sql(), query.options(), Map.of("test_stream", () -> new JsonBytesReader(polled,
                timestamps)), new JsonBytesWriter()).run();
    }

    /** Decodes JSON values a batch at a time, as the Kafka source does (docs/kafka.md#formats). */
    static final class JsonBytesReader implements PassThroughSource {
        private final ValueDecoders.JsonValues decoder = new ValueDecoders.JsonValues();
        private final ConsumerRecord<byte[], byte[]>[] polled;
        private final long[] timestamps;
        private boolean keepOriginals;
        private int next;

        JsonBytesReader(ConsumerRecord<byte[], byte[]>[] polled, long[] timestamps) {
            this.polled = polled;
            this.timestamps = timestamps;
        }

        @Override
        public void keepOriginals(int slotsRead) {
            keepOriginals = true;
            decoder.decodeOnly(slotsRead);
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
            int end = Math.min(polled.length, next + max);
            for (; next < end; next++) {
                ConsumerRecord<byte[], byte[]> r = polled[next];
                try {
                    batch.add(StreamRecord.fromSource(decoder.schema(), decoder.decode(r.value()), null, timestamps[next],
                            "test_stream", 0, next, null, keepOriginals ? r : null));
                } catch (DecodeException e) {
                    throw new IllegalStateException("the benchmark's own JSON does not decode: " + e.getMessage(), e);
                }
            }
            return next < polled.length;
        }

        @Override
        public void close() {
        }
    }

    /**
     * Encodes each record to a JSON value, as the Kafka sink does, and counts the bytes; writes an
     * unchanged record's original value, as a JSON sink over JSON sources does.
     */
    static final class JsonBytesWriter extends MemoryJob.CountingWriter implements PassThroughSink {
        private ValueEncoder encoder;

        JsonBytesWriter() {
            ValueEncoders.Buffer buffer = new ValueEncoders.Buffer();
            try {
                encoder = new ValueEncoders.Lines(buffer, new JsonEncoder(buffer));
            } catch (IOException e) { // an in-memory buffer does no I/O
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean writeOriginals(List<EndpointSpec> sources) {
            encoder = RawPassThrough.originalValues(encoder);
            return true;
        }

        @Override
        public void write(List<StreamRecord> batch) throws IOException {
            for (int i = 0, n = batch.size(); i < n; i++) {
                count += encoder.encode(batch.get(i)).length;
            }
        }
    }
}
