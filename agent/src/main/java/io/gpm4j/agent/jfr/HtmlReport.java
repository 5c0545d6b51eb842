package io.gpm4j.agent.jfr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Report} as one self-contained HTML page (no scripts, styles inline, no network): the
 * report's tables and an SVG timeline of the Ms and the goroutines they ran. The page is also
 * well-formed XML, which the tests check.
 */
public final class HtmlReport {
    private static final int WIDTH = 1200;
    private static final int LANE = 22;
    private static final int LABEL = 60;

    private HtmlReport() {
    }

    public static String render(Report r) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>gpm4j report: ")
                .append(esc(r.file().getFileName().toString())).append("</title>\n<style>\n")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}\n")
                .append("h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}\n")
                .append("table{border-collapse:collapse;margin:.4em 0}\n")
                .append("th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}\n")
                .append("th{background:#f0f0f0}td.stack{font:12px monospace;white-space:pre}\n")
                .append("p.note{color:#666;margin:.2em 0}svg text{font:11px sans-serif}\n")
                .append("</style>\n</head>\n<body>\n");
        b.append("<h1>gpm4j report: ").append(esc(r.file().toString())).append("</h1>\n");
        if (r.start() == null) {
            b.append("<p>No gpm4j events in this recording: was the application run with the gpm4j agent, and were io.gpm4j events enabled?</p>\n");
            return b.append("</body>\n</html>\n").toString();
        }
        b.append("<p>Recorded ").append(esc(r.start().toString())).append(", ")
                .append(esc(Report.time(r.span().toNanos()))).append(" of gpm4j events.</p>\n");
        for (Report.Table t : r.tables()) {
            table(b, t);
        }
        timeline(b, r);
        return b.append("</body>\n</html>\n").toString();
    }

    private static void table(StringBuilder b, Report.Table t) {
        b.append("<h2>").append(esc(t.title())).append("</h2>\n");
        if (!t.note().isEmpty()) {
            b.append("<p class=\"note\">").append(esc(t.note())).append("</p>\n");
        }
        if (t.rows().isEmpty()) {
            return;
        }
        b.append("<table>\n<tr>");
        for (String h : t.header()) {
            b.append("<th>").append(esc(h)).append("</th>");
        }
        b.append("</tr>\n");
        for (List<String> row : t.rows()) {
            b.append("<tr>");
            for (String cell : row) {
                b.append(cell.contains("\n") ? "<td class=\"stack\">" : "<td>").append(esc(cell)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
    }

    /** One lane per M; a bar per goroutine run, coloured by goroutine, with a tooltip. */
    private static void timeline(StringBuilder b, Report r) {
        b.append("<h2>Timeline: Ms and the goroutines they ran</h2>\n");
        List<Report.Run> runs = r.timeline();
        if (runs.isEmpty()) {
            b.append("<p class=\"note\">No io.gpm4j.GoroutineRun events: gpm4j.jfc records runs over 1 ms ")
                    .append("with its option scheduler=detailed (agent option jfrdetail).</p>\n");
            return;
        }
        Map<Long, Integer> lanes = new LinkedHashMap<>();
        runs.stream().map(Report.Run::mId).sorted().distinct().forEach(m -> lanes.put(m, lanes.size()));
        long t0 = r.start().getEpochSecond() * 1_000_000_000L + r.start().getNano();
        long span = Math.max(1, r.span().toNanos());
        int plot = WIDTH - LABEL;
        int height = lanes.size() * LANE + 30;
        b.append("<p class=\"note\">").append(runs.size()).append(" runs")
                .append(r.runsDropped > 0 ? " (the longest; " + r.runsDropped + " shorter ones left out)" : "")
                .append("; hover over a bar for the goroutine.</p>\n");
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\">\n");
        lanes.forEach((m, lane) -> b.append("<text x=\"4\" y=\"").append(lane * LANE + 15).append("\">M").append(m).append("</text>")
                .append("<rect x=\"").append(LABEL).append("\" y=\"").append(lane * LANE + 2).append("\" width=\"").append(plot)
                .append("\" height=\"").append(LANE - 4).append("\" fill=\"#f6f6f6\"/>\n"));
        for (Report.Run run : runs) {
            double x = LABEL + (double) (run.startNanos() - t0) / span * plot;
            double w = Math.max(1.0, (double) run.durationNanos() / span * plot);
            int y = lanes.get(run.mId()) * LANE + 2;
            int hue = (int) ((run.goroutineId() * 47) % 360);
            b.append(String.format(java.util.Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"hsl(%d,60%%,55%%)\"><title>%s</title></rect>\n",
                    x, y, w, LANE - 4, hue, esc("goroutine " + run.goroutineId() + " on M" + run.mId() + " P" + run.pId()
                            + ": " + Report.time(run.durationNanos()) + ", then " + run.outcome())));
        }
        int axis = lanes.size() * LANE + 16;
        for (int i = 0; i <= 4; i++) {
            int x = LABEL + plot * i / 4;
            b.append("<text x=\"").append(Math.min(x, WIDTH - 50)).append("\" y=\"").append(axis + 10).append("\">")
                    .append(esc(Report.time(span * i / 4))).append("</text>\n");
        }
        b.append("</svg>\n");
    }

    /** Escapes text for HTML and XML, in content and in double-quoted attributes. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
