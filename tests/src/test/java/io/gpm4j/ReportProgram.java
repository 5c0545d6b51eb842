package io.gpm4j;

import io.gpm4j.sync.WaitGroup;
import io.gpm4j.time.Time;
import java.time.Duration;

/**
 * A program with known behaviour for the JFR report test, run under
 * {@code -javaagent:...=main,jfr=<file>}: main parks three times in "chan receive" inside
 * {@link #waitForTheTicket}, one goroutine parks inside {@code synchronized} (pinned) in
 * {@link #holdTheLockWhileWaiting}, twenty goroutines burn 3 ms of CPU each, and main sleeps
 * 2.1 s at the end so that JFR takes two RuntimeStats samples; 1.1 s into that sleep a goroutine
 * spins for 50 ms in a loop of a rewritten method ({@link #spinPastItsSlice}), so that sysmon asks
 * it to yield at the end of each 10 ms slice, and the loops' back-edge points are armed between
 * two samples (the test runs it with a quiet period of 0, so that they are disarmed again at
 * sysmon's first look without a request, and each slice's request arms them anew).
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
        Time.sleep(Duration.ofMillis(1100)); // a RuntimeStats sample (one a second) before the spin
        WaitGroup spinner = new WaitGroup();
        spinner.add(1);
        Go.go(() -> {
            spinPastItsSlice(50);
            spinner.done();
        });
        spinner.await();
        Time.sleep(Duration.ofMillis(2100)); // two RuntimeStats samples after it
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

    /** A loop in a method the agent rewrites (it may call {@code Go.gosched}): its back-edge is a point. */
    static long spinPastItsSlice(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long turns = 0;
        while (System.nanoTime() < end) {
            turns++;
        }
        if (turns == 42) {
            Go.gosched();
        }
        return turns;
    }

    static void burn(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
