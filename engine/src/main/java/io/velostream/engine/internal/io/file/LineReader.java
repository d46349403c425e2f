package io.velostream.engine.internal.io.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * Reads text a line at a time into one reused char buffer, so a line costs no String unless a
 * record error needs its text. Lines end at {@code \n}; a trailing {@code \r} is dropped; a
 * byte-order mark at the start is skipped.
 */
final class LineReader implements Closeable {
    private final Reader in;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int limit;
    private boolean started;
    private char[] line = new char[256];
    private int length;
    private long lineNumber;

    LineReader(Reader in) {
        this.in = in;
    }

    /** Reads the next line into the buffer; false at end of input. */
    boolean next() throws IOException {
        return readLine(0);
    }

    /** Appends a newline and the next line to the current one (a quoted CSV field spanning lines). */
    boolean appendNext() throws IOException {
        ensure(length + 1);
        line[length] = '\n';
        return readLine(length + 1);
    }

    private boolean readLine(int start) throws IOException {
        if (atEnd()) {
            return false;
        }
        int len = start;
        while (pos < limit || fill()) {
            int i = pos;
            while (i < limit && buf[i] != '\n') {
                i++;
            }
            ensure(len + i - pos);
            System.arraycopy(buf, pos, line, len, i - pos);
            len += i - pos;
            if (i < limit) {
                pos = i + 1;
                break;
            }
            pos = limit;
        }
        if (len > start && line[len - 1] == '\r') {
            len--;
        }
        length = len;
        lineNumber++;
        return true;
    }

    /** True when no character is left; reads ahead when the buffer is empty. */
    boolean atEnd() throws IOException {
        return pos >= limit && !fill();
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        if (!started) {
            started = true;
            if (buf[0] == '\uFEFF') {
                pos = 1;
                return limit > 1 || fill();
            }
        }
        return true;
    }

    private void ensure(int capacity) {
        if (capacity > line.length) {
            line = Arrays.copyOf(line, Math.max(capacity, line.length * 2));
        }
    }

    char[] chars() {
        return line;
    }

    int length() {
        return length;
    }

    boolean isBlank() {
        for (int i = 0; i < length; i++) {
            if (!Character.isWhitespace(line[i])) {
                return false;
            }
        }
        return true;
    }

    /** The 1-based number of the last line read. */
    long lineNumber() {
        return lineNumber;
    }

    String text() {
        return new String(line, 0, length);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
