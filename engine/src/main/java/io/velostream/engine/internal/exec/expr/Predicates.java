package io.velostream.engine.internal.exec.expr;

import io.velostream.engine.record.ValueException;
import io.velostream.engine.record.Values;

import java.util.regex.Pattern;

/** Comparison, LIKE and three-valued logic on run-time values. NULL is UNKNOWN. */
public final class Predicates {
    private Predicates() {
    }

    /** The boolean of a predicate value: TRUE, FALSE or null (UNKNOWN). */
    public static Boolean truth(Object v) {
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        throw new ValueException("expected a BOOLEAN, got " + Values.typeOf(v) + " '" + Values.toDisplayString(v) + "'");
    }

    /** WHERE/HAVING keep a row only when the predicate is TRUE. */
    public static boolean isTrue(Object v) {
        return truth(v) == Boolean.TRUE;
    }

    /** SQL {@code a = b}: null when either side is NULL. */
    public static Boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        return Values.sqlEquals(a, b);
    }

    /** Sign of {@code a ⋚ b}, or null when either is NULL. */
    public static Integer compare(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        return Values.compare(a, b);
    }

    /**
     * A LIKE pattern compiled once: {@code %} any run, {@code _} one character. Patterns that
     * are a prefix, suffix or infix test skip the regular expression.
     */
    public static final class Like {
        private enum Kind { EXACT, PREFIX, SUFFIX, CONTAINS, REGEX }

        private final Kind kind;
        private final String text;
        private final Pattern regex;

        public Like(String pattern) {
            String core = pattern;
            boolean lead = core.startsWith("%");
            boolean trail = core.endsWith("%") && core.length() > (lead ? 1 : 0);
            String inner = core.substring(lead ? 1 : 0, core.length() - (trail ? 1 : 0));
            if (inner.indexOf('%') < 0 && inner.indexOf('_') < 0) {
                kind = lead && trail ? Kind.CONTAINS : lead ? Kind.SUFFIX : trail ? Kind.PREFIX : Kind.EXACT;
                text = inner;
                regex = null;
            } else {
                kind = Kind.REGEX;
                text = null;
                regex = Pattern.compile(toRegex(pattern), Pattern.DOTALL);
            }
        }

        private static String toRegex(String pattern) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '%') {
                    sb.append(".*");
                } else if (c == '_') {
                    sb.append('.');
                } else {
                    sb.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return sb.toString();
        }

        public boolean matches(String s) {
            return switch (kind) {
                case EXACT -> s.equals(text);
                case PREFIX -> s.startsWith(text);
                case SUFFIX -> s.endsWith(text);
                case CONTAINS -> s.contains(text);
                case REGEX -> regex.matcher(s).matches();
            };
        }
    }
}
