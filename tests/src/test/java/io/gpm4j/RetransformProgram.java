package io.gpm4j;

import io.gpm4j.Go;
import io.gpm4j.sync.WaitGroup;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Another agent beside gpm4j's (an APM's, a profiler's) retransforms a class that gpm4j split for
 * direct calls while it is loaded: the retransformation must keep its methods, and goroutines must
 * run through it before and after. Run with {@code -javaagent:<a jar naming this class as
 * Premain-Class, Can-Retransform-Classes: true>}.
 */
public final class RetransformProgram {
    private static volatile Instrumentation instrumentation;

    private RetransformProgram() {
    }

    /** The other agent's premain: keeps the instrumentation and watches retransformations of {@link Work}. */
    public static void premain(String args, Instrumentation inst) {
        instrumentation = inst;
        inst.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                                    byte[] bytes) {
                if (redefined == Work.class) {
                    System.out.println("retransforming " + name);
                }
                return null;
            }
        }, true);
    }

    /** A static method the class calls itself, which parks: split, its recursion direct calls. */
    static final class Work {
        private Work() {
        }

        static long depth(int n, AtomicLong parks) {
            if (n == 0) {
                Go.gosched();
                parks.incrementAndGet();
                return 0;
            }
            return depth(n - 1, parks) + 1;
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println("split: " + bodyHalves());
        System.out.println("before: " + run());
        instrumentation.retransformClasses(Work.class);
        System.out.println("split after: " + bodyHalves());
        System.out.println("after: " + run());
    }

    /** Methods of {@link Work} that take a continuation last: its body halves. */
    private static long bodyHalves() {
        long n = 0;
        for (Method m : Work.class.getDeclaredMethods()) {
            Class<?>[] p = m.getParameterTypes();
            if (m.isSynthetic() && p.length > 0 && p[p.length - 1].getName().equals("io.gpm4j.runtime.Continuation")) {
                n++;
            }
        }
        return n;
    }

    /** 100 goroutines 50 deep, each parking at the bottom: the sum of depths and of parks. */
    private static String run() {
        AtomicLong sum = new AtomicLong();
        AtomicLong parks = new AtomicLong();
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 100; i++) {
                wg.add(1);
                Go.go(() -> {
                    sum.addAndGet(Work.depth(50, parks));
                    wg.done();
                });
            }
            wg.await();
        });
        return sum.get() + " " + parks.get();
    }
}
