package io.gpm4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PipelineTest {
    @Test
    void cancelsEveryStageThroughDone() throws Exception {
        ExampleProcess.Result r = ExampleProcess.run("main", "io.gpm4j.examples.Pipeline", "5");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("stages running: 3\n"
                + "received: 1 5 14 30 55\n"
                + "all stages exited\n", r.stdout());
        assertEquals("", r.stderr());
    }
}
