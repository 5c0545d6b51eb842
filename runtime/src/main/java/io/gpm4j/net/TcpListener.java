package io.gpm4j.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** A TCP listener on a non-blocking {@link ServerSocketChannel}; accepts take turns. Go: net.TCPListener. */
final class TcpListener extends PolledSocket implements Listener {
    private final InetSocketAddress addr;

    /** Wraps a bound non-blocking channel listening on {@code addr}. */
    TcpListener(ServerSocketChannel ch, InetSocketAddress addr) {
        super(new NetFd(ch, "tcp " + Addrs.format(addr)));
        this.addr = addr;
    }

    @Override
    public Conn accept() throws IOException {
        readMu.lock(); // accepts take turns
        try {
            checkOpen("accept");
            SocketChannel c = fd.accept();
            try {
                return new TcpConn(c, null);
            } catch (IOException | RuntimeException e) {
                c.close(); // no descriptor leaks from a connection that could not be set up
                throw e;
            }
        } finally {
            readMu.unlock();
        }
    }

    @Override
    public InetSocketAddress addr() {
        return addr;
    }

    @Override
    public String toString() {
        return "Listener(" + fd.describe + ")";
    }
}
