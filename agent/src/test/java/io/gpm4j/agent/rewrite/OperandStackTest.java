package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gpm4j.agent.testkit.Driver;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shape 1: values on the operand stack (all kinds, two-word values, receivers) across a suspendable call. */
class OperandStackTest {
    @Test
    void stackValuesSurviveSuspension() {
        Driver.Run run = new Driver().run("OperandStack");
        assertEquals(List.of("f3", "g", "f2", "f4", "f5", "l5", "d1.5", "f6", "m60", "f7", "f8", "l1", "d0.25",
                "f0", "f1", "f2", "f3", "f9", "f1", "f2", "f30", "l2", "d4.0", "sk", "sq", "mixed"), run.yielded());
        long twoTo33 = 1L << 33;
        assertEquals(List.of(127, "0,70,60", (1L << 40) + 5 * twoTo33, 10.0, "x:1/2/60/resume-9", "p2.5null70",
                "180," + (1 + twoTo33) + ",0.25", "B:true:60:28:135.0", 300, 3 + 2 * twoTo33 + 8, "k!resume-24",
                (1 + twoTo33) + "|7|2.5|q!resume-25|1.5|resume-26"), run.result());
    }
}
