package io.velostream.engine.internal.exec.join;

import io.velostream.engine.record.Values;

/**
 * Builds key strings (docs/sql.md#output-key): one part → its key string, several → joined with {@code |}, NULL → the
 * empty string. One instance per operator reuses its buffer, so a single-part key of a string
 * column allocates nothing.
 */
public final class KeyStrings {
    private final StringBuilder sb = new StringBuilder();

    public String of(Object[] parts) {
        if (parts.length == 1) {
            return Values.toKeyString(parts[0]);
        }
        sb.setLength(0);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append('|');
            }
            sb.append(Values.toKeyString(parts[i]));
        }
        return sb.toString();
    }
}
