package io.gpm4j.runtime;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;

/**
 * Internal: not part of the public API; public because {@code io.gpm4j.net} reads and writes
 * heap arrays through it.
 *
 * <p>One non-blocking channel call on a heap array, made through a direct buffer that belongs to
 * the calling M, and the copy in or out.
 *
 * <h2>Why</h2>
 * A channel cannot hand a heap array to the system: for each call the JDK takes a temporary
 * direct buffer from a per-thread cache ({@code sun.nio.ch.Util}'s buffer cache), copies through
 * it and gives it back. On JDK 17 that cache is an ordinary {@code ThreadLocal}, and since
 * ThreadLocals belong to the goroutine ({@link GoroutineLocals}), every goroutine that did one
 * read or write kept its own cache for the rest of its life: a {@code BufferCache} with an array
 * of {@code IOV_MAX} (1,024) slots, a direct buffer of the size of its last call (4 KiB of native
 * memory for bufio's reads) and the ThreadLocal maps to hold them. With 2,000 idle keep-alive
 * connections, each a goroutine parked in read, the heap held 2,001 {@code BufferCache}s and
 * 2,009 {@code DirectByteBuffer}s, and native memory 8 MB more ("Other"): about 4.6 KB of heap and
 * 4 KB of native memory per idle connection. (JDK 25 keeps that cache in the thread's own
 * terminating-ThreadLocal map, which is not switched, so there it stays per carrier.) Here the
 * channel only ever sees a direct buffer, so the JDK's cache is never touched on an M.
 *
 * <h2>The rule</h2>
 * The buffer is the M's, not the P's nor the goroutine's: an M runs one goroutine at a time and
 * a P can be retaken while its M is inside a call ({@link HandOff}), so only the M is sure to be
 * alone with it. It is used only within one call of this class, which is in a package the agent
 * does not rewrite and so cannot suspend: no park, preemption or move to another carrier comes
 * between the channel call and the copy. A caller that parks and retries calls again, on
 * whatever M it then runs on.
 *
 * <p>The buffer grows on demand from {@value #MIN_BYTES} bytes up to {@value #MAX_BYTES} (a
 * grown one replaces the old, which the GC frees): a longer read reads at most that much (a
 * short read, as any read may be), a longer write is written a part at a time by the caller's
 * loop, a receive never needs more (no UDP datagram is longer than 65,527 bytes), and a longer
 * send, which the system refuses anyway, goes through the JDK unchanged so that it fails as it
 * always did. On a thread that is no M (a plain thread, a carrier made by the public
 * constructor) every call is the JDK's own, on a wrapped array.
 *
 * <p>No allocation on an M once its buffer has grown: no wrapper, no temporary buffer.
 *
 * <p>Go: none (Go's read(2) and write(2) take the slice itself; the garbage collector does not
 * move it during the call).
 */
public final class CarrierBuffer {
    /** The size of an M's first buffer. */
    static final int MIN_BYTES = 8 * 1024;
    /** The most an M's buffer holds, and so the most one call moves: a power of two, at least 65,527. */
    static final int MAX_BYTES = 64 * 1024;

    private CarrierBuffer() {
    }

    /**
     * Reads at most {@code len} bytes into {@code b} at {@code off}, without waiting. Any thread.
     *
     * @return the bytes read (at most {@value #MAX_BYTES} on an M), 0 when none is there, -1 at the end of stream
     */
    public static int read(SocketChannel ch, byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = acquire(len);
        if (buf == null) {
            return ch.read(ByteBuffer.wrap(b, off, len));
        }
        int n = ch.read(buf);
        if (n > 0) {
            buf.get(0, b, off, n);
        }
        return n;
    }

    /**
     * Writes up to {@code len} bytes of {@code b} from {@code off}, without waiting. Any thread.
     *
     * @return the bytes written (at most {@value #MAX_BYTES} on an M), 0 when the socket is full
     */
    public static int write(SocketChannel ch, byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = acquire(len);
        if (buf == null) {
            return ch.write(ByteBuffer.wrap(b, off, len));
        }
        buf.put(0, b, off, buf.limit());
        return ch.write(buf);
    }

    /**
     * Receives one datagram into {@code dst}, a heap buffer, without waiting: what does not fit
     * in its remaining bytes is dropped, and its position moves past what was received. Any
     * thread.
     *
     * @return the sender, or null when no datagram was there
     */
    public static SocketAddress receive(DatagramChannel ch, ByteBuffer dst) throws IOException {
        ByteBuffer buf = acquire(dst.remaining());
        if (buf == null) {
            return ch.receive(dst);
        }
        SocketAddress from = ch.receive(buf);
        if (from != null) {
            int n = buf.position();
            int at = dst.position();
            dst.put(at, buf, 0, n);
            dst.position(at + n);
        }
        return from;
    }

    /**
     * Sends the remaining bytes of {@code src}, a heap buffer, as one datagram to {@code to},
     * without waiting; on success its position moves to its limit. Any thread.
     *
     * @return the bytes sent: all of them, or 0 when the send buffer is full
     */
    public static int send(DatagramChannel ch, ByteBuffer src, SocketAddress to) throws IOException {
        int len = src.remaining();
        ByteBuffer buf = len <= MAX_BYTES ? acquire(len) : null;
        if (buf == null) {
            return ch.send(src, to); // a plain thread, or a datagram too long to send: the JDK's error
        }
        int at = src.position();
        buf.put(0, src, at, len);
        int n = ch.send(buf, to);
        src.position(at + n);
        return n;
    }

    /**
     * The calling M's buffer, at position 0 with {@code min(len, MAX_BYTES)} bytes of room (its
     * contents are another call's leftovers), or null when the calling thread is no M. The caller
     * uses it within its own call only (see the class's rule). Owner M only.
     */
    static ByteBuffer acquire(int len) {
        M m = Sched.currentM();
        if (m == null) {
            return null;
        }
        int want = Math.min(len, MAX_BYTES);
        ByteBuffer buf = m.ioBuffer;
        if (buf == null || buf.capacity() < want) {
            int size = MIN_BYTES;
            while (size < want) {
                size <<= 1; // stays at most MAX_BYTES: a power of two at least want
            }
            buf = ByteBuffer.allocateDirect(size);
            m.ioBuffer = buf;
        }
        buf.clear().limit(want);
        return buf;
    }
}
