package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gpm4j.agent.testkit.Driver;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shape: save blocks sharing the end of their chains. Each site suspends and resumes; the values
 * restored through a shared chain are each site's own (a slot that held a {@code String} at one
 * site and an {@code Integer} at another is cast back to each), the long and double under them
 * survive every resume.
 */
class SharedSavesTest {
    @Test
    void sitesThatShareTheirSavedLocalsResumeWithTheirOwnValues() {
        Driver.Run run = new Driver().run("SharedSaves");
        assertEquals(List.of("f2", "g", "f7", "g", "f1", "f2", "g", "f2", "f4", "g"), run.yielded());
        long total = (1L << 40) + 20 + 70 + 90 + 8;
        assertEquals(List.of("ab4" + ((1L << 40) + 20), 11, total * 0.5), run.result());
    }
}
