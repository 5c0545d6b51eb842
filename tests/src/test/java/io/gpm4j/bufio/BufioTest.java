package io.gpm4j.bufio;

import static io.gpm4j.net.NetTestSupport.withPair;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.net.Conn;
import io.gpm4j.net.NetTestSupport;
import io.gpm4j.runtime.SchedProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Go's bufio over connections: lines and delimiters across buffer and packet boundaries, end of
 * stream, a line too long for the buffer, buffered writes; and the point of it: a wait inside it
 * parks, where the JDK's BufferedReader over the stream view pins.
 */
class BufioTest {
    /**
     * Whether {@code e} says the test closed the pair already: a writer goroutine that had more to
     * write or half-close when the test had read all it wanted (or stopped at an error on purpose)
     * meets that, and it is no failure; whatever the test did need, it checks itself. The writer's
     * own end closed reads "use of closed network connection"; the reader's end closed first, the
     * kernel's "Broken pipe" or "Connection reset by peer" (only the test closes the reader's end).
     */
    static boolean closedByTheTest(IOException e) {
        String m = e.getMessage();
        return m != null && (m.endsWith("use of closed network connection")
                || m.contains("Broken pipe") || m.contains("Connection reset by peer"));
    }

    /** Half-closes {@code c}, unless the test has closed the pair already. */
    static void closeWriteUnlessDone(Conn c) throws IOException {
        try {
            c.closeWrite();
        } catch (IOException e) {
            if (!closedByTheTest(e)) {
                throw e;
            }
        }
    }

    /**
     * Writes {@code s} in pieces of {@code piece} bytes, each its own write, then half-closes;
     * stops quietly if the test has closed the pair meanwhile.
     */
    static void trickle(Conn c, String s, int piece) {
        Go.go(() -> {
            try {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                for (int off = 0; off < b.length; off += piece) {
                    c.write(b, off, Math.min(piece, b.length - off));
                    Go.gosched();
                }
                c.closeWrite();
            } catch (IOException e) {
                if (!closedByTheTest(e)) {
                    throw new AssertionError(e);
                }
            }
        });
    }

    @Test
    void linesAcrossPiecesAndBufferEdges() {
        withPair((client, server) -> {
            trickle(client, "GET / HTTP/1.1\r\nHost: x\r\n\r\nsecond line\nlast, unterminated", 3);
            Reader r = new Reader(server, 20); // barely larger than the longest line: the buffer slides
            assertEquals("GET / HTTP/1.1", r.readLine());
            assertEquals("Host: x", r.readLine());
            assertEquals("", r.readLine());
            assertEquals("second line", r.readLine());
            assertEquals("last, unterminated", r.readLine());
            assertNull(r.readLine());
            assertNull(r.readLine());
            assertEquals(-1, r.readByte());
        });
    }

    @Test
    void aLineLongerThanTheBufferIsAnError() {
        withPair((client, server) -> {
            trickle(client, "x".repeat(100) + "\nok\n", 7);
            Reader r = new Reader(server, 32);
            IOException e = assertThrows(IOException.class, r::readLine);
            assertEquals("bufio: buffer full", e.getMessage());
        });
    }

    @Test
    void delimitersBytesAndDiscard() {
        withPair((client, server) -> {
            trickle(client, "a,bb,ccc" + "z".repeat(10_000) + ",tail", 1000);
            Reader r = new Reader(server);
            assertEquals("a,", r.readString((byte) ','));
            assertArrayEquals("bb,".getBytes(StandardCharsets.UTF_8), r.readBytes((byte) ','));
            assertEquals('c', r.readByte());
            assertEquals(10_002, r.discard(10_002)); // "cc" + the z's
            assertEquals(",", r.readString((byte) ','));
            byte[] b = new byte[10];
            assertEquals(4, r.read(b, 0, 10));
            assertEquals("tail", new String(b, 0, 4, StandardCharsets.UTF_8));
            assertNull(r.readString((byte) ','));
            assertEquals(-1, r.read(b, 0, 10));
            assertThrows(IndexOutOfBoundsException.class, () -> r.read(b, 0, -1));
        });
    }

    @Test
    void writesGatherUntilFlushAndLargeOnesGoStraightThrough() {
        withPair((client, server) -> {
            Writer w = new Writer(client, 64);
            w.writeString("héllo ");
            w.writeByte('!');
            assertEquals(8, w.buffered());
            assertEquals(56, w.available());
            byte[] big = new byte[100_000];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) i;
            }
            Go.go(() -> {
                try {
                    w.write(big);
                    w.writeString("\nend\n");
                    w.flush();
                    closeWriteUnlessDone(client);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            Reader r = new Reader(server);
            byte[] head = new byte[8];
            for (int off = 0; off < 8; ) {
                off += r.read(head, off, 8 - off);
            }
            assertEquals("héllo !", new String(head, StandardCharsets.UTF_8));
            byte[] got = new byte[big.length];
            for (int off = 0; off < got.length; ) {
                int n = r.read(got, off, got.length - off);
                assertTrue(n > 0);
                off += n;
            }
            assertArrayEquals(big, got);
            assertEquals("", r.readLine());
            assertEquals("end", r.readLine());
            assertNull(r.readLine());
        });
    }

    /**
     * Writes each piece once the reader has taken the one before ({@code taken}) and waits on the
     * network again, so that every read must wait; after the last is taken, half-closes.
     */
    static void writeWhenAwaited(Conn c, Chan<Void> taken, String... pieces) {
        Go.go(() -> {
            try {
                for (String p : pieces) {
                    NetTestSupport.awaitTrue("the reader waits", 30, () -> SchedProbe.netpollWaiters() == 1);
                    byte[] b = p.getBytes(StandardCharsets.UTF_8);
                    c.write(b, 0, b.length);
                    taken.recv();
                }
                closeWriteUnlessDone(c);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void aWaitInBufioParksWhereTheJdksBufferedReaderPins() {
        withPair((client, server) -> {
            long pins0 = SchedProbe.pinnedEvents();
            Chan<Void> taken = Chan.make();
            writeWhenAwaited(client, taken, "one\n", "two\n");
            Reader r = new Reader(server);
            assertEquals("one", r.readLine());
            taken.send(null);
            assertEquals("two", r.readLine());
            taken.send(null);
            assertNull(r.readLine()); // the writer's half-close: it is done with the connection
            assertEquals(pins0, SchedProbe.pinnedEvents(), "bufio pinned");
        });
        withPair((client, server) -> {
            long pins0 = SchedProbe.pinnedEvents();
            Chan<Void> taken = Chan.make();
            writeWhenAwaited(client, taken, "one\n", "two\n");
            // works, but every wait below the JDK's frames blocks the carrier instead of parking
            BufferedReader jdk = new BufferedReader(new InputStreamReader(server.inputStream(), StandardCharsets.UTF_8));
            assertEquals("one", jdk.readLine());
            taken.send(null);
            assertEquals("two", jdk.readLine());
            taken.send(null);
            assertNull(jdk.readLine());
            long pins = SchedProbe.pinnedEvents() - pins0;
            assertTrue(pins >= 2, "the JDK's BufferedReader pinned at each wait: " + pins + " pins");
        });
    }
}
