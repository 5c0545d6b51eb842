package io.gpm4j.debug;

import io.gpm4j.Go;

/** A goroutine throws; what happens next depends on {@code panic=exit}. */
public final class PanicProgram {
    private PanicProgram() {
    }

    public static void main(String[] args) {
        Go.run(() -> {
            long[] id = {0};
            Go.go(() -> {
                id[0] = Go.goid();
                throw new IllegalStateException("boom");
            });
            while (id[0] == 0) {
                Go.gosched();
            }
            // until the panicking goroutine has ended: with panic=exit the program ends first
            // (the halt comes before the goroutine ends), without it the report is printed by then
            while (Go.stack(true).contains("goroutine " + id[0] + " [")) {
                Go.gosched();
            }
        });
        System.out.println("after");
    }
}
