package io.velostream.engine.internal.exec.op;

import io.velostream.engine.internal.exec.time.EventTimeExtractor;
import io.velostream.engine.record.Headers;
import io.velostream.engine.record.RecordError;
import io.velostream.engine.record.Schema;
import io.velostream.engine.record.StreamRecord;
import io.velostream.engine.record.ValueException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventTimeOperatorTest {
    private static final Schema SCHEMA = Schema.of("id", "ts");

    private static StreamRecord line(long offset, Object ts) {
        return new StreamRecord(SCHEMA, new Object[]{offset, ts}, null, 777L, 777L, "orders.csv",
                StreamRecord.NO_PARTITION, offset, Headers.EMPTY);
    }

    @Test
    void setsEventTimeAndSendsUnreadableRecordsToTheErrorHandler() {
        List<RecordError> errors = new ArrayList<>();
        EventTimeOperator op = new EventTimeOperator(new EventTimeExtractor(SCHEMA, "ts", "epoch_seconds"), errors::add);
        StreamRecord good = line(1, 5L);
        StreamRecord bad = line(2, "soon");
        StreamRecord epochStart = line(3, 0L);
        List<StreamRecord> out = new ArrayList<>();

        op.process(List.of(good, bad, epochStart), out);

        assertThat(out).extracting(StreamRecord::eventTime).containsExactly(5000L, 0L);
        assertThat(out.get(0).value(0)).isEqualTo(1L);
        assertThat(out.get(0).timestamp()).isEqualTo(777L);
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("orders.csv");
            assertThat(e.position()).hasToString("orders.csv:2");
            assertThat(e.message()).isEqualTo("cannot parse event time 'soon' as epoch_seconds");
            assertThat(e.raw()).isEqualTo("{id=2, ts=soon}");
            assertThat(e.cause()).isInstanceOf(ValueException.class);
        });
    }

    @Test
    void forwardsTheSameRecordWhenTheEventTimeIsAlreadyRight() {
        EventTimeOperator op = new EventTimeOperator(new EventTimeExtractor(SCHEMA, "ts", null), e -> { });
        StreamRecord r = line(1, 777L);
        List<StreamRecord> out = new ArrayList<>();
        op.process(List.of(r), out);
        assertThat(out).singleElement().isSameAs(r);
    }
}
