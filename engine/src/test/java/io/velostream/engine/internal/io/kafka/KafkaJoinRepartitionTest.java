package io.velostream.engine.internal.io.kafka;

import org.junit.jupiter.api.Timeout;

import java.util.List;

/**
 * A stream–stream join on a value column of both sides, over topics keyed at random, is repartitioned by its
 * key (docs/scaling.md#repartitioned-joins): a stage 1 per side writes repartition topics 0 and 1, keyed by the
 * join key, and the join reads both as co-partitioned tasks.
 */
@Timeout(240)
class KafkaJoinRepartitionTest extends JoinScaleOutScenario {
    @Override
    String on() {
        return "o.id = p.id";
    }

    @Override
    boolean sameKeys() {
        return false;
    }

    @Override
    List<String> repartitionTopics() {
        return List.of("-paid-repartition-0", "-paid-repartition-1");
    }
}
