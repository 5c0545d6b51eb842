package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gpm4j.agent.testkit.Driver;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shape 10: invokedynamic string concatenation with a suspending operand. */
class StringConcatTest {
    @Test
    void concatenationOperandsSurvive() {
        Driver.Run run = new Driver().run("StringConcat");
        assertEquals(List.of("f2", "st", "l1", "d0.25", "alone", "f0", "f1", "f2", "f5", "outer"), run.yielded());
        assertEquals(List.of("a120c23.5nullst!resume-28589934592|0.51", "sresume-5", "0:0;1:10;2:20;",
                "in50ner/resume-10"), run.result());
    }
}
