package io.gpm4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.gpm4j.Go;
import io.gpm4j.sync.WaitGroup;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.AssertionFailedError;

/**
 * An assertion that fails in a goroutine fails its test at once; the samples below run in a
 * nested JUnit launcher, with this module's junit-platform.properties (so with the extension).
 */
class TestGuardTest {
    private static final String SAMPLES = "gpm4j.testkit.samples";

    /** Runs a sample class; its tests' results by method name. */
    private static Map<String, TestExecutionResult> runSamples(Class<?> samples) {
        Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
        System.setProperty(SAMPLES, "true");
        try {
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(samples)).build(),
                    new TestExecutionListener() {
                        @Override
                        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                            // methods by name, the class by its simple name
                            String name = id.getDisplayName().replace("()", "");
                            results.put(name.substring(name.lastIndexOf('$') + 1), result);
                        }
                    });
        } finally {
            System.clearProperty(SAMPLES);
        }
        return results;
    }

    @Test
    void anAssertionFailingInAGoroutineFailsTheTestBeforeItsTimeout() {
        Map<String, TestExecutionResult> r = runSamples(GoroutineSamples.class);
        TestExecutionResult waits = r.get("waitsForAGoroutineThatFails");
        assertEquals(TestExecutionResult.Status.FAILED, waits.getStatus(), r.toString());
        Throwable t = waits.getThrowable().orElseThrow();
        // not JUnit's TimeoutException after 60 s: the goroutine's own assertion, named
        assertTrue(t.getMessage().matches("(?s)uncaught exception in goroutine \\d+ .*expected: <1> but was: <2>.*"), t.getMessage());
        assertInstanceOf(AssertionFailedError.class, t.getCause().getCause());
        Throwable[] notes = java.util.Arrays.stream(t.getSuppressed())
                .filter(s -> !(s instanceof TestGuard.AgentOptionsNote)).toArray(Throwable[]::new);
        assertTrue(notes.length == 1 && notes[0].getMessage().contains("left behind"),
                "the stuck test thread is named: " + java.util.Arrays.toString(t.getSuppressed()));
        // under the suite's extra agent options (a chaos pass), the failure names them for a replay
        String options = SuiteAgentOptions.value();
        assertEquals(options.isEmpty() ? 0 : 1, java.util.Arrays.stream(t.getSuppressed())
                .filter(s -> s instanceof TestGuard.AgentOptionsNote && s.getMessage().contains(options)).count(),
                java.util.Arrays.toString(t.getSuppressed()));

        assertEquals(TestExecutionResult.Status.SUCCESSFUL, r.get("passes").getStatus(), r.toString());
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, r.get("GoroutineSamples").getStatus(),
                "nothing left over after the class: " + r);
    }

    @Test
    void aTestAboutToTimeOutFailsEarlierWithTheGoroutineDump() {
        Map<String, TestExecutionResult> r = runSamples(HangingSamples.class);
        TestExecutionResult hangs = r.get("hangsInAGoroutine");
        assertEquals(TestExecutionResult.Status.FAILED, hangs.getStatus(), r.toString());
        String m = hangs.getThrowable().orElseThrow().getMessage();
        assertTrue(m.startsWith("hangsInAGoroutine() did not finish 5 s before its JUnit timeout;"), m);
        assertTrue(m.contains("--- goroutines ---\ngoroutine "), m);
        assertTrue(m.contains(" [sync.WaitGroup.Wait]:"), "the goroutine waiting in WaitGroup.await: " + m);
        assertTrue(m.contains("io.gpm4j.testkit.TestGuardTest$HangingSamples"), m);
    }

    /** A test that ends normally while its thread died: the join returns after the handler ran. */
    @Test
    void anExceptionOnAPlainThreadFailsTheTestToo() {
        Map<String, TestExecutionResult> r = runSamples(ThreadSamples.class);
        TestExecutionResult t = r.get("aThreadDies");
        assertEquals(TestExecutionResult.Status.FAILED, t.getStatus(), r.toString());
        assertTrue(t.getThrowable().orElseThrow().getMessage().startsWith("uncaught exception in thread \"doomed\": java.lang.IllegalStateException: from a thread"),
                t.toString());
    }

    @Test
    void theDefaultHandlerIsOursDuringAClassAndRestoredAfter() {
        Thread.UncaughtExceptionHandler outer = Thread.getDefaultUncaughtExceptionHandler();
        assertInstanceOf(TestGuard.Recorder.class, outer);
        runSamples(ThreadSamples.class);
        assertEquals(outer, Thread.getDefaultUncaughtExceptionHandler());
    }

    @EnabledIfSystemProperty(named = SAMPLES, matches = "true")
    static class GoroutineSamples {
        @Test
        @Timeout(60)
        void waitsForAGoroutineThatFails() {
            Go.run(() -> {
                WaitGroup wg = new WaitGroup();
                wg.add(1);
                Go.go(() -> {
                    assertEquals(1, 2);
                    wg.done();
                });
                wg.await(); // forever: the goroutine never gets to done()
            });
        }

        @Test
        void passes() throws Exception {
            java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
            Go.go(ran::countDown);
            assertTrue(ran.await(10, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    @EnabledIfSystemProperty(named = SAMPLES, matches = "true")
    static class HangingSamples {
        @Test
        @Timeout(7)
        void hangsInAGoroutine() {
            java.util.concurrent.atomic.AtomicBoolean never = new java.util.concurrent.atomic.AtomicBoolean();
            Go.run(() -> {
                WaitGroup wg = new WaitGroup();
                wg.add(1);
                Go.go(wg::await); // nobody calls done()
                while (!never.get()) {
                    Go.gosched(); // a hang the deadlock detector cannot see: main keeps running
                }
            });
        }
    }

    @EnabledIfSystemProperty(named = SAMPLES, matches = "true")
    static class ThreadSamples {
        @Test
        void aThreadDies() throws Exception {
            Thread t = new Thread(() -> {
                throw new IllegalStateException("from a thread");
            }, "doomed");
            t.start();
            t.join();
        }
    }
}
