package io.gpm4j.runtime;

/**
 * Fatal errors: the runtime found one of its own invariants broken (a goroutine in the wrong
 * state, a negative count), so nothing it does from here on can be trusted. It prints
 * {@code fatal error: <msg>}, a blank line and the dump of every goroutine (as
 * {@code Go.stack(true)} prints it) to standard error and halts the JVM with exit status 2,
 * without running shutdown hooks or {@code finally} blocks.
 *
 * <p>This is not a panic. A user's exception that ends a goroutine goes to {@link Panics}; a
 * fatal error never reaches the goroutine's caller, because the JVM halts inside
 * {@link #error} on the thread that found the break, so {@code execute}'s catch never sees it.
 * Errors of the user's own making (a channel closed twice, {@code Go.run} inside a goroutine)
 * stay exceptions the user can catch.
 *
 * <p>Go: runtime.throw → fatalthrow (runtime/panic.go), and {@code fatal} for the deadlock
 * report ({@link #exit}).
 */
final class Fatal {
    /** Set by the first fatal error: a second one (say, from the dump) halts without a dump. Go: throwing. */
    private static volatile boolean dying;

    private Fatal() {
    }

    /**
     * Reports a broken runtime invariant and halts with status 2; never returns. The return type
     * lets callers write {@code throw Fatal.error("...")} so that the compiler knows the path
     * ends. {@code msg} starts with the Go name of the function that found the break.
     * Go: throw.
     */
    static Error error(String msg) {
        String dump = "";
        if (!dying) {
            dying = true;
            dump = dumpAll();
        }
        exit(msg + "\n\n" + dump);
        return new Error(msg); // not reached: exit halts
    }

    /**
     * Prints {@code fatal error: <report>} and halts with status 2, flushing standard output and
     * error first. Go: fatal (the user-caused kind, e.g. a deadlock) and the end of fatalthrow.
     */
    static void exit(String report) {
        System.out.flush();
        System.err.print("fatal error: " + report + "\n");
        System.err.flush();
        LiveCounters.AtExit.removeAll(); // halt runs no shutdown hook
        Runtime.getRuntime().halt(2);
    }

    /** The goroutine dump, or a note saying why there is none; never throws. */
    private static String dumpAll() {
        try {
            Sched s = Sched.booted();
            return s == null ? "" : Snapshot.dump(s);
        } catch (Throwable t) {
            return "(goroutine dump failed: " + t + ")\n";
        }
    }
}
