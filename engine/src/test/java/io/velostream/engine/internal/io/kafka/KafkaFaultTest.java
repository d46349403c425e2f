package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.io.DeadLetterQueue;
import io.velostream.engine.job.JobFailedException;
import io.velostream.engine.job.JobMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.velostream.engine.internal.io.kafka.KafkaJobTest.committedOffset;
import static io.velostream.engine.internal.io.kafka.KafkaJobTest.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13's faults on the embedded broker, in both modes (docs/reliability.md#faults): poison
 * input under SendToDLQ, and a sink topic that rejects records under each failure strategy.
 * Outages and kills are {@link KafkaOutageTest} and {@link KafkaCrashTest}.
 */
@Timeout(180)
class KafkaFaultTest extends KafkaTestSupport {

    /**
     * 1 % poison among 10 000 records — malformed JSON, a string where a number is due, an INTEGER
     * that overflows when doubled, a 100 KB string — each in the dead-letter topic as read with its
     * {@code velostream.*} headers; the job goes on to the end and the rest of the output is exact.
     */
    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void onePercentPoisonGoesToTheDeadLetterTopicAndTheRestIsExact(String mode) throws Exception {
        String in = topic(1);
        String out = topic(1);
        String dlq = topic(1);
        int records = 10_000;
        List<String> expected = new ArrayList<>();
        Map<Integer, String> poison = new HashMap<>();
        for (int i = 0; i < records; i++) {
            String value;
            if (i % 100 == 37) {
                value = switch (i / 100 % 4) {
                    case 0 -> "{\"id\":" + i + ",\"amount\":";
                    case 1 -> "{\"id\":" + i + ",\"amount\":\"twelve\"}";
                    case 2 -> "{\"id\":" + i + ",\"amount\":" + Long.MAX_VALUE + "}";
                    default -> "{\"id\":" + i + ",\"amount\":\"" + "x".repeat(100_000) + "\"}";
                };
                poison.put(i, value);
            } else {
                value = "{\"id\":" + i + ",\"amount\":" + i + "}";
                expected.add("{\"id\":" + i + ",\"doubled\":" + 2L * i + "}");
            }
            producer.send(new ProducerRecord<>(in, 0, null, utf8(value)));
        }
        producer.flush();

        JobMetrics metrics = run("""
                CREATE STREAM doubled AS SELECT id, amount * 2 AS doubled FROM src
                WITH ('mode' = '%s', 'failure_strategy' = 'SendToDLQ', 'dlq.topic' = '%s', 'batch.size' = '500',
                      'src.type' = 'kafka_source', 'src.topic' = '%s', 'src.bounded' = 'true', 'src.group.id' = '%s',
                      'doubled.type' = 'kafka_sink', 'doubled.topic' = '%s')""".formatted(mode, dlq, in, group(), out))
                .get("doubled");

        assertThat(metrics.recordErrors()).isEqualTo(poison.size());
        List<String> output = values(committed(out));
        assertThat(output).as("the output of the good records, once each, in order").containsExactlyElementsOf(expected);
        // Decode errors of a batch reach the queue as it is read, evaluation errors as it is processed:
        // compared by offset, not in order.
        List<ConsumerRecord<byte[], byte[]>> dead = committed(dlq);
        assertThat(dead).extracting(d -> Integer.parseInt(header(d, DeadLetterQueue.OFFSET)))
                .as("every poison record, once").containsExactlyInAnyOrderElementsOf(poison.keySet());
        for (ConsumerRecord<byte[], byte[]> d : dead) {
            int offset = Integer.parseInt(header(d, DeadLetterQueue.OFFSET));
            assertThat(new String(d.value(), StandardCharsets.UTF_8).equals(poison.get(offset))).as("dead letter %d as read", offset).isTrue();
            assertThat(header(d, DeadLetterQueue.ERROR)).as("error of %d", offset).isNotBlank();
            assertThat(header(d, DeadLetterQueue.JOB)).isEqualTo("doubled");
            assertThat(header(d, DeadLetterQueue.TOPIC)).isEqualTo(in);
            assertThat(header(d, DeadLetterQueue.PARTITION)).isEqualTo("0");
            assertThat(header(d, DeadLetterQueue.TIMESTAMP)).isNotBlank();
        }
        figure("poison, " + mode, records, expected.size(), output, poison.size() + " in the DLQ");
    }

    /**
     * The sink topic takes records up to 2 000 bytes ({@code max.message.bytes}); 15 of 2 000 outputs
     * are larger. Each strategy applies to them as to a record that cannot be evaluated: counted and
     * logged, or sent to the dead-letter topic, or the batch fails and the job stops — and in every
     * case the output holds every other record up to the committed input offset.
     */
    @ParameterizedTest
    @CsvSource({"simple, LogAndContinue", "transactional, LogAndContinue", "simple, SendToDLQ",
            "transactional, SendToDLQ", "simple, FailBatch", "transactional, FailBatch"})
    void aSinkTopicThatRejectsLargeRecordsGetsTheFailureStrategy(String mode, String strategy) throws Exception {
        String in = topic(1);
        String out = topic(1, Map.of("max.message.bytes", "2000"));
        String dlq = topic(1);
        int records = 2_000;
        List<Integer> large = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            boolean tooLarge = i >= 500 && i % 100 == 50;
            if (tooLarge) {
                large.add(i);
            }
            producer.send(new ProducerRecord<>(in, 0, null, utf8("{\"id\":" + i + ",\"note\":\"" + (tooLarge ? "x".repeat(3_000) : "n") + "\"}")));
        }
        producer.flush();
        String group = group();
        String sql = """
                CREATE STREAM notes AS SELECT id, note FROM src
                WITH ('mode' = '%s', 'failure_strategy' = '%s', 'dlq.topic' = '%s', 'batch.size' = '100',
                      'src.type' = 'kafka_source', 'src.topic' = '%s', 'src.bounded' = 'true', 'src.group.id' = '%s',
                      'notes.type' = 'kafka_sink', 'notes.topic' = '%s')""".formatted(mode, strategy, dlq, in, group, out);
        List<String> small = IntStream.range(0, records).filter(i -> !large.contains(i))
                .mapToObj(i -> "{\"id\":" + i + ",\"note\":\"n\"}").toList();

        if (strategy.equals("FailBatch")) {
            assertThatThrownBy(() -> run(sql)).isInstanceOf(JobFailedException.class)
                    .hasMessageContaining("stopped (FailBatch)")
                    .hasMessageContaining("kafka sink 'notes': the record is")
                    .hasMessageContaining("more than topic '" + out + "' accepts (2000)");
            Long committed = committedOffset(group, in);
            long upTo = committed == null ? 0 : committed;
            assertThat(upTo).as("committed input offset").isLessThanOrEqualTo(large.get(0));
            List<String> output = values(committed(out));
            if (mode.equals("transactional")) {
                assertThat(output).as("the output of exactly the committed input").containsExactlyElementsOf(small.subList(0, (int) upTo));
            } else {
                // At least once: the records of the failed batch sent before the rejected one stay
                // written, and are written again when a restart reads the batch again.
                assertThat(output).as("the output of the committed input, then of part of the failed batch")
                        .startsWith(small.subList(0, (int) upTo).toArray(String[]::new))
                        .isSubsetOf(small.subList(0, large.get(0))).doesNotHaveDuplicates();
            }
            figure("sink rejects, FailBatch, " + mode, records, (int) upTo, output.subList(0, (int) upTo),
                    "job stopped at offset " + upTo + ", " + (output.size() - upTo) + " of the failed batch written");
            return;
        }
        JobMetrics metrics = run(sql).get("notes");
        assertThat(metrics.recordErrors()).isEqualTo(large.size());
        List<String> output = values(committed(out));
        assertThat(output).containsExactlyElementsOf(small);
        String result = large.size() + " counted";
        if (strategy.equals("SendToDLQ")) {
            List<ConsumerRecord<byte[], byte[]>> dead = committed(dlq);
            assertThat(dead).extracting(d -> header(d, DeadLetterQueue.OFFSET))
                    .containsExactlyElementsOf(large.stream().map(String::valueOf).toList());
            assertThat(dead).allSatisfy(d -> assertThat(header(d, DeadLetterQueue.ERROR)).contains("more than topic"));
            assertThat(dead).allSatisfy(d -> assertThat(d.value()).hasSizeGreaterThan(3_000)); // the input as read
            result += ", " + dead.size() + " in the DLQ";
        } else {
            assertThat(committed(dlq)).isEmpty();
        }
        figure("sink rejects, " + strategy + ", " + mode, records, small.size(), output, result);
    }

    /** One line per run for the table in docs/reliability.md: what came out against what was due. */
    static void figure(String fault, int records, int due, List<String> output, String result) {
        long distinct = output.stream().distinct().count();
        System.out.printf("FAULT FIGURE | %s | records %d | output due %d | lost %d | duplicated %d | %s%n",
                fault, records, due, due - distinct, output.size() - distinct, result);
    }
}
