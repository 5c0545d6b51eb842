package io.gpm4j.context;

import static io.gpm4j.context.Contexts.awaitDone;
import static io.gpm4j.context.Contexts.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.Select;
import io.gpm4j.sync.WaitGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Who waits on a done channel, and who cancels: many goroutines on one channel, plain threads,
 * goroutines cancelling for threads and the other way round, workers stopping at cancellation.
 */
class ContextWaitersTest {
    /** Ten thousand goroutines parked in a select on one done channel: one cancel wakes them all. */
    @Test
    void oneCancelWakesTenThousandGoroutinesWaitingOnOneDoneChannel() {
        int n = 10_000;
        AtomicInteger woke = new AtomicInteger();
        AtomicInteger sawErr = new AtomicInteger();
        Go.run(() -> {
            CancelContext ctx = Context.withCancel(Context.background());
            Chan<String> never = Chan.make();
            Chan<Void> parked = Chan.make(n);
            WaitGroup wg = new WaitGroup();
            wg.add(n);
            for (int i = 0; i < n; i++) {
                Context mine = i % 2 == 0 ? ctx : Context.withValue(ctx, "i", i);
                Go.go(() -> {
                    parked.send(null);
                    Select.Case<Void> done = Select.recv(mine.done());
                    if (Select.select(Select.recv(never), done) == 1 && !done.ok()) {
                        woke.incrementAndGet();
                    }
                    if (mine.err() instanceof Canceled) {
                        sawErr.incrementAndGet(); // err is set before done closes
                    }
                    wg.done();
                });
            }
            for (int i = 0; i < n; i++) {
                parked.recv();
            }
            ctx.cancel();
            wg.await();
        });
        assertEquals(n, woke.get());
        assertEquals(n, sawErr.get());
    }

    /** Plain threads block on recv of the done channel; a goroutine cancels. */
    @Test
    void plainThreadsWaitAndAGoroutineCancels() throws Exception {
        CancelContext ctx = Context.withCancel(Context.background());
        Context child = Context.withValue(ctx, "k", "v");
        List<Thread> threads = new ArrayList<>();
        AtomicInteger released = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                (released.get() % 2 == 0 ? ctx : child).done().recv();
                assertInstanceOf(Canceled.class, ctx.err());
                released.incrementAndGet();
            });
            t.start();
            threads.add(t);
        }
        Go.go(ctx::cancel);
        for (Thread t : threads) {
            t.join(Contexts.PATIENCE.toMillis());
            assertTrue(!t.isAlive(), "a thread still waits: " + t);
        }
        assertEquals(4, released.get());
    }

    /** A plain thread cancels; goroutines watching the context in their loops stop. */
    @Test
    void workersStopWhenAPlainThreadCancels() {
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<Integer> results = Chan.make();
        int workers = 8;
        WaitGroup stopped = new WaitGroup();
        stopped.add(workers);
        for (int w = 0; w < workers; w++) {
            Go.go(() -> {
                int i = 0;
                for (;;) {
                    Select.Case<Void> done = Select.recv(ctx.done());
                    if (Select.select(Select.send(results, i++), done) == 1) {
                        break;
                    }
                }
                stopped.done();
            });
        }
        for (int i = 0; i < 1_000; i++) {
            results.recv(); // the plain thread consumes a while
        }
        ctx.cancel();
        stopped.await();
        assertInstanceOf(Canceled.class, ctx.err());
    }

    /** A timeout wakes both worlds at once: a goroutine in a select and a thread in recv. */
    @Test
    void aTimeoutWakesGoroutinesAndThreads() throws Exception {
        CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(30));
        AtomicInteger goroutineSaw = new AtomicInteger();
        Chan<Void> finished = Chan.make(1);
        Go.go(() -> {
            awaitDone(ctx);
            if (ctx.err() instanceof DeadlineExceeded) {
                goroutineSaw.incrementAndGet();
            }
            finished.send(null);
        });
        Thread t = new Thread(() -> ctx.done().recv());
        t.start();
        t.join(Contexts.PATIENCE.toMillis());
        assertTrue(!t.isAlive());
        finished.recv();
        assertEquals(1, goroutineSaw.get());
        awaitTrue("err", () -> ctx.err() instanceof DeadlineExceeded);
    }
}
