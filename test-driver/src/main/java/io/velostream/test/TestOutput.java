package io.velostream.test;

import io.velostream.engine.io.DeadLetterQueue;
import io.velostream.engine.job.JobMetrics;
import io.velostream.engine.record.StreamRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/** What a {@link VelostreamTestDriver} run wrote, by topic, and each job's counters. */
public final class TestOutput {
    private final Map<String, List<StreamRecord>> topics;
    private final Set<String> written;
    private final Map<String, JobMetrics> metrics;

    TestOutput(Map<String, List<StreamRecord>> topics, Set<String> written, Map<String, JobMetrics> metrics) {
        this.topics = topics;
        this.written = written;
        this.metrics = metrics;
    }

    /** The records a job wrote to {@code topic}, in order, with key, timestamps and headers. */
    public List<StreamRecord> records(String topic) {
        String key = topic.toLowerCase(Locale.ROOT);
        if (!written.contains(key)) {
            throw new NoSuchElementException("no job writes topic '" + topic + "'; written: " + written);
        }
        return List.copyOf(topics.get(key));
    }

    /** The values of the records written to {@code topic}: column name to SQL value (INTEGER as Long). */
    public List<Map<String, Object>> values(String topic) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StreamRecord r : records(topic)) {
            Map<String, Object> row = new LinkedHashMap<>();
            List<String> names = r.schema().names();
            for (int i = 0; i < names.size(); i++) {
                row.put(names.get(i), r.value(i));
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * What job {@code job} sent to its dead-letter topic (SendToDLQ; {@code '<job>.dlq'} unless
     * {@code dlq.topic} names another), in order; empty when it sent nothing.
     */
    public List<DeadLetter> deadLetters(String job, String dlqTopic) {
        String key = dlqTopic.toLowerCase(Locale.ROOT);
        List<DeadLetter> letters = new ArrayList<>();
        for (StreamRecord r : topics.getOrDefault(key, List.of())) {
            if (job.equals(r.headers().get(DeadLetterQueue.JOB))) {
                letters.add(new DeadLetter((String) r.value(0), r.headers().get(DeadLetterQueue.ERROR),
                        r.headers().get(DeadLetterQueue.TOPIC)));
            }
        }
        return letters;
    }

    /** {@link #deadLetters(String, String)} on the default topic {@code <job>.dlq}. */
    public List<DeadLetter> deadLetters(String job) {
        return deadLetters(job, job + ".dlq");
    }

    /**
     * A record a job gave up on.
     *
     * @param raw    the record as it was read (its text), or null when the driver's input was the record itself
     * @param error  why: the message a log line would show, with the record's position
     * @param source the topic it was read from
     */
    public record DeadLetter(String raw, String error, String source) {
    }

    /** The counters of job {@code name}: records in and out, record errors, late records. */
    public JobMetrics metrics(String job) {
        JobMetrics m = metrics.get(job);
        if (m == null) {
            throw new NoSuchElementException("no job named '" + job + "'; jobs: " + metrics.keySet());
        }
        return m;
    }
}
