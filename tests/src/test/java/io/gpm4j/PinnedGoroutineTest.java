package io.gpm4j;

import static io.gpm4j.TestSupport.withProcs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.runtime.SchedProbe;
import io.gpm4j.runtime.Waiter;
import io.gpm4j.runtime.park.Parking;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A goroutine that parks inside a synchronized block cannot unwind: it blocks its carrier,
 * which hands its P away (Go: entersyscallblock/handoffp), so with GOMAXPROCS=1 the others still
 * run; when readied it takes a P back (Go: exitsyscall).
 */
class PinnedGoroutineTest {
    private final Object monitor = new Object();

    @Test
    void aPinnedGoroutineDoesNotStopTheOthersOnOneP() throws Exception {
        withProcs(1, () -> {
            long pinned0 = SchedProbe.pinnedEvents();
            AtomicReference<Waiter> parked = new AtomicReference<>();
            AtomicInteger othersRan = new AtomicInteger();
            String[] resumedWith = new String[1];
            Go.run(() -> {
                GLatch done = new GLatch(12);
                Go.go(() -> {
                    synchronized (monitor) {
                        Parking.park((w, l) -> {
                            parked.set(w);
                            return true;
                        }, null, "test wait");
                        resumedWith[0] = othersRan.get() + " others ran";
                    }
                    done.countDown();
                });
                for (int i = 0; i < 10; i++) {
                    Go.go(() -> {
                        Go.gosched();
                        othersRan.incrementAndGet();
                        done.countDown();
                    });
                }
                // the waker: only runs if the pinned goroutine gave its P away
                Go.go(() -> {
                    while (parked.get() == null || othersRan.get() < 10) {
                        Go.gosched();
                    }
                    parked.get().ready();
                    done.countDown();
                });
                done.await("semacquire");
            });
            assertEquals(10, othersRan.get());
            assertEquals("10 others ran", resumedWith[0]);
            assertTrue(SchedProbe.pinnedEvents() > pinned0, "the park was pinned");
        });
    }

    /** The readied pinned goroutine needs a P back although the others never stop yielding. */
    @Test
    void aReadiedPinnedGoroutineGetsAPWhileOthersKeepYielding() throws Exception {
        withProcs(1, () -> {
            long pinned0 = SchedProbe.pinnedEvents();
            AtomicReference<Waiter> parked = new AtomicReference<>();
            AtomicInteger resumed = new AtomicInteger();
            Go.run(() -> {
                Go.go(() -> {
                    synchronized (monitor) {
                        Parking.park((w, l) -> {
                            parked.set(w);
                            return true;
                        }, null, "test wait");
                        resumed.incrementAndGet();
                    }
                });
                while (parked.get() == null) {
                    Go.gosched();
                }
                parked.get().ready();
                // main never parks: it keeps the only P busy, yielding
                while (resumed.get() == 0) {
                    Go.gosched();
                }
            });
            assertEquals(1, resumed.get());
            assertTrue(SchedProbe.pinnedEvents() > pinned0, "the park was pinned");
        });
    }
}
