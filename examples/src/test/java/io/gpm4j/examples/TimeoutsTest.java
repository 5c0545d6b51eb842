package io.gpm4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TimeoutsTest {
    @Test
    void timesOutTheSlowChannelAndCountsTicks() throws Exception {
        ExampleProcess.Result r = ExampleProcess.run("main", "io.gpm4j.examples.Timeouts");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("slow: timeout\n"
                + "fast: fast result\n"
                + "3 ticks, in order\n", r.stdout());
        assertEquals("", r.stderr());
    }
}
