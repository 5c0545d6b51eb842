package io.gpm4j.sync;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.Select;
import io.gpm4j.context.CancelContext;
import io.gpm4j.context.Context;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A group of goroutines working on subtasks of one task: {@link #go} starts each, {@link #await}
 * waits for all and reports the first failure; a group made {@link #withContext} also cancels
 * its context at the first failure, so the others can stop early. Works from goroutines and plain
 * threads alike (a waiting goroutine parks, a plain thread blocks).
 *
 * <pre>{@code
 * ErrGroup g = ErrGroup.withContext(ctx);
 * for (String url : urls) {
 *     g.go(() -> fetch(g.context(), url));    // may throw IOException
 * }
 * g.await();                                  // CompletionException(cause: the first failure)
 * }</pre>
 *
 * <p><b>Failures.</b> A task fails when it throws. The first failure is kept (later ones are
 * dropped, as Go keeps only the first error) and {@link #await} throws a new
 * {@link CompletionException} whose cause is that failure: always wrapped, checked or not, so
 * that the wrapper's stack trace shows where the group was awaited and the cause's where the task
 * failed (the JDK's {@code CompletableFuture.join} does the same). An {@code Error} thrown by a
 * task is a failure too. {@code Go.goexit()} in a task ends it without failure, as in Go.
 *
 * <p>Go: golang.org/x/sync/errgroup.Group: {@code Go} is {@link #go}, {@code TryGo}
 * {@link #tryGo}, {@code Wait} {@link #await}, {@code SetLimit} {@link #setLimit},
 * {@code WithContext} {@link #withContext} (whose context is {@link #context()}).
 */
public final class ErrGroup {
    /**
     * A subtask: Go's {@code func() error}, where the error is whatever it throws.
     */
    @FunctionalInterface
    public interface Task {
        /** Does the work; throws to fail the group. */
        void run() throws Exception;
    }

    /** The class of the runtime's Goexit unwinding (package-private there); tasks let it pass. */
    private static final String GOEXIT = "io.gpm4j.runtime.Goexit";

    /** Counts the running tasks. Go: Group.wg. */
    private final WaitGroup wg = new WaitGroup();
    /** The group's context, cancelled at the first failure and by await; null for a plain group. Go: Group.cancel. */
    private final CancelContext ctx;
    /** The first failure, set once by CAS. Go: Group.err with errOnce. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /**
     * One token per running task when a limit is set, else null. Replaced only by setLimit
     * while no task runs. Go: Group.sem.
     */
    private volatile Chan<Void> sem;

    /** A group with no context and no limit (Go: the zero Group). */
    public ErrGroup() {
        this.ctx = null;
    }

    private ErrGroup(CancelContext ctx) {
        this.ctx = ctx;
    }

    /**
     * A group with a context derived from {@code parent} ({@link #context()}), cancelled when a
     * task first fails or when {@link #await} returns, whichever comes first (Go: WithContext).
     *
     * @throws NullPointerException when {@code parent} is null
     */
    public static ErrGroup withContext(Context parent) {
        return new ErrGroup(Context.withCancel(Objects.requireNonNull(parent, "parent")));
    }

    /**
     * The group's context: for a group made by {@link #withContext}, the derived context tasks
     * should watch; for one made by the constructor, {@link Context#background()} (never
     * cancelled).
     */
    public Context context() {
        return ctx != null ? ctx : Context.background();
    }

    /**
     * Runs {@code task} in a new goroutine. With a limit set ({@link #setLimit}), first waits
     * until fewer than the limit are running. Go: Group.Go.
     *
     * @throws NullPointerException when {@code task} is null
     */
    public void go(Task task) {
        Objects.requireNonNull(task, "task");
        Chan<Void> s = sem;
        if (s != null) {
            s.send(null);
        }
        start(task, s);
    }

    /**
     * Runs {@code task} in a new goroutine if the limit allows it now; returns whether it was
     * started (always true without a limit). Go: Group.TryGo.
     *
     * @throws NullPointerException when {@code task} is null
     */
    public boolean tryGo(Task task) {
        Objects.requireNonNull(task, "task");
        Chan<Void> s = sem;
        if (s != null && Select.trySelect(Select.send(s, null)) < 0) {
            return false;
        }
        start(task, s);
        return true;
    }

    /** Counts the task and starts its goroutine; {@code s} is the token it holds, or null. */
    private void start(Task task, Chan<Void> s) {
        wg.add(1);
        Go.go(() -> {
            try {
                task.run();
            } catch (Exception e) {
                fail(e);
            } catch (Error e) {
                if (GOEXIT.equals(e.getClass().getName())) {
                    throw e; // Go.goexit(): the goroutine ends, the task counts as done, no failure
                }
                fail(e);
            } finally {
                if (s != null) {
                    s.recv();
                }
                wg.done();
            }
        });
    }

    /** Records the first failure and cancels the group's context. */
    private void fail(Throwable t) {
        if (failure.compareAndSet(null, t) && ctx != null) {
            ctx.cancel();
        }
    }

    /**
     * Waits until every task started so far has ended, cancels the group's context, then throws
     * if any task failed. Calling it again reports the same failure. Go: Group.Wait.
     *
     * @throws CompletionException whose cause is the first failure (the exception or error a task
     *                             threw)
     */
    public void await() {
        wg.await();
        if (ctx != null) {
            ctx.cancel();
        }
        Throwable t = failure.get();
        if (t != null) {
            throw new CompletionException(t);
        }
    }

    /**
     * Limits the tasks running at once to {@code n}: {@link #go} then waits for a slot and
     * {@link #tryGo} declines. A negative {@code n} removes the limit; zero lets no task start.
     * Go: Group.SetLimit.
     *
     * @throws IllegalStateException when tasks started under a limit are still running
     */
    public void setLimit(int n) {
        if (n < 0) {
            sem = null;
            return;
        }
        Chan<Void> s = sem;
        if (s != null && s.len() != 0) {
            throw new IllegalStateException("errgroup: modify limit while " + s.len()
                    + " goroutines in the group are still active");
        }
        sem = Chan.make(n);
    }

    @Override
    public String toString() {
        Chan<Void> s = sem;
        return "ErrGroup[" + (s == null ? "no limit" : "limit=" + s.cap() + ", active=" + s.len())
                + (failure.get() != null ? ", failed" : "") + "]";
    }
}
