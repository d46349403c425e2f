package io.velostream.engine.record;

/**
 * Where a record came from: its source (a topic, a file name), partition and offset (a Kafka
 * offset, a file line). Made only when a position is reported (a record error, a dead letter),
 * never per record: a record keeps the three fields itself.
 *
 * @param partition {@link StreamRecord#NO_PARTITION} for a source without partitions (a file)
 * @param offset    {@link StreamRecord#NO_OFFSET} when unknown
 */
public record SourcePosition(String source, int partition, long offset) {
    /** As messages show it: {@code orders.csv:12} for a file line, {@code orders-3@1042} for a Kafka record, else the source. */
    @Override
    public String toString() {
        if (offset == StreamRecord.NO_OFFSET) {
            return String.valueOf(source);
        }
        return partition == StreamRecord.NO_PARTITION ? source + ":" + offset : source + "-" + partition + "@" + offset;
    }
}
