package io.gpm4j.shapes;

import io.gpm4j.agent.testkit.Subject;
import junit.framework.TestCase;
import junit.framework.TestResult;

/**
 * JUnit 3.8.1 (class files of Java 1.1 vintage, whose {@code finally} blocks are JSR/RET
 * subroutines) runs a test case whose setUp, test and tearDown each suspend: the suspension
 * crosses {@code TestResult.run}, an anonymous {@code Protectable}, {@code runProtected} and
 * {@code TestCase.runBare}'s try/finally, all rewritten after inlining their subroutines.
 */
public final class Junit3Run implements Subject {
    private String result;

    /** A test case whose every step yields and records what it was resumed with. */
    public static final class YieldingCase extends TestCase {
        final StringBuilder log = new StringBuilder();

        public YieldingCase() {
            super("testSteps");
        }

        @Override
        protected void setUp() {
            log.append("setUp=").append(Yield.value("setUp")).append(' ');
        }

        @Override
        protected void runTest() {
            log.append("test=").append(Yield.value("test")).append(' ');
            assertEquals("setUp=resume-1 test=resume-2 ", log.toString());
        }

        @Override
        protected void tearDown() {
            log.append("tearDown=").append(Yield.value("tearDown"));
        }
    }

    @Override
    public void run() {
        long before = 42L;
        YieldingCase test = new YieldingCase();
        TestResult r = new TestResult();
        test.run(r);
        result = test.log + "; runs=" + r.runCount() + " failures=" + r.failureCount() + " errors=" + r.errorCount()
                + " " + before;
    }

    @Override
    public Object result() {
        return result;
    }
}
