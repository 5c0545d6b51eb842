package io.gpm4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SkynetTest {
    @Test
    void sumsAMillionGoroutines() throws Exception {
        ExampleProcess.Result r = ExampleProcess.run("main", "io.gpm4j.examples.Skynet");
        assertEquals(0, r.exitCode(), r.stderr());
        String[] lines = r.stdout().split("\n", -1);
        assertEquals(3, lines.length, r.stdout());
        assertEquals("499999500000", lines[0]);
        assertTrue(lines[1].matches("took \\d+ ms"), lines[1]);
        assertEquals("", lines[2]);
        assertEquals("", r.stderr());
    }
}
