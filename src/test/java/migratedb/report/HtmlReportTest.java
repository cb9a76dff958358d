package migratedb.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTML report: one self-contained file with the run's facts and charts, every value escaped. */
class HtmlReportTest {
    /** Anything that would make the browser fetch something: the report must open offline, from a mail. */
    private static final Pattern EXTERNAL = Pattern.compile("(?i)(<script|<link|<img|<iframe|\\bsrc\\s*=|\\bhref\\s*="
            + "|url\\(|@import|https?://)");

    @TempDir
    Path dir;

    @Test
    void writesASelfContainedPageWithTablesChartsExclusionsAndFindings() throws Exception {
        Files.writeString(dir.resolve("assessment.json"), "{\"findings\":[{\"severity\":\"warning\",\"object\":"
                + "\"public.users.email\",\"finding\":\"case-insensitive duplicates\"}]}");
        Path file = new HtmlReport().write(report(), dir);
        String html = Files.readString(file);

        assertFalse(EXTERNAL.matcher(html).find(), "external reference in the report");
        assertTrue(html.contains("public.audit_trail"));
        assertTrue(html.contains("<svg"), "throughput chart expected");
        assertTrue(html.contains("rows per second per table"));
        assertTrue(html.contains("case-insensitive duplicates"), "assessment findings expected");
        assertTrue(html.contains("public.personal_passwords") && html.contains("3,000"), "excluded table expected");
        assertTrue(html.contains("12.0 MiB"), "source size expected");
        // values from the databases are text, never markup
        assertFalse(html.contains("<b>evil</b>"));
        assertTrue(html.contains("&lt;b&gt;evil&lt;/b&gt;"));
    }

    /** The rate at the top of the throughput axis fits left of the axis however large it is (it was cut off). */
    @Test
    void theThroughputAxisLabelFitsInThePicture() throws Exception {
        List<ThroughputSample> fast = new ArrayList<>();
        for (int i = 0; i <= 40; i++) {
            fast.add(new ThroughputSample(i * 500L, "public.audit_trail", i * 600_000L));
        }
        MigrationReport r = report();
        MigrationReport busy = new MigrationReport(r.runId(), r.command(), r.status(), r.startedAt(), r.finishedAt(),
                r.source(), r.target(), r.targetDialect(), r.stages(), r.tables(), r.excluded(), r.warnings(),
                r.failure(), r.backup(), r.settings(), new Throughput(fast, Map.of()));

        String html = new HtmlReport().render(busy, null);

        var m = Pattern.compile("<text x=\"(\\d+)\" y=\"\\d+\" text-anchor=\"end\">([0-9,]+ rows/s)</text>")
                .matcher(html);
        assertTrue(m.find(), html);
        assertTrue(m.group(2).length() >= 15, "a seven-digit rate: " + m.group(2));
        assertTrue(Integer.parseInt(m.group(1)) >= HtmlReport.labelWidth(m.group(2)),
                m.group(2) + " ends at x=" + m.group(1) + ": its start would be cut off");
    }

    /**
     * Findings read as a person would: samples one per line (not a JSON array), and a blocking finding that
     * assess.allow accepted listed with the warnings, since it stops nothing.
     */
    @Test
    void findingsShowSamplesAsLinesAndAllowedBlockingFindingsWithTheWarnings() throws Exception {
        Files.writeString(dir.resolve("assessment.json"), """
                {"findings":[
                 {"severity":"blocking","kind":"collation-duplicate","table":"public.users","column":"login","count":2,
                  "samples":["'Anna' = 'anna'","'Bob ' = 'bob'"],"action":"Clean","detail":"d1","allowed":false},
                 {"severity":"blocking","kind":"cascade-path","table":"public.a","column":"fk","count":1,
                  "samples":[],"action":"Allow","detail":"d2","allowed":true},
                 {"severity":"warning","kind":"lossy-type","table":"public.t","column":"c","count":1,
                  "samples":[],"action":"Accept","detail":"d3","allowed":false}]}
                """);

        String html = Files.readString(new HtmlReport().write(report(), dir));

        assertTrue(html.contains("<div class=\"sample\">&#39;Anna&#39; = &#39;anna&#39;</div>"), html);
        assertFalse(html.contains("[&quot;") || html.contains("[\"&#39;"), "no JSON array on the page");
        int warnings = html.indexOf("Warnings, and blocking findings allowed");
        assertTrue(warnings > 0 && html.indexOf("collation-duplicate") < warnings, html);
        assertTrue(html.indexOf("cascade-path") > warnings, "the allowed one is listed with the warnings");
        assertTrue(html.contains("blocking (allowed)"), html);
    }

    @Test
    void theReportJsonCarriesTheThroughputSamplesAndReadsBack() {
        MigrationReport r = report();
        Path json = new ReportWriter().write(r, dir);
        MigrationReport back = new ReportWriter().read(json);
        assertEquals(r.throughput(), back.throughput());
        assertEquals(r.tables(), back.tables());
    }

    @Test
    void theSamplerStaysBoundedOnALongRun() {
        ThroughputSampler s = new ThroughputSampler(0);
        s.runStarted(2);
        s.tableStarted("a", 0, 0);
        s.tableStarted("b", 0, 0);
        for (int i = 0; i < 50_000; i++) {
            s.rowsCopied(i % 2 == 0 ? "a" : "b", 10);
        }
        s.tableFinished("a");
        s.tableFinished("b");
        List<ThroughputSample> samples = s.samples();
        assertTrue(samples.size() <= ThroughputSampler.MAX_SAMPLES + 2, "samples: " + samples.size());
        assertEquals(250_000, samples.stream().filter(x -> x.table().equals("a")).mapToLong(ThroughputSample::rows)
                .max().orElse(0), "each table's last sample holds its total");
    }

    private static MigrationReport report() {
        List<ThroughputSample> samples = new ArrayList<>();
        for (int i = 0; i <= 20; i++) {
            samples.add(new ThroughputSample(i * 500L, "public.audit_trail", i * 10_000L));
            samples.add(new ThroughputSample(i * 250L, "public.<b>evil</b>", i * 100L));
        }
        List<TableResult> tables = List.of(
                new TableResult("public.audit_trail", "dbo.audit_trail", 200_000, 200_000, 200_000, 0, 200_000,
                        "200000:1", "200000:1", true, List.of(), 10_000, 4),
                new TableResult("public.<b>evil</b>", "dbo.<b>evil</b>", 2_000, 2_000, 1_990, 10, 1_990,
                        "1990:2", "1990:3", false, List.of("chunk 1: copied 1990:2, target has 1990:3"), 5_000, 1));
        return new MigrationReport("20260101-000000-abcd", "migrate", "not-verified",
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:12Z"),
                "jdbc:postgresql://db/passtrix", "jdbc:sqlserver://mssql;databaseName=PassTrix", "sqlserver",
                List.of(new StageTiming("preflight", 200), new StageTiming("copy", 10_000)), tables,
                List.of(new ExcludedTable("public.personal_passwords", 3_000, "excluded")),
                List.of("10 row(s) of public.<b>evil</b> refused"), null, null, Map.of("target.password", "********"),
                new Throughput(samples, Map.of("public.audit_trail", 12L * 1024 * 1024)));
    }
}
