package io.gpm4j.agent;

import io.gpm4j.agent.analysis.SuspendableMethods;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The agent's options: {@code -javaagent:gpm4j-agent.jar=key=value,key=value,flag}. A value list
 * continues after a comma ({@code include=com.a,com.b}) until the next {@code key=value} or known
 * flag. An unknown or not yet supported option is reported in one line and ignored: options never
 * stop the application from starting.
 */
public final class AgentOptions {
    private static final List<String> FLAGS = List.of("verbose", "main", "jfr", "jfrdetail");

    private final List<String> include = new ArrayList<>();
    private final List<String> exclude = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private boolean verbose;
    private boolean main;
    private boolean panicExit;
    private boolean jfr;
    private boolean jfrDetail;
    private String jfrFile;
    private final List<String> debug = new ArrayList<>();

    private AgentOptions() {
    }

    /** Parses an option string (null or empty for the defaults). */
    public static AgentOptions parse(String args) {
        AgentOptions o = new AgentOptions();
        if (args == null || args.isBlank()) {
            return o;
        }
        List<String> current = null;
        for (String raw : args.split(",")) {
            String token = raw.trim();
            if (token.isEmpty()) {
                continue;
            }
            int eq = token.indexOf('=');
            String key = eq < 0 ? token : token.substring(0, eq).trim();
            String value = eq < 0 ? null : token.substring(eq + 1).trim();
            if (eq < 0 && current != null && !FLAGS.contains(key)) {
                current.add(packagePrefix(token));
                continue;
            }
            current = null;
            switch (key) {
                case "include":
                    current = o.include;
                    addIfPresent(current, value);
                    break;
                case "exclude":
                    current = o.exclude;
                    addIfPresent(current, value);
                    break;
                case "verbose":
                    o.verbose = value == null || Boolean.parseBoolean(value);
                    break;
                case "main":
                    o.main = value == null || Boolean.parseBoolean(value);
                    break;
                case "jfr":
                    if (value == null || value.equalsIgnoreCase("true")) {
                        o.jfr = true;
                    } else if (!value.equalsIgnoreCase("false")) {
                        o.jfr = true;
                        o.jfrFile = value;
                    }
                    break;
                case "jfrdetail":
                    if (value == null || Boolean.parseBoolean(value)) {
                        o.jfr = true;
                        o.jfrDetail = true;
                    }
                    break;
                case "panic":
                    if ("exit".equals(value)) {
                        o.panicExit = true;
                    } else {
                        o.warnings.add("option '" + token + "' is not understood (panic=exit is); ignored");
                    }
                    break;
                case "schedtrace":
                case "scheddetail":
                    if (value == null || !value.matches("\\d+")) {
                        o.warnings.add("option '" + token + "' needs a number (" + key + "=N); ignored");
                    } else {
                        o.debug.add(key + "=" + value);
                    }
                    break;
                default:
                    o.warnings.add("unknown option '" + token
                            + "'; ignored (known: include, exclude, verbose, main, panic, schedtrace, scheddetail, jfr, jfrdetail)");
            }
        }
        return o;
    }

    private static void addIfPresent(List<String> list, String value) {
        if (value != null && !value.isEmpty()) {
            list.add(packagePrefix(value));
        }
    }

    private static String packagePrefix(String p) {
        return p.replace('/', '.');
    }

    /** Whether the class (binary name with dots or slashes) may be rewritten. */
    public boolean accepts(String className) {
        // never the JDK, the agent or the runtime's machine room, whatever the options say: the
        // rewrite's own rules, so that the two cannot disagree
        String internalName = className.replace('.', '/');
        if (SuspendableMethods.isJdk(internalName) || SuspendableMethods.isMachineRoom(internalName)) {
            return false;
        }
        String name = className.replace('/', '.');
        for (String p : exclude) {
            if (name.startsWith(p)) {
                return false;
            }
        }
        if (include.isEmpty()) {
            return true;
        }
        for (String p : include) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The runtime debug settings ({@code schedtrace=N,scheddetail=1}) in Go's GODEBUG form, empty
     * when none were given; the agent hands them to the runtime as {@code -Dgpm4j.debug}.
     */
    public String debugSettings() {
        return String.join(",", debug);
    }

    /** Whether the application's main runs as the main goroutine (option {@code main}). */
    public boolean main() {
        return main;
    }

    /** Whether to record the run with JFR (option {@code jfr} or {@code jfr=file.jfr}). */
    public boolean jfr() {
        return jfr;
    }

    /** Whether the recording times every goroutine switch too (gpm4j.jfc's {@code scheduler=detailed}). */
    public boolean jfrDetail() {
        return jfrDetail;
    }

    /** The recording's file ({@code jfr=file.jfr}), or null for the default name. */
    public String jfrFile() {
        return jfrFile;
    }

    /** Whether an uncaught goroutine exception ends the program as a Go panic does ({@code panic=exit}). */
    public boolean panicExit() {
        return panicExit;
    }

    public boolean verbose() {
        return verbose;
    }

    public List<String> include() {
        return Collections.unmodifiableList(include);
    }

    public List<String> exclude() {
        return Collections.unmodifiableList(exclude);
    }

    /** One line per option that was not understood. */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }
}
