package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.testkit.Driver;
import io.gpm4j.agent.testkit.Mailbox;
import io.gpm4j.agent.testkit.Subject;
import io.gpm4j.runtime.CarrierThread;
import io.gpm4j.runtime.Continuation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Shape 13: nested continuations, resuming on another thread, and the lifecycle's error cases. */
class NestingTest {
    @Test
    void innerContinuationSuspendsOnlyItself() {
        Driver.Run run = new Driver().run("Nested");
        assertEquals(List.of("outer-1", "outer-2"), run.yielded());
        assertEquals("i1,o1:false,i2:20,s21,o2:falseresume-1,s-after21,i3,o3:true10", run.result());
    }

    @Test
    void resumesOnOtherThreads() throws InterruptedException {
        Driver.Run expected = new Driver().run("Recursion");
        Subject s = new Driver().subject("Recursion");
        Continuation c = new Continuation(s);
        List<Object> yielded = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int step = 0; step < 10 && !c.isDone(); step++) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Runnable resume = () -> {
                try {
                    if (!c.run()) {
                        yielded.add(Mailbox.out);
                        Mailbox.in = "resume-" + yielded.size();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            };
            // alternate plain threads (ThreadLocal mount) and carrier threads (field mount)
            Thread t = step % 2 == 0 ? new Thread(resume, "plain-" + step) : new CarrierThread(resume, "carrier-" + step);
            threads.add(t);
            t.start();
            t.join(10_000);
            assertFalse(t.isAlive());
            if (failure.get() != null) {
                throw new AssertionError("step " + step, failure.get());
            }
        }
        assertTrue(c.isDone());
        assertEquals(5, threads.size());
        assertEquals(expected.yielded(), yielded);
        assertEquals(expected.result(), s.result());
    }

    @Test
    void suspendOutsideAContinuationThrows() {
        IllegalStateException e = assertThrows(IllegalStateException.class, Continuation::suspend);
        assertTrue(e.getMessage().contains("outside a continuation"), e.getMessage());
        // a rewritten method called with no continuation mounted runs plainly and reaches suspend()
        Subject s = new Driver().subject("Recursion");
        assertThrows(IllegalStateException.class, s::run);
    }

    @Test
    void runAfterDoneThrows() {
        Continuation c = new Continuation(new Driver().subject("Leak"));
        assertFalse(c.run());
        assertTrue(c.run());
        assertTrue(c.isDone());
        IllegalStateException e = assertThrows(IllegalStateException.class, c::run);
        assertTrue(e.getMessage().contains("done"), e.getMessage());
    }

    @Test
    void exceptionInTheBodyPropagatesAndEndsTheContinuation() throws ReflectiveOperationException {
        Driver driver = new Driver();
        Subject s = driver.subject("Failing");
        Continuation c = new Continuation(s);
        assertFalse(c.run());
        assertEquals("once", Mailbox.out);
        Mailbox.in = "back";
        IllegalStateException e = assertThrows(IllegalStateException.class, c::run);
        assertEquals("failed after back with 42", e.getMessage());
        assertEquals("io.gpm4j.shapes.Failing", e.getStackTrace()[0].getClassName());
        assertTrue(c.isDone());
        assertThrows(IllegalStateException.class, c::run);

        Class<?> failing = s.getClass();
        failing.getField("atOnce").set(null, true);
        Continuation first = new Continuation(driver.subject("Failing"));
        UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class, first::run);
        assertEquals("at once", u.getMessage());
        assertTrue(first.isDone());
        // a later continuation on this thread is unaffected
        failing.getField("atOnce").set(null, false);
        Continuation next = new Continuation(driver.subject("Failing"));
        assertFalse(next.run());
        assertSame("once", Mailbox.out);
    }
}
