package io.gpm4j.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.Select;
import io.gpm4j.context.CancelContext;
import io.gpm4j.context.Canceled;
import io.gpm4j.context.Context;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Go's errgroup: success, the first failure, cancellation of the group's context, limits, both worlds, bad input. */
class ErrGroupTest {
    @Test
    void allTasksRunAndAwaitReturnsThenTheContextIsCancelled() {
        AtomicInteger sum = new AtomicInteger();
        Go.run(() -> {
            ErrGroup g = ErrGroup.withContext(Context.background());
            for (int i = 1; i <= 1_000; i++) {
                int n = i;
                g.go(() -> {
                    Go.gosched();
                    sum.addAndGet(n);
                });
            }
            assertNull(g.context().err(), "no failure: the context stays live while tasks run");
            g.await();
            assertEquals(500_500, sum.get(), "await returned after every task");
            assertInstanceOf(Canceled.class, g.context().err(), "await cancels the group's context (Go: Wait)");
            g.await(); // again: nothing to wait for, nothing to report
        });
    }

    /**
     * One task fails with a checked exception; the others, waiting on the group's context, see it
     * cancelled and fail in turn; await reports the first failure alone, wrapped.
     */
    @Test
    void theFirstFailureCancelsTheContextAndAwaitRethrowsIt() {
        Go.run(() -> {
            CancelContext parent = Context.withCancel(Context.background());
            ErrGroup g = ErrGroup.withContext(Context.withValue(parent, "request", 7));
            Context ctx = g.context();
            assertEquals(7, ctx.value("request"));
            AtomicInteger stopped = new AtomicInteger();
            for (int i = 0; i < 100; i++) {
                g.go(() -> {
                    ctx.done().recv(); // works until the group's context is cancelled
                    stopped.incrementAndGet();
                    throw ctx.err();
                });
            }
            IOException boom = new IOException("boom");
            g.go(() -> {
                throw boom;
            });
            CompletionException e = assertThrows(CompletionException.class, g::await);
            assertSame(boom, e.getCause(), "the first failure, not the cancellations it caused");
            assertEquals(100, stopped.get());
            assertInstanceOf(Canceled.class, ctx.err());
            assertNull(parent.err(), "the group cancels its own context, not the parent");
            CompletionException again = assertThrows(CompletionException.class, g::await);
            assertSame(boom, again.getCause(), "await reports the same failure each time");
            parent.cancel();
        });
    }

    @Test
    void uncheckedExceptionsAndErrorsAreFailuresToo() {
        ErrGroup unchecked = new ErrGroup();
        IllegalStateException ise = new IllegalStateException("bad state");
        unchecked.go(() -> {
            throw ise;
        });
        assertSame(ise, assertThrows(CompletionException.class, unchecked::await).getCause());

        ErrGroup error = new ErrGroup();
        AssertionError ae = new AssertionError("broken");
        error.go(() -> {
            throw ae;
        });
        assertSame(ae, assertThrows(CompletionException.class, error::await).getCause(),
                "an Error is reported to the waiter, not lost");
    }

    /** Go.goexit() in a task ends it like a return: the group counts it done, with no failure. */
    @Test
    void goexitInATaskIsNoFailure() {
        ErrGroup g = ErrGroup.withContext(Context.background());
        AtomicInteger finallyRan = new AtomicInteger();
        g.go(() -> {
            try {
                Go.goexit();
            } finally {
                finallyRan.incrementAndGet();
            }
        });
        g.await();
        assertEquals(1, finallyRan.get());
    }

    /** A plain thread starts tasks and waits for them; a plain group's context is background. */
    @Test
    void aPlainThreadUsesAGroup() {
        ErrGroup g = new ErrGroup();
        assertSame(Context.background(), g.context());
        Chan<Integer> results = Chan.make(10);
        for (int i = 0; i < 10; i++) {
            int n = i;
            g.go(() -> results.send(n * n));
        }
        g.await();
        results.close();
        AtomicInteger sum = new AtomicInteger();
        results.range(sum::addAndGet);
        assertEquals(285, sum.get());
    }

    /**
     * With a limit of 2, two tasks run and the rest wait in go (a plain thread blocks there);
     * tryGo declines while the group is full; every task runs in the end, never more than two at once.
     */
    @Test
    void aLimitBoundsTheTasksRunningAtOnce() throws Exception {
        ErrGroup g = new ErrGroup();
        g.setLimit(2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        Chan<Void> release = Chan.make();
        ErrGroup.Task task = () -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            release.recv();
            running.decrementAndGet();
            ran.incrementAndGet();
        };
        g.go(task);
        g.go(task);
        SyncTestSupport.awaitTrue("two tasks running", 30, () -> running.get() == 2);
        assertFalse(g.tryGo(task), "full: tryGo declines");
        assertThrows(IllegalStateException.class, () -> g.setLimit(5), "no new limit while tasks run");
        Thread starter = new Thread(() -> {
            for (int i = 0; i < 8; i++) {
                g.go(task); // blocks while two run
            }
        });
        starter.start();
        for (int i = 0; i < 10; i++) {
            release.send(null);
        }
        starter.join(30_000);
        assertFalse(starter.isAlive());
        g.await();
        assertEquals(10, ran.get());
        assertEquals(2, most.get(), "never more than the limit");
        g.setLimit(1); // all ended: a new limit is fine
        assertTrue(g.tryGo(() -> { }));
        g.await();
        g.setLimit(-1);
        for (int i = 0; i < 100; i++) {
            assertTrue(g.tryGo(() -> { }), "no limit");
        }
        g.await();
    }

    @Test
    void aLimitOfZeroStartsNothing() {
        ErrGroup g = new ErrGroup();
        g.setLimit(0);
        assertFalse(g.tryGo(() -> { }));
        g.await();
    }

    /**
     * With one P, the main goroutine parks in go while the group is full: had it blocked its
     * carrier, no task could run.
     */
    @Test
    void aGoroutineWaitsForASlotWithoutBlockingItsCarrier() throws Exception {
        io.gpm4j.TestSupport.withProcs(1, () -> Go.run(() -> {
            ErrGroup g = new ErrGroup();
            g.setLimit(1);
            AtomicInteger order = new AtomicInteger();
            int[] seen = new int[20];
            for (int i = 0; i < 20; i++) {
                int n = i;
                g.go(() -> {
                    Go.gosched(); // the starter must not be able to run meanwhile: it waits for the slot
                    seen[n] = order.getAndIncrement();
                });
            }
            g.await();
            for (int i = 0; i < 20; i++) {
                assertEquals(i, seen[i], "with a limit of one, tasks run one after another, in order");
            }
        }));
    }

    @Test
    void badInputIsRefused() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> ErrGroup.withContext(null));
        assertEquals("parent", e.getMessage());
        ErrGroup g = new ErrGroup();
        assertEquals("task", assertThrows(NullPointerException.class, () -> g.go(null)).getMessage());
        assertEquals("task", assertThrows(NullPointerException.class, () -> g.tryGo(null)).getMessage());
        g.await();
    }

    /** A group in a group: the inner one's context is a child of the outer one's. */
    @Test
    void groupsNest() {
        ErrGroup outer = ErrGroup.withContext(Context.background());
        AtomicInteger innerSawCancel = new AtomicInteger();
        outer.go(() -> {
            ErrGroup inner = ErrGroup.withContext(outer.context());
            inner.go(() -> {
                Select.select(Select.recv(inner.context().done()));
                innerSawCancel.incrementAndGet();
            });
            inner.await();
        });
        outer.go(() -> {
            throw new IOException("outer task failed");
        });
        CompletionException e = assertThrows(CompletionException.class, outer::await);
        assertEquals("outer task failed", e.getCause().getMessage());
        assertEquals(1, innerSawCancel.get());
    }
}
