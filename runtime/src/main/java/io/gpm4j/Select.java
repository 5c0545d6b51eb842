package io.gpm4j;

import io.gpm4j.runtime.WaitReason;
import io.gpm4j.runtime.Goroutines;
import io.gpm4j.runtime.ParkUnlock;
import io.gpm4j.runtime.Waiter;
import io.gpm4j.runtime.park.Parking;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Go's {@code select}: wait on several channel operations and perform exactly one.
 *
 * <p>As Go's selectgo: the cases are polled in a random order (so that when several are ready
 * each is chosen with equal probability); the channels are locked in one global order (so two
 * selects never deadlock on each other); when none is ready the caller is queued on every channel
 * and parks; whichever party completes one of its cases first claims the select, and on waking
 * the caller dequeues itself from the others. A {@code null} channel is never ready.
 *
 * <p>Go: selectgo (runtime/select.go).
 */
public final class Select {
    private static final ParkUnlock UNLOCK_ALL = (waiter, lock) -> {
        unlockAll((Chan<?>[]) lock);
        return true;
    };
    private static final ParkUnlock FOREVER = (waiter, lock) -> true;

    private Select() {
    }

    /**
     * One case of a select. After the select chose a receive case, {@link #value()} and
     * {@link #ok()} hold what it received.
     *
     * @param <T> the element type
     */
    public static final class Case<T> {
        final Chan<T> chan;
        final boolean send;
        final T sendValue;
        private T value;
        private boolean ok;

        private Case(Chan<T> chan, boolean send, T sendValue) {
            this.chan = chan;
            this.send = send;
            this.sendValue = sendValue;
        }

        /** The value received, when this receive case was chosen (null for a closed channel). */
        public T value() {
            return value;
        }

        /** Whether the value came from a send (false: the channel was closed). */
        public boolean ok() {
            return ok;
        }

        @SuppressWarnings("unchecked")
        void received(Object v, boolean fromSend) {
            value = (T) v;
            ok = fromSend;
        }
    }

    /** A receive case ({@code case v, ok := <-c}); a null channel is never ready. */
    public static <T> Case<T> recv(Chan<T> c) {
        return new Case<>(c, false, null);
    }

    /** A send case ({@code case c <- v}); a null channel is never ready. */
    public static <T> Case<T> send(Chan<T> c, T v) {
        return new Case<>(c, true, v);
    }

    /**
     * Blocks until one case can proceed, performs it and returns its index; chooses uniformly at
     * random among ready cases. With no cases (or only null channels) blocks forever.
     *
     * @throws IllegalStateException "send on closed channel" when the chosen send case's channel is closed
     */
    public static int select(Case<?>... cases) {
        return selectgo(cases, true);
    }

    /** Like {@link #select} with a {@code default:} branch: returns -1 at once when no case is ready. */
    public static int trySelect(Case<?>... cases) {
        return selectgo(cases, false);
    }

    private static int selectgo(Case<?>[] cases, boolean block) {
        int n = cases.length;
        int[] poll = new int[n];
        int live = 0;
        for (int i = 0; i < n; i++) {
            if (cases[i].chan != null) {
                poll[live++] = i;
            }
        }
        if (live == 0) {
            if (!block) {
                return -1;
            }
            for (;;) {
                Parking.park(FOREVER, null, WaitReason.SELECT_NO_CASES); // Go: block()
            }
        }
        // random poll order: Fisher-Yates. Go: fastrandn shuffle.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = live - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = poll[i];
            poll[i] = poll[j];
            poll[j] = t;
        }
        Chan<?>[] order = lockOrder(cases, poll, live);
        lockAll(order);

        // pass 1: the first ready case in poll order
        for (int k = 0; k < live; k++) {
            int i = poll[k];
            Case<?> c = cases[i];
            if (c.send) {
                int r = c.chan.sendLocked(c.sendValue);
                if (r != Chan.WOULD_BLOCK) {
                    Sudog w = c.chan.takeWoken();
                    unlockAll(order);
                    Chan.finish(r, w);
                    return i;
                }
            } else {
                Object v = c.chan.recvLocked();
                if (v != Chan.EMPTY) {
                    boolean ok = c.chan.receivedOk();
                    Sudog w = c.chan.takeWoken();
                    unlockAll(order);
                    Chan.ready(w);
                    c.received(v, ok);
                    return i;
                }
            }
        }
        if (!block) {
            unlockAll(order);
            return -1;
        }

        // pass 2: queue on every channel and park; the channels are unlocked once parked
        SelectState state = new SelectState();
        Waiter self = Goroutines.currentWaiter();
        SelectSudog[] queued = new SelectSudog[n];
        for (int k = 0; k < live; k++) {
            int i = poll[k];
            Case<?> c = cases[i];
            SelectSudog s = new SelectSudog(self, c.send ? c.sendValue : null, state, i);
            queued[i] = s;
            (c.send ? c.chan.sendq : c.chan.recvq).enqueue(s);
        }
        Parking.park(UNLOCK_ALL, order, WaitReason.SELECT);

        // pass 3: the winner was recorded by whoever completed it; leave the other queues
        lockAll(order);
        SelectSudog winner = state.winner;
        for (SelectSudog s : queued) {
            if (s != null && s != winner) {
                Case<?> c = cases[s.caseIndex];
                (c.send ? c.chan.sendq : c.chan.recvq).remove(s);
            }
        }
        unlockAll(order);
        Case<?> chosen = cases[winner.caseIndex];
        if (chosen.send) {
            if (!winner.success) {
                throw new IllegalStateException("send on closed channel");
            }
        } else {
            chosen.received(winner.elem, winner.success);
        }
        return winner.caseIndex;
    }

    /** The distinct channels of the cases, in the global lock order. Go: the heap sort by address. */
    private static Chan<?>[] lockOrder(Case<?>[] cases, int[] poll, int live) {
        Chan<?>[] chans = new Chan<?>[live];
        for (int k = 0; k < live; k++) {
            chans[k] = cases[poll[k]].chan;
        }
        Arrays.sort(chans, (a, b) -> Long.compare(a.id, b.id));
        int distinct = 0;
        for (int k = 0; k < live; k++) {
            if (distinct == 0 || chans[distinct - 1] != chans[k]) {
                chans[distinct++] = chans[k];
            }
        }
        return distinct == live ? chans : Arrays.copyOf(chans, distinct);
    }

    /** Go: sellock. */
    private static void lockAll(Chan<?>[] order) {
        for (Chan<?> c : order) {
            c.lock.lock();
        }
    }

    /** Go: selunlock (in reverse order). */
    private static void unlockAll(Chan<?>[] order) {
        for (int k = order.length - 1; k >= 0; k--) {
            order[k].lock.unlock();
        }
    }
}
