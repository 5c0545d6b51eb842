package io.gpm4j.net;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Listening and dialling TCP, Go's {@code net.Listen}, {@code net.Dial} and
 * {@code net.DialTimeout}; UDP sockets, Go's {@code net.ListenPacket}. See the package documentation for addresses, networks and errors.
 */
public final class Net {
    /** The accept queue length: the system's {@code somaxconn}, as Go uses (Go: maxListenerBacklog). */
    private static final int BACKLOG = backlog();

    private Net() {
    }

    /**
     * Listens on {@code address} ({@code ":8080"}, {@code "127.0.0.1:0"}, {@code "[::1]:0"}).
     *
     * @throws IllegalArgumentException for an unknown network or a malformed address
     * @throws BindException when the address is in use
     *         ({@code "listen tcp :8080: bind: address already in use"})
     * @throws IOException when the host cannot be resolved or the socket cannot be opened
     */
    public static Listener listen(String network, String address) throws IOException {
        Addrs.Network n = Addrs.network(network);
        InetSocketAddress local;
        try {
            local = Addrs.listenAddress(n, address);
        } catch (UnknownHostException e) {
            throw Addrs.lookupFailed("listen", n, address, e);
        }
        ServerSocketChannel ch = openServer(n, local, address);
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true); // as Go: a restarted server rebinds at once
            ch.bind(local, BACKLOG);
            return new TcpListener(ch, (InetSocketAddress) ch.getLocalAddress());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw opError("listen", n, address, e instanceof BindException ? "bind: " : "", e);
        }
    }

    /**
     * Opens a UDP socket bound to {@code address} ({@code ":9000"}, {@code "127.0.0.1:0"}) on
     * network {@code udp}, {@code udp4} or {@code udp6}. Go: net.ListenPacket.
     *
     * @throws IllegalArgumentException for an unknown network or a malformed address
     * @throws BindException when the address is in use
     *         ({@code "listen udp 127.0.0.1:9000: bind: address already in use"})
     * @throws IOException when the host cannot be resolved or the socket cannot be opened
     */
    public static PacketConn listenPacket(String network, String address) throws IOException {
        Addrs.Network n = Addrs.network(network, false);
        InetSocketAddress local;
        try {
            local = Addrs.listenAddress(n, address);
        } catch (UnknownHostException e) {
            throw Addrs.lookupFailed("listen", n, address, e);
        }
        DatagramChannel ch;
        try {
            ch = n.family == null && local.getAddress().isAnyLocalAddress()
                    ? DatagramChannel.open() // dual-stack wildcard
                    : DatagramChannel.open(local.getAddress() instanceof Inet6Address
                            ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        } catch (UnsupportedOperationException e) {
            throw new SocketException("listen " + n.name + " " + address + ": address family not supported");
        }
        try {
            ch.configureBlocking(false);
            ch.bind(local);
            return new UdpConn(ch, (InetSocketAddress) ch.getLocalAddress(), n.name);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw opError("listen", n, address, e instanceof BindException ? "bind: " : "", e);
        }
    }

    /**
     * Connects to {@code address}, trying each of its host's addresses in turn (IPv4 first for
     * {@code tcp}); an empty or unspecified host is the local system.
     *
     * @throws IllegalArgumentException for an unknown network or a malformed address
     * @throws ConnectException when refused ({@code "dial tcp 127.0.0.1:1: connect: connection refused"})
     * @throws IOException when the host cannot be resolved or the connection fails
     */
    public static Conn dial(String network, String address) throws IOException {
        return dial(network, address, false, 0);
    }

    /**
     * {@link #dial} that gives up after {@code timeout} (name resolution included) with a
     * {@link SocketTimeoutException}; a zero timeout means none, as in Go.
     *
     * @throws SocketTimeoutException when the connection is not made in time
     */
    public static Conn dialTimeout(String network, String address, Duration timeout) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero()) {
            return dial(network, address, false, 0);
        }
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException e) {
            nanos = timeout.isNegative() ? -1 : Long.MAX_VALUE / 4;
        }
        return dial(network, address, true, System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4));
    }

    private static Conn dial(String network, String address, boolean hasDeadline, long deadline) throws IOException {
        Addrs.Network n = Addrs.network(network);
        List<InetSocketAddress> targets;
        try {
            targets = Addrs.dialAddresses(n, address);
        } catch (UnknownHostException e) {
            throw Addrs.lookupFailed("dial", n, address, e);
        }
        IOException last = null;
        for (InetSocketAddress target : targets) {
            if (hasDeadline && deadline - System.nanoTime() <= 0) {
                throw new SocketTimeoutException("dial " + n.name + " " + address + ": i/o timeout");
            }
            try {
                return dialOne(n, target, hasDeadline, deadline);
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                last = e;
            }
        }
        throw opError("dial", n, address, "connect: ", last);
    }

    private static Conn dialOne(Addrs.Network n, InetSocketAddress target, boolean hasDeadline, long deadline) throws IOException {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(target.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        } catch (UnsupportedOperationException e) {
            throw new SocketException("address family not supported: " + Addrs.format(target));
        }
        TcpConn conn = null;
        try {
            ch.configureBlocking(false);
            boolean done = ch.connect(target);
            conn = new TcpConn(ch, target);
            if (!done) {
                if (hasDeadline) {
                    conn.fd.pd.setDeadline(1 << io.gpm4j.runtime.PollDesc.MODE_WRITE, false, deadline);
                }
                try {
                    conn.fd.finishConnect();
                } catch (SocketTimeoutException e) {
                    throw new SocketTimeoutException("dial " + n.name + " " + Addrs.format(target) + ": i/o timeout");
                }
                conn.fd.pd.setDeadline(1 << io.gpm4j.runtime.PollDesc.MODE_WRITE, true, 0);
                conn.connected();
            }
            return conn;
        } catch (IOException | RuntimeException e) {
            if (conn != null) {
                conn.close();
            } else {
                ch.close();
            }
            throw e;
        }
    }

    private static ServerSocketChannel openServer(Addrs.Network n, InetSocketAddress local, String address) throws IOException {
        try {
            if (n.family == null && local.getAddress().isAnyLocalAddress()) {
                return ServerSocketChannel.open(); // dual-stack wildcard
            }
            return ServerSocketChannel.open(local.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        } catch (UnsupportedOperationException e) {
            throw new SocketException("listen " + n.name + " " + address + ": address family not supported");
        }
    }

    /** Go's OpError text around the JDK's exception, keeping its type for the common ones. */
    private static IOException opError(String op, Addrs.Network n, String address, String syscall, Exception cause) {
        if (cause instanceof UnknownHostException || cause instanceof SocketTimeoutException) {
            return (IOException) cause;
        }
        String what = cause == null ? "no address" : cause.getMessage() == null ? cause.toString()
                : cause.getMessage().toLowerCase(java.util.Locale.ROOT);
        String msg = op + " " + n.name + " " + address + ": " + syscall + what;
        IOException e;
        if (cause instanceof BindException) {
            e = new BindException(msg);
        } else if (cause instanceof ConnectException) {
            e = new ConnectException(msg);
        } else if (cause instanceof NoRouteToHostException) {
            e = new NoRouteToHostException(msg);
        } else if (cause instanceof SocketException) {
            e = new SocketException(msg);
        } else {
            e = new IOException(msg);
        }
        e.initCause(cause);
        return e;
    }

    private static int backlog() {
        try {
            String s = Files.readString(Path.of("/proc/sys/net/core/somaxconn")).trim();
            int n = Integer.parseInt(s);
            return Math.max(128, Math.min(n, 65535));
        } catch (IOException | RuntimeException e) {
            return 4096;
        }
    }
}
