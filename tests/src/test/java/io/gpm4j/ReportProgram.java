package io.gpm4j;

import io.gpm4j.sync.WaitGroup;
import io.gpm4j.time.Time;
import java.time.Duration;

/**
 * A program with known behaviour for the JFR report test, run under
 * {@code -javaagent:...=main,jfr=<file>}: main parks three times in "chan receive" inside
 * {@link #waitForTheTicket}, one goroutine parks inside {@code synchronized} (pinned) in
 * {@link #holdTheLockWhileWaiting}, twenty goroutines burn 3 ms of CPU each, and main sleeps
 * 2.1 s at the end so that JFR takes two RuntimeStats samples.
 */
public final class ReportProgram {
    private static final Object LOCK = new Object();

    private ReportProgram() {
    }

    public static void main(String[] args) {
        for (int i = 0; i < 3; i++) {
            Chan<String> ticket = Chan.make();
            Go.go(() -> {
                Time.sleep(Duration.ofMillis(40));
                ticket.send("ticket");
            });
            waitForTheTicket(ticket);
        }
        Chan<String> release = Chan.make();
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Go.go(() -> {
            holdTheLockWhileWaiting(release);
            wg.done();
        });
        Time.sleep(Duration.ofMillis(40));
        release.send("go on");
        wg.await();
        WaitGroup workers = new WaitGroup();
        for (int i = 0; i < 20; i++) {
            workers.add(1);
            Go.go(() -> {
                burn(3);
                workers.done();
            });
        }
        workers.await();
        Time.sleep(Duration.ofMillis(2100)); // two RuntimeStats samples (one a second)
        System.out.println("done");
    }

    static String waitForTheTicket(Chan<String> ticket) {
        return ticket.recv();
    }

    static void holdTheLockWhileWaiting(Chan<String> release) {
        synchronized (LOCK) {
            release.recv();
        }
    }

    static void burn(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
