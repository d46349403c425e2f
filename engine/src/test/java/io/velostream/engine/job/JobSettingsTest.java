package io.velostream.engine.job;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
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
    void theStateStoreIsMemoryUnlessRocksDbIsSetForTheServiceOrTheJob() {
        StateSettings d = JobConfig.defaults("j").state();
        assertThat(d.store()).isEqualTo(StateSettings.Store.MEMORY);
        assertThat(d.cacheMaxBytes()).isEqualTo(StateSettings.DEFAULT_CACHE_MAX_BYTES);
        Map<String, String> service = Map.of(JobSettings.STATE_STORE, "rocksdb", JobSettings.STATE_DIR, "/data/state",
                JobSettings.STATE_CACHE_MAX_BYTES, "1048576");
        StateSettings s = JobSettings.resolve("j", Map.of(), Map.of(), service).state();
        assertThat(s).isEqualTo(new StateSettings(StateSettings.Store.ROCKSDB, Path.of("/data/state"), 1 << 20));
        assertThat(s.taskDir("app", "j", 3)).isEqualTo(Path.of("/data/state/app/j/3"));
        assertThat(JobSettings.resolve("j", Map.of(), Map.of("STATE.STORE", "Memory"), service).state().store())
                .as("WITH beats the service").isEqualTo(StateSettings.Store.MEMORY);
        assertThatThrownBy(() -> JobSettings.resolve("j", Map.of(), Map.of(JobSettings.STATE_STORE, "lmdb"), Map.of()))
                .isInstanceOf(JobSettings.InvalidSetting.class)
                .hasMessage("'state.store' must be 'memory' or 'rocksdb', got 'lmdb'");
        assertThatThrownBy(() -> JobSettings.resolve("j", Map.of(), Map.of(JobSettings.STATE_CACHE_MAX_BYTES, "0"), Map.of()))
                .isInstanceOf(JobSettings.InvalidSetting.class)
                .hasMessage("'state.cache-max-bytes' must be a positive number of bytes, got '0'");
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
