package io.gpm4j.runtime;

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

/**
 * The ThreadLocal switch alone ({@link GoroutineLocals}): one op is the mount and the unmount a
 * goroutine's run pays, nothing else of the scheduler. In the runtime's package (it reaches the
 * package-private class, as {@code SchedProbe} does in the tests); forks run under the agent,
 * which opens {@code java.lang}. {@code maps}: {@code none}, neither the carrier nor the goroutine
 * has a map (a scheduler M and a goroutine that never touched a ThreadLocal: reads only);
 * {@code goroutine}, the goroutine has one; {@code carrier}, the carrier has one and the goroutine
 * none. The thread's own maps are set aside for the trial by mounting an empty goroutine first.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GoroutineLocalsBench {
    private static final ThreadLocal<Integer> LOCAL = new ThreadLocal<>();

    @Param({"none", "goroutine", "carrier"})
    public String maps;

    private final G outer = new G();
    private final G g = new G();
    private Thread carrier;
    /** The benchmark thread's own maps, set aside for the trial. */
    private Object ownLocals;
    private Object ownInheritable;

    @Setup(Level.Trial)
    public void setUp() {
        if (!GoroutineLocals.ENABLED) {
            throw new IllegalStateException("ThreadLocals are not switched: " + GoroutineLocals.MODE);
        }
        carrier = Thread.currentThread();
        ownLocals = GoroutineLocals.locals(carrier);
        ownInheritable = GoroutineLocals.inheritable(carrier);
        GoroutineLocals.mount(carrier, outer, ownLocals, ownInheritable); // the thread's own maps aside: both null now
        if (maps.equals("goroutine")) {
            GoroutineLocals.mount(carrier, g, null, null);
            LOCAL.set(1);
            GoroutineLocals.unmount(carrier, g, null, null);
        } else if (maps.equals("carrier")) {
            LOCAL.set(1);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        LOCAL.remove();
        GoroutineLocals.unmount(carrier, outer, ownLocals, ownInheritable);
    }

    /** One goroutine run's worth of switching: in, then out. */
    @Benchmark
    public void mountUnmount() {
        Object carrierLocals = GoroutineLocals.locals(carrier);
        Object carrierInheritable = GoroutineLocals.inheritable(carrier);
        GoroutineLocals.mount(carrier, g, carrierLocals, carrierInheritable);
        GoroutineLocals.unmount(carrier, g, carrierLocals, carrierInheritable);
    }
}
