package io.gpm4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.testkit.Driver;
import io.gpm4j.agent.testkit.Mailbox;
import io.gpm4j.agent.testkit.RewritingClassLoader;
import io.gpm4j.agent.testkit.Subject;
import io.gpm4j.shapes.Overloads;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The call-site table: overloads of one name keep their own sites, for the goroutine dump (read
 * from a suspended frame store) and for the pinning diagnosis (strict mode checks every
 * suspension against the table).
 */
class CallSitesTest {
    /** Runs {@code s} to the end; the frames saved at each suspension, innermost first. */
    private static List<StackTraceElement[]> savedAtEachSuspension(Subject s) {
        List<StackTraceElement[]> saved = new ArrayList<>();
        Continuation c = new Continuation(s);
        while (!c.run()) {
            saved.add(CallSites.savedFrames(c));
            Mailbox.in = "resume-" + saved.size();
        }
        return saved;
    }

    /**
     * Finds each overload in the table under its own descriptor, for its own loader only. Both are
     * private methods the class calls, so the rewrite split them (DirectCalls): their sites are
     * under the body halves' descriptors, and the methods themselves are forwarders without lines.
     */
    @Test
    void theTableIsKeyedByLoaderClassNameAndDescriptor() throws Exception {
        RewritingClassLoader loader = new RewritingClassLoader("io.gpm4j.shapes.");
        loader.loadClass(Overloads.class.getName());
        String owner = "io/gpm4j/shapes/Overloads";
        String c = RuntimeNames.CONTINUATION_DESC;
        CallSites.Method ofInt = CallSites.method(loader, owner, "work", "(I" + c + ")Ljava/lang/String;");
        CallSites.Method ofString = CallSites.method(loader, owner, "work", "(Ljava/lang/String;" + c + ")Ljava/lang/String;");
        assertTrue(ofInt.isResumableLine(Overloads.INT_LINE) && !ofInt.isResumableLine(Overloads.STRING_LINE));
        assertTrue(ofString.isResumableLine(Overloads.STRING_LINE) && !ofString.isResumableLine(Overloads.INT_LINE));
        CallSites.Method entry = CallSites.method(loader, owner, "work", "(I)Ljava/lang/String;");
        assertTrue(entry != null && entry.lines().length == 0 && entry.monitorLines().length == 0,
                "the entry half is registered as a forwarder");
        assertEquals(null, CallSites.method(new RewritingClassLoader("io.gpm4j.shapes."), owner, "work",
                "(I)Ljava/lang/String;"), "another loader that has not defined the class");
        assertEquals(null, CallSites.method(null, owner, "work", "(I)Ljava/lang/String;"), "the bootstrap loader");
    }

    /** The table holds loaders weakly: a dropped loader that defined rewritten classes is collected. */
    @Test
    void aDroppedLoaderIsCollectedAndItsEntriesDropped() throws Exception {
        int[] before = new int[1];
        WeakReference<ClassLoader> dropped = loadRunAndDrop(before);
        // the key is enqueued by the reference handler some time after the loader is cleared
        for (int i = 0; i < 500 && (dropped.get() != null || CallSites.loaders() >= before[0]); i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(null, dropped.get(), "the loader is still reachable");
        assertTrue(CallSites.loaders() < before[0], "the collected loader's entries are dropped");
    }

    /** Loads and runs a subject in a fresh loader; {@code before[0]}: loaders in the table while it lives. */
    private static WeakReference<ClassLoader> loadRunAndDrop(int[] before) {
        Driver driver = new Driver();
        Subject s = driver.subject("Overloads");
        savedAtEachSuspension(s);
        assertTrue(CallSites.method(driver.loader(), "io/gpm4j/shapes/Overloads", "run", "()V") != null);
        Mailbox.in = null;
        Mailbox.out = null;
        before[0] = CallSites.loaders();
        return new WeakReference<>(driver.loader());
    }

    private static String frame(StackTraceElement f) {
        return f.getClassName() + "." + f.getMethodName() + ":" + f.getLineNumber();
    }

    @Test
    void overloadsOfOneNameKeepTheirOwnLines() {
        assertTrue(Boolean.getBoolean("gpm4j.strict"), "surefire runs with -Dgpm4j.strict=true");
        Driver driver = new Driver();
        Subject s = driver.subject("Overloads");
        List<StackTraceElement[]> saved = savedAtEachSuspension(s);
        assertEquals(List.of("int:resume-16", "str:resume-2s!3", 3), s.result());
        assertEquals(2, saved.size());
        String owner = Overloads.class.getName();
        assertEquals(owner + ".work:" + Overloads.INT_LINE, frame(saved.get(0)[1]));
        assertEquals(owner + ".work:" + Overloads.STRING_LINE, frame(saved.get(1)[1]));
        assertFalse(saved.get(0)[2].getLineNumber() == saved.get(1)[2].getLineNumber());
    }

    /**
     * The same class defined by two loaders with different code: one loader rewrites
     * {@code ExcludedRelay}, the other leaves it alone. The second loader's unrewritten frame must
     * still be diagnosed as uninstrumented (a table keyed by class name alone takes it for the
     * first loader's rewritten method).
     */
    @Test
    void aClassOfTheSameNameInAnotherLoaderIsItsOwn() throws Exception {
        RewritingClassLoader rewriting = new RewritingClassLoader("io.gpm4j.shapes.");
        rewriting.loadClass("io.gpm4j.shapes.ExcludedRelay");
        assertTrue(rewriting.outcome("io.gpm4j.shapes.ExcludedRelay").changed());

        Driver excluding = new Driver(new RewritingClassLoader("io.gpm4j.shapes.")
                .exclude("io.gpm4j.shapes.ExcludedRelay"));
        List<PinReason> reasons = new ArrayList<>();
        List<String> frames = new ArrayList<>();
        Continuation c = new Continuation(excluding.subject("PinExcluded"), (reason, frame) -> {
            reasons.add(reason);
            frames.add(frame.getClassName() + "." + frame.getMethodName());
        });
        while (!c.run()) {
            Mailbox.in = "resume";
        }
        assertEquals(List.of(PinReason.UNINSTRUMENTED), reasons);
        assertEquals(List.of("io.gpm4j.shapes.ExcludedRelay.relay"), frames);
    }
}
