package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** An exception that ends a goroutine goes to the default handler, named; the program goes on. */
class UncaughtExceptionTest {
    @Test
    void anUncaughtExceptionGoesToTheDefaultHandlerNamingTheGoroutine() throws Exception {
        LinkedBlockingQueue<Throwable> seen = new LinkedBlockingQueue<>();
        Thread.UncaughtExceptionHandler saved = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> seen.add(e));
        try {
            AtomicLong id = new AtomicLong();
            IllegalStateException boom = new IllegalStateException("boom");
            Go.go(() -> {
                id.set(Go.goid());
                throw boom;
            });
            Throwable e = seen.poll(10, TimeUnit.SECONDS);
            assertNotNull(e, "the handler was called");
            UncaughtGoroutineException u = assertInstanceOf(UncaughtGoroutineException.class, e);
            assertEquals(id.get(), u.goid());
            assertTrue(u.getMessage().contains("goroutine " + id.get()), u.getMessage());
            assertEquals(boom, u.getCause());

            // the program goes on: goroutines still run, in Go.run too, and main is unaffected
            CountDownLatch after = new CountDownLatch(1);
            Go.go(after::countDown);
            assertTrue(after.await(10, TimeUnit.SECONDS));
            long[] failedId = new long[1];
            Go.run(() -> {
                GLatch done = new GLatch(1);
                Go.go(() -> {
                    failedId[0] = Go.goid();
                    done.countDown();
                    throw new UnsupportedOperationException("second");
                });
                done.await("semacquire");
            });
            Throwable second = seen.poll(10, TimeUnit.SECONDS);
            UncaughtGoroutineException u2 = assertInstanceOf(UncaughtGoroutineException.class, second);
            assertEquals(failedId[0], u2.goid());
            assertInstanceOf(UnsupportedOperationException.class, u2.getCause());
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(saved);
        }
    }
}
