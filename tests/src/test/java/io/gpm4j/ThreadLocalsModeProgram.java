package io.gpm4j;

import io.gpm4j.runtime.SchedProbe;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * For {@code ThreadLocalsModeTest}: with one P, 100 goroutines one after another find what the
 * carrier's ThreadLocal holds, then set their own; prints the runtime's ThreadLocal mode, how many
 * found a value another goroutine had set (a leftover), and what the thread that called Go.run
 * sees afterwards, and whether its own code may reach into {@code java.lang}. Goroutines here
 * never park, so the program means the same without the agent.
 */
public final class ThreadLocalsModeProgram {
    private static final ThreadLocal<String> USER = new ThreadLocal<>();

    public static void main(String[] args) {
        Go.gomaxprocs(1);
        AtomicInteger leftovers = new AtomicInteger();
        AtomicInteger ended = new AtomicInteger();
        Go.run(() -> {
            for (int i = 0; i < 100; i++) {
                int id = i;
                Go.go(() -> {
                    if (USER.get() != null) {
                        leftovers.incrementAndGet();
                    }
                    USER.set("user-" + id);
                    ended.incrementAndGet();
                });
            }
            while (ended.get() < 100) {
                Go.gosched();
            }
        });
        System.out.println("mode=[" + SchedProbe.threadLocalsMode() + "]");
        System.out.println("leftovers=" + leftovers.get());
        System.out.println("caller sees=" + USER.get());
        System.out.println("application opens java.lang=" + applicationOpensJavaLang());
    }

    /**
     * Whether this program's own code may reach into {@code java.lang} (what a library that probes
     * for it, such as cglib, finds): {@code java.lang} open to its module, and a private field of
     * {@code Thread} made accessible.
     */
    private static boolean applicationOpensJavaLang() {
        boolean open = Thread.class.getModule().isOpen("java.lang", ThreadLocalsModeProgram.class.getModule());
        try {
            boolean accessible = Thread.class.getDeclaredField("threadLocals").trySetAccessible();
            if (accessible != open) {
                throw new AssertionError("isOpen says " + open + ", trySetAccessible " + accessible);
            }
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
        return open;
    }
}
