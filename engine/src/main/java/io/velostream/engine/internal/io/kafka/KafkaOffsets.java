package io.velostream.engine.internal.io.kafka;

import io.velostream.engine.io.CommittableSource;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;

/** A Kafka source's offsets to commit in a transaction, with its consumer's group metadata. */
record KafkaOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group)
        implements CommittableSource.PendingOffsets {
    @Override
    public boolean isEmpty() {
        return offsets.isEmpty();
    }
}
