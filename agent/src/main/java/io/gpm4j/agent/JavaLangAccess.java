package io.gpm4j.agent;

import io.gpm4j.runtime.ThreadFieldsGrant;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.Set;

/**
 * Gives the runtime its access to {@code Thread}'s ThreadLocal maps (so that ThreadLocals belong to
 * the goroutine: {@code io.gpm4j.runtime.GoroutineLocals}) without opening {@code java.lang} to the
 * application. The agent and the runtime live on the class path, in the unnamed module the
 * application's classes share: opening {@code java.lang} to it, as
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED} would, lets every library of the application
 * reach into {@code java.lang} too, and one that probes for that access (cglib does, to define its
 * proxies) then works under the agent and fails without it. So a copy of {@link JavaLangLookups}
 * is defined in a class loader of gpm4j's own, {@code java.lang} is opened to that loader's unnamed
 * module alone, and the lookups the copy makes there go to the runtime
 * ({@link ThreadFieldsGrant}), which keeps only the handles it makes of them.
 */
final class JavaLangAccess {
    private JavaLangAccess() {
    }

    /**
     * Opens {@code java.lang} to gpm4j's own module and grants the runtime its lookups. Runs before
     * anything could boot the runtime, which looks once. A failure is reported; ThreadLocals then
     * stay per carrier thread (the runtime says so as it boots). Never throws.
     */
    static void grant(Instrumentation inst) {
        try {
            OwnLoader loader = new OwnLoader(JavaLangAccess.class.getClassLoader());
            Class<?> lookups = loader.define(JavaLangLookups.class);
            inst.redefineModule(Thread.class.getModule(), Set.of(), Map.of(),
                    Map.of("java.lang", Set.of(loader.getUnnamedModule())), Set.of(), Map.of());
            MethodHandles.Lookup[] granted = (MethodHandles.Lookup[]) lookups.getMethod("lookups").invoke(null);
            ThreadFieldsGrant.grant(granted[0], granted[1]);
        } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError e) {
            Log.warn("cannot open java.lang to gpm4j; ThreadLocals stay per carrier thread: " + e);
        }
    }

    /** The loader whose unnamed module is gpm4j's alone: it defines one class and delegates the rest. */
    private static final class OwnLoader extends ClassLoader {
        OwnLoader(ClassLoader parent) {
            super("gpm4j-java.lang-access", parent);
        }

        /** Defines a copy of {@code c} from its class file, in this loader. */
        Class<?> define(Class<?> c) throws IOException {
            String resource = c.getName().replace('.', '/') + ".class";
            try (InputStream in = c.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("no class file " + resource);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(c.getName(), bytes, 0, bytes.length);
            }
        }
    }
}
