package io.gpm4j;

import io.gpm4j.runtime.SchedProbe;

/**
 * {@link SpreadAndStealTest}'s ping-pong on two Ps: the main goroutine and another hand a value
 * back and forth on unbuffered channels; after a warm-up, prints how many round trips it timed,
 * how many parked Ms were woken meanwhile, how long it took, and how many goroutines were stolen.
 */
public final class TalkingPairProgram {
    private TalkingPairProgram() {
    }

    public static void main(String[] args) {
        Go.gomaxprocs(2);
        int warmUp = 100_000;
        int roundTrips = 1_000_000;
        Go.run(() -> {
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Go.go(() -> {
                for (int i = 0; i < warmUp + roundTrips; i++) {
                    pong.send(ping.recv() + 1);
                }
            });
            for (int i = 0; i < warmUp; i++) {
                ping.send(i);
                pong.recv();
            }
            long wakes0 = SchedProbe.idleMWakes();
            long steals0 = SchedProbe.steals();
            long start = System.nanoTime();
            for (int i = warmUp; i < warmUp + roundTrips; i++) {
                ping.send(i);
                int got = pong.recv();
                if (got != i + 1) {
                    throw new AssertionError("sent " + i + ", got back " + got);
                }
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.println("roundTrips=" + roundTrips + " wakes=" + (SchedProbe.idleMWakes() - wakes0) + " ms=" + ms
                    + " steals=" + (SchedProbe.steals() - steals0));
        });
    }
}
