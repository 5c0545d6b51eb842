package io.gpm4j;

import static org.junit.jupiter.api.Assertions.fail;

import io.gpm4j.runtime.SchedProbe;

/**
 * Windows over which an idle runtime must do nothing, for the idle-CPU tests. A goroutine an
 * earlier test class left asleep in the same JVM, or a channel timer it left armed (a
 * {@code Time.after} whose select another case won), rightly wakes an M when it is due: that M
 * runs the timer (and the goroutine), the poller selects again, sysmon publishes. Such a window
 * proves nothing about idleness and is repeated; a window in which no goroutine ran and no timer
 * was armed at its start or its end must show nothing at all.
 */
final class IdleWindows {
    /** Windows tried before giving up on finding one in which nothing was due. */
    private static final int MAX_WINDOWS = 5;

    private IdleWindows() {}

    /**
     * One window: returns what it saw that an idle runtime does not do, or null. Steals and new
     * Ms over the window are looked at by {@link #assertIdle} for every window.
     */
    @FunctionalInterface
    interface Window {
        String observe() throws InterruptedException;
    }

    /**
     * Runs {@code window} until it sees nothing, and fails when it saw something in a window
     * nothing explains, or in {@value #MAX_WINDOWS} windows out of {@value #MAX_WINDOWS}.
     */
    static void assertIdle(Window window) throws InterruptedException {
        for (int n = 1; ; n++) {
            long switches0 = SchedProbe.switches();
            boolean timers0 = SchedProbe.timersPending();
            long steals0 = SchedProbe.steals();
            int threads0 = SchedProbe.threads();
            String busy = window.observe();
            if (busy == null && SchedProbe.steals() != steals0) {
                busy = "steals while idle";
            }
            if (busy == null && SchedProbe.threads() != threads0) {
                busy = "an M started while idle";
            }
            if (busy == null) {
                return;
            }
            boolean due = SchedProbe.switches() != switches0 || timers0 || SchedProbe.timersPending();
            if (!due) {
                fail(busy + " (in a window in which no goroutine ran and no timer was armed)");
            }
            if (n == MAX_WINDOWS) {
                fail("goroutines ran or timers were armed in " + MAX_WINDOWS + " windows out of " + MAX_WINDOWS
                        + "; in the last: " + busy);
            }
        }
    }
}
