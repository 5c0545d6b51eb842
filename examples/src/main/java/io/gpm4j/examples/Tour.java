package io.gpm4j.examples;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.Select;
import io.gpm4j.sync.Cond;
import io.gpm4j.sync.Mutex;
import io.gpm4j.sync.Once;
import io.gpm4j.sync.RWMutex;
import io.gpm4j.sync.WaitGroup;
import io.gpm4j.time.Ticker;
import io.gpm4j.time.Time;
import io.gpm4j.time.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The README's tour of the API, one method per concept, each printing what it shows. The README
 * quotes these methods; {@code TourTest} runs this class under the agent and checks every line.
 *
 * <pre>java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar=main -cp examples/target/classes io.gpm4j.examples.Tour</pre>
 */
public final class Tour {
    private Tour() {
    }

    public static void main(String[] args) {
        Args.of(args, 0, "java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar=main -cp examples/target/classes io.gpm4j.examples.Tour");
        goroutines();
        channels();
        select();
        mutexAndOnce();
        rwMutexAndCond();
        timers();
        runtime();
    }

    /** {@code go f()} and a WaitGroup. */
    static void goroutines() {
        AtomicInteger sum = new AtomicInteger();
        WaitGroup wg = new WaitGroup();
        for (int i = 1; i <= 10; i++) {
            int n = i;
            wg.add(1);
            Go.go(() -> {
                sum.addAndGet(n);
                wg.done();
            });
        }
        wg.await();
        System.out.println("goroutines: sum of 1..10 = " + sum.get());
    }

    /** Unbuffered hand-off, a buffered channel, close and range, receive from a closed channel. */
    static void channels() {
        Chan<String> greetings = Chan.make();              // unbuffered: send waits for a receiver
        Go.go(() -> greetings.send("hello"));
        System.out.println("channels: " + greetings.recv());

        Chan<Integer> squares = Chan.make(3);              // buffered
        Go.go(() -> {
            for (int i = 1; i <= 5; i++) {
                squares.send(i * i);
            }
            squares.close();                               // range ends after the last value
        });
        List<Integer> got = new ArrayList<>();
        squares.range(got::add);                           // for v := range squares
        Chan.Received<Integer> after = squares.recvOk();   // v, ok := <-squares
        System.out.println("channels: " + got + ", then ok=" + after.ok());
    }

    /** select over a send and a receive; a select with a default case. */
    static void select() {
        Chan<Integer> jobs = Chan.make();
        Chan<String> quit = Chan.make();
        Go.go(() -> {
            for (int i = 0; i < 3; i++) {
                jobs.recv();
            }
            quit.send("done");
        });
        int sent = 0;
        for (boolean running = true; running; ) {
            Select.Case<String> stop = Select.recv(quit);
            switch (Select.select(Select.send(jobs, sent), stop)) {
                case 0 -> sent++;
                case 1 -> running = false;
                default -> throw new AssertionError();
            }
        }
        Chan<Integer> empty = Chan.make(1);
        boolean ready = Select.trySelect(Select.recv(empty)) >= 0;   // select { ... default: }
        System.out.println("select: sent " + sent + " jobs; empty channel ready: " + ready);
    }

    /** A Mutex around shared state; Once. */
    static void mutexAndOnce() {
        Mutex mu = new Mutex();
        Map<String, Integer> counts = new HashMap<>();
        Once once = new Once();
        AtomicInteger inits = new AtomicInteger();
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < 100; i++) {
            String key = i % 2 == 0 ? "even" : "odd";
            wg.add(1);
            Go.go(() -> {
                once.run(inits::incrementAndGet);
                mu.lock();
                try {
                    counts.merge(key, 1, Integer::sum);
                } finally {
                    mu.unlock();
                }
                wg.done();
            });
        }
        wg.await();
        System.out.println("sync: " + counts.get("even") + " even, " + counts.get("odd") + " odd, once ran "
                + inits.get() + " time");
    }

    /** RWMutex readers and a writer; a Cond to wait for a state. */
    static void rwMutexAndCond() {
        RWMutex rw = new RWMutex();
        int[] config = {1};
        Mutex mu = new Mutex();
        Cond changed = new Cond(mu);
        boolean[] ready = {false};
        Go.go(() -> {
            rw.lock();                                     // the writer
            config[0] = 2;
            rw.unlock();
            mu.lock();
            ready[0] = true;
            changed.broadcast();
            mu.unlock();
        });
        mu.lock();
        while (!ready[0]) {
            changed.await();                               // unlocks mu while waiting
        }
        mu.unlock();
        rw.rLock();                                        // a reader
        int seen = config[0];
        rw.rUnlock();
        System.out.println("sync: the reader sees config " + seen);
    }

    /** sleep, a timeout with after, a stopped Timer, a Ticker, afterFunc. */
    static void timers() {
        Time.sleep(Duration.ofMillis(5));
        Chan<String> slow = Chan.make();                   // nobody ever sends
        Select.Case<Instant> timeout = Select.recv(Time.after(Duration.ofMillis(20)));
        boolean timedOut = Select.select(Select.recv(slow), timeout) == 1;

        Timer never = Time.newTimer(Duration.ofHours(1));
        boolean stopped = never.stop();                    // stopped before it fired

        Ticker ticker = Time.newTicker(Duration.ofMillis(10));
        for (int i = 0; i < 3; i++) {
            ticker.c().recv();
        }
        ticker.stop();

        Chan<String> fired = Chan.make(1);
        Time.afterFunc(Duration.ofMillis(10), () -> fired.send("afterFunc ran"));
        System.out.println("time: timed out " + timedOut + ", timer stopped " + stopped + ", 3 ticks, "
                + fired.recv());
    }

    /** What the runtime tells about itself. */
    static void runtime() {
        System.out.println("runtime: goroutine " + Go.goid() + " on " + Go.gomaxprocs() + " Ps; "
                + (Go.numGoroutine() >= 1 ? "counting itself" : "lost"));
        String stack = Go.stack(false);                    // runtime.Stack(buf, false)
        System.out.println("runtime: " + stack.lines().findFirst().orElse(""));
    }
}
