package io.velostream.engine.internal.io.format;

import io.velostream.engine.record.Decimal;

import java.nio.CharBuffer;
import java.util.Arrays;

/**
 * Splits CSV records (RFC 4180) and types their values by inference (docs/formats.md#csv): INTEGER, DECIMAL
 * (keeping its scale), BOOLEAN ({@code true}/{@code false}, any case), else STRING; an empty
 * field is NULL, a quoted empty field ({@code ""}) the empty string.
 *
 * <p>Hand-rolled rather than jackson-dataformat-csv: the reader needs each record's line number
 * and raw text for record errors and must see a wrong field count as an error on that line,
 * which Jackson's CSV parser hides behind its schema handling. Splitting a line already in a
 * char buffer and typing values straight from it (no String for numbers or booleans) is also
 * less work than Jackson's token stream plus a second pass for inference.
 *
 * <p>One decoder per reader thread: fields live in reused scratch arrays.
 */
public final class CsvDecoder {
    private final char delimiter;
    private Object[] fields = new Object[16];
    private char[] unquoted = new char[64];

    public CsvDecoder(char delimiter) {
        this.delimiter = delimiter;
    }

    /**
     * Splits one record held in {@code line[0..length)}. A quoted field may span lines: when the
     * text ends inside quotes, the caller appends a newline and the next line and splits again.
     *
     * @param infer true to type values, false to keep every field a String (a header)
     * @return the number of fields, or -1 when the text ends inside a quoted field
     * @throws DecodeException on text after a closing quote
     */
    public int split(char[] line, int length, boolean infer) throws DecodeException {
        int n = 0;
        int i = 0;
        while (true) {
            Object value;
            if (i < length && line[i] == '"') {
                int u = 0;
                int j = i + 1;
                while (true) {
                    if (j >= length) {
                        return -1;
                    }
                    char c = line[j++];
                    if (c == '"') {
                        if (j < length && line[j] == '"') {
                            j++;
                        } else {
                            break;
                        }
                    }
                    if (u == unquoted.length) {
                        unquoted = Arrays.copyOf(unquoted, u * 2);
                    }
                    unquoted[u++] = c;
                }
                if (j < length && line[j] != delimiter) {
                    throw new DecodeException("unexpected character '" + line[j] + "' after the closing quote of field "
                            + (n + 1) + " at column " + (j + 1));
                }
                value = u == 0 ? "" : infer ? infer(unquoted, 0, u) : new String(unquoted, 0, u);
                i = j;
            } else {
                int j = i;
                while (j < length && line[j] != delimiter) {
                    j++;
                }
                value = j == i ? null : infer ? infer(line, i, j - i) : new String(line, i, j - i);
                i = j;
            }
            if (n == fields.length) {
                fields = Arrays.copyOf(fields, n * 2);
            }
            fields[n++] = value;
            if (i >= length) {
                return n;
            }
            i++; // the delimiter
        }
    }

    /** The first {@code count} fields of the last split, as a new array the caller owns. */
    public Object[] values(int count) {
        return Arrays.copyOf(fields, count);
    }

    /** The value of a non-empty field: Long, Decimal, Boolean or String. */
    public static Object infer(char[] c, int off, int len) {
        int end = off + len;
        int i = off;
        if (c[i] == '-' || c[i] == '+') {
            i++;
        }
        int intStart = i;
        while (i < end && isDigit(c[i])) {
            i++;
        }
        int intDigits = i - intStart;
        if (i == end) {
            return intDigits == 0 ? new String(c, off, len) : integer(c, off, len, intStart, intDigits);
        }
        if (c[i] == '.') {
            int fracStart = ++i;
            while (i < end && isDigit(c[i])) {
                i++;
            }
            if (i == end && i > fracStart) {
                return Decimal.parse(CharBuffer.wrap(c, off, len));
            }
        } else if (len == 4 && matches(c, off, "true")) {
            return Boolean.TRUE;
        } else if (len == 5 && matches(c, off, "false")) {
            return Boolean.FALSE;
        }
        return new String(c, off, len);
    }

    private static Object integer(char[] c, int off, int len, int digitsStart, int digits) {
        if (digits > 18) { // may not fit a long: let the library decide
            String s = new String(c, off, len);
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return Decimal.parse(s);
            }
        }
        long v = 0;
        for (int i = digitsStart; i < off + len; i++) {
            v = v * 10 + (c[i] - '0');
        }
        return c[off] == '-' ? -v : v;
    }

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    /** Case-insensitive match against a lower-case ASCII word. */
    private static boolean matches(char[] c, int off, String lower) {
        for (int k = 0; k < lower.length(); k++) {
            if ((c[off + k] | 0x20) != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
