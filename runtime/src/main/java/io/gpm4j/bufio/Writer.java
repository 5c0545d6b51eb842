package io.gpm4j.bufio;

import io.gpm4j.net.Conn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A buffered writer over a {@link Conn}: writes gather in a buffer and go out when it is full or
 * on {@link #flush}, parking the goroutine while the connection is full. Not safe for concurrent
 * use. After a failed write the unwritten bytes stay buffered and the failure is thrown again by
 * every later write and flush, as in Go.
 *
 * <p>Go: bufio.Writer (NewWriterSize, Write, WriteByte, WriteString, Flush, Buffered, Available).
 */
public final class Writer {
    /** The buffer size of {@link #Writer(Conn)}. Go: defaultBufSize. */
    public static final int DEFAULT_SIZE = 4096;

    private final Conn conn;
    private final byte[] buf;
    private int n;
    private IOException err;

    /** A writer with a {@value #DEFAULT_SIZE}-byte buffer. */
    public Writer(Conn conn) {
        this(conn, DEFAULT_SIZE);
    }

    /** A writer with a buffer of {@code size} bytes (at least 1). */
    public Writer(Conn conn, int size) {
        this.conn = Objects.requireNonNull(conn, "conn");
        this.buf = new byte[Math.max(1, size)];
    }

    /** Bytes buffered, not yet written. Go: Buffered. */
    public int buffered() {
        return n;
    }

    /** Free bytes in the buffer. Go: Available. */
    public int available() {
        return buf.length - n;
    }

    /** Buffers {@code len} bytes of {@code b} from {@code off}, writing the buffer out as it fills. Go: Write. */
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        while (len > buf.length - n) {
            if (err != null) {
                throw err;
            }
            if (n == 0) {
                write0(b, off, len); // large write into an empty buffer: no copy, as Go does
                return;
            }
            int k = buf.length - n;
            System.arraycopy(b, off, buf, n, k);
            n += k;
            off += k;
            len -= k;
            flush();
        }
        if (err != null) {
            throw err;
        }
        System.arraycopy(b, off, buf, n, len);
        n += len;
    }

    /** Buffers all of {@code b}. */
    public void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    /** Buffers one byte. Go: WriteByte. */
    public void writeByte(int b) throws IOException {
        if (err != null) {
            throw err;
        }
        if (n == buf.length) {
            flush();
        }
        buf[n++] = (byte) b;
    }

    /** Buffers {@code s} encoded as UTF-8. Go: WriteString. */
    public void writeString(String s) throws IOException {
        write(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the buffered bytes to the connection. Go: Flush. */
    public void flush() throws IOException {
        if (err != null) {
            throw err;
        }
        if (n == 0) {
            return;
        }
        write0(buf, 0, n);
        n = 0;
    }

    private void write0(byte[] b, int off, int len) throws IOException {
        try {
            conn.write(b, off, len);
        } catch (IOException e) {
            err = e;
            throw e;
        }
    }
}
