package io.velostream.engine.record;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Immutable record headers. Changing a header returns a new instance and leaves the original
 * untouched, so records sharing headers never see each other's changes (copy on write).
 * Headers are few per record, so a flat array beats a hash map on both memory and speed.
 */
public final class Headers {
    public static final Headers EMPTY = new Headers(new String[0]);

    /** Alternating key, value. */
    private final String[] kv;

    private Headers(String[] kv) {
        this.kv = kv;
    }

    public static Headers of(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("headers need key/value pairs");
        }
        Builder b = new Builder(keyValues.length / 2);
        for (int i = 0; i < keyValues.length; i += 2) {
            b.put(keyValues[i], keyValues[i + 1]);
        }
        return b.build();
    }

    /**
     * Builds headers in one array, without a copy per header (a source's record brings all its
     * headers at once). Not reusable after {@link #build}.
     */
    public static final class Builder {
        private String[] kv;
        private int n;

        /** @param expected how many headers to make room for */
        public Builder(int expected) {
            kv = new String[2 * expected];
        }

        /** Sets {@code key} to {@code value}, replacing an earlier value, as {@link Headers#with} does. */
        public Builder put(String key, String value) {
            if (key == null) {
                throw new IllegalArgumentException("header key must not be null");
            }
            for (int i = 0; i < n; i += 2) {
                if (kv[i].equals(key)) {
                    kv[i + 1] = value;
                    return this;
                }
            }
            if (n == kv.length) {
                kv = java.util.Arrays.copyOf(kv, Math.max(2, 2 * kv.length));
            }
            kv[n++] = key;
            kv[n++] = value;
            return this;
        }

        public Headers build() {
            String[] built = n == kv.length ? kv : java.util.Arrays.copyOf(kv, n);
            kv = null;
            return built.length == 0 ? EMPTY : new Headers(built);
        }
    }

    public int size() {
        return kv.length / 2;
    }

    public boolean isEmpty() {
        return kv.length == 0;
    }

    private int indexOf(String key) {
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** The value of {@code key}, or null when absent. */
    public String get(String key) {
        int i = indexOf(key);
        return i < 0 ? null : kv[i + 1];
    }

    public boolean has(String key) {
        return indexOf(key) >= 0;
    }

    /** Keys in insertion order. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>(size());
        for (int i = 0; i < kv.length; i += 2) {
            keys.add(kv[i]);
        }
        return Collections.unmodifiableList(keys);
    }

    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < kv.length; i += 2) {
            action.accept(kv[i], kv[i + 1]);
        }
    }

    /** A copy with {@code key} set to {@code value} (replacing an existing value). */
    public Headers with(String key, String value) {
        if (key == null) {
            throw new IllegalArgumentException("header key must not be null");
        }
        int i = indexOf(key);
        if (i >= 0) {
            if (java.util.Objects.equals(kv[i + 1], value)) {
                return this;
            }
            String[] copy = kv.clone();
            copy[i + 1] = value;
            return new Headers(copy);
        }
        String[] copy = java.util.Arrays.copyOf(kv, kv.length + 2);
        copy[kv.length] = key;
        copy[kv.length + 1] = value;
        return new Headers(copy);
    }

    /** A copy without {@code key}; this instance when the key is absent. */
    public Headers without(String key) {
        int i = indexOf(key);
        if (i < 0) {
            return this;
        }
        String[] copy = new String[kv.length - 2];
        System.arraycopy(kv, 0, copy, 0, i);
        System.arraycopy(kv, i + 2, copy, i, kv.length - i - 2);
        return new Headers(copy);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Headers other) || other.size() != size()) {
            return false;
        }
        for (int i = 0; i < kv.length; i += 2) {
            if (!java.util.Objects.equals(kv[i + 1], other.get(kv[i])) || !other.has(kv[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < kv.length; i += 2) {
            h += kv[i].hashCode() ^ java.util.Objects.hashCode(kv[i + 1]);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < kv.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(kv[i]).append('=').append(kv[i + 1]);
        }
        return sb.append('}').toString();
    }
}
