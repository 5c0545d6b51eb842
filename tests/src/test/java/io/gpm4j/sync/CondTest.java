package io.gpm4j.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Go;
import io.gpm4j.TestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** sync.Cond: signal wakes one waiter (the longest waiting), broadcast all, in both worlds. */
class CondTest {
    /** One P: waiters queue in a known order, and each signal lets exactly the oldest one go. */
    @Test
    void signalWakesOneWaiterInArrivalOrder() throws Exception {
        TestSupport.withProcs(1, () -> Go.run(() -> {
            Mutex m = new Mutex();
            Cond c = new Cond(m);
            int n = 5;
            int[] permits = {0}; // guarded by m
            int[] waiting = {0}; // guarded by m
            List<Integer> arrival = new ArrayList<>(); // guarded by m
            List<Integer> woken = new ArrayList<>(); // guarded by m
            WaitGroup wg = new WaitGroup();
            wg.add(n);
            for (int i = 0; i < n; i++) {
                int id = i;
                Go.go(() -> {
                    m.lock();
                    arrival.add(id);
                    waiting[0]++;
                    while (permits[0] == 0) {
                        c.await();
                    }
                    permits[0]--;
                    waiting[0]--;
                    woken.add(id);
                    m.unlock();
                    wg.done();
                });
            }
            SyncTestSupport.goAwait("all waiters", 10, () -> {
                m.lock();
                try {
                    return waiting[0] == n;
                } finally {
                    m.unlock();
                }
            });
            for (int k = 1; k <= n; k++) {
                m.lock();
                permits[0]++;
                c.signal();
                m.unlock();
                int expected = k;
                SyncTestSupport.goAwait("waiter " + k, 10, () -> {
                    m.lock();
                    try {
                        return woken.size() == expected;
                    } finally {
                        m.unlock();
                    }
                });
                m.lock();
                assertEquals(n - k, waiting[0], "one signal, one waiter");
                m.unlock();
            }
            wg.await();
            assertEquals(arrival, woken, "signal wakes the longest waiting first");
            c.signal(); // nobody waits: a no-op
        }));
    }

    /** Broadcast wakes goroutines and a plain thread, all waiting on the same condition. */
    @Test
    void broadcastWakesAllWaitersIncludingAPlainThread() throws Exception {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        boolean[] ready = {false}; // guarded by m
        int[] waiting = {0}; // guarded by m
        int goWaiters = 20;
        CountDownLatch woken = new CountDownLatch(goWaiters + 1);
        Runnable waiter = () -> {
            m.lock();
            waiting[0]++;
            while (!ready[0]) {
                c.await();
            }
            m.unlock();
            woken.countDown();
        };
        for (int i = 0; i < goWaiters; i++) {
            Go.go(waiter);
        }
        Thread t = new Thread(waiter);
        t.start();
        SyncTestSupport.awaitTrue("all waiters", 10, () -> {
            m.lock();
            try {
                return waiting[0] == goWaiters + 1;
            } finally {
                m.unlock();
            }
        });
        // the waiters are really parked: goroutines shown as [sync.Cond.Wait], the thread WAITING
        SyncTestSupport.awaitTrue("the goroutines parked in Cond.await", 30,
                () -> Go.stack(true).split("\\[sync\\.Cond\\.Wait\\]:", -1).length - 1 >= goWaiters);
        SyncTestSupport.awaitTrue("the plain thread parked in Cond.await", 30, () -> t.getState() == Thread.State.WAITING);
        assertEquals(goWaiters + 1, woken.getCount());
        Go.go(() -> {
            m.lock();
            ready[0] = true;
            m.unlock();
            c.broadcast();
        });
        assertTrue(woken.await(10, TimeUnit.SECONDS), woken.getCount() + " still waiting\n" + Go.stack(true));
        t.join();
    }

    /**
     * A plain thread waits; a goroutine signals. Then the roles swap. Each side starts its part
     * only once the other is observably waiting (the thread in WAITING, the goroutine shown as
     * [sync.Cond.Wait]), so both waits really happen and each is ended by the other world's signal.
     */
    @Test
    void signalCrossesWorlds() throws Exception {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        int[] value = {0}; // guarded by m
        int[] goroutineAwaits = {0};
        AtomicLong goroutine = new AtomicLong();
        List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread self = Thread.currentThread();
        Go.go(() -> {
            goroutine.set(Go.goid());
            SyncTestSupport.goAwait("the plain thread waiting in Cond.await", 30,
                    () -> self.getState() == Thread.State.WAITING);
            m.lock();
            value[0] = 1;
            events.add("goroutine signals 1");
            c.signal();
            m.unlock();
            m.lock();
            while (value[0] != 2) {
                c.await(); // a goroutine waits for the plain thread
                goroutineAwaits[0]++;
            }
            events.add("goroutine woken with 2");
            value[0] = 3;
            c.signal();
            m.unlock();
        });
        int threadAwaits = 0;
        m.lock(); // before the goroutine looks: WAITING below can only be the await
        while (value[0] != 1) {
            c.await(); // the plain thread blocks until the goroutine signals
            threadAwaits++;
        }
        events.add("thread woken with 1");
        m.unlock();
        SyncTestSupport.awaitTrue("the goroutine waiting in Cond.await", 30,
                () -> goroutine.get() != 0 && Go.stack(true).contains("goroutine " + goroutine.get() + " [sync.Cond.Wait]:"));
        m.lock();
        value[0] = 2;
        events.add("thread signals 2");
        c.signal();
        while (value[0] != 3) {
            c.await();
        }
        m.unlock();
        assertTrue(threadAwaits >= 1, "the plain thread waited");
        assertTrue(goroutineAwaits[0] >= 1, "the goroutine waited");
        assertEquals(List.of("goroutine signals 1", "thread woken with 1", "thread signals 2", "goroutine woken with 2"), events);
    }

    @Test
    void aSignalBetweenUnlockAndParkIsNotLost() throws Exception {
        // many rounds of a strict ping-pong on 2 Ps: a lost wake-up would hang a round
        TestSupport.withProcs(2, () -> {
            Mutex m = new Mutex();
            Cond c = new Cond(m);
            int[] turn = {0}; // guarded by m
            int rounds = 2_000;
            AtomicInteger done = new AtomicInteger();
            for (int side = 0; side < 2; side++) {
                int me = side;
                Go.go(() -> {
                    for (int i = 0; i < rounds; i++) {
                        m.lock();
                        while (turn[0] != me) {
                            c.await();
                        }
                        turn[0] = 1 - me;
                        c.signal();
                        m.unlock();
                    }
                    done.incrementAndGet();
                });
            }
            SyncTestSupport.awaitTrue("the ping-pong", 20, () -> done.get() == 2);
        });
    }

    @Test
    void aGoroutineBlockedInAwaitShowsItsWaitReason() {
        Go.run(() -> {
            Mutex m = new Mutex();
            Cond c = new Cond(m);
            boolean[] go = {false};
            long[] id = {0};
            WaitGroup exited = new WaitGroup();
            exited.add(1);
            Go.go(() -> {
                m.lock();
                id[0] = Go.goid();
                while (!go[0]) {
                    c.await();
                }
                m.unlock();
                exited.done();
            });
            SyncTestSupport.goAwait("the goroutine to start", 10, () -> id[0] != 0);
            SyncTestSupport.awaitWaitReason(id[0], "sync.Cond.Wait");
            m.lock();
            go[0] = true;
            c.broadcast();
            m.unlock();
            exited.await();
        });
    }
}
