package io.velostream.engine.internal.exec.time;

import java.util.Locale;

/** Durations in WITH values ({@code 'watermark.max_out_of_orderness' = '5s'}). */
public final class Durations {
    private Durations() {
    }

    /**
     * Milliseconds of {@code 5000} (plain milliseconds) or a whole number with a unit: {@code 500ms},
     * {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d} (unit in any case, blanks allowed around it).
     *
     * @throws IllegalArgumentException for anything else, negative numbers and overflow included
     */
    public static long parseMillis(String text) {
        String s = text == null ? "" : text.trim();
        int digits = 0;
        while (digits < s.length() && s.charAt(digits) >= '0' && s.charAt(digits) <= '9') {
            digits++;
        }
        long unit = digits == 0 ? -1 : unitMillis(s.substring(digits).trim());
        if (unit < 0) {
            throw new IllegalArgumentException("invalid duration '" + text
                    + "': expected milliseconds (5000) or a whole number with a unit ms, s, m, h or d (500ms, 30s, 5m, 1h, 1d)");
        }
        try {
            return Math.multiplyExact(Long.parseLong(s.substring(0, digits)), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("duration '" + text + "' is too large", e);
        }
    }

    /** Milliseconds per unit, or -1 for an unknown one; no unit is milliseconds. */
    private static long unitMillis(String unit) {
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "": case "ms": return 1;
            case "s": return 1_000;
            case "m": return 60_000;
            case "h": return 3_600_000;
            case "d": return 86_400_000;
            default: return -1;
        }
    }
}
