package io.gpm4j.runtime;

import io.gpm4j.UncaughtGoroutineException;

/**
 * What happens to an exception that ends a goroutine other than a Go.run main: it goes to the
 * default uncaught-exception handler, wrapped so that it names the goroutine, or to standard
 * error when there is none; the program goes on. With the agent option {@code panic=exit}
 * ({@code -Dgpm4j.panic=exit}) it is fatal as in Go: {@code panic: ...} and exit status 2.
 */
final class Panics {
    private Panics() {
    }

    private static final boolean EXIT = "exit".equals(System.getProperty("gpm4j.panic"));

    static void uncaught(long goid, Throwable failure) {
        if (EXIT) {
            // Go: a panic that reaches the top of a goroutine prints "panic: " and the
            // goroutine's trace, and the program exits with status 2
            System.out.flush();
            System.err.print("panic: " + failure + "\n\ngoroutine " + goid + " [running]:\n");
            for (StackTraceElement f : failure.getStackTrace()) {
                System.err.println(f);
            }
            System.err.flush();
            LiveCounters.AtExit.removeAll(); // halt runs no shutdown hook
            Runtime.getRuntime().halt(2);
        }
        UncaughtGoroutineException e = new UncaughtGoroutineException(goid, failure);
        Thread.UncaughtExceptionHandler handler = Thread.getDefaultUncaughtExceptionHandler();
        try {
            if (handler != null) {
                handler.uncaughtException(Thread.currentThread(), e);
            } else {
                System.err.print("Exception in goroutine " + goid + " ");
                failure.printStackTrace();
            }
        } catch (Throwable ignored) {
            /* a failing handler must not take the scheduler down */
        }
    }
}
