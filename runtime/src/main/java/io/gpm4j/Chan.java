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
    /**
     * Values in the buffer. Written under lock with plain stores (the lock's release publishes
     * them: a volatile store's fence on every buffered send and receive cost more than the rest of
     * the buffer's work); read racily by {@link #len}. Go: qcount.
     */
    private int qcount;
    private static final java.lang.invoke.VarHandle QCOUNT;

    static {
        try {
            QCOUNT = java.lang.invoke.MethodHandles.lookup().findVarHandle(Chan.class, "qcount", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /** Go: closed. Written under lock. */
    private volatile boolean closed;
    final WaitQueue recvq = new WaitQueue();
    final WaitQueue sendq = new WaitQueue();
    /**
     * The parked waiter that {@link #sendLocked} or {@link #recvLocked} completed, for their
     * caller to take ({@link #takeWoken}) before it releases the lock and to ready after: fields,
     * not an array per operation, so that a channel operation allocates nothing. Guarded by lock.
     */
    private Sudog woken;
    /** Whether {@link #recvLocked}'s value came from a send (false: closed and drained). Guarded by lock. */
    private boolean receivedOk;

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
    /** What {@link #recvLocked} returns when the receive would block (no value can be this object). */
    static final Object EMPTY = new Object();
    /** What {@link #recvNow} and {@link #recvOrEnd} return once the channel is closed and drained. */
    private static final Object END = new Object();

    /**
     * Sends {@code v} ({@code ch <- v}), blocking until a receiver takes it or the buffer has room.
     *
     * @throws IllegalStateException "send on closed channel"
     */
    public void send(T v) {
        lock.lock();
        int r = sendLocked(v);
        if (r != WOULD_BLOCK) {
            Sudog w = takeWoken();
            lock.unlock();
            finish(r, w);
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
     * parked receiver is handed the value (and left for {@link #takeWoken}, to be readied once
     * the lock is released) or the value is buffered: {@link #SENT}. Else {@link #WOULD_BLOCK}.
     * Caller holds the lock and keeps it. Go: chansend's fast paths and send.
     */
    int sendLocked(Object v) {
        if (closed) {
            return CLOSED;
        }
        Sudog r = recvq.dequeue();
        if (r != null) {
            r.elem = v;
            r.success = true;
            markWinner(r);
            woken = r;
            return SENT;
        }
        if (buf != null && qcount < buf.length) {
            buf[sendx] = v;
            if (++sendx == buf.length) { // not a %: an integer division costs more than the rest of a send
                sendx = 0;
            }
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
        Object v = recvNow();
        if (v != EMPTY) {
            return v == END ? null : (T) v;
        }
        Sudog s = Sudog.acquire(Goroutines.currentWaiter(), null);
        recvq.enqueue(s);
        Parking.park(RuntimeLock.UNLOCK_AFTER_PARK, lock, WaitReason.CHAN_RECEIVE);
        T got = (T) s.elem;
        Sudog.release(s);
        return got;
    }

    /**
     * Receives a value and whether it came from a send ({@code v, ok := <-ch}). It parks itself
     * rather than call {@link #recvOrEnd}: a goroutine parked here then has one frame in this
     * class, not two, to save (a parked goroutine's size).
     */
    @SuppressWarnings("unchecked")
    public Received<T> recvOk() {
        Object v = recvNow();
        if (v != EMPTY) {
            return v == END ? new Received<>(null, false) : new Received<>((T) v, true);
        }
        Sudog s = Sudog.acquire(Goroutines.currentWaiter(), null);
        recvq.enqueue(s);
        Parking.park(RuntimeLock.UNLOCK_AFTER_PARK, lock, WaitReason.CHAN_RECEIVE);
        Received<T> r = new Received<>((T) s.elem, s.success);
        Sudog.release(s);
        return r;
    }

    /**
     * {@code v, ok := <-ch} answered in one object: the value, or {@link #END} once the channel is
     * closed and drained; what {@link #range} loops on, so that it allocates no {@link Received}
     * per value.
     */
    private Object recvOrEnd() {
        Object v = recvNow();
        if (v != EMPTY) {
            return v;
        }
        Sudog s = Sudog.acquire(Goroutines.currentWaiter(), null);
        recvq.enqueue(s);
        Parking.park(RuntimeLock.UNLOCK_AFTER_PARK, lock, WaitReason.CHAN_RECEIVE);
        Object r = s.success ? s.elem : END;
        Sudog.release(s);
        return r;
    }

    /**
     * The receive's steps that never park, shared by {@link #recv}, {@link #recvOk} and
     * {@link #recvOrEnd}: takes the lock and, when a value or the close is there, returns it (or
     * {@link #END} for the close) with the lock released and the sender it came from readied;
     * else returns {@link #EMPTY} with the lock still held, for the caller to queue its sudog and
     * park under it (the park must be in the caller's own frame). Go: chanrecv up to its gopark.
     */
    private Object recvNow() {
        lock.lock();
        Object v = recvLocked();
        if (v == EMPTY) {
            return EMPTY;
        }
        boolean ok = receivedOk;
        Sudog w = takeWoken();
        lock.unlock();
        ready(w);
        return ok ? v : END;
    }

    /** Whether the last {@link #recvLocked}'s value came from a send. Caller holds the lock. */
    boolean receivedOk() {
        return receivedOk;
    }

    /**
     * The waiter the last {@link #sendLocked} or {@link #recvLocked} completed, or null; cleared,
     * so that the channel keeps no reference to it. Caller holds the lock.
     */
    Sudog takeWoken() {
        Sudog w = woken;
        woken = null;
        return w;
    }

    /** Readies {@code w} (a {@link #takeWoken} answer) once the lock is released. */
    static void ready(Sudog w) {
        if (w != null) {
            w.waiter.ready();
        }
    }

    /**
     * The receive, if it can proceed without blocking: from a parked sender (through the buffer
     * when there is one, keeping FIFO order; the sender is left for {@link #takeWoken}, to be
     * readied once the lock is released), from the buffer, or the zero value of a closed, drained
     * channel: returns the value and sets {@link #receivedOk}. Else {@link #EMPTY}. Caller holds
     * the lock and keeps it. Go: chanrecv's fast paths and recv.
     */
    Object recvLocked() {
        Sudog s = sendq.dequeue();
        if (s != null) {
            Object v;
            if (buf == null) {
                v = s.elem;
            } else {
                // the buffer is full: take its head, put the sender's value at the freed tail
                v = buf[recvx];
                buf[recvx] = s.elem;
                if (++recvx == buf.length) {
                    recvx = 0;
                }
                sendx = recvx;
            }
            s.elem = null;
            s.success = true;
            markWinner(s);
            woken = s;
            receivedOk = true;
            return v;
        }
        if (qcount > 0) {
            Object v = buf[recvx];
            buf[recvx] = null;
            if (++recvx == buf.length) {
                recvx = 0;
            }
            qcount--;
            receivedOk = true;
            return v;
        }
        if (closed) {
            receivedOk = false;
            return null;
        }
        return EMPTY;
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
        return (int) QCOUNT.getAcquire(this);
    }

    /** The buffer's size ({@code cap(ch)}). */
    public int cap() {
        return buf == null ? 0 : buf.length;
    }

    /** {@code for v := range ch { body(v) }}: receives until the channel is closed and drained. */
    @SuppressWarnings("unchecked")
    public void range(Consumer<? super T> body) {
        Objects.requireNonNull(body, "body");
        for (;;) {
            Object v = recvOrEnd();
            if (v == END) {
                return;
            }
            body.accept((T) v);
        }
    }
}
