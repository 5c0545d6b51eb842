package io.gpm4j.runtime;

import java.security.AccessController;
import java.security.PrivilegedAction;

/**
 * The runtime's own threads (carrier Ms, sysmon, schedtrace) and its registrations with the JDK
 * (the JFR listener) must not keep the application's class loaders alive: they live as long as the
 * JVM, while the code that happens to boot the scheduler or start an M may belong to a plugin
 * whose loader is to be dropped later. A thread made the ordinary way captures three things from
 * its creator:
 *
 * <ul>
 *   <li>its context class loader, which a runtime thread sets here instead: the system class loader
 *       for a carrier (user code on a goroutine finds the loader a thread started from {@code main}
 *       has) and none for a thread that runs only runtime code;</li>
 *   <li>its {@code InheritableThreadLocal} values, which a runtime thread does not inherit;</li>
 *   <li>on JDKs before 24, the creator's {@code AccessControlContext}: every protection domain on
 *       the creating stack, each holding its class loader. {@link #privileged} cuts the stack at the
 *       runtime's own frame, so the captured context holds only the runtime's domain. JFR's
 *       {@code FlightRecorder.addListener} and {@code addPeriodicEvent} capture the same context, so
 *       they are called through it too.</li>
 * </ul>
 */
final class RuntimeThreads {
    private RuntimeThreads() {
    }

    /**
     * A new, unstarted daemon thread of the runtime's that runs {@code task}, with no context class
     * loader and no inherited values or access context.
     */
    static Thread daemon(Runnable task, String name) {
        Thread t = privileged(() -> new Thread(null, task, name, 0, false));
        t.setContextClassLoader(null);
        t.setDaemon(true);
        return t;
    }

    /**
     * Runs {@code action} with the stack seen by access-control snapshots cut at this frame (on JDKs
     * where such snapshots exist), so what it creates captures no caller's protection domain.
     */
    @SuppressWarnings("removal") // AccessController: gone with the security manager, still snapshotted before JDK 24
    static <T> T privileged(PrivilegedAction<T> action) {
        return AccessController.doPrivileged(action);
    }
}
