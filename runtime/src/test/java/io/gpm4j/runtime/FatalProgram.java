package io.gpm4j.runtime;

import io.gpm4j.runtime.park.Parking;

/**
 * Run in a child JVM by {@link FatalTest}: breaks one scheduler invariant from inside the main
 * goroutine, through package-private access, and must die of it with a fatal error. The body
 * never suspends, so it needs no agent.
 */
public final class FatalProgram {
    private FatalProgram() {
    }

    public static void main(String[] args) {
        if (args[0].equals("threads-within-limit")) {
            watchPinned(11);
        }
        String which = args[0].equals("threads-within-limit") ? "threads" : args[0];
        Goroutines.run(() -> {
            switch (which) {
                case "casgstatus" -> {
                    G self = Sched.currentG();
                    self.cas(G.WAITING, G.RUNNABLE); // the running G is not waiting
                }
                case "nmspinning" -> {
                    M m = Sched.currentM();
                    m.spinning = true; // flagged spinning without being counted
                    Sched.get().ms().resetSpinning(m);
                }
                case "threads" -> {
                    // Without the agent nothing is rewritten, so each park pins: the goroutine
                    // blocks its carrier and its P goes to another M, a new one each time.
                    for (int i = 0; i < 10; i++) {
                        Goroutines.go(() -> Parking.park(null, null, "select (no cases)"));
                    }
                    Parking.park(null, null, "select (no cases)");
                }
                default -> throw new IllegalArgumentException(which);
            }
            System.out.println("survived the broken invariant");
        });
        System.out.println("Go.run returned");
    }

    /**
     * Starts a plain thread that, once {@code n} goroutines block their carriers and every other M
     * has gone idle (the spinner started after the last hand-off has found nothing), prints how
     * many Ms are alive and halts with status 0 (the goroutines never wake up).
     */
    private static void watchPinned(int n) {
        Thread w = new Thread(() -> {
            while (true) {
                Sched s = Sched.booted();
                if (s != null) {
                    synchronized (s.lock) {
                        // the spinner started by the last hand-off has been counted, looked and gone idle
                        if (s.pinning().blockedLocked() == n && s.ms().runningLocked() == n && s.ms().idleLocked() == 1) {
                            System.out.println(n + " goroutines block their carriers on "
                                    + s.ms().countLocked() + " Ms");
                            System.out.flush();
                            Runtime.getRuntime().halt(0);
                        }
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "watcher");
        w.setDaemon(true);
        w.start();
    }
}
