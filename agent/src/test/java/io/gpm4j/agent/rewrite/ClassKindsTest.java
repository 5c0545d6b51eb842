package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gpm4j.agent.testkit.Driver;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shape 7: records, enums with constant bodies, inner, anonymous and local classes. */
class ClassKindsTest {
    @Test
    void methodsOfEveryKindOfClassResume() {
        Driver.Run run = new Driver().run("ClassKinds");
        assertEquals(List.of("f2", "f3", "cat2", "f3", "intro-CAT", "intro-DOG", "inner7", "f1", "f2", "anon-run",
                "f4"), run.yielded());
        assertEquals(List.of("pt27", "Point[x=30, y=3]", "meowmeowwoof30", "0catresume-5", "1dogresume-6",
                "O7resume-7", 58, "anon-run:resume-1011", "loc140O7resume-7"),
                ((List<?>) run.result()).stream().map(o -> o instanceof Integer ? o : o.toString()).toList());
    }
}
