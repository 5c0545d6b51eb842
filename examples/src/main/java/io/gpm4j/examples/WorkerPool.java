package io.gpm4j.examples;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.sync.WaitGroup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A worker pool: {@code W} workers (default 4) take jobs from a shared {@code jobs} channel and
 * send their results to a {@code results} channel. A {@link WaitGroup} counts the workers; a
 * goroutine of its own waits for it and then closes {@code results}, so that {@code main} can
 * simply range over the results (Go's fan-in). Each job {@code j} squares {@code j}; the order
 * the results arrive in depends on scheduling, so they are sorted before printing. Run it under
 * the agent with {@code main} mode:
 *
 * <pre>java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar=main -cp examples/target/classes io.gpm4j.examples.WorkerPool 4 20</pre>
 */
public final class WorkerPool {
    private WorkerPool() {
    }

    /** Takes jobs until {@code jobs} is closed, sending each job's result to {@code results}. */
    static void worker(Chan<Integer> jobs, Chan<Long> results) {
        jobs.range(j -> {
            Go.gosched(); // let the other workers in, as a real job would
            results.send((long) j * j);
        });
    }

    public static void main(String[] args) {
        Args a = Args.of(args, 2, "java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar=main -cp examples/target/classes io.gpm4j.examples.WorkerPool [workers, default 4] [jobs, default 20]");
        int workers = a.number(0, 4, 10_000);
        int jobCount = a.number(1, 20, 1_000_000);
        Chan<Integer> jobs = Chan.make(jobCount);
        Chan<Long> results = Chan.make();
        WaitGroup wg = new WaitGroup();
        for (int w = 0; w < workers; w++) {
            wg.add(1);
            Go.go(() -> {
                try {
                    worker(jobs, results);
                } finally {
                    wg.done();
                }
            });
        }
        Go.go(() -> {
            wg.await();
            results.close();
        });
        for (int j = 1; j <= jobCount; j++) {
            jobs.send(j);
        }
        jobs.close();

        List<Long> all = new ArrayList<>();
        results.range(all::add);
        Collections.sort(all);
        long sum = 0;
        StringBuilder line = new StringBuilder("results:");
        for (long r : all) {
            line.append(' ').append(r);
            sum += r;
        }
        System.out.println(workers + " workers, " + jobCount + " jobs");
        System.out.println(line);
        System.out.println("sum: " + sum);
    }
}
