package io.velostream.engine.fuzz;

import org.junit.jupiter.api.function.ThrowingSupplier;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Seeds and the hang bound shared by the generated-input tests (docs/reliability.md, "Generated
 * inputs"). Every generator draws from a {@code java.util.Random} with a fixed seed per test that
 * {@code -Dvelostream.fuzz.seed=N} replaces, so a run is repeatable and another seed explores more.
 * {@code -Dvelostream.fuzz.scale=K} multiplies the number of inputs.
 */
final class Fuzz {
    private Fuzz() {
    }

    /** The seed of a test: its fixed default, or the system property's. */
    static long seed(long fixed) {
        String s = System.getProperty("velostream.fuzz.seed");
        return s == null || s.isBlank() ? fixed : Long.parseLong(s.trim());
    }

    /** The number of inputs of a generator, scaled by {@code velostream.fuzz.scale}. */
    static int count(int n) {
        String s = System.getProperty("velostream.fuzz.scale");
        return s == null || s.isBlank() ? n : Math.max(1, (int) (n * Double.parseDouble(s.trim())));
    }

    /**
     * Runs {@code body} on another thread with a time bound: a hang fails with {@code what} (the
     * input, abbreviated) and the seed in the message instead of hanging the build.
     */
    static <T> T bounded(Duration limit, long seed, String what, ThrowingSupplier<T> body) {
        return assertTimeoutPreemptively(limit, body, () -> "hang on input (seed " + seed + "): " + abbreviate(what));
    }

    /** Printable, at most ~300 chars: control characters escaped, the middle of long inputs cut. */
    static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() <= 300 ? s
                : s.substring(0, 150) + "…[" + (s.length() - 300) + " chars]…" + s.substring(s.length() - 150);
        StringBuilder b = new StringBuilder(cut.length() + 16);
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c < 0x20 && c != '\n' || c == 0x7f || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The throwable with the top of its stack (a StackOverflowError's whole trace would be too long). */
    static String describe(Throwable t) {
        StringBuilder b = new StringBuilder(t.toString());
        StackTraceElement[] trace = t.getStackTrace();
        for (int i = 0; i < Math.min(trace.length, 12); i++) {
            b.append("\n\tat ").append(trace[i]);
        }
        if (t.getCause() != null && t.getCause() != t) {
            b.append("\ncaused by ").append(describe(t.getCause()));
        }
        return b.toString();
    }

    static String hex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 200); i++) {
            b.append(String.format("%02x", bytes[i] & 0xff));
        }
        return bytes.length > 200 ? b + "…(" + bytes.length + " bytes)" : b.toString();
    }
}
