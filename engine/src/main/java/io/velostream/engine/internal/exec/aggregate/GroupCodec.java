package io.velostream.engine.internal.exec.aggregate;

import io.velostream.engine.internal.exec.state.StoreBytes;
import io.velostream.engine.internal.exec.state.StoreCodec;

/**
 * Groups in a changelog: the key is the GROUP BY values (after the window start, for the groups of
 * time windows), the value the group's state ({@link Group#writeState}).
 */
final class GroupCodec implements StoreCodec<Object, Group> {
    /** The store key of a window's group: its window start and GROUP BY values. */
    record WindowKey(long start, Object group) {
    }

    private final Aggregation aggregation;
    private final boolean windowed;
    private final StoreBytes bytes = new StoreBytes();

    GroupCodec(Aggregation aggregation, boolean windowed) {
        this.aggregation = aggregation;
        this.windowed = windowed;
    }

    @Override
    public Object keyOf(Group g) {
        Object key = GroupTable.storeKey(g.keys);
        return windowed ? new WindowKey(g.windowStart, key) : key;
    }

    @Override
    public byte[] key(Object key) {
        return bytes.bytes(out -> {
            Object group = key;
            if (windowed) {
                WindowKey window = (WindowKey) key;
                out.writeLong(window.start());
                group = window.group();
            }
            StoreBytes.writeValues(out, GroupTable.keyValues(group, aggregation.keyCount()));
        });
    }

    @Override
    public byte[] value(Group g) {
        return bytes.bytes(g::writeState);
    }

    @Override
    public void restore(Group g, byte[] state) {
        StoreBytes.read(state, in -> {
            g.readState(in);
            return g;
        });
    }

    @Override
    public Group decode(byte[] key, byte[] state) {
        Group g = StoreBytes.read(key, in -> {
            long start = windowed ? in.readLong() : 0;
            Group group = aggregation.newGroup(StoreBytes.readValues(in));
            group.windowStart = start;
            return group;
        });
        restore(g, state);
        return g;
    }
}
