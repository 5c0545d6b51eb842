package io.gpm4j.examples;

import io.gpm4j.Chan;
import io.gpm4j.Go;

/**
 * The concurrent prime sieve from the Go documentation: a goroutine generates 2, 3, 4, ...; each
 * prime found gets a filter goroutine that drops its multiples, chained channel to channel. Run it
 * under the agent with {@code main} mode, so that {@code main} is goroutine 1, as in Go:
 *
 * <pre>java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar=main -cp examples/target/classes io.gpm4j.examples.PrimeSieve 25</pre>
 */
public final class PrimeSieve {
    private PrimeSieve() {
    }

    /** Sends 2, 3, 4, ... to {@code ch}. */
    static void generate(Chan<Integer> ch) {
        for (int i = 2; ; i++) {
            ch.send(i);
        }
    }

    /** Copies values from {@code in} to {@code out}, dropping those divisible by {@code prime}. */
    static void filter(Chan<Integer> in, Chan<Integer> out, int prime) {
        for (;;) {
            int i = in.recv();
            if (i % prime != 0) {
                out.send(i);
            }
        }
    }

    public static void main(String[] args) {
        int n = Args.of(args, 1, "java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar=main -cp examples/target/classes io.gpm4j.examples.PrimeSieve [primes, default 10]").number(0, 10, 100_000);
        Chan<Integer> ch = Chan.make();
        Go.go(() -> generate(ch));
        Chan<Integer> current = ch;
        StringBuilder primes = new StringBuilder("primes:");
        for (int i = 0; i < n; i++) {
            int prime = current.recv();
            primes.append(' ').append(prime);
            Chan<Integer> in = current;
            Chan<Integer> out = Chan.make();
            Go.go(() -> filter(in, out, prime));
            current = out;
        }
        System.out.println(primes);
        System.out.println("goroutine " + Go.goid() + ", " + Go.numGoroutine() + " goroutines");
    }
}
