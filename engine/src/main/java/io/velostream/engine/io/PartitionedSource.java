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

    /**
     * The number of partitions of the input, asked of its broker: the compiler splits a GROUP BY
     * over more than one into a repartition and an aggregation (docs/scaling.md#repartition).
     *
     * @throws java.io.IOException naming the source when the input does not exist or cannot be reached
     */
    int partitionCount() throws java.io.IOException;
}
