package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.sync.Cond;
import io.gpm4j.sync.Mutex;
import io.gpm4j.sync.WaitGroup;
import io.gpm4j.time.Ticker;
import io.gpm4j.time.Time;
import io.gpm4j.time.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * checkdead through the public API: each way a Go program can block forever ends {@code Go.run}
 * with a {@link DeadlockException} whose dump names the wait reason the API parks with and the
 * blocked goroutine's own frames (the named method below that blocks, the API method it blocks
 * in). No hand-made parks: every wait here is a real {@code Chan}, {@code Select}, {@code sync}
 * or {@code time} call.
 */
class DeadlockThroughApiTest {
    private static final String CLASS = DeadlockThroughApiTest.class.getName();
    private static final String FILE = "(DeadlockThroughApiTest.java:";

    /** Runs {@code main} under Go.run, which must throw a DeadlockException; returns main's goid and the message. */
    private static Deadlock deadlock(Runnable main) {
        AtomicLong mainId = new AtomicLong();
        DeadlockException e = assertThrows(DeadlockException.class, () -> Go.run(() -> {
            mainId.set(Go.goid());
            main.run();
        }));
        String m = e.getMessage();
        assertTrue(m.startsWith("all goroutines are asleep - deadlock!\n\n"), m);
        assertTrue(mainId.get() > 0, "main ran as a goroutine");
        return new Deadlock(mainId.get(), m);
    }

    private record Deadlock(long mainId, String message) {
        /** The lines of goroutine {@code goid}'s entry: its header, then its frames until a blank line. */
        List<String> goroutine(long goid, String reason) {
            String header = "goroutine " + goid + " [" + reason + "]:";
            List<String> lines = message.lines().toList();
            int at = lines.indexOf(header);
            assertTrue(at >= 0, "no \"" + header + "\" line in\n" + message);
            List<String> entry = new ArrayList<>();
            for (int i = at; i < lines.size() && !lines.get(i).isEmpty(); i++) {
                entry.add(lines.get(i));
            }
            return entry;
        }

        /** Asserts goroutine {@code goid} waits for {@code reason} in {@code apiFrame}, called from {@code userMethod}. */
        void assertBlocked(long goid, String reason, String apiFrame, String userMethod) {
            List<String> entry = goroutine(goid, reason);
            int api = indexOfPrefix(entry, apiFrame + "(");
            int user = indexOfPrefix(entry, CLASS + "." + userMethod + FILE);
            assertTrue(api > 0, "frame " + apiFrame + " in " + entry + "\n" + message);
            assertTrue(user > api, "frame " + userMethod + " below " + apiFrame + " in " + entry + "\n" + message);
        }

        private static int indexOfPrefix(List<String> lines, String prefix) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(prefix)) {
                    return i;
                }
            }
            return -1;
        }
    }

    // named methods that block: the dump must show them

    static void receiveForever(Chan<Integer> c) {
        c.recv();
    }

    static void sendForever(Chan<Integer> c) {
        c.send(1);
    }

    static void selectNothing() {
        Select.select();
    }

    static void selectOnNullChannels() {
        Chan<Integer> none = null;
        Select.select(Select.recv(none), Select.send(none, 1));
    }

    static void lockForever(Mutex m) {
        m.lock();
    }

    static void awaitForever(WaitGroup wg) {
        wg.await();
    }

    static void awaitCondForever(Cond c) {
        c.await();
    }

    @Test
    void chanReceiveWithNoSender() {
        Deadlock d = deadlock(() -> receiveForever(Chan.make()));
        d.assertBlocked(d.mainId(), "chan receive", "io.gpm4j.Chan.recv", "receiveForever");
    }

    @Test
    void chanSendOnAnUnbufferedChannelWithNoReceiver() {
        Deadlock d = deadlock(() -> sendForever(Chan.make()));
        d.assertBlocked(d.mainId(), "chan send", "io.gpm4j.Chan.send", "sendForever");
    }

    @Test
    void chanSendOnAFullBufferedChannel() {
        Deadlock d = deadlock(() -> {
            Chan<Integer> c = Chan.make(1);
            c.send(0); // fills the buffer without blocking
            sendForever(c);
        });
        d.assertBlocked(d.mainId(), "chan send", "io.gpm4j.Chan.send", "sendForever");
    }

    @Test
    void selectWithNoCases() {
        Deadlock d = deadlock(DeadlockThroughApiTest::selectNothing);
        d.assertBlocked(d.mainId(), "select (no cases)", "io.gpm4j.Select.select", "selectNothing");
    }

    @Test
    void selectWithOnlyNullChannelCases() {
        Deadlock d = deadlock(DeadlockThroughApiTest::selectOnNullChannels);
        d.assertBlocked(d.mainId(), "select (no cases)", "io.gpm4j.Select.select", "selectOnNullChannels");
    }

    @Test
    void aBlockingSelectWhoseChannelsNobodyUses() {
        Deadlock d = deadlock(() -> Select.select(Select.recv(Chan.make()), Select.send(Chan.make(), 1)));
        assertFalse(d.goroutine(d.mainId(), "select").isEmpty());
    }

    /** Main waits for a mutex that a goroutine holds while it waits, forever, on a channel. */
    @Test
    void mutexHeldByAGoroutineThatThenBlocks() {
        AtomicLong holder = new AtomicLong();
        Deadlock d = deadlock(() -> {
            Mutex m = new Mutex();
            Chan<Boolean> locked = Chan.make();
            Go.go(() -> {
                holder.set(Go.goid());
                m.lock();
                locked.send(true);
                receiveForever(Chan.make());
            });
            assertTrue(locked.recv());
            assertFalse(m.tryLock(), "the goroutine holds the mutex");
            lockForever(m);
        });
        d.assertBlocked(d.mainId(), "sync.Mutex.Lock", "io.gpm4j.sync.Mutex.lock", "lockForever");
        d.assertBlocked(holder.get(), "chan receive", "io.gpm4j.Chan.recv", "receiveForever");
    }

    /** Main waits for two goroutines; one ended without calling done, the other waits on a channel. */
    @Test
    void waitGroupAwaitThatNobodyCompletes() {
        AtomicLong other = new AtomicLong();
        Deadlock d = deadlock(() -> {
            WaitGroup wg = new WaitGroup();
            wg.add(2);
            Go.go(wg::done);
            Go.go(() -> {
                other.set(Go.goid());
                receiveForever(Chan.make());
            });
            awaitForever(wg);
        });
        d.assertBlocked(d.mainId(), "sync.WaitGroup.Wait", "io.gpm4j.sync.WaitGroup.await", "awaitForever");
        d.assertBlocked(other.get(), "chan receive", "io.gpm4j.Chan.recv", "receiveForever");
    }

    @Test
    void condAwaitThatNobodySignals() {
        Deadlock d = deadlock(() -> {
            Mutex m = new Mutex();
            Cond c = new Cond(m);
            m.lock();
            awaitCondForever(c);
        });
        d.assertBlocked(d.mainId(), "sync.Cond.Wait", "io.gpm4j.sync.Cond.await", "awaitCondForever");
    }

    /** A pending timer is not a deadlock; once the last one has fired, waiting for a second value is. */
    @Test
    void afterTheLastTimerFired() {
        Instant[] fired = new Instant[1];
        Deadlock d = deadlock(() -> {
            Timer t = Time.newTimer(Duration.ofMillis(20));
            fired[0] = t.c().recv(); // main waits for the pending timer: no deadlock yet
            Time.sleep(Duration.ofMillis(1)); // and a sleep's timer, which fires too
            receiveFromTimer(t);
        });
        assertNotNull(fired[0], "the timer fired before the deadlock");
        d.assertBlocked(d.mainId(), "chan receive", "io.gpm4j.Chan.recv", "receiveFromTimer");
    }

    /** A stopped timer will never send: waiting for it is a deadlock. */
    @Test
    void afterTheTimerWasStopped() {
        Deadlock d = deadlock(() -> {
            Timer t = Time.newTimer(Duration.ofHours(1));
            assertTrue(t.stop());
            receiveFromTimer(t);
        });
        d.assertBlocked(d.mainId(), "chan receive", "io.gpm4j.Chan.recv", "receiveFromTimer");
    }

    /** A stopped ticker will never tick again. */
    @Test
    void afterTheTickerWasStopped() {
        Deadlock d = deadlock(() -> {
            Ticker ticker = Time.newTicker(Duration.ofHours(1));
            ticker.stop();
            receiveFromTicker(ticker);
        });
        d.assertBlocked(d.mainId(), "chan receive", "io.gpm4j.Chan.recv", "receiveFromTicker");
    }

    /** An afterFunc stopped before it ran will never run. */
    @Test
    void afterAnAfterFuncWasStopped() {
        Deadlock d = deadlock(() -> {
            Chan<Integer> c = Chan.make();
            Timer f = Time.afterFunc(Duration.ofHours(1), () -> c.send(1));
            assertTrue(f.stop());
            receiveForever(c);
        });
        d.assertBlocked(d.mainId(), "chan receive", "io.gpm4j.Chan.recv", "receiveForever");
    }

    static Instant receiveFromTicker(Ticker t) {
        return t.c().recv();
    }

    static Instant receiveFromTimer(Timer t) {
        return t.c().recv();
    }
}
