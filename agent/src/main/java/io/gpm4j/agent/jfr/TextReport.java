package io.gpm4j.agent.jfr;

import java.util.List;

/** {@link Report} as plain text: a heading and aligned columns per table. */
public final class TextReport {
    private TextReport() {
    }

    public static String render(Report r) {
        StringBuilder b = new StringBuilder();
        b.append("gpm4j report: ").append(r.file()).append('\n');
        if (r.start() == null) {
            return b.append("\nno gpm4j events in this recording: was the application run with the gpm4j agent, and were\n")
                    .append("io.gpm4j events enabled (-javaagent:gpm4j-agent.jar=jfr, or settings=gpm4j.jfc)?\n").toString();
        }
        b.append("recorded: ").append(r.start()).append(", ").append(Report.time(r.span().toNanos())).append(" of gpm4j events\n");
        for (Report.Table t : r.tables()) {
            b.append('\n').append(t.title()).append('\n');
            if (!t.note().isEmpty()) {
                b.append("  (").append(t.note()).append(")\n");
            }
            if (!t.rows().isEmpty()) {
                table(b, t);
            }
        }
        return b.toString();
    }

    /** Columns padded to their widest cell; a multi-line cell (a stack) continues in its column. */
    private static void table(StringBuilder b, Report.Table t) {
        int cols = t.header().size();
        int[] width = new int[cols];
        for (int c = 0; c < cols; c++) {
            width[c] = t.header().get(c).length();
        }
        for (List<String> row : t.rows()) {
            for (int c = 0; c < cols - 1; c++) {
                for (String line : row.get(c).split("\n")) {
                    width[c] = Math.max(width[c], line.length());
                }
            }
        }
        line(b, t.header(), width);
        for (List<String> row : t.rows()) {
            String[][] cells = new String[cols][];
            int height = 1;
            for (int c = 0; c < cols; c++) {
                cells[c] = row.get(c).split("\n");
                height = Math.max(height, cells[c].length);
            }
            for (int h = 0; h < height; h++) {
                String[] out = new String[cols];
                for (int c = 0; c < cols; c++) {
                    out[c] = h < cells[c].length ? cells[c][h] : "";
                }
                line(b, List.of(out), width);
            }
        }
    }

    private static void line(StringBuilder b, List<String> cells, int[] width) {
        StringBuilder l = new StringBuilder("  ");
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            l.append(cell);
            if (c < cells.size() - 1) {
                l.append(" ".repeat(width[c] - cell.length() + 2));
            }
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }
}
