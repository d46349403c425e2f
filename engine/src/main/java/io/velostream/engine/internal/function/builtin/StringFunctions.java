package io.velostream.engine.internal.function.builtin;

import io.velostream.engine.function.BoundFunction;
import io.velostream.engine.function.ScalarFunction;
import io.velostream.engine.record.SqlType;
import io.velostream.engine.record.ValueException;
import io.velostream.engine.record.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * String functions. Any value is accepted as text through its display form ({@code UPPER(5)} is
 * {@code '5'}); lengths and positions count Unicode code points, 1-based.
 */
final class StringFunctions {
    private StringFunctions() {
    }

    /** Longest LPAD/RPAD result: a bad length in one record must not exhaust the heap. */
    static final int MAX_PAD = 1 << 20;

    /** Pattern and optional flags text → compiled pattern. */
    private static final Compiled<Pattern> REGEX = new Compiled<>(t -> regex(t[0], t[1]));

    static List<ScalarFunction> all() {
        return List.of(
                text("UPPER", s -> s.toUpperCase(Locale.ROOT)),
                text("LOWER", s -> s.toLowerCase(Locale.ROOT)),
                text("TRIM", String::strip),
                text("LTRIM", String::stripLeading),
                text("RTRIM", String::stripTrailing),
                Def.of("LENGTH|LEN", 1, c -> Bound.strict(c.result(SqlType.INTEGER), v -> (long) length(str(v)))),
                Def.of("SUBSTRING|SUBSTR", 2, 3, c -> Bound.strictN(c.numeric(Num.range(1, c.count())).result(SqlType.STRING),
                        a -> substring(c.name, str(a[0]), Num.integer(c.name, a[1]), a.length > 2 ? Num.integer(c.name, a[2]) : null))),
                Def.of("LEFT", 2, c -> Bound.strict(c.numeric(1).result(SqlType.STRING), (v, n) -> {
                    String s = str(v);
                    long k = Num.integer(c.name, n);
                    return slice(s, 0, k >= 0 ? k : length(s) + k);
                })),
                Def.of("RIGHT", 2, c -> Bound.strict(c.numeric(1).result(SqlType.STRING), (v, n) -> {
                    String s = str(v);
                    long k = Num.integer(c.name, n);
                    int len = length(s);
                    return slice(s, k >= 0 ? len - k : -k, len);
                })),
                Def.of("REPLACE", 3, c -> Bound.strict(c.result(SqlType.STRING), (s, from, to) ->
                        str(from).isEmpty() ? str(s) : str(s).replace(str(from), str(to)))),
                Def.of("POSITION", 2, c -> Bound.strict(c.result(SqlType.INTEGER), (sub, v) -> {
                    String s = str(v);
                    int i = s.indexOf(str(sub));
                    return i < 0 ? 0L : s.codePointCount(0, i) + 1L;
                })),
                pad("LPAD", true),
                pad("RPAD", false),
                Def.of("CONCAT", 1, Def.MANY, c -> BoundFunction.of(SqlType.STRING, a -> {
                    StringBuilder b = new StringBuilder();
                    for (Object v : a) {
                        b.append(Values.toDisplayString(v));
                    }
                    return b.toString();
                })),
                Def.of("CONCAT_WS", 2, Def.MANY, c -> BoundFunction.of(c.type(0) == SqlType.NULL ? SqlType.NULL : SqlType.STRING, a -> {
                    if (a[0] == null) {
                        return null;
                    }
                    StringBuilder b = new StringBuilder();
                    boolean first = true;
                    for (int i = 1; i < a.length; i++) {
                        if (a[i] != null) {
                            b.append(first ? "" : str(a[0])).append(str(a[i]));
                            first = false;
                        }
                    }
                    return b.toString();
                })),
                Def.of("SPLIT", 2, c -> Bound.strict(c.result(SqlType.ARRAY), (s, d) -> split(str(s), str(d)))),
                Def.of("SPLIT_PART", 3, c -> Bound.strict(c.numeric(2).result(SqlType.STRING), (s, d, n) -> {
                    List<String> parts = split(str(s), str(d));
                    long k = Num.integer(c.name, n);
                    long i = k > 0 ? k - 1 : parts.size() + k;
                    return k == 0 || i < 0 || i >= parts.size() ? "" : parts.get((int) i);
                })),
                Def.of("JOIN", 2, c -> Bound.strict(c.expect(0, SqlType.ARRAY).result(SqlType.STRING), (arr, sep) -> {
                    StringBuilder b = new StringBuilder();
                    boolean first = true;
                    for (Object e : CollectionFunctions.list(c.name, arr)) {
                        if (e != null) {
                            b.append(first ? "" : str(sep)).append(str(e));
                            first = false;
                        }
                    }
                    return b.toString();
                })),
                Def.of("REGEXP", 2, c -> {
                    var pattern = REGEX.bind(c, 1, 2);
                    return Bound.strictN(c.result(SqlType.BOOLEAN), a -> pattern.apply(a).matcher(str(a[0])).find());
                }),
                Def.of("REGEXP_REPLACE", 3, 4, c -> {
                    var pattern = REGEX.bind(c, 1, 3);
                    return Bound.strictN(c.result(SqlType.STRING), a -> {
                        try {
                            return pattern.apply(a).matcher(str(a[0])).replaceAll(str(a[2]));
                        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                            throw new ValueException(c.name + " invalid replacement '" + str(a[2]) + "': " + e.getMessage());
                        }
                    });
                }));
    }

    private static Def text(String names, UnaryOperator<String> f) {
        return Def.of(names, 1, c -> Bound.strict(c.result(SqlType.STRING), v -> f.apply(str(v))));
    }

    /** LPAD/RPAD(s, n[, fill]): to exactly n code points, cutting s when longer; fill defaults to a space. */
    private static Def pad(String name, boolean left) {
        return Def.of(name, 2, 3, c -> Bound.strictN(c.numeric(1).result(SqlType.STRING), a -> {
            String s = str(a[0]);
            long n = Num.integer(c.name, a[1]);
            int len = length(s);
            String fill = a.length > 2 ? str(a[2]) : " ";
            if (n <= len || fill.isEmpty()) {
                return slice(s, 0, n);
            } else if (n > MAX_PAD) {
                throw new ValueException(c.name + " length " + n + " is over the limit of " + MAX_PAD);
            }
            int[] cps = fill.codePoints().toArray();
            StringBuilder b = new StringBuilder();
            if (!left) {
                b.append(s);
            }
            for (long i = 0; i < n - len; i++) {
                b.appendCodePoint(cps[(int) (i % cps.length)]);
            }
            return left ? b.append(s).toString() : b.toString();
        }));
    }

    static String str(Object v) {
        return Values.toDisplayString(v);
    }

    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** Code points [from, to) of s, both clipped to the string. */
    private static String slice(String s, long from, long to) {
        int len = length(s);
        int f = (int) Math.max(0, Math.min(from, len));
        int t = (int) Math.max(f, Math.min(to, len));
        return s.substring(s.offsetByCodePoints(0, f), s.offsetByCodePoints(0, t));
    }

    /** SQL's SUBSTRING: the characters at positions [start, start + count) that exist, so start 0 or below eats into count. */
    private static String substring(String fn, String s, long start, Long count) {
        if (count != null && count < 0) {
            throw new ValueException(fn + " length must not be negative, got " + count);
        }
        long from = start - 1;
        return slice(s, from, count == null ? Long.MAX_VALUE : saturatedAdd(from, count));
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** Splits on a literal delimiter, keeping empty parts; an empty delimiter does not split. */
    static List<String> split(String s, String d) {
        List<String> parts = new ArrayList<>();
        if (d.isEmpty()) {
            parts.add(s);
            return parts;
        }
        int from = 0;
        for (int i = s.indexOf(d); i >= 0; i = s.indexOf(d, from)) {
            parts.add(s.substring(from, i));
            from = i + d.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    /** Java regular expression; flags i (case-insensitive), m (multi-line), s (dot matches newline), x (comments), g (all: the default). */
    private static Pattern regex(String pattern, String flags) {
        int f = 0;
        for (char ch : (flags == null ? "" : flags).toCharArray()) {
            f |= switch (ch) {
                case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case 'm' -> Pattern.MULTILINE;
                case 's' -> Pattern.DOTALL;
                case 'x' -> Pattern.COMMENTS;
                case 'g' -> 0;
                default -> throw new Compiled.Invalid("unknown flag '" + ch + "' (known: i, m, s, x, g)");
            };
        }
        try {
            return Pattern.compile(pattern, f);
        } catch (PatternSyntaxException e) {
            throw new Compiled.Invalid("invalid pattern '" + pattern + "': " + e.getDescription());
        }
    }
}
