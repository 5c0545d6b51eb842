package io.gpm4j.runtime;

/** Gs for the runtime's unit tests, which queue and move Gs without running them. */
final class TestGs {
    private TestGs() {
    }

    /** {@code n} fresh dead Gs of epoch 0, numbered 1 to {@code n} (their goids), in that order. */
    static G[] numbered(int n) {
        G[] out = new G[n];
        for (int i = 0; i < n; i++) {
            out[i] = new G();
            out[i].goid = i + 1;
            out[i].setStatus(G.DEAD);
        }
        return out;
    }
}
