package io.gpm4j.examples.existingapp;

import io.gpm4j.examples.Args;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An existing application, written the usual Java way: a reader task puts order lines into a
 * bounded {@link BlockingQueue}; {@code W} worker tasks (default 8) take them, check and price
 * each one, asking a remote catalog service for the unit price, and put the outcome into a
 * second queue; {@code main} aggregates the outcomes. Every task runs on one
 * {@link ExecutorService}; the reader ends the input with one poison pill per worker, and a
 * closer task waits on a {@link CountDownLatch} for the workers and then sends the aggregator its
 * poison pill. Prints the summary of {@code N} orders (default 10,000), then the elapsed time.
 * {@link GoroutineApp} is the same program on goroutines. Run it as it is, or under the agent
 * (with or without {@code main} mode), which changes nothing it does:
 *
 * <pre>java -cp examples/target/classes io.gpm4j.examples.existingapp.ExecutorApp 8 10000</pre>
 */
public final class ExecutorApp {
    private static final int QUEUE_CAPACITY = 100;
    /** The poison pills, compared by identity: no line or outcome can be taken for one. */
    private static final String NO_MORE_LINES = new String("no more lines");
    private static final Outcome NO_MORE_OUTCOMES = Outcome.rejected(0, "no more outcomes");

    private ExecutorApp() {
    }

    /** Puts the input into {@code lines}, then one poison pill for each worker. */
    static void read(List<String> input, BlockingQueue<String> lines, int workers) throws InterruptedException {
        for (String line : input) {
            lines.put(line);
        }
        for (int w = 0; w < workers; w++) {
            lines.put(NO_MORE_LINES);
        }
    }

    /** Takes lines until its poison pill, putting the outcome of each into {@code outcomes}. */
    static void work(BlockingQueue<String> lines, BlockingQueue<Outcome> outcomes) throws InterruptedException {
        for (String line = lines.take(); line != NO_MORE_LINES; line = lines.take()) {
            outcomes.put(process(line));
        }
    }

    /** Checks and prices one order line. */
    static Outcome process(String line) throws InterruptedException {
        Order order = Order.parse(line);
        return order == null ? Outcome.rejected(0, "malformed") : order.price(lookup(order.sku()));
    }

    /** Asks the catalog service for the unit price of {@code sku}: a remote call, which waits. */
    static OptionalLong lookup(String sku) throws InterruptedException {
        Thread.sleep(Catalog.LATENCY.toMillis());
        return Catalog.unitPriceCents(sku);
    }

    /** Takes outcomes until the poison pill. */
    static Summary aggregate(BlockingQueue<Outcome> outcomes) throws InterruptedException {
        Summary summary = new Summary();
        for (Outcome o = outcomes.take(); o != NO_MORE_OUTCOMES; o = outcomes.take()) {
            summary.add(o);
        }
        return summary;
    }

    public static void main(String[] args) throws InterruptedException {
        Args a = Args.of(args, 2, "java -cp examples/target/classes io.gpm4j.examples.existingapp.ExecutorApp [workers, default 8] [orders, default 10000]");
        int workers = a.number(0, 8, 10_000);
        int orderCount = a.number(1, 10_000, 10_000_000);
        List<String> input = Order.input(orderCount); // a file, in real life
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(workers + 2); // the reader, the workers, the closer
        BlockingQueue<String> lines = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        BlockingQueue<Outcome> outcomes = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        CountDownLatch working = new CountDownLatch(workers);

        pool.submit(() -> {
            read(input, lines, workers);
            return null;
        });
        for (int w = 0; w < workers; w++) {
            pool.submit(() -> {
                try {
                    work(lines, outcomes);
                    return null;
                } finally {
                    working.countDown();
                }
            });
        }
        pool.submit(() -> {
            working.await();
            outcomes.put(NO_MORE_OUTCOMES);
            return null;
        });
        Summary summary = aggregate(outcomes);
        pool.shutdown();

        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println(summary);
        System.out.println("took " + ms + " ms with " + workers + " workers");
    }
}
