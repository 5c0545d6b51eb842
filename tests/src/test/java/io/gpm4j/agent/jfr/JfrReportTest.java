package io.gpm4j.agent.jfr;

import io.gpm4j.ReportProgram;
import io.gpm4j.testkit.SuiteAgentOptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpm4j.agent.jfr.HtmlReport;
import io.gpm4j.agent.jfr.Report;
import io.gpm4j.agent.jfr.TextReport;
import io.gpm4j.ChildJvm;
import io.gpm4j.testkit.ChildProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * The agent's {@code jfr} option records a known program ({@link ReportProgram}) in a fresh JVM;
 * the report on that recording has the rows the program must produce, as text, as HTML (valid,
 * and rendered by headless Chromium when the machine has it) and through the agent jar's command
 * line.
 */
class JfrReportTest {
    @TempDir
    static Path dir;
    static Path recording;
    static Report report;

    @BeforeAll
    static void recordTheProgram() throws Exception {
        recording = dir.resolve("program.jfr");
        // a quiet period of 0: the back-edge points are disarmed at every sysmon look without a
        // request, so the spinner's slices arm them anew between the samples
        ChildJvm.Result r = ChildJvm.run("main,jfr=" + recording + ",jfrdetail", List.of("-Dgpm4j.backedgequietms=0"),
                Map.of(), ReportProgram.class.getName());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("done\n", r.stdout());
        assertTrue(r.stderr().startsWith("gpm4j: recording JFR (the JDK's profile settings + gpm4j.jfc, scheduler=detailed) to "
                + recording), r.stderr());
        assertTrue(Files.size(recording) > 0, "written at exit");
        report = Report.of(recording);
    }

    @Test
    void theRecordingUsesTheJdksProfileSettingsWithGpm4jsOnTop() throws Exception {
        List<RecordedEvent> settings = RecordingFile.readAllEvents(recording).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.ActiveSetting")).toList();
        // profile.jfc samples Java code every 10 ms (default.jfc: 20 ms); gpm4j.jfc parks over 10 ms
        assertTrue(settings.stream().anyMatch(e -> e.getString("name").equals("period") && e.getString("value").equals("10 ms")),
                "profile's execution sampling");
        assertTrue(report.eventCounts().containsKey("io.gpm4j.RuntimeStats"), report.eventCounts().toString());
    }

    @Test
    void theTextReportHasTheProgramsRows() {
        String text = TextReport.render(report);
        String parked = section(text, "Time parked by wait reason");
        assertTrue(parked.lines().anyMatch(l -> l.matches("  chan receive +[3-9] .*")), parked);
        String stacks = section(text, "Top park stacks");
        assertTrue(stacks.contains("io.gpm4j.ReportProgram.waitForTheTicket:"), stacks);
        assertTrue(stacks.contains("io.gpm4j.ReportProgram.main:"), stacks);
        assertFalse(stacks.contains("io.gpm4j.runtime."), "runtime frames are left out: " + stacks);
        String pinned = section(text, "Pinned goroutines");
        assertTrue(pinned.lines().anyMatch(l -> l.matches("  1 .* MONITOR +io\\.gpm4j\\.ReportProgram\\.holdTheLockWhileWaiting\\(ReportProgram\\.java:\\d+\\) holds a monitor \\(synchronized\\) .*")),
                pinned);
        String runs = section(text, "Goroutine runs per M");
        assertTrue(runs.lines().anyMatch(l -> l.matches("  M\\d+ +\\d+ .*")), runs);
        String goroutines = section(text, "Goroutines");
        assertTrue(goroutines.lines().anyMatch(l -> l.matches("  GOMAXPROCS +\\d+ .*")), goroutines);
        assertTrue(section(text, "Scheduler latency").contains("threshold 1 ms"), text);
        if (!SuiteAgentOptions.value().contains("chaos")) { // chaos mode keeps the points armed from the start
            assertTrue(goroutines.matches("(?s).*the loops' back-edge points armed \\d+ times? \\(each time the JVM deoptimized.*"),
                    "the spinner's requests armed them between two samples: " + goroutines);
        }
        assertTrue(report.timeline().stream().filter(r -> r.durationNanos() >= 2_000_000).count() >= 10,
                "the 3 ms burns are on the timeline: " + report.timeline());
    }

    @Test
    void theHtmlPageIsValidAndHoldsTheTablesAndTheTimeline() throws Exception {
        String html = HtmlReport.render(report);
        assertFalse(html.contains("<script"), "self-contained, no scripts");
        assertFalse(html.contains("http://") && html.replace("http://www.w3.org/2000/svg", "").contains("http://"), "no links out");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new org.xml.sax.InputSource(new java.io.StringReader(html.replace("<!DOCTYPE html>", ""))));
        assertTrue(doc.getElementsByTagName("table").getLength() >= 5);
        assertTrue(doc.getElementsByTagName("rect").getLength() > 10, "timeline bars");
        assertTrue(html.contains("<td>MONITOR</td>"), "pinned row");
        assertTrue(html.contains("io.gpm4j.ReportProgram.waitForTheTicket:"), "park stack");

        Path page = dir.resolve("page.html");
        Files.writeString(page, html);
        String chromium = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome").stream()
                .filter(p -> new File(p).canExecute()).findFirst().orElse(null);
        if (chromium == null) {
            System.err.println("JfrReportTest: no Chromium on this machine; the page was checked as XML only");
            return;
        }
        ChildProcess.Result p = ChildProcess.run(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                page.toUri().toString()), ChildJvm.LIMIT);
        String dom = p.stdout();
        assertTrue(dom.contains("Time parked by wait reason") && dom.contains("<svg"), "Chromium rendered the page: " + dom);
    }

    @Test
    void theAgentJarsReportCommandPrintsAndWritesTheSame() throws Exception {
        Path page = dir.resolve("cli.html");
        ProcessResult r = agentJar("report", recording.toString(), "--html", page.toString());
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.startsWith("gpm4j report: " + recording + "\n"), r.out);
        assertTrue(r.out.contains("chan receive"), r.out);
        assertTrue(r.out.endsWith("wrote " + page.toAbsolutePath() + "\n"), r.out);
        assertTrue(Files.readString(page).contains("<h2>Pinned goroutines</h2>"));

        ProcessResult missing = agentJar("report", dir.resolve("nothing.jfr").toString());
        assertEquals(1, missing.code);
        assertTrue(missing.err.contains("no such file"), missing.err);
        Path notJfr = Files.writeString(dir.resolve("not.jfr"), "hello");
        ProcessResult bad = agentJar("report", notJfr.toString());
        assertEquals(1, bad.code);
        assertTrue(bad.err.startsWith("gpm4j: cannot read " + notJfr + " as a JFR recording"), bad.err);
        assertEquals("", bad.out);
        ProcessResult usage = agentJar("report");
        assertEquals(2, usage.code);
        assertTrue(usage.err.contains("usage: java -jar gpm4j-agent.jar"), usage.err);
    }

    @Test
    void theShippedJfcWorksWithStartFlightRecordingAndItsSchedulerOption() throws Exception {
        ProcessResult jfc = agentJar("jfc");
        assertEquals(0, jfc.code, jfc.err);
        Path settings = Files.writeString(dir.resolve("gpm4j.jfc"), jfc.out);
        for (String scheduler : List.of("summary", "detailed")) {
            Path file = dir.resolve("start-" + scheduler + ".jfr");
            ChildJvm.Result r = ChildJvm.run("main", List.of("-XX:StartFlightRecording:settings=profile,settings=" + settings
                    + ",scheduler=" + scheduler + ",filename=" + file), Map.of(), ReportProgram.class.getName());
            assertEquals(0, r.exitCode(), r.stderr());
            Map<String, Long> counts = Report.of(file).eventCounts();
            assertTrue(counts.getOrDefault("io.gpm4j.GoroutinePark", 0L) >= 4, counts.toString());
            assertTrue(counts.getOrDefault("io.gpm4j.GoroutinePinned", 0L) >= 1, counts.toString());
            assertEquals(scheduler.equals("detailed"), counts.containsKey("io.gpm4j.GoroutineRun"), counts.toString());
        }
    }

    /** The section of a text report from its title to the next title. */
    static String section(String text, String title) {
        int start = text.indexOf("\n" + title + "\n");
        assertTrue(start >= 0, "no section " + title + " in\n" + text);
        int end = text.indexOf("\n\n", start + 1);
        return text.substring(start + 1, end < 0 ? text.length() : end);
    }

    record ProcessResult(int code, String out, String err) {
    }

    static ProcessResult agentJar(String... args) throws Exception {
        return agentJar(Path.of(System.getProperty("java.home")), args);
    }

    /** {@code java -jar <agent jar> args}, with the Java runtime at {@code javaHome}, bounded as {@link ChildJvm} is. */
    static ProcessResult agentJar(Path javaHome, String... args) throws Exception {
        ChildJvm.Result r = ChildJvm.agentCommand(javaHome, args);
        return new ProcessResult(r.exitCode(), r.stdout(), r.stderr());
    }
}
