package migratedb.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import migratedb.config.FilePermissions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes reports/<run-id>/report.html: one self-contained page (inline CSS and SVG, no script, no external asset) an
 * administrator can open from a mail or a share: outcome, stages, tables, throughput charts, assessment findings,
 * excluded tables, warnings, settings (secrets masked, as in report.json).
 */
public final class HtmlReport {
    private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

    public Path write(MigrationReport r, Path dir) {
        try {
            FilePermissions.ownerOnlyFolder(dir); // the page shows the source's values (findings' samples)
            Path file = dir.resolve("report.html");
            Files.writeString(file, render(r, assessment(dir)), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the HTML report into " + dir, e);
        }
    }

    /** The assessment's findings if the assessment wrote them beside the report (assessment.json), else null. */
    private static JsonNode assessment(Path dir) {
        Path file = dir.resolve("assessment.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    public String render(MigrationReport r, JsonNode assessment) {
        StringBuilder h = new StringBuilder(32_000);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>MigrateDB run ").append(esc(r.runId())).append("</title><style>").append(CSS)
                .append("</style></head><body>\n");
        h.append("<h1>MigrateDB ").append(esc(r.command())).append(" — run ").append(esc(r.runId())).append("</h1>\n");
        String statusClass = "completed".equals(r.status()) ? "ok" : "failed".equals(r.status()) ? "bad" : "warn";
        h.append("<p class=\"status ").append(statusClass).append("\">").append(esc(r.status().toUpperCase(Locale.ROOT)))
                .append("</p>\n<table class=\"facts\">");
        fact(h, "Source", r.source() + (r.sourceVersion() == null ? "" : " (PostgreSQL " + r.sourceVersion() + ")"));
        fact(h, "Target", r.target() + " (" + r.targetDialect() + ")");
        fact(h, "Started", String.valueOf(r.startedAt()));
        fact(h, "Finished", String.valueOf(r.finishedAt()));
        if (r.startedAt() != null && r.finishedAt() != null) {
            fact(h, "Duration", duration(Duration.between(r.startedAt(), r.finishedAt()).toMillis()));
        }
        fact(h, "Rows written", String.format(Locale.ROOT, "%,d in %d table(s)", r.totalRowsWritten(),
                r.tables().size()));
        h.append("</table>\n");

        failure(h, r.failure());
        stages(h, r.stages());
        tables(h, r);
        charts(h, r);
        assessmentSection(h, assessment);
        excluded(h, r.excluded());
        list(h, "Warnings", r.warnings(), "No warnings.");
        settings(h, r.settings());
        h.append("<footer>Written by MigrateDB. The same facts are in report.json beside this file.</footer>\n")
                .append("</body></html>\n");
        return h.toString();
    }

    private static void failure(StringBuilder h, Map<String, String> f) {
        if (f == null) {
            return;
        }
        h.append("<section class=\"failure\"><h2>What went wrong</h2><table class=\"facts\">");
        fact(h, "Error", f.get("error"));
        fact(h, "Cause", f.get("cause"));
        fact(h, "Effect", f.get("effect"));
        fact(h, "Solution", f.get("solution"));
        fact(h, "Code", f.get("code"));
        h.append("</table><p>Details, with the stack trace: logs/troubleshooting.log</p></section>\n");
    }

    private static void stages(StringBuilder h, List<StageTiming> stages) {
        h.append("<h2>Stages</h2>");
        if (stages.isEmpty()) {
            h.append("<p>No stage finished.</p>\n");
            return;
        }
        h.append("<table><tr><th>stage</th><th class=\"n\">time</th></tr>");
        for (StageTiming s : stages) {
            h.append("<tr><td>").append(esc(s.stage())).append("</td><td class=\"n\">").append(duration(s.millis()))
                    .append("</td></tr>");
        }
        h.append("</table>\n");
    }

    private static void tables(StringBuilder h, MigrationReport r) {
        h.append("<h2>Tables</h2>");
        if (r.tables().isEmpty()) {
            h.append("<p>No table was copied or verified.</p>\n");
            return;
        }
        h.append("<table><tr><th>table</th><th>target</th><th class=\"n\">source rows</th><th class=\"n\">read</th>")
                .append("<th class=\"n\">written</th><th class=\"n\">rejected</th><th class=\"n\">source size</th>")
                .append("<th class=\"n\">copy time</th><th class=\"n\">rows/s</th><th class=\"n\">chunks</th>")
                .append("<th>verified</th></tr>");
        for (TableResult t : r.tables()) {
            Long bytes = r.throughput().sourceBytes().get(t.name());
            h.append("<tr><td>").append(esc(t.name())).append("</td><td>").append(esc(t.targetName()))
                    .append("</td>").append(num(t.sourceRows())).append(num(t.rowsRead())).append(num(t.rowsWritten()))
                    .append("<td class=\"n").append(t.rowsRejected() > 0 ? " warn" : "").append("\">")
                    .append(String.format(Locale.ROOT, "%,d", t.rowsRejected())).append("</td>")
                    .append("<td class=\"n\">").append(bytes == null ? "-" : size(bytes)).append("</td>")
                    .append("<td class=\"n\">").append(duration(t.copyMillis())).append("</td>")
                    .append(num(Math.round(t.rowsPerSecond()))).append(num(t.chunks()))
                    .append(t.verified() ? "<td class=\"ok\">yes</td>" : "<td class=\"bad\">NO</td>").append("</tr>");
            if (!t.mismatches().isEmpty()) {
                h.append("<tr><td></td><td colspan=\"10\" class=\"bad\">")
                        .append(esc(String.join("; ", t.mismatches()))).append("</td></tr>");
            }
        }
        h.append("</table>\n");
    }

    // ---- charts: inline SVG, drawn from the throughput samples and the per-table results -----------------------

    private static void charts(StringBuilder h, MigrationReport r) {
        h.append("<h2>Throughput</h2>");
        List<ThroughputSample> samples = new ArrayList<>(r.throughput().samples());
        samples.sort(Comparator.comparingLong(ThroughputSample::atMillis));
        if (samples.size() < 2) {
            h.append("<p>No copy progress was recorded for this run.</p>\n");
        } else {
            overTime(h, samples);
        }
        perTable(h, r.tables());
    }

    /** Total rows per second over time (bars) and each table's copied rows (lines), on one time axis. */
    private static void overTime(StringBuilder h, List<ThroughputSample> samples) {
        long end = Math.max(1, samples.get(samples.size() - 1).atMillis());
        int buckets = (int) Math.min(60, Math.max(1, end / 250));
        double width = (double) end / buckets;
        Map<String, Long> latest = new HashMap<>();
        long[] totalAtEnd = new long[buckets];
        Iterator<ThroughputSample> it = samples.iterator();
        ThroughputSample pending = it.hasNext() ? it.next() : null;
        long total = 0;
        for (int b = 0; b < buckets; b++) {
            double bucketEnd = (b + 1) * width;
            while (pending != null && (pending.atMillis() <= bucketEnd || b == buckets - 1)) {
                Long before = latest.put(pending.table(), pending.rows());
                total += pending.rows() - (before == null ? 0 : before);
                pending = it.hasNext() ? it.next() : null;
            }
            totalAtEnd[b] = total;
        }
        double[] rate = new double[buckets];
        double maxRate = 1;
        for (int b = 0; b < buckets; b++) {
            long rows = totalAtEnd[b] - (b == 0 ? 0 : totalAtEnd[b - 1]);
            rate[b] = rows / (width / 1000.0);
            maxRate = Math.max(maxRate, rate[b]);
        }
        String yMax = String.format(Locale.ROOT, "%,.0f rows/s", maxRate);
        int w = 720;
        int hgt = 220;
        int left = labelWidth(yMax) + 8; // the axis label must fit left of the axis, whatever the rate
        int bottom = 30;
        int plotW = w - left - 10;
        int plotH = hgt - bottom - 10;
        h.append("<figure><svg width=\"").append(w).append("\" height=\"")
                .append(hgt).append("\" viewBox=\"0 0 ").append(w).append(' ').append(hgt)
                .append("\" role=\"img\" aria-label=\"rows per second over time\">");
        axes(h, left, 10, plotW, plotH, yMax, duration(end));
        double bw = (double) plotW / buckets;
        for (int b = 0; b < buckets; b++) {
            double bh = plotH * rate[b] / maxRate;
            h.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                    + "fill=\"#9ecae1\"><title>%s: %,.0f rows/s</title></rect>", left + b * bw, 10 + plotH - bh,
                    Math.max(1, bw - 1), bh, esc(duration((long) ((b + 1) * width))), rate[b]));
        }
        // each table's share: cumulative rows, scaled to its own total, as a line across the same time axis
        Map<String, List<ThroughputSample>> byTable = new java.util.LinkedHashMap<>();
        samples.forEach(s -> byTable.computeIfAbsent(s.table(), t -> new ArrayList<>()).add(s));
        int color = 0;
        StringBuilder legend = new StringBuilder();
        for (Map.Entry<String, List<ThroughputSample>> e : byTable.entrySet()) {
            long max = Math.max(1, e.getValue().stream().mapToLong(ThroughputSample::rows).max().orElse(1));
            String c = PALETTE[color++ % PALETTE.length];
            h.append("<polyline fill=\"none\" stroke=\"").append(c).append("\" stroke-width=\"1.5\" points=\"");
            for (ThroughputSample s : e.getValue()) {
                h.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + plotW * (double) s.atMillis() / end,
                        10 + plotH - plotH * (double) s.rows() / max));
            }
            h.append("\"><title>").append(esc(e.getKey())).append("</title></polyline>");
            legend.append("<span class=\"key\" style=\"border-color:").append(c).append("\">")
                    .append(esc(e.getKey())).append("</span> ");
        }
        h.append("</svg><figcaption>Bars: rows per second of all tables together over the copy. Lines: each "
                + "table's progress from 0 to 100% of its rows. ").append(legend).append("</figcaption></figure>\n");
    }

    private static void perTable(StringBuilder h, List<TableResult> tables) {
        List<TableResult> copied = tables.stream().filter(t -> t.copyMillis() > 0).toList();
        if (copied.isEmpty()) {
            return;
        }
        double max = Math.max(1, copied.stream().mapToDouble(TableResult::rowsPerSecond).max().orElse(1));
        int rowH = 22;
        int left = 230;
        int w = 720;
        int hgt = copied.size() * rowH + 10;
        h.append("<figure><svg width=\"").append(w).append("\" height=\"")
                .append(hgt).append("\" viewBox=\"0 0 ").append(w).append(' ').append(hgt)
                .append("\" role=\"img\" aria-label=\"rows per second per table\">");
        int y = 5;
        for (TableResult t : copied) {
            double bw = (w - left - 110) * t.rowsPerSecond() / max;
            h.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                            + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#3182bd\"></rect>"
                            + "<text x=\"%.1f\" y=\"%d\">%,.0f rows/s</text>", left - 6, y + 15, esc(t.name()), left, y + 3,
                    Math.max(1, bw), rowH - 6, left + Math.max(1, bw) + 6, y + 15, t.rowsPerSecond()));
            y += rowH;
        }
        h.append("</svg><figcaption>Rows per second per table: rows written divided by the table's copy time "
                + "(tables copied in parallel share the machine).</figcaption></figure>\n");
    }

    /**
     * Width in pixels of a chart label (11px sans-serif) with room to spare: wide glyphs at 7.5px, digits and the
     * narrow rest at 6.5px, so a label never reaches past the picture's left edge.
     */
    static int labelWidth(String text) {
        double w = 0;
        for (char c : text.toCharArray()) {
            w += Character.isUpperCase(c) || c == 'm' || c == 'w' ? 7.5 : 6.5;
        }
        return (int) Math.ceil(w);
    }

    private static void axes(StringBuilder h, int x, int y, int w, int hgt, String yMax, String xMax) {
        h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
                        + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
                        + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                        + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>"
                        + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                x, y + hgt, x + w, y + hgt, x, y, x, y + hgt, x - 4, y + 10, esc(yMax), x - 4, y + hgt,
                x + w, y + hgt + 18, esc(xMax)));
    }

    // ---- other sections -------------------------------------------------------------------------------------

    /** The order the known fields of a finding are shown in; other fields follow. */
    private static final List<String> FINDING_FIELDS = List.of("kind", "severity", "table", "column", "count",
            "samples", "detail", "action");

    /**
     * Findings of the assessment (assessment.json beside the report): those that stop the migration, then the
     * warnings with the blocking findings the administrator allowed (they no longer stop anything).
     */
    private static void assessmentSection(StringBuilder h, JsonNode a) {
        h.append("<h2>Assessment findings</h2>");
        if (a == null) {
            h.append("<p>No assessment was recorded for this run (run './run.sh assess' before migrating).</p>\n");
            return;
        }
        JsonNode findings = a.isArray() ? a : a.get("findings");
        if (findings == null || !findings.isArray()) {
            h.append("<pre>").append(esc(a.toPrettyString())).append("</pre>\n");
            return;
        }
        if (findings.isEmpty()) {
            h.append("<p>The assessment found nothing to report.</p>\n");
            return;
        }
        List<JsonNode> stopping = new ArrayList<>();
        List<JsonNode> others = new ArrayList<>();
        findings.forEach(f -> (stops(f) ? stopping : others).add(f));
        Set<String> columns = new LinkedHashSet<>();
        FINDING_FIELDS.stream().filter(c -> hasField(findings, c)).forEach(columns::add);
        findings.forEach(f -> f.fieldNames().forEachRemaining(columns::add));
        columns.remove("allowed"); // said in the severity column
        findingTable(h, "Blocking: the migration does not start until they are fixed or allowed", stopping, columns);
        findingTable(h, "Warnings, and blocking findings allowed with assess.allow", others, columns);
    }

    private static boolean stops(JsonNode f) {
        return "blocking".equals(text(f, "severity")) && !f.path("allowed").asBoolean(false);
    }

    private static boolean hasField(JsonNode findings, String field) {
        for (JsonNode f : findings) {
            if (f.has(field)) {
                return true;
            }
        }
        return false;
    }

    private static void findingTable(StringBuilder h, String title, List<JsonNode> findings, Set<String> columns) {
        h.append("<h3>").append(esc(title)).append(" (").append(findings.size()).append(")</h3>");
        if (findings.isEmpty()) {
            h.append("<p>None.</p>\n");
            return;
        }
        h.append("<table><tr>");
        columns.forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
        h.append("</tr>");
        for (JsonNode f : findings) {
            h.append("<tr>");
            for (String c : columns) {
                JsonNode v = f.get(c);
                h.append("<td").append(c.equals("count") ? " class=\"n\"" : "").append(">");
                if (c.equals("severity") && f.path("allowed").asBoolean(false)) {
                    h.append(esc(text(f, c))).append(" (allowed)");
                } else if (v != null && v.isArray()) {
                    v.forEach(item -> h.append("<div class=\"sample\">")
                            .append(esc(item.isValueNode() ? item.asText() : item.toString())).append("</div>"));
                } else if (v != null && !v.isNull()) {
                    h.append(esc(v.isValueNode() ? v.asText() : v.toString()));
                }
                h.append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>\n");
    }

    private static String text(JsonNode f, String field) {
        JsonNode v = f.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static void excluded(StringBuilder h, List<ExcludedTable> excluded) {
        h.append("<h2>Excluded tables</h2>");
        if (excluded.isEmpty()) {
            h.append("<p>No table was excluded.</p>\n");
            return;
        }
        h.append("<table><tr><th>table</th><th class=\"n\">rows in the source</th><th>why</th></tr>");
        for (ExcludedTable e : excluded) {
            h.append("<tr><td>").append(esc(e.name())).append("</td>").append(num(e.rows())).append("<td>")
                    .append(esc(e.reason())).append("</td></tr>");
        }
        h.append("</table>\n");
    }

    private static void list(StringBuilder h, String title, List<String> items, String none) {
        h.append("<h2>").append(esc(title)).append("</h2>");
        if (items.isEmpty()) {
            h.append("<p>").append(esc(none)).append("</p>\n");
            return;
        }
        h.append("<ul>");
        items.forEach(i -> h.append("<li>").append(esc(i)).append("</li>"));
        h.append("</ul>\n");
    }

    private static void settings(StringBuilder h, Map<String, String> settings) {
        if (settings == null || settings.isEmpty()) {
            return;
        }
        h.append("<details><summary>Settings of this run (secrets masked)</summary><table>");
        settings.forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v))
                .append("</td></tr>"));
        h.append("</table></details>\n");
    }

    private static void fact(StringBuilder h, String name, String value) {
        h.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value)).append("</td></tr>");
    }

    private static String num(long n) {
        return String.format(Locale.ROOT, "<td class=\"n\">%,d</td>", n);
    }

    static String duration(long millis) {
        if (millis < 1_000) {
            return millis + " ms";
        }
        long s = millis / 1000;
        return s >= 3600 ? String.format(Locale.ROOT, "%dh %02dm %02ds", s / 3600, (s % 3600) / 60, s % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60)
                : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** HTML text escaping: every value shown comes from the databases or the settings. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final String CSS = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em;"
            + "color:#222;max-width:1100px}h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:"
            + "1px solid #ccc}table{border-collapse:collapse;margin:.5em 0}td,th{padding:.25em .6em;border:1px solid "
            + "#ddd;text-align:left;vertical-align:top}th{background:#f4f4f4}.n{text-align:right;font-variant-numeric:"
            + "tabular-nums}.status{display:inline-block;padding:.3em .8em;font-weight:bold;border-radius:4px}"
            + ".ok{color:#1a7f37}.bad{color:#cf222e}.warn{color:#9a6700}.status.ok{background:#dafbe1}.status.bad{"
            + "background:#ffebe9}.status.warn{background:#fff8c5}.failure{border-left:4px solid #cf222e;padding-left:"
            + "1em}.facts th{width:9em}svg text{font-size:11px;fill:#333}figure{margin:1em 0}figcaption{font-size:"
            + ".85em;color:#555}.key{border-left:12px solid;padding-left:4px;margin-right:8px;white-space:nowrap}"
            + "footer{margin-top:2em;font-size:.8em;color:#777}pre{background:#f6f8fa;padding:1em;overflow:auto}"
            + "h3{font-size:1em;margin-top:1.2em}.sample{font-family:ui-monospace,monospace;font-size:.9em;"
            + "white-space:pre-wrap;min-width:14em}";
}
