package io.gpm4j.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The side-by-side figures the documents quote come from the latest bench/RESULTS.md. Between
 * {@code <!-- figures: bench/RESULTS.md -->} and {@code <!-- /figures -->} in README.md and
 * bench/README.md, every number with a unit (ns, ms, B, bytes, KB, x, ×, times) must be a value
 * of RESULTS.md (its table or its RESULT lines), rounded as written, or for ratios a ratio of
 * two values of the same workload; README.md's table must be RESULTS.md's; and outside those
 * regions README.md makes no comparison with Go or claim about the parked size.
 */
class DocFiguresTest {
    private static final Pattern REGION = Pattern.compile(
            "<!-- figures: bench/RESULTS.md -->\\n(.*?)<!-- /figures -->", Pattern.DOTALL);
    private static final String NUM = "(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)";
    /** A number, or a range "a to b" / "a-b" / "a–b", then a unit. */
    private static final Pattern FIGURE = Pattern.compile(
            "(?<![\\w.])\\+?~?" + NUM + "(?:\\s*(?:to|-|–)\\s*" + NUM + ")?\\s*(x|×|ns|µs|ms|B|bytes|KB|times|requests/s)(?![\\w])");
    /** Outside the regions, README.md must not compare with Go or size parked goroutines. */
    private static final Pattern CLAIM = Pattern.compile(
            "(?i)times Go|Go's time|x Go|per parked goroutine|bytes each|parked ones cost|\\b\\d+(\\.\\d+)?x\\b");

    static String readme;
    static String benchReadme;
    static String results;
    /** workload -> the measured values of its table row (Go, gpm4j JDK 25, gpm4j JDK 17, virtual threads). */
    static final Map<String, List<Double>> values = new LinkedHashMap<>();
    /** workload -> the ratios to Go printed in its table row. */
    static final Map<String, List<Double>> ratios = new LinkedHashMap<>();
    /** workload -> the numbers of its RESULT lines (values only, never ratios). */
    static final Map<String, List<Double>> resultLines = new LinkedHashMap<>();
    static final List<String> tableRows = new ArrayList<>();
    /** The rows of bench/run-http.sh's table in RESULTS.md, if it has one. */
    static final List<String> httpRows = new ArrayList<>();

    @BeforeAll
    static void read() throws IOException {
        Path root = Path.of("..");
        readme = Files.readString(root.resolve("README.md"));
        benchReadme = Files.readString(root.resolve("bench/README.md"));
        results = Files.readString(root.resolve("bench/RESULTS.md"));
        Pattern row = Pattern.compile("^\\| (\\S+) \\| [^|]+ \\|(( [^|]+ \\|){4})$", Pattern.MULTILINE);
        // the side-by-side table only: other scripts' regions (http, counters, jetty) have tables of their own
        Matcher m = row.matcher(results.replaceAll("(?s)<!-- (\\w+): bench/\\S+ -->.*?<!-- /\\1 -->", ""));
        while (m.find()) {
            if (m.group(1).equals("workload") || m.group(1).startsWith("-")) {
                continue;
            }
            tableRows.add(m.group(0));
            List<Double> vs = values.computeIfAbsent(m.group(1), k -> new ArrayList<>());
            List<Double> rs = ratios.computeIfAbsent(m.group(1), k -> new ArrayList<>());
            Matcher n = Pattern.compile("(\\d+(?:\\.\\d+)?)(x?)").matcher(m.group(2));
            while (n.find()) {
                (n.group(2).isEmpty() ? vs : rs).add(Double.parseDouble(n.group(1)));
            }
        }
        Matcher r = Pattern.compile("^RESULT (\\S+) .*$", Pattern.MULTILINE).matcher(results);
        while (r.find()) {
            List<Double> vs = resultLines.computeIfAbsent(r.group(1), k -> new ArrayList<>());
            Matcher kv = Pattern.compile("\\b(\\w+)=(\\d+(?:\\.\\d+)?)\\b").matcher(r.group(0));
            while (kv.find()) {
                vs.add(Double.parseDouble(kv.group(2)));
            }
        }
        assertTrue(values.keySet().containsAll(List.of("spawn", "gosched", "pingpong", "buffered", "skynet",
                "parked-own", "parked-shared", "mutex")), "RESULTS.md's workloads: " + values.keySet());
        assertEquals(values.size(), tableRows.size(), results);
        // bench/run-http.sh's region: a row per server, its figures values, its parenthesised figures ratios
        Matcher region = Pattern.compile("<!-- http: bench/run-http.sh -->\\n(.*?)<!-- /http -->", Pattern.DOTALL).matcher(results);
        if (region.find()) {
            Matcher server = Pattern.compile("^\\| (go|gpm4j-jdk25|gpm4j-jdk17|vthreads-jdk25) \\|(.*)$", Pattern.MULTILINE)
                    .matcher(region.group(1));
            while (server.find()) {
                httpRows.add(server.group(0));
                List<Double> vs = values.computeIfAbsent("http " + server.group(1), k -> new ArrayList<>());
                List<Double> rs = ratios.computeIfAbsent("http " + server.group(1), k -> new ArrayList<>());
                Matcher n = Pattern.compile("(?<![\\w.])(\\d+(?:\\.\\d+)?)(x\\))?").matcher(server.group(2));
                while (n.find()) {
                    (n.group(2) == null ? vs : rs).add(Double.parseDouble(n.group(1)));
                }
            }
        }
    }

    @Test
    void readmesTableIsResultsTable() {
        for (String row : tableRows) {
            assertTrue(readme.contains(row + "\n"), "README.md lacks RESULTS.md's row " + row);
        }
        Matcher date = Pattern.compile("\\| date \\| (\\d{4}-\\d{2}-\\d{2}) ").matcher(results);
        assertTrue(date.find(), "a date in RESULTS.md");
        String perf = readme.substring(readme.indexOf("## Performance"));
        assertTrue(perf.substring(0, perf.indexOf("| workload")).contains(date.group(1)),
                "README's Performance section names the date of RESULTS.md, " + date.group(1));
    }

    @Test
    void everyFigureInAMarkedRegionComesFromResults() {
        List<String> bad = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, String> doc : Map.of("README.md", readme, "bench/README.md", benchReadme).entrySet()) {
            Matcher region = REGION.matcher(doc.getValue());
            int regions = 0;
            while (region.find()) {
                regions++;
                String text = region.group(1).replaceAll("(?m)^\\|.*$", ""); // the table: checked row by row
                Matcher f = FIGURE.matcher(text);
                while (f.find()) {
                    String unit = f.group(3);
                    for (String number : new String[] {f.group(1), f.group(2)}) {
                        if (number == null) {
                            continue;
                        }
                        checked++;
                        if (!derives(number, unit)) {
                            bad.add(doc.getKey() + ": " + number + " " + unit + " in \"" + f.group(0) + "\"");
                        }
                    }
                }
            }
            assertTrue(regions >= (doc.getKey().equals("README.md") ? 3 : 1), doc.getKey() + " marks its RESULTS.md figures");
        }
        assertTrue(checked >= 20, "figures checked: " + checked);
        assertTrue(bad.isEmpty(), "figures not in bench/RESULTS.md:\n" + String.join("\n", bad));
    }

    @Test
    void readmeComparesWithGoOnlyInMarkedRegions() {
        String outside = REGION.matcher(readme).replaceAll("");
        List<String> bad = new ArrayList<>();
        for (String line : outside.lines().toList()) {
            if (CLAIM.matcher(line).find() && !line.startsWith("|")) {
                bad.add(line);
            }
        }
        assertTrue(bad.isEmpty(), "comparisons outside the RESULTS.md regions:\n" + String.join("\n", bad));
    }

    @Test
    void readmesHttpTableIsResultsHttpTable() {
        for (String row : httpRows) {
            assertTrue(readme.contains(row + "\n"), "README.md lacks RESULTS.md's HTTP row " + row);
        }
    }

    @Test
    void theCheckRejectsAFigureNotInResults() {
        // the check itself: a figure not in RESULTS.md is caught, one rounded from it or derived passes
        List<Double> pingpong = values.get("pingpong");
        double go = pingpong.get(0);
        double jdk25 = pingpong.get(1);
        assertTrue(derives(String.format(java.util.Locale.ROOT, "%.1f", jdk25), "ns"), "a value of the table");
        assertTrue(derives(String.format(java.util.Locale.ROOT, "%.0f", jdk25), "ns"), "rounded");
        assertTrue(derives(String.format(java.util.Locale.ROOT, "%.2f", ratios.get("pingpong").get(0)), "x"), "a printed ratio");
        assertTrue(derives(String.format(java.util.Locale.ROOT, "%.1f", jdk25 / go), "times"), "a ratio of two values");
        assertTrue(!derives(String.format(java.util.Locale.ROOT, "%.1f", jdk25 + 0.5), "ns"), "a value off by 0.5");
        assertTrue(!derives("98765.4", "ns") && !derives("12345.67", "x"), "figures RESULTS.md does not have");
        assertTrue(derives("1,000,000", "B") == resultLines.values().stream().flatMap(List::stream).anyMatch(v -> v == 1_000_000),
                "thousands separators are read");
    }

    /** Whether {@code number} (as written) is a RESULTS.md value (or ratio, for x/×/times) rounded to its precision. */
    static boolean derives(String number, String unit) {
        String plain = number.replace(",", "");
        int decimals = plain.contains(".") ? plain.length() - plain.indexOf('.') - 1 : 0;
        double want = Double.parseDouble(plain);
        boolean ratio = unit.equals("x") || unit.equals("×") || unit.equals("times");
        if (!ratio) {
            for (List<Double> vs : resultLines.values()) {
                for (double a : vs) {
                    if (same(a, want, decimals) || unit.equals("KB") && (same(a / 1000, want, decimals) || same(a / 1024, want, decimals))) {
                        return true;
                    }
                }
            }
        }
        if (ratio && ratios.values().stream().flatMap(List::stream).anyMatch(r -> same(r, want, decimals))) {
            return true; // a ratio printed in the table
        }
        for (List<Double> vs : values.values()) {
            for (double a : vs) {
                if (!ratio) {
                    if (same(a, want, decimals) || unit.equals("KB") && (same(a / 1000, want, decimals) || same(a / 1024, want, decimals))) {
                        return true;
                    }
                    continue;
                }
                for (double b : vs) {
                    if (b > 0 && same(a / b, want, decimals)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean same(double value, double want, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.abs(Math.round(value * scale) - want * scale) < 0.5;
    }
}
