package io.velostream.engine.internal.exec.state;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** A changelog in memory: its records in order, as a topic would keep them (nothing compacted). */
public final class MemoryChangelog implements Changelog {
    public final List<byte[][]> records = new ArrayList<>();

    @Override
    public void append(byte[] key, byte[] value) {
        records.add(new byte[][] {key, value});
    }

    @Override
    public void replay(BiConsumer<byte[], byte[]> record) {
        records.forEach(r -> record.accept(r[0], r[1]));
    }
}
