package io.velostream.engine.internal.exec.state;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A changelog in memory: its records in order, as a topic would keep them (nothing compacted); a record's
 * offset is its index. Appends are acknowledged at once.
 */
public final class MemoryChangelog implements Changelog {
    public final List<byte[][]> records = new ArrayList<>();

    @Override
    public void append(byte[] key, byte[] value) {
        records.add(new byte[][] {key, value});
    }

    @Override
    public long replay(long from, BiConsumer<byte[], byte[]> record) {
        if (from > records.size()) {
            return -1;
        }
        for (int i = (int) from; i < records.size(); i++) {
            record.accept(records.get(i)[0], records.get(i)[1]);
        }
        return records.size();
    }

    @Override
    public long written() {
        return records.isEmpty() ? -1 : records.size();
    }
}
