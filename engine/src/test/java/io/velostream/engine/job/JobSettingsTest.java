package io.velostream.engine.job;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobSettingsTest {
    @Test
    void builtInDefaultsWhenNothingIsSet() {
        assertThat(JobSettings.resolve("j", Map.of(), Map.of(), Map.of())).isEqualTo(JobConfig.defaults("j"));
    }

    @Test
    void anAnnotationBeatsWithWhichBeatsTheServiceDefaults() {
        Map<String, String> defaults = Map.of(JobSettings.BATCH_SIZE, "10", JobSettings.DLQ_TOPIC, "svc.dlq",
                JobSettings.MAX_RETRIES, "7");
        Map<String, String> with = Map.of("BATCH.SIZE", "20", JobSettings.DLQ_TOPIC, "with.dlq");
        Map<String, String> annotations = Map.of("batch_size", "30");

        JobConfig c = JobSettings.resolve("j", annotations, with, defaults);

        assertThat(c.batchSize()).isEqualTo(30);
        assertThat(c.dlqTopic()).isEqualTo("with.dlq");
        assertThat(c.maxRetries()).isEqualTo(7);
        assertThat(JobSettings.resolve("j", Map.of(), with, defaults).batchSize()).isEqualTo(20);
        assertThat(JobSettings.resolve("j", Map.of(), Map.of(), defaults).batchSize()).isEqualTo(10);
    }

    @Test
    void theInstanceIdIsTheSettingElseTheHostnameElseOneMadeAtStart() {
        assertThat(JobSettings.instanceId(Map.of(JobSettings.INSTANCE_ID, " replica-a "), "host")).isEqualTo("replica-a");
        assertThat(JobSettings.instanceId(Map.of(), "orders-7d9f8-x2kq")).isEqualTo("orders-7d9f8-x2kq");
        String made = JobSettings.instanceId(Map.of(), null);
        assertThat(made).as("the same for every job of this JVM, and after a restart of a job")
                .isNotBlank().isEqualTo(JobSettings.instanceId(Map.of(JobSettings.INSTANCE_ID, ""), " "));
    }

    @Test
    void transactionalModeCommitsEvery100MsUnlessSetOtherwise() {
        JobConfig c = JobSettings.resolve("j", Map.of("job_mode", "transactional"), Map.of(), Map.of());
        assertThat(c.mode()).isEqualTo(ProcessingMode.TRANSACTIONAL);
        assertThat(c.commitIntervalMillis()).isEqualTo(JobConfig.DEFAULT_TRANSACTIONAL_COMMIT_INTERVAL_MS);
        assertThat(JobSettings.resolve("j", Map.of(), Map.of(JobSettings.MODE, "transactional",
                JobSettings.COMMIT_INTERVAL, "0"), Map.of()).commitIntervalMillis()).isZero();
    }

    @Test
    void anInvalidValueNamesItsKeyAndTheAnnotationThatSetsIt() {
        assertThatThrownBy(() -> JobSettings.resolve("j", Map.of("batch_size", "0"), Map.of(), Map.of()))
                .isInstanceOfSatisfying(JobSettings.InvalidSetting.class, e -> assertThat(e.annotation()).isEqualTo("batch_size"))
                .hasMessage("'batch.size' must be a positive integer, got '0'");
        assertThatThrownBy(() -> JobSettings.resolve("j", Map.of(), Map.of(JobSettings.MAX_RETRIES, "-1"), Map.of()))
                .isInstanceOfSatisfying(JobSettings.InvalidSetting.class, e -> assertThat(e.annotation()).isNull())
                .hasMessage("'max_retries' must be a non-negative integer, got '-1'");
        assertThatThrownBy(() -> JobSettings.resolve("j", Map.of(), Map.of(JobSettings.MODE, "fast"), Map.of()))
                .isInstanceOfSatisfying(JobSettings.InvalidSetting.class, e -> assertThat(e.annotation()).isEqualTo("job_mode"));
    }
}
