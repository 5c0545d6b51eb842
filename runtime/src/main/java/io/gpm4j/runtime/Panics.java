package io.gpm4j.runtime;

/**
 * What happens to an exception that ends a goroutine other than a Go.run main: it goes to the
 * default uncaught-exception handler, wrapped so that it names the goroutine, or to standard
 * error when there is none; the program goes on. Go: a panic (which Go makes fatal; gpm4j's
 * agent option {@code panic=exit} will do that).
 */
final class Panics {
    private Panics() {
    }

    static void uncaught(long goid, Throwable failure) {
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
