package io.gpm4j;

/**
 * A child JVM for {@code StatCommandTest}: boots the scheduler (one goroutine), prints its pid
 * and exits at once, while sysmon, started by that boot, may still be making the live counters
 * file; with the argument {@code fatal} (and the agent's main mode, where main is a goroutine),
 * by a fatal error (a deadlock), which halts the JVM without its exit hooks; with
 * {@code another <dir>}, after it has also written a counters file for another pid into
 * {@code <dir>} (as {@code StatCommandTest} does in its own JVM), and once its own file exists.
 */
public final class BootAndExitProgram {
    private BootAndExitProgram() {
    }

    public static void main(String[] args) {
        Chan<Boolean> done = Chan.make(1);
        Go.go(() -> done.send(true));
        done.recv();
        if (args.length > 1 && args[0].equals("another")) {
            try {
                java.nio.file.Path own = io.gpm4j.runtime.CountersFile.path(
                        io.gpm4j.runtime.CountersFile.defaultDir(), ProcessHandle.current().pid());
                for (int i = 0; i < 500 && !java.nio.file.Files.exists(own); i++) {
                    Thread.sleep(10); // sysmon makes it just after the boot
                }
                io.gpm4j.runtime.SchedProbe.writeCountersFile(java.nio.file.Path.of(args[1]), 999_999_999L, 0L);
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        System.out.println("pid " + ProcessHandle.current().pid());
        System.out.flush();
        if (args.length > 0 && args[0].equals("fatal")) {
            Chan.<Boolean>make().recv(); // nobody sends: all goroutines are asleep
        }
        System.exit(0);
    }
}
