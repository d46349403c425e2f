package io.velostream.spring.boot.starter;

import io.velostream.spring.boot.autoconfigure.VelostreamEndpoint;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code velostream.mode=transactional} in a service: a GROUP BY between topics whose output is
 * written in Kafka transactions (visible to read_committed consumers, with commit markers in the log).
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "velostream.application-id=tx",
        "velostream.mode=transactional",
        "velostream.sql=classpath:sql/tx.sql",
        "velostream.jobs.totals.batch-size=1",
        "management.endpoint.velostream.access=unrestricted",
        "management.endpoints.web.exposure.include=health,velostream",
        "logging.level.org.apache.kafka=WARN", "logging.level.kafka=WARN", "logging.level.state.change=WARN"})
@EmbeddedKafka(partitions = 1, topics = {"payments", "totals"}, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
class StarterTransactionalIntegrationTest {
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    VelostreamEndpoint endpoint;

    @Test
    void aServiceInTransactionalModeCommitsItsOutputInTransactions() throws Exception {
        kafka.send("payments", "{\"customer\": \"a\", \"amount\": 5}");
        kafka.send("payments", "{\"customer\": \"b\", \"amount\": 7}");
        kafka.send("payments", "{\"customer\": \"a\", \"amount\": 1}").get();

        List<ConsumerRecord<String, String>> out = readCommitted("totals", 3);
        assertThat(out).extracting(ConsumerRecord::value).containsExactly(
                "{\"customer\":\"a\",\"n\":1,\"total\":5}", "{\"customer\":\"b\",\"n\":1,\"total\":7}",
                "{\"customer\":\"a\",\"n\":2,\"total\":6}");
        assertThat(endpoint.job("totals").mode()).isEqualTo("transactional");
        // Written in transactions: their commit markers take offsets of their own in the log.
        assertThat(endOffset("totals")).isGreaterThan(3L);
    }

    private long endOffset(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                broker.getBrokersAsString()), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(tp)).get(tp);
        }
    }

    private List<ConsumerRecord<String, String>> readCommitted(String topic, int count) {
        Map<String, Object> props = Map.of("bootstrap.servers", broker.getBrokersAsString(),
                "isolation.level", "read_committed");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
        }
        return records;
    }

    @SpringBootApplication
    static class TestService {
    }
}
