package io.gpm4j.sync;

import io.gpm4j.runtime.WaitReason;
import io.gpm4j.runtime.Goroutines;
import io.gpm4j.runtime.RuntimeLock;
import io.gpm4j.runtime.park.Parking;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The wait list under a {@link Cond}: a ticket-based queue. A waiter takes a ticket
 * ({@link #add}) while it still holds the Cond's mutex, then waits ({@link #await}) after
 * releasing it; a notify wakes the holder of the oldest unnotified ticket, or all of them. The
 * ticket is what makes this race-free: a signal that lands between the unlock and the wait is
 * not lost, because the waiter finds its ticket already notified and returns at once.
 *
 * <p>Go: notifyList, notifyListAdd, notifyListWait, notifyListNotifyOne, notifyListNotifyAll
 * (runtime/sema.go). Tickets wrap around; they are compared as Go does, by the sign of the
 * difference.
 */
final class NotifyList {
    static final WaitReason WAIT_REASON = WaitReason.SYNC_COND_WAIT;
    private static final VarHandle WAIT;

    static {
        try {
            WAIT = MethodHandles.lookup().findVarHandle(NotifyList.class, "wait", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Ticket of the next waiter. Atomic add without the lock. Go: notifyList.wait. */
    @SuppressWarnings("unused")
    private volatile int wait;
    /** Ticket of the next waiter to notify. Written under {@link #lock}, read without it. Go: notifyList.notify. */
    private volatile int notify;
    /** Guards the list; held from queueing until the waiter is parked. Go: notifyList.lock. */
    private final RuntimeLock lock = new RuntimeLock();
    /** Waiters in arrival order (not necessarily ticket order). Guarded by {@link #lock}. */
    private SemaWaiter head;
    private SemaWaiter tail;

    /** Takes a ticket. Call before releasing the lock the condition is about. Go: notifyListAdd. */
    int add() {
        return (int) WAIT.getAndAdd(this, 1);
    }

    /** Waits until ticket {@code t} is notified; returns at once if it already was. Go: notifyListWait. */
    void await(int t) {
        lock.lock();
        if (less(t, notify)) {
            lock.unlock();
            return;
        }
        SemaWaiter s = new SemaWaiter(Goroutines.currentWaiter(), null);
        s.ticket = t;
        if (tail == null) {
            head = s;
        } else {
            tail.next = s;
        }
        tail = s;
        // Released once we are parked: a notify dequeues us under the lock, so it only ever
        // readies a parked waiter. Go: goparkunlock(&l.lock, waitReasonSyncCondWait).
        Parking.park(RuntimeLock.UNLOCK_AFTER_PARK, lock, WAIT_REASON);
    }

    /** Wakes every waiter that took a ticket so far. Go: notifyListNotifyAll. */
    void wakeAll() {
        // Fast path: no ticket taken since the last notify, so nobody to wake; no lock.
        if (wait == notify) {
            return;
        }
        lock.lock();
        SemaWaiter s = head;
        head = null;
        tail = null;
        notify = wait; // every ticket taken so far is notified, including waiters not queued yet
        lock.unlock();
        // Ready outside the lock: readying may take the scheduler's lock.
        while (s != null) {
            SemaWaiter next = s.next;
            s.next = null;
            s.waiter.ready();
            s = next;
        }
    }

    /** Wakes the waiter with the oldest unnotified ticket, if any. Go: notifyListNotifyOne. */
    void wakeOne() {
        // Fast path: no ticket taken since the last notify, so nobody to wake; no lock.
        if (wait == notify) {
            return;
        }
        lock.lock();
        int t = notify;
        if (t == wait) {
            lock.unlock();
            return;
        }
        // Ticket t is notified now. Its holder is either queued (wake it) or between add and
        // await (it will see the ticket is notified and not park).
        notify = t + 1;
        for (SemaWaiter p = null, s = head; s != null; p = s, s = s.next) {
            if (s.ticket == t) {
                SemaWaiter n = s.next;
                if (p != null) {
                    p.next = n;
                } else {
                    head = n;
                }
                if (n == null) {
                    tail = p;
                }
                lock.unlock();
                s.next = null;
                s.waiter.ready();
                return;
            }
        }
        lock.unlock();
    }

    /** Ticket order with wrap-around. Go: less. */
    private static boolean less(int a, int b) {
        return a - b < 0;
    }
}
