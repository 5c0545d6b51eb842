package io.gpm4j.agent;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Lets the runtime's live counters file work: Agrona's {@code UnsafeBuffer}, which writes it
 * ({@code io.gpm4j.runtime.LiveCounters}), reaches {@code jdk.internal.misc.Unsafe}, a package
 * {@code java.base} exports to nobody. The premain exports it to the module the runtime was
 * loaded in, as {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED} would: on the class
 * path that is the unnamed module, which the application's classes share. With
 * {@code -Dgpm4j.counters=false} nothing is exported (and there is no file).
 */
final class CountersAccess {
    /** The runtime's switch for the file ({@code LiveCounters.PROPERTY}). */
    static final String PROPERTY = "gpm4j.counters";

    private CountersAccess() {
    }

    /** Exports {@code jdk.internal.misc} to the runtime's module unless the counters are off. Never throws. */
    static void grant(Instrumentation inst) {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
            return;
        }
        try {
            Module base = Object.class.getModule();
            Module runtime = CountersAccess.class.getModule(); // the runtime is shaded beside this class
            if (!base.isExported("jdk.internal.misc", runtime)) {
                inst.redefineModule(base, Set.of(), Map.of("jdk.internal.misc", Set.of(runtime)), Map.of(), Set.of(), Map.of());
            }
        } catch (RuntimeException e) {
            // not modifiable: the runtime runs without the counters file
        }
    }
}
