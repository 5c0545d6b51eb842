package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.testkit.Driver;
import io.gpm4j.agent.testkit.Mailbox;
import io.gpm4j.agent.testkit.Subject;
import io.gpm4j.runtime.Continuation;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/**
 * Shape 14: the frame store keeps a reference while suspended and lets it go once restored; it
 * saves no dead local and no argument of a static call.
 */
class LeakTest {
    @Test
    void restoredReferencesAreReleased() throws ReflectiveOperationException {
        Subject s = new Driver().subject("Leak");
        Continuation c = new Continuation(s);
        assertFalse(c.run());
        @SuppressWarnings("unchecked")
        WeakReference<Object> ref = (WeakReference<Object>) s.getClass().getField("payloadRef").get(null);
        // while suspended, the only strong reference is the saved frame
        collect(ref, 3);
        assertNotNull(ref.get(), "the suspended frame must keep its locals");
        Mailbox.in = "in";
        assertTrue(c.run());
        assertEquals("7in", s.result());
        assertTrue(collect(ref, 50), "the frame store still holds a restored reference");
        assertNull(ref.get());
        assertTrue(c.isDone()); // c stays reachable up to here
    }

    @Test
    void deadLocalsAreNotSavedSoTheyCanBeCollectedWhileSuspended() throws ReflectiveOperationException {
        Subject s = new Driver().subject("DeadLocal");
        Continuation c = new Continuation(s);
        assertFalse(c.run());
        @SuppressWarnings("unchecked")
        WeakReference<Object> ref = (WeakReference<Object>) s.getClass().getField("payloadRef").get(null);
        assertTrue(collect(ref, 50), "a local that is never read again was saved with the frame");
        Mailbox.in = "in";
        assertTrue(c.run());
        assertEquals("7in", s.result());
    }

    @Test
    void theArgumentsOfAStaticCallAreNotSavedByTheCaller() throws ReflectiveOperationException {
        Subject s = new Driver().subject("PassedArgument");
        Continuation c = new Continuation(s);
        assertFalse(c.run());
        @SuppressWarnings("unchecked")
        WeakReference<Object> ref = (WeakReference<Object>) s.getClass().getField("payloadRef").get(null);
        assertTrue(collect(ref, 50), "the caller's frame saved an argument its callee no longer needs");
        Mailbox.in = "in";
        assertTrue(c.run());
        assertEquals("7:3:1.5:in", s.result(), "the callee's live arguments come back from its own frame");
    }

    private static boolean collect(WeakReference<?> ref, int rounds) {
        for (int i = 0; i < rounds && ref.get() != null; i++) {
            System.gc();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return ref.get() == null;
    }
}
