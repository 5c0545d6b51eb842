package io.gpm4j;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * jcstress tests of the channel hand-off: a send to a parked receiver, a receive from a parked
 * sender, close waking parked parties, and a select whose parked sudogs race a send. Go: chansend,
 * chanrecv, closechan, selectgo (runtime/chan.go, select.go).
 *
 * <p>The actors are plain threads, so a blocking call blocks the thread (no agent, no
 * scheduler threads). <b>Every actor must terminate</b>, or the run hangs until jcstress times it
 * out: each blocking operation is matched in the same test by the operation that completes it (a
 * send by a receive, a receive by a send or a close), and an actor that must not wait polls with
 * {@link Select#trySelect}. A lost wake-up therefore shows as a hung test: jcstress reports it as
 * a TIMEOUT error, which run.sh counts as a failure.
 *
 * <p>Results encode a received value as itself, "closed" ({@code ok == false}) as {@link #CLOSED}
 * and "nothing" as {@link #NONE}; a send as {@link #SENT} or {@link #SEND_PANICKED}.
 */
public final class ChanStress {
    static final int NONE = 0;
    static final int CLOSED = -1;
    static final int SENT = 1;
    static final int SEND_PANICKED = 2;

    private ChanStress() {
    }

    static int received(Chan.Received<Integer> r) {
        return r.ok() ? r.value() : CLOSED;
    }

    /** A send that reports "send on closed channel" instead of throwing it. */
    static int send(Chan<Integer> ch, int v) {
        try {
            ch.send(v);
            return SENT;
        } catch (IllegalStateException e) {
            return SEND_PANICKED;
        }
    }

    /** Go: send to a parked receiver (send) or receive from a parked sender (recv), unbuffered. */
    @JCStressTest
    @Description("Unbuffered channel: a sender and a receiver meet; whichever comes second completes the one that parked.")
    @Outcome(id = "1, 42", expect = ACCEPTABLE, desc = "Sent once, received once.")
    @Outcome(expect = FORBIDDEN, desc = "The value lost, changed or doubled.")
    @State
    public static class Handoff {
        final Chan<Integer> ch = Chan.make();

        @Actor
        public void sender(II_Result r) {
            r.r1 = send(ch, 42);
        }

        @Actor
        public void receiver(II_Result r) {
            r.r2 = received(ch.recvOk());
        }
    }

    /** Go: closechan readying a parked receiver with ok == false. */
    @JCStressTest
    @Description("Unbuffered channel: close races a receiver that may already be parked.")
    @Outcome(id = "-1", expect = ACCEPTABLE, desc = "The receiver saw the close (woken by it, or after it).")
    @Outcome(expect = FORBIDDEN, desc = "The receiver got a value nobody sent.")
    @State
    public static class CloseVsParkedReceiver {
        final Chan<Integer> ch = Chan.make();

        @Actor
        public void receiver(I_Result r) {
            r.r1 = received(ch.recvOk());
        }

        @Actor
        public void closer() {
            ch.close();
        }
    }

    /**
     * Go: closechan readying a parked sender, which then panics. Close is observed consistently:
     * a later receive sees it too.
     */
    @JCStressTest
    @Description("Unbuffered channel: close races a sender that may already be parked; then the arbiter receives.")
    @Outcome(id = "2, -1", expect = ACCEPTABLE, desc = "The send panicked (woken by the close, or after it); the channel reads closed.")
    @Outcome(expect = FORBIDDEN, desc = "The send completed with no receiver, or the value was left in the channel.")
    @State
    public static class CloseVsParkedSender {
        final Chan<Integer> ch = Chan.make();

        @Actor
        public void sender(II_Result r) {
            r.r1 = send(ch, 42);
        }

        @Actor
        public void closer() {
            ch.close();
        }

        @Arbiter
        public void after(II_Result r) {
            r.r2 = received(ch.recvOk());
        }
    }

    /**
     * A parked sender vs a receiver that polls once and then closes: the value arrives exactly
     * once, and the sender learns which way it went.
     */
    @JCStressTest
    @Description("Unbuffered channel: a sender (may park) vs an actor that polls a receive with trySelect, then closes.")
    @Outcome(id = "1, 42", expect = ACCEPTABLE, desc = "The poll found the parked sender: delivered.")
    @Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "The poll found nobody; the close made the send panic.")
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "The sender thinks it delivered, nobody got the value.")
    @Outcome(id = "2, 42", expect = FORBIDDEN, desc = "The value was received and the send still panicked.")
    @Outcome(expect = FORBIDDEN, desc = "Other cases are broken.")
    @State
    public static class SendVsPollThenClose {
        final Chan<Integer> ch = Chan.make();

        @Actor
        public void sender(II_Result r) {
            r.r1 = send(ch, 42);
        }

        @Actor
        public void pollThenClose(II_Result r) {
            Select.Case<Integer> c = Select.recv(ch);
            r.r2 = Select.trySelect(c) == 0 ? (c.ok() ? c.value() : CLOSED) : NONE;
            ch.close();
        }
    }

    /**
     * A parked receiver vs a sender that polls once and then closes: the receiver gets the value
     * if and only if the poll says it was sent.
     */
    @JCStressTest
    @Description("Unbuffered channel: a receiver (may park) vs an actor that polls a send with trySelect, then closes.")
    @Outcome(id = "42, 1", expect = ACCEPTABLE, desc = "The poll found the parked receiver: delivered.")
    @Outcome(id = "-1, 0", expect = ACCEPTABLE, desc = "The poll found nobody; the receiver saw the close.")
    @Outcome(id = "-1, 1", expect = FORBIDDEN, desc = "The poll says sent, the receiver saw only the close.")
    @Outcome(id = "42, 0", expect = FORBIDDEN, desc = "The receiver got a value the poll says was not sent.")
    @Outcome(expect = FORBIDDEN, desc = "Other cases are broken.")
    @State
    public static class RecvVsPollThenClose {
        final Chan<Integer> ch = Chan.make();

        @Actor
        public void receiver(II_Result r) {
            r.r1 = received(ch.recvOk());
        }

        @Actor
        public void pollThenClose(II_Result r) {
            r.r2 = Select.trySelect(Select.send(ch, 42)) == 0 ? SENT : NONE;
            ch.close();
        }
    }

    /**
     * Go: selectgo parks on every case; the first send claims it (SelectState), and the other
     * channel's send must skip the claimed sudog and buffer its value.
     */
    @JCStressTest
    @Description("A blocking select on two buffered (capacity 1) channels a and b vs an actor sending 1 to a, then 2 to b.")
    @Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "The select took a's value; b's stays buffered.")
    @Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "Both were ready: the select took b's value; a's stays buffered.")
    @Outcome(expect = FORBIDDEN, desc = "A value lost or received twice.")
    @State
    public static class SelectVsTwoSends {
        final Chan<Integer> a = Chan.make(1);
        final Chan<Integer> b = Chan.make(1);

        @Actor
        public void selector(III_Result r) {
            Select.Case<Integer> ca = Select.recv(a);
            Select.Case<Integer> cb = Select.recv(b);
            int i = Select.select(ca, cb);
            Select.Case<Integer> c = i == 0 ? ca : cb;
            r.r1 = c.ok() ? c.value() : CLOSED;
        }

        @Actor
        public void sender() {
            a.send(1);
            b.send(2);
        }

        @Arbiter
        public void rest(III_Result r) {
            r.r2 = poll(a);
            r.r3 = poll(b);
        }

        private static int poll(Chan<Integer> ch) {
            Select.Case<Integer> c = Select.recv(ch);
            return Select.trySelect(c) == 0 ? (c.ok() ? c.value() : CLOSED) : NONE;
        }
    }

    /**
     * Go: recv from a full buffer with a parked sender: take the buffer's head, put the sender's
     * value at the freed tail (FIFO is kept), ready the sender.
     */
    @JCStressTest
    @Description("Buffered channel (capacity 1): a sender sends 1 then 2 (the second parks on a full buffer) vs a receiver receiving twice.")
    @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "Both received, in the order sent.")
    @Outcome(id = "2, 1", expect = FORBIDDEN, desc = "Order broken.")
    @Outcome(expect = FORBIDDEN, desc = "A value lost or received twice.")
    @State
    public static class BufferedFifoWithParkedSender {
        final Chan<Integer> ch = Chan.make(1);

        @Actor
        public void sender() {
            ch.send(1);
            ch.send(2);
        }

        @Actor
        public void receiver(II_Result r) {
            r.r1 = received(ch.recvOk());
            r.r2 = received(ch.recvOk());
        }
    }

    /** Go: a buffered send racing closechan; the buffered value survives the close. */
    @JCStressTest
    @Description("Buffered channel (capacity 1): a send races close; then the arbiter receives twice.")
    @Outcome(id = "1, 42, -1", expect = ACCEPTABLE, desc = "Sent before the close: the value is received, then the close.")
    @Outcome(id = "2, -1, -1", expect = ACCEPTABLE, desc = "Closed first: the send panicked, the channel reads closed.")
    @Outcome(expect = FORBIDDEN, desc = "A buffered value lost at close, or a panicked send's value delivered.")
    @State
    public static class BufferedSendVsClose {
        final Chan<Integer> ch = Chan.make(1);

        @Actor
        public void sender(III_Result r) {
            r.r1 = send(ch, 42);
        }

        @Actor
        public void closer() {
            ch.close();
        }

        @Arbiter
        public void after(III_Result r) {
            r.r2 = received(ch.recvOk());
            r.r3 = received(ch.recvOk());
        }
    }
}
