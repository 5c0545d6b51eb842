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
    void awareNamesLibrariesWhoseInterfaceCallsMaySuspend() {
        AgentOptions o = AgentOptions.parse("aware=okio,com.squareup.moshi,verbose,aware=net/acme/,exclude=x.y");
        assertEquals(List.of("okio", "com.squareup.moshi", "net.acme."), o.aware());
        assertEquals(List.of("x.y"), o.exclude());
        assertEquals(List.of(), o.warnings());
        AgentOptions bad = AgentOptions.parse("aware=okio,not a package");
        assertEquals(List.of("okio"), bad.aware());
        assertTrue(bad.warnings().get(0).contains("in the aware list"), bad.warnings().toString());
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

    @Test
    void aMisspelledFlagInAListIsReportedNotTakenForAPackage() {
        AgentOptions o = AgentOptions.parse("include=com.acme,verbos,org.example,Main,jfrdetial");
        assertEquals(List.of("com.acme", "org.example"), o.include());
        assertFalse(o.verbose());
        assertFalse(o.main());
        assertFalse(o.jfr());
        assertEquals(List.of(
                "option 'verbos' in the include list looks like the option 'verbose' misspelled, not a package; ignored",
                "option 'Main' in the include list looks like the option 'main' misspelled, not a package; ignored",
                "option 'jfrdetial' in the include list looks like the option 'jfrdetail' misspelled, not a package; ignored"),
                o.warnings());
    }

    @Test
    void aListTakesPackageNamesOnly() {
        AgentOptions o = AgentOptions.parse("exclude=org.junit,acme,com/acme/legacy,mail.,*,-x");
        assertEquals(List.of("org.junit", "acme", "com.acme.legacy", "mail."), o.exclude(), "one word that is no option's typo is a package");
        assertEquals(2, o.warnings().size(), o.warnings().toString());
        assertEquals("option '*' in the exclude list is neither an option nor a package name; ignored", o.warnings().get(0));
        AgentOptions first = AgentOptions.parse("include=*");
        assertEquals(List.of(), first.include());
        assertEquals(List.of("option 'include=*' does not name a package (like com.acme or com/acme); ignored"), first.warnings());
    }

    @Test
    void flagsTakeTrueOrFalseOnly() {
        AgentOptions o = AgentOptions.parse("main=yes,verbose=yes,jfrdetail=on,jfr=false");
        assertFalse(o.main());
        assertFalse(o.verbose());
        assertFalse(o.jfr());
        assertFalse(o.jfrDetail());
        assertEquals(List.of("option 'main=yes' needs true or false (or the bare flag); ignored",
                "option 'verbose=yes' needs true or false (or the bare flag); ignored",
                "option 'jfrdetail=on' needs true or false (or the bare flag); ignored"), o.warnings());
        assertTrue(AgentOptions.parse("main=TRUE,verbose=true").main());
        assertTrue(AgentOptions.parse("main=TRUE,verbose=true").warnings().isEmpty());
    }

    @Test
    void scheddetailIsZeroOrOne() {
        AgentOptions seven = AgentOptions.parse("schedtrace=100,scheddetail=7");
        assertEquals("schedtrace=100", seven.debugSettings());
        assertEquals(List.of("option 'scheddetail=7' needs 0 or 1 (scheddetail=1); ignored"), seven.warnings());
        assertEquals("scheddetail=0", AgentOptions.parse("scheddetail=0").debugSettings());
    }

    @Test
    void anUnknownOptionCloseToAKnownOneSaysWhichItMeant() {
        assertEquals(List.of("unknown option 'verbos' (did you mean 'verbose'?); ignored (known: include, exclude, aware, verbose, main, "
                + "panic, schedtrace, scheddetail, jfr, jfrdetail, chaos, chaosseed, chaosstall, scancache)"), AgentOptions.parse("verbos").warnings());
        assertTrue(AgentOptions.parse("shedtrace=100").warnings().get(0).contains("(did you mean 'schedtrace'?)"));
        assertFalse(AgentOptions.parse("bogus=1").warnings().get(0).contains("did you mean"));
    }

    @Test
    void scanCacheIsOnByDefaultAndTakesOffOrADirectory() {
        assertEquals(io.gpm4j.agent.analysis.ScanCache.defaultDirectory(), AgentOptions.parse("verbose").scanCacheDirectory());
        assertEquals(io.gpm4j.agent.analysis.ScanCache.defaultDirectory(), AgentOptions.parse("scancache=on").scanCacheDirectory());
        assertEquals(null, AgentOptions.parse("scancache=off").scanCacheDirectory());
        assertEquals(null, AgentOptions.parse("scancache=false").scanCacheDirectory());
        assertEquals(new java.io.File("/tmp/gpm4j-cache"), AgentOptions.parse("scancache=/tmp/gpm4j-cache").scanCacheDirectory());
        assertEquals(new java.io.File("build/cache").getAbsoluteFile(), AgentOptions.parse("scancache=build/cache").scanCacheDirectory(),
                "a relative directory: from the working directory");
        AgentOptions bad = AgentOptions.parse("scancache,scancache=");
        assertEquals(2, bad.warnings().size(), bad.warnings().toString());
        assertTrue(bad.warnings().get(0).contains("needs off or a directory"), bad.warnings().get(0));
        assertEquals(io.gpm4j.agent.analysis.ScanCache.defaultDirectory(), bad.scanCacheDirectory(), "ignored: the default");
    }

    @Test
    void chaosTakesAPositiveNumberAndALongSeed() {
        AgentOptions o = AgentOptions.parse("chaos=3,chaosseed=-42,include=com.acme");
        assertEquals(3, o.chaos());
        assertEquals(-42L, o.chaosSeed());
        assertEquals(List.of("com.acme"), o.include());
        assertEquals(List.of(), o.warnings());
        AgentOptions off = AgentOptions.parse("verbose");
        assertEquals(0, off.chaos());
        assertEquals(null, off.chaosSeed());
        assertEquals(null, off.chaosStall(), "not given: the runtime's default");
    }

    @Test
    void chaosStallTakesAWholeNumberAndReportsAnythingElse() {
        assertEquals(4, AgentOptions.parse("chaos=3,chaosstall=4").chaosStall());
        assertEquals(0, AgentOptions.parse("chaos=3,chaosstall=0").chaosStall(), "0: never stall");
        AgentOptions bad = AgentOptions.parse("chaosstall=-1,chaosstall=x,chaosstall,chaosstall=99999999999");
        assertEquals(null, bad.chaosStall());
        assertEquals(4, bad.warnings().size(), bad.warnings().toString());
        assertTrue(bad.warnings().get(0).contains("option 'chaosstall=-1' needs a whole number"), bad.warnings().get(0));
    }

    @Test
    void badChaosValuesAreReportedAndLeaveItOff() {
        AgentOptions o = AgentOptions.parse("chaos=0,chaos=-1,chaos=x,chaos,chaos=99999999999,chaosseed=1.5,chaosseed");
        assertEquals(0, o.chaos());
        assertEquals(null, o.chaosSeed());
        assertEquals(7, o.warnings().size(), o.warnings().toString());
        assertTrue(o.warnings().get(0).contains("option 'chaos=0' needs a positive number"), o.warnings().get(0));
        assertTrue(o.warnings().get(5).contains("option 'chaosseed=1.5' needs a whole number"), o.warnings().get(5));
        assertTrue(AgentOptions.parse("chaoss=3").warnings().get(0).contains("did you mean 'chaos'"));
    }

    /** What counts as a package name (checked by hand, not by a regular expression). */
    @Test
    void packageNamesAreIdentifiersSeparatedByDotsOrSlashes() {
        for (String ok : new String[] {"com", "com.acme", "com/acme", "acme.", "acme/", "_x.$y1", "été.café"}) {
            assertTrue(AgentOptions.isPackageName(ok), ok);
        }
        for (String bad : new String[] {"", ".", "/", ".com", "com..acme", "com./acme", "1com", "com.1acme", "*", "com.*",
                "com-acme", "com acme", "acme.."}) {
            assertFalse(AgentOptions.isPackageName(bad), bad);
        }
    }
}
