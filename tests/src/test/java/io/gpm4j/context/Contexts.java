package io.gpm4j.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.gpm4j.Go;
import io.gpm4j.Select;
import io.gpm4j.time.Time;
import io.gpm4j.time.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Helpers shared by the context tests; each works in a goroutine and on a plain thread. */
final class Contexts {
    /** How long a test waits for something that must happen; generous, for a loaded 2-core machine. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private Contexts() {
    }

    /** Whether {@code ctx}'s done channel is closed, without waiting. */
    static boolean isDone(Context ctx) {
        Select.Case<Void> done = Select.recv(ctx.done());
        if (Select.trySelect(done) != 0) {
            return false;
        }
        assertFalse(done.ok(), "done channels are closed, never sent on");
        return true;
    }

    /**
     * Waits in a select for {@code ctx} to be done, failing after {@link #PATIENCE}; the bound's
     * timer is stopped afterwards, so that it does not keep a later deadlock test waiting.
     */
    static void awaitDone(Context ctx) {
        Timer bound = Time.newTimer(PATIENCE);
        try {
            Select.Case<Void> done = Select.recv(ctx.done());
            int chosen = Select.select(done, Select.recv(bound.c()));
            assertEquals(0, chosen, "not done within " + PATIENCE + ": " + ctx);
            assertFalse(done.ok(), "done channels are closed, never sent on");
        } finally {
            bound.stop();
        }
    }

    /** Waits until {@code cond} holds (yielding in a goroutine, sleeping on a thread), failing after {@link #PATIENCE}. */
    static void awaitTrue(String what, BooleanSupplier cond) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what + "\n" + Go.stack(true));
            }
            if (Go.goid() != 0) {
                Go.gosched();
            } else {
                try {
                    TimeUnit.MILLISECONDS.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** The number of children {@code c} holds registered (package-private state of the runtime). */
    static int children(Context c) {
        return ((CancelCtx) c).childCount();
    }
}
