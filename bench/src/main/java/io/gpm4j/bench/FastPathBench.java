package io.gpm4j.bench;

import io.gpm4j.runtime.Continuation;
import java.util.concurrent.CountDownLatch;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What the rewrite costs code that never suspends, on two call-heavy workloads ({@code workload}):
 * {@code fib(n)} (recursive, about 22k calls for n = 20, every one a resumable call site once
 * rewritten; the JIT inlines a recursion one level at most, so most calls stay calls) and
 * {@code calls} (three small methods per element of a checksum, about 61k resumable calls for
 * n = 20, which the JIT inlines), in four situations:
 * <ul>
 *   <li>{@link #plain}: not rewritten (a fork without the agent): the baseline;</li>
 *   <li>{@link #rewritten}: rewritten, no continuation mounted anywhere: every rewritten
 *       prologue reads {@code Frames.mounted == 0} and takes the fast path;</li>
 *   <li>{@link #rewrittenMountedElsewhere}: rewritten, called on a thread that runs no
 *       continuation while another thread has one mounted (what any non-carrier thread sees in an
 *       application whose carriers are busy): the hint is non-zero, so each prologue looks the
 *       continuation up and finds none;</li>
 *   <li>{@link #rewrittenMounted}: rewritten, running inside a mounted continuation (a goroutine
 *       that happens not to park): each frame looks the continuation up, takes the token, and
 *       hands one to each callee. Each op is one resume, {@code fib(n)}, one suspend at depth 1
 *       (see {@code CycleBench} for that cycle's own cost, a few ns).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FastPathBench {
    @Param({"20"})
    public int n;

    /** {@code fib}: {@link io.gpm4j.bench.workload.Fib}; {@code calls}: {@link io.gpm4j.bench.workload.Calls}. */
    @Param({"fib", "calls"})
    public String workload;

    private Workload work;
    private Continuation continuation;
    private Runnable mounted;
    private CountDownLatch release;
    private Thread elsewhere;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws InterruptedException {
        String name = params.getBenchmark();
        String method = name.substring(name.lastIndexOf('.') + 1);
        Rewrite.expect(!method.equals("plain"), "FastPathBench." + method);
        String cls = switch (workload) {
            case "fib" -> "Fib";
            case "calls" -> "Calls";
            default -> throw new IllegalArgumentException("workload: " + workload);
        };
        work = Rewrite.newInstance(Workload.class, cls, new Class<?>[0]);
        if (method.equals("rewrittenMounted")) {
            mounted = Rewrite.newInstance(Runnable.class, "Mounted", new Class<?>[] {Workload.class, int.class},
                    work, n);
            continuation = new Continuation(mounted);
        }
        if (method.equals("rewrittenMountedElsewhere")) {
            release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            Continuation parked = new Continuation(() -> {
                started.countDown();
                awaitUninterruptibly(release);
            });
            elsewhere = new Thread(parked::run, "gpm4j-bench-mounted-elsewhere");
            elsewhere.setDaemon(true);
            elsewhere.start();
            started.await();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        if (release != null) {
            release.countDown();
            elsewhere.join();
        }
    }

    @Benchmark
    public long plain() {
        return work.run(n);
    }

    @Benchmark
    public long rewritten() {
        return work.run(n);
    }

    @Benchmark
    public long rewrittenMountedElsewhere() {
        return work.run(n);
    }

    @Benchmark
    public boolean rewrittenMounted() {
        return continuation.run();
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        for (;;) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // keep the continuation mounted until tearDown
            }
        }
    }
}
