package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.runtime.SchedProbe;
import java.lang.ref.WeakReference;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A redeployed plugin's class loader is collected: a plugin is loaded by a fresh loader, runs
 * goroutines that park and resume (channels, sleeps), and is dropped, many times over. Nothing the
 * agent or the runtime keeps may hold a dropped loader: the tables the rewrite fills (call sites,
 * lambda targets, the analysis per loader), dead goroutines kept for reuse, and the runtime's own
 * threads. The first plugin boots the scheduler itself with its loader as the thread's context
 * class loader, as a container runs plugin code, so carrier Ms, sysmon and the JFR listener are
 * made under it and must capture neither it nor (before JDK 24) an access context holding it.
 */
class PluginLoadersTest {
    private static final String MAIN = """
            package plugin;
            import io.gpm4j.Chan;
            import io.gpm4j.Go;
            import java.util.function.IntUnaryOperator;
            public final class Main implements IntUnaryOperator {
                private int total;
                public int applyAsInt(int workers) {
                    int previous = Go.gomaxprocs(4);
                    try {
                        Go.run(() -> {
                            Chan<Integer> results = Chan.make();
                            for (int w = 0; w < workers; w++) {
                                int id = w;
                                Go.go(() -> results.send(work(id)));
                            }
                            for (int w = 0; w < workers; w++) {
                                total += results.recv();
                            }
                        });
                    } finally {
                        Go.gomaxprocs(previous);
                    }
                    return total;
                }
                private int work(int id) {
                    Chan<Integer> ping = Chan.make();
                    Go.go(() -> {
                        for (int i = 0; i < 3; i++) {
                            ping.send(i);
                            try {
                                Thread.sleep(1);
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    });
                    int sum = id;
                    for (int i = 0; i < 3; i++) {
                        sum += ping.recv();
                    }
                    return sum;
                }
            }
            """;

    private static final int PLUGINS = 50;
    private static final int WORKERS = 8;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void droppedPluginLoadersAreCollected() throws Exception {
        Path classes = PluginSources.compile(dir, "plugin", Map.of("plugin.Main", MAIN));
        long pinnedBefore = -1;
        List<WeakReference<ClassLoader>> dropped = new ArrayList<>();
        for (int i = 0; i < PLUGINS; i++) {
            dropped.add(deployRunAndDrop(classes, i));
            if (i == 0) {
                pinnedBefore = SchedProbe.pinnedEvents(); // the first plugin booted the scheduler
            }
        }
        assertEquals(pinnedBefore, SchedProbe.pinnedEvents(), "a plugin's goroutine pinned its carrier");
        // collection takes full GCs, and the tables drop a collected loader's entries at their next
        // registration (each plugin's classes register); generous deadline for a loaded machine
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        int alive = PLUGINS;
        while (alive > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
            alive = (int) dropped.stream().filter(r -> r.get() != null).count();
        }
        if (alive > 0) {
            // say which, and what every goroutine is doing: a goroutine parked for good in plugin
            // code holds its loader through its frames (a lost timer did: GomaxprocsTest)
            StringBuilder names = new StringBuilder();
            for (WeakReference<ClassLoader> r : dropped) {
                ClassLoader l = r.get();
                if (l != null) {
                    names.append(' ').append(l.getName());
                }
            }
            org.junit.jupiter.api.Assertions.fail(alive + " of " + PLUGINS + " dropped plugin loaders are still reachable:"
                    + names + "\nthreads:" + threadLoaders() + "\n" + Go.stack(true));
        }
        // the last registration drains what was collected before it: one more plugin
        int[] before = SchedProbe.registryLoaders();
        WeakReference<ClassLoader> last = deployRunAndDrop(classes, PLUGINS);
        int[] after = SchedProbe.registryLoaders();
        assertTrue(after[0] <= 3 && after[1] <= 3, "the call-site and lambda tables still hold loaders: before "
                + before[0] + "/" + before[1] + ", after " + after[0] + "/" + after[1] + " (" + last + ")");
    }

    /** Each live thread's name and context class loader, for a failure's message. */
    private static String threadLoaders() {
        StringBuilder b = new StringBuilder();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            ClassLoader l = t.getContextClassLoader();
            b.append("\n  ").append(t.getName()).append(": ").append(l == null ? "null" : l.getName());
        }
        return b.toString();
    }

    /** Loads the plugin in a fresh loader, runs it as a container would, and drops the loader. */
    private static WeakReference<ClassLoader> deployRunAndDrop(Path classes, int n) throws Exception {
        Thread self = Thread.currentThread();
        ClassLoader context = self.getContextClassLoader();
        try (URLClassLoader loader = PluginSources.loader(classes, "plugin-" + n)) {
            self.setContextClassLoader(loader);
            java.util.function.IntUnaryOperator main = (java.util.function.IntUnaryOperator)
                    loader.loadClass("plugin.Main").getDeclaredConstructor().newInstance();
            // each worker sums its id and 0+1+2
            assertEquals(WORKERS * (WORKERS - 1) / 2 + WORKERS * 3, main.applyAsInt(WORKERS));
            return new WeakReference<>(loader);
        } finally {
            self.setContextClassLoader(context);
        }
    }
}
