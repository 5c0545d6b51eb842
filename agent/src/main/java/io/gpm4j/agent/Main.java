package io.gpm4j.agent;

import io.gpm4j.agent.jfr.HtmlReport;
import io.gpm4j.agent.jfr.JfrSettings;
import io.gpm4j.agent.jfr.Report;
import io.gpm4j.agent.jfr.TextReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar gpm4j-agent.jar <command>}: the tools that come with the agent.
 * <ul>
 * <li>{@code report <recording.jfr> [--html <page.html>]}: summarises a JFR recording's goroutine
 *     events; with {@code --html}, also writes a self-contained page with a timeline;
 * <li>{@code jfc [profile]}: prints gpm4j.jfc, or with {@code profile} the running JDK's profile
 *     settings with gpm4j.jfc laid over them;
 * <li>{@code stack [--timeout <seconds>] <pid>}: prints the goroutine dump of a running JVM under
 *     the agent ({@link StackCommand});
 * <li>{@code stat [--once | --count <n>] [--interval <seconds>] [--dir <dir>] <pid>}: prints the live counters
 *     of a running JVM under the agent every second ({@link StatCommand}).
 * </ul>
 * Bad arguments print the usage and exit with status 2; nothing is written then.
 */
public final class Main {
    static final String USAGE = String.join("\n",
            "usage: java -jar gpm4j-agent.jar <command>",
            "",
            "  report <recording.jfr> [--html <page.html>]",
            "      summarise the goroutine events of a JFR recording (time parked by wait reason,",
            "      top park stacks, pinned goroutines, scheduler latency, steals per P); --html",
            "      also writes a self-contained page with the same tables and a timeline of the Ms",
            "  jfc [profile]",
            "      print gpm4j.jfc (gpm4j's events; use it beside the JDK's own settings:",
            "      -XX:StartFlightRecording:settings=profile,settings=gpm4j.jfc), or with profile",
            "      the running JDK's profile settings with gpm4j.jfc laid over them, in one file",
            "  stack [--timeout <seconds>] <pid>",
            "      print the goroutine dump (Go.stack(true)'s format) of a running JVM under the agent;",
            "      waits at most --timeout seconds (default " + StackCommand.DEFAULT_TIMEOUT_SECONDS + ") for its scheduler",
            "  stat [--once | --count <n>] [--interval <seconds>] [--dir <dir>] <pid>",
            "      print the live counters of a running JVM under the agent (goroutines by state and",
            "      wait reason, Ps, Ms, run queues, timers; totals with their rates) every second, like",
            "      vmstat; --once prints one sample, --count n samples; --dir: where its",
            "      gpm4j-<pid>.counters file is, when not in its temp dir",
            "",
            "As an agent: java -javaagent:gpm4j-agent.jar[=options] ... (see the README).",
            "");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        if ((args[0].equals("report") || args[0].equals("jfc")) && ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) {
            err.println("gpm4j: this Java runtime has no jdk.jfr module; run '" + args[0] + "' with a full JDK");
            return 1;
        }
        try {
            switch (args[0]) {
                case "report":
                    return report(rest, out, err);
                case "jfc":
                    return jfc(rest, out, err);
                case "stack":
                    return StackCommand.run(rest, out, err);
                case "stat":
                    return StatCommand.run(rest, out, err);
                default:
                    err.println("gpm4j: unknown command '" + args[0] + "'\n");
                    err.print(USAGE);
                    return 2;
            }
        } catch (IOException | java.text.ParseException e) {
            err.println("gpm4j: " + e.getMessage());
            return 1;
        }
    }

    private static int report(List<String> args, PrintStream out, PrintStream err) throws IOException {
        Path html = null;
        Path recording = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--html")) {
                if (i + 1 == args.size()) {
                    return usage(err, "--html needs a file name");
                }
                html = Path.of(args.get(++i));
            } else if (a.startsWith("-")) {
                return usage(err, "unknown option '" + a + "'");
            } else if (recording != null) {
                return usage(err, "one recording at a time ('" + recording + "' and '" + a + "')");
            } else {
                recording = Path.of(a);
            }
        }
        if (recording == null) {
            return usage(err, "report needs a recording (a .jfr file)");
        }
        if (!Files.isRegularFile(recording)) {
            err.println("gpm4j: no such file: " + recording);
            return 1;
        }
        Report r;
        try {
            r = Report.of(recording);
        } catch (IOException e) {
            err.println("gpm4j: cannot read " + recording + " as a JFR recording: " + e.getMessage());
            return 1;
        }
        out.print(TextReport.render(r));
        if (html != null) {
            Files.writeString(html, HtmlReport.render(r), StandardCharsets.UTF_8);
            out.println("\nwrote " + html.toAbsolutePath());
        }
        return 0;
    }

    private static int jfc(List<String> args, PrintStream out, PrintStream err) throws IOException, java.text.ParseException {
        if (args.size() > 1 || (args.size() == 1 && !args.get(0).equals("profile"))) {
            return usage(err, "jfc takes nothing or 'profile'");
        }
        if (args.isEmpty()) {
            out.print(JfrSettings.gpm4jJfc());
        } else {
            out.print(JfrSettings.toJfc(JfrSettings.profileWithGpm4j(false), "gpm4j profile",
                    "The JDK's profile settings (" + System.getProperty("java.version") + ") with gpm4j's goroutine events"));
        }
        return 0;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("gpm4j: " + problem + "\n");
        err.print(USAGE);
        return 2;
    }
}
