package io.gpm4j.bench;

import io.gpm4j.runtime.Continuation;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One suspend+resume cycle at a given stack depth: each operation resumes a continuation whose
 * body immediately descends (again) to {@code depth} frames and suspends there, so one op is
 * "rebuild {@code depth} frames, return from the suspension, unwind {@code depth} frames, save
 * them". {@link #gpm4j} measures {@link io.gpm4j.runtime.Continuation} over rewritten code;
 * {@link #jdk} the JDK's {@code jdk.internal.vm.Continuation} (JDK 21+) over the same shape of
 * code. Each continuation lives for the whole fork: nothing needs to be allocated per cycle.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"})
public class CycleBench {
    @Param({"1", "5", "20"})
    public int depth;

    private Continuation gpm4j;
    private Object jdk;

    @Setup(Level.Trial)
    public void setUp(org.openjdk.jmh.infra.BenchmarkParams params) throws Throwable {
        if (params.getBenchmark().endsWith(".jdk")) {
            if (JdkContinuations.UNAVAILABLE != null) {
                throw new IllegalStateException("JDK continuations unavailable: " + JdkContinuations.UNAVAILABLE);
            }
            Object scope = (Object) JdkContinuations.NEW_SCOPE.invokeExact("gpm4j-bench");
            jdk = (Object) JdkContinuations.NEW_CONTINUATION.invokeExact(scope,
                    (Runnable) new JdkContinuations.Descend(scope, depth));
            JdkContinuations.RUN.invokeExact(jdk); // first run: descend and yield
        } else {
            Rewrite.expect(true, "CycleBench.gpm4j");
            gpm4j = new Continuation(Rewrite.newInstance(Runnable.class, "Descend",
                    new Class<?>[] {int.class}, depth));
            if (gpm4j.run()) {
                throw new IllegalStateException("the body finished");
            }
        }
    }

    /** gpm4j: resume, run back to the suspension at {@code depth}, suspend again. */
    @Benchmark
    public boolean gpm4j() {
        return gpm4j.run();
    }

    /** The JDK's continuations, same cycle. */
    @Benchmark
    public void jdk() throws Throwable {
        JdkContinuations.RUN.invokeExact(jdk);
    }
}
