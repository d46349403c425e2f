package io.velostream.engine.internal.exec.window;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionWindowsTest {
    private static final long GAP = 10_000;

    /** A session's state in these tests: the event times it holds. */
    private final List<String> merges = new ArrayList<>();
    private final SessionWindows.Merger<List<Long>> merger = (into, from) -> {
        merges.add(into + "<-" + from);
        into.addAll(from);
        return into;
    };
    private final SessionWindows<List<Long>> sessions = new SessionWindows<>(GAP);

    private Session<List<Long>> add(long t) {
        Session<List<Long>> s = sessions.add(t, merger);
        if (s.state() == null) {
            s.state(new ArrayList<>());
        }
        s.state().add(t);
        return s;
    }

    private List<String> close(long watermark, long grace) {
        List<String> closed = new ArrayList<>();
        sessions.closeUpTo(watermark, grace, s -> closed.add(s + "=" + s.state()));
        return closed;
    }

    @Test
    void firstEventCreatesASessionEndingAGapAfterIt() {
        Session<List<Long>> s = sessions.add(1_000, merger);
        assertThat(s.state()).isNull();
        assertThat(s.start()).isEqualTo(1_000);
        assertThat(s.end()).isEqualTo(11_000);
        assertThat(sessions.size()).isEqualTo(1);
    }

    @Test
    void eventsWithinTheGapExtendTheSessionEitherWay() {
        Session<List<Long>> s = add(5_000);
        assertThat(add(14_999)).isSameAs(s);
        assertThat(s.end()).isEqualTo(24_999);
        assertThat(add(-4_999)).as("out of order, within the gap before the start").isSameAs(s);
        assertThat(s.start()).isEqualTo(-4_999);
        assertThat(add(7_000)).isSameAs(s);
        assertThat(s.end()).as("an event inside does not shrink it").isEqualTo(24_999);
        assertThat(sessions.size()).isEqualTo(1);
        assertThat(merges).isEmpty();
    }

    @Test
    void eventsAGapOrMoreApartAreSeparateSessions() {
        Session<List<Long>> a = add(0);
        Session<List<Long>> b = add(10_000);
        Session<List<Long>> c = add(-10_000);
        assertThat(b).isNotSameAs(a);
        assertThat(c).isNotSameAs(a);
        assertThat(sessions.size()).isEqualTo(3);
    }

    @Test
    void aBridgingEventMergesTheLaterSessionIntoTheEarlierOne() {
        Session<List<Long>> early = add(0);       // [0, 10000)
        add(15_000);                               // [15000, 25000)
        add(24_000);                               // extends it to [15000, 34000)
        assertThat(sessions.size()).isEqualTo(2);
        assertThat(merges).isEmpty();

        Session<List<Long>> merged = add(9_000);   // [9000, 19000) overlaps both
        assertThat(merged).isSameAs(early);
        assertThat(merged.start()).isZero();
        assertThat(merged.end()).isEqualTo(34_000);
        assertThat(merges).containsExactly("[0]<-[15000, 24000]");
        assertThat(merged.state()).containsExactly(0L, 15_000L, 24_000L, 9_000L);
        assertThat(sessions.size()).isEqualTo(1);
    }

    @Test
    void mergerResultBecomesTheState() {
        SessionWindows<Long> counts = new SessionWindows<>(GAP);
        counts.add(0, Long::sum).state(2L);
        counts.add(15_000, Long::sum).state(3L);
        Session<Long> s = counts.add(9_000, Long::sum);
        assertThat(s.state()).isEqualTo(5L);
        assertThat(s.end()).isEqualTo(25_000);
    }

    @Test
    void closingEmitsSessionsInOrderWhenTheWatermarkReachesEndPlusGraceAndFreesThem() {
        add(0);          // [0, 10000)
        add(20_000);     // [20000, 30000)
        assertThat(close(9_999, 0)).isEmpty();
        assertThat(close(10_999, 1_000)).isEmpty();
        assertThat(close(11_000, 1_000)).containsExactly("[0, 10000)=[0]");
        assertThat(sessions.size()).isEqualTo(1);

        assertThat(close(Long.MAX_VALUE, 1_000)).containsExactly("[20000, 30000)=[20000]");
        assertThat(sessions.size()).isZero();
        assertThat(sessions.isEmpty()).isTrue();
    }

    @Test
    void anEventAfterClosingStartsAFreshSession() {
        add(0);
        close(10_000, 0);
        Session<List<Long>> s = sessions.add(10_000, merger);
        assertThat(s.state()).isNull();
        assertThat(s.start()).isEqualTo(10_000);
    }

    @Test
    void eventsThatWouldJoinAClosedSessionAreLate() {
        add(0);
        add(30_000);                 // [30000, 40000)
        close(45_000, 5_000);        // W = 45 000 closes both
        assertThat(sessions.isEmpty()).isTrue();
        // [38000, 48000) is not closed at 45 000 by itself, but it would extend [30000, 40000).
        assertThat(sessions.isLate(38_000, 5_000, 45_000)).isTrue();
        assertThat(sessions.isLate(15_000, 5_000, 45_000)).isTrue();
        assertThat(sessions.isLate(40_000, 5_000, 45_000)).as("a gap after the closed session: new session").isFalse();
    }

    @Test
    void anEventWhoseOwnSessionWouldBeClosedIsLate() {
        assertThat(sessions.isLate(30_000, 5_000, 45_000)).isTrue();   // [30000, 40000) + 5 000 ≤ 45 000
        assertThat(sessions.isLate(30_001, 5_000, 45_000)).isFalse();
        assertThat(sessions.isLate(0, 0, Long.MIN_VALUE)).isFalse();
    }

    @Test
    void rejectsNonPositiveGap() {
        assertThatThrownBy(() -> new SessionWindows<>(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
