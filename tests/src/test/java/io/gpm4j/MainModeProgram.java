package io.gpm4j;

import java.util.concurrent.atomic.AtomicInteger;

/** Under {@code -javaagent:...=main}: main itself is goroutine 1 on the JVM's main thread. */
public final class MainModeProgram {
    private MainModeProgram() {
    }

    public static void main(String[] args) {
        System.out.println("goid=" + Go.goid() + " thread=" + Thread.currentThread().getName());
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            Go.go(done::incrementAndGet);
        }
        while (done.get() < 100) {
            Go.gosched();
        }
        System.out.println("done " + done.get());
    }
}
