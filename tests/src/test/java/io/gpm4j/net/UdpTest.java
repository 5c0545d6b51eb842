package io.gpm4j.net;

import static io.gpm4j.net.NetTestSupport.awaitTrue;
import static io.gpm4j.net.NetTestSupport.goroutinesIn;
import static io.gpm4j.net.NetTestSupport.noLeak;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.net.PacketConn.Packet;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * UDP on the poller ({@link Net#listenPacket}, {@link PacketConn}): a goroutine waiting for a
 * datagram parks in {@code [IO wait]} and its P runs others; datagrams keep their boundaries;
 * deadlines, close and bad input as on TCP. Loopback UDP does not lose datagrams here, but the
 * tests still never depend on one that is not answered.
 */
class UdpTest {
    @BeforeAll
    static void openTheSelector() {
        io.gpm4j.runtime.SchedProbe.openNetpollSelector(); // before any descriptor count, as NetBadInputTest
    }

    /** Runs {@code body} as the main goroutine of {@code Go.run}. */
    private static void inGoroutine(NetTestSupport.ThrowingRunnable body) {
        Go.run(() -> {
            try {
                body.run();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b, Packet p) {
        return new String(b, 0, p.length(), StandardCharsets.UTF_8);
    }

    /** Answers each datagram with its upper-case form until the socket closes. */
    private static void serveUpper(PacketConn s) {
        byte[] b = new byte[2048];
        for (;;) {
            try {
                Packet p = s.readFrom(b, 0, b.length);
                byte[] up = text(b, p).toUpperCase().getBytes(StandardCharsets.UTF_8);
                s.writeTo(up, 0, up.length, p.addr());
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Test
    void requestsAndRepliesBetweenGoroutinesOnOneP() {
        inGoroutine(() -> {
            int was = Go.gomaxprocs(1);
            try (PacketConn server = Net.listenPacket("udp", "127.0.0.1:0");
                    PacketConn client = Net.listenPacket("udp4", "127.0.0.1:0")) {
                Go.go(() -> serveUpper(server));
                // the server waits for its first datagram parked, not on its carrier: main runs on the one P
                awaitTrue("the server parked in [IO wait]", 30, () -> goroutinesIn("IO wait") >= 1);
                byte[] b = new byte[64];
                Set<String> replies = new HashSet<>();
                for (int i = 0; i < 200; i++) {
                    byte[] msg = bytes("hello " + i);
                    assertEquals(msg.length, client.writeTo(msg, 0, msg.length, server.localAddr()));
                    Packet p = client.readFrom(b, 0, b.length);
                    assertEquals(server.localAddr(), p.addr());
                    replies.add(text(b, p));
                }
                assertEquals(200, replies.size());
                assertTrue(replies.contains("HELLO 199"), replies.toString());
            } finally {
                Go.gomaxprocs(was);
            }
        });
    }

    @Test
    void datagramsKeepTheirBoundariesAndALongOneIsCut() {
        inGoroutine(() -> {
            try (PacketConn a = Net.listenPacket("udp", "127.0.0.1:0"); PacketConn b = Net.listenPacket("udp", "127.0.0.1:0")) {
                a.writeTo(bytes("0123456789"), 0, 10, b.localAddr());
                a.writeTo(new byte[0], 0, 0, b.localAddr());
                a.writeTo(bytes("xyz"), 1, 2, b.localAddr());
                byte[] buf = new byte[16];
                Packet p = b.readFrom(buf, 2, 4); // room for 4 of the 10: the other 6 are lost
                assertEquals(4, p.length());
                assertEquals("0123", new String(buf, 2, 4, StandardCharsets.US_ASCII));
                assertEquals(a.localAddr(), p.addr());
                assertEquals(0, b.readFrom(buf, 0, buf.length).length()); // the empty datagram, not the rest of the first
                p = b.readFrom(buf, 0, buf.length);
                assertEquals("yz", text(buf, p));
            }
        });
    }

    @Test
    void aReadPastItsDeadlineTimesOutAndALaterDeadlineMakesTheSocketUsableAgain() {
        inGoroutine(() -> {
            try (PacketConn a = Net.listenPacket("udp", "127.0.0.1:0"); PacketConn b = Net.listenPacket("udp", "127.0.0.1:0")) {
                long start = System.nanoTime();
                b.setReadDeadline(Instant.now().plusMillis(100));
                byte[] buf = new byte[16];
                SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> b.readFrom(buf, 0, buf.length));
                assertTrue(System.nanoTime() - start >= 95_000_000L, "the deadline fired early");
                assertEquals("read udp " + Addrs.format(b.localAddr()) + ": i/o timeout", e.getMessage());
                a.writeTo(bytes("late"), 0, 4, b.localAddr());
                assertThrows(SocketTimeoutException.class, () -> b.readFrom(buf, 0, buf.length)); // still past it
                b.setDeadline(null);
                assertEquals("late", text(buf, b.readFrom(buf, 0, buf.length)));
            }
        });
    }

    @Test
    void closeWakesAParkedReadAndLaterCallsFailClearly() {
        inGoroutine(() -> {
            PacketConn s = Net.listenPacket("udp", "127.0.0.1:0");
            Chan<IOException> woke = Chan.make(1);
            Go.go(() -> {
                try {
                    s.readFrom(new byte[8], 0, 8);
                    woke.send(new IOException("read returned"));
                } catch (IOException e) {
                    woke.send(e);
                }
            });
            awaitTrue("the reader parked in [IO wait]", 30, () -> goroutinesIn("IO wait") >= 1);
            s.close();
            IOException e = woke.recv();
            assertEquals("read udp " + Addrs.format(s.localAddr()) + ": use of closed network connection", e.getMessage());
            e = assertThrows(IOException.class, () -> s.writeTo(new byte[1], 0, 1, s.localAddr()));
            assertTrue(e.getMessage().endsWith(": use of closed network connection"), e.getMessage());
            s.close(); // a second close does nothing
            s.setReadDeadline(Instant.now()); // no effect once closed
        });
    }

    @Test
    void onAPlainThreadTheCallsBlockTheThread() throws Exception {
        try (PacketConn a = Net.listenPacket("udp", "127.0.0.1:0"); PacketConn b = Net.listenPacket("udp", "127.0.0.1:0")) {
            a.writeTo(bytes("plain"), 0, 5, b.localAddr());
            byte[] buf = new byte[8];
            Packet p = b.readFrom(buf, 0, buf.length);
            assertEquals("plain", text(buf, p));
            assertEquals(a.localAddr(), p.addr());
        }
    }

    @Test
    void badInputIsAClearErrorAndLeaksNothing() throws Exception {
        noLeak("udp bad input", () -> {
            assertThrows(IllegalArgumentException.class, () -> Net.listenPacket("udp", "127.0.0.1"));
            assertThrows(IllegalArgumentException.class, () -> Net.listenPacket("udp7", ":0"));
            assertThrows(IOException.class, () -> Net.listenPacket("udp4", "[::1]:0"));
            try (PacketConn a = Net.listenPacket("udp4", "127.0.0.1:0")) {
                String addr = Addrs.format(a.localAddr());
                BindException e = assertThrows(BindException.class, () -> Net.listenPacket("udp", addr));
                assertEquals("listen udp " + addr + ": bind: address already in use", e.getMessage());
                byte[] b = new byte[8];
                assertThrows(IndexOutOfBoundsException.class, () -> a.readFrom(b, 0, -1));
                assertThrows(IndexOutOfBoundsException.class, () -> a.writeTo(b, 4, 5, a.localAddr()));
                assertThrows(NullPointerException.class, () -> a.writeTo(b, 0, 1, null));
                IOException u = assertThrows(IOException.class,
                        () -> a.writeTo(b, 0, 1, InetSocketAddress.createUnresolved("nowhere.invalid", 9)));
                assertTrue(u.getMessage().contains("unresolved address"), u.getMessage());
                IOException f = assertThrows(IOException.class, () -> a.writeTo(b, 0, 1, new InetSocketAddress("::1", 9)));
                assertEquals("write udp4 " + addr + "->[0:0:0:0:0:0:0:1]:9: address family not supported by this socket", f.getMessage());
                byte[] huge = new byte[70_000]; // more than any UDP datagram
                IOException big = assertThrows(IOException.class, () -> a.writeTo(huge, 0, huge.length, a.localAddr()));
                assertTrue(big.getMessage().startsWith("write udp4 " + addr + "->" + addr + ": "), big.getMessage());
                // still usable after the bad calls
                a.writeTo(bytes("ok"), 0, 2, a.localAddr());
                Packet p = a.readFrom(b, 0, b.length);
                assertEquals("ok", text(b, p));
                assertTrue(Arrays.equals(bytes("ok"), Arrays.copyOf(b, 2)));
            }
        });
    }
}
