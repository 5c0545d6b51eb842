package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.testkit.Driver;
import io.gpm4j.agent.testkit.Subject;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shape 3: try/catch/finally around suspensions; exceptions raised after a resume. */
class ExceptionsTest {
    @Test
    void handlersSeeRestoredStateAndFinallyRunsOnce() {
        Driver.Run run = new Driver().run("Exceptions");
        assertEquals(List.of("f1", "before-throw", "thrower", "inner", "in-finally", "in-catch:r", "f0",
                "middle-finally-m15", "f2", "close-a", "twr-body", "close-b", "f0", "f2"), run.yielded());
        assertEquals(List.of("t15F|c:boom15|caught:after resume 15|fin:resume-5|outer:u15|rresume-6|"
                        + "|arith:/ by zero|body:20a|twr:twrb|n20", 6, 2, 15), run.result());
    }

    @Test
    void exceptionAfterResumeNamesTheUserFrames() throws ReflectiveOperationException {
        Driver driver = new Driver();
        Subject s = driver.subject("Exceptions");
        driver.run(s);
        StackTraceElement[] after = (StackTraceElement[]) s.getClass().getField("afterResume").get(s);
        StackTraceElement[] before = (StackTraceElement[]) s.getClass().getField("beforeSuspend").get(s);
        assertEquals("io.gpm4j.shapes.Exceptions", after[0].getClassName());
        assertEquals("thrower", after[0].getMethodName());
        assertEquals("run", after[1].getMethodName());
        assertTrue(after[0].getLineNumber() > 0, Arrays.toString(after));
        // the rebuilt frames are the frames that suspended: same methods, same lines
        assertArrayEquals(before, Arrays.copyOfRange(after, 1, after.length));
    }
}
