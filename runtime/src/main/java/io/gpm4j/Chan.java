package io.gpm4j;

import io.gpm4j.runtime.WaitReason;
import io.gpm4j.runtime.Goroutines;
import io.gpm4j.runtime.RuntimeLock;
import io.gpm4j.runtime.park.Parking;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A channel, as Go's {@code chan T}: a ring buffer for a buffered channel, FIFO queues of parked
 * senders and receivers, and a direct hand-off to a parked receiver (a sent value never goes
 * through the buffer when someone is waiting for it). {@code null} is a legal element.
 *
 * <p>Every operation works in a goroutine (which parks by suspending) and on a plain thread
 * (which blocks). Go: hchan, chansend, chanrecv, closechan (runtime/chan.go).
 *
 * @param <T> the element type
 */
public final class Chan<T> {
    private static final AtomicLong IDS = new AtomicLong();

    /** Orders channels for locking in select (Go orders by hchan address). */
    final long id = IDS.incrementAndGet();
    /** Go: hchan.lock. Released by the park's unlock function once a waiter is parked (chanparkcommit). */
    final RuntimeLock lock = new RuntimeLock();
    /** The ring buffer, or null for an unbuffered channel. Guarded by lock. Go: buf, dataqsiz. */
    private final Object[] buf;
    private int sendx;
    private int recvx;
    /** Values in the buffer. Written under lock; read racily by len(). Go: qcount. */
    private volatile int qcount;
    /** Go: closed. Written under lock. */
    private volatile boolean closed;
    final WaitQueue recvq = new WaitQueue();
    final WaitQueue sendq = new WaitQueue();

    private Chan(int capacity) {
        this.buf = capacity == 0 ? null : new Object[capacity];
    }

    /** An unbuffered channel ({@code make(chan T)}). */
    public static <T> Chan<T> make() {
        return new Chan<>(0);
    }

    /**
     * A channel with a buffer of {@code capacity} values ({@code make(chan T, n)}).
     *
     * @throws IllegalArgumentException when {@code capacity < 0}
     */
    public static <T> Chan<T> make(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("makechan: size out of range: " + capacity);
        }
        return new Chan<>(capacity);
    }

    /** A received value and whether it came from a send ({@code v, ok := <-ch}). */
    public record Received<T>(T value, boolean ok) {
    }

    /** Outcomes of {@link #sendLocked}. */
    static final int SENT = 0;
    static final int CLOSED = 1;
    static final int WOULD_BLOCK = 2;

    /**
     * Sends {@code v} ({@code ch <- v}), blocking until a receiver takes it or the buffer has room.
     *
     * @throws IllegalStateException "send on closed channel"
     */
    public void send(T v) {
        lock.lock();
        Sudog[] wake = new Sudog[1];
        int r = sendLocked(v, wake);
        if (r != WOULD_BLOCK) {
            lock.unlock();
            finish(r, wake[0]);
            return;
        }
        Sudog s = Sudog.acquire(Goroutines.currentWaiter(), v);
        sendq.enqueue(s);
        Parking.park(RuntimeLock.UNLOCK_AFTER_PARK, lock, WaitReason.CHAN_SEND);
        boolean sent = s.success;
        Sudog.release(s);
        if (!sent) {
            throw new IllegalStateException("send on closed channel");
        }
    }

    /** After the lock is released: wake the receiver handed a value, or fail on a closed channel. */
    static void finish(int outcome, Sudog wake) {
        if (wake != null) {
            wake.waiter.ready();
        }
        if (outcome == CLOSED) {
            throw new IllegalStateException("send on closed channel");
        }
    }

    /**
     * The send, if it can proceed without blocking: {@link #CLOSED} on a closed channel; a
     * parked receiver is handed the value (and put in {@code wake[0]}, to be readied once the
     * lock is released) or the value is buffered: {@link #SENT}. Else {@link #WOULD_BLOCK}.
     * Caller holds the lock and keeps it. Go: chansend's fast paths and send.
     */
    int sendLocked(Object v, Sudog[] wake) {
        if (closed) {
            return CLOSED;
        }
        Sudog r = recvq.dequeue();
        if (r != null) {
            r.elem = v;
            r.success = true;
            markWinner(r);
            wake[0] = r;
            return SENT;
        }
        if (buf != null && qcount < buf.length) {
            buf[sendx] = v;
            sendx = (sendx + 1) % buf.length;
            qcount++;
            return SENT;
        }
        return WOULD_BLOCK;
    }

    /**
     * Receives a value ({@code <-ch}); after close and drain returns null (the zero value).
     * {@link #recvOk}'s steps without its record: a receive allocates nothing but a parked
     * receiver's sudog (a record per value was a fifth of a buffered channel's cost).
     */
    @SuppressWarnings("unchecked")
    public T recv() {
        lock.lock();
        Object[] got = new Object[3];
        if (recvLocked(got)) {
            lock.unlock();
            wake(got);
            return (T) got[0];
        }
        Sudog s = Sudog.acquire(Goroutines.currentWaiter(), null);
        recvq.enqueue(s);
        Parking.park(RuntimeLock.UNLOCK_AFTER_PARK, lock, WaitReason.CHAN_RECEIVE);
        T v = (T) s.elem;
        Sudog.release(s);
        return v;
    }

    /** Receives a value and whether it came from a send ({@code v, ok := <-ch}). */
    @SuppressWarnings("unchecked")
    public Received<T> recvOk() {
        lock.lock();
        Object[] got = new Object[3];
        if (recvLocked(got)) {
            lock.unlock();
            wake(got);
            return new Received<>((T) got[0], got[1] == Boolean.TRUE);
        }
        Sudog s = Sudog.acquire(Goroutines.currentWaiter(), null);
        recvq.enqueue(s);
        Parking.park(RuntimeLock.UNLOCK_AFTER_PARK, lock, WaitReason.CHAN_RECEIVE);
        Received<T> r = new Received<>((T) s.elem, s.success);
        Sudog.release(s);
        return r;
    }

    /** Readies the sender a receive took a value from ({@code got[2]}), once the lock is released. */
    static void wake(Object[] got) {
        if (got[2] != null) {
            ((Sudog) got[2]).waiter.ready();
        }
    }

    /**
     * The receive, if it can proceed without blocking: from a parked sender (through the buffer
     * when there is one, keeping FIFO order; the sender goes in {@code out[2]} to be readied once
     * the lock is released), from the buffer, or the zero value of a closed, drained channel;
     * stores value and ok into {@code out[0..1]} and returns true. Else false. Caller holds the
     * lock and keeps it. Go: chanrecv's fast paths and recv.
     */
    boolean recvLocked(Object[] out) {
        Sudog s = sendq.dequeue();
        if (s != null) {
            Object v;
            if (buf == null) {
                v = s.elem;
            } else {
                // the buffer is full: take its head, put the sender's value at the freed tail
                v = buf[recvx];
                buf[recvx] = s.elem;
                recvx = (recvx + 1) % buf.length;
                sendx = recvx;
            }
            s.elem = null;
            s.success = true;
            markWinner(s);
            out[0] = v;
            out[1] = Boolean.TRUE;
            out[2] = s;
            return true;
        }
        if (qcount > 0) {
            Object v = buf[recvx];
            buf[recvx] = null;
            recvx = (recvx + 1) % buf.length;
            qcount--;
            out[0] = v;
            out[1] = Boolean.TRUE;
            return true;
        }
        if (closed) {
            out[0] = null;
            out[1] = Boolean.FALSE;
            return true;
        }
        return false;
    }

    /**
     * Closes the channel ({@code close(ch)}): every parked receiver gets the zero value with
     * {@code ok == false}, every parked sender throws "send on closed channel".
     *
     * @throws IllegalStateException "close of closed channel"
     */
    public void close() {
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new IllegalStateException("close of closed channel");
        }
        closed = true;
        java.util.List<Sudog> woken = new java.util.ArrayList<>();
        Sudog s;
        while ((s = recvq.dequeue()) != null) { // dequeue claims a select's sudog
            s.elem = null;
            s.success = false;
            markWinner(s);
            woken.add(s);
        }
        while ((s = sendq.dequeue()) != null) {
            s.success = false;
            markWinner(s);
            woken.add(s);
        }
        lock.unlock();
        for (Sudog w : woken) {
            w.waiter.ready();
        }
    }

    private static void markWinner(Sudog s) {
        if (s instanceof SelectSudog) {
            SelectSudog sel = (SelectSudog) s;
            sel.select.winner = sel;
        }
    }

    /** Values in the buffer ({@code len(ch)}). */
    public int len() {
        return qcount;
    }

    /** The buffer's size ({@code cap(ch)}). */
    public int cap() {
        return buf == null ? 0 : buf.length;
    }

    /** {@code for v := range ch { body(v) }}: receives until the channel is closed and drained. */
    public void range(Consumer<? super T> body) {
        Objects.requireNonNull(body, "body");
        for (;;) {
            Received<T> r = recvOk();
            if (!r.ok()) {
                return;
            }
            body.accept(r.value());
        }
    }
}
