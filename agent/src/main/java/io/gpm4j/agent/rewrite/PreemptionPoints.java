package io.gpm4j.agent.rewrite;

import io.gpm4j.agent.analysis.CodeSources;
import io.gpm4j.runtime.RuntimeNames;

/**
 * Which rewritten classes get preemption points: every class the rewrite changes, except gpm4j's
 * own runtime libraries. A point is a test of {@code Frames.preemptAtBackEdge} before each loop
 * back-edge and of {@code Frames.preempt} in the prologue of each rewritten method (see {@code MethodRewriter} and the package
 * essay); when a goroutine has been asked to yield (sysmon, chaos mode), it suspends there.
 *
 * <p>The runtime's libraries ({@code io.gpm4j.Chan}, {@code Select}, {@code io.gpm4j.sync},
 * {@code io.gpm4j.time}, {@code io.gpm4j.runtime.park}, ...) take runtime locks
 * ({@code RuntimeLock}, a spin lock with no owner) and loop while holding them, over wait queues
 * and the cases of a select; a goroutine preempted there would leave the lock held while others
 * spin on it. Go refuses preemption while an M holds a runtime lock ({@code canPreemptM}: m.locks);
 * the locks here do not know their holder, so their code gets no points at all. Such a class is
 * told by two facts together: its package is one of the runtime's library packages, and its class
 * file comes from the same jar or directory as the runtime's own {@code Frames}. Tests and
 * programs that share those packages (this project's test suites, whose goroutines chaos mode is
 * meant to preempt) live elsewhere, and a fat jar that bundles the runtime keeps its own
 * packages' points.
 *
 * <p>Internal switch, read once: {@code -Dgpm4j.preemptpoints=false} emits no points at all (the
 * rewrite as before issue 11), for benchmarks that compare the two. Not a user option: without
 * points, a goroutine that loops never yields its P until the hand-off retakes it.
 *
 * <p>Thread safe (no state).
 */
final class PreemptionPoints {
    /** The internal system property that turns points off. */
    static final String PROPERTY = "gpm4j.preemptpoints";
    /** Whether points are emitted at all. */
    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty(PROPERTY));

    /** The runtime's library packages (internal names), gpm4j's API and its parts that park. */
    private static final String[] LIBRARY_PACKAGES = {"io/gpm4j/", "io/gpm4j/sync/", "io/gpm4j/time/",
            "io/gpm4j/net/", "io/gpm4j/context/"};

    private PreemptionPoints() {
    }

    /**
     * Whether the methods of class {@code owner}, defined by {@code loader}, get preemption points.
     * Reads class-file resources (never loads a class), so it may run inside a transform.
     */
    static boolean inClass(String owner, ClassLoader loader) {
        return ENABLED && !isRuntimeLibrary(owner, loader);
    }

    /** Whether {@code owner} is a class of the runtime's own libraries (see the class comment). */
    static boolean isRuntimeLibrary(String owner, ClassLoader loader) {
        if (!inLibraryPackage(owner)) {
            return false;
        }
        String own = CodeSources.root(owner, loader);
        String runtime = CodeSources.root(RuntimeNames.FRAMES, loader);
        // a class file that cannot be found is counted in: no points is always safe
        return own == null || runtime == null || own.equals(runtime);
    }

    static boolean inLibraryPackage(String owner) {
        if (owner.startsWith(RuntimeNames.MACHINE_ROOM)) {
            return true; // io.gpm4j.runtime's subpackages (park); the package itself is never rewritten
        }
        int slash = owner.lastIndexOf('/');
        String pkg = owner.substring(0, slash + 1);
        for (String p : LIBRARY_PACKAGES) {
            if (pkg.equals(p)) {
                return true;
            }
        }
        return false;
    }
}
