package io.gpm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A broken scheduler invariant is fatal in Go's manner: {@code fatal error: <msg>}, a blank line
 * and the goroutine dump on standard error, exit status 2, nothing after it runs; and it is not
 * reported as the goroutine's panic. Each case runs {@link FatalProgram} in a child JVM.
 */
class FatalTest {
    record Result(int exitCode, String stdout, String stderr) {
    }

    @Test
    void badGoroutineStatusTransitionIsFatalWithTheDump() throws Exception {
        Result r = runChild("casgstatus");
        assertFatal(r, "casgstatus: bad transition of goroutine 1 from running to runnable, expected waiting");
    }

    @Test
    void negativeSpinningCountIsFatalWithTheDump() throws Exception {
        Result r = runChild("nmspinning");
        assertFatal(r, "findrunnable: negative nmspinning");
    }

    private static void assertFatal(Result r, String msg) {
        assertEquals(2, r.exitCode(), r.stderr());
        assertTrue(r.stderr().startsWith("fatal error: " + msg + "\n\ngoroutine 1 [running]:\n"), r.stderr());
        assertTrue(r.stderr().contains("FatalProgram"), "the dump shows the main goroutine's frames: " + r.stderr());
        assertFalse(r.stderr().contains("Exception in goroutine"), "not reported as a panic: " + r.stderr());
        assertFalse(r.stderr().contains("panic: "), r.stderr());
        assertEquals("", r.stdout(), "nothing runs after a fatal error");
    }

    private static Result runChild(String which) throws Exception {
        return runChild(List.of(), which);
    }

    /** Runs {@link FatalProgram} {@code which} in a child JVM started with {@code jvmArgs}. */
    static Result runChild(List<String> jvmArgs, String which) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = location(Sched.class) + File.pathSeparator + location(FatalProgram.class);
        File out = File.createTempFile("gpm4j-fatal", ".out");
        File err = File.createTempFile("gpm4j-fatal", ".err");
        try {
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            // as the agent opens it: the children's goroutines own their ThreadLocals, and the
            // runtime prints no warning into the output these tests compare
            cmd.addAll(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"));
            cmd.addAll(jvmArgs);
            cmd.addAll(List.of("-cp", cp, FatalProgram.class.getName(), which));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err);
            pb.environment().remove("GODEBUG");
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("FatalProgram " + which + " did not finish in 60 s");
            }
            return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            out.delete();
            err.delete();
        }
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
