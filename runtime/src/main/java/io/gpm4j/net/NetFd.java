package io.gpm4j.net;

import io.gpm4j.runtime.WaitReason;
import io.gpm4j.runtime.CarrierBuffer;
import io.gpm4j.runtime.PollDesc;
import io.gpm4j.runtime.park.Parking;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;

/**
 * A non-blocking channel and its poll descriptor: the read, write, accept and connect loops that
 * try the operation and, when the socket is not ready, park on the descriptor until it is. This
 * class is rewritten by the agent, so the park suspends a goroutine; on a plain thread it blocks
 * the thread. One reader and one writer at a time (the connection serializes them). Stream
 * sockets read, write, accept and connect; datagram sockets receive and send.
 *
 * <p>Go: internal/poll.FD (Read, Write, Accept, the pd.waitRead/waitWrite loop) and
 * internal/poll/fd_poll_runtime.go (pollDesc.wait, convertErr).
 */
final class NetFd {
    /** Go: waitReasonIOWait. */
    static final WaitReason IO_WAIT = WaitReason.IO_WAIT;
    /** Go: net.ErrClosed, poll.ErrNetClosing. */
    static final String CLOSED = "use of closed network connection";

    final SelectableChannel channel;
    final PollDesc pd;
    /** What Go prints between the op and the error: {@code "tcp 127.0.0.1:5000->127.0.0.1:6000"}. Set once known. */
    volatile String describe;

    NetFd(SelectableChannel channel, String describe) {
        this.channel = channel;
        this.pd = PollDesc.open(channel);
        this.describe = describe;
    }

    /**
     * Parks until the channel is ready for {@code op} in {@code mode}. Throws for a closed
     * descriptor or a passed deadline. Go: pollDesc.wait → runtime_pollWait (poll_runtime_pollWait).
     */
    void await(int mode, int op, String opName) throws IOException {
        for (;;) {
            int err = pd.check(mode);
            if (err != PollDesc.OK) {
                throw error(err, opName);
            }
            if (pd.prepareBlock(mode, op)) {
                return; // readiness came before the wait
            }
            if (pd.check(mode) == PollDesc.OK) {
                Parking.park(PollDesc.commit(mode), pd, IO_WAIT);
            }
            if (pd.finishBlock(mode)) {
                return;
            }
            // woken by close or a deadline (the check above throws), or by a deadline moved later
        }
    }

    /** Throws when a call in {@code mode} cannot start (closed, past its deadline). Go: pollDesc.prepare. */
    void prepare(int mode, String opName) throws IOException {
        int err = pd.check(mode);
        if (err != PollDesc.OK) {
            throw error(err, opName);
        }
    }

    /**
     * Reads at least one byte into {@code b} at {@code off}, at most {@code len} (parking until
     * there is one), or -1 at end of stream. Through the M's direct buffer ({@link CarrierBuffer}),
     * fetched again after every park: the goroutine may come back on another M. Go: FD.Read.
     */
    int read(byte[] b, int off, int len) throws IOException {
        SocketChannel ch = (SocketChannel) channel;
        prepare(PollDesc.MODE_READ, "read");
        for (;;) {
            int n;
            try {
                n = CarrierBuffer.read(ch, b, off, len);
            } catch (ClosedChannelException e) {
                throw closed("read", e);
            }
            if (n != 0) {
                return n;
            }
            await(PollDesc.MODE_READ, SelectionKey.OP_READ, "read");
        }
    }

    /**
     * Writes all {@code len} bytes of {@code b} from {@code off}, parking while the socket is
     * full; a part at a time through the M's direct buffer ({@link CarrierBuffer}). Go: FD.Write.
     */
    void write(byte[] b, int off, int len) throws IOException {
        SocketChannel ch = (SocketChannel) channel;
        prepare(PollDesc.MODE_WRITE, "write");
        int done = 0;
        while (done < len) {
            int n;
            try {
                n = CarrierBuffer.write(ch, b, off + done, len - done);
            } catch (ClosedChannelException e) {
                throw closed("write", e);
            }
            done += n;
            if (n == 0) {
                try {
                    await(PollDesc.MODE_WRITE, SelectionKey.OP_WRITE, "write");
                } catch (SocketTimeoutException e) {
                    e.bytesTransferred = done;
                    throw e;
                }
            }
        }
    }

    /**
     * Receives one datagram into {@code b}, a heap buffer (the part that does not fit is dropped,
     * as the system does), parking until one is there; returns its sender. Through the M's direct
     * buffer ({@link CarrierBuffer}). Go: FD.ReadFrom.
     */
    InetSocketAddress receive(ByteBuffer b) throws IOException {
        DatagramChannel ch = (DatagramChannel) channel;
        prepare(PollDesc.MODE_READ, "read");
        for (;;) {
            SocketAddress from;
            try {
                from = CarrierBuffer.receive(ch, b);
            } catch (ClosedChannelException e) {
                throw closed("read", e);
            }
            if (from != null) {
                return (InetSocketAddress) from;
            }
            await(PollDesc.MODE_READ, SelectionKey.OP_READ, "read");
        }
    }

    /**
     * Sends {@code b}, a heap buffer, as one datagram to {@code to}, parking while the send buffer
     * is full. Through the M's direct buffer ({@link CarrierBuffer}). Go: FD.WriteTo.
     */
    void send(ByteBuffer b, InetSocketAddress to) throws IOException {
        DatagramChannel ch = (DatagramChannel) channel;
        prepare(PollDesc.MODE_WRITE, "write");
        for (;;) {
            int n;
            try {
                n = CarrierBuffer.send(ch, b, to);
            } catch (ClosedChannelException e) {
                throw closed("write", e);
            }
            if (n != 0 || !b.hasRemaining()) {
                return; // a datagram goes whole or not at all
            }
            await(PollDesc.MODE_WRITE, SelectionKey.OP_WRITE, "write");
        }
    }

    /** The next connection, parking until one arrives. Go: FD.Accept. */
    SocketChannel accept() throws IOException {
        ServerSocketChannel ch = (ServerSocketChannel) channel;
        prepare(PollDesc.MODE_READ, "accept");
        for (;;) {
            SocketChannel c;
            try {
                c = ch.accept();
            } catch (ClosedChannelException e) {
                throw closed("accept", e);
            }
            if (c != null) {
                return c;
            }
            await(PollDesc.MODE_READ, SelectionKey.OP_ACCEPT, "accept");
        }
    }

    /** Finishes a connect that did not complete at once, parking until it does. Go: netFD.connect. */
    void finishConnect() throws IOException {
        SocketChannel ch = (SocketChannel) channel;
        while (!ch.finishConnect()) {
            await(PollDesc.MODE_WRITE, SelectionKey.OP_CONNECT, "dial");
        }
    }

    /** Sets the deadline of {@code modes} ({@code 1 << PollDesc.MODE_READ} | ...) to {@code t}, null to clear. */
    void setDeadline(int modes, Instant t) {
        if (t == null) {
            pd.setDeadline(modes, true, 0);
            return;
        }
        pd.setDeadline(modes, false, nanoTimeOf(t));
    }

    /** {@code t} in {@link System#nanoTime} terms, saturated for instants centuries away. */
    static long nanoTimeOf(Instant t) {
        long now = System.nanoTime();
        Duration d = Duration.between(Instant.now(), t);
        long maxAhead = Long.MAX_VALUE / 4;
        if (d.getSeconds() > maxAhead / 1_000_000_000L) {
            return now + maxAhead;
        }
        if (d.getSeconds() < -maxAhead / 1_000_000_000L) {
            return now - maxAhead;
        }
        return now + d.toNanos();
    }

    /** Closes the channel: wakes both waiters, closes, and has the selector release the descriptor. Go: FD.Close. */
    void close() throws IOException {
        pd.unblockForClose();
        try {
            channel.close();
        } finally {
            pd.closed();
        }
    }

    private IOException error(int err, String op) {
        if (err == PollDesc.ERR_TIMEOUT) {
            return new SocketTimeoutException(op + " " + describe + ": i/o timeout");
        }
        return closed(op, null);
    }

    IOException closed(String op, Throwable cause) {
        IOException e = new IOException(op + " " + describe + ": " + CLOSED);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
