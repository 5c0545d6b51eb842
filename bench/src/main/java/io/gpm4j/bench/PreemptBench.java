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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The cost of preemption points (issue 11): the same rewritten code with points (the default) and
 * without ({@code -Dgpm4j.preemptpoints=false}, read by the agent in the fork, so the {@code
 * WithoutPoints} benchmarks' forks rewrite as before points existed), on three workloads:
 * <ul>
 *   <li>{@code hash}, {@code sum}: hot loops ({@code io.gpm4j.bench.workload.Loops}; 1,024
 *       elements per op), each back-edge a point;</li>
 *   <li>{@code fib}: the call-heavy {@code fib(20)} ({@code FastPathBench}'s), each rewritten
 *       prologue a point.</li>
 * </ul>
 * and two situations: {@code outside}, no continuation anywhere (the never-in-a-goroutine path:
 * every frame's continuation local is null), and {@code mounted}, inside a mounted continuation
 * (a goroutine's case: every point reads the volatile {@code Continuation.preempt}; one op is
 * also one resume and one suspend at depth 1, about 13 ns). {@code plain}: the workload not
 * rewritten at all (a fork without the agent), for reference.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PreemptBench {
    private static final String NO_POINTS = "-Dgpm4j.preemptpoints=false";
    private static final String ARMED = "-Dgpm4j.backedges=always";

    @Param({"hash", "sum", "fib"})
    public String workload;

    private Workload work;
    private int n;
    private Continuation continuation;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        String name = params.getBenchmark();
        String method = name.substring(name.lastIndexOf('.') + 1);
        Rewrite.expect(!method.equals("plain"), "PreemptBench." + method);
        switch (workload) {
            case "hash":
                work = Rewrite.newInstance(Workload.class, "Loops$Hash", new Class<?>[0]);
                n = 1;
                break;
            case "sum":
                work = Rewrite.newInstance(Workload.class, "Loops$Sum", new Class<?>[0]);
                n = 1;
                break;
            case "fib":
                work = Rewrite.newInstance(Workload.class, "Fib", new Class<?>[0]);
                n = 20;
                break;
            default:
                throw new IllegalArgumentException(workload);
        }
        if (method.startsWith("mounted")) {
            continuation = new Continuation(Rewrite.newInstance(Runnable.class, "Mounted",
                    new Class<?>[] {Workload.class, int.class}, work, n));
        }
    }

    @Benchmark
    public long plain() {
        return work.run(n);
    }

    @Benchmark
    public long outside() {
        return work.run(n);
    }

    @Benchmark
    @Fork(jvmArgsPrepend = NO_POINTS)
    public long outsideWithoutPoints() {
        return work.run(n);
    }

    @Benchmark
    public boolean mounted() {
        return continuation.run();
    }

    @Benchmark
    @Fork(jvmArgsPrepend = ARMED)
    public boolean mountedArmed() {
        return continuation.run();
    }

    @Benchmark
    @Fork(jvmArgsPrepend = NO_POINTS)
    public boolean mountedWithoutPoints() {
        return continuation.run();
    }
}
