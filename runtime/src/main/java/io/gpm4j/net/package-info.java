/**
 * Network I/O on the runtime's network poller: Go's package {@code net} for TCP and UDP.
 *
 * <p>A goroutine that waits on the network parks (wait reason {@code IO wait}); its carrier runs
 * other goroutines, and the sockets of all goroutines are watched by one selector that the
 * scheduler's Ms poll themselves (see {@code io.gpm4j.runtime.Netpoll}): ten thousand idle
 * connections are ten thousand parked goroutines and one epoll set, not ten thousand threads. On
 * a plain thread the same calls block the thread.
 *
 * <p>Addresses are Go's: {@code "127.0.0.1:8080"}, {@code "[::1]:0"}, {@code ":8080"} (every
 * interface for {@link io.gpm4j.net.Net#listen}, the local system for
 * {@link io.gpm4j.net.Net#dial}); port 0 picks a free port; host names are resolved with the
 * JDK's resolver, which blocks the carrier thread. Networks: {@code "tcp"}, {@code "tcp4"},
 * {@code "tcp6"} for {@link io.gpm4j.net.Net#listen} and {@link io.gpm4j.net.Net#dial};
 * {@code "udp"}, {@code "udp4"}, {@code "udp6"} for {@link io.gpm4j.net.Net#listenPacket}
 * (unconnected datagram sockets: {@link io.gpm4j.net.PacketConn}).
 *
 * <p>Errors: a malformed address or an unknown network is an {@link java.lang.IllegalArgumentException}
 * naming the address; I/O failures are {@link java.io.IOException}s whose message starts like
 * Go's ({@code "listen tcp 127.0.0.1:8080: bind: address already in use"}, {@code "read tcp
 * 127.0.0.1:5000->127.0.0.1:6000: i/o timeout"}, {@code "... use of closed network connection"}).
 */
package io.gpm4j.net;
