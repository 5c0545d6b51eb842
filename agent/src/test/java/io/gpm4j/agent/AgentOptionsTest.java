package io.gpm4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {
    @Test
    void defaultsRewriteEverythingButTheJdkAndGpm4jItself() {
        AgentOptions o = AgentOptions.parse(null);
        assertTrue(o.accepts("com/acme/App"));
        assertTrue(o.accepts("io.gpm4j.examples.Generators"));
        assertFalse(o.accepts("java/util/ArrayList"));
        assertFalse(o.accepts("jdk/internal/misc/Unsafe"));
        assertFalse(o.accepts("io/gpm4j/runtime/Continuation"));
        assertTrue(o.accepts("io/gpm4j/runtime/park/Parking"), "the runtime's suspendable code is rewritten");
        assertFalse(o.accepts("io/gpm4j/agent/shaded/asm/ClassReader"));
        assertFalse(o.verbose());
        assertEquals(List.of(), o.warnings());
    }

    @Test
    void includeAndExcludeTakeCommaSeparatedPackageLists() {
        AgentOptions o = AgentOptions.parse("include=com.acme,org.example,exclude=com.acme.legacy,verbose");
        assertEquals(List.of("com.acme", "org.example"), o.include());
        assertEquals(List.of("com.acme.legacy"), o.exclude());
        assertTrue(o.verbose());
        assertTrue(o.accepts("com/acme/App"));
        assertTrue(o.accepts("org.example.Main"));
        assertFalse(o.accepts("com/acme/legacy/Old"));
        assertFalse(o.accepts("net/other/Thing"));
    }

    @Test
    void schedtraceAndScheddetailBecomeTheRuntimesDebugSettings() {
        AgentOptions o = AgentOptions.parse("schedtrace=250,scheddetail=1,include=com.acme");
        assertEquals("schedtrace=250,scheddetail=1", o.debugSettings());
        assertEquals(List.of("com.acme"), o.include());
        assertEquals("", AgentOptions.parse("verbose").debugSettings());
    }

    @Test
    void mainAndPanicExit() {
        AgentOptions o = AgentOptions.parse("main,panic=exit");
        assertTrue(o.main());
        assertTrue(o.panicExit());
        AgentOptions p = AgentOptions.parse("main=false,panic=ignore");
        assertFalse(p.main());
        assertFalse(p.panicExit());
        assertEquals(1, p.warnings().size());
    }

    @Test
    void unknownAndBadOptionsAreReportedAndIgnored() {
        AgentOptions o = AgentOptions.parse("bogus=1,verbose=false,schedtrace=x");
        assertEquals(2, o.warnings().size());
        assertTrue(o.warnings().get(0).contains("unknown option 'bogus=1'"));
        assertTrue(o.warnings().get(1).contains("needs a number"));
        assertFalse(o.verbose());
        assertFalse(o.jfr());
        assertTrue(o.accepts("com/acme/App"));
    }

    @Test
    void jfrRecordsToADefaultOrAGivenFile() {
        AgentOptions flag = AgentOptions.parse("main,jfr");
        assertTrue(flag.jfr());
        assertEquals(null, flag.jfrFile());
        assertTrue(flag.main());
        AgentOptions file = AgentOptions.parse("jfr=/tmp/app.jfr,main");
        assertTrue(file.jfr());
        assertEquals("/tmp/app.jfr", file.jfrFile());
        assertTrue(file.main());
        assertFalse(AgentOptions.parse("jfr=false").jfr());
        assertFalse(file.jfrDetail());
        AgentOptions detail = AgentOptions.parse("jfrdetail");
        assertTrue(detail.jfr());
        assertTrue(detail.jfrDetail());
        assertTrue(file.warnings().isEmpty());
    }
}
