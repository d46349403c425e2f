package io.velostream.spring.boot.autoconfigure;

import io.velostream.engine.app.ApplicationCompiler;
import io.velostream.engine.function.BoundFunction;
import io.velostream.engine.function.ScalarFunction;
import io.velostream.engine.io.ConnectorFactory;
import io.velostream.engine.io.Connectors;
import io.velostream.engine.io.DataReader;
import io.velostream.engine.io.DataWriter;
import io.velostream.engine.io.EndpointSpec;
import io.velostream.engine.io.memory.MemoryReader;
import io.velostream.engine.io.memory.MemoryWriter;
import io.velostream.engine.job.StateSettings;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.sql.SqlException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class VelostreamAutoConfigurationTest {
    private static final Schema ORDERS = Schema.of(List.of("id", "amount"), List.of(SqlType.INTEGER, SqlType.INTEGER));

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VelostreamAutoConfiguration.class));

    @Test
    void aNameWithNoTypeIsAKafkaTopic() {
        runner.withUserConfiguration(MemoryKafka.class)
                .withPropertyValues("velostream.sql=CREATE STREAM big AS SELECT id, amount FROM orders WHERE amount > 100")
                .run(ctx -> {
                    List<StreamRecord> out = ctx.getBean(MemoryKafka.class).sink;
                    VelostreamJobs jobs = ctx.getBean(VelostreamJobs.class);
                    await().atMost(Duration.ofSeconds(10)).until(() -> jobs.job("big").state() == JobState.FINISHED);
                    assertThat(out).extracting(r -> r.get("id")).containsExactly(2L);
                    ManagedJob job = jobs.job("big");
                    assertThat(job.recordsIn()).isEqualTo(3);
                    assertThat(job.recordsOut()).isEqualTo(1);
                    assertThat(job.sources()).containsExactly("orders");
                    assertThat(job.sink()).isEqualTo("big");
                });
    }

    @Test
    void propertiesBindAndReachTheJob() {
        runner.withUserConfiguration(MemoryKafka.class)
                .withPropertyValues("velostream.sql=CREATE STREAM big AS SELECT * FROM orders;"
                                + " CREATE STREAM other AS SELECT * FROM orders",
                        "velostream.jobs.big.batch-size=7", "velostream.jobs.big.batch-timeout=2s",
                        "velostream.jobs.big.commit-interval=250ms",
                        "velostream.jobs.big.failure-strategy=FailBatch", "velostream.jobs.other.enabled=false",
                        "velostream.state.store=rocksdb", "velostream.state.dir=/data/state",
                        "velostream.state.cache-max-bytes=64MB", "velostream.jobs.big.state.cache-max-bytes=1MB")
                .run(ctx -> {
                    VelostreamProperties props = ctx.getBean(VelostreamProperties.class);
                    assertThat(props.getMode()).isEqualTo(VelostreamProperties.Mode.SIMPLE);
                    assertThat(props.getJobs().get("big").getBatchTimeout()).isEqualTo(Duration.ofSeconds(2));
                    VelostreamJobs jobs = ctx.getBean(VelostreamJobs.class);
                    await().atMost(Duration.ofSeconds(10)).until(() -> jobs.job("big").state() == JobState.FINISHED);
                    var config = jobs.job("big").config();
                    assertThat(config.batchSize()).isEqualTo(7);
                    assertThat(config.batchTimeoutMillis()).isEqualTo(2000);
                    assertThat(config.commitIntervalMillis()).isEqualTo(250);
                    assertThat(config.failureStrategy().sqlName()).isEqualTo("FailBatch");
                    assertThat(config.state()).isEqualTo(new StateSettings(StateSettings.Store.ROCKSDB,
                            Path.of("/data/state"), 1L << 20));
                    assertThat(jobs.job("other").state()).isEqualTo(JobState.DISABLED);
                    assertThat(jobs.job("other").config()).isNull();
                });
    }

    @Test
    void theServiceSchemaRegistryIsEveryKafkaEndpointsDefault() {
        runner.withPropertyValues("velostream.schema-registry.url=http://registry:8081",
                        "velostream.schema-registry.basic-auth-user-info=svc:s3cret")
                .run(ctx -> {
                    KafkaClientOptions kafka = ctx.getBean(KafkaClientOptions.class);
                    assertThat(kafka.consumer()).containsEntry("schema.registry.url", "http://registry:8081")
                            .containsEntry("schema.registry.basic.auth.user.info", "svc:s3cret");
                    assertThat(kafka.producer()).containsEntry("schema.registry.url", "http://registry:8081")
                            .containsEntry("schema.registry.basic.auth.user.info", "svc:s3cret");
                });
        runner.run(ctx -> assertThat(ctx.getBean(KafkaClientOptions.class).consumer()).doesNotContainKey("schema.registry.url"));
    }

    @Test
    void aSqlErrorFailsStartupWithLineAndColumn() {
        runner.withUserConfiguration(MemoryKafka.class)
                .withPropertyValues("velostream.sql=CREATE STREAM big AS\nSELECT id, amout FROM orders")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    Throwable failure = ctx.getStartupFailure();
                    assertThat(failure).rootCause().isInstanceOf(SqlException.class);
                    FailureAnalysis analysis = new VelostreamFailureAnalyzer().analyze(failure);
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("2:12: ").contains("amout").contains("^");
                });
    }

    @Test
    void sqlResourcesLoadByPattern() {
        runner.withUserConfiguration(MemoryKafka.class)
                .withPropertyValues("velostream.sql=classpath:sql/*.sql")
                .run(ctx -> assertThat(ctx.getBean(VelostreamJobs.class).jobs())
                        .extracting(ManagedJob::name).containsExactly("big_orders", "small_orders"));
    }

    @Test
    void userBeansReplaceEndpointsAndAddFunctions() {
        runner.withUserConfiguration(MemoryKafka.class, UserBeans.class)
                .withPropertyValues("velostream.sql=CREATE STREAM big AS SELECT id, TWICE(amount) AS doubled FROM orders WHERE amount > 100")
                .run(ctx -> {
                    VelostreamJobs jobs = ctx.getBean(VelostreamJobs.class);
                    await().atMost(Duration.ofSeconds(10)).until(() -> jobs.job("big").state() == JobState.FINISHED);
                    MemoryWriter bean = ctx.getBean("big", MemoryWriter.class);
                    assertThat(bean.records()).extracting(r -> r.get("doubled")).containsExactly(300L);
                    assertThat(ctx.getBean(MemoryKafka.class).sink).isEmpty();
                    assertThat(bean.isClosed()).as("a job does not close a bean").isFalse();
                });
    }

    @Test
    void backsOffWhenTheUserDefinesTheBeans() {
        runner.withUserConfiguration(OwnCompiler.class)
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(ApplicationCompiler.class);
                    assertThat(ctx.getBean(ApplicationCompiler.class)).isSameAs(ctx.getBean(OwnCompiler.class).compiler);
                    assertThat(ctx.getBean(Connectors.class)).isSameAs(ctx.getBean(OwnCompiler.class).connectors);
                    assertThat(ctx.getBean(VelostreamJobs.class).jobs()).isEmpty();
                });
    }

    static List<StreamRecord> orders() {
        return List.of(StreamRecord.of(ORDERS, 1, 1L, 50L), StreamRecord.of(ORDERS, 2, 2L, 150L),
                StreamRecord.of(ORDERS, 3, 3L, 100L));
    }

    /** Kafka source and sink replaced by in-memory ones, as a user's ConnectorFactory bean of that type would. */
    @Configuration(proxyBeanMethods = false)
    static class MemoryKafka {
        /** What every job wrote to any Kafka sink; each opened writer is its own, so closing one closes no other. */
        final List<StreamRecord> sink = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Bean
        ConnectorFactory memoryKafkaSource() {
            return new ConnectorFactory() {
                @Override
                public String type() {
                    return "kafka_source";
                }

                @Override
                public DataReader openReader(EndpointSpec spec) {
                    return new MemoryReader(orders());
                }
            };
        }

        @Bean
        ConnectorFactory memoryKafkaSink() {
            return new ConnectorFactory() {
                @Override
                public String type() {
                    return "kafka_sink";
                }

                @Override
                public DataWriter openWriter(EndpointSpec spec) {
                    return new DataWriter() {
                        @Override
                        public void write(List<StreamRecord> batch) {
                            sink.addAll(batch);
                        }

                        @Override
                        public void flush() {
                        }

                        @Override
                        public void close() {
                        }
                    };
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserBeans {
        /** Named like the sink of the statement: replaces it. */
        @Bean
        MemoryWriter big() {
            return new MemoryWriter();
        }

        @Bean
        ScalarFunction twice() {
            return new ScalarFunction() {
                @Override
                public String name() {
                    return "TWICE";
                }

                @Override
                public BoundFunction bind(List<io.velostream.engine.function.Argument> args,
                                          io.velostream.engine.function.FunctionContext context) {
                    return BoundFunction.of(SqlType.INTEGER, a -> (Long) a[0] * 2);
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnCompiler {
        final Connectors connectors = Connectors.builtIn();
        final ApplicationCompiler compiler = ApplicationCompiler.withBuiltins(connectors);

        @Bean
        Connectors connectors() {
            return connectors;
        }

        @Bean
        ApplicationCompiler compiler() {
            return compiler;
        }
    }
}
