package io.velostream.engine.internal.io.kafka;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream–stream join on a value column of both sides, over topics keyed at random, is repartitioned by its
 * key (docs/scaling.md#co-partitioned-joins): a stage 1 per side writes repartition topics 0 and 1, keyed by the
 * join key, and the join reads both as co-partitioned tasks.
 */
@Timeout(240)
class KafkaJoinRepartitionTest extends JoinScaleOutScenario {
    @ParameterizedTest
    @ValueSource(strings = {"simple", "transactional"})
    void aJoinOnValueColumnsIsRepartitionedAndRunsAsTasksThatMoveBetweenInstances(String mode) throws Exception {
        instancesShareTheTasksOfAJoin(mode, "o.id = p.id", false);
        assertThat(partitions(application + "-paid-repartition-0")).isEqualTo(PARTITIONS);
        assertThat(partitions(application + "-paid-repartition-1")).isEqualTo(PARTITIONS);
    }
}
