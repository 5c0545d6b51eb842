package io.gpm4j.examples;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.sync.WaitGroup;

/**
 * Two goroutines, ping and pong, bounce a ball (a hit counter) back and forth over unbuffered
 * channels until it has been hit {@code N} times (default 10000). The player who makes the last
 * hit hands the ball to {@code main} and closes its outgoing channel, which tells the other player
 * the game is over. Run it under the agent with {@code main} mode:
 *
 * <pre>java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar=main -cp examples/target/classes io.gpm4j.examples.PingPong 10000</pre>
 */
public final class PingPong {
    private PingPong() {
    }

    /**
     * Receives the ball on {@code in}, hits it and sends it on {@code out}, until {@code in} is
     * closed or this player makes hit number {@code n}; returns how many hits it made.
     */
    static int player(Chan<Integer> in, Chan<Integer> out, Chan<Integer> last, int n) {
        int hits = 0;
        for (;;) {
            Integer ball = in.recv(); // null once the other player closed the channel
            if (ball == null) {
                return hits;
            }
            ball++;
            hits++;
            if (ball == n) {
                last.send(ball);
                out.close();
                return hits;
            }
            out.send(ball);
        }
    }

    public static void main(String[] args) {
        int n = Args.of(args, 1, "java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar=main -cp examples/target/classes io.gpm4j.examples.PingPong [hits, default 10000]").number(0, 10_000, Integer.MAX_VALUE);
        Chan<Integer> toPing = Chan.make();
        Chan<Integer> toPong = Chan.make();
        Chan<Integer> last = Chan.make();
        int[] hits = new int[2];
        WaitGroup wg = new WaitGroup();
        wg.add(2);
        Go.go(() -> {
            hits[0] = player(toPing, toPong, last, n);
            wg.done();
        });
        Go.go(() -> {
            hits[1] = player(toPong, toPing, last, n);
            wg.done();
        });
        toPing.send(0); // serve
        int ball = last.recv();
        wg.await();
        System.out.println("ping: " + hits[0] + " hits");
        System.out.println("pong: " + hits[1] + " hits");
        System.out.println("final count: " + ball);
    }
}
