package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gpm4j.agent.testkit.Driver;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shape 8: generic bridge methods called through the erased type, and varargs. */
class GenericsTest {
    @Test
    void bridgesAndVarargsResume() {
        Driver.Run run = new Driver().run("Generics");
        assertEquals(List.of("upper-abc", "upper-raw", "f5", "f6", "named", "f8", "sum0", "f2", "sum3", "f4",
                "sum1", "sum2", "f7", "l1", "join4", "join0"), run.yielded());
        assertEquals(List.of("ABCresume-1", "RAWresume-2", 22, "namedresume-5", "lazy80", 8, 2408, 5118,
                "a-70-8589934595-z-", "+"), run.result());
    }
}
