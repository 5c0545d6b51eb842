package io.gpm4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PrimeSieveTest {
    @Test
    void printsTheFirstPrimesWithMainAsGoroutineOne() throws Exception {
        ExampleProcess.Result r = ExampleProcess.run("main", "io.gpm4j.examples.PrimeSieve", "25");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("primes: 2 3 5 7 11 13 17 19 23 29 31 37 41 43 47 53 59 61 67 71 73 79 83 89 97\n"
                + "goroutine 1, 27 goroutines\n", r.stdout());
        assertEquals("", r.stderr());
    }
}
