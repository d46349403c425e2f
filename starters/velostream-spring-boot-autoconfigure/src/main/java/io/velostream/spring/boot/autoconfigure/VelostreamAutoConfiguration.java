package io.velostream.spring.boot.autoconfigure;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.function.FunctionContext;
import io.velostream.engine.function.FunctionRegistry;
import io.velostream.engine.function.ScalarFunction;
import io.velostream.engine.function.aggregate.AggregateFunction;
import io.velostream.engine.function.aggregate.AggregateRegistry;
import io.velostream.engine.io.ConnectorFactory;
import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.kafka.KafkaConnectors;
import io.velostream.engine.io.TaskOwners;
import io.velostream.engine.job.JobSettings;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Auto-configures the engine for a Spring Boot service: the connectors, the function registries,
 * the compiler and the jobs of {@code velostream.sql}. Every bean backs off when the application
 * defines its own of that type.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(VelostreamProperties.class)
public class VelostreamAutoConfiguration {
    /** The endpoint types of a source or sink that names no type: a Kafka topic of that name (docs/sql.md#sources-and-sinks-with). */
    static final String DEFAULT_SOURCE_TYPE = KafkaConnectors.SOURCE_TYPE;
    static final String DEFAULT_SINK_TYPE = KafkaConnectors.SINK_TYPE;

    /**
     * Kafka client settings from the consumer and producer factories Spring Boot configured from {@code spring.kafka.*},
     * and the service's schema registry.
     */
    @Bean
    @ConditionalOnMissingBean
    KafkaClientOptions velostreamKafkaClientOptions(ObjectProvider<ConsumerFactory<?, ?>> consumers,
                                                    ObjectProvider<ProducerFactory<?, ?>> producers,
                                                    VelostreamProperties properties) {
        ConsumerFactory<?, ?> consumer = consumers.getIfUnique();
        ProducerFactory<?, ?> producer = producers.getIfUnique();
        return KafkaClientOptions.of(consumer == null ? Map.of() : consumer.getConfigurationProperties(),
                producer == null ? Map.of() : producer.getConfigurationProperties())
                .withSchemaRegistry(properties.getSchemaRegistry().getUrl(),
                        properties.getSchemaRegistry().getBasicAuthUserInfo());
    }

    /**
     * The built-in connectors, then every {@link ConnectorFactory} bean (one of a built-in type
     * replaces it). Each is wrapped so that a {@code DataReader}/{@code DataWriter} bean named
     * like an endpoint replaces that endpoint, and Kafka endpoints get the service's client settings.
     */
    @Bean
    @ConditionalOnMissingBean
    public Connectors velostreamConnectors(ObjectProvider<ConnectorFactory> userFactories, KafkaClientOptions kafka,
                                           VelostreamProperties properties, Environment environment,
                                           ListableBeanFactory beans) {
        Connectors base = KafkaConnectors.register(Connectors.builtIn(), kafka.consumerObjects(), kafka.producerObjects());
        userFactories.orderedStream().forEach(base::register);
        String groupPrefix = applicationId(properties, environment);
        Connectors wrapped = new Connectors();
        for (String type : base.types()) {
            boolean isKafka = type.equals(KafkaConnectors.SOURCE_TYPE) || type.equals(KafkaConnectors.SINK_TYPE);
            wrapped.register(new ServiceConnectorFactory(type, base, isKafka ? kafka.consumer() : Map.of(),
                    isKafka ? kafka.producer() : Map.of(), isKafka ? groupPrefix : null, beans));
        }
        return wrapped;
    }

    @Bean
    @ConditionalOnMissingBean
    public FunctionRegistry velostreamFunctionRegistry(ObjectProvider<ScalarFunction> functions) {
        FunctionRegistry registry = ApplicationCompiler.builtinFunctions().withServiceLoader(getClass().getClassLoader());
        functions.orderedStream().forEach(registry::register);
        return registry;
    }

    @Bean
    @ConditionalOnMissingBean
    public AggregateRegistry velostreamAggregateRegistry(ObjectProvider<AggregateFunction> aggregates) {
        AggregateRegistry registry = AggregateRegistry.load(getClass().getClassLoader());
        aggregates.orderedStream().forEach(registry::register);
        return registry;
    }

    @Bean
    @ConditionalOnMissingBean
    public FunctionContext velostreamFunctionContext() {
        return FunctionContext.system();
    }

    @Bean
    @ConditionalOnMissingBean
    public ApplicationCompiler velostreamCompiler(Connectors connectors, FunctionRegistry functions,
                                                  AggregateRegistry aggregates, FunctionContext context) {
        return new ApplicationCompiler(connectors, name -> functions.find(name).orElse(null),
                name -> aggregates.find(name).orElse(null), context);
    }

    @Bean
    @ConditionalOnMissingBean
    public VelostreamJobs velostreamJobs(ApplicationCompiler compiler, VelostreamProperties properties,
                                         ResourcePatternResolver resources) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(JobSettings.MODE, properties.getMode().name().toLowerCase());
        if (properties.getInstanceId() != null) {
            defaults.put(JobSettings.INSTANCE_ID, properties.getInstanceId()); // else the engine's: HOSTNAME, else made at start
        }
        if (properties.getAdvertisedUrl() != null) {
            defaults.put(TaskOwners.ADVERTISED_URL, properties.getAdvertisedUrl()); // docs/scaling.md#interactive-queries
        }
        properties.getState().putKeys(defaults);
        Map<String, Map<String, String>> perJob = new LinkedHashMap<>();
        properties.getJobs().forEach((name, job) -> perJob.put(name, jobKeys(job)));
        return new VelostreamJobs(compiler, SqlApplication.load(properties.getSql(), resources),
                app -> new ApplicationCompiler.Options(app.baseDir(), app.sourceName(), defaults, perJob,
                        DEFAULT_SOURCE_TYPE, DEFAULT_SINK_TYPE),
                name -> {
                    VelostreamProperties.Job job = properties.getJobs().get(name);
                    return job == null || job.isEnabled();
                });
    }

    /** The job keys ({@link JobSettings}) that {@code velostream.jobs.<name>} sets. */
    private static Map<String, String> jobKeys(VelostreamProperties.Job job) {
        Map<String, String> keys = new LinkedHashMap<>();
        if (job.getMode() != null) {
            keys.put(JobSettings.MODE, job.getMode().name().toLowerCase());
        }
        if (job.getBatchSize() != null) {
            keys.put(JobSettings.BATCH_SIZE, job.getBatchSize().toString());
        }
        if (job.getBatchTimeout() != null) {
            keys.put(JobSettings.BATCH_TIMEOUT, Long.toString(job.getBatchTimeout().toMillis()));
        }
        if (job.getCommitInterval() != null) {
            keys.put(JobSettings.COMMIT_INTERVAL, Long.toString(job.getCommitInterval().toMillis()));
        }
        if (job.getFailureStrategy() != null) {
            keys.put(JobSettings.FAILURE_STRATEGY, job.getFailureStrategy());
        }
        if (job.getDlqTopic() != null) {
            keys.put(JobSettings.DLQ_TOPIC, job.getDlqTopic());
        }
        if (job.getThreads() != null) {
            keys.put(JobSettings.THREADS, job.getThreads().toString());
        }
        job.getState().putKeys(keys);
        return keys;
    }

    static String applicationId(VelostreamProperties properties, Environment environment) {
        return Objects.requireNonNullElse(properties.getApplicationId(),
                environment.getProperty("spring.application.name", "velostream"));
    }
}
