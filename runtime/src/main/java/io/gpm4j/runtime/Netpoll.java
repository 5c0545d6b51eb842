package io.gpm4j.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;

/**
 * The network poller: one {@link Selector} (epoll on Linux) for every socket of the JVM, polled by
 * the scheduler's Ms themselves. No poller thread and no thread per connection: a goroutine that
 * waits for a socket parks on the socket's {@link PollDesc}; an M with nothing else to do polls
 * without blocking, and the one M that finds nothing at all blocks in the selector until the
 * earliest timer, the timer sleep and the network wait being one and the same.
 *
 * <h2>Who polls</h2>
 * <ol>
 *   <li>{@code findRunnable} polls without blocking ({@link #pollNonBlocking}) when its P has no
 *       work, before stealing, as long as someone waits and no M is blocked in the poller
 *       (Go: netpoll(0) when {@code netpollAnyWaiters() && sched.lastpoll != 0}).</li>
 *   <li>An M that gives up its P calls {@link #block}: if a timer is pending or someone waits on
 *       the network, and no other M is the poller, it becomes the poller and blocks in
 *       {@code select} until the earliest timer (for ever when there is none), then takes an idle
 *       P and readies what it found on it (Go: findRunnable's blocking
 *       {@code netpoll(pollUntil - now)}). Until the first socket is registered the selector does
 *       not exist and the poller parks in {@link LockSupport#parkNanos} instead, so a program
 *       that never touches the network opens no descriptor for it.</li>
 *   <li>{@link #pollIfStale} polls when nobody has for {@value #STALE_POLL_MS} ms although
 *       someone waits, so that Ms kept busy by goroutines that never idle still deliver
 *       readiness (Go: sysmon's netpoll when {@code lastpoll} is older than 10 ms).</li>
 *   <li>{@link #breakPoll} wakes the blocked poller (Go: netpollBreak): a timer earlier than its
 *       deadline ({@link #wakeNetPoller}), the last timer gone, its Go.run call over, a new
 *       interest in a socket.</li>
 * </ol>
 *
 * <h2>The java.nio trap, and what is done about it</h2>
 * A thread blocked in {@code select} holds the selector's monitor, so another thread's
 * {@code select}/{@code selectNow} would block behind it; and a change of a key's interest set
 * made while a {@code select} is in progress is seen only by the next one. So:
 * <ul>
 *   <li>one thread polls at a time, through the try-lock {@link #polling}: a non-blocking poll
 *       that finds it held is skipped (someone is polling), and only the poller blocks;</li>
 *   <li>keys are registered ({@code register} with interest 0) and their interest sets changed
 *       from any thread, with the atomic {@link SelectionKey#interestOpsOr} /
 *       {@link SelectionKey#interestOpsAnd} (thread safe and non-blocking since JDK 11), and the
 *       thread that <em>adds</em> an interest wakes a blocked poller ({@link #armed}), which then
 *       selects again with the new interest set. Go needs none of this because it registers each
 *       socket once, edge-triggered; the selector is level-triggered, so an interest is one-shot
 *       here: the poller clears the ready operations from the interest set as it reports them,
 *       and a waiter adds its operation back before it parks;</li>
 *   <li>a closed channel that was registered is really closed (its descriptor released) only
 *       when a selection operation deregisters its cancelled key; {@link #deregistered} makes one
 *       happen soon: a poll of its own, or a wake-up of the poller, or (when another thread holds
 *       the poll lock) a flag the holder checks on release;</li>
 *   <li>{@code selectNow} clears a pending {@code wakeup}, so a wake-up sent to an M between its
 *       claim of the poller's place and its {@code select} could be eaten by another thread's
 *       non-blocking poll: every non-blocking poll repeats the wake-up when a poller exists.</li>
 * </ul>
 *
 * <p>Go: runtime/netpoll.go and netpoll_epoll.go (netpollinit, netpoll, netpollBreak,
 * netpollWaiters), sched.lastpoll and sched.pollUntil, wakeNetPoller, and the netpoll calls of
 * findRunnable and sysmon (runtime/proc.go).
 */
final class Netpoll {
    /** Waiters wait at most this long for a poll while every M is busy. Go: sysmon's 10 ms. */
    static final long STALE_POLL_MS = 10;
    private static final long STALE_POLL_NANOS = STALE_POLL_MS * 1_000_000L;
    /** {@link #sleeperUntil} when the poller's deadline is not known yet (or there is no poller). Go: pollUntil == 0. */
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final Sched sched;
    /** The selector, opened by the first socket. Written once under {@code this}. Go: epfd (netpollinit). */
    private volatile Selector selector;
    /**
     * Held by the one thread polling the selector. Pairs with {@link #deregisterPending}: a
     * holder re-checks that flag after it lets go.
     */
    private final AtomicBoolean polling = new AtomicBoolean();
    /** Goroutines and threads parked on a poll descriptor. Go: netpollWaiters. */
    final AtomicInteger waiters = new AtomicInteger();
    /** The M blocked in the poller, or null. Go: sched.lastpoll == 0 while it is set. */
    private final AtomicReference<M> sleeper = new AtomicReference<>();
    /** When the poller wakes by itself, or {@link #UNKNOWN}. Go: sched.pollUntil. */
    private volatile long sleeperUntil = UNKNOWN;
    /** {@link System#nanoTime} of the last poll's end. Go: sched.lastpoll. */
    private volatile long lastPoll = System.nanoTime();
    /** A cancelled key waits for a selection operation to release its channel's descriptor. */
    private volatile boolean deregisterPending;
    /** Polls made so far (tests: an idle poller does not spin). */
    private final AtomicLong polls = new AtomicLong();

    /** The waiters the poll in progress found. Guarded by {@link #polling}. */
    private Waiter[] found = new Waiter[64];
    /** How many of {@link #found} are set. Guarded by {@link #polling}. */
    private int nfound;
    /** Reports the keys a selection found, one call per key. Runs under {@link #polling}. */
    private final Consumer<SelectionKey> onReady = this::ready;

    Netpoll(Sched sched) {
        this.sched = sched;
    }

    // ------------------------------------------------------------------ sockets

    /** The selector, opened on first use. Any thread. Go: netpollGenericInit. */
    Selector selector() {
        Selector s = selector;
        if (s == null) {
            synchronized (this) {
                s = selector;
                if (s == null) {
                    try {
                        s = Selector.open();
                    } catch (IOException e) {
                        throw new UncheckedIOException("netpollinit: cannot open a selector", e);
                    }
                    selector = s;
                    breakPoll(); // a poller parked without a selector must select from now on
                }
            }
        }
        return s;
    }

    /**
     * An interest was just added to a key ({@code previousOps} lacked it): a poller blocked in
     * select since before the change would not see it, so wake it. Any thread. Go: (none; epoll
     * is edge-triggered there).
     */
    void armed(int previousOps, int op) {
        if ((previousOps & op) == 0 && sleeper.get() != null) {
            breakPoll();
        }
    }

    /**
     * A plain thread or a pinned goroutine now waits on a socket: no M of its own will poll for
     * it, so make sure one will (an M that finds no work blocks in the poller as long as someone
     * waits). Any thread.
     */
    void ensurePoller() {
        if (sleeper.get() == null) {
            sched.ms().startIdle();
        }
    }

    /**
     * {@link #ensurePoller} when someone waits on the network and no M is the poller: for an M
     * about to stop without a P right after its goroutine parked (sysmon retook the P while the
     * goroutine ran). Its waiter counted before this looks, and the last M that gave up a P put
     * that P on the idle list before it looked for waiters, so either that M saw the waiter and
     * polls, or the P it left is idle for the M this starts. Any thread. Go: (none; a Go thread
     * back from a system call without a P never parks its goroutine itself, exitsyscall0 queues it).
     */
    void ensurePollerIfWaiting() {
        if (needsPoller()) {
            sched.ms().startIdle();
        }
    }

    /**
     * A registered channel was closed: its key is cancelled, and its descriptor is released at
     * the next selection operation. Make that happen soon. Any thread.
     */
    void deregistered() {
        deregisterPending = true;
        flushDeregistrations();
    }

    /**
     * Polls once without blocking while a deregistration is pending; wakes the holder of the poll
     * lock if busy. Returns how many waiters its polls readied (on the caller's P when it has one).
     */
    private int flushDeregistrations() {
        int readied = 0;
        while (deregisterPending) {
            if (!polling.compareAndSet(false, true)) {
                Selector s = selector;
                if (s != null) {
                    s.wakeup(); // a blocked poller returns and deregisters; any holder re-checks on release
                }
                return readied;
            }
            deregisterPending = false;
            pollLocked(0);
            readied += readyFound();
            polling.set(false);
        }
        return readied;
    }

    // ------------------------------------------------------------------ polling

    /** Whether goroutines or threads wait on the network. Go: netpollAnyWaiters. */
    boolean waiting() {
        return waiters.get() > 0;
    }

    /**
     * Whether goroutines or threads wait on the network and no M is the poller: one giving away
     * the last running P must start an M to poll. Any thread. Go: handoffp's
     * {@code sched.npidle == gomaxprocs-1 && sched.lastpoll != 0}.
     */
    boolean needsPoller() {
        return waiters.get() > 0 && sleeper.get() == null;
    }

    /** Polls made so far. */
    long polls() {
        return polls.get();
    }

    /**
     * Polls without blocking, when someone waits and no M is blocked in the poller, and readies
     * what it finds (on the caller's P when it has one). Returns whether it readied any, the
     * waiters of a deregistration's poll on release included: findRunnable gives its P away when
     * this says no, and a P must never go idle with work in its queue. Any M.
     * Go: findRunnable's netpoll(0) + injectglist.
     */
    boolean pollNonBlocking() {
        if (waiters.get() == 0 || sleeper.get() != null || selector == null
                || !polling.compareAndSet(false, true)) {
            return false;
        }
        int readied = 0;
        try {
            pollLocked(0);
            readied = readyFound();
        } finally {
            readied += release();
        }
        return readied > 0;
    }

    /**
     * Polls without blocking when someone waits and nobody has polled for
     * {@value #STALE_POLL_MS} ms. Any thread. Go: sysmon's netpoll.
     */
    boolean pollIfStale(long now) {
        return now - lastPoll > STALE_POLL_NANOS && pollNonBlocking();
    }

    /**
     * {@code m}, which holds no P and found no work, becomes the poller if a timer is pending or
     * someone waits on the network and no other M is the poller: it blocks until the earliest
     * timer is due, a socket is ready, or {@link #breakPoll}; then takes an idle P and readies on
     * it the waiters it found. Returns whether it holds a P (the caller looks for work again;
     * else it stops). Owner M only.
     * Go: findRunnable's blocking netpoll(pollUntil - now) (formerly SchedTimers.sleepUntilTimer).
     */
    boolean block(M m) {
        SchedTimers timers = sched.timers();
        if (!timers.pending() && waiters.get() == 0 || !sleeper.compareAndSet(null, m)) {
            return false;
        }
        boolean locked = false;
        boolean interrupted = Interrupts.take(); // a set flag would end every park and select at once
        for (;;) {
            boolean unwanted = false;
            try {
                for (;;) {
                    // re-check after the claim: a timer removed or a waiter gone in between saw no poller to wake
                    if (!timers.pending() && waiters.get() == 0) {
                        unwanted = true;
                        break;
                    }
                    if (m.main != null && m.main.done) {
                        break;
                    }
                    long until = timers.earliest();
                    long now = System.nanoTime();
                    if (until != Long.MAX_VALUE && until - now <= 0) {
                        break;
                    }
                    sleeperUntil = until;
                    long delay = until == Long.MAX_VALUE ? -1 : until - now;
                    Selector s = selector;
                    if (s == null) {
                        interrupted |= delay < 0 ? Interrupts.park(this) : Interrupts.parkNanos(this, delay);
                        break; // the selector may exist now, or a timer is due: look again from the top
                    }
                    while (!polling.compareAndSet(false, true)) {
                        Thread.onSpinWait(); // a non-blocking poll in progress: it is short
                    }
                    locked = true;
                    pollLocked(delay < 0 ? -1 : Math.max(1, (delay + 999_999) / 1_000_000));
                    interrupted |= Interrupts.take();
                    if (nfound > 0) {
                        break;
                    }
                    locked = false;
                    release();
                }
            } finally {
                sleeperUntil = UNKNOWN;
                sleeper.set(null);
            }
            // Leaving because nothing was wanted: a waiter that parked (or a timer armed) after
            // the re-check above found the claim still held, counted on this M and stopped. Its
            // count came before its failed claim, which came before the release just made, so
            // looking again now sees it (Dekker's pattern on waiters/timers and sleeper): take
            // the poller's place back rather than leave a waiter with nobody polling (a failed
            // claim means another M polls). Nothing wanted any more leaves as before, so an idle
            // runtime still does not poll.
            if (!unwanted || !timers.pending() && waiters.get() == 0 || !sleeper.compareAndSet(null, m)) {
                break;
            }
        }
        Interrupts.keep(m, interrupted);
        boolean gotP = sched.ps().acquireIdle(m);
        if (locked) {
            readyFound(); // with a P, the goroutines go to its run queue
            release();
        }
        if (!gotP && m.main != null && m.main.done && (timers.pending() || waiters.get() > 0)) {
            sched.ms().startIdle(); // the poller leaves with its Go.run call: another M must take over
        }
        return gotP;
    }

    /**
     * Wakes the poller: its select returns, or its park ends. Any thread. Go: netpollBreak.
     */
    void breakPoll() {
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
        M p = sleeper.get();
        if (p != null) {
            LockSupport.unpark(p.thread);
        }
    }

    /**
     * A timer was armed for {@code when} as the earliest of its P: wake the poller if it would
     * sleep past it, or start an M when nobody polls. Any thread. Go: wakeNetPoller.
     */
    void wakeNetPoller(long when) {
        if (sleeper.get() != null) {
            long until = sleeperUntil;
            if (until == UNKNOWN || when - until < 0) {
                breakPoll();
            }
        } else if (Sched.currentP() != null) {
            sched.ms().wakep(); // as Go: the arming goroutine's own M looks at its timers anyway
        } else {
            sched.ms().startIdle(); // armed by a thread without a P: no M of its own will look
        }
    }

    /** The last timer is gone: a poller that waits only for timers must go idle, so that checkdead runs. */
    void timersGone() {
        if (sleeper.get() != null) {
            breakPoll();
        }
    }

    /** Wakes {@code m} if it is the poller (its Go.run call ended). Any thread. */
    void wakeIfPoller(M m) {
        if (sleeper.get() == m) {
            breakPoll();
        }
    }

    /**
     * One selection: {@code timeoutMs} 0 does not block, -1 blocks until woken. Collects the
     * waiters of the ready keys in {@link #found}. Caller holds {@link #polling}.
     */
    private void pollLocked(long timeoutMs) {
        Selector s = selector;
        polls.incrementAndGet();
        try {
            if (timeoutMs == 0) {
                s.selectNow(onReady);
                // selectNow clears a pending wakeup: one meant for an M that became the poller
                // and has not reached its select yet (a close's flush, or a non-blocking poll
                // that raced its claim) would be lost, and it would sleep past a timer or past
                // its Go.run call's end. Repeat it; a spurious wake-up only makes it look again.
                M poller = sleeper.get();
                if (poller != null && poller.thread != Thread.currentThread()) {
                    s.wakeup();
                }
            } else {
                s.select(onReady, timeoutMs < 0 ? 0 : timeoutMs);
            }
        } catch (IOException e) {
            Panics.uncaught(0, e); // the selector is broken: report it; the waiters' deadlines still fire
        }
        lastPoll = System.nanoTime();
    }

    /**
     * A key is ready: its ready operations leave its interest set (one-shot: the selector is
     * level-triggered), and the waiters of those operations are collected. Caller holds
     * {@link #polling}. Go: netpoll's loop over the epoll events, netpollready.
     */
    private void ready(SelectionKey k) {
        PollDesc pd = (PollDesc) k.attachment();
        int ops;
        try {
            ops = k.readyOps();
            k.interestOpsAnd(~ops);
        } catch (CancelledKeyException e) {
            return; // closed meanwhile: close readied its waiters
        }
        if ((ops & pd.readOps) != 0) {
            collect(pd.unblock(PollDesc.MODE_READ, true));
        }
        if ((ops & pd.writeOps) != 0) {
            collect(pd.unblock(PollDesc.MODE_WRITE, true));
        }
    }

    private void collect(Waiter w) {
        if (w == null) {
            return;
        }
        if (nfound == found.length) {
            Waiter[] bigger = new Waiter[found.length * 2];
            System.arraycopy(found, 0, bigger, 0, nfound);
            found = bigger;
        }
        found[nfound++] = w;
    }

    /** Readies the waiters the last poll found; returns how many. Caller holds {@link #polling}. Go: injectglist. */
    private int readyFound() {
        int n = nfound;
        nfound = 0;
        for (int i = 0; i < n; i++) {
            Waiter w = found[i];
            found[i] = null;
            w.ready();
        }
        return n;
    }

    /**
     * Lets go of {@link #polling}, then does a deregistration that came meanwhile; returns how
     * many waiters that readied. Pairs with {@link #flushDeregistrations}.
     */
    private int release() {
        polling.set(false);
        return deregisterPending ? flushDeregistrations() : 0;
    }
}
