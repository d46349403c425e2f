package io.velostream.engine.io;

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
}
