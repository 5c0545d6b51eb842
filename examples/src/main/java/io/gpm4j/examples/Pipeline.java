package io.gpm4j.examples;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.Select;
import io.gpm4j.sync.WaitGroup;

/**
 * A pipeline with cancellation, after Go's "Pipelines and cancellation" article: a generator
 * sends 1, 2, 3, ... for ever, a stage squares each value, and a stage sends the running sum of
 * the squares. {@code main} takes the first {@code K} sums (default 5) and then closes the
 * {@code done} channel; every stage selects on {@code done} whenever it could block, so all of
 * them return, closing their output as they go. A {@link WaitGroup} shows they all exited. Run it
 * under the agent with
 * {@code main} mode:
 *
 * <pre>java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar=main -cp examples/target/classes io.gpm4j.examples.Pipeline 5</pre>
 */
public final class Pipeline {
    private Pipeline() {
    }

    /** Sends 1, 2, 3, ... until {@code done} is closed. */
    static Chan<Long> generate(Chan<Void> done, WaitGroup wg) {
        Chan<Long> out = Chan.make();
        wg.add(1);
        Go.go(() -> {
            try {
                for (long i = 1; ; i++) {
                    if (Select.select(Select.send(out, i), Select.recv(done)) == 1) {
                        return;
                    }
                }
            } finally {
                out.close();
                wg.done();
            }
        });
        return out;
    }

    /** Sends the square of each value from {@code in}, until {@code in} or {@code done} is closed. */
    static Chan<Long> square(Chan<Void> done, Chan<Long> in, WaitGroup wg) {
        Chan<Long> out = Chan.make();
        wg.add(1);
        Go.go(() -> {
            try {
                for (;;) {
                    Select.Case<Long> v = Select.recv(in);
                    if (Select.select(v, Select.recv(done)) == 1 || !v.ok()) {
                        return;
                    }
                    if (Select.select(Select.send(out, v.value() * v.value()), Select.recv(done)) == 1) {
                        return;
                    }
                }
            } finally {
                out.close();
                wg.done();
            }
        });
        return out;
    }

    /** Sends the running sum of the values from {@code in}, until {@code in} or {@code done} is closed. */
    static Chan<Long> sum(Chan<Void> done, Chan<Long> in, WaitGroup wg) {
        Chan<Long> out = Chan.make();
        wg.add(1);
        Go.go(() -> {
            try {
                long total = 0;
                for (;;) {
                    Select.Case<Long> v = Select.recv(in);
                    if (Select.select(v, Select.recv(done)) == 1 || !v.ok()) {
                        return;
                    }
                    total += v.value();
                    if (Select.select(Select.send(out, total), Select.recv(done)) == 1) {
                        return;
                    }
                }
            } finally {
                out.close();
                wg.done();
            }
        });
        return out;
    }

    public static void main(String[] args) {
        int k = Args.of(args, 1, "java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar=main -cp examples/target/classes io.gpm4j.examples.Pipeline [sums to receive, default 5]").number(0, 5, 1_000_000);
        Chan<Void> done = Chan.make();
        WaitGroup wg = new WaitGroup();
        Chan<Long> sums = sum(done, square(done, generate(done, wg), wg), wg);
        System.out.println("stages running: " + (Go.numGoroutine() - 1));

        StringBuilder received = new StringBuilder("received:");
        for (int i = 0; i < k; i++) {
            received.append(' ').append(sums.recv());
        }
        System.out.println(received);

        done.close(); // cancel: every stage sees done and returns
        wg.await();
        System.out.println("all stages exited");
    }
}
