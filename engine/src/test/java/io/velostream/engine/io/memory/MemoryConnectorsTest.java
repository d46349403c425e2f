package io.velostream.engine.io.memory;

import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryConnectorsTest {
    final Schema schema = Schema.of("n");
    final List<StreamRecord> records = List.of(StreamRecord.of(schema, 1L, 1L), StreamRecord.of(schema, 2L, 2L),
            StreamRecord.of(schema, 3L, 3L));

    @Test
    void readerHandsOutTheSameInstancesAndEndsWithTheLastRecords() {
        MemoryReader r = new MemoryReader(records);
        assertThat(r.schema()).isSameAs(schema);
        List<StreamRecord> batch = new ArrayList<>();
        assertThat(r.read(batch, 2)).isTrue();
        assertThat(r.read(batch, 2)).isFalse();
        assertThat(batch).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(batch.get(i)).isSameAs(records.get(i));
        }
        assertThat(r.read(batch, 2)).isFalse();
        assertThat(batch).hasSize(3);
    }

    @Test
    void readerOverAnIteratorAndAnEmptyList() {
        MemoryReader r = new MemoryReader(schema, records.iterator());
        List<StreamRecord> batch = new ArrayList<>();
        assertThat(r.read(batch, 10)).isFalse();
        assertThat(batch).containsExactlyElementsOf(records);
        List<StreamRecord> none = new ArrayList<>();
        assertThat(new MemoryReader(List.of()).read(none, 10)).isFalse();
        assertThat(none).isEmpty();
    }

    @Test
    void batchWiseReaderKeepsTheGivenBoundaries() {
        MemoryReader r = MemoryReader.ofBatches(schema, List.of(records.subList(0, 2), List.of(), records.subList(2, 3)));
        List<StreamRecord> batch = new ArrayList<>();
        assertThat(r.read(batch, 10)).isTrue();
        assertThat(batch).containsExactly(records.get(0), records.get(1));
        assertThat(r.read(batch, 1)).isFalse();
        assertThat(batch).hasSize(3);
        assertThat(batch.get(2)).isSameAs(records.get(2));
    }

    @Test
    void writerCollectsByReferenceAndCountsFlushes() {
        MemoryWriter w = new MemoryWriter();
        w.write(records.subList(0, 2));
        w.flush();
        w.write(records.subList(2, 3));
        w.close();
        assertThat(w.records()).hasSize(3);
        assertThat(w.records().get(2)).isSameAs(records.get(2));
        assertThat(w.flushes()).isEqualTo(1);
        assertThat(w.isClosed()).isTrue();
        assertThatThrownBy(() -> w.write(records)).isInstanceOf(IllegalStateException.class);
    }
}
