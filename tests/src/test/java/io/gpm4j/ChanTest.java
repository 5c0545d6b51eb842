package io.gpm4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Go's channel semantics, one by one, in goroutines and on plain threads. */
class ChanTest {
    @Test
    void unbufferedSendWaitsForTheReceiver() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Go.run(() -> {
            Chan<Integer> c = Chan.make();
            AtomicInteger done = new AtomicInteger();
            AtomicLong sender = new AtomicLong();
            Go.go(() -> {
                sender.set(Go.goid());
                events.add("send start");
                c.send(42);
                events.add("send done");
                done.incrementAndGet();
            });
            while (sender.get() == 0) {
                Go.gosched();
            }
            WaitReasons.awaitParked(sender.get(), "chan send"); // the sender is parked: nobody receives yet
            assertEquals(0, done.get(), "the send did not complete without a receiver");
            events.add("recv start");
            assertEquals(42, c.recv());
            while (done.get() == 0) {
                Go.gosched();
            }
        });
        assertEquals(List.of("send start", "recv start", "send done"), events);
    }

    @Test
    void bufferedChannelsAreFifoUpToTheirCapacity() {
        Go.run(() -> {
            Chan<String> c = Chan.make(3);
            assertEquals(3, c.cap());
            c.send("a");
            c.send(null);
            c.send("c");
            assertEquals(3, c.len());
            AtomicInteger fourth = new AtomicInteger();
            AtomicLong sender = new AtomicLong();
            Go.go(() -> {
                sender.set(Go.goid());
                c.send("d"); // blocks: the buffer is full
                fourth.set(1);
            });
            while (sender.get() == 0) {
                Go.gosched();
            }
            WaitReasons.awaitParked(sender.get(), "chan send");
            assertEquals(0, fourth.get(), "a send into a full buffer must block");
            assertEquals(3, c.len(), "the parked value is not in the buffer");
            assertEquals("a", c.recv());
            assertNull(c.recv(), "null is a legal element");
            assertEquals("c", c.recv());
            assertEquals("d", c.recv());
            assertEquals(0, c.len());
        });
    }

    @Test
    void closeWakesParkedReceiversWithZeroAndMakesParkedSendersThrow() {
        Go.run(() -> {
            Chan<Integer> in = Chan.make();
            Chan<Integer> out = Chan.make();
            AtomicInteger receiversWoken = new AtomicInteger();
            AtomicInteger sendersFailed = new AtomicInteger();
            Set<Long> receivers = ConcurrentHashMap.newKeySet();
            Set<Long> senders = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 5; i++) {
                Go.go(() -> {
                    receivers.add(Go.goid());
                    Chan.Received<Integer> r = in.recvOk();
                    if (r.value() == null && !r.ok()) {
                        receiversWoken.incrementAndGet();
                    }
                });
                Go.go(() -> {
                    senders.add(Go.goid());
                    try {
                        out.send(1);
                    } catch (IllegalStateException e) {
                        if (e.getMessage().equals("send on closed channel")) {
                            sendersFailed.incrementAndGet();
                        }
                    }
                });
            }
            while (receivers.size() < 5 || senders.size() < 5) {
                Go.gosched();
            }
            // all ten are parked: close must wake them from their parks, not meet them on the fast path
            WaitReasons.awaitParked(receivers, "chan receive");
            WaitReasons.awaitParked(senders, "chan send");
            assertEquals(0, receiversWoken.get() + sendersFailed.get());
            in.close();
            out.close();
            while (receiversWoken.get() + sendersFailed.get() < 10) {
                Go.gosched();
            }
            assertEquals(5, receiversWoken.get());
            assertEquals(5, sendersFailed.get());
        });
    }

    @Test
    void receiveAfterCloseDrainsTheBufferFirst() {
        Chan<Integer> c = Chan.make(2);
        c.send(1);
        c.send(2);
        c.close();
        assertEquals(new Chan.Received<>(1, true), c.recvOk());
        assertEquals(new Chan.Received<>(2, true), c.recvOk());
        assertEquals(new Chan.Received<>(null, false), c.recvOk());
        assertEquals(new Chan.Received<>(null, false), c.recvOk());
    }

    @Test
    void sendOrCloseOnAClosedChannelThrowsGosMessages() {
        Chan<Integer> c = Chan.make(1);
        c.close();
        IllegalStateException send = assertThrows(IllegalStateException.class, () -> c.send(1));
        assertEquals("send on closed channel", send.getMessage());
        IllegalStateException close = assertThrows(IllegalStateException.class, c::close);
        assertEquals("close of closed channel", close.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Chan.make(-1));
    }

    @Test
    void rangeReceivesEverythingUntilClosed() {
        List<Integer> got = new ArrayList<>();
        Go.run(() -> {
            Chan<Integer> c = Chan.make();
            Go.go(() -> {
                for (int i = 0; i < 100; i++) {
                    c.send(i);
                }
                c.close();
            });
            c.range(got::add);
        });
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add(i);
        }
        assertEquals(expected, got);
    }

    @Test
    void plainThreadsSendToAndReceiveFromGoroutines() throws Exception {
        Chan<Integer> toGo = Chan.make();
        Chan<Integer> fromGo = Chan.make();
        Go.go(() -> {
            for (int i = 0; i < 1000; i++) {
                fromGo.send(toGo.recv() * 2);
            }
        });
        int sum = 0;
        for (int i = 0; i < 1000; i++) {
            toGo.send(i);
            sum += fromGo.recv();
        }
        assertEquals(999 * 1000, sum);
    }

    @Test
    void unbufferedHandOffIsDirectAndOrderedPerSender() {
        int senders = 8;
        int each = 2000;
        int[][] got = new int[senders][];
        Go.run(() -> {
            Chan<int[]> c = Chan.make();
            for (int s = 0; s < senders; s++) {
                int id = s;
                Go.go(() -> {
                    for (int i = 0; i < each; i++) {
                        c.send(new int[] {id, i});
                    }
                });
            }
            int[] next = new int[senders];
            for (int k = 0; k < senders * each; k++) {
                int[] v = c.recv();
                assertEquals(next[v[0]], v[1], "per-sender FIFO");
                next[v[0]]++;
            }
            got[0] = next;
        });
        int[] expected = new int[senders];
        Arrays.fill(expected, each);
        assertTrue(Arrays.equals(expected, got[0]));
        assertFalse(got[0].length == 0);
    }
}
