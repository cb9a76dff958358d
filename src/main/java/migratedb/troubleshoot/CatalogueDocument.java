package migratedb.troubleshoot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Renders the troubleshooting catalogue as docs/troubleshooting.md: the product document's table (error · cause ·
 * effect · solution) with one section per area. A test fails when the file is out of date; run
 * {@code ./mvnw -q test -Dtest=CatalogueDocumentTest -Ddocs.update=true} to rewrite it.
 */
public final class CatalogueDocument {
    private CatalogueDocument() {
    }

    public static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Troubleshooting\n\n")
                .append("Every failure MigrateDB knows, as it appears in `logs/troubleshooting.log`: the error, its cause, ")
                .append("its effect and the solution. Words in `{braces}` are filled in with the table, setting, file ")
                .append("or server concerned. A failure that is not in this list is logged as `UNEXPECTED` with its ")
                .append("full stack trace.\n\n")
                .append("This file is generated from the catalogue in the code (`TroubleshootingCatalogue`); do not ")
                .append("edit it by hand.\n");
        for (Class<? extends Enum<? extends Trouble>> area : TroubleshootingCatalogue.areas()) {
            sb.append("\n## ").append(title(area.getSimpleName())).append("\n\n")
                    .append("| Code | Error | Cause | Effect | Solution |\n|---|---|---|---|---|\n");
            for (Trouble t : Arrays.stream(area.getEnumConstants()).map(Trouble.class::cast).toList()) {
                sb.append("| `").append(t.code()).append("` | ").append(cell(t.error())).append(" | ")
                        .append(cell(t.cause())).append(" | ").append(cell(t.effect())).append(" | ")
                        .append(cell(t.solution())).append(" |\n");
            }
        }
        return sb.toString();
    }

    /** "PreflightTrouble" → "Preflight". */
    private static String title(String enumName) {
        String base = enumName.endsWith("Trouble") ? enumName.substring(0, enumName.length() - 7) : enumName;
        return switch (base) {
            case "Ops" -> "Operations (inbox, locks, excluded tables, diagnostics)";
            case "General" -> "Anything else";
            default -> base;
        };
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /** Writes the document (used by the test's update mode). */
    public static void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }

    static List<String> codes() {
        return TroubleshootingCatalogue.all().stream().map(Trouble::code).toList();
    }
}
