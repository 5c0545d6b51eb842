package io.gpm4j.bench;

import io.gpm4j.runtime.Continuation;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Loads the workload classes ({@code io.gpm4j.bench.workload}) the way the fork was told to by
 * the system property {@value #MODE_PROPERTY}:
 * <ul>
 *   <li>{@code agent}: the fork runs with {@code -javaagent:<agent jar>}, which rewrote them when
 *       the application class loader loaded them;</li>
 *   <li>{@code loader}: a child-first class loader rewrites them with the agent's own
 *       {@code io.gpm4j.agent.rewrite.ClassRewriter} (loaded from the agent jar named by
 *       {@value #AGENT_JAR_PROPERTY}): the same bytes the agent produces, for when the agent jar
 *       has no working premain;</li>
 *   <li>{@code none} (default): they are not rewritten.</li>
 * </ul>
 * {@link #expect} then checks, by suspending a probe, that the benchmark got what it needs.
 */
public final class Rewrite {
    public static final String MODE_PROPERTY = "gpm4j.bench.rewrite";
    public static final String AGENT_JAR_PROPERTY = "gpm4j.agent.jar";
    static final String WORKLOAD = "io.gpm4j.bench.workload.";

    private static ClassLoader loader;

    private Rewrite() {
    }

    public static String mode() {
        return System.getProperty(MODE_PROPERTY, "none");
    }

    /** A new instance of {@code io.gpm4j.bench.workload.<simpleName>}. */
    public static <T> T newInstance(Class<T> type, String simpleName, Class<?>[] parameterTypes, Object... args) {
        try {
            Class<?> c = Class.forName(WORKLOAD + simpleName, true, loader());
            return type.cast(c.getConstructor(parameterTypes).newInstance(args));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + simpleName, e);
        }
    }

    /** Whether the workload classes are rewritten (a probe in that package can suspend). */
    public static boolean workloadRewritten() {
        Continuation c = new Continuation(newInstance(Runnable.class, "Probe", new Class<?>[0]));
        try {
            return !c.run();
        } catch (IllegalStateException pinned) {
            return false;
        }
    }

    /** Fails the benchmark's setup when the workload is not (or, for a baseline, is) rewritten. */
    public static void expect(boolean rewritten, String benchmark) {
        if (workloadRewritten() != rewritten) {
            throw new IllegalStateException(benchmark + " needs the workload " + (rewritten ? "" : "NOT ")
                    + "rewritten, but " + MODE_PROPERTY + "=" + mode()
                    + (rewritten ? " did not rewrite it" : " rewrote it")
                    + ". Run the benchmarks through io.gpm4j.bench.BenchMain (java -jar benchmarks.jar), "
                    + "which sets up each fork; see bench/README.md.");
        }
    }

    /** Exits 0 when the workload classes are rewritten in this JVM, 3 when not (a pre-flight check). */
    public static void main(String[] args) {
        boolean rewritten = workloadRewritten();
        System.out.println("gpm4j-bench: workload rewritten: " + rewritten);
        System.exit(rewritten ? 0 : 3);
    }

    private static synchronized ClassLoader loader() {
        if (loader == null) {
            loader = mode().equals("loader") ? new RewritingLoader(agentJar(), Rewrite.class.getClassLoader())
                    : Rewrite.class.getClassLoader();
        }
        return loader;
    }

    private static Path agentJar() {
        String jar = System.getProperty(AGENT_JAR_PROPERTY);
        if (jar == null || !Files.isRegularFile(Paths.get(jar))) {
            throw new IllegalStateException(MODE_PROPERTY + "=loader needs -D" + AGENT_JAR_PROPERTY
                    + "=<agent jar>, got " + jar);
        }
        return Paths.get(jar);
    }

    /**
     * Child first for the workload package, through the agent's {@code ClassRewriter}; every other
     * class (the runtime above all) comes from the parent and is shared.
     */
    static final class RewritingLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Object rewriter;
        private final Method rewrite;

        RewritingLoader(Path agentJar, ClassLoader parent) {
            super("gpm4j-bench-rewriting", parent);
            try {
                // parent first: io.gpm4j.runtime (also inside the agent jar) resolves to the shared copy
                URLClassLoader agent = new URLClassLoader(new URL[] {agentJar.toUri().toURL()}, parent);
                Class<?> type = Class.forName("io.gpm4j.agent.rewrite.ClassRewriter", true, agent);
                rewriter = type.getConstructor().newInstance();
                rewrite = type.getMethod("rewrite", byte[].class, ClassLoader.class);
            } catch (ReflectiveOperationException | IOException e) {
                throw new IllegalStateException("cannot load the ClassRewriter from " + agentJar, e);
            }
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(WORKLOAD)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes;
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
            try {
                Object outcome = rewrite.invoke(rewriter, bytes, this);
                Class<?> o = outcome.getClass();
                byte[] rewritten = (byte[]) o.getMethod("bytes").invoke(outcome);
                List<?> refused = (List<?>) o.getMethod("refused").invoke(outcome);
                if (!refused.isEmpty()) {
                    System.err.println("gpm4j-bench: " + name + " refused " + refused);
                }
                if (rewritten != null) {
                    bytes = rewritten;
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("rewriting " + name + " failed", e);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            return getParent().getResourceAsStream(name);
        }
    }
}
