package io.gpm4j.net;

import org.junit.jupiter.api.Tag;
import io.gpm4j.TestSupport;
import static io.gpm4j.net.NetTestSupport.awaitTrue;
import static io.gpm4j.net.NetTestSupport.goroutinesIn;
import static io.gpm4j.net.NetTestSupport.withPair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deadlines of read, write, accept and dial: a call parked or started past its deadline throws
 * {@link SocketTimeoutException}; a later deadline makes the connection usable again. Only lower
 * bounds of time are asserted (a deadline never fires early), never upper ones.
 */
class NetDeadlineTest {
    @Test
    void aReadPastItsDeadlineTimesOutAndALaterDeadlineMakesTheConnUsableAgain() {
        withPair((client, server) -> {
            long start = System.nanoTime();
            client.setReadDeadline(Instant.now().plusMillis(100));
            byte[] b = new byte[16];
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> client.read(b, 0, b.length));
            assertTrue(System.nanoTime() - start >= 95_000_000L, "the deadline fired early");
            assertTrue(e.getMessage().startsWith("read tcp 127.0.0.1:"), e.getMessage());
            assertTrue(e.getMessage().endsWith(": i/o timeout"), e.getMessage());
            // still past the deadline: a later call times out at once, even with data waiting
            server.write(new byte[] {42}, 0, 1);
            assertThrows(SocketTimeoutException.class, () -> client.read(b, 0, b.length));
            // a later deadline: usable again, and the byte is there
            client.setReadDeadline(Instant.now().plusSeconds(60));
            assertEquals(1, client.read(b, 0, b.length));
            assertEquals(42, b[0]);
            // cleared: a read parks until data comes
            client.setReadDeadline(null);
            Go.go(() -> {
                try {
                    server.write(new byte[] {7}, 0, 1);
                } catch (IOException ex) {
                    throw new AssertionError(ex);
                }
            });
            assertEquals(1, client.read(b, 0, b.length));
            assertEquals(7, b[0]);
        });
    }

    @Test
    void aDeadlineSetWhileAReadIsParkedWakesIt() {
        withPair((client, server) -> {
            Chan<Throwable> result = Chan.make(1);
            Go.go(() -> {
                try {
                    client.read(new byte[4], 0, 4);
                    result.send(new AssertionError("read returned"));
                } catch (Throwable t) {
                    result.send(t);
                }
            });
            awaitTrue("the reader parked", 30, () -> goroutinesIn("IO wait") == 1);
            client.setReadDeadline(Instant.now().plusMillis(50)); // from another goroutine, while parked
            assertTrue(result.recv() instanceof SocketTimeoutException);
            // a deadline already past wakes a parked read at once
            Go.go(() -> {
                try {
                    client.setReadDeadline(null);
                    client.read(new byte[4], 0, 4);
                    result.send(new AssertionError("read returned"));
                } catch (Throwable t) {
                    result.send(t);
                }
            });
            awaitTrue("the reader parked again", 30, () -> goroutinesIn("IO wait") == 1);
            client.setDeadline(Instant.now().minusSeconds(1));
            assertTrue(result.recv() instanceof SocketTimeoutException);
            // moving a deadline later before it fires keeps the read parked until data comes
            client.setReadDeadline(Instant.now().plusMillis(50));
            client.setReadDeadline(Instant.now().plusSeconds(120));
            Go.go(() -> {
                try {
                    Thread.sleep(200); // past the first deadline
                    server.write(new byte[] {1}, 0, 1);
                } catch (Exception ex) {
                    throw new AssertionError(ex);
                }
            });
            assertEquals(1, client.read(new byte[4], 0, 4));
        });
    }

    @Tag(TestSupport.EXACT_SCHEDULE) // chaos mode changes the schedule this test checks, by design
    @Test
    void aWriteToAPeerThatDoesNotReadTimesOutAndSaysHowMuchWentOut() {
        withPair((client, server) -> {
            // allocated before the deadline is set: zeroing 64 MiB took up to 155 ms on a loaded
            // 2-core machine, and past 200 ms the write timed out before it started (0 bytes out)
            byte[] big = new byte[64 << 20]; // far more than the socket buffers hold
            client.setWriteDeadline(Instant.now().plusMillis(200));
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> client.write(big, 0, big.length));
            assertTrue(e.getMessage().startsWith("write tcp "), e.getMessage());
            assertTrue(e.bytesTransferred > 0 && e.bytesTransferred < big.length, "bytes written: " + e.bytesTransferred);
            // reading does not care about the write deadline
            client.setReadDeadline(Instant.now().plusSeconds(60));
            server.write(new byte[] {5}, 0, 1);
            assertEquals(1, client.read(new byte[1], 0, 1));
        });
    }

    @Test
    void anAcceptPastItsDeadlineTimesOutAndTheListenerWorksAfterALaterOne() {
        Go.run(() -> {
            try (Listener l = Net.listen("tcp", "127.0.0.1:0")) {
                long start = System.nanoTime();
                l.setDeadline(Instant.now().plusMillis(100));
                SocketTimeoutException e = assertThrows(SocketTimeoutException.class, l::accept);
                assertTrue(System.nanoTime() - start >= 95_000_000L, "the deadline fired early");
                assertTrue(e.getMessage().startsWith("accept tcp 127.0.0.1:"), e.getMessage());
                l.setDeadline(null);
                try (Conn c = Net.dial("tcp", Addrs.format(l.addr())); Conn s = l.accept()) {
                    assertEquals(c.localAddr(), s.remoteAddr());
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void aDialThatCannotCompleteTimesOut() throws Exception {
        // A listener that never accepts, with the shortest accept queue: once the queue is full
        // the kernel drops further SYNs, so a connect neither completes nor fails.
        try (ServerSocketChannel full = ServerSocketChannel.open()) {
            full.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            String addr = "127.0.0.1:" + ((InetSocketAddress) full.getLocalAddress()).getPort();
            List<Conn> queued = new ArrayList<>();
            SocketTimeoutException[] timeout = new SocketTimeoutException[1];
            long[] took = new long[1];
            Go.run(() -> {
                try {
                    for (int i = 0; i < 20 && timeout[0] == null; i++) {
                        long start = System.nanoTime();
                        try {
                            queued.add(Net.dialTimeout("tcp", addr, Duration.ofMillis(300)));
                        } catch (SocketTimeoutException e) {
                            timeout[0] = e;
                            took[0] = System.nanoTime() - start;
                        }
                    }
                    for (Conn c : queued) {
                        c.close();
                    }
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            assertTrue(timeout[0] != null, "no dial timed out after " + queued.size() + " queued connections");
            assertTrue(timeout[0].getMessage().startsWith("dial tcp 127.0.0.1:"), timeout[0].getMessage());
            assertTrue(timeout[0].getMessage().endsWith("i/o timeout"), timeout[0].getMessage());
            assertTrue(took[0] >= 295_000_000L, "the dial deadline fired early");
        }
    }
}
