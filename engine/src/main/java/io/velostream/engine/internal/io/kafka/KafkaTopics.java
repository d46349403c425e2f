package io.velostream.engine.internal.io.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Internal topics a job needs with a given partition count: created when missing, checked when present. */
final class KafkaTopics {
    private static final long TIMEOUT_SECONDS = 30;

    private KafkaTopics() {
    }

    /**
     * Creates {@code topic} with {@code partitions} partitions and {@code configs} when it does not
     * exist; when it does, its partition count must be {@code partitions}: records keyed for one count
     * would land in the wrong partitions of another (docs/scaling.md#repartition).
     *
     * @param clientProperties a client's properties (servers, security); what an admin client knows is used
     * @param what             how the topic is named in errors ({@code the repartition topic})
     * @throws IOException when the topic cannot be created or described, or has another partition count
     */
    static void ensure(Map<String, Object> clientProperties, String topic, int partitions, Map<String, String> configs,
                       String what) throws IOException {
        try (Admin admin = Admin.create(KafkaChangelog.only(clientProperties, AdminClientConfig.configNames()))) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(configs)))
                        .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IOException("cannot create " + what + " '" + topic + "': " + e.getCause().getMessage(), e);
                }
            }
            TopicDescription existing = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
            int actual = existing.partitions().size();
            if (actual != partitions) {
                throw new IOException(what + " '" + topic + "' exists with " + actual + " partition"
                        + (actual == 1 ? "" : "s") + ", but the job needs " + partitions
                        + " (the partition count of its input): delete the topic so that it is created again,"
                        + " or give the input the same partition count (docs/scaling.md#repartition)");
            }
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IOException("cannot describe " + what + " '" + topic + "': " + cause, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating " + what + " '" + topic + "'", e);
        }
    }
}
