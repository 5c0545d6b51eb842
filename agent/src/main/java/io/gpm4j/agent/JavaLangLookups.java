package io.gpm4j.agent;

import java.lang.invoke.MethodHandles;

/**
 * Internal: not part of the public API; public because {@link JavaLangAccess} defines a copy of
 * this class in a class loader of its own and calls it there by reflection.
 *
 * <p>That copy's module (its loader's unnamed module, gpm4j's alone) is the one module
 * {@code java.lang} is opened to; this class makes the private lookups the runtime needs there.
 * It refers to nothing but {@code java.base}, so the copy links with no help.
 */
public final class JavaLangLookups {
    private JavaLangLookups() {
    }

    /** Private lookups in {@code Thread} and {@code ThreadLocal}, in this order. */
    public static MethodHandles.Lookup[] lookups() throws IllegalAccessException {
        MethodHandles.Lookup own = MethodHandles.lookup();
        return new MethodHandles.Lookup[] {
            MethodHandles.privateLookupIn(Thread.class, own),
            MethodHandles.privateLookupIn(ThreadLocal.class, own),
        };
    }
}
