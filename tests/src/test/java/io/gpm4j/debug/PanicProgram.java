package io.gpm4j.debug;

import io.gpm4j.Go;

/** A goroutine throws; what happens next depends on {@code panic=exit}. */
public final class PanicProgram {
    private PanicProgram() {
    }

    public static void main(String[] args) {
        Go.run(() -> {
            boolean[] ran = new boolean[1];
            Go.go(() -> {
                ran[0] = true;
                throw new IllegalStateException("boom");
            });
            while (!ran[0]) {
                Go.gosched();
            }
            // long enough for the panicking goroutine to end the program first, if it is to
            for (int i = 0; i < 2_000_000; i++) {
                Go.gosched();
            }
        });
        System.out.println("after");
    }
}
