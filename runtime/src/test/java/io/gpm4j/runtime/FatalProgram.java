package io.gpm4j.runtime;

/**
 * Run in a child JVM by {@link FatalTest}: breaks one scheduler invariant from inside the main
 * goroutine, through package-private access, and must die of it with a fatal error. The body
 * never suspends, so it needs no agent.
 */
public final class FatalProgram {
    private FatalProgram() {
    }

    public static void main(String[] args) {
        String which = args[0];
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
                default -> throw new IllegalArgumentException(which);
            }
            System.out.println("survived the broken invariant");
        });
        System.out.println("Go.run returned");
    }
}
