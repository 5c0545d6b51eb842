package io.gpm4j.examples;

import io.gpm4j.Select;
import io.gpm4j.context.CancelContext;
import io.gpm4j.context.Context;
import io.gpm4j.sync.ErrGroup;
import io.gpm4j.time.Time;
import io.gpm4j.time.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fan-out with a deadline: one query goes to several backends at once, each in a goroutine of
 * an {@link ErrGroup}, under a context with a timeout. Three runs: every backend answers in time;
 * one is too slow and the deadline ends the search; one fails and the group's context stops the
 * others at once instead of letting them run for 30 s. The timings leave wide margins, so the
 * output does not depend on the machine. Run it under the agent with {@code main} mode:
 *
 * <pre>java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar=main -cp examples/target/classes io.gpm4j.examples.FanOut</pre>
 */
public final class FanOut {
    private FanOut() {
    }

    /** A backend: its name, how long it takes, and whether it fails. */
    record Backend(String name, Duration latency, boolean fails) {
    }

    /** Backends that stopped because their context was cancelled. */
    static final AtomicInteger STOPPED_EARLY = new AtomicInteger();

    /**
     * Asks one backend: answers after its latency, unless {@code ctx} is done first, in which case
     * it gives up with the context's error (Go: {@code case <-ctx.Done(): return ctx.Err()}).
     */
    static String fetch(Context ctx, Backend b, String query) throws IOException {
        if (b.fails()) {
            throw new IOException("backend " + b.name() + " unavailable");
        }
        Timer work = Time.newTimer(b.latency());
        try {
            if (Select.select(Select.recv(work.c()), Select.recv(ctx.done())) == 1) {
                STOPPED_EARLY.incrementAndGet();
                throw ctx.err();
            }
            return b.name() + ": " + query;
        } finally {
            work.stop();
        }
    }

    /** Queries every backend at once within {@code timeout}; the answers in the backends' order. */
    static String[] search(String query, Duration timeout, Backend... backends) {
        try (CancelContext ctx = Context.withTimeout(Context.background(), timeout)) {
            ErrGroup g = ErrGroup.withContext(ctx);
            String[] answers = new String[backends.length];
            for (int i = 0; i < backends.length; i++) {
                int slot = i;
                g.go(() -> answers[slot] = fetch(g.context(), backends[slot], query));
            }
            g.await(); // throws the first failure
            return answers;
        }
    }

    static Backend fast(String name, int ms) {
        return new Backend(name, Duration.ofMillis(ms), false);
    }

    static Backend slow(String name) {
        return new Backend(name, Duration.ofSeconds(30), false);
    }

    public static void main(String[] args) {
        System.out.println("in time: " + Arrays.toString(
                search("gopher", Duration.ofSeconds(10), fast("web", 10), fast("images", 20), fast("video", 5))));
        try {
            search("gopher", Duration.ofMillis(100), fast("web", 10), slow("video"));
        } catch (CompletionException e) {
            System.out.println("too slow: " + e.getCause().getMessage());
        }
        STOPPED_EARLY.set(0);
        try {
            search("gopher", Duration.ofSeconds(10), slow("web"), new Backend("images", Duration.ZERO, true), slow("video"));
        } catch (CompletionException e) {
            System.out.println("failed: " + e.getCause().getMessage() + "; " + STOPPED_EARLY.get()
                    + " others stopped early");
        }
    }
}
