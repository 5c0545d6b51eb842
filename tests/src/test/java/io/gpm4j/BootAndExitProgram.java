package io.gpm4j;

/**
 * A child JVM for {@code StatCommandTest}: boots the scheduler (one goroutine), prints its pid
 * and exits at once, while sysmon, started by that boot, may still be making the live counters
 * file.
 */
public final class BootAndExitProgram {
    private BootAndExitProgram() {
    }

    public static void main(String[] args) {
        Chan<Boolean> done = Chan.make(1);
        Go.go(() -> done.send(true));
        done.recv();
        System.out.println("pid " + ProcessHandle.current().pid());
        System.exit(0);
    }
}
