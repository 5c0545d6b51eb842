package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gpm4j.agent.testkit.Driver;
import io.gpm4j.agent.testkit.Subject;
import io.gpm4j.runtime.Continuation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shape 11: an interface's caller is loaded and rewritten before the implementation class exists. */
class LateLoadingTest {
    @Test
    void implementationLoadedAfterItsCallerResumes() {
        Driver driver = new Driver();
        Subject s = driver.subject("LateCaller");
        assertNull(driver.loader().outcome("io.gpm4j.shapes.LateService"), "loaded too early");
        Continuation c = new Continuation(s);
        assertFalse(c.run());
        assertNull(driver.loader().outcome("io.gpm4j.shapes.LateService"), "loaded too early");
        Driver.Run run = driver.run(s);
        assertNotNull(driver.loader().outcome("io.gpm4j.shapes.LateService"));
        assertEquals(List.of("serve(Ljava/lang/String;)Ljava/lang/String;"),
                driver.loader().outcome("io.gpm4j.shapes.LateService").rewritten());
        assertEquals(List.of("first", "late-aresume-1", "late-b"), run.yielded());
        assertEquals(List.of("served-aresume-1/resume-2", "served-b/resume-3aresume-1"), run.result());
    }
}
