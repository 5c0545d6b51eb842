package io.gpm4j.net;

import static io.gpm4j.net.NetTestSupport.awaitTrue;
import static io.gpm4j.net.NetTestSupport.readFully;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Go;
import io.gpm4j.runtime.SchedProbe;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The same calls on plain threads: they block the thread, on the same poll descriptors, woken by
 * the scheduler's poller (which a blocked thread makes sure exists); goroutines and threads mix.
 * This test class starts no goroutine before the first plain-thread wait, so the poller must be
 * started for the thread.
 */
class NetPlainThreadTest {
    @Test
    void plainThreadsListenDialReadAndWriteWithoutAnyGoroutine() throws Exception {
        try (Listener l = Net.listen("tcp", "127.0.0.1:0")) {
            CompletableFuture<byte[]> server = CompletableFuture.supplyAsync(() -> {
                try (Conn c = l.accept()) { // blocks this pool thread until the dial
                    byte[] b = new byte[5];
                    readFully(c, b); // blocks until the client writes (after a pause)
                    c.write(b, 0, b.length);
                    return b;
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            try (Conn c = Net.dial("tcp", Addrs.format(l.addr()))) {
                awaitTrue("the server thread blocked in read", 30, () -> SchedProbe.netpollWaiters() == 1);
                byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
                c.write(hello, 0, hello.length);
                byte[] back = new byte[5];
                readFully(c, back);
                assertArrayEquals(hello, back);
                assertArrayEquals(hello, server.get());
            }
        }
    }

    @Test
    void aPlainThreadHonoursDeadlinesAndIsWokenByClose() throws Exception {
        try (Listener l = Net.listen("tcp", "127.0.0.1:0");
                Conn c = Net.dial("tcp", Addrs.format(l.addr()));
                Conn s = l.accept()) {
            c.setReadDeadline(Instant.now().plusMillis(100));
            assertThrows(SocketTimeoutException.class, () -> c.read(new byte[1], 0, 1));
            c.setReadDeadline(null);
            CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    s.read(new byte[1], 0, 1);
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            awaitTrue("the reader thread blocked", 30, () -> SchedProbe.netpollWaiters() == 1);
            s.close();
            Throwable t = reader.get();
            assertInstanceOf(IOException.class, t);
            assertTrue(t.getMessage().endsWith("use of closed network connection"), t.getMessage());
        }
    }

    @Test
    void aGoroutineServerAndAPlainThreadClientTalk() throws Exception {
        echoThroughAGoroutineServer(20);
    }

    /**
     * Every close deregisters a socket, and the poll that releases its descriptor may ready the
     * server's accepting goroutine on the P of the M that runs it. findRunnable once took a
     * non-blocking poll's "nothing readied" at its word, missed what that release readied, and
     * put its P on the idle list with the goroutine in it: nobody looks at an idle P, so the
     * client waited for ever (one run in a few hundred rounds; CI, 2026-12-03). Rounds for three
     * seconds; the test JVM's assertions also catch a P going idle with work at once.
     */
    @Test
    void closesNeverLeaveTheServerGoroutineOnAnIdleP() throws Exception {
        long end = System.nanoTime() + 3_000_000_000L;
        int rounds = 0;
        do {
            echoThroughAGoroutineServer(20);
            rounds++;
        } while (System.nanoTime() - end < 0);
        assertTrue(rounds > 1, "rounds: " + rounds);
    }

    /** A goroutine echo server, and {@code conns} connections one after another from this plain thread. */
    private static void echoThroughAGoroutineServer(int conns) throws Exception {
        try (Listener l = Net.listen("tcp", "127.0.0.1:0")) {
            Go.go(() -> NetTestSupport.serveEcho(l));
            for (int i = 0; i < conns; i++) {
                try (Conn c = Net.dial("tcp", Addrs.format(l.addr()))) {
                    byte[] msg = ("line " + i).getBytes(StandardCharsets.UTF_8);
                    c.write(msg, 0, msg.length);
                    byte[] back = new byte[msg.length];
                    readFully(c, back);
                    assertArrayEquals(msg, back);
                    c.closeWrite();
                    assertEquals(-1, c.read(back, 0, back.length));
                }
            }
        }
    }
}
