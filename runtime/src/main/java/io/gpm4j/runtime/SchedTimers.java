package io.gpm4j.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The scheduler's side of timers: arming a timer on a P's heap, running due timers from
 * {@code findRunnable} (the M's own P first, then those of other Ps, idle ones included), and the
 * one M that, having nothing to do, sleeps until the earliest timer instead of parking for good.
 * No timer thread. Go: addtimer, checkTimers, wakeNetPoller, and findRunnable's blocking netpoll.
 */
final class SchedTimers {
    private final Sched sched;

    SchedTimers(Sched sched) {
        this.sched = sched;
    }

    /** Whether any timer is armed (checkdead: a pending timer will wake someone). */
    boolean pending() {
        return ntimers.get() > 0;
    }

    /** Wakes {@code m} now if it is the sleeper (its Go.run call ended). */
    void wakeIfSleeper(M m) {
        if (sleeper.get() == m) {
            LockSupport.unpark(m.thread);
        }
    }


    /** Timers armed in all Ps. Go: the timerpMask and numTimers, summed. */
    private final AtomicInteger ntimers = new AtomicInteger();
    /** The M sleeping until the earliest timer, or null. Go: the M blocked in netpoll(delay). */
    private final AtomicReference<M> sleeper = new AtomicReference<>();
    /** When the sleeper wakes. */
    private volatile long sleeperUntil;

    /**
     * Arms {@code t} on the calling M's P (P 0 from a plain thread); wakes the sleeping M when it
     * is now the earliest timer, or starts one. Go: addtimer + wakeNetPoller.
     */
    void add(RuntimeTimer t, long when, long period) {
        P p = Sched.currentP();
        if (p == null) {
            p = sched.ps().allp()[0];
        }
        TimerHeap h = p.timers;
        boolean first;
        synchronized (h) {
            t.when = when;
            t.period = period;
            h.add(t);
            first = h.earliest == when;
        }
        ntimers.incrementAndGet();
        if (first) {
            M s = sleeper.get();
            if (s != null) {
                if (when - sleeperUntil < 0) {
                    LockSupport.unpark(s.thread); // it sleeps too long now: let it look again
                }
            } else {
                sched.ms().wakep();
            }
        }
    }

    /**
     * A pending timer was removed (stopped, or fired once). When it was the last one, the sleeper
     * (asleep until a deadline nobody waits for now) is woken to park for good instead, so that
     * the M goes idle and checkdead runs at once: a deadlock must not wait out a stopped timer.
     * Pairs with {@link #sleepUntilTimer}'s re-check after it registers as the sleeper.
     */
    void removed() {
        if (ntimers.decrementAndGet() == 0) {
            M s = sleeper.get();
            if (s != null) {
                LockSupport.unpark(s.thread);
            }
        }
    }

    /** Runs the due timers of {@code p}, outside its heap's lock. Go: checkTimers + runtimer. */
    boolean runTimers(P p, long now) {
        TimerHeap h = p.timers;
        if (h.earliest - now > 0) {
            return false;
        }
        boolean ran = false;
        for (;;) {
            RuntimeTimer t;
            synchronized (h) {
                t = h.pollDue(now);
            }
            if (t == null) {
                return ran;
            }
            if (t.period == 0) {
                removed();
            }
            ran = true;
            try {
                t.fire.fire(t.arg, now);
            } catch (Throwable e) {
                Panics.uncaught(0, e);
            }
        }
    }

    boolean runTimersElsewhere(P self, long now) {
        if (ntimers.get() == 0) {
            return false;
        }
        boolean ran = false;
        for (P p : sched.ps().allp()) {
            if (p != self && p.timers.earliest - now <= 0) {
                ran |= runTimers(p, now);
            }
        }
        return ran;
    }

    /**
     * An M with no work and no P sleeps until the earliest timer if no other M does, then takes
     * an idle P to run it; returns false (the caller then parks in stopm) when there is no timer
     * or another M is the sleeper. Go: findRunnable's blocking netpoll(pollUntil - now).
     */
    boolean sleepUntilTimer(M m) {
        if (ntimers.get() == 0 || !sleeper.compareAndSet(null, m)) {
            return false;
        }
        try {
            if (ntimers.get() == 0) {
                return false; // the last timer went between the test and the claim: removed() saw no sleeper
            }
            long until = Long.MAX_VALUE;
            for (P p : sched.ps().allp()) {
                until = Math.min(until, p.timers.earliest);
            }
            if (until == Long.MAX_VALUE) {
                return false;
            }
            sleeperUntil = until;
            long delay = until - System.nanoTime();
            if (delay > 0) {
                LockSupport.parkNanos(this, delay);
            }
        } finally {
            sleeper.set(null);
        }
        return sched.ps().acquireIdle(m); // if every P is busy, their Ms run the timers at their next schedule
    }

}
