package io.gpm4j.runtime;

import io.gpm4j.Chan;
import io.gpm4j.bench.ParkedGoroutines;
import io.gpm4j.bench.Rewrite;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * What one publication of the live counters ({@link LiveCounters}, issue 15) costs sysmon, and
 * how long it holds the sched lock that every other M takes, with a booted scheduler holding
 * {@code goroutines} parked goroutines (in {@code chan receive}; all Ps idle). Whole processes
 * with and without the counters differ by more than their 1 % goal from one run to the next
 * ({@code bench/run-counters.sh}), so the cost is measured here piece by piece and turned into a
 * share of a core: a publication every {@value LiveCounters#PERIOD_MS} ms, a walk within
 * {@value LiveCounters#WALK_SHARE_PERCENT} % of sysmon's time.
 *
 * <ul>
 *   <li>{@code publish}: {@link LiveCounters#publish} without the walk (the counts by state keep
 *       the last walk's values, as in every publication between two walks): the
 *       {@link SchedStats} sample and every counter's ordered store, into a real counters file.
 *       With {@code -prof gc}: what a publication allocates.</li>
 *   <li>{@code walk}: {@link SchedStats#sample} with the walk of every goroutine for its state,
 *       as a publication does when the walk is due; minus {@code publish}'s sample, the walk.</li>
 *   <li>{@code countsLocked}: the part of a sample done under the sched lock
 *       ({@link Snapshot#countsLocked}): the lock's one hold per publication (the walk takes no
 *       lock, {@link Gs#allgsRace}). Before that, a walk copied the Gs made since the last one
 *       into a mirror of allgs under the lock, 16,384 a hold: 140 µs each, measured by this
 *       benchmark's first version.</li>
 * </ul>
 * The benchmark thread samples the JVM's scheduler as sysmon would; the fork runs with
 * {@code -Dgpm4j.counters=false}, so that sysmon's own counters do not write meanwhile, and the
 * benchmark makes its own file in a temporary directory (the agent then exports
 * {@code jdk.internal.misc} to no one, so the fork does it for Agrona). The goroutines are started
 * by {@link ParkedGoroutines} (rewritten by the agent: forks through {@code BenchMain} only).
 * On a loaded machine, {@code -bm sample} gives percentiles: the median is the time of an op
 * that was not descheduled.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar LiveCountersBench -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"-Xms4g", "-Xmx4g", "-Dgpm4j.counters=false",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class LiveCountersBench {
    @Param({"1000", "100000", "1000000"})
    public int goroutines;

    private Sched sched;
    private Chan<Object> release;
    private Path dir;
    private LiveCounters counters;
    /** The time of the set-up's publication, which walked: before the next walk is due. */
    private long walked;
    private SchedStats walker;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Rewrite.expect(true, "LiveCountersBench");
        release = ParkedGoroutines.park(goroutines);
        sched = Sched.get();
        walker = new SchedStats();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (;;) { // the last goroutines may still be on their way to the park
            walker.sample(sched, true);
            if (walker.waiting == goroutines && walker.pinned == 0) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("expected " + goroutines + " goroutines waiting, not pinned; "
                        + walker.waiting + " waiting, " + walker.pinned + " pinned, " + walker.running + " running, "
                        + walker.runnable + " runnable");
            }
            Thread.sleep(10);
        }
        dir = Files.createTempDirectory("gpm4j-counters-bench");
        counters = LiveCounters.create(sched, dir, ProcessHandle.current().pid(), 0);
        walked = System.nanoTime();
        counters.publish(walked, false); // the first publication walks
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        release.close();
        LiveCounters.AtExit.discard(CountersFile.path(dir, ProcessHandle.current().pid()));
        Files.deleteIfExists(dir);
    }

    /** A publication between two walks. */
    @Benchmark
    public int publish() {
        counters.publish(walked, false); // now - lastWalk < 0: no walk
        return counters.unsettled() ? 1 : 0;
    }

    /** A sample with the walk of every goroutine. */
    @Benchmark
    public long walk() {
        return walker.sample(sched, true);
    }

    /** The sched lock's one hold in a publication. */
    @Benchmark
    public Object countsLocked() {
        synchronized (sched.lock) {
            return Snapshot.countsLocked(sched);
        }
    }
}
