package io.gpm4j;

import java.util.concurrent.atomic.AtomicInteger;

/** Keeps a few goroutines busy for about 600 ms, then exits: something for schedtrace to show. */
public final class BusyProgram {
    private BusyProgram() {
    }

    public static void main(String[] args) {
        Go.run(() -> {
            AtomicInteger done = new AtomicInteger();
            long end = System.nanoTime() + 600_000_000L;
            for (int i = 0; i < 4; i++) {
                Go.go(() -> {
                    while (System.nanoTime() < end) {
                        Go.gosched();
                    }
                    done.incrementAndGet();
                });
            }
            while (done.get() < 4) {
                Go.gosched();
            }
        });
        System.out.println("done");
    }
}
