package io.gpm4j;

import io.gpm4j.runtime.CountersFile;
import io.gpm4j.runtime.SchedProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    public static void main(String[] args) throws IOException, InterruptedException {
        Chan<Boolean> done = Chan.make(1);
        Go.go(() -> done.send(true));
        done.recv();
        if (args.length > 1 && args[0].equals("another")) {
            writeAnotherOnceOwnExists(Path.of(args[1]));
        }
        System.out.println("pid " + ProcessHandle.current().pid());
        System.out.flush();
        if (args.length > 0 && args[0].equals("fatal")) {
            Chan.<Boolean>make().recv(); // nobody sends: all goroutines are asleep
        }
        System.exit(0);
    }

    /**
     * Waits for this JVM's own counters file (sysmon makes it just after the boot), then writes
     * one for another pid into {@code dir}. Without the own file first, the test would not show
     * that the second file leaves the first one known for removal.
     */
    private static void writeAnotherOnceOwnExists(Path dir) throws IOException, InterruptedException {
        Path own = CountersFile.path(CountersFile.defaultDir(), ProcessHandle.current().pid());
        TestSupport.awaitTrue(own + " made by sysmon", 5, () -> Files.exists(own));
        SchedProbe.writeCountersFile(dir, 999_999_999L, 0L);
    }
}
