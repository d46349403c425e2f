package io.velostream.engine.io;

import java.io.IOException;

/**
 * A source whose partitions the instances of one application share (a Kafka consumer group): each
 * instance reads the partitions it is assigned, and the assignment changes as instances come and
 * go (docs/scaling.md).
 */
public interface PartitionedSource extends DataReader {
    /**
     * From now on, a read after the assignment changed fails, with an {@link java.io.IOException}
     * that is not retriable, when this instance holds only part of the input's partitions: for a
     * job whose state is not partitioned, whose results would otherwise be wrong.
     *
     * @param why what needs every partition and what to do, the end of the failure's message
     */
    void requireEveryPartition(String why);

    /**
     * How many partitions the input has (all of them, not only those of this instance), asked of its
     * broker: tasks and the repartition of a GROUP BY are sized by it (docs/scaling.md#repartition).
     *
     * @throws IOException naming the source when the input does not exist or cannot be reached
     */
    int partitionCount() throws IOException;

    /**
     * Tells {@code listener} which partitions this instance is given and loses, from now on: at
     * once the ones it holds already, then each change, on the job's thread inside {@link #read}
     * (the rebalance), before a record of an assigned partition is returned (docs/scaling.md#tasks).
     */
    void onAssignment(AssignmentListener listener);

    /**
     * From now on, when a rebalance is about to take partitions with records returned since the last
     * commit, {@code commit} makes them durable first (on the job's thread, inside {@link #read}), as
     * Kafka Streams commits on revocation: the partitions' next owner starts after them instead of
     * reading them again. Without it, or when it fails, the read fails as a retriable error and the job
     * aborts and reads again what it had not committed (docs/scaling.md#rebalance).
     */
    void commitBeforeRevocation(PendingCommit commit);

    /**
     * The partition, of {@code partitions}, that holds the records with record key {@code key}: where the topic's
     * producers put them (Kafka's default partitioner: the murmur2 hash of the key's UTF-8 bytes), so which task
     * holds a key's state (docs/scaling.md#interactive-queries).
     */
    int partitionOf(String key, int partitions);

    /**
     * Who owns each partition, by advertised URL, when the instances exchange it (docs/scaling.md#interactive-queries);
     * null when they do not ({@code advertised.url} unset, or the group assigns on the broker).
     */
    default TaskOwners owners() {
        return null;
    }

    /**
     * From now on reads the partitions of its topic with the numbers {@code leader} is assigned, and no
     * share of a group of its own; its positions are committed in {@code leader}'s consumer group, with
     * its generation (docs/scaling.md#co-partitioned-joins). Partition {@code p} of both then moves
     * between instances together, inside {@code leader}'s rebalance, so one task can read both.
     *
     * @throws IOException when {@code leader} is not a source of the same kind, or the two have
     *                     different partition counts
     */
    void readPartitionsOf(PartitionedSource leader) throws IOException;

    /** Commits what the job has pending: its output, state and input positions. */
    @FunctionalInterface
    interface PendingCommit {
        void commit() throws IOException;
    }

    /** Partitions coming and going; called on the job's thread. */
    interface AssignmentListener {
        void assigned(int partition);

        /** Revoked or lost: records of it returned since the last commit are read again by its next owner. */
        void revoked(int partition);
    }
}
