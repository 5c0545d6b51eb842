package io.gpm4j;

import java.lang.management.ManagementFactory;

/**
 * {@link ChanAllocationTest}'s child: channel rounds in goroutines, each run twice (a warm-up,
 * then counted), printing {@code ALLOC <round> <bytes> <values>} for the second: the bytes the
 * carrier threads and the Go.run thread allocated meanwhile (the JVM's per-thread counters). The
 * values come from the {@code Integer} cache, so that the program itself allocates nothing per
 * value.
 */
public final class ChanAllocationProgram {
    static final int VALUES = 1_000_000;

    /**
     * A round of channel traffic, returning the values it passed. An interface of the program's
     * own (not {@code IntSupplier}): a call through a JDK interface is never a suspendable call
     * site, so a goroutine suspending under it would pin its carrier.
     */
    interface Round {
        int run();
    }

    private ChanAllocationProgram() {
    }

    public static void main(String[] args) {
        measure("buffered", () -> {
            Chan<Integer> ch = Chan.make(64);
            Go.go(() -> {
                for (int i = 0; i < VALUES; i++) {
                    ch.send(i & 127);
                }
                ch.close();
            });
            int[] n = {0};
            ch.range(v -> n[0]++);
            return n[0];
        });
        measure("pingpong", () -> {
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Go.go(() -> {
                for (int i = 0; i < VALUES; i++) {
                    pong.send(ping.recv());
                }
            });
            int n = 0;
            for (int i = 0; i < VALUES; i++) {
                ping.send(i & 127);
                if (pong.recv() == (i & 127)) {
                    n++;
                }
            }
            return n;
        });
    }

    private static void measure(String name, Round round) {
        Go.run(() -> {
            int warm = round.run();
            long[] ids = goroutineThreads(); // the carriers the warm-up started
            long before = allocated(ids);
            int values = round.run();
            long bytes = allocated(ids) - before;
            System.out.println("ALLOC " + name + " " + bytes + " " + Math.min(warm, values));
        });
    }

    /** The ids of the carrier threads and of the calling (Go.run) thread. */
    private static long[] goroutineThreads() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(Thread.currentThread()),
                        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("gpm4j-m")))
                .mapToLong(Thread::getId).toArray();
    }

    /** Bytes allocated so far by the threads {@code ids} (a thread that ended counts nothing). */
    private static long allocated(long[] ids) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : ids) {
            sum += Math.max(0, threads.getThreadAllocatedBytes(id));
        }
        return sum;
    }
}
