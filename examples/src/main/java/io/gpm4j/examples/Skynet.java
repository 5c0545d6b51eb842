package io.gpm4j.examples;

import io.gpm4j.Chan;
import io.gpm4j.Go;

/**
 * The skynet benchmark: one goroutine starts 10 children, each of which starts 10 more, down to
 * 1,000,000 leaf goroutines numbered 0 to 999,999; each leaf sends its number up and each parent
 * sends the sum of its children, so the root receives 0 + 1 + ... + 999,999 = 499999500000. Prints
 * the sum, then the elapsed time. Run it under the agent with {@code main} mode:
 *
 * <pre>java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar=main -cp examples/target/classes io.gpm4j.examples.Skynet</pre>
 */
public final class Skynet {
    private Skynet() {
    }

    /** Sends to {@code c} the sum of {@code num .. num + size - 1}, splitting it {@code div} ways. */
    static void skynet(Chan<Long> c, long num, long size, long div) {
        if (size == 1) {
            c.send(num);
            return;
        }
        Chan<Long> rc = Chan.make();
        long childSize = size / div;
        for (long i = 0; i < div; i++) {
            long childNum = num + i * childSize;
            Go.go(() -> skynet(rc, childNum, childSize, div));
        }
        long sum = 0;
        for (long i = 0; i < div; i++) {
            sum += rc.recv();
        }
        c.send(sum);
    }

    static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }

    public static void main(String[] args) {
        Args a = Args.of(args, 1, "java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar=main -cp examples/target/classes"
                + " io.gpm4j.examples.Skynet [leaves: a power of 10, default 1000000]");
        long size = a.number(0, 1_000_000, 100_000_000);
        if (!isPowerOfTen(size)) {
            throw a.usage(); // each goroutine splits its range ten ways, down to ranges of one
        }
        long start = System.nanoTime();
        Chan<Long> c = Chan.make();
        Go.go(() -> skynet(c, 0, size, 10));
        long sum = c.recv();
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println(sum);
        System.out.println("took " + ms + " ms");
    }
}
