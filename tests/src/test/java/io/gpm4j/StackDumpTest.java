package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.runtime.Waiter;
import io.gpm4j.runtime.park.Parking;
import java.util.List;
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
}
