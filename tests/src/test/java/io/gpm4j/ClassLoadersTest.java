package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gpm4j.runtime.SchedProbe;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same class name in two class loaders with different code (two versions of one plugin, as a
 * container deploys them side by side): the agent rewrites each as its own loader defines it, and
 * goroutines of both park and resume in either without pinning. Each version's suspension goes
 * through a lambda of the same synthetic name ({@code lambda$apply$0}, capturing {@code this})
 * implementing a different interface method ({@code Supplier.get} in one, {@code Function.apply}
 * in the other), so the call handshake must find the lambda's interface method for the right
 * loader.
 */
class ClassLoadersTest {
    private static final String V1 = """
            package plugin;
            import io.gpm4j.Chan;
            import java.util.function.Supplier;
            public final class Job implements java.util.function.Function<Chan<String>, String> {
                private final String tag = "v1";
                public String apply(Chan<String> in) {
                    StringBuilder out = new StringBuilder(tag);
                    Supplier<String> next = () -> tag + ":" + in.recv().toUpperCase();
                    for (int i = 0; i < 3; i++) {
                        out.append(' ').append(next.get());
                    }
                    return out.toString();
                }
            }
            """;
    private static final String V2 = """
            package plugin;
            import io.gpm4j.Chan;
            import java.util.function.Function;
            public final class Job implements java.util.function.Function<Chan<String>, String> {
                private final String tag = "v2";
                public String apply(Chan<String> in) {
                    StringBuilder out = new StringBuilder(tag);
                    Function<Integer, String> next = i -> tag + ":" + i + "=" + in.recv().length();
                    for (int i = 0; i < 3; i++) {
                        out.append(' ').append(next.apply(i));
                    }
                    return out.toString();
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void oneClassNameWithDifferentCodeInTwoLoadersRunsInGoroutinesOfBoth() throws Exception {
        Path v1 = PluginSources.compile(dir, "v1", Map.of("plugin.Job", V1));
        Path v2 = PluginSources.compile(dir, "v2", Map.of("plugin.Job", V2));
        try (URLClassLoader a = PluginSources.loader(v1, "plugin-v1");
             URLClassLoader b = PluginSources.loader(v2, "plugin-v2")) {
            Function<Chan<String>, String> jobA = job(a);
            Function<Chan<String>, String> jobB = job(b);
            assertEquals("plugin.Job", jobA.getClass().getName());
            assertEquals("plugin.Job", jobB.getClass().getName());
            long pinnedBefore = SchedProbe.pinnedEvents();
            int each = 20;
            List<String> results = new ArrayList<>();
            Go.run(() -> {
                Chan<String> done = Chan.make();
                for (int i = 0; i < 2 * each; i++) {
                    Function<Chan<String>, String> job = i % 2 == 0 ? jobA : jobB;
                    Chan<String> in = Chan.make();
                    Go.go(() -> done.send(job.apply(in)));
                    // each job parks in recv until its feeder sends
                    Go.go(() -> {
                        for (String s : new String[] {"a", "bb", "ccc"}) {
                            in.send(s);
                        }
                    });
                }
                for (int i = 0; i < 2 * each; i++) {
                    results.add(done.recv());
                }
            });
            assertEquals(2 * each, results.size());
            assertEquals(each, results.stream().filter("v1 v1:A v1:BB v1:CCC"::equals).count(), results.toString());
            assertEquals(each, results.stream().filter("v2 v2:0=1 v2:1=2 v2:2=3"::equals).count(), results.toString());
            assertEquals(pinnedBefore, SchedProbe.pinnedEvents(), "a plugin's goroutine pinned its carrier");
        }
    }

    @SuppressWarnings("unchecked")
    private static Function<Chan<String>, String> job(ClassLoader loader) throws ReflectiveOperationException {
        return (Function<Chan<String>, String>) loader.loadClass("plugin.Job").getDeclaredConstructor().newInstance();
    }
}
