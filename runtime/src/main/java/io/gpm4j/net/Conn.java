package io.gpm4j.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A stream connection (a TCP connection), from {@link Net#dial} or {@link Listener#accept}.
 * Inside a goroutine {@link #read} and {@link #write} park the goroutine while the socket is not
 * ready (its carrier runs other goroutines); on a plain thread they block the thread.
 *
 * <p>One reader and one writer at a time: concurrent reads (or writes) take turns, a read and a
 * write may run at once. Deadlines are absolute: a read (write) that is parked, or starts, past
 * its deadline throws {@link java.net.SocketTimeoutException}; setting a later deadline (or
 * clearing it with {@code null}) makes the connection usable again, as in Go.
 *
 * <p>Go: net.Conn and net.TCPConn.
 */
public interface Conn extends Closeable {
    /**
     * Reads up to {@code len} bytes into {@code b} from {@code off}, parking until at least one
     * byte is there. Returns how many were read, or -1 at end of stream; 0 only for
     * {@code len == 0}.
     *
     * @throws IndexOutOfBoundsException when {@code off}/{@code len} do not fit {@code b}
     * @throws java.net.SocketTimeoutException past the read deadline
     * @throws IOException when the connection is closed ("use of closed network connection") or
     *         fails (e.g. reset by the peer)
     */
    int read(byte[] b, int off, int len) throws IOException;

    /**
     * Writes all {@code len} bytes of {@code b} from {@code off}, parking while the socket's send
     * buffer is full. A timeout's {@link java.net.SocketTimeoutException#bytesTransferred} says how
     * many bytes were written.
     *
     * @throws IndexOutOfBoundsException when {@code off}/{@code len} do not fit {@code b}
     * @throws java.net.SocketTimeoutException past the write deadline
     * @throws IOException when the connection is closed or fails
     */
    void write(byte[] b, int off, int len) throws IOException;

    /** Sets the read and write deadlines; {@code null} clears them. No effect on a closed connection. Go: SetDeadline. */
    void setDeadline(Instant t);

    /** Sets the read deadline; {@code null} clears it. Go: SetReadDeadline. */
    void setReadDeadline(Instant t);

    /** Sets the write deadline; {@code null} clears it. Go: SetWriteDeadline. */
    void setWriteDeadline(Instant t);

    /** The local address. Go: LocalAddr. */
    InetSocketAddress localAddr();

    /** The peer's address. Go: RemoteAddr. */
    InetSocketAddress remoteAddr();

    /** Shuts down the sending side: the peer reads end of stream; reading goes on. Go: TCPConn.CloseWrite. */
    void closeWrite() throws IOException;

    /**
     * Closes the connection; a parked or later {@code read} or {@code write} throws an
     * {@link IOException} ("use of closed network connection"). A second close does nothing.
     * Go: Close.
     */
    @Override
    void close() throws IOException;

    /**
     * A stream view of the reading side (closing it closes the connection). It reads like
     * {@link #read}, but calls reach it through {@code java.io.InputStream}, a JDK type, which the
     * agent never treats as a call that may suspend: a goroutine that must wait there pins (blocks
     * its carrier thread, which hands its P to another M) instead of parking; so does one reading
     * through a JDK wrapper such as {@code BufferedReader}. It works; it costs a thread while it
     * waits. {@code io.gpm4j.bufio} reads buffered and parks.
     */
    InputStream inputStream();

    /** A stream view of the writing side (closing it closes the connection); a write that must wait pins, see {@link #inputStream}. */
    OutputStream outputStream();
}
