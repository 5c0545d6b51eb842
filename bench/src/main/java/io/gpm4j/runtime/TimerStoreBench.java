package io.gpm4j.runtime;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.DeadlineTimerWheel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where a P keeps its timers: today's binary heap ({@link TimerHeap}, Go's choice too, 4-ary
 * there) against Agrona's {@link DeadlineTimerWheel} (Netty's and Aeron's choice), with
 * {@code resident} timers already armed, spread over two seconds (a million goroutines in
 * {@code Time.sleep} or a {@code select} with a timeout).
 *
 * <ul>
 *   <li>{@code *ArmStop}: arm a timer and stop it before it fires (a select whose other case
 *       won; a deadline met by the I/O).</li>
 *   <li>{@code *ArmFire}: a clock advances by one second / {@code resident} per op, one timer is
 *       armed 0 to 2 seconds ahead (one on average) and every timer now due fires: on average
 *       one fires per op and {@code resident} stay armed.</li>
 * </ul>
 * The wheel keeps only deadlines and hands back a {@code long} id, so its side also keeps the
 * id → timer map a scheduler needs to fire the timer (Agrona's {@link Long2ObjectHashMap}). Its
 * tick is 2^20 ns (~1 ms) and it has 2,048 ticks (two seconds). It answers "is anything due now"
 * only by polling tick by tick, and not "when is the earliest timer", which a P's M needs to sleep
 * in the poller until then (Go: pollUntil): an idle runtime with a wheel must wake every tick.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar TimerStoreBench}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TimerStoreBench {
    private static final long SPAN = 1_000_000_000L;
    private static final long TICK = 1L << 20;
    private static final RuntimeTimer.Fire NOTHING = (arg, now) -> { };

    @Param({"10000", "1000000"})
    public int resident;

    private final SplittableRandom random = new SplittableRandom(42);
    private long clock;
    private long step;

    private TimerHeap heap;
    private RuntimeTimer[] spare;
    private int spareCount;

    private DeadlineTimerWheel wheel;
    private Long2ObjectHashMap<RuntimeTimer> byId;
    private final DeadlineTimerWheel.TimerHandler onExpiry = this::expired;
    private long fired;

    @Setup
    public void setUp() {
        clock = 0;
        step = SPAN / resident;
        heap = new TimerHeap();
        wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, 0, TICK, 2048, 1024);
        byId = new Long2ObjectHashMap<>(resident * 2, 0.65f);
        spare = new RuntimeTimer[resident + 1024];
        for (int i = 0; i < resident; i++) {
            long when = 1 + random.nextLong(2 * SPAN);
            RuntimeTimer t = new RuntimeTimer(NOTHING, null);
            t.when = when;
            synchronized (heap) {
                heap.add(t);
            }
            RuntimeTimer w = new RuntimeTimer(NOTHING, null);
            byId.put(wheel.scheduleTimer(when), w);
        }
        for (int i = 0; i < 1024; i++) {
            spare[spareCount++] = new RuntimeTimer(NOTHING, null);
        }
    }

    @Benchmark
    public int heapArmStop() {
        RuntimeTimer t = spare[spareCount - 1];
        t.when = clock + 1 + random.nextLong(2 * SPAN);
        synchronized (heap) {
            heap.add(t);
            heap.remove(t);
        }
        return t.index;
    }

    @Benchmark
    public boolean wheelArmStop() {
        RuntimeTimer t = spare[spareCount - 1];
        long id = wheel.scheduleTimer(clock + 1 + random.nextLong(2 * SPAN));
        byId.put(id, t);
        byId.remove(id);
        return wheel.cancelTimer(id);
    }

    @Benchmark
    public long heapArmFire() {
        clock += step;
        RuntimeTimer t = take();
        t.when = clock + 1 + random.nextLong(2 * SPAN);
        synchronized (heap) {
            heap.add(t);
            RuntimeTimer due;
            while ((due = heap.pollDue(clock)) != null) {
                due.fire.fire(due.arg, clock);
                give(due);
            }
        }
        return heap.earliest;
    }

    @Benchmark
    public long wheelArmFire() {
        clock += step;
        RuntimeTimer t = take();
        byId.put(wheel.scheduleTimer(clock + 1 + random.nextLong(2 * SPAN)), t);
        // a poll handles one tick; catch up with the clock as a scheduler would
        while (wheel.currentTickTime() <= clock) { // the end of the current tick has passed
            wheel.poll(clock, onExpiry, Integer.MAX_VALUE);
        }
        return fired;
    }

    private boolean expired(TimeUnit unit, long now, long id) {
        RuntimeTimer t = byId.remove(id);
        t.fire.fire(t.arg, now);
        give(t);
        fired++;
        return true;
    }

    private void give(RuntimeTimer t) {
        if (spareCount == spare.length) {
            spare = java.util.Arrays.copyOf(spare, spareCount * 2);
        }
        spare[spareCount++] = t;
    }

    private RuntimeTimer take() {
        if (spareCount == 0) {
            return new RuntimeTimer(NOTHING, null);
        }
        RuntimeTimer t = spare[--spareCount];
        spare[spareCount] = null;
        return t;
    }
}
