package io.gpm4j.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A listening TCP socket, from {@link Net#listen}. {@link #accept} parks the goroutine (blocks a
 * plain thread) until a connection arrives. Go: net.Listener and net.TCPListener.
 */
public interface Listener extends Closeable {
    /**
     * The next connection, parking until one arrives.
     *
     * @throws java.net.SocketTimeoutException past the deadline of {@link #setDeadline}
     * @throws IOException once the listener is closed ("use of closed network connection"),
     *         also for an accept parked when it was closed
     */
    Conn accept() throws IOException;

    /** The address listened on (with the port chosen for port 0). Go: Addr. */
    InetSocketAddress addr();

    /**
     * Sets the deadline of {@link #accept}; {@code null} clears it; a later deadline makes the
     * listener usable again. No effect once closed. Go: TCPListener.SetDeadline.
     */
    void setDeadline(Instant t);

    /** Stops listening; parked and later {@code accept} calls throw an {@link IOException}. Go: Close. */
    @Override
    void close() throws IOException;
}
