package io.gpm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Free Gs: a P's local stack spills to and refills from the global one; nothing is lost or given twice. */
class FreeGsTest {
    @Test
    void aPsStackSpillsHalfToTheGlobalStackWhenFullAndRefillsFromItWhenEmpty() {
        FreeGs free = new FreeGs();
        P p = new P(0);
        P other = new P(1);
        G[] g = TestGs.numbered(FreeGs.LOCAL_MAX);
        for (int i = 0; i < FreeGs.LOCAL_MAX - 1; i++) {
            free.put(p, g[i]);
        }
        assertEquals(FreeGs.LOCAL_MAX - 1, p.gFreeCount);
        assertNull(free.get(other), "nothing global yet");
        free.put(p, g[FreeGs.LOCAL_MAX - 1]);
        assertEquals(FreeGs.LOCAL_MAX / 2, p.gFreeCount, "the full stack spilled its newer half");
        for (int i = FreeGs.LOCAL_MAX / 2; i < FreeGs.LOCAL_MAX; i++) {
            assertNull(p.gFree[i], "a spilled slot keeps no reference");
        }
        // the other P refills with what was spilled, newest first
        assertSame(g[FreeGs.LOCAL_MAX - 1], free.get(other));
        assertEquals(FreeGs.LOCAL_MAX / 2 - 1, other.gFreeCount);
        // p's own stack is LIFO
        assertSame(g[FreeGs.LOCAL_MAX / 2 - 1], free.get(p));
    }

    @Test
    void everyGPutIsGotExactlyOnceAcrossPsAndThreadsWithoutAP() {
        FreeGs free = new FreeGs();
        P a = new P(0);
        P b = new P(1);
        int n = 10_000;
        G[] g = TestGs.numbered(n);
        for (int i = 0; i < n; i++) {
            free.put(i % 3 == 0 ? null : a, g[i]); // spills from a, pushes without a P
        }
        Map<G, Boolean> seen = new IdentityHashMap<>();
        for (int i = 0; i < n; i++) {
            G got = free.get(i % 2 == 0 ? b : i % 5 == 0 ? null : a);
            if (got == null) {
                got = free.get(a); // the global stack was empty: the rest is on a P's own stack
            }
            if (got == null) {
                got = free.get(b);
            }
            assertTrue(got != null, "G " + i + " of " + n + " lost");
            assertNull(seen.put(got, true), "a G given out twice");
        }
        assertNull(free.get(a));
        assertNull(free.get(b));
        assertNull(free.get(null));
    }

    @Test
    void absorbMovesADyingPsStackToTheGlobalOne() {
        FreeGs free = new FreeGs();
        P dying = new P(0);
        P heir = new P(1);
        G[] g = TestGs.numbered(3);
        for (G x : g) {
            free.put(dying, x);
        }
        free.absorb(dying);
        assertEquals(0, dying.gFreeCount);
        for (G x : dying.gFree) {
            assertNull(x);
        }
        Map<G, Boolean> seen = new IdentityHashMap<>();
        for (int i = 0; i < 3; i++) {
            seen.put(free.get(heir), true);
        }
        assertEquals(3, seen.size());
        assertTrue(seen.keySet().containsAll(java.util.List.of(g)));
        assertNull(free.get(heir));
    }
}
