package io.gpm4j.net;

import static io.gpm4j.net.NetTestSupport.awaitTrue;
import static io.gpm4j.net.NetTestSupport.goroutinesIn;
import static io.gpm4j.net.NetTestSupport.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Close waking parked calls, half-close, a reset by the peer, and a slow reader holding back a writer. */
class NetCloseTest {
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Runs {@code r} in a goroutine; the channel receives what it threw, or null. */
    private static Chan<Throwable> async(ThrowingRunnable r) {
        Chan<Throwable> result = Chan.make(1);
        Go.go(() -> {
            try {
                r.run();
                result.send(null);
            } catch (Throwable t) {
                result.send(t);
            }
        });
        return result;
    }

    @Test
    void closeWakesAParkedReadAndAParkedWriteWithAnIOException() {
        NetTestSupport.withPair((client, server) -> {
            Chan<Throwable> reader = async(() -> client.read(new byte[8], 0, 8));
            Chan<Throwable> writer = async(() -> {
                byte[] big = new byte[64 << 20];
                client.write(big, 0, big.length); // the server never reads: parks when the buffers are full
            });
            awaitTrue("reader and writer parked", 30, () -> goroutinesIn("IO wait") == 2);
            client.close();
            for (Throwable t : new Throwable[] {reader.recv(), writer.recv()}) {
                assertInstanceOf(IOException.class, t);
                assertFalse(t instanceof SocketTimeoutException, t.toString());
                assertTrue(t.getMessage().endsWith("use of closed network connection"), t.getMessage());
            }
            // and later calls too
            IOException later = assertThrows(IOException.class, () -> client.read(new byte[1], 0, 1));
            assertTrue(later.getMessage().contains("use of closed network connection"), later.getMessage());
            assertThrows(IOException.class, () -> client.write(new byte[1], 0, 1));
            assertThrows(IOException.class, client::closeWrite);
            client.close(); // a second close does nothing
            assertEquals(0, goroutinesIn("IO wait"));
        });
    }

    @Test
    void closeWakesAParkedAccept() {
        Go.run(() -> {
            try {
                Listener l = Net.listen("tcp", "127.0.0.1:0");
                Chan<Throwable> acceptor = async(l::accept);
                awaitTrue("accept parked", 30, () -> goroutinesIn("IO wait") == 1);
                l.close();
                Throwable t = acceptor.recv();
                assertInstanceOf(IOException.class, t);
                assertTrue(t.getMessage().startsWith("accept tcp 127.0.0.1:"), t.getMessage());
                assertTrue(t.getMessage().endsWith("use of closed network connection"), t.getMessage());
                assertThrows(IOException.class, l::accept);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void closeWriteLetsThePeerReadEndOfStreamAndStillReads() {
        NetTestSupport.withPair((client, server) -> {
            byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
            client.write(hello, 0, hello.length);
            client.closeWrite();
            assertArrayEquals(hello, readAll(server)); // hello, then end of stream
            assertThrows(IOException.class, () -> client.write(hello, 0, 1)); // the sending side is shut
            byte[] bye = "bye".getBytes(StandardCharsets.UTF_8);
            server.write(bye, 0, bye.length);
            server.close();
            assertArrayEquals(bye, readAll(client));
            assertEquals(-1, client.read(new byte[1], 0, 1)); // end of stream stays
        });
    }

    @Test
    void aResetByThePeerFailsTheParkedRead() throws Exception {
        Go.run(() -> {
            try (Listener l = Net.listen("tcp", "127.0.0.1:0")) {
                Socket peer = new Socket("127.0.0.1", l.addr().getPort()); // a plain JDK client
                try (Conn server = l.accept()) {
                    Chan<Throwable> reader = async(() -> server.read(new byte[8], 0, 8));
                    awaitTrue("the read parked", 30, () -> goroutinesIn("IO wait") == 1);
                    peer.setSoLinger(true, 0);
                    peer.close(); // linger 0: the close sends a reset
                    Throwable t = reader.recv();
                    assertInstanceOf(IOException.class, t);
                    assertTrue(t.getMessage().toLowerCase().contains("reset"), t.toString());
                    // writing to a reset connection fails too (at once or at the next write)
                    assertThrows(IOException.class, () -> {
                        for (int i = 0; i < 100; i++) {
                            server.write(new byte[1024], 0, 1024);
                        }
                    });
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void aSlowReaderHoldsBackTheWriterUntilItReads() {
        NetTestSupport.withPair((client, server) -> {
            int total = 16 << 20;
            int chunk = 64 << 10;
            AtomicLong written = new AtomicLong();
            Chan<Throwable> writer = async(() -> {
                byte[] b = new byte[chunk];
                for (int off = 0; off < total; off += chunk) {
                    for (int i = 0; i < chunk; i++) {
                        b[i] = (byte) (off + i);
                    }
                    server.write(b, 0, chunk);
                    written.addAndGet(chunk);
                }
            });
            // nobody reads: the writer parks once the socket buffers are full, far short of the total
            awaitTrue("the writer parked", 30, () -> goroutinesIn("IO wait") == 1);
            long before = written.get();
            assertTrue(before < total, "the writer was not held back: " + before);
            // read slowly; every byte arrives, in order
            byte[] b = new byte[4096];
            long got = 0;
            while (got < total) {
                int n = client.read(b, 0, b.length);
                assertTrue(n > 0, "end of stream after " + got);
                for (int i = 0; i < n; i++) {
                    if (b[i] != (byte) (got + i)) {
                        throw new AssertionError("byte " + (got + i) + " is wrong");
                    }
                }
                got += n;
                if ((got & 0xfffff) < 4096) {
                    Thread.sleep(1); // slow
                }
            }
            assertEquals(null, writer.recv());
            assertEquals(total, written.get());
        });
    }
}
