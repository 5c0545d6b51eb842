package io.gpm4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The README's API tour prints what the README says it prints. */
class TourTest {
    @Test
    void everySnippetOfTheTourWorks() throws Exception {
        ExampleProcess.Result r = ExampleProcess.run("main", "io.gpm4j.examples.Tour");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("goroutines: sum of 1..10 = 55\n"
                + "channels: hello\n"
                + "channels: [1, 4, 9, 16, 25], then ok=false\n"
                + "select: sent 3 jobs; empty channel ready: false\n"
                + "sync: 50 even, 50 odd, once ran 1 time\n"
                + "sync: the reader sees config 2\n"
                + "time: timed out true, timer stopped true, 3 ticks, afterFunc ran\n"
                + "runtime: goroutine 1 on " + Runtime.getRuntime().availableProcessors() + " Ps; counting itself\n"
                + "runtime: goroutine 1 [running]:\n", r.stdout());
        assertEquals("", r.stderr());
    }
}
