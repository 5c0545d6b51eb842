package io.gpm4j.context;

import static io.gpm4j.context.Contexts.awaitDone;
import static io.gpm4j.context.Contexts.awaitTrue;
import static io.gpm4j.context.Contexts.children;
import static io.gpm4j.context.Contexts.isDone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Go;
import io.gpm4j.Select;
import io.gpm4j.time.Time;
import io.gpm4j.time.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Deadlines on the runtime's timers: a context is done at its deadline, never before, with
 * DeadlineExceeded; the earlier of the parent's and its own wins; cancel stops the timer. The
 * timings only bound from below (never early) and wait with {@link Contexts#PATIENCE} from above,
 * so a loaded machine makes the tests slower, not flaky.
 */
class ContextDeadlineTest {
    @Test
    void aTimeoutEndsTheContextNeverEarlyInAGoroutineSelect() {
        Go.run(() -> {
            long t0 = System.nanoTime();
            Instant before = Instant.now();
            CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(50));
            Instant deadline = ctx.deadline().orElseThrow();
            assertFalse(deadline.isBefore(before.plusMillis(50)), "deadline() is now + timeout");
            java.util.concurrent.CancellationException early = ctx.err();
            if (System.nanoTime() - t0 < 50_000_000L) { // measured after the read: holds on any machine
                assertNull(early, "not done before its time");
            }
            awaitDone(ctx);
            assertTrue(System.nanoTime() - t0 >= 50_000_000L, "never early");
            assertInstanceOf(DeadlineExceeded.class, ctx.err());
            assertSame(ctx.err(), ctx.err());
            ctx.cancel(); // after the deadline: changes nothing
            assertInstanceOf(DeadlineExceeded.class, ctx.err());
        });
    }

    @Test
    void aDeadlineEndsTheContextOnAPlainThread() {
        Instant at = Instant.now().plusMillis(30);
        CancelContext ctx = Context.withDeadline(Context.background(), at);
        assertEquals(Optional.of(at), ctx.deadline());
        ctx.done().recv(); // a plain thread blocks on the channel itself
        // the timer runs on the monotonic clock; allow the wall clock a little slewing
        assertFalse(Instant.now().plusMillis(2).isBefore(at), "never early");
        assertInstanceOf(DeadlineExceeded.class, ctx.err());
    }

    /** A deadline fires in the middle of a tree: the subtree ends with DeadlineExceeded, the rest goes on. */
    @Test
    void aDeadlineCancelsItsSubtreeWithDeadlineExceeded() {
        CancelContext root = Context.withCancel(Context.background());
        CancelContext timed = Context.withTimeout(root, Duration.ofMillis(20));
        CancelContext below = Context.withCancel(Context.withValue(timed, "k", "v"));
        CancelContext sibling = Context.withCancel(root);
        awaitDone(below);
        assertInstanceOf(DeadlineExceeded.class, timed.err());
        assertInstanceOf(DeadlineExceeded.class, below.err(), "a descendant gets the deadline's kind of error");
        assertFalse(isDone(root));
        assertFalse(isDone(sibling));
        awaitTrue("the expired child to leave its parent", () -> children(root) == 1);
        root.cancel();
        assertInstanceOf(Canceled.class, sibling.err());
    }

    @Test
    void theEarlierOfParentsAndOwnDeadlineWins() {
        CancelContext parent = Context.withTimeout(Context.background(), Duration.ofMillis(40));
        Instant parentDeadline = parent.deadline().orElseThrow();
        CancelContext later = Context.withTimeout(parent, Duration.ofHours(1));
        assertEquals(Optional.of(parentDeadline), later.deadline(), "the parent's earlier deadline stays");
        assertFalse(((CancelCtx) later).timerArmed(), "no timer for a deadline that cannot come first");
        CancelContext earlier = Context.withTimeout(parent, Duration.ofMillis(10));
        assertTrue(earlier.deadline().orElseThrow().isBefore(parentDeadline), "its own, earlier deadline");
        awaitDone(earlier);
        assertInstanceOf(DeadlineExceeded.class, earlier.err());
        awaitDone(later);
        assertInstanceOf(DeadlineExceeded.class, later.err(), "done at the parent's deadline, with its kind");
        assertInstanceOf(DeadlineExceeded.class, parent.err());
    }

    @Test
    void cancelBeforeTheDeadlineStopsTheTimerAndSaysCanceled() {
        CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofHours(1));
        assertTrue(((CancelCtx) ctx).timerArmed());
        assertTrue(ctx.toString().startsWith("context.Background.WithDeadline("), ctx.toString());
        ctx.cancel();
        assertFalse(((CancelCtx) ctx).timerArmed());
        assertInstanceOf(Canceled.class, ctx.err());
        // with the only timer stopped, an idle runtime has nothing pending: a wait for a
        // context nobody cancels is a deadlock at once, not in an hour
        // (never is not cancelled afterwards: that would wake the deadlocked goroutine later)
        CancelContext never = Context.withCancel(Context.background());
        org.junit.jupiter.api.Assertions.assertThrows(io.gpm4j.DeadlockException.class,
                () -> Go.run(() -> never.done().recv()));
    }

    @Test
    void deadlinesThatArePastOrHugeAreHandled() {
        CancelContext zero = Context.withTimeout(Context.background(), Duration.ZERO);
        assertInstanceOf(DeadlineExceeded.class, zero.err(), "a zero timeout is born done");
        CancelContext negative = Context.withTimeout(Context.background(), Duration.ofSeconds(-5));
        assertInstanceOf(DeadlineExceeded.class, negative.err());
        CancelContext past = Context.withDeadline(Context.background(), Instant.EPOCH);
        assertInstanceOf(DeadlineExceeded.class, past.err());
        assertEquals(Optional.of(Instant.EPOCH), past.deadline());

        CancelContext huge = Context.withTimeout(Context.background(), Duration.ofSeconds(Long.MAX_VALUE));
        assertEquals(Optional.of(Instant.MAX), huge.deadline(), "saturated, not an overflow");
        assertNull(huge.err());
        huge.cancel();
        CancelContext max = Context.withDeadline(Context.background(), Instant.MAX);
        assertNull(max.err());
        max.cancel();
        CancelContext min = Context.withTimeout(Context.background(), Duration.ofSeconds(Long.MIN_VALUE));
        assertInstanceOf(DeadlineExceeded.class, min.err());
    }

    /** The context's done channel and a timer's channel in one select, as Go programs write it. */
    @Test
    void aSelectBetweenWorkAndTheDeadline() {
        Go.run(() -> {
            try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20))) {
                Timer slow = Time.newTimer(Duration.ofSeconds(30)); // work that takes too long
                int chosen = Select.select(Select.recv(slow.c()), Select.recv(ctx.done()));
                slow.stop();
                assertEquals(1, chosen);
                assertInstanceOf(DeadlineExceeded.class, ctx.err());
            }
            try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(30))) {
                Select.Case<java.time.Instant> fastWork = Select.recv(Time.after(Duration.ofMillis(1)));
                assertEquals(0, Select.select(fastWork, Select.recv(ctx.done())));
                assertNull(ctx.err());
            }
        });
    }
}
