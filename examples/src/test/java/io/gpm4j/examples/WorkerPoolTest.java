package io.gpm4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    @Test
    void fansTheResultsOfAllJobsIn() throws Exception {
        ExampleProcess.Result r = ExampleProcess.run("main", "io.gpm4j.examples.WorkerPool", "4", "20");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("4 workers, 20 jobs\n"
                + "results: 1 4 9 16 25 36 49 64 81 100 121 144 169 196 225 256 289 324 361 400\n"
                + "sum: 2870\n", r.stdout());
        assertEquals("", r.stderr());
    }
}
