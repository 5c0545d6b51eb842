package io.gpm4j.runtime;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * A class loader as a map key of the tables the agent fills ({@link CallSites},
 * {@link LambdaTargets}): compared by identity and held weakly, so that no table keeps a dropped
 * loader (a redeployed plugin's) alive. The bootstrap loader is null. A key whose loader was
 * collected equals only itself, so it can still be removed when its queue hands it back; a lookup
 * key is made with no queue.
 */
final class LoaderKey extends WeakReference<ClassLoader> {
    private final int hash;
    private final boolean boot;

    LoaderKey(ClassLoader loader, ReferenceQueue<ClassLoader> queue) {
        super(loader, queue);
        this.hash = System.identityHashCode(loader);
        this.boot = loader == null;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof LoaderKey)) {
            return false;
        }
        LoaderKey other = (LoaderKey) o;
        ClassLoader mine = get();
        if (mine == null && !boot) {
            return false; // collected: equals only itself
        }
        return mine == other.get() && boot == other.boot;
    }
}
