package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.testkit.Driver;
import io.gpm4j.agent.testkit.Mailbox;
import io.gpm4j.agent.testkit.RewritingClassLoader;
import io.gpm4j.agent.testkit.Subject;
import io.gpm4j.runtime.Continuation;
import io.gpm4j.runtime.PinReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shape 12: every way a suspension can be pinned. By default {@code run()} fails naming the frame
 * and the reason; a continuation built with a {@link Continuation.PinHandler} hands it the reason
 * and the frame, and when the handler returns the body goes on as if resumed, with no user code
 * run twice.
 */
class PinningTest {
    /** Records each pin and lets the body go on, handing back {@code "pinned-N"}. */
    static final class Recording implements Continuation.PinHandler {
        final List<PinReason> reasons = new ArrayList<>();
        final List<StackTraceElement> frames = new ArrayList<>();
        final List<Object> pinnedValues = new ArrayList<>();

        @Override
        public void pinned(PinReason reason, StackTraceElement frame) {
            reasons.add(reason);
            frames.add(frame);
            pinnedValues.add(Mailbox.out);
            Mailbox.in = "pinned-" + reasons.size();
        }
    }

    private record Outcome(Recording pins, List<Object> yielded, Object result) {
        String frame(int i) {
            StackTraceElement f = pins.frames.get(i);
            return f.getClassName() + "." + f.getMethodName();
        }
    }

    private static Outcome recorded(Driver driver, String subject) {
        Subject s = driver.subject(subject);
        Recording recording = new Recording();
        Continuation c = new Continuation(s, recording);
        List<Object> yielded = new ArrayList<>();
        while (!c.run()) {
            yielded.add(Mailbox.out);
            Mailbox.in = "resume-" + yielded.size();
        }
        return new Outcome(recording, yielded, s.result());
    }

    /** The default pin handler: {@code run()} throws, naming the frame and the reason. */
    private static void failsByDefault(Driver driver, String subject, String frame, PinReason reason) {
        Continuation c = new Continuation(driver.subject(subject));
        Throwable t = assertThrows(Throwable.class, c::run);
        if (reason == PinReason.CLASS_INITIALIZER) {
            t = assertInstanceOf(ExceptionInInitializerError.class, t).getCause();
        }
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, t);
        assertTrue(e.getMessage().contains(frame + "("), e.getMessage());
        assertTrue(e.getMessage().endsWith(reason.description()), e.getMessage());
        assertTrue(c.isDone());
    }

    @Test
    void jdkFrameBetweenLambdaAndEntry() {
        failsByDefault(new Driver(), "PinForEach", "java.util.ArrayList.forEach", PinReason.JDK_FRAME);
        Outcome o = recorded(new Driver(), "PinForEach");
        assertEquals(List.of(PinReason.JDK_FRAME, PinReason.JDK_FRAME, PinReason.JDK_FRAME), o.pins.reasons);
        assertEquals("java.util.ArrayList.forEach", o.frame(0));
        assertEquals(List.of(1, 2, 3), o.pins.pinnedValues);
        assertEquals(List.of("after"), o.yielded);
        assertEquals(List.of("1:pinned-1", "2:pinned-2", "3:pinned-3", "t3resume-1", 3), o.result);
    }

    @Test
    void synchronizedBlockAndMethod() {
        failsByDefault(new Driver(), "PinSynchronized", "io.gpm4j.shapes.PinSynchronized.run", PinReason.MONITOR);
        Outcome o = recorded(new Driver(), "PinSynchronized");
        assertEquals(List.of(PinReason.MONITOR, PinReason.MONITOR), o.pins.reasons);
        assertEquals("io.gpm4j.shapes.PinSynchronized.run", o.frame(0));
        assertEquals("io.gpm4j.shapes.PinSynchronized.syncMethod", o.frame(1));
        assertEquals(List.of("in-block", "in-method"), o.pins.pinnedValues);
        assertEquals(List.of("free"), o.yielded);
        assertEquals(List.of("block:pinned-15", "method:pinned-26", "free:resume-15", 2), o.result);
    }

    @Test
    void constructor() {
        failsByDefault(new Driver(), "PinConstructor", "io.gpm4j.shapes.PinConstructor$Built.<init>",
                PinReason.CONSTRUCTOR);
        Outcome o = recorded(new Driver(), "PinConstructor");
        assertEquals(List.of(PinReason.CONSTRUCTOR), o.pins.reasons);
        assertEquals("io.gpm4j.shapes.PinConstructor$Built.<init>", o.frame(0));
        assertEquals(List.of("after"), o.yielded);
        assertEquals(List.of("built3pinned-1", "after:resume-13", 1), o.result);
    }

    @Test
    void staticInitializer() {
        failsByDefault(new Driver(), "PinStaticInit", "io.gpm4j.shapes.PinStaticInit$Holder.<clinit>",
                PinReason.CLASS_INITIALIZER);
        Outcome o = recorded(new Driver(), "PinStaticInit");
        assertEquals(List.of(PinReason.CLASS_INITIALIZER), o.pins.reasons);
        assertEquals("io.gpm4j.shapes.PinStaticInit$Holder.<clinit>", o.frame(0));
        assertEquals(List.of("after"), o.yielded);
        assertEquals(List.of("initpinned-1", "after:resume-14", 1), o.result);
    }

    @Test
    void reflection() {
        Outcome o = recorded(new Driver(), "PinReflection");
        assertEquals(List.of(PinReason.REFLECTION), o.pins.reasons);
        String frame = o.frame(0);
        assertTrue(frame.startsWith("jdk.internal.reflect.") || frame.startsWith("java.lang.reflect.")
                || frame.startsWith("java.lang.invoke."), frame);
        assertEquals(List.of("after"), o.yielded);
        assertEquals(List.of("target7pinned-1", "after:resume-17", 1), o.result);
        failsByDefault(new Driver(), "PinReflection", frame, PinReason.REFLECTION);
    }

    @Test
    void classLeftUnrewritten() {
        failsByDefault(excluding(), "PinExcluded", "io.gpm4j.shapes.ExcludedRelay.relay", PinReason.UNINSTRUMENTED);
        Outcome o = recorded(excluding(), "PinExcluded");
        assertEquals(List.of(PinReason.UNINSTRUMENTED), o.pins.reasons);
        assertEquals("io.gpm4j.shapes.ExcludedRelay.relay", o.frame(0));
        assertEquals(List.of("after"), o.yielded);
        assertEquals(List.of("relay8pinned-1", "after:resume-18", 1), o.result);
    }

    private static Driver excluding() {
        return new Driver(new RewritingClassLoader("io.gpm4j.shapes.").exclude("io.gpm4j.shapes.ExcludedRelay"));
    }
}
