package io.gpm4j.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A datagram socket (UDP), from {@link Net#listenPacket}: each {@link #readFrom} returns one
 * datagram and its sender, each {@link #writeTo} sends one. Inside a goroutine both park the
 * goroutine while the socket is not ready (its carrier runs other goroutines); on a plain thread
 * they block the thread.
 *
 * <p>One reader and one writer at a time: concurrent reads (or writes) take turns, a read and a
 * write may run at once. Deadlines work as on a {@link Conn}: absolute, a call parked or starting
 * past its deadline throws {@link java.net.SocketTimeoutException}, a later deadline (or
 * {@code null}) makes the socket usable again.
 *
 * <p>Go: net.PacketConn and net.UDPConn (ReadFrom, WriteTo). Connected UDP ({@code net.Dial("udp",
 * ...)}) and multicast are not provided.
 */
public interface PacketConn extends Closeable {
    /**
     * Reads one datagram into {@code len} bytes of {@code b} from {@code off}, parking until one
     * arrives. A datagram longer than {@code len} is cut to {@code len} bytes and the rest is lost,
     * as with Go's ReadFrom on UDP; a buffer of 65,507 bytes holds any UDP datagram over IPv4.
     *
     * @return how many bytes were read (0 for an empty datagram) and who sent them
     * @throws IndexOutOfBoundsException when {@code off}/{@code len} do not fit {@code b}
     * @throws java.net.SocketTimeoutException past the read deadline
     * @throws IOException when the socket is closed ("use of closed network connection") or fails
     */
    Packet readFrom(byte[] b, int off, int len) throws IOException;

    /**
     * Sends {@code len} bytes of {@code b} from {@code off} as one datagram to {@code addr},
     * parking while the socket's send buffer is full. Returns {@code len}.
     *
     * @throws IndexOutOfBoundsException when {@code off}/{@code len} do not fit {@code b}
     * @throws java.net.SocketTimeoutException past the write deadline
     * @throws IOException when the socket is closed, the datagram is too long for the network
     *         ("message too long"), or {@code addr} cannot be reached from this socket's family
     */
    int writeTo(byte[] b, int off, int len, InetSocketAddress addr) throws IOException;

    /** Sets the read and write deadlines; {@code null} clears them. No effect once closed. Go: SetDeadline. */
    void setDeadline(Instant t);

    /** Sets the read deadline; {@code null} clears it. Go: SetReadDeadline. */
    void setReadDeadline(Instant t);

    /** Sets the write deadline; {@code null} clears it. Go: SetWriteDeadline. */
    void setWriteDeadline(Instant t);

    /** The local address (with the port chosen for port 0). Go: LocalAddr. */
    InetSocketAddress localAddr();

    /**
     * Closes the socket; a parked or later {@code readFrom} or {@code writeTo} throws an
     * {@link IOException} ("use of closed network connection"). A second close does nothing.
     * Go: Close.
     */
    @Override
    void close() throws IOException;

    /**
     * One datagram read by {@link #readFrom}: how many bytes went into the buffer, and the sender.
     *
     * @param length the bytes read into the buffer
     * @param addr the sender's address
     */
    record Packet(int length, InetSocketAddress addr) {
    }
}
