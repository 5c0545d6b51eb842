package io.gpm4j.bench;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads every class of a jar, once, in a fresh class loader, and prints how long that took: what
 * the agent adds per class loaded is the difference between runs with and without it
 * ({@code bench/run-classload.sh}, issue 13's "rewrite's cost per class loaded").
 *
 * <p>{@code java [-javaagent:...] -cp benchmarks.jar io.gpm4j.bench.LoadJar <jar> [link]}: each
 * class is loaded by name without being initialized ({@code Class.forName(name, false, loader)}:
 * the transformer runs, no static initializer does); with {@code link}, its declared methods are
 * also asked for, which makes the JVM link and verify it (a rewritten class's verification is part
 * of what the agent costs). A class that cannot load (an optional dependency missing) is counted
 * apart and left out of neither timing: both runs meet the same failures. Prints one line:
 * {@code RESULT classload classes=N failed=F ms=T us_per_class=U cpu_ms=C}, where {@code cpu_ms}
 * is the whole process's CPU time spent in the loop (the JIT's and GC's threads included).
 */
public final class LoadJar {
    private LoadJar() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: LoadJar <jar> [link]");
            System.exit(2);
        }
        File jar = new File(args[0]);
        boolean link = args.length > 1 && args[1].equals("link");
        List<String> names = classNames(jar);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int loaded = 0;
        int failed = 0;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toURI().toURL()},
                LoadJar.class.getClassLoader())) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            for (String name : names) {
                try {
                    Class<?> c = Class.forName(name, false, loader);
                    if (link) {
                        c.getDeclaredMethods();
                    }
                    loaded++;
                } catch (LinkageError | ClassNotFoundException e) {
                    failed++;
                }
            }
            long ns = System.nanoTime() - t0;
            long cpu = os.getProcessCpuTime() - cpu0;
            System.out.printf("RESULT classload classes=%d failed=%d ms=%.1f us_per_class=%.2f cpu_ms=%.1f link=%b%n",
                    loaded, failed, ns / 1e6, ns / 1e3 / Math.max(1, loaded), cpu / 1e6, link);
        }
    }

    private static List<String> classNames(File jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile f = new JarFile(jar)) {
            for (Enumeration<JarEntry> e = f.entries(); e.hasMoreElements();) {
                String n = e.nextElement().getName();
                if (n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class")
                        && !n.endsWith("package-info.class")) {
                    names.add(n.substring(0, n.length() - ".class".length()).replace('/', '.'));
                }
            }
        }
        return names;
    }
}
