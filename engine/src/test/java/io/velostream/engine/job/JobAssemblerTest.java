package io.velostream.engine.job;

import io.velostream.engine.internal.exec.op.Chain;
import io.velostream.engine.internal.exec.op.Operator;
import io.velostream.engine.internal.exec.state.StatefulOperator;
import io.velostream.engine.internal.exec.state.StoreProvider;
import io.velostream.engine.io.ChangelogTopic;
import io.velostream.engine.io.CommittableSource;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.DeadLetterQueue;
import io.velostream.engine.io.SharingWriter;
import io.velostream.engine.io.TransactionalWriter;
import io.velostream.engine.io.WriterDeadLetters;
import io.velostream.engine.io.memory.MemoryReader;
import io.velostream.engine.io.memory.MemoryWriter;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Assembly by capability: fakes stand in for a connector's transactional writer and committable sources. */
class JobAssemblerTest {
    private final List<String> calls = new ArrayList<>();

    @Test
    void transactionalModeCommitsTheSourcesPositionsInTheSinksTransaction() throws Exception {
        FakeSource source = new FakeSource("in");
        FakeSink sink = new FakeSink(true);
        Job job = new JobAssembler("app").assemble(context("mode", "transactional"), inputs(source), sink, this::noQueue);

        assertThat(job.protocol()).isInstanceOf(TransactionalCommit.class);
        job.protocol().begin();
        job.protocol().begin(); // still the same transaction
        job.protocol().commit(job, job.inputs().get(0), true);
        assertThat(calls).containsExactly("begin", "offsets in", "commit", "committed in");
    }

    /** A commit that waits out an outage (KafkaWriter) gives up when the runner is stopped from another thread. */
    @Test
    void stoppingTheRunnerReachesACommitThatWaitsOnTheSink() throws Exception {
        FakeSink sink = new FakeSink(true);
        sink.commitWaits = true;
        Operator passOn = (in, out) -> out.addAll(in);
        Job job = new JobAssembler("app").assemble(context("mode", "transactional"),
                List.of(new Job.Input("in", new FakeSource("in"), passOn)), sink, this::noQueue);
        JobRunner runner = new JobRunner();
        CompletableFuture<JobMetrics> run = CompletableFuture.supplyAsync(() -> runner.run(job));
        assertThat(sink.committing.await(30, TimeUnit.SECONDS)).as("the commit started").isTrue();
        assertThat(run).isNotDone();

        runner.stop();
        assertThatThrownBy(() -> run.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(JobFailedException.class)
                .hasMessageContaining("gave up waiting: the job stopped");
    }

    @Test
    void anAbortDiscardsTheOpenTransactionOnce() throws Exception {
        FakeSource source = new FakeSource("in");
        Job job = new JobAssembler("app").assemble(context("mode", "transactional"), inputs(source), new FakeSink(true),
                this::noQueue);
        job.protocol().begin();
        job.protocol().abort(job, job.inputs().get(0));
        job.protocol().abort(job, job.inputs().get(0));
        assertThat(calls).containsExactly("begin", "abort");
    }

    @Test
    void transactionalModeRejectsASourceTheSinkCannotCommitAndASinkWithoutTransactions() {
        ProcessorContext ctx = context("mode", "transactional");
        List<Job.Input> plain = List.of(new Job.Input("file", new MemoryReader(List.of()), null));
        assertThatThrownBy(() -> new JobAssembler("app").assemble(ctx, plain, new FakeSink(true), this::noQueue))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source 'file'");
        assertThatThrownBy(() -> new JobAssembler("app").assemble(ctx, inputs(new FakeSource("in")), new MemoryWriter(),
                this::noQueue)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transactions");
    }

    @Test
    void simpleModeCommitsWithoutATransaction() throws Exception {
        Job job = new JobAssembler("app").assemble(context(), inputs(new FakeSource("in")), new FakeSink(true), this::noQueue);
        assertThat(job.protocol()).isInstanceOf(SimpleCommit.class);
    }

    @Test
    void deadLettersShareASinkThatCanCarryThemElseGetAWriterOfTheirOwn() throws Exception {
        ProcessorContext shared = context("failure_strategy", "SendToDLQ");
        new JobAssembler("app").assemble(shared, inputs(new FakeSource("in")), new FakeSink(false), this::noQueue);
        assertThat(calls).containsExactly("dead letters j.dlq shared");

        ProcessorContext own = context("failure_strategy", "SendToDLQ");
        MemoryWriter dlq = new MemoryWriter();
        new JobAssembler("app").assemble(own, inputs(new FakeSource("in")), new MemoryWriter(), () -> dlq);
        assertThat(own.deadLetters()).isInstanceOf(WriterDeadLetters.class);

        ProcessorContext failed = context("failure_strategy", "SendToDLQ");
        assertThat(new JobAssembler("app").assemble(failed, inputs(new FakeSource("in")), new MemoryWriter(), () -> null))
                .isNull();
    }

    @Test
    void eachStoreOfTheJobGetsAChangelogTopicOfItsOwnNamedUniquely() throws Exception {
        FakeStateful windows = new FakeStateful("windows", "watermark", "windows");
        FakeStateful again = new FakeStateful("windows", "watermark", "windows");
        FakeSink sink = new FakeSink(false);
        Operator chain = Chain.of(List.of(windows, again));
        new JobAssembler("app").assemble(context(), List.of(new Job.Input("in", new FakeSource("in"), chain)), sink,
                this::noQueue);
        assertThat(calls).containsExactly("changelog app-j-watermark-changelog of 1", "changelog app-j-windows-changelog of 1",
                "changelog app-j-watermark2-changelog of 1", "changelog app-j-windows2-changelog of 1");
        assertThat(JobAssembler.storeNames(chain, new java.util.HashMap<>()))
                .containsExactly("watermark", "windows", "watermark2", "windows2");
    }

    private DataWriter noQueue() {
        throw new AssertionError("no writer of its own expected");
    }

    private static ProcessorContext context(String... with) {
        Map<String, String> keys = new java.util.HashMap<>();
        for (int i = 0; i < with.length; i += 2) {
            keys.put(with[i], with[i + 1]);
        }
        return new ProcessorContext(JobSettings.resolve("j", Map.of(), keys, Map.of()));
    }

    private static List<Job.Input> inputs(DataReader reader) {
        return List.of(new Job.Input("in", reader, null));
    }

    private final class FakeSource implements CommittableSource {
        private final String name;

        FakeSource(String name) {
            this.name = name;
        }

        @Override
        public PendingOffsets pendingOffsets() {
            return new Offsets(name);
        }

        @Override
        public void committed() {
            calls.add("committed " + name);
        }

        @Override
        public Schema schema() {
            return Schema.of("v");
        }

        @Override
        public boolean read(List<StreamRecord> batch, int max) {
            return false;
        }

        @Override
        public void close() {
        }
    }

    private record Offsets(String source) implements CommittableSource.PendingOffsets {
        @Override
        public boolean isEmpty() {
            return false;
        }
    }

    private final class FakeSink implements TransactionalWriter, SharingWriter {
        private final boolean transactional;
        /** Commits wait until {@link #stopWaiting}, as a Kafka commit does through an outage. */
        boolean commitWaits;
        final CountDownLatch committing = new CountDownLatch(1);
        private final CountDownLatch stopped = new CountDownLatch(1);

        FakeSink(boolean transactional) {
            this.transactional = transactional;
        }

        @Override
        public void beginTransaction() {
            calls.add("begin");
        }

        @Override
        public void sendOffsets(CommittableSource.PendingOffsets offsets) {
            calls.add("offsets " + ((Offsets) offsets).source());
        }

        @Override
        public void commitTransaction() throws IOException {
            calls.add("commit");
            committing.countDown();
            try {
                if (commitWaits && stopped.await(60, TimeUnit.SECONDS)) {
                    throw new IOException("gave up waiting: the job stopped");
                }
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            }
        }

        @Override
        public void stopWaiting() {
            stopped.countDown();
        }

        @Override
        public void abortTransaction() {
            calls.add("abort");
        }

        @Override
        public boolean canCommit(CommittableSource source) {
            return transactional && source instanceof FakeSource;
        }

        @Override
        public ChangelogTopic openChangelog(String topic, int partitions) {
            calls.add("changelog " + topic + " of " + partitions);
            return new ChangelogTopic() {
                @Override
                public void append(int partition, byte[] key, byte[] value) {
                }

                @Override
                public long replay(int partition, long from, LongConsumer size, BiConsumer<byte[], byte[]> record) {
                    return 0;
                }

                @Override
                public long written(int partition) {
                    return -1;
                }
            };
        }

        @Override
        public DeadLetterQueue deadLetters(String topic, String job, List<DataReader> sources, boolean owned) {
            calls.add("dead letters " + topic + (owned ? " owned" : " shared"));
            return new DeadLetterQueue() {
                @Override
                public void send(RecordError error) {
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void write(List<StreamRecord> batch) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static final class FakeStateful implements Operator, StatefulOperator {
        private final String kind;
        private final List<String> stores;

        FakeStateful(String kind, String... stores) {
            this.kind = kind;
            this.stores = List.of(stores);
        }

        @Override
        public void process(List<StreamRecord> in, List<StreamRecord> out) {
            out.addAll(in);
        }

        @Override
        public String stateKind() {
            return kind;
        }

        @Override
        public List<String> storeNames() {
            return stores;
        }

        @Override
        public void useStore(StoreProvider provider) {
            stores.forEach(name -> provider.open(name, null));
        }
    }
}
