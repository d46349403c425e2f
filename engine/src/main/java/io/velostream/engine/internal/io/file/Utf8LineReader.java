package io.velostream.engine.internal.io.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads UTF-8 text a line at a time as bytes, so a JSON line goes to Jackson's byte parser with
 * no char decoding and no String (docs/benchmarks.md#file--file-the-command-line). A line that
 * lies whole in the read buffer is not copied: {@link #bytes()} is then the read buffer itself.
 * Lines end at {@code \n} (a byte no multi-byte UTF-8 sequence contains); a trailing {@code \r}
 * is dropped; a byte-order mark at the start is skipped.
 */
final class Utf8LineReader implements Closeable {
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean started;
    /** Holds a line that crosses the end of the read buffer. */
    private byte[] spill = new byte[256];
    private byte[] line;
    private int offset;
    private int length;
    /** OR of the line's bytes: bit 7 set when it holds a non-ASCII byte. */
    private int orOfBytes;
    private long lineNumber;

    Utf8LineReader(InputStream in) {
        this.in = in;
    }

    /** Reads the next line; false at end of input. */
    boolean next() throws IOException {
        if (pos >= limit && !fill()) {
            return false;
        }
        int or = 0;
        int i = pos;
        while (i < limit && buf[i] != '\n') {
            or |= buf[i++];
        }
        if (i < limit) { // the common case: the whole line is in the buffer
            line = buf;
            offset = pos;
            length = i - pos;
            pos = i + 1;
        } else {
            int len = 0;
            while (true) {
                int n = i - pos;
                if (len + n > spill.length) {
                    spill = Arrays.copyOf(spill, Math.max(len + n, spill.length * 2));
                }
                System.arraycopy(buf, pos, spill, len, n);
                len += n;
                pos = i;
                if (i < limit) {
                    pos++; // the newline
                    break;
                }
                if (!fill()) {
                    break;
                }
                i = pos;
                while (i < limit && buf[i] != '\n') {
                    or |= buf[i++];
                }
            }
            line = spill;
            offset = 0;
            length = len;
        }
        if (length > 0 && line[offset + length - 1] == '\r') {
            length--;
        }
        orOfBytes = or;
        lineNumber++;
        return true;
    }

    /** True when no byte is left; reads ahead when the buffer is empty. */
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
            if (n >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
                pos = 3;
                return limit > 3 || fill();
            }
        }
        return true;
    }

    byte[] bytes() {
        return line;
    }

    int offset() {
        return offset;
    }

    int length() {
        return length;
    }

    /** True when the line is 7-bit ASCII, where bytes and chars are the same and UTF-8 needs no decoding. */
    boolean isAscii() {
        return (orOfBytes & 0x80) == 0;
    }

    /** Blank as {@link Character#isWhitespace} says, as the char reader before it did. */
    boolean isBlank() {
        if (isAscii()) {
            for (int i = offset, end = offset + length; i < end; i++) {
                if (!Character.isWhitespace(line[i])) {
                    return false;
                }
            }
            return true;
        }
        return text().chars().allMatch(Character::isWhitespace);
    }

    /** The 1-based number of the last line read. */
    long lineNumber() {
        return lineNumber;
    }

    /** The line decoded (malformed UTF-8 becomes U+FFFD, as a decoding reader makes it). */
    String text() {
        return new String(line, offset, length, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
