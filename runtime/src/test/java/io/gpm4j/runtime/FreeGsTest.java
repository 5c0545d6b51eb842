package io.gpm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Free Gs: a P's local stack spills to and refills from the global one; nothing is lost or given
 * twice; a garbage collection (a new {@link GcEpoch}) releases every G kept before it.
 */
class FreeGsTest {
    @Test
    void aPsStackSpillsHalfToTheGlobalStackWhenFullAndRefillsFromItWhenEmpty() {
        FreeGs free = new FreeGs(new GcEpoch());
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
        FreeGs free = new FreeGs(new GcEpoch());
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
        FreeGs free = new FreeGs(new GcEpoch());
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

    @Test
    void aCollectionReleasesEveryKeptGInsteadOfReusingIt() {
        GcEpoch epochs = new GcEpoch();
        FreeGs free = new FreeGs(epochs);
        P p = new P(0);
        P other = new P(1);
        G[] g = TestGs.numbered(FreeGs.LOCAL_MAX + 8); // some spill to the global stack
        for (G x : g) {
            free.put(p, x);
        }
        epochs.advance();
        assertNull(free.get(p), "a G kept before the collection is not reused after it");
        assertNull(free.get(other), "nor one spilled to the global stack");
        assertNull(free.get(null));
        assertEquals(0, p.gFreeCount);
        for (G x : g) {
            assertEquals(G.RELEASED, x.status(), "G " + x.goid + " left to the collector");
        }
        for (G x : p.gFree) {
            assertNull(x, "a released G's slot keeps no reference");
        }
        G young = new G();
        young.setStatus(G.DEAD);
        young.epoch = free.epoch();
        free.put(p, young);
        assertSame(young, free.get(p), "a G made in this epoch is reused");
    }

    @Test
    void aGThatOutlivedACollectionIsReleasedWhenItDies() {
        GcEpoch epochs = new GcEpoch();
        FreeGs free = new FreeGs(epochs);
        P p = new P(0);
        G[] g = TestGs.numbered(2); // made in epoch 0, running across the collection
        epochs.advance();
        free.put(p, g[0]);
        free.put(null, g[1]);
        assertEquals(G.RELEASED, g[0].status());
        assertEquals(G.RELEASED, g[1].status());
        assertEquals(0, p.gFreeCount);
        assertNull(free.get(p));
        assertNull(free.get(null));
    }

    @Test
    void absorbReleasesADyingPsStaleGs() {
        GcEpoch epochs = new GcEpoch();
        FreeGs free = new FreeGs(epochs);
        P dying = new P(0);
        G[] g = TestGs.numbered(3);
        for (G x : g) {
            free.put(dying, x);
        }
        epochs.advance();
        free.absorb(dying);
        assertEquals(0, dying.gFreeCount);
        assertNull(free.get(new P(1)));
        for (G x : g) {
            assertEquals(G.RELEASED, x.status());
        }
    }
}
