package io.gpm4j;

import static io.gpm4j.IdleCpuTest.parkedInLockSupport;
import static io.gpm4j.net.NetTestSupport.awaitTrue;
import static io.gpm4j.net.NetTestSupport.goroutinesIn;

import io.gpm4j.net.Conn;
import io.gpm4j.net.Listener;
import io.gpm4j.net.Net;
import io.gpm4j.net.NetTestSupport;
import io.gpm4j.runtime.SchedProbe;
import io.gpm4j.sync.WaitGroup;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An idle runtime with open connections uses no CPU: every goroutine is parked in a read, one M
 * is blocked in the selector (with no timer, for ever), the others are parked, and nothing polls.
 * The variant of {@link IdleCpuTest} with the network in use; states and counters over a
 * window, not CPU budgets.
 */
class IdleCpuWithConnectionsTest {
    @Test
    void parkedConnectionsLeaveTheRuntimeIdle() throws Exception {
        int n = 200;
        List<Conn> clients = new ArrayList<>();
        Listener l = Net.listen("tcp", "127.0.0.1:0");
        Go.go(() -> NetTestSupport.serveEcho(l));
        WaitGroup readers = new WaitGroup();
        readers.add(n);
        for (int i = 0; i < n; i++) {
            Conn c = Net.dial("tcp", "127.0.0.1:" + l.addr().getPort());
            clients.add(c);
            Go.go(() -> { // a client goroutine parked in read: nothing will come until we write
                try {
                    c.read(new byte[1], 0, 1);
                } catch (IOException e) {
                    // closed at the end
                } finally {
                    readers.done();
                }
            });
        }
        // 200 server goroutines and 200 client goroutines parked in read, 1 in accept
        awaitTrue("every goroutine parked on the network", 60, () -> goroutinesIn("IO wait") == 2 * n + 1);
        awaitTrue("one poller and every other M idle", 60,
                () -> SchedProbe.idleMs() == SchedProbe.threads() - 1 && SchedProbe.spinningMs() == 0);
        // over a window, every carrier is parked or (one) in the selector, and nothing polls;
        // a window in which a leftover timer was due is repeated (IdleWindows)
        IdleWindows.assertIdle(IdleCpuWithConnectionsTest::idleWindow);
        // and the connections still work: one write wakes one reader
        clients.get(0).write(new byte[] {1}, 0, 1); // echoed back to the parked client reader
        awaitTrue("the first reader woke", 30, () -> goroutinesIn("IO wait") == 2 * n);
        for (Conn c : clients) {
            c.close();
        }
        l.close();
        readers.await();
    }

    /**
     * One window of 200 samples, 5 ms apart: every carrier is parked or (one at most) blocked in
     * the selector, no M spins, and over the window nothing polls (steals and new Ms:
     * {@link IdleWindows}). Returns the first thing that was not so, or null.
     */
    private static String idleWindow() throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long polls0 = SchedProbe.netpollPolls();
        int inSelect = 0;
        for (int sample = 0; sample < 200; sample++) {
            int selecting = 0;
            for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds(), 12)) {
                if (info == null || !info.getThreadName().matches("gpm4j-m\\d+")) {
                    continue;
                }
                if (inSelector(info)) {
                    selecting++;
                } else if (!parkedInLockSupport(info)) {
                    return "an idle carrier is neither parked nor in the poller (sample " + sample + "):\n" + info;
                }
            }
            if (selecting > 1) {
                return "more than one M in the selector (sample " + sample + ")";
            }
            inSelect += selecting;
            if (SchedProbe.spinningMs() != 0) {
                return "a spinning M in sample " + sample;
            }
            Thread.sleep(5);
        }
        if (inSelect == 0) {
            return "the poller was never seen in the selector";
        }
        return SchedProbe.netpollPolls() != polls0
                ? "the poller polled while nothing happened: " + (SchedProbe.netpollPolls() - polls0) + " polls"
                : null;
    }

    /** In the JDK's epoll wait (shown RUNNABLE: a thread in native code), under Netpoll.block. */
    private static boolean inSelector(ThreadInfo info) {
        for (StackTraceElement f : info.getStackTrace()) {
            if (f.getClassName().equals("io.gpm4j.runtime.Netpoll") && f.getMethodName().equals("block")) {
                return info.getStackTrace().length > 0 && info.getStackTrace()[0].getClassName().startsWith("sun.nio.ch.EPoll");
            }
        }
        return false;
    }
}
