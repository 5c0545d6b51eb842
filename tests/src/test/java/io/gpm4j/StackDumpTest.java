package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.runtime.Waiter;
import io.gpm4j.runtime.park.Parking;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Go.stack: a parked goroutine's frames come from its saved state, without running it. */
class StackDumpTest {
    static void outer(AtomicReference<Waiter> parked, AtomicLong id) {
        id.set(Go.goid());
        inner(parked);
    }

    static void inner(AtomicReference<Waiter> parked) {
        Parking.park((w, lock) -> {
            parked.set(w);
            return true;
        }, null, "test park");
    }

    @Test
    void aParkedGoroutineIsPrintedFromItsSavedFrames() {
        AtomicReference<Waiter> parked = new AtomicReference<>();
        AtomicLong id = new AtomicLong();
        String[] dump = new String[1];
        Go.run(() -> {
            Go.go(() -> outer(parked, id));
            while (parked.get() == null) {
                Go.gosched();
            }
            dump[0] = Go.stack(true);
            parked.get().ready();
        });
        String d = dump[0];
        String header = "goroutine " + id.get() + " [test park]:\n";
        int at = d.indexOf(header);
        assertTrue(at >= 0, d);
        List<String> frames = d.substring(at + header.length()).lines().takeWhile(l -> !l.isEmpty()).toList();
        assertTrue(frames.size() >= 3, d);
        assertTrue(frames.get(0).startsWith("io.gpm4j.runtime.park.Parking.park(Parking.java:"), d);
        assertTrue(frames.get(1).startsWith("io.gpm4j.StackDumpTest.inner(StackDumpTest.java:"), d);
        assertTrue(frames.get(2).startsWith("io.gpm4j.StackDumpTest.outer(StackDumpTest.java:"), d);
        assertTrue(d.contains(" [running]:\nio.gpm4j.StackDumpTest.lambda$"), "the caller prints its own stack: " + d);
    }

    @Test
    void stackOfTheCallerNamesItsMethods() {
        String[] own = new String[1];
        long[] id = new long[1];
        Go.run(() -> {
            id[0] = Go.goid();
            own[0] = Go.stack(false);
        });
        List<String> lines = own[0].lines().toList();
        assertEquals("goroutine " + id[0] + " [running]:", lines.get(0));
        assertTrue(lines.get(1).startsWith("io.gpm4j.StackDumpTest.lambda$stackOfTheCallerNamesItsMethods$"), own[0]);
        assertEquals("", Go.stack(false), "a plain thread has no goroutine");
    }

    static void spinUntil(AtomicBoolean stop) {
        while (!stop.get()) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aGoroutineRunningOnAnotherCarrierIsPrintedFromItsCarriersStack() throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong id = new AtomicLong();
        Go.go(() -> {
            id.set(Go.goid());
            spinUntil(stop);
        });
        try {
            // a plain thread asks, so the spinner is on a carrier of its own; a sample may fall
            // between goroutines or catch it preempted, so ask until one shows it (JUnit's timeout bounds this)
            for (;;) {
                String d = Go.stack(true);
                // running, or (its P handed off by sysmon 1 ms deaf to preemption after its slice) in a syscall
                String header = "goroutine " + id.get() + " [running]:\n";
                int at = id.get() == 0 ? -1 : d.indexOf(header);
                if (at < 0 && id.get() != 0) {
                    header = "goroutine " + id.get() + " [syscall]:\n";
                    at = d.indexOf(header);
                }
                if (at >= 0 && !d.startsWith("\tgoroutine running on other thread", at + header.length())) {
                    List<String> frames = d.substring(at + header.length()).lines().takeWhile(l -> !l.isEmpty()).toList();
                    // the innermost frame is wherever the sample caught it: spinUntil or what it calls
                    assertTrue(frames.get(0).startsWith("java.") || frames.get(0).startsWith("io.gpm4j.StackDumpTest.spinUntil("), d);
                    assertTrue(frames.stream().anyMatch(f -> f.startsWith("io.gpm4j.StackDumpTest.spinUntil(StackDumpTest.java:")), d);
                    assertTrue(frames.stream().noneMatch(f -> f.contains("$$Lambda") || f.startsWith("io.gpm4j.runtime.")), d);
                    return;
                }
                Thread.sleep(5);
            }
        } finally {
            stop.set(true);
        }
    }
}
