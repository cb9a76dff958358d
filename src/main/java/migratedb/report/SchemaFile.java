package migratedb.report;

import migratedb.mapping.SchemaPlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes the run's target DDL as reports/<run-id>/schema.sql: what was (or would be) created, phase by phase. */
public final class SchemaFile {
    private SchemaFile() {
    }

    public static void write(SchemaPlan plan, Path dir) {
        if (plan == null) {
            return;
        }
        StringBuilder sb = new StringBuilder("-- MigrateDB: the target schema of this run, in the order it runs\n");
        phase(sb, "before the data: schemas, sequences, tables with primary keys", plan.createStatements());
        phase(sb, "after the data: unique constraints, indexes, foreign keys", plan.finalizeStatements());
        phase(sb, "last: identities and sequences continue at the source's next value", plan.syncStatements());
        if (!plan.notes().isEmpty()) {
            sb.append("\n-- Not converted, or converted with a loss:\n");
            plan.notes().forEach(n -> sb.append("--   ").append(n.kind()).append(' ').append(n.name()).append(": ")
                    .append(n.reason().replace('\n', ' ')).append('\n'));
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("schema.sql"), sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the schema file into " + dir, e);
        }
    }

    private static void phase(StringBuilder sb, String title, List<String> statements) {
        sb.append("\n-- ").append(title).append('\n');
        statements.forEach(s -> sb.append(s.strip()).append(s.strip().endsWith(";") ? "\n" : ";\n"));
    }
}
