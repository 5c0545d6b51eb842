package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.runtime.SchedProbe;
import io.gpm4j.time.Time;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Dead Gs are reused only until the next garbage collection, after which they are left to the
 * collector (a reused G would be an old-generation object that every goroutine's stores pay the
 * full write barrier on), and allgs lets go of them: it stays the size of what is alive and kept.
 */
class FreeGsAcrossCollectionsTest {
    @Test
    void aCollectionReleasesTheFreeGsAndAllgsDoesNotGrowWithTheReleased() throws Exception {
        int together = 2_000; // goroutines alive at once in each round
        int rounds = 20;
        long released0 = SchedProbe.releasedGs();
        AtomicInteger ran = new AtomicInteger();
        int peakAllgs = 0;
        for (int r = 0; r < rounds; r++) {
            Go.run(() -> {
                Chan<Object> gate = Chan.make();
                GLatch done = new GLatch(together);
                for (int i = 0; i < together; i++) {
                    Go.go(() -> {
                        gate.recv(); // all of them parked at once: as many Gs in use
                        ran.incrementAndGet();
                        done.countDown();
                    });
                }
                gate.close();
                done.await("semacquire");
            });
            if (r >= 2) {
                // from the third round: by then a collection has released what earlier tests of
                // this JVM left on the free lists, and spawns have compacted allgs
                peakAllgs = Math.max(peakAllgs, SchedProbe.allgs());
            }
            int epoch = SchedProbe.gcEpoch();
            System.gc();
            // sysmon looks at its ticks, and sleeps while every P is idle: keep a P busy meanwhile
            TestSupport.awaitTrue("sysmon noticing the collection", 10, () -> {
                Go.run(() -> Time.sleep(java.time.Duration.ofMillis(1)));
                return SchedProbe.gcEpoch() != epoch;
            });
        }
        assertEquals(together * rounds, ran.get());
        long released = SchedProbe.releasedGs() - released0;
        // every round but the first finds the last round's Gs stale: they are released, not reused
        assertTrue(released >= (long) together * (rounds - 3),
                "released " + released + " Gs in " + rounds + " rounds of " + together);
        // reused forever, the Gs would stay about `together`; never dropped from allgs, the
        // released would pile up to `together * rounds`
        assertTrue(peakAllgs < 8 * together, "allgs peaked at " + peakAllgs + " Gs (" + together
                + " alive at once, " + released + " released)");
    }
}
