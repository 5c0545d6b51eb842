package io.gpm4j.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scheduler's side of timers: arming a timer on a P's heap, running due timers from
 * {@code findRunnable} (the M's own P first, then those of other Ps, idle ones included). The
 * one M that, having nothing to do, sleeps until the earliest timer instead of parking for good
 * is the network poller's ({@link Netpoll#block}): the timer sleep and the network wait are one.
 * No timer thread. Go: addtimer, checkTimers.
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

    /** Wakes {@code m} now if it is the poller (its Go.run call ended). */
    void wakeIfSleeper(M m) {
        sched.netpoll().wakeIfPoller(m);
    }

    /** Timers armed in all Ps. Go: the timerpMask and numTimers, summed. */
    private final AtomicInteger ntimers = new AtomicInteger();

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
            sched.netpoll().wakeNetPoller(when); // the poller sleeps too long now, or nobody polls
        }
    }

    /**
     * A pending timer was removed (stopped, or fired once). When it was the last one, the sleeper
     * (asleep until a deadline nobody waits for now) is woken to park for good instead, so that
     * the M goes idle and checkdead runs at once: a deadlock must not wait out a stopped timer.
     * Pairs with {@link Netpoll#block}'s re-check after it claims the poller.
     */
    void removed() {
        if (ntimers.decrementAndGet() == 0) {
            sched.netpoll().timersGone();
        }
    }

    /**
     * Moves the timers of {@code dead}, a P that GOMAXPROCS took away, to {@code keeper}, and
     * tells the M asleep until the earliest timer, as for a timer just armed: it took its
     * deadline from the live Ps, and a P taken away while it ran is no longer one of them, so
     * that M may be asleep for good while these timers wait on a P nobody looks at. Caller holds
     * the sched lock. Go: p.destroy's moveTimers (there the world is stopped, and the P that
     * receives the timers runs next).
     */
    void move(P dead, P keeper) {
        long when;
        synchronized (dead.timers) {
            if (dead.timers.earliest == Long.MAX_VALUE) {
                return;
            }
            synchronized (keeper.timers) {
                dead.timers.drainTo(keeper.timers);
                when = keeper.timers.earliest;
            }
        }
        sched.netpoll().wakeNetPoller(when);
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
     * When the earliest timer of any P is due, {@link Long#MAX_VALUE} when none is armed (racy).
     * The poller sleeps until then ({@link Netpoll#block}, formerly {@code sleepUntilTimer} here).
     * Go: the pollUntil of findRunnable (checkTimers, checkTimersNoP).
     */
    long earliest() {
        long until = Long.MAX_VALUE;
        for (P p : sched.ps().allp()) {
            until = Math.min(until, p.timers.earliest);
        }
        return until;
    }
}
