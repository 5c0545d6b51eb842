package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gpm4j.agent.testkit.Driver;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrimitivesTest {
    @Test
    void everyPrimitiveSurvivesSuspension() {
        Driver.Run run = new Driver().run("Primitives");
        assertEquals(List.of("locals", "args"), run.yielded());
        assertEquals("true,-7,q,31000,123456789," + 0x1234_5678_9abc_def0L + ",3.25," + Math.PI
                + "|resume-2:false,-14,r,30999,123456790," + (0x1234_5678_9abc_def0L + 1) + ",6.5," + (Math.PI * 2),
                run.result());
    }
}
