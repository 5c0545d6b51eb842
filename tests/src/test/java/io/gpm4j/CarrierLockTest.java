package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A {@code ReentrantLock} is owned by the carrier thread, not the goroutine (README, "Goroutines
 * and the JDK"). With {@code -Dgpm4j.checklocks=true} a goroutine that suspends holding one is
 * pinned to its carrier, which owns the lock, with a warning naming the lock: no other goroutine
 * runs on that carrier meanwhile, so none can re-enter the lock, and the holder's unlock works.
 * The check walks the heap (milliseconds per park), so it is its own option, not part of strict
 * mode; this test runs it in a child JVM.
 */
class CarrierLockTest {
    @Test
    void withTheCheckAGoroutineHoldingAReentrantLockIsPinnedToItsCarrier() throws Exception {
        ChildJvm.Result r = ChildJvm.run(null, List.of("-Dgpm4j.checklocks=true"), Map.of(),
                CarrierLockProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("other goroutine got the lock: false"), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("unlock: ok"), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains("suspends holding java.util.concurrent.locks.ReentrantLock"), r.stderr());
        assertTrue(r.stderr().contains("Use io.gpm4j.sync.Mutex"), r.stderr());
        assertTrue(r.stderr().contains("at io.gpm4j.CarrierLockProgram.lambda$main$"), "names the goroutine's stack\n" + r.stderr());
        assertFalse(r.stderr().contains("ReentrantReadWriteLock"),
                "the lock the Go.run caller held before the call is its own\n" + r.stderr());
    }
}
