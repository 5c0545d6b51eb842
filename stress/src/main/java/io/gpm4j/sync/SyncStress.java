package io.gpm4j.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gpm4j.runtime.WaitReason;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress tests of the semaphore wake-up protocol and the sync types that block on it: a waiter
 * counts itself in its {@link SemaRoot} and re-checks the count, a release adds to the count and
 * then looks for waiters; both sides are full fences, so at least one sees the other and no
 * wake-up is lost. Go: semacquire1, semrelease1 (runtime/sema.go), sync.Mutex, sync.WaitGroup.
 *
 * <p>The actors are plain threads (a blocked acquire blocks the thread). In each test the blocking
 * call is matched by the call that releases it, so a correct runtime always terminates; <b>a lost
 * wake-up hangs the test</b>, which jcstress reports as a TIMEOUT error and run.sh as a failure.
 * Every jcstress state has its own semaphore, but all of them share the 251 roots of the global
 * table, so the slow paths also run with other semaphores' waiters in the same root.
 */
public final class SyncStress {
    private static final WaitReason REASON = WaitReason.of("jcstress");

    private SyncStress() {
    }

    /** Go: semacquire1 vs semrelease1 (handoff=false). */
    @JCStressTest
    @Description("Semaphore at 0: an acquire (parks unless the release came first) vs a release.")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The acquire returned; the unit was consumed.")
    @Outcome(expect = FORBIDDEN, desc = "The count is wrong after both returned.")
    @State
    public static class SemaReleaseVsAcquire {
        final Sema sema = new Sema();

        @Actor
        public void acquirer(II_Result r) {
            sema.acquire(false, REASON);
            r.r1 = 1;
        }

        @Actor
        public void releaser() {
            sema.release(false);
        }

        @Arbiter
        public void after(II_Result r) {
            r.r2 = sema.count();
        }
    }

    /** Go: semrelease1 with handoff=true (a starving Mutex's unlock) vs semacquire1. */
    @JCStressTest
    @Description("Semaphore at 0: an acquire vs a release that hands its unit straight to the waiter it wakes.")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The acquire returned; the unit was consumed exactly once.")
    @Outcome(expect = FORBIDDEN, desc = "The count is wrong after both returned.")
    @State
    public static class SemaHandoffVsAcquire {
        final Sema sema = new Sema();

        @Actor
        public void acquirer(II_Result r) {
            sema.acquire(false, REASON);
            r.r1 = 1;
        }

        @Actor
        public void releaser() {
            sema.release(true);
        }

        @Arbiter
        public void after(II_Result r) {
            r.r2 = sema.count();
        }
    }

    /** Two units, two acquires: the second acquire may park behind a wake-up still in flight. */
    @JCStressTest
    @Description("Semaphore at 0: two acquires in a row vs two releases in a row.")
    @Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "Both acquires returned; both units consumed.")
    @Outcome(expect = FORBIDDEN, desc = "The count is wrong after both actors returned.")
    @State
    public static class SemaTwoUnits {
        final Sema sema = new Sema();

        @Actor
        public void acquirer(II_Result r) {
            sema.acquire(false, REASON);
            sema.acquire(false, REASON);
            r.r1 = 2;
        }

        @Actor
        public void releaser() {
            sema.release(false);
            sema.release(false);
        }

        @Arbiter
        public void after(II_Result r) {
            r.r2 = sema.count();
        }
    }

    /** Go: Mutex.lockSlow parking on the semaphore vs Mutex.unlockSlow waking it. */
    @JCStressTest
    @Description("A locked Mutex: lock (spins, then parks) vs unlock by another thread.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The lock was taken; the state is LOCKED, no waiter, no flag.")
    @Outcome(expect = FORBIDDEN, desc = "The state word is wrong after both returned.")
    @State
    public static class MutexUnlockVsLock {
        final Mutex mutex = new Mutex();

        public MutexUnlockVsLock() {
            mutex.lock();
        }

        @Actor
        public void locker(II_Result r) {
            mutex.lock();
            r.r1 = 1;
        }

        @Actor
        public void unlocker() {
            mutex.unlock();
        }

        @Arbiter
        public void after(II_Result r) {
            r.r2 = mutex.state();
        }
    }

    /** Mutual exclusion: a plain counter under the Mutex. */
    @JCStressTest
    @Description("Two threads each lock, increment a plain int twice, unlock.")
    @Outcome(id = "4, 0", expect = ACCEPTABLE, desc = "No increment lost; the Mutex ends unlocked with no waiter.")
    @Outcome(expect = FORBIDDEN, desc = "An increment lost (both held the lock) or the state word is wrong.")
    @State
    public static class MutexCounter {
        final Mutex mutex = new Mutex();
        int x;

        @Actor
        public void first() {
            increment();
            increment();
        }

        @Actor
        public void second() {
            increment();
            increment();
        }

        private void increment() {
            mutex.lock();
            x++;
            mutex.unlock();
        }

        @Arbiter
        public void after(II_Result r) {
            r.r1 = x;
            r.r2 = mutex.state();
        }
    }

    /** Go: WaitGroup.Wait parking on the semaphore vs the Done that brings the counter to zero. */
    @JCStressTest
    @Description("A WaitGroup at 1: await vs done.")
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "await returned; counter and waiters are zero.")
    @Outcome(expect = FORBIDDEN, desc = "The state is wrong after both returned.")
    @State
    public static class WaitGroupDoneVsWait {
        final WaitGroup wg = new WaitGroup();

        public WaitGroupDoneVsWait() {
            wg.add(1);
        }

        @Actor
        public void waiter(III_Result r) {
            wg.await();
            r.r1 = 1;
        }

        @Actor
        public void doner() {
            wg.done();
        }

        @Arbiter
        public void after(III_Result r) {
            r.r2 = wg.counter();
            r.r3 = wg.waiters();
        }
    }
}
