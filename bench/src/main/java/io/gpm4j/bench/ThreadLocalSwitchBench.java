package io.gpm4j.bench;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost per switch of goroutine-local ThreadLocals (issue 14; {@code io.gpm4j.runtime.GoroutineLocals}):
 * every mount and unmount switches the carrier's two ThreadLocal maps with the goroutine's.
 * {@code locals=goroutine} is the default; {@code locals=carrier} sets
 * {@code -Dgpm4j.threadlocals=carrier} (the opt-out, no switching) in the trial set-up, before
 * the fork first touches the runtime (JMH runs each parameter value in forks of its own).
 * {@code touch=false}: the goroutines never use a ThreadLocal (their maps stay null, the switch
 * is reads only); {@code touch=true}: each goroutine set one at its start and reads it at every
 * round (so the switch stores maps into the thread and back; the read is paid under both
 * {@code locals}, the difference is the switch).
 *
 * <p>One op: a gosched (one unmount and one mount); a ping-pong round trip over unbuffered
 * channels (two parks, four switches).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ThreadLocalSwitchBench {
    static final int N = 10_000;
    private static final ThreadLocal<Integer> LOCAL = new ThreadLocal<>();

    @Param({"goroutine", "carrier"})
    public String locals;

    @Param({"false", "true"})
    public boolean touch;

    @Setup(Level.Trial)
    public void setUp() {
        if (locals.equals("carrier")) {
            System.setProperty("gpm4j.threadlocals", "carrier");
        }
        Rewrite.expect(true, "ThreadLocalSwitchBench");
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int gosched() {
        int[] sum = new int[1];
        Go.run(() -> {
            if (touch) {
                LOCAL.set(1);
            }
            int s = 0;
            for (int i = 0; i < N; i++) {
                Go.gosched();
                if (touch) {
                    s += local(1);
                }
            }
            sum[0] = s;
        });
        return sum[0];
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int pingPong() {
        int[] sum = new int[1];
        Go.run(() -> {
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Go.go(() -> {
                if (touch) {
                    LOCAL.set(2);
                }
                for (int i = 0; i < N; i++) {
                    int v = ping.recv();
                    pong.send(touch ? v + local(2) : v);
                }
            });
            if (touch) {
                LOCAL.set(1);
            }
            int s = 0;
            for (int i = 0; i < N; i++) {
                ping.send(i);
                s += pong.recv();
                if (touch) {
                    s += local(1);
                }
            }
            sum[0] = s;
        });
        return sum[0];
    }

    /**
     * The goroutine's value; set again when missing, which happens only with
     * {@code locals=carrier}: a goroutine resumed on another carrier finds that carrier's map
     * (the very problem goroutine-local ThreadLocals solve).
     */
    private static int local(int initial) {
        Integer v = LOCAL.get();
        if (v == null) {
            LOCAL.set(initial);
            return initial;
        }
        return v;
    }
}
