package io.gpm4j.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.Locale;
import java.util.Objects;

/**
 * A UDP socket on a non-blocking {@link DatagramChannel}; readers and writers take turns as on
 * every {@link PolledSocket}.
 * Go: net.UDPConn.
 */
final class UdpConn extends PolledSocket implements PacketConn {
    private final InetSocketAddress local;

    /** Wraps a bound non-blocking channel. */
    UdpConn(DatagramChannel ch, InetSocketAddress local, String network) {
        super(new NetFd(ch, network + " " + Addrs.format(local)));
        this.local = local;
    }

    @Override
    public Packet readFrom(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        readMu.lock();
        try {
            checkOpen("read");
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            InetSocketAddress from = fd.receive(buf);
            return new Packet(buf.position() - off, from);
        } finally {
            readMu.unlock();
        }
    }

    @Override
    public int writeTo(byte[] b, int off, int len, InetSocketAddress addr) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        Objects.requireNonNull(addr, "addr");
        if (addr.isUnresolved()) {
            throw new IOException("write " + fd.describe + "->" + addr.getHostString() + ":" + addr.getPort()
                    + ": unresolved address (resolve it first: new InetSocketAddress(host, port))");
        }
        writeMu.lock();
        try {
            checkOpen("write");
            try {
                fd.send(ByteBuffer.wrap(b, off, len), addr);
            } catch (java.net.SocketTimeoutException e) {
                throw e;
            } catch (IOException | UnsupportedAddressTypeException e) {
                if (e.getMessage() != null && e.getMessage().endsWith(NetFd.CLOSED)) {
                    throw (IOException) e;
                }
                String why = e instanceof UnsupportedAddressTypeException ? "address family not supported by this socket"
                        : e.getMessage() == null ? e.toString() : e.getMessage().toLowerCase(Locale.ROOT);
                IOException w = new IOException("write " + fd.describe + "->" + Addrs.format(addr) + ": " + why);
                w.initCause(e);
                throw w;
            }
            return len;
        } finally {
            writeMu.unlock();
        }
    }

    @Override
    public InetSocketAddress localAddr() {
        return local;
    }

    @Override
    public String toString() {
        return "PacketConn(" + fd.describe + ")";
    }
}
