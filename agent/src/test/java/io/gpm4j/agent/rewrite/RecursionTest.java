package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gpm4j.agent.testkit.Driver;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shape 5: deep and mutual recursion, every level's locals checked after the resume. */
class RecursionTest {
    @Test
    void thousandFramesDeepAreRebuilt() {
        Driver.Run run = new Driver().run("Recursion");
        assertEquals(List.of("bottom", "half", "even-bottom", "c0"), run.yielded());
        // 8 = "resume-1".length(), plus one per level; no level saw a wrong local; 3 * (1 + ... + 1000)
        assertEquals(List.of(1008, 0, 1_501_500L, "false,true", 30), run.result());
    }
}
