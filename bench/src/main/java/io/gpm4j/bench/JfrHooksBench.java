package io.gpm4j.bench;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.sync.WaitGroup;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the scheduler's JFR hooks when no recording is running: the same scheduler-bound
 * workloads with the hooks compiled out ({@code -Dgpm4j.jfr=false} makes
 * {@code JfrEvents.AVAILABLE} a constant false, as on a JVM without {@code jdk.jfr}) and with
 * them idle (JFR available, no recording: every hook asks its event's probe and does nothing).
 * For scale, {@code recording} runs them inside a JFR recording with the shipped
 * {@code gpm4j.jfc} (found on the class path, where {@code -javaagent} puts the agent jar), and
 * {@code recording-detailed} with its option {@code scheduler=detailed}, which times every
 * switch (scheduler latency and goroutine runs). The
 * property is set in the trial set-up, before the fork first touches the runtime; JMH runs each
 * value of {@link #hooks} in forks of its own.
 *
 * <p>One op: a ping-pong round trip over unbuffered channels (two parks, two readies, four
 * runs); a goroutine spawned and finished (create, latency, run, end); a gosched.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class JfrHooksBench {
    static final int N = 10_000;

    @Param({"compiled-out", "idle", "recording", "recording-detailed"})
    public String hooks;

    private Recording recording;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (hooks.equals("compiled-out")) {
            System.setProperty("gpm4j.jfr", "false");
        }
        if (hooks.startsWith("recording")) {
            Map<String, String> settings;
            try (InputStream in = ClassLoader.getSystemResourceAsStream("gpm4j.jfc")) {
                if (in == null) {
                    throw new IllegalStateException("gpm4j.jfc is not on the class path: run through BenchMain (-javaagent)");
                }
                settings = new HashMap<>(Configuration.create(new InputStreamReader(in, StandardCharsets.UTF_8)).getSettings());
            }
            if (hooks.equals("recording-detailed")) {
                settings.put("io.gpm4j.SchedulerLatency#enabled", "true");
                settings.put("io.gpm4j.GoroutineRun#enabled", "true");
            }
            recording = new Recording(settings);
            recording.setToDisk(true);
            recording.start();
        }
        Rewrite.expect(true, "JfrHooksBench");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (recording != null) {
            recording.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void pingPong() {
        Go.run(() -> {
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Go.go(() -> {
                for (int i = 0; i < N; i++) {
                    pong.send(ping.recv());
                }
            });
            for (int i = 0; i < N; i++) {
                ping.send(i);
                pong.recv();
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void spawn() {
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            wg.add(N);
            for (int i = 0; i < N; i++) {
                Go.go(wg::done);
            }
            wg.await();
        });
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void gosched() {
        Go.run(() -> {
            for (int i = 0; i < N; i++) {
                Go.gosched();
            }
        });
    }
}
