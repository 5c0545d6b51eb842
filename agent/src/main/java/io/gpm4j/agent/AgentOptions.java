package io.gpm4j.agent;

import io.gpm4j.agent.analysis.ScanCache;
import io.gpm4j.agent.analysis.SuspendableMethods;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The agent's options: {@code -javaagent:gpm4j-agent.jar=key=value,key=value,flag}. A value list
 * continues after a comma ({@code include=com.a,com.b}) until the next {@code key=value} or known
 * flag. An unknown or not yet supported option is reported in one line and ignored: options never
 * stop the application from starting.
 *
 * <p>How a list value is told from a misspelled option: a token with {@code '='} is always an
 * option; a known option name ends the list; any other token continues the list only if it looks
 * like a Java package name (identifiers separated by {@code .} or {@code /}, optionally ending in
 * one) and, when it is a single identifier, is not an option name misspelled (differing in case,
 * or within one edit, two for names longer than four letters, a swap of neighbours counting as
 * one). Otherwise it is reported by name and ignored, and the list goes on. Flags take
 * {@code true} or {@code false} as a value and nothing else; {@code scheddetail} takes 0 or 1.
 */
public final class AgentOptions {
    private static final List<String> FLAGS = List.of("verbose", "main", "jfr", "jfrdetail");
    /** Every option name, for telling a misspelled one from a package. */
    private static final List<String> NAMES = List.of("include", "exclude", "aware", "verbose", "main", "panic",
            "schedtrace", "scheddetail", "jfr", "jfrdetail", "chaos", "chaosseed", "chaosstall",
            "scancache");

    private final List<String> include = new ArrayList<>();
    private final List<String> exclude = new ArrayList<>();
    private final List<String> aware = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private boolean verbose;
    private boolean main;
    private boolean panicExit;
    private boolean jfr;
    private boolean jfrDetail;
    private String jfrFile;
    private int chaos;
    private Long chaosSeed;
    private Integer chaosStall;
    private String scanCache;
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
            if (eq < 0 && current != null && !NAMES.contains(key)) {
                String why = notAPackage(token);
                if (why == null) {
                    current.add(packagePrefix(token));
                } else {
                    o.warnings.add("option '" + token + "' in the " + listName(o, current)
                            + " list " + why + "; ignored");
                }
                continue;
            }
            current = null;
            switch (key) {
                case "include":
                    current = o.include;
                    o.addIfPresent(current, token, value);
                    break;
                case "exclude":
                    current = o.exclude;
                    o.addIfPresent(current, token, value);
                    break;
                case "aware":
                    current = o.aware;
                    o.addIfPresent(current, token, value);
                    break;
                case "verbose":
                    o.verbose = o.flag(token, value, o.verbose);
                    break;
                case "main":
                    o.main = o.flag(token, value, o.main);
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
                    if (o.flag(token, value, false)) {
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
                    if (value == null || !isDigits(value, Integer.MAX_VALUE)) {
                        o.warnings.add("option '" + token + "' needs a number (schedtrace=MS); ignored");
                    } else {
                        o.debug.add(key + "=" + value);
                    }
                    break;
                case "scheddetail":
                    if (!"0".equals(value) && !"1".equals(value)) {
                        o.warnings.add("option '" + token + "' needs 0 or 1 (scheddetail=1); ignored");
                    } else {
                        o.debug.add(key + "=" + value);
                    }
                    break;
                case "chaos":
                    if (value == null || !isDigits(value, 9) || Integer.parseInt(value) == 0) {
                        o.warnings.add("option '" + token + "' needs a positive number (chaos=N: about one in N "
                                + "preemption points yields); ignored");
                    } else {
                        o.chaos = Integer.parseInt(value);
                    }
                    break;
                case "chaosseed":
                    try {
                        o.chaosSeed = Long.parseLong(value == null ? "" : value);
                    } catch (NumberFormatException e) {
                        o.warnings.add("option '" + token + "' needs a whole number (chaosseed=S, a long); ignored");
                    }
                    break;
                case "chaosstall":
                    if (value == null || !isDigits(value, 9)) {
                        o.warnings.add("option '" + token + "' needs a whole number (chaosstall=K: about one in K "
                                + "of chaos mode's yields stalls the carrier instead, 0 never); ignored");
                    } else {
                        o.chaosStall = Integer.parseInt(value);
                    }
                    break;
                case "scancache":
                    if (value == null || value.isEmpty()) {
                        o.warnings.add("option '" + token + "' needs off or a directory (scancache=off, scancache=DIR); ignored");
                    } else {
                        o.scanCache = value;
                    }
                    break;
                default:
                    String like = misspelled(key);
                    o.warnings.add("unknown option '" + token + "'" + (like == null ? "" : " (did you mean '" + like + "'?)")
                            + "; ignored (known: " + String.join(", ", NAMES) + ")");
            }
        }
        return o;
    }

    private static String listName(AgentOptions o, List<String> list) {
        return list == o.include ? "include" : list == o.exclude ? "exclude" : "aware";
    }

    /** The first value of a list ({@code include=value}): a package name, else reported by name. */
    private void addIfPresent(List<String> list, String token, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        if (isPackageName(value)) {
            list.add(packagePrefix(value));
        } else {
            warnings.add("option '" + token + "' does not name a package (like com.acme or com/acme); ignored");
        }
    }

    /** A flag's value: none or {@code true} is on, {@code false} off; anything else is reported and leaves {@code current}. */
    private boolean flag(String token, String value, boolean current) {
        if (value == null || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        warnings.add("option '" + token + "' needs true or false (or the bare flag); ignored");
        return current;
    }

    /**
     * Java identifiers separated by {@code .} or {@code /}, with one optional at the end
     * ({@code com.acme}, {@code com/acme}, {@code acme.}). By hand, not a regular expression: the
     * options are parsed in every premain, and compiling a pattern of Unicode classes costs a JVM's
     * start-up milliseconds.
     */
    static boolean isPackageName(String s) {
        boolean start = true;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (start) {
                if (!Character.isJavaIdentifierStart(c)) {
                    return false; // also a separator first, or two in a row
                }
                start = false;
            } else if (c == '.' || c == '/') {
                start = true;
            } else if (!Character.isJavaIdentifierPart(c)) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /** One to {@code max} ASCII digits. */
    private static boolean isDigits(String s, int max) {
        if (s.isEmpty() || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Why a bare token in a list is not a package prefix, or null when it is one. */
    private static String notAPackage(String token) {
        if (!isPackageName(token)) {
            return "is neither an option nor a package name";
        }
        if (token.indexOf('.') < 0 && token.indexOf('/') < 0) {
            String like = misspelled(token);
            if (like != null) {
                return "looks like the option '" + like + "' misspelled, not a package";
            }
        }
        return null;
    }

    /** The option name {@code word} is close to (see the class comment), or null. */
    static String misspelled(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        for (String name : NAMES) {
            int allowed = name.length() > 4 ? 2 : 1;
            if (w.equals(name) || editDistance(w, name) <= allowed) {
                return name;
            }
        }
        return null;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    private static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
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

    /**
     * Chaos mode ({@code chaos=N}): about one in this many preemption points makes the goroutine
     * yield, at random; 0 when off.
     */
    public int chaos() {
        return chaos;
    }

    /** Chaos mode's seed ({@code chaosseed=S}), or null when none was given. */
    public Long chaosSeed() {
        return chaosSeed;
    }

    /**
     * Chaos mode's stalls ({@code chaosstall=K}): about one in K of its yields holds the carrier
     * in the JDK instead, for sysmon to hand its P off; 0 never; null when not given (the
     * runtime's default).
     */
    public Integer chaosStall() {
        return chaosStall;
    }

    /**
     * Where the verdicts of the library scan are remembered across runs ({@code scancache=DIR});
     * null when {@code scancache=off} (or {@code false}); the default directory
     * ({@link ScanCache#defaultDirectory}, {@code ~/.cache/gpm4j}) when not given or {@code on}.
     */
    public java.io.File scanCacheDirectory() {
        if (scanCache == null || scanCache.equalsIgnoreCase("on") || scanCache.equalsIgnoreCase("true")) {
            return ScanCache.defaultDirectory();
        }
        if (scanCache.equalsIgnoreCase("off") || scanCache.equalsIgnoreCase("false")) {
            return null;
        }
        return new java.io.File(scanCache).getAbsoluteFile();
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

    /**
     * Package prefixes (dotted) of libraries to treat as knowing about goroutines although none of
     * their classes mentions gpm4j (option {@code aware=okio,...}): their calls through interfaces
     * may suspend, as in the application's own code ({@code CodeSources}).
     */
    public List<String> aware() {
        return Collections.unmodifiableList(aware);
    }

    /** One line per option that was not understood. */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }
}
