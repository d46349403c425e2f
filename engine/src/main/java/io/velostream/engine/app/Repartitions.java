package io.velostream.engine.app;

import io.velostream.engine.internal.sql.ast.Expr;
import io.velostream.engine.internal.sql.ast.Query;
import io.velostream.engine.internal.sql.ast.Statement;
import io.velostream.engine.internal.sql.plan.Repartition;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.io.kafka.KafkaConnectors;
import io.velostream.engine.job.JobSettings;
import io.velostream.engine.record.Schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The two statements a repartitioned GROUP BY, DISTINCT or OVER runs as (docs/scaling.md#repartition): stage 1, job
 * {@code <job>-repartition}, writes the source's records (after WHERE, the columns the aggregation
 * reads) to topic {@code <application>-<job>-repartition-0}, keyed by their group; stage 2, job
 * {@code <job>}, is the user's query reading that topic as a source keyed by its groups, writing to
 * the user's sink. Both have the statement's job settings.
 */
final class Repartitions {
    /** Sink option: the partition count the topic is created with, and must have (docs/kafka.md#options). */
    static final String PARTITIONS = "partitions";
    /** Job key: how often stage 2 deletes what it committed from the repartition topic, in ms. */
    static final String PURGE_INTERVAL = "repartition.purge.interval.ms";
    /** Kafka Streams' {@code repartition.purge.interval.ms} default. */
    static final String DEFAULT_PURGE_INTERVAL = "30000";
    /** Source keys stage 2 keeps: how event time, watermarks and late records are handled. */
    private static final List<String> TIME_PREFIXES = List.of("event.time.", "watermark.", "late.data.");
    /** Source keys both stages need to reach the same cluster. */
    private static final List<String> CONNECTION_PREFIXES = List.of("bootstrap.servers", "security.", "sasl.", "ssl.",
            "client.dns.lookup");

    private final String application;
    private final String job;
    private final int partitions;

    Repartitions(String application, String job, int partitions) {
        this.application = application;
        this.job = job;
        this.partitions = partitions;
    }

    static String stage1Name(String job) {
        return job + "-repartition";
    }

    String topic() {
        return topic(0);
    }

    /** Repartition topic {@code n}: 0, and 1 for a join's second side. */
    private String topic(int n) {
        return application + "-" + job + "-repartition-" + n;
    }

    /** Stage 1 then stage 2 of {@code st}, whose one SELECT reads {@code source}. */
    List<Statement> stages(Statement st, Query.Select select, EndpointSpec source, Map<String, String> with,
                           Map<String, String> jobKeys, Schema schema) {
        String topic = topic();
        Repartition.Split split = Repartition.split(select, schema, source.options().get("event.time.field"), topic);
        Map<String, String> second = new LinkedHashMap<>(with);
        readAs(second, select.from().name(), topic, source, with, jobKeys);
        Statement stage2 = new Statement(st.pos(), st.kind(), st.target(), split.stage2(), second, st.annotations(),
                st.text());
        return List.of(stage1(st, split.stage1(), topic, select.from().name(), with), stage2);
    }

    /**
     * The stage 1 of each side of a join that is not co-partitioned on its key (docs/scaling.md#co-partitioned-joins),
     * writing repartition topics 0 (the FROM) and 1 (the joined stream) keyed by the join key, then the join reading
     * both as sources keyed by it, so co-partitioned.
     *
     * @param keys each side's join key ({@link Repartition#joinKeys})
     */
    List<Statement> joinStages(Statement st, Query.Select select, List<EndpointSpec> sides, List<List<Expr>> keys,
                               Map<String, String> with, Map<String, String> jobKeys) {
        List<Query.Source> sources = List.of(select.from(), select.joins().get(0).right());
        List<Statement> stages = new ArrayList<>();
        Map<String, String> second = new LinkedHashMap<>(with);
        for (int i = 0; i < 2; i++) {
            Query.Select side = Repartition.joinSide(sources.get(i), keys.get(i));
            String other = sources.get(1 - i).name();
            Map<String, String> own = new LinkedHashMap<>(with);
            if (!other.equalsIgnoreCase(sources.get(i).name())) {
                own.keySet().removeIf(k -> Endpoints.ownKey(k, other)); // the other side's stage 1 reads it
            }
            stages.add(stage1(st, side, topic(i), sources.get(i).name(), own));
            readAs(second, sources.get(i).name(), topic(i), sides.get(i), with, jobKeys);
        }
        stages.add(new Statement(st.pos(), st.kind(), st.target(), Repartition.joinOf(select, topic(0), topic(1)),
                second, st.annotations(), st.text()));
        return stages;
    }

    /** Stage 1: {@code query} over source {@code source} written to {@code topic}, with the statement's job settings. */
    private Statement stage1(Statement st, Query.Select query, String topic, String source, Map<String, String> with) {
        Map<String, String> sourceOwn = Endpoints.options(source, with, Map.of());
        Map<String, String> first = new LinkedHashMap<>(with);
        if (st.target() != null) {
            first.keySet().removeIf(k -> Endpoints.ownKey(k, st.target()));
        }
        first.put(topic + ".type", KafkaConnectors.SINK_TYPE);
        first.put(topic + ".topic", topic);
        first.put(topic + ".format", "velostream");
        first.put(topic + "." + PARTITIONS, String.valueOf(partitions));
        // Purged once read (below), never by age: records keep their source's timestamps, which may be older than
        // the broker's retention when a topic is read again from the start (docs/scaling.md#repartition).
        first.put(topic + ".topic.retention.ms", "-1");
        copy(sourceOwn, CONNECTION_PREFIXES, topic, first);
        List<Statement.Annotation> settings = new ArrayList<>();
        for (Statement.Annotation a : st.annotations()) {
            String key = a.key().toLowerCase(Locale.ROOT);
            if (JobSettings.ANNOTATIONS.contains(key) && !key.equals(JobSettings.NAME_ANNOTATION)) {
                settings.add(a);
            }
        }
        return new Statement(st.pos(), Statement.Kind.CREATE_STREAM, topic, query, first, settings, st.text());
    }

    /** Stage 2's keys reading {@code topic} in place of {@code name}: a Kafka source keyed by the state's key. */
    private void readAs(Map<String, String> second, String name, String topic, EndpointSpec source,
                        Map<String, String> with, Map<String, String> jobKeys) {
        Map<String, String> sourceOwn = Endpoints.options(name, with, Map.of());
        second.keySet().removeIf(k -> Endpoints.ownKey(k, name));
        second.put(topic + ".type", KafkaConnectors.SOURCE_TYPE);
        second.put(topic + ".topic", topic);
        second.put(topic + ".format", "velostream");
        second.put(topic + "." + KafkaConnectors.KEYED_BY_GROUP, "true");
        second.put(topic + ".auto.offset.reset", "earliest");
        second.put(topic + ".purge.interval.ms", jobKeys.getOrDefault(PURGE_INTERVAL, DEFAULT_PURGE_INTERVAL));
        second.put(topic + "." + Repartition.SOURCE_PARTITIONS, String.valueOf(partitions));
        String group = source.options().get("group.id");
        if (group != null) {
            // Its own group, derived from the source's: the two stages read different topics (docs/kafka.md).
            second.put(topic + ".group.id", group + "-repartition");
        }
        copy(sourceOwn, TIME_PREFIXES, topic, second);
        copy(sourceOwn, CONNECTION_PREFIXES, topic, second);
    }

    private static void copy(Map<String, String> own, List<String> prefixes, String to, Map<String, String> into) {
        own.forEach((k, v) -> {
            String key = k.toLowerCase(Locale.ROOT);
            if (prefixes.stream().anyMatch(key::startsWith)) {
                into.put(to + "." + k, v);
            }
        });
    }
}
