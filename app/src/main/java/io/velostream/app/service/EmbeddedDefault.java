package io.velostream.app.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.Map;

/**
 * With no {@code spring.kafka.bootstrap-servers} configured, the service starts a single-node
 * KRaft broker in-process and, unless {@code velostream.sql} is set, the demo: a trade generator
 * and {@code classpath:demo/trades.sql}. So the service runs on a machine with no Kafka.
 *
 * <p>The broker is Spring Kafka's {@link EmbeddedKafkaKraftBroker}: it tracks Kafka's own KRaft
 * test-cluster bootstrap (storage formatting, controller quorum) release by release, which a
 * hand-built {@code KafkaRaftServer} would have to re-implement on internal APIs.
 */
final class EmbeddedDefault implements GenericApplicationListener {
    static final String[] DEMO_TOPICS = {"trades", "large_trades", "ohlc_1m"};
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDefault.class);
    private EmbeddedKafkaKraftBroker broker;

    @Override
    public boolean supportsEventType(ResolvableType eventType) {
        Class<?> type = eventType.getRawClass();
        return type != null && (ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
                || ApplicationPreparedEvent.class.isAssignableFrom(type));
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            start(prepared.getEnvironment());
        } else if (event instanceof ApplicationPreparedEvent prepared && broker != null) {
            // A singleton registered first is destroyed last: after the jobs and clients have stopped.
            prepared.getApplicationContext().getBeanFactory().registerSingleton("velostreamEmbeddedKafka", broker);
        }
    }

    private void start(ConfigurableEnvironment env) {
        if (env.containsProperty("spring.kafka.bootstrap-servers")) {
            return;
        }
        boolean demo = !env.containsProperty("velostream.sql");
        broker = new EmbeddedKafkaKraftBroker(1, 1, DEMO_TOPICS);
        broker.afterPropertiesSet();
        String servers = broker.getBrokersAsString();
        log.info("no spring.kafka.bootstrap-servers: started an embedded Kafka broker at {}{}", servers,
                demo ? " and the demo (classpath:demo/trades.sql)" : "");
        Map<String, Object> props = demo
                ? Map.of("spring.kafka.bootstrap-servers", servers, "velostream.sql", "classpath:demo/trades.sql",
                        "velostream.demo.enabled", "true")
                : Map.of("spring.kafka.bootstrap-servers", servers);
        env.getPropertySources().addFirst(new MapPropertySource("velostreamEmbeddedDefault", props));
    }
}
