package io.gpm4j.net;

import static io.gpm4j.net.NetTestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Go;
import io.gpm4j.runtime.SchedProbe;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A goroutine waiting on the network is not a deadlock: the peer may still send. Here the main
 * goroutine of {@code Go.run} is the only goroutine, parked in a read, every M but the poller is
 * idle, and the data comes from a plain thread only once that state is reached.
 */
class NetDeadlockTest {
    @Test
    void theMainGoroutineParkedInAReadIsNotADeadlock() throws Exception {
        try (Listener l = Net.listen("tcp", "127.0.0.1:0")) {
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> {
                try (Conn s = l.accept()) {
                    awaitTrue("the main goroutine parked and the Ms idle", 60,
                            () -> SchedProbe.netpollWaiters() == 1 && SchedProbe.idleMs() >= SchedProbe.threads() - 1);
                    Thread.sleep(300); // let any idle M run checkdead: it must not report
                    s.write(new byte[] {9}, 0, 1);
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            int[] got = new int[1];
            String[] dump = new String[1];
            Go.run(() -> {
                try (Conn c = Net.dial("tcp", Addrs.format(l.addr()))) {
                    byte[] b = new byte[1];
                    assertEquals(1, c.read(b, 0, 1));
                    got[0] = b[0];
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            peer.get();
            assertEquals(9, got[0]);
        }
    }

    @Test
    void theDumpShowsGoroutinesWaitingOnTheNetworkAsIoWait() throws Exception {
        Go.run(() -> {
            try (Listener l = Net.listen("tcp", "127.0.0.1:0")) {
                Go.go(() -> {
                    try {
                        l.accept();
                    } catch (IOException e) {
                        // closed below
                    }
                });
                awaitTrue("accept parked", 30, () -> NetTestSupport.goroutinesIn("IO wait") == 1);
                String dump = Go.stack(true);
                assertTrue(dump.contains("[IO wait]:\n"), dump);
                assertTrue(dump.contains("io.gpm4j.net.TcpListener.accept("), dump);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }
}
