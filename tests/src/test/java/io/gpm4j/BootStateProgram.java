package io.gpm4j;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Run in a fresh JVM under {@code -javaagent:...=main}: prints the booted state as Go's rt0_go,
 * schedinit and newproc(main) leave it, read from the scheduler's fields by reflection.
 */
public final class BootStateProgram {
    private BootStateProgram() {
    }

    public static void main(String[] args) throws Exception {
        Class<?> schedClass = Class.forName("io.gpm4j.runtime.Sched");
        Object sched = call(schedClass, null, "get");
        Object m0 = field(sched, "m0");
        Object current = call(schedClass, null, "currentM");
        Object g0 = field(m0, "g0");
        System.out.println("m0 is this thread's M: " + (m0 == current && field(m0, "thread") == Thread.currentThread()));
        System.out.println("m0.g0.m is m0: " + (field(g0, "m") == m0));
        System.out.println("g0 goid: " + field(g0, "goid"));
        System.out.println("main goroutine: G" + Go.goid() + " on " + Thread.currentThread().getName());
        Object[] allp = (Object[]) field(sched, "allp");
        System.out.println("Ps: " + allp.length + " of " + field(sched, "ncpu") + " CPUs, gomaxprocs " + Go.gomaxprocs());
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
    }

    private static Object call(Class<?> type, Object target, String name) throws ReflectiveOperationException {
        Method m = type.getDeclaredMethod(name);
        m.setAccessible(true);
        return m.invoke(target);
    }
}
