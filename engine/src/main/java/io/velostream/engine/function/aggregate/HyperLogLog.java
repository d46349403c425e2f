package io.velostream.engine.function.aggregate;

import io.velostream.engine.record.Decimal;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;

/**
 * APPROX_COUNT_DISTINCT: a HyperLogLog sketch with 2^14 one-byte registers (standard error
 * 0.8 %), estimated with Ertl's improved estimator ("New cardinality estimation algorithms for
 * HyperLogLog sketches", 2017), which needs neither bias tables nor a switch to linear counting.
 * The registers are allocated on the first value, so an empty group costs a few bytes.
 */
final class HyperLogLog implements Accumulator, LongInput {
    private static final int P = 14;
    private static final int M = 1 << P;
    /** Largest register value: leading zeros of the remaining 64 − P hash bits, plus one. */
    private static final int Q = 64 - P;
    private static final double ALPHA_INF = 0.5 / Math.log(2);

    private byte[] registers;

    @Override
    public void add(Object value) {
        if (value != null) {
            addHash(hash(Numbers.distinctKey(value)));
        }
    }

    @Override
    public void addLong(long v) {
        addHash(mix(v));
    }

    private void addHash(long hash) {
        if (registers == null) {
            registers = new byte[M];
        }
        int index = (int) (hash >>> Q);
        int rank = Math.min(Long.numberOfLeadingZeros(hash << P) + 1, Q + 1);
        if (rank > registers[index]) {
            registers[index] = (byte) rank;
        }
    }

    /** A 64-bit hash of a DISTINCT key; integral numbers of every type hash as their long. */
    private static long hash(Object key) {
        if (key instanceof Long l) {
            return mix(l);
        } else if (key instanceof Double d) {
            return mix(Double.doubleToLongBits(d));
        } else if (key instanceof Instant t) {
            return mix(t.getEpochSecond() * 1_000_000_000L + t.getNano());
        } else if (key instanceof String || key instanceof Decimal) {
            String s = key.toString();
            long h = 0xcbf29ce484222325L; // FNV-1a, then mixed: Java's 32-bit hashCode is too narrow
            for (int i = 0; i < s.length(); i++) {
                h = (h ^ s.charAt(i)) * 0x100000001b3L;
            }
            return mix(h ^ (key instanceof String ? 0 : 0x5bd1e995L));
        }
        return mix(key.hashCode());
    }

    /** SplitMix64's finaliser: spreads sequential keys over all 64 bits. */
    private static long mix(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public Object result() {
        if (registers == null) {
            return 0L;
        }
        int[] histogram = new int[Q + 2];
        for (byte r : registers) {
            histogram[r]++;
        }
        double z = M * tau(1 - (double) histogram[Q + 1] / M);
        for (int k = Q; k >= 1; k--) {
            z = 0.5 * (z + histogram[k]);
        }
        z += M * sigma((double) histogram[0] / M);
        return Math.round(ALPHA_INF * M * M / z);
    }

    private static double sigma(double x) {
        if (x == 1) {
            return Double.POSITIVE_INFINITY;
        }
        double y = 1;
        double z = x;
        double previous;
        do {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        } while (z != previous);
        return z;
    }

    private static double tau(double x) {
        if (x == 0 || x == 1) {
            return 0;
        }
        double y = 1;
        double z = 1 - x;
        double previous;
        do {
            x = Math.sqrt(x);
            previous = z;
            y *= 0.5;
            z -= (1 - x) * (1 - x) * y;
        } while (z != previous);
        return z / 3;
    }

    @Override
    public void merge(Accumulator other) {
        byte[] o = ((HyperLogLog) other).registers;
        if (o == null) {
            return;
        }
        if (registers == null) {
            registers = o.clone();
            return;
        }
        for (int i = 0; i < M; i++) {
            registers[i] = (byte) Math.max(registers[i], o[i]);
        }
    }

    /** The set registers as (index, value) pairs while that is smaller than all of them. */
    @Override
    public void writeTo(DataOutput out) throws IOException {
        int set = 0;
        if (registers != null) {
            for (byte r : registers) {
                set += r != 0 ? 1 : 0;
            }
        }
        out.writeInt(set);
        if (set == 0) {
            return;
        }
        if (sparse(set)) {
            for (int i = 0; i < M; i++) {
                if (registers[i] != 0) {
                    out.writeShort(i);
                    out.writeByte(registers[i]);
                }
            }
        } else {
            out.write(registers);
        }
    }

    private static boolean sparse(int set) {
        return set * 3 < M;
    }

    @Override
    public void readFrom(DataInput in) throws IOException {
        int set = in.readInt();
        registers = set == 0 ? null : new byte[M];
        if (set == 0) {
            return;
        }
        if (sparse(set)) {
            for (int i = 0; i < set; i++) {
                registers[in.readUnsignedShort()] = in.readByte();
            }
        } else {
            in.readFully(registers);
        }
    }
}
