package io.gpm4j.agent.robustness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The markdown report and the summary table. */
final class Report {
    private static final int EXAMPLES = 3;
    private static final int LISTED = 50;

    private Report() {
    }

    static String table(List<JarRun> runs) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-22s %8s %10s %10s %9s %9s %9s %9s %9s %12s%n", "jar", "classes", "cls rewr", "mth rewr",
                "refused", "asm fail", "jvm fail", "access", "excluded", "µs/class"));
        for (JarRun r : runs) {
            b.append(String.format("%-22s %8d %10d %10d %9d %9d %9d %9d %9d %12d%n", r.jar.label, r.classes(),
                    r.classesRewritten, r.methodsRewritten, r.refused.size(), r.asmFailures.size(),
                    r.loadFailures.size(), r.accessFailures.size(), r.baselineFailures.size(), r.rewriteMicrosPerClass()));
        }
        for (JarRun r : runs) {
            List<Map.Entry<String, List<JarRun.Refusal>>> groups = r.refusalsByReason();
            for (int i = 0; i < Math.min(3, groups.size()); i++) {
                b.append(String.format("  %s refused x%d: %s%n", r.jar.label, groups.get(i).getValue().size(),
                        groups.get(i).getKey()));
            }
        }
        return b.toString();
    }

    static void write(Path file, List<JarRun> runs) {
        StringBuilder b = new StringBuilder();
        b.append("# gpm4j robustness report: third-party jars rewritten with Scope.EVERYTHING\n\n");
        b.append("Every method with a body of every class is rewritten as if every call (but constructors) "
                + "could suspend. Each rewritten class is checked with ASM's `CheckClassAdapter.verify` and "
                + "then loaded and linked by the JVM (so HotSpot's verifier runs) in a child-first loader "
                + "that defines the rewritten bytes of the whole jar. Classes whose original bytes fail to "
                + "load the same way are excluded from the failure counts.\n\n");
        b.append("| jar | classes | classes rewritten | unchanged | methods rewritten | methods refused "
                + "| ASM verify failures | JVM load/link failures | inaccessible casts | excluded (original fails too) | rewrite per class (µs) | time (ms) |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (JarRun r : runs) {
            b.append("| ").append(r.jar.label).append(" | ").append(r.classes()).append(" | ")
                    .append(r.classesRewritten).append(" | ").append(r.classesUnchanged).append(" | ")
                    .append(r.methodsRewritten).append(" | ").append(r.refused.size()).append(" | ")
                    .append(r.asmFailures.size()).append(" | ").append(r.loadFailures.size()).append(" | ")
                    .append(r.accessFailures.size()).append(" | ").append(r.baselineFailures.size()).append(" | ").append(r.rewriteMicrosPerClass()).append(" | ").append(r.millis).append(" |\n");
        }
        for (JarRun r : runs) {
            b.append("\n## ").append(r.jar.label).append("\n\n");
            b.append("`").append(r.jar.jar.getFileName()).append("`: ").append(r.classes()).append(" classes; ")
                    .append(r.classesRewritten).append(" rewritten, ").append(r.classesUnchanged)
                    .append(" unchanged. ").append(r.candidateMethods)
                    .append(" methods with a body (constructors and static initialisers aside): ")
                    .append(r.methodsRewritten).append(" rewritten, ").append(r.refused.size())
                    .append(" refused, ").append(r.methodsLeftAsIs())
                    .append(" left as they were (no call, or every call made holding a monitor). Skipped entries: ")
                    .append(r.jar.skipped).append(".\n");
            b.append("\n### Methods refused, by reason\n\n");
            List<Map.Entry<String, List<JarRun.Refusal>>> groups = r.refusalsByReason();
            if (groups.isEmpty()) {
                b.append("None.\n");
            }
            for (Map.Entry<String, List<JarRun.Refusal>> g : groups) {
                b.append("- **").append(g.getValue().size()).append("** × ").append(code(g.getKey())).append("\n");
                for (int i = 0; i < Math.min(EXAMPLES, g.getValue().size()); i++) {
                    JarRun.Refusal x = g.getValue().get(i);
                    b.append("  - `").append(x.className()).append('.').append(x.method()).append("`\n");
                }
            }
            section(b, "Classes failing ASM's verifier because of the rewrite", r.asmFailures);
            section(b, "Classes the JVM fails to load or link because of the rewrite", r.loadFailures);
            section(b, "Rewritten classes casting to a class they may not access (IllegalAccessError when resumed)",
                    r.accessFailures);
            section(b, "Rewrite crashes (ClassRewriter.rewrite threw)", r.rewriteCrashes);
            section(b, "ASM verifier failures shared with the original bytes, or due only to a class missing from the class path (excluded)",
                    r.asmBaseline);
            section(b, "Classes whose original bytes fail to load or link too (excluded)", r.baselineFailures);
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, b.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void section(StringBuilder b, String title, Map<String, String> entries) {
        b.append("\n### ").append(title).append(" (").append(entries.size()).append(")\n\n");
        if (entries.isEmpty()) {
            b.append("None.\n");
            return;
        }
        int n = 0;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            if (n++ == LISTED) {
                b.append("- … and ").append(entries.size() - LISTED).append(" more\n");
                break;
            }
            b.append("- `").append(e.getKey()).append("`: ").append(code(e.getValue())).append("\n");
        }
    }

    private static String code(String s) {
        String one = s.replace('\n', ' ').replace('`', '\'');
        if (one.length() > 400) {
            one = one.substring(0, 400) + "…";
        }
        return "`" + one + "`";
    }
}
