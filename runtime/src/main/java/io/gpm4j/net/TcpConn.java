package io.gpm4j.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * A TCP connection on a non-blocking {@link SocketChannel}; readers and writers take turns as on
 * every {@link PolledSocket}. Go: net.TCPConn.
 */
final class TcpConn extends PolledSocket implements Conn {
    private final SocketChannel ch;
    /** Known once connected: a connect in progress has no local address yet. */
    private volatile InetSocketAddress local;
    private final InetSocketAddress remote;

    /** Wraps a connected (or connecting) channel, which is made non-blocking here. */
    TcpConn(SocketChannel ch, InetSocketAddress remoteIfConnecting) throws IOException {
        this(ch, nonBlockingLocal(ch), remoteOr(ch, remoteIfConnecting));
    }

    private TcpConn(SocketChannel ch, InetSocketAddress local, InetSocketAddress remote) {
        super(new NetFd(ch, "tcp " + Addrs.format(local) + "->" + Addrs.format(remote)));
        this.ch = ch;
        this.local = local;
        this.remote = remote;
    }

    /** Makes {@code ch} non-blocking with Go's TCP_NODELAY; returns its local address. */
    private static InetSocketAddress nonBlockingLocal(SocketChannel ch) throws IOException {
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true); // Go's default
        return (InetSocketAddress) ch.getLocalAddress();
    }

    private static InetSocketAddress remoteOr(SocketChannel ch, InetSocketAddress remoteIfConnecting) throws IOException {
        InetSocketAddress r = (InetSocketAddress) ch.getRemoteAddress();
        return r != null ? r : remoteIfConnecting;
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
            checkOpen("read");
            if (len == 0) {
                return 0;
            }
            return fd.read(b, off, len);
        } finally {
            readMu.unlock();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        writeMu.lock();
        try {
            checkOpen("write");
            if (len == 0) {
                return;
            }
            fd.write(b, off, len);
        } finally {
            writeMu.unlock();
        }
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
        checkOpen("close");
        try {
            ch.shutdownOutput();
        } catch (ClosedChannelException e) {
            throw fd.closed("close", e);
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
