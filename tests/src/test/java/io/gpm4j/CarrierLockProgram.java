package io.gpm4j;

import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * For {@code CarrierLockTest}: goroutine A parks holding a {@code ReentrantLock}; goroutine B then
 * tries it. Prints whether B got it and whether A's unlock worked. The thread calling Go.run holds
 * a lock of its own all along (a {@code ReentrantReadWriteLock}'s write lock), which no check may
 * blame on a goroutine.
 */
public final class CarrierLockProgram {
    public static void main(String[] args) {
        Go.gomaxprocs(1);
        ReentrantLock lock = new ReentrantLock();
        ReentrantReadWriteLock callers = new ReentrantReadWriteLock();
        callers.writeLock().lock();
        try {
            Go.run(() -> {
                Chan<Void> locked = Chan.make();
                Chan<Void> release = Chan.make();
                Chan<String> unlocked = Chan.make(1);
                Chan<Boolean> tried = Chan.make(1);
                Go.go(() -> {
                    lock.lock();
                    try {
                        locked.send(null);
                        release.recv(); // parks holding the lock
                    } finally {
                        try {
                            lock.unlock();
                            unlocked.send("ok");
                        } catch (IllegalMonitorStateException e) {
                            unlocked.send("IllegalMonitorStateException");
                        }
                    }
                });
                locked.recv();
                Go.go(() -> {
                    boolean got = lock.tryLock();
                    if (got) {
                        lock.unlock();
                    }
                    tried.send(got);
                });
                System.out.println("other goroutine got the lock: " + tried.recv());
                release.send(null);
                System.out.println("unlock: " + unlocked.recv());
            });
        } finally {
            callers.writeLock().unlock();
        }
    }
}
