package io.velostream.engine.internal.exec.time;

import io.velostream.engine.record.StreamRecord;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * The event-time watermark of a job (docs/windows.md#watermark): {@code current()} = the minimum over the partitions
 * that are not idle of the maximum event time seen in that partition, minus
 * {@code watermark.max_out_of_orderness}. With a single partition — a file source, whose records
 * all have {@link StreamRecord#NO_PARTITION} — this is exactly the watermark of docs/windows.md#watermark, "max event time seen minus
 * max_out_of_orderness"; with several (Kafka), a partition that lags holds the watermark back,
 * so its records are not declared late just because another partition is ahead.
 *
 * <p>Meaning: a watermark {@code W} promises that no more records with event time {@code < W}
 * will arrive (records at exactly {@code W} still may: with {@code ascending}, {@code W} is the
 * latest time seen and a tie is not out of order). The windows decide from it (see
 * {@code WindowAssigner.closes}).
 *
 * <p>A partition that has received no record for {@code idleTimeoutMs} of wall-clock time stops
 * holding the watermark back; when every partition is idle the watermark follows the maximum over
 * all of them. A partition counts once it has delivered a record. The watermark never goes
 * backwards, not even when an idle partition resumes behind it. Before any record it is
 * {@link Long#MIN_VALUE}.
 *
 * <p>{@link #observe} is cheap (array slots per partition, no boxing); {@link #current} scans the
 * partitions, so call it once per batch. Not thread-safe: one per job thread.
 */
public final class WatermarkTracker {
    public enum Strategy {
        BOUNDED_OUT_OF_ORDERNESS, ASCENDING;

        /** {@code bounded_out_of_orderness} or {@code ascending}, in any case. */
        public static Strategy parse(String s) {
            String v = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
            for (Strategy st : values()) {
                if (st.name().equals(v)) {
                    return st;
                }
            }
            throw new IllegalArgumentException("unknown watermark.strategy '" + s
                    + "': expected bounded_out_of_orderness or ascending");
        }
    }

    private static final int INITIAL_PARTITIONS = 8;

    private final long maxOutOfOrderness;
    private final long idleTimeout;
    private final LongSupplier wallClock;
    /** Per partition at index partition + 1 (so NO_PARTITION is 0): the max event time seen. */
    private long[] maxEventTime = new long[INITIAL_PARTITIONS];
    /** Per partition: wall-clock ms of its last record (kept only with an idle timeout). */
    private long[] lastSeen = new long[INITIAL_PARTITIONS];
    private boolean[] seen = new boolean[INITIAL_PARTITIONS];
    private long watermark = Long.MIN_VALUE;

    /**
     * @param maxOutOfOrdernessMs how far behind the latest event time a record may still arrive on
     *                            time; ignored (0) for {@link Strategy#ASCENDING}
     * @param idleTimeoutMs       wall-clock ms without records after which a partition is idle; 0 = never
     * @param wallClockMs         the wall clock in epoch ms ({@code System::currentTimeMillis}); read
     *                            per record only when there is an idle timeout
     */
    public WatermarkTracker(Strategy strategy, long maxOutOfOrdernessMs, long idleTimeoutMs, LongSupplier wallClockMs) {
        if (maxOutOfOrdernessMs < 0) {
            throw new IllegalArgumentException("watermark.max_out_of_orderness must not be negative: " + maxOutOfOrdernessMs);
        }
        if (idleTimeoutMs < 0) {
            throw new IllegalArgumentException("watermark.idle_timeout must not be negative: " + idleTimeoutMs);
        }
        this.maxOutOfOrderness = strategy == Strategy.ASCENDING ? 0 : maxOutOfOrdernessMs;
        this.idleTimeout = idleTimeoutMs;
        this.wallClock = wallClockMs;
    }

    /** Notes one record's event time from {@code partition} ({@link StreamRecord#NO_PARTITION} for files). */
    public void observe(int partition, long eventTime) {
        int i = partition + 1;
        if (i < 0 || i >= seen.length) {
            makeRoom(i);
        }
        if (!seen[i] || eventTime > maxEventTime[i]) {
            maxEventTime[i] = eventTime;
            seen[i] = true;
        }
        if (idleTimeout > 0) {
            lastSeen[i] = wallClock.getAsLong();
        }
    }

    private void makeRoom(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("partition must be NO_PARTITION (-1) or non-negative: " + (index - 1));
        }
        int n = Math.max(index + 1, seen.length * 2);
        maxEventTime = Arrays.copyOf(maxEventTime, n);
        lastSeen = Arrays.copyOf(lastSeen, n);
        seen = Arrays.copyOf(seen, n);
    }

    /**
     * Writes what the watermark is made of — the maximum event time per partition and the
     * watermark itself — for a changelog (docs/kafka.md#state).
     */
    public void writeState(DataOutput out) throws IOException {
        out.writeLong(watermark);
        int n = 0;
        for (boolean s : seen) {
            n += s ? 1 : 0;
        }
        out.writeInt(n);
        for (int i = 0; i < seen.length; i++) {
            if (seen[i]) {
                out.writeInt(i - 1);
                out.writeLong(maxEventTime[i]);
            }
        }
    }

    /**
     * Replaces the state with one written by {@link #writeState}. Restored partitions count as
     * seen just now: an idle timeout starts again from the restore.
     */
    public void readState(DataInput in) throws IOException {
        watermark = in.readLong();
        Arrays.fill(seen, false);
        long now = idleTimeout > 0 ? wallClock.getAsLong() : 0;
        for (int n = in.readInt(); n > 0; n--) {
            int i = in.readInt() + 1;
            if (i >= seen.length) {
                makeRoom(i);
            }
            seen[i] = true;
            maxEventTime[i] = in.readLong();
            lastSeen[i] = now;
        }
    }

    /** Passes each partition that has delivered a record (as {@link #observe} got it) to {@code partition}. */
    public void forEachPartition(IntConsumer partition) {
        for (int i = 0; i < seen.length; i++) {
            if (seen[i]) {
                partition.accept(i - 1);
            }
        }
    }

    /** Back to the watermark before any record. */
    public void reset() {
        watermark = Long.MIN_VALUE;
        Arrays.fill(seen, false);
    }

    /** The watermark as last computed by {@link #current()}, without computing it again. */
    public long last() {
        return watermark;
    }

    /** The watermark now; {@link Long#MIN_VALUE} before any record. */
    public long current() {
        long now = idleTimeout > 0 ? wallClock.getAsLong() : 0;
        long minActive = Long.MAX_VALUE;
        long maxAll = Long.MIN_VALUE;
        boolean anyActive = false;
        boolean any = false;
        for (int i = 0; i < seen.length; i++) {
            if (!seen[i]) {
                continue;
            }
            any = true;
            maxAll = Math.max(maxAll, maxEventTime[i]);
            if (idleTimeout == 0 || now - lastSeen[i] < idleTimeout) {
                anyActive = true;
                minActive = Math.min(minActive, maxEventTime[i]);
            }
        }
        if (any) {
            long base = anyActive ? minActive : maxAll;
            // Saturate rather than wrap for event times near Long.MIN_VALUE.
            long candidate = base < Long.MIN_VALUE + maxOutOfOrderness ? Long.MIN_VALUE : base - maxOutOfOrderness;
            watermark = Math.max(watermark, candidate);
        }
        return watermark;
    }
}
