package io.gpm4j.net;

import io.gpm4j.runtime.PollDesc;
import io.gpm4j.sync.Mutex;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP connection on a non-blocking {@link SocketChannel}. Readers take turns on one mutex and
 * writers on another (a poll descriptor has one waiter per mode). Go: net.TCPConn, net.conn,
 * and poll.FD's fdMutex read and write locks.
 */
final class TcpConn implements Conn {
    final NetFd fd;
    private final SocketChannel ch;
    /** Known once connected: a connect in progress has no local address yet. */
    private volatile InetSocketAddress local;
    private final InetSocketAddress remote;
    private final Mutex readMu = new Mutex();
    private final Mutex writeMu = new Mutex();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Wraps a connected (or connecting) channel, which is made non-blocking here. */
    TcpConn(SocketChannel ch, InetSocketAddress remoteIfConnecting) throws IOException {
        this.ch = ch;
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true); // Go's default
        this.local = (InetSocketAddress) ch.getLocalAddress();
        InetSocketAddress r = (InetSocketAddress) ch.getRemoteAddress();
        this.remote = r != null ? r : remoteIfConnecting;
        this.fd = new NetFd(ch, "tcp " + Addrs.format(local) + "->" + Addrs.format(remote));
    }

    /** A connect in progress completed: the local address is known now. */
    void connected() throws IOException {
        local = (InetSocketAddress) ch.getLocalAddress();
        fd.describe = "tcp " + Addrs.format(local) + "->" + Addrs.format(remote);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        readMu.lock();
        try {
            if (closed.get()) {
                throw fd.closed("read", null);
            }
            if (len == 0) {
                return 0;
            }
            return fd.read(ByteBuffer.wrap(b, off, len));
        } finally {
            readMu.unlock();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        writeMu.lock();
        try {
            if (closed.get()) {
                throw fd.closed("write", null);
            }
            if (len == 0) {
                return;
            }
            fd.write(ByteBuffer.wrap(b, off, len));
        } finally {
            writeMu.unlock();
        }
    }

    @Override
    public void setDeadline(Instant t) {
        fd.setDeadline((1 << PollDesc.MODE_READ) | (1 << PollDesc.MODE_WRITE), t);
    }

    @Override
    public void setReadDeadline(Instant t) {
        fd.setDeadline(1 << PollDesc.MODE_READ, t);
    }

    @Override
    public void setWriteDeadline(Instant t) {
        fd.setDeadline(1 << PollDesc.MODE_WRITE, t);
    }

    @Override
    public InetSocketAddress localAddr() {
        return local;
    }

    @Override
    public InetSocketAddress remoteAddr() {
        return remote;
    }

    @Override
    public void closeWrite() throws IOException {
        if (closed.get()) {
            throw fd.closed("close", null);
        }
        try {
            ch.shutdownOutput();
        } catch (ClosedChannelException e) {
            throw fd.closed("close", e);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            fd.close();
        }
    }

    @Override
    public InputStream inputStream() {
        return new ConnStreams.In(this);
    }

    @Override
    public OutputStream outputStream() {
        return new ConnStreams.Out(this);
    }

    @Override
    public String toString() {
        return "Conn(" + fd.describe + ")";
    }
}
