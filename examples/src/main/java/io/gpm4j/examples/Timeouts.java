package io.gpm4j.examples;

import io.gpm4j.Chan;
import io.gpm4j.Go;
import io.gpm4j.Select;
import io.gpm4j.time.Ticker;
import io.gpm4j.time.Time;
import java.time.Duration;
import java.time.Instant;

/**
 * Timeouts and tickers: a {@code select} that gives up on a slow channel when
 * {@link Time#after} fires first, the same {@code select} on a fast channel, and a
 * {@link Ticker} read for three ticks and then stopped. The timings leave wide margins, so the
 * output does not depend on the machine. Run it under the agent with {@code main} mode:
 *
 * <pre>java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar=main -cp examples/target/classes io.gpm4j.examples.Timeouts</pre>
 */
public final class Timeouts {
    private Timeouts() {
    }

    /**
     * Starts a goroutine that sends {@code value} after {@code delay}; the channel is buffered so
     * that the goroutine can finish even if nobody is waiting for it any more.
     */
    static Chan<String> later(String value, Duration delay) {
        Chan<String> c = Chan.make(1);
        Go.go(() -> {
            Time.sleep(delay);
            c.send(value);
        });
        return c;
    }

    /** Waits for {@code c} at most {@code timeout}: its value, or "timeout". */
    static String withTimeout(Chan<String> c, Duration timeout) {
        Select.Case<String> result = Select.recv(c);
        Select.Case<Instant> expired = Select.recv(Time.after(timeout));
        return Select.select(result, expired) == 0 ? result.value() : "timeout";
    }

    public static void main(String[] args) {
        Args.of(args, 0, "java -javaagent:agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar=main -cp examples/target/classes io.gpm4j.examples.Timeouts");
        System.out.println("slow: " + withTimeout(later("slow result", Duration.ofMillis(1000)),
                Duration.ofMillis(50)));
        System.out.println("fast: " + withTimeout(later("fast result", Duration.ofMillis(10)),
                Duration.ofSeconds(5)));

        Ticker ticker = Time.newTicker(Duration.ofMillis(20));
        Instant previous = null;
        int ticks = 0;
        boolean ascending = true;
        while (ticks < 3) {
            Instant t = ticker.c().recv();
            ascending &= previous == null || t.isAfter(previous);
            previous = t;
            ticks++;
        }
        ticker.stop();
        System.out.println(ticks + " ticks" + (ascending ? ", in order" : ", OUT OF ORDER"));
    }
}
