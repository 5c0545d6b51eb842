package io.gpm4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FanOutTest {
    @Test
    void answersInTimeThenTimesOutThenStopsTheOthersOnAFailure() throws Exception {
        ExampleProcess.Result r = ExampleProcess.run("main", "io.gpm4j.examples.FanOut");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("in time: [web: gopher, images: gopher, video: gopher]\n"
                + "too slow: context deadline exceeded\n"
                + "failed: backend images unavailable; 2 others stopped early\n", r.stdout());
        assertEquals("", r.stderr());
    }
}
