package migratedb.assess;

import com.fasterxml.jackson.databind.ObjectMapper;
import migratedb.config.FilePermissions;
import migratedb.report.ReportWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes assessment.json (for schedulers and scripts) and assessment.md (for people), and the console summary. */
public final class AssessmentWriter {
    private final ObjectMapper json = ReportWriter.mapper();

    /** Writes both files into {@code dir}; returns the Markdown file. */
    public Path write(Assessment a, Path dir) {
        try {
            // samples show the source's key values (user logins): the reports folder is the owner's alone
            FilePermissions.ownerOnlyFolder(dir.toAbsolutePath().getParent());
            FilePermissions.ownerOnlyFolder(dir);
            json.writeValue(dir.resolve("assessment.json").toFile(), a);
            Path md = dir.resolve("assessment.md");
            Files.writeString(md, markdown(a));
            return md;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the assessment into " + dir, e);
        }
    }

    public Assessment read(Path file) {
        try {
            return json.readValue(file.toFile(), Assessment.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the assessment " + file, e);
        }
    }

    static String markdown(Assessment a) {
        StringBuilder sb = new StringBuilder("# Assessment ").append(a.runId()).append("\n\n");
        sb.append("Source: ").append(a.source())
                .append(a.sourceVersion() == null ? "" : " (PostgreSQL " + a.sourceVersion() + ")").append("  \nTarget: ").append(a.target())
                .append("  \nTarget collation checked against: ").append(a.collation()).append("  \nCreated: ")
                .append(a.createdAt()).append("\n\n");
        Assessment.Summary s = a.summary();
        sb.append(s.stopping() == 0
                ? "**No blocking finding stops the migration.**"
                : "**" + s.stopping() + " blocking finding(s) stop the migration** until fixed or allowed "
                + "(`assess.allow=<kind>,...`: `--set assess.allow=...` on the command line, a line "
                + "`set.assess.allow=...` in a request file of the inbox).").append("\n\n");
        sb.append("| kind | severity | findings | what to do | if allowed |\n|---|---|---|---|---|\n");
        for (Map.Entry<String, Long> e : s.byKind().entrySet()) {
            FindingKind k = FindingKind.byId(e.getKey()).orElseThrow();
            sb.append("| `").append(k.id()).append("` | ").append(k.severity())
                    .append(a.allowed().contains(k.id()) ? " (allowed)" : "").append(" | ").append(e.getValue())
                    .append(" | ").append(cell(k.action())).append(" | ")
                    .append(k.allowable() ? cell(k.whenAllowed()) : k.blocking() ? "cannot be allowed" : "")
                    .append(" |\n");
        }
        if (!a.collations().isEmpty()) {
            sb.append("\n## Columns created with their own collation (").append(a.collations().size())
                    .append(")\n\n| column | collation | why |\n|---|---|---|\n");
            a.collations().forEach(c -> sb.append("| ").append(cell(c.qualifiedColumn())).append(" | `")
                    .append(c.collation()).append("` | ").append(cell(c.reason())).append(" |\n"));
        }
        // an allowed blocking finding no longer stops anything: it is listed with the warnings
        section(sb, "Blocking findings", a.stopping());
        section(sb, "Warnings, and blocking findings allowed with assess.allow",
                a.findings().stream().filter(f -> !f.stops()).toList());
        sb.append("\n## Objects\n\n| kind | name | converted | reason | suggested T-SQL |\n|---|---|---|---|---|\n");
        for (AssessedObject o : a.objects()) {
            sb.append("| ").append(o.kind()).append(" | ").append(cell(o.name())).append(" | ")
                    .append(o.converted() ? "yes" : "**no**").append(" | ").append(cell(o.reason())).append(" | ")
                    .append(o.suggestion() == null ? "" : "`" + cell(o.suggestion()).replace("`", "'") + "`")
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, List<Finding> findings) {
        sb.append("\n## ").append(title).append(" (").append(findings.size()).append(")\n");
        if (findings.isEmpty()) {
            sb.append("\nNone.\n");
            return;
        }
        sb.append("\n| kind | table | column | count | samples | detail |\n|---|---|---|---|---|---|\n");
        for (Finding f : findings) {
            sb.append("| `").append(f.kind()).append('`').append(f.allowed() ? " (blocking, allowed)" : "").append(" | ")
                    .append(cell(f.table())).append(" | ").append(cell(f.column())).append(" | ").append(f.count())
                    .append(" | ").append(cell(String.join("; ", f.samples()))).append(" | ").append(cell(f.detail()))
                    .append(" |\n");
        }
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    /** The console summary: counts per kind and each blocking finding with its first samples. */
    public static void printSummary(PrintStream out, Assessment a, Path dir) {
        Assessment.Summary s = a.summary();
        out.printf("%nAssessment %s: %d blocking (%d not allowed), %d warnings, %d objects not converted%n",
                a.runId(), s.blocking(), s.stopping(), s.warnings(), s.notConverted());
        for (Map.Entry<String, Long> e : s.byKind().entrySet()) {
            FindingKind k = FindingKind.byId(e.getKey()).orElseThrow();
            out.printf("  %-9s %-26s %4d  %s%n", k.blocking() && a.allowed().contains(k.id()) ? "allowed"
                            : k.severity(),
                    k.id(), e.getValue(), k.title());
        }
        for (Finding f : a.stopping()) {
            out.printf("BLOCKING %s: %s%s (%d)%s%n", f.kind(), f.table() == null ? "" : f.table(),
                    f.column() == null ? "" : "." + f.column(), f.count(),
                    f.samples().isEmpty() ? "" : " e.g. " + String.join("; ", f.samples().subList(0,
                            Math.min(2, f.samples().size()))));
        }
        out.println("Report: " + dir.resolve("assessment.md") + " (and assessment.json)");
    }
}
