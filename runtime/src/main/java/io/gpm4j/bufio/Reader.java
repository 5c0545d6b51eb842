package io.gpm4j.bufio;

import io.gpm4j.net.Conn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A buffered reader over a {@link Conn}: line and delimiter reads that park the goroutine while
 * the connection has nothing to read, instead of pinning it as a JDK {@code BufferedReader} over
 * the connection's stream would (the JDK's frames cannot be suspended). Not safe for concurrent
 * use: one goroutine reads at a time.
 *
 * <p>Strings are decoded as UTF-8 (bytes that are not UTF-8 become U+FFFD, never an exception).
 *
 * <p>Go: bufio.Reader (NewReaderSize, Read, ReadByte, ReadSlice/ReadLine, ReadBytes, ReadString,
 * Buffered, Discard).
 */
public final class Reader {
    /** The buffer size of {@link #Reader(Conn)}. Go: defaultBufSize. */
    public static final int DEFAULT_SIZE = 4096;
    private static final int MIN_SIZE = 16;

    private final Conn conn;
    private final byte[] buf;
    /** Read position. */
    private int r;
    /** Write position. */
    private int w;
    /** The connection reported end of stream. */
    private boolean eof;

    /** A reader with a {@value #DEFAULT_SIZE}-byte buffer. */
    public Reader(Conn conn) {
        this(conn, DEFAULT_SIZE);
    }

    /** A reader with a buffer of {@code size} bytes (at least 16); {@link #readLine} lines must fit in it. */
    public Reader(Conn conn, int size) {
        this.conn = Objects.requireNonNull(conn, "conn");
        this.buf = new byte[Math.max(MIN_SIZE, size)];
    }

    /** Bytes that can be read from the buffer without touching the connection. Go: Buffered. */
    public int buffered() {
        return w - r;
    }

    /**
     * Reads up to {@code len} bytes: from the buffer if it holds any, else with at most one read
     * of the connection. Returns -1 at end of stream. Go: Read.
     */
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (r == w) {
            if (eof) {
                return -1;
            }
            if (len >= buf.length) {
                int n = conn.read(b, off, len); // large read: skip the copy, as Go does
                if (n < 0) {
                    eof = true;
                }
                return n;
            }
            r = 0;
            w = 0;
            fill();
            if (r == w) {
                return -1;
            }
        }
        int n = Math.min(len, w - r);
        System.arraycopy(buf, r, b, off, n);
        r += n;
        return n;
    }

    /** The next byte (0-255), or -1 at end of stream. Go: ReadByte. */
    public int readByte() throws IOException {
        while (r == w) {
            if (eof) {
                return -1;
            }
            fill();
        }
        return buf[r++] & 0xff;
    }

    /**
     * The next line, without its {@code "\n"} or {@code "\r\n"}; at end of stream the last,
     * unterminated line, then null.
     *
     * @throws IOException "bufio: buffer full" when a line does not fit the buffer (the line's
     *         start is consumed), or when the connection fails
     */
    public String readLine() throws IOException {
        int scanned = 0;
        for (;;) {
            int i = indexOf((byte) '\n', r + scanned, w);
            if (i >= 0) {
                int end = i > r && buf[i - 1] == '\r' ? i - 1 : i;
                String line = new String(buf, r, end - r, StandardCharsets.UTF_8);
                r = i + 1;
                return line;
            }
            scanned = w - r;
            if (eof) {
                if (r == w) {
                    return null;
                }
                String line = new String(buf, r, w - r, StandardCharsets.UTF_8);
                r = w;
                return line;
            }
            if (w - r == buf.length) {
                r = w; // Go's ReadSlice returns the full buffer with ErrBufferFull; drop it here
                throw new IOException("bufio: buffer full");
            }
            fill();
        }
    }

    /**
     * Reads until the first {@code delim}, which the result includes; at end of stream what was
     * left (without a delimiter), then null. Unbounded, as in Go. Go: ReadBytes.
     */
    public byte[] readBytes(byte delim) throws IOException {
        byte[] out = null;
        int outLen = 0;
        for (;;) {
            int i = indexOf(delim, r, w);
            int end = i >= 0 ? i + 1 : w;
            int n = end - r;
            if (n > 0) {
                if (out == null) {
                    out = new byte[Math.max(n, 64)];
                } else if (outLen + n > out.length) {
                    out = Arrays.copyOf(out, Math.max(outLen + n, out.length * 2));
                }
                System.arraycopy(buf, r, out, outLen, n);
                outLen += n;
                r = end;
            }
            if (i >= 0) {
                return Arrays.copyOf(out, outLen);
            }
            if (eof) {
                return out == null ? null : Arrays.copyOf(out, outLen);
            }
            r = 0;
            w = 0;
            fill();
        }
    }

    /** {@link #readBytes} as a UTF-8 string (with the delimiter); null at end of stream. Go: ReadString. */
    public String readString(byte delim) throws IOException {
        byte[] b = readBytes(delim);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Skips up to {@code n} bytes; returns how many were skipped (fewer only at end of stream). Go: Discard. */
    public long discard(long n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("bufio: negative count " + n);
        }
        long left = n;
        while (left > 0) {
            if (r == w) {
                if (eof) {
                    break;
                }
                r = 0;
                w = 0;
                fill();
                continue;
            }
            int k = (int) Math.min(left, w - r);
            r += k;
            left -= k;
        }
        return n - left;
    }

    /** Reads once from the connection into the free end of the buffer (moving the unread bytes to the front first). */
    private void fill() throws IOException {
        if (r > 0) {
            System.arraycopy(buf, r, buf, 0, w - r);
            w -= r;
            r = 0;
        }
        int n = conn.read(buf, w, buf.length - w);
        if (n < 0) {
            eof = true;
        } else {
            w += n;
        }
    }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
