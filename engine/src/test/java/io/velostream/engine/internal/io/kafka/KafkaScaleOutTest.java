package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.job.Job;
import io.velostream.engine.job.JobFailedException;
import io.velostream.engine.job.JobListener;
import io.velostream.engine.job.JobMetrics;
import io.velostream.engine.job.JobRunner;
import io.velostream.engine.job.JobSettings;
import io.velostream.engine.record.StreamRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Replicas of one application (docs/scaling.md): two instances in one JVM, the same application
 * name and SQL, each with its own instance id, reading a topic of four partitions through one
 * consumer group.
 */
@Timeout(180)
class KafkaScaleOutTest extends KafkaTestSupport {
    private static final int PARTITIONS = 4;

    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void aStatelessJobScalesOutThroughTheConsumerGroup(String mode) throws Exception {
        String in = topic(PARTITIONS);
        String out = topic(1);
        String sql = """
                CREATE STREAM copied AS SELECT id FROM orders WHERE id >= 0
                WITH ('mode' = '%s', 'batch.size' = '10',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.group.id' = '%s',
                      'copied.type' = 'kafka_sink', 'copied.topic' = '%s')""".formatted(mode, in, group(), out);
        AtomicInteger sent = new AtomicInteger(produce(in, 0, 40));
        try (Instance a = new Instance("a", sql)) {
            await(() -> a.read.get() > 0, "instance a reads", a);
            try (Instance b = new Instance("b", sql)) {
                // Records keep coming to every partition until the group has given b its share.
                await(() -> {
                    sent.set(produce(in, sent.get(), PARTITIONS));
                    return b.read.get() > 0;
                }, "instance b reads", a, b);
                a.read.set(0);
                b.read.set(0);
                sent.set(produce(in, sent.get(), 40));
                await(() -> new HashSet<>(values(committed(out))).size() == sent.get(), "every input is in the output", a, b);
                assertThat(a.read).as("a still holds partitions").hasPositiveValue();
                assertThat(b.read).as("b holds partitions").hasPositiveValue();
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < sent.get(); i++) {
            expected.add("{\"id\":" + i + "}");
        }
        List<String> output = values(committed(out));
        if (mode.equals("transactional")) {
            assertThat(output).as("exactly once, neither instance fenced").containsExactlyInAnyOrderElementsOf(expected);
        } else {
            assertThat(new HashSet<>(output)).as("complete; duplicates only across a rebalance").isEqualTo(new HashSet<>(expected));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void aStatefulJobFailsWhenAnotherInstanceTakesSomeOfItsPartitions(String mode) throws Exception {
        String in = topic(PARTITIONS);
        String out = topic(1);
        String sql = """
                CREATE STREAM totals AS SELECT customer, COUNT(*) AS n, MAX(_offset) AS last FROM orders GROUP BY customer
                WITH ('mode' = '%s', 'batch.size' = '10',
                      'orders.type' = 'kafka_source', 'orders.topic' = '%s', 'orders.group.id' = '%s',
                      'totals.type' = 'kafka_sink', 'totals.topic' = '%s')""".formatted(mode, in, group(), out);
        produce(in, 0, 40);
        // Reading _offset, the job is not repartitioned (docs/scaling.md#repartition): it keeps the guard.
        try (Instance a = new Instance("a", sql)) {
            await(() -> a.read.get() > 0, "instance a reads", a);
            try (Instance b = new Instance("b", sql)) {
                // The cooperative rebalance leaves each with part of the input: both stop, neither counts half.
                for (Instance i : List.of(b, a)) {
                    assertThatThrownBy(() -> i.done.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                            .cause().isInstanceOf(JobFailedException.class)
                            .hasMessageStartingWith("job totals: kafka source 'orders' was assigned ")
                            .hasMessageContaining("of the 4 partitions of topic '" + in + "'")
                            .hasMessageContaining("its groups")
                            .hasMessageContaining("run one replica of a job with state")
                            .hasMessageContaining("docs/scaling.md");
                }
            }
        }
    }

    /** Records {@code {"id": n}} for n from {@code from}, spread over the partitions; @return the next n. */
    private static int produce(String topic, int from, int count) throws Exception {
        for (int i = from; i < from + count; i++) {
            producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, utf8("{\"id\":" + i + "}")));
        }
        producer.flush();
        return from + count;
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits until {@code condition} holds, checking it every 100 ms; fails at once when an instance's job failed. */
    private static void await(Condition condition, String what, Instance... instances) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            for (Instance i : instances) {
                if (i.done.isCompletedExceptionally()) {
                    i.done.get(); // throws the job's failure
                }
            }
            if (condition.holds()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    /** One instance of the test's application: its job compiled with its own instance id, run on a thread of its own. */
    private final class Instance implements AutoCloseable {
        final JobRunner runner = new JobRunner();
        final AtomicInteger read = new AtomicInteger();
        final CompletableFuture<JobMetrics> done = new CompletableFuture<>();

        Instance(String id, String sql) {
            Job job = ApplicationCompiler.withBuiltins().prepare(sql, new ApplicationCompiler.Options(null,
                    application + ".sql", Map.of("bootstrap.servers", broker.getBrokersAsString(),
                    JobSettings.INSTANCE_ID, id))).nextJob();
            job.context().listener(new JobListener() {
                @Override
                public void batchCommitted(Job.Input input, List<StreamRecord> in, List<StreamRecord> out, long nanos) {
                    read.addAndGet(in.size());
                }
            });
            Thread thread = new Thread(() -> {
                try {
                    done.complete(runner.run(job));
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
            }, "instance-" + id);
            thread.start();
        }

        /** Stops the job after its batch in hand (which it commits) and waits for it, whatever its outcome. */
        @Override
        public void close() throws Exception {
            runner.stop();
            done.handle((metrics, failure) -> null).get(60, TimeUnit.SECONDS);
        }
    }
}
