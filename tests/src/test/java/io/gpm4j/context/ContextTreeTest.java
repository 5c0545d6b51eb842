package io.gpm4j.context;

import static io.gpm4j.context.Contexts.awaitTrue;
import static io.gpm4j.context.Contexts.children;
import static io.gpm4j.context.Contexts.isDone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.Chan;
import io.gpm4j.DeadlockException;
import io.gpm4j.Go;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * Cancellation trees: propagation down and never up, children born cancelled, the errors, the
 * parent letting go of its cancelled children, deep chains, contexts of other implementations,
 * and bad input.
 */
class ContextTreeTest {
    @Test
    void backgroundIsNeverDoneAndHasNothing() {
        Context bg = Context.background();
        assertSame(bg, Context.background());
        assertFalse(isDone(bg));
        assertNull(bg.err());
        assertEquals(Optional.empty(), bg.deadline());
        assertNull(bg.value("anything"));
        assertEquals("context.Background", bg.toString());
    }

    /** A tree of depth three, fanning out by three: cancelling a node cancels exactly its subtree. */
    @Test
    void cancellingANodeCancelsItsSubtreeAndNothingElse() {
        Go.run(() -> {
            CancelContext root = Context.withCancel(Context.background());
            List<CancelContext> level1 = new ArrayList<>();
            List<List<CancelContext>> level2 = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                CancelContext a = Context.withCancel(root);
                level1.add(a);
                List<CancelContext> kids = new ArrayList<>();
                for (int j = 0; j < 3; j++) {
                    // a value context between the levels must not break the chain of cancellation
                    kids.add(Context.withCancel(Context.withValue(a, "level", 2)));
                }
                level2.add(kids);
            }
            assertEquals(3, children(root));
            assertEquals(3, children(level1.get(1)), "registered through the value context");

            level1.get(1).cancel();
            assertInstanceOf(Canceled.class, level1.get(1).err());
            for (CancelContext k : level2.get(1)) {
                assertTrue(isDone(k), "a descendant is done when cancel returns");
                assertInstanceOf(Canceled.class, k.err());
            }
            assertFalse(isDone(root), "cancellation never goes up");
            assertNull(root.err());
            for (int i : new int[] {0, 2}) {
                assertFalse(isDone(level1.get(i)), "siblings are untouched");
                for (CancelContext k : level2.get(i)) {
                    assertFalse(isDone(k));
                }
            }
            assertEquals(2, children(root), "the cancelled child was let go");

            root.cancel();
            for (List<CancelContext> kids : level2) {
                for (CancelContext k : kids) {
                    assertTrue(isDone(k));
                }
            }
        });
    }

    @Test
    void errIsNullThenOneCanceledThatStays() {
        CancelContext c = Context.withCancel(Context.background());
        assertNull(c.err());
        c.done(); // a waiter's channel made before the cancel gets closed too
        c.cancel();
        CancellationException e = c.err();
        assertInstanceOf(Canceled.class, e);
        assertEquals("context canceled", e.getMessage());
        assertEquals(0, e.getStackTrace().length, "no stack trace");
        c.cancel(); // idempotent
        c.close();
        assertSame(e, c.err(), "the same instance every time");
        assertTrue(isDone(c));
        assertEquals("context deadline exceeded", new DeadlineExceeded().getMessage());
        assertTrue(CancellationException.class.isAssignableFrom(DeadlineExceeded.class));
    }

    @Test
    void aChildOfACancelledParentIsBornCancelled() {
        CancelContext parent = Context.withCancel(Context.background());
        parent.cancel();
        CancelContext child = Context.withCancel(parent);
        assertTrue(isDone(child));
        assertInstanceOf(Canceled.class, child.err());
        assertTrue(isDone(Context.withTimeout(parent, java.time.Duration.ofHours(1))));
        Context value = Context.withValue(parent, "k", "v");
        assertTrue(isDone(value));
        assertSame(parent.err(), value.err(), "a value context shows its parent's err");
        assertEquals(0, children(parent), "a child born cancelled is never registered");

        CancelContext expired = Context.withDeadline(Context.background(), Instant.now().minusSeconds(1));
        CancelContext grandchild = Context.withCancel(Context.withValue(expired, "k", "v"));
        assertInstanceOf(DeadlineExceeded.class, grandchild.err(), "born with the parent's kind of error");
    }

    @Test
    void tryWithResourcesCancels() {
        CancelContext outer = Context.withCancel(Context.background());
        CancelContext inner;
        try (CancelContext c = Context.withCancel(outer)) {
            inner = c;
            assertFalse(isDone(c));
        }
        assertInstanceOf(Canceled.class, inner.err());
        assertEquals(0, children(outer));
        outer.cancel();
    }

    /** A long-lived parent must not hold every child it ever had: cancelled children are dropped. */
    @Test
    void aLongLivedParentHoldsNoCancelledChildren() {
        CancelContext parent = Context.withCancel(Context.background());
        Context values = Context.withValue(parent, "request", "r");
        for (int i = 0; i < 100_000; i++) {
            CancelContext c = Context.withCancel(i % 2 == 0 ? parent : values);
            CancelContext grandchild = Context.withTimeout(c, java.time.Duration.ofHours(1));
            assertEquals(1, children(parent));
            c.cancel();
            assertTrue(isDone(grandchild));
            assertFalse(((CancelCtx) grandchild).timerArmed(), "the grandchild's timer was stopped");
        }
        assertEquals(0, children(parent));
        assertFalse(isDone(parent));
        // children cancelled by their parent's cancellation are not registered anywhere either
        CancelContext mid = Context.withCancel(parent);
        for (int i = 0; i < 1_000; i++) {
            Context.withCancel(mid);
        }
        assertEquals(1_000, children(mid));
        mid.cancel();
        assertEquals(0, children(mid));
        assertEquals(0, children(parent));
        parent.cancel();
    }

    /** Cancellation walks the tree with a work list: a chain far deeper than the Java stack allows recursion for. */
    @Test
    void aChainOfAHundredThousandContextsCancelsAndAnswersWithoutOverflow() {
        CancelContext root = Context.withCancel(Context.background());
        Context c = root;
        for (int i = 0; i < 100_000; i++) {
            c = i % 2 == 0 ? Context.withCancel(c) : Context.withValue(c, "depth", i);
        }
        Context leaf = c;
        assertEquals(99_999, leaf.value("depth"));
        assertEquals(Optional.empty(), leaf.deadline());
        assertTrue(leaf.toString().startsWith("context.Background.WithCancel.WithCancel.WithValue(depth, "));
        root.cancel();
        assertTrue(isDone(leaf));
        assertInstanceOf(Canceled.class, leaf.err());
    }

    @Test
    void withoutCancelKeepsValuesButNotCancellation() {
        CancelContext parent = Context.withTimeout(Context.withValue(Context.background(), "user", "ann"),
                java.time.Duration.ofHours(1));
        Context detached = Context.withoutCancel(parent);
        CancelContext child = Context.withCancel(detached);
        assertEquals("ann", detached.value("user"));
        assertEquals(Optional.empty(), detached.deadline());
        assertEquals(0, children(parent), "nothing to propagate from a context that is never cancelled");
        parent.cancel();
        assertFalse(isDone(detached));
        assertNull(detached.err());
        assertFalse(isDone(child));
        assertEquals("ann", child.value("user"));
        child.cancel();
    }

    /**
     * A context of another implementation that hands out its wrapped context's done channel is
     * seen through (the child registers with the wrapped one, no goroutine); one with a done
     * channel of its own is watched by one goroutine, which ends with either.
     */
    @Test
    void contextsOfOtherImplementationsPropagate() {
        CancelContext inner = Context.withCancel(Context.background());
        CancelContext viaWrapper = Context.withCancel(new Wrapper(inner, null));
        assertEquals(1, children(inner), "registered with the wrapped context");
        inner.cancel();
        assertInstanceOf(Canceled.class, viaWrapper.err());

        Chan<Void> own = Chan.make();
        Own foreign = new Own(own);
        int before = Go.numGoroutine();
        CancelContext watched = Context.withCancel(Context.withValue(foreign, "k", "v"));
        awaitTrue("the watcher goroutine", () -> Go.numGoroutine() == before + 1);
        foreign.err = new DeadlineExceeded();
        own.close();
        Contexts.awaitDone(watched);
        assertInstanceOf(DeadlineExceeded.class, watched.err(), "the parent's kind of error");
        awaitTrue("the watcher to end", () -> Go.numGoroutine() == before);

        Own another = new Own(Chan.make());
        CancelContext cancelledFirst = Context.withCancel(another);
        awaitTrue("the second watcher", () -> Go.numGoroutine() == before + 1);
        cancelledFirst.cancel();
        awaitTrue("the watcher to end when the child is cancelled", () -> Go.numGoroutine() == before);

        Own alreadyDone = new Own(Chan.make());
        alreadyDone.done.close();
        CancelContext born = Context.withCancel(alreadyDone);
        assertInstanceOf(Canceled.class, born.err(), "a foreign parent that is done: born cancelled");
        assertEquals(before, Go.numGoroutine());
    }

    @Test
    void valuesAreFoundUpTheChainAndTheNearestBindingShadows() {
        Object privateKey = new Object(); // Go's advice: a key nobody else can make
        CancelContext a = Context.withCancel(Context.withValue(Context.background(), "user", "ann"));
        Context b = Context.withValue(Context.withValue(a, privateKey, 42), "trace", null);
        Context c = Context.withValue(Context.withTimeout(b, java.time.Duration.ofHours(1)), "user", "bob");
        assertEquals("bob", c.value("user"), "the nearest binding shadows");
        assertEquals("ann", b.value("user"), "the parent still sees its own");
        assertEquals(42, c.value(privateKey));
        assertNull(c.value(new Object()), "an equal key is needed, not any key");
        assertNull(c.value("trace"), "a binding may be null");
        assertNull(c.value("absent"));
        assertEquals("x", Context.withValue(a, "user", "x").value(new String("user")), "keys compare with equals");
        assertEquals("context.Background.WithValue(user, java.lang.String).WithCancel", a.toString());
        assertTrue(c.toString().contains(".WithValue(trace, null).WithDeadline("), c.toString());
        assertTrue(c.toString().endsWith(".WithValue(user, java.lang.String)"), "a value shows only its type: " + c);
        a.cancel();
        assertEquals("bob", c.value("user"), "values outlive cancellation");
        assertTrue(isDone(c));
    }

    /** Someone broke the contract and closed a done channel: cancel still sets err and reaches the children. */
    @Test
    void aDoneChannelClosedByMistakeDoesNotStopCancellation() {
        CancelContext parent = Context.withCancel(Context.background());
        CancelContext child = Context.withCancel(parent);
        parent.done().close();
        parent.cancel();
        assertInstanceOf(Canceled.class, parent.err());
        assertInstanceOf(Canceled.class, child.err());
    }

    /** Waiting on a context nobody can cancel blocks for good: Go.run reports the deadlock. */
    @Test
    void waitingOnAContextThatIsNeverCancelledIsADeadlock() {
        DeadlockException e = assertThrows(DeadlockException.class,
                () -> Go.run(() -> Context.withValue(Context.background(), "k", "v").done().recv()));
        assertTrue(e.getMessage().contains("[chan receive]:"), e.getMessage());
        // not cancelled afterwards: that would wake the deadlocked goroutine in the middle of a later test
        CancelContext forgotten = Context.withCancel(Context.background());
        assertThrows(DeadlockException.class, () -> Go.run(() -> forgotten.done().recv()));
    }

    @Test
    void nullArgumentsAreRefusedByName() {
        Context bg = Context.background();
        assertNpe("parent", () -> Context.withCancel(null));
        assertNpe("parent", () -> Context.withTimeout(null, java.time.Duration.ZERO));
        assertNpe("timeout", () -> Context.withTimeout(bg, null));
        assertNpe("parent", () -> Context.withDeadline(null, Instant.now()));
        assertNpe("deadline", () -> Context.withDeadline(bg, null));
        assertNpe("parent", () -> Context.withValue(null, "k", "v"));
        assertNpe("key", () -> Context.withValue(bg, null, "v"));
        assertNpe("parent", () -> Context.withoutCancel(null));
        CancelContext c = Context.withCancel(bg);
        for (Context ctx : List.of(bg, c, Context.withValue(c, "k", "v"), Context.withoutCancel(c))) {
            assertNpe("key", () -> ctx.value(null));
        }
        c.cancel();
    }

    private static void assertNpe(String name, org.junit.jupiter.api.function.Executable call) {
        NullPointerException e = assertThrows(NullPointerException.class, call);
        assertEquals(name, e.getMessage());
    }

    /** A user's context that delegates everything to another (Go: a struct embedding a Context). */
    private static final class Wrapper implements Context {
        final Context inner;
        final Chan<Void> done;

        Wrapper(Context inner, Chan<Void> done) {
            this.inner = inner;
            this.done = done;
        }

        @Override
        public Chan<Void> done() {
            return done != null ? done : inner.done();
        }

        @Override
        public CancellationException err() {
            return inner.err();
        }

        @Override
        public Optional<Instant> deadline() {
            return inner.deadline();
        }

        @Override
        public Object value(Object key) {
            return inner.value(key);
        }
    }

    /** A user's context with a done channel of its own. */
    private static final class Own implements Context {
        final Chan<Void> done;
        volatile CancellationException err;

        Own(Chan<Void> done) {
            this.done = done;
        }

        @Override
        public Chan<Void> done() {
            return done;
        }

        @Override
        public CancellationException err() {
            CancellationException e = err;
            return e != null || !isDone(this) ? e : new Canceled();
        }

        @Override
        public Optional<Instant> deadline() {
            return Optional.empty();
        }

        @Override
        public Object value(Object key) {
            return null;
        }
    }
}
