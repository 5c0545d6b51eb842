package io.gpm4j.net;

import io.gpm4j.runtime.PollDesc;
import io.gpm4j.sync.Mutex;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** A TCP listener on a non-blocking {@link ServerSocketChannel}; accepts take turns. Go: net.TCPListener. */
final class TcpListener implements Listener {
    private final ServerSocketChannel ch;
    private final NetFd fd;
    private final InetSocketAddress addr;
    private final Mutex acceptMu = new Mutex();
    private final AtomicBoolean closed = new AtomicBoolean();

    TcpListener(ServerSocketChannel ch) throws IOException {
        this.ch = ch;
        this.addr = (InetSocketAddress) ch.getLocalAddress();
        this.fd = new NetFd(ch, "tcp " + Addrs.format(addr));
    }

    @Override
    public Conn accept() throws IOException {
        acceptMu.lock();
        try {
            if (closed.get()) {
                throw fd.closed("accept", null);
            }
            SocketChannel c = fd.accept();
            try {
                return new TcpConn(c, null);
            } catch (IOException | RuntimeException e) {
                c.close(); // no descriptor leaks from a connection that could not be set up
                throw e;
            }
        } finally {
            acceptMu.unlock();
        }
    }

    @Override
    public InetSocketAddress addr() {
        return addr;
    }

    @Override
    public void setDeadline(Instant t) {
        fd.setDeadline(1 << PollDesc.MODE_READ, t);
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            fd.close();
        }
    }

    @Override
    public String toString() {
        return "Listener(" + fd.describe + ")";
    }
}
