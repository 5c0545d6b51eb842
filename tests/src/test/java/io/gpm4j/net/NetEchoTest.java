package io.gpm4j.net;

import static io.gpm4j.net.NetTestSupport.awaitTrue;
import static io.gpm4j.net.NetTestSupport.goroutinesIn;
import static io.gpm4j.net.NetTestSupport.readFully;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.runtime.SchedProbe;
import io.gpm4j.sync.WaitGroup;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Echo through many simultaneous connections, a goroutine per connection on each side: every
 * connection parked at once costs a goroutine, not a thread.
 */
class NetEchoTest {
    @Test
    void aThousandSimultaneousConnectionsEchoOnAFewThreads() throws Exception {
        int n = 1000;
        int[] peak = new int[3]; // JVM threads, Ms, goroutines in IO wait
        Go.run(() -> {
            try (Listener l = Net.listen("tcp", "127.0.0.1:0")) {
                Go.go(() -> NetTestSupport.serveEcho(l));
                String addr = "127.0.0.1:" + l.addr().getPort();
                WaitGroup echoed = new WaitGroup();
                WaitGroup closed = new WaitGroup();
                Chan<Void> release = Chan.make();
                AtomicInteger ok = new AtomicInteger();
                echoed.add(n);
                closed.add(n);
                for (int i = 0; i < n; i++) {
                    int id = i;
                    Go.go(() -> {
                        try (Conn c = Net.dial("tcp", addr)) {
                            byte[] msg = ("hello from client " + id + "\n").repeat(20).getBytes(StandardCharsets.UTF_8);
                            c.write(msg, 0, msg.length);
                            byte[] back = new byte[msg.length];
                            readFully(c, back);
                            assertArrayEquals(msg, back, "client " + id);
                            ok.incrementAndGet();
                            echoed.done();
                            release.recv(); // hold the connection open until every client has echoed
                        } catch (Exception e) {
                            throw new AssertionError("client " + id, e);
                        } finally {
                            closed.done();
                        }
                    });
                }
                echoed.await();
                // every server goroutine is parked in read, every client in a channel receive
                awaitTrue("the echo goroutines parked in IO wait", 60, () -> goroutinesIn("IO wait") >= n);
                peak[0] = ManagementFactory.getThreadMXBean().getThreadCount();
                peak[1] = SchedProbe.threads();
                peak[2] = goroutinesIn("IO wait");
                release.close();
                closed.await();
                assertEquals(n, ok.get());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        int procs = Go.gomaxprocs();
        assertTrue(peak[2] >= n, "IO wait goroutines: " + peak[2]);
        // the Ms: GOMAXPROCS running ones, the poller, a few that went idle, and on a loaded machine
        // those sysmon started for Ps whose M it saw blocked on a contended JDK lock at two looks (on
        // an overloaded machine a lock holder waits for a CPU for milliseconds: 49 Ms were seen at a
        // load of 8 on 2 cores); never one per connection: at most one per ten
        assertTrue(peak[1] <= procs + n / 10, "Ms with " + n + " open connections: " + peak[1]);
        assertTrue(peak[0] < 50 + n / 10, "JVM threads with " + n + " open connections: " + peak[0]);
    }

    @Test
    void echoWithOneP() throws Exception {
        int previous = Go.gomaxprocs(1);
        try {
            Go.run(() -> {
                try (Listener l = Net.listen("tcp4", "127.0.0.1:0")) {
                    Go.go(() -> NetTestSupport.serveEcho(l));
                    WaitGroup wg = new WaitGroup();
                    int n = 100;
                    wg.add(n);
                    for (int i = 0; i < n; i++) {
                        int id = i;
                        Go.go(() -> {
                            try (Conn c = Net.dial("tcp", "127.0.0.1:" + l.addr().getPort())) {
                                byte[] big = new byte[256 * 1024]; // more than a socket buffer: writer and reader take turns
                                java.util.Arrays.fill(big, (byte) id);
                                Go.go(() -> {
                                    try {
                                        c.write(big, 0, big.length);
                                    } catch (java.io.IOException e) {
                                        throw new AssertionError(e);
                                    }
                                });
                                byte[] back = new byte[big.length];
                                readFully(c, back);
                                assertArrayEquals(big, back);
                            } catch (java.io.IOException e) {
                                throw new AssertionError(e);
                            } finally {
                                wg.done();
                            }
                        });
                    }
                    wg.await();
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            });
        } finally {
            Go.gomaxprocs(previous);
        }
    }
}
