package io.gpm4j.examples.existingapp;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.examples.Args;
import io.gpm4j.sync.WaitGroup;
import io.gpm4j.time.Time;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@link ExecutorApp} moved to goroutines with its structure unchanged: {@code Go.go} for
 * {@code submit}, buffered {@link Chan}nels for the blocking queues, {@code close} for the poison
 * pills, a {@link WaitGroup} for the latch, {@link Time#sleep} for {@code Thread.sleep}. The
 * business logic ({@link Order}, {@link Catalog}, {@link Summary}) is shared, unchanged. A
 * worker waiting for the catalog holds no thread, so {@code W} can be in the thousands. Run it
 * under the agent with {@code main} mode:
 *
 * <pre>java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar=main -cp examples/target/classes io.gpm4j.examples.existingapp.GoroutineApp 8 10000</pre>
 */
public final class GoroutineApp {
    private static final int QUEUE_CAPACITY = 100;

    private GoroutineApp() {
    }

    /** Sends the input to {@code lines}, then closes it: every worker's {@code range} ends. */
    static void read(List<String> input, Chan<String> lines) {
        for (String line : input) {
            lines.send(line);
        }
        lines.close();
    }

    /** Receives lines until {@code lines} is closed, sending the outcome of each to {@code outcomes}. */
    static void work(Chan<String> lines, Chan<Outcome> outcomes) {
        lines.range(line -> outcomes.send(process(line)));
    }

    /** Checks and prices one order line. */
    static Outcome process(String line) {
        Order order = Order.parse(line);
        return order == null ? Outcome.rejected(0, "malformed") : order.price(lookup(order.sku()));
    }

    /** Asks the catalog service for the unit price of {@code sku}: a remote call, which waits. */
    static OptionalLong lookup(String sku) {
        Time.sleep(Catalog.LATENCY);
        return Catalog.unitPriceCents(sku);
    }

    /** Receives outcomes until {@code outcomes} is closed. */
    static Summary aggregate(Chan<Outcome> outcomes) {
        Summary summary = new Summary();
        outcomes.range(summary::add);
        return summary;
    }

    public static void main(String[] args) {
        Args a = Args.of(args, 2, "java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar=main -cp examples/target/classes io.gpm4j.examples.existingapp.GoroutineApp [workers, default 8] [orders, default 10000]");
        int workers = a.number(0, 8, 10_000);
        int orderCount = a.number(1, 10_000, 10_000_000);
        List<String> input = Order.input(orderCount); // a file, in real life
        long start = System.nanoTime();
        Chan<String> lines = Chan.make(QUEUE_CAPACITY);
        Chan<Outcome> outcomes = Chan.make(QUEUE_CAPACITY);
        WaitGroup working = new WaitGroup();

        Go.go(() -> read(input, lines));
        for (int w = 0; w < workers; w++) {
            working.add(1);
            Go.go(() -> {
                try {
                    work(lines, outcomes);
                } finally {
                    working.done();
                }
            });
        }
        Go.go(() -> {
            working.await();
            outcomes.close();
        });
        Summary summary = aggregate(outcomes);

        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println(summary);
        System.out.println("took " + ms + " ms with " + workers + " workers");
    }
}
