package io.gpm4j.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.testkit.Driver;
import io.gpm4j.agent.testkit.Mailbox;
import io.gpm4j.runtime.Continuation;
import io.gpm4j.runtime.PinReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An override loaded after its caller was rewritten: the suspension pins and names the caller. */
class LateOverridePinTest {
    @Test
    void aSuspendingOverrideOfANonSuspendableMethodPinsAtTheCallSite() {
        Driver driver = new Driver();
        var subject = driver.subject("LateOverrideCaller");
        List<PinReason> reasons = new ArrayList<>();
        List<StackTraceElement> frames = new ArrayList<>();
        Continuation c = new Continuation(subject, (reason, frame) -> {
            reasons.add(reason);
            frames.add(frame);
            Mailbox.in = "pinned";
        });
        List<Object> yielded = new ArrayList<>();
        while (!c.run()) {
            yielded.add(Mailbox.out);
            Mailbox.in = "resume-" + yielded.size();
        }
        assertEquals(List.of("before"), yielded);
        assertEquals(List.of(PinReason.NOT_SUSPENDABLE_CALL), reasons);
        assertEquals("io.gpm4j.shapes.LateOverrideCaller", frames.get(0).getClassName());
        assertEquals("run", frames.get(0).getMethodName());
        assertEquals("resume-1|override:pinned|1", subject.result());
        assertTrue(driver.loader().outcome("io.gpm4j.shapes.LateOverride").changed());
    }

    @Test
    void byDefaultTheErrorSaysWhy() {
        Driver driver = new Driver();
        var subject = driver.subject("LateOverrideCaller");
        Continuation c = new Continuation(subject);
        c.run();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, c::run);
        assertTrue(e.getMessage().startsWith("cannot suspend: the frame "), e.getMessage());
        assertTrue(e.getMessage().contains("LateOverrideCaller.run(LateOverrideCaller.java:"), e.getMessage());
        assertTrue(e.getMessage().endsWith("made a call the agent did not know could suspend (an override loaded later?)"),
                e.getMessage());
    }
}
