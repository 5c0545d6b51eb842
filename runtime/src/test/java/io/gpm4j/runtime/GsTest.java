package io.gpm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Goroutine ids: a P takes them 16 at a time, a plain thread one at a time; none is handed out twice. */
class GsTest {
    @Test
    void aPTakesABatchOfConsecutiveIdsAndTheNextPTheNextBatch() {
        Sched s = new Sched(1, 2);
        P[] ps = s.ps().allp();
        Gs gs = s.gs();
        for (int i = 1; i <= Gs.GOID_BATCH; i++) {
            assertEquals(i, gs.newGoid(ps[0]));
        }
        assertEquals(Gs.GOID_BATCH + 1, gs.newGoid(ps[1]), "P1 reserved the second batch");
        assertEquals(2 * Gs.GOID_BATCH + 1, gs.newGoid(ps[0]), "P0's batch ran out: it takes the third");
        assertEquals(Gs.GOID_BATCH + 2, gs.newGoid(ps[1]), "P1 goes on with its batch");
        assertEquals(3 * Gs.GOID_BATCH + 1, gs.newGoid(null), "a plain thread takes one id past every batch");
        assertEquals(3 * Gs.GOID_BATCH + 2, gs.newGoid(null));
    }

    @Test
    void idsFromPsAndPlainThreadsNeverRepeat() {
        Sched s = new Sched(1, 3);
        P[] ps = s.ps().allp();
        Gs gs = s.gs();
        Set<Long> seen = new HashSet<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            int k = r.nextInt(ps.length + 1);
            long id = gs.newGoid(k == ps.length ? null : ps[k]);
            assertTrue(id > 0);
            assertTrue(seen.add(id), "goid " + id + " handed out twice");
        }
    }

    @Test
    void idsStartAtOneSoTheFirstGoroutineIsG1() {
        Sched s = new Sched(1, 1);
        assertEquals(1, s.gs().newGoid(s.ps().allp()[0]));
    }
}
