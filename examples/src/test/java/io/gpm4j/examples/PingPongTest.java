package io.gpm4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PingPongTest {
    @Test
    void bouncesTheBallUntilTheFinalCount() throws Exception {
        ExampleProcess.Result r = ExampleProcess.run("main", "io.gpm4j.examples.PingPong", "10000");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("ping: 5000 hits\n"
                + "pong: 5000 hits\n"
                + "final count: 10000\n", r.stdout());
        assertEquals("", r.stderr());
    }
}
