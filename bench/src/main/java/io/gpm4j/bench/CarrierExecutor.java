package io.gpm4j.bench;

import io.gpm4j.runtime.CarrierThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JMH's worker threads as {@link CarrierThread}s, the threads gpm4j's scheduler runs goroutines
 * on (there, finding the mounted continuation is one field read instead of a {@code ThreadLocal}
 * lookup). Installed in every fork by {@link BenchMain} through JMH's
 * {@code -Djmh.executor=CUSTOM -Djmh.executor.class=io.gpm4j.bench.CarrierExecutor}, unless
 * {@code -Dgpm4j.bench.carriers=false}.
 */
public final class CarrierExecutor extends ThreadPoolExecutor {
    public CarrierExecutor(int threads, String prefix) {
        super(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), new Factory(prefix));
    }

    private static final class Factory implements java.util.concurrent.ThreadFactory {
        private final String prefix;
        private final AtomicInteger next = new AtomicInteger();

        Factory(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable task) {
            CarrierThread t = new CarrierThread(task, prefix + "-carrier-" + next.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
