package io.gpm4j;

import io.gpm4j.runtime.SchedProbe;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two goroutines on one P, each running a loop with long, double and object locals that also
 * makes a suspendable call, and never parking on its own. Prints what chaos mode did: the
 * preemptions honoured, how often the two took turns, its stalls and sysmon's hand-offs, and
 * whether each computed what the same code computes on a plain thread (where nothing is ever
 * preempted).
 */
public final class ChaosProgram {
    private static final int ITERATIONS = 20_000;
    /** Which goroutine ran the last iteration; a change is a switch between them. */
    private static final AtomicInteger last = new AtomicInteger(-1);
    private static final AtomicInteger switches = new AtomicInteger();

    private ChaosProgram() {
    }

    public static void main(String[] args) {
        String expected = work(0, false) + " " + work(1, false);
        String[] got = new String[2];
        Go.run(() -> {
            Go.gomaxprocs(1);
            Chan<Boolean> done = Chan.make(2);
            for (int id = 0; id < 2; id++) {
                int me = id;
                Go.go(() -> {
                    got[me] = work(me, true);
                    done.send(true);
                });
            }
            done.recv();
            done.recv();
        });
        System.out.println("preemptions=" + SchedProbe.preemptionsHonoured() + " switches=" + switches.get()
                + " stalls=" + SchedProbe.chaosStalls() + " handoffs=" + SchedProbe.handOffs()
                + " correct=" + expected.equals(got[0] + " " + got[1]));
    }

    /** A loop whose result depends on every local surviving each suspension. */
    static String work(int id, boolean inGoroutine) {
        long l = id;
        double d = 1.0;
        StringBuilder trail = new StringBuilder();
        for (int i = 0; i < ITERATIONS; i++) {
            l = l * 31 + step(i, id);
            d = d * 1.0001 + (i & 7);
            if (i % 1000 == 0) {
                trail.append(i / 1000 % 10);
            }
            if (inGoroutine && last.getAndSet(id) != id) {
                switches.incrementAndGet();
            }
        }
        return id + ":" + l + ":" + (long) d + ":" + trail;
    }

    /** Suspendable (it may yield), so its caller is rewritten; its prologue is a preemption point too. */
    static int step(int i, int id) {
        if (i < 0) {
            Go.gosched();
        }
        return i ^ id;
    }
}
