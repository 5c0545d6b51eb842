package io.gpm4j.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Go's address syntax and networks: splitting {@code host:port} (Go: net.SplitHostPort), the
 * networks {@code tcp}, {@code tcp4}, {@code tcp6} and their datagram twins {@code udp}, {@code udp4},
 * {@code udp6}, and resolving a host to the addresses a
 * network allows (Go: the internetAddrList of net/ipsock.go). Stateless.
 */
final class Addrs {
    private Addrs() {
    }

    /** A network: stream (TCP) or datagram (UDP), and which address families it allows. */
    enum Network {
        TCP("tcp", true, null), TCP4("tcp4", true, StandardProtocolFamily.INET), TCP6("tcp6", true, StandardProtocolFamily.INET6),
        UDP("udp", false, null), UDP4("udp4", false, StandardProtocolFamily.INET), UDP6("udp6", false, StandardProtocolFamily.INET6);

        final String name;
        /** TCP's networks; the others are UDP's. */
        final boolean stream;
        /** The one family allowed, or null for both. */
        final ProtocolFamily family;

        Network(String name, boolean stream, ProtocolFamily family) {
            this.name = name;
            this.stream = stream;
            this.family = family;
        }

        boolean allows(InetAddress a) {
            return family == null || (family == StandardProtocolFamily.INET) == (a instanceof Inet4Address);
        }
    }

    /** The stream network called {@code name} ({@link Net#listen}, {@link Net#dial}). */
    static Network network(String name) {
        return network(name, true);
    }

    /** The network called {@code name}, a stream one or a datagram one as {@code stream} says. */
    static Network network(String name, boolean stream) {
        Objects.requireNonNull(name, "network");
        for (Network n : Network.values()) {
            if (n.name.equals(name) && n.stream == stream) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown network " + name + (stream
                ? " (Net.listen and Net.dial support tcp, tcp4 and tcp6)"
                : " (Net.listenPacket supports udp, udp4 and udp6)"));
    }

    /** A split address: the host ("" when absent, without brackets) and the port. */
    record HostPort(String host, int port) {
    }

    /**
     * Splits {@code address} into host and port as Go does: {@code "host:port"},
     * {@code "[ipv6]:port"}, {@code ":port"}; an empty port is port 0. Go: SplitHostPort.
     *
     * @throws IllegalArgumentException naming the address and what is wrong with it
     */
    static HostPort split(String address) {
        Objects.requireNonNull(address, "address");
        String host;
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw bad(address, "missing port in address");
        }
        if (address.startsWith("[")) {
            int end = address.indexOf(']');
            if (end < 0) {
                throw bad(address, "missing ']' in address");
            }
            if (end + 1 == address.length()) {
                throw bad(address, "missing port in address");
            }
            if (end + 1 != colon) {
                throw bad(address, address.charAt(end + 1) == ':' ? "too many colons in address" : "missing port in address");
            }
            host = address.substring(1, end);
            if (host.indexOf('[') >= 0) {
                throw bad(address, "unexpected '[' in address");
            }
        } else {
            host = address.substring(0, colon);
            if (host.indexOf(':') >= 0) {
                throw bad(address, "too many colons in address");
            }
            if (host.indexOf('[') >= 0) {
                throw bad(address, "unexpected '[' in address");
            }
            if (host.indexOf(']') >= 0) {
                throw bad(address, "unexpected ']' in address");
            }
        }
        String port = address.substring(colon + 1);
        if (port.indexOf('[') >= 0 || port.indexOf(']') >= 0) {
            throw bad(address, "unexpected bracket in address");
        }
        return new HostPort(host, parsePort(address, port));
    }

    private static int parsePort(String address, String port) {
        if (port.isEmpty()) {
            return 0;
        }
        if (port.length() > 5) {
            throw bad(address, "invalid port " + port);
        }
        int n = 0;
        for (int i = 0; i < port.length(); i++) {
            char c = port.charAt(i);
            if (c < '0' || c > '9') {
                throw bad(address, "invalid port " + port + " (io.gpm4j.net takes port numbers only)");
            }
            n = n * 10 + (c - '0');
        }
        if (n > 65535) {
            throw bad(address, "invalid port " + port);
        }
        return n;
    }

    private static IllegalArgumentException bad(String address, String why) {
        return new IllegalArgumentException("address " + address + ": " + why);
    }

    /**
     * The address to listen on: the wildcard of the network for an empty host, else the host's
     * first address the network allows (IPv4 first for {@code tcp}, as Go does).
     */
    static InetSocketAddress listenAddress(Network n, String address) throws UnknownHostException {
        HostPort hp = split(address);
        if (hp.host().isEmpty()) {
            if (n.family == null) {
                return new InetSocketAddress(hp.port()); // the wildcard, both families where the system has IPv6
            }
            return new InetSocketAddress(InetAddress.getByName(n.family == StandardProtocolFamily.INET ? "0.0.0.0" : "::"), hp.port());
        }
        return new InetSocketAddress(resolve(n, hp, address, false).get(0), hp.port());
    }

    /**
     * The addresses to dial, in the order to try: for an empty or unspecified host the local
     * system (Go: "the local system is assumed"), IPv4 first for {@code tcp}.
     */
    static List<InetSocketAddress> dialAddresses(Network n, String address) throws UnknownHostException {
        HostPort hp = split(address);
        List<InetSocketAddress> out = new ArrayList<>();
        for (InetAddress a : resolve(n, hp, address, true)) {
            out.add(new InetSocketAddress(a, hp.port()));
        }
        return out;
    }

    private static List<InetAddress> resolve(Network n, HostPort hp, String address, boolean dial) throws UnknownHostException {
        InetAddress[] all;
        if (hp.host().isEmpty()) {
            all = new InetAddress[] {InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")};
        } else {
            all = InetAddress.getAllByName(hp.host()); // literals are parsed, names are looked up
        }
        List<InetAddress> v4 = new ArrayList<>();
        List<InetAddress> v6 = new ArrayList<>();
        for (InetAddress a : all) {
            if (dial && a.isAnyLocalAddress()) {
                a = a instanceof Inet6Address ? InetAddress.getByName("::1") : InetAddress.getByName("127.0.0.1");
            }
            if (n.allows(a)) {
                (a instanceof Inet4Address ? v4 : v6).add(a);
            }
        }
        v4.addAll(v6);
        if (v4.isEmpty()) {
            throw new UnknownHostException("address " + address + ": no suitable address found for network " + n.name);
        }
        return v4;
    }

    /** {@code host:port} as Go prints it, with brackets for IPv6. Go: JoinHostPort. */
    static String format(InetSocketAddress a) {
        if (a == null) {
            return "?";
        }
        InetAddress ip = a.getAddress();
        String host = ip == null ? a.getHostString() : ip.getHostAddress();
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + a.getPort() : host + ":" + a.getPort();
    }

    /** Rethrows an {@link UnknownHostException} Go-style: {@code "dial tcp x: lookup ...: no such host"}. */
    static IOException lookupFailed(String op, Network n, String address, UnknownHostException e) {
        UnknownHostException u = new UnknownHostException(op + " " + n.name + " " + address + ": lookup: "
                + (e.getMessage() == null ? "no such host" : e.getMessage()));
        u.initCause(e);
        return u;
    }
}
