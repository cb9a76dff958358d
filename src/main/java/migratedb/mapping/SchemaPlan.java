package migratedb.mapping;

import migratedb.model.SchemaNote;
import migratedb.model.TargetTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The converted schema: the target tables and the T-SQL of each phase, in the order it runs.
 *
 * @param createStatements   before the data: schemas, sequences, tables with primary keys
 * @param finalizeStatements after the data: unique constraints, indexes, checks, foreign keys (checked), comments
 * @param syncStatements     last: identity columns and sequences continue at the source's next value
 * @param notes              what was not converted, or converted with a change, and why
 * @param finish             the same finalize and sync statements by table, so that finalize can run across
 *                           tables in parallel (every table's own statements first, then the foreign keys)
 */
public record SchemaPlan(List<TargetTable> tables, List<String> createStatements, List<String> finalizeStatements,
                         List<String> syncStatements, List<SchemaNote> notes, List<TableFinish> finish) {
    public SchemaPlan {
        tables = List.copyOf(tables);
        createStatements = List.copyOf(createStatements);
        finalizeStatements = List.copyOf(finalizeStatements);
        syncStatements = List.copyOf(syncStatements);
        notes = List.copyOf(notes);
        finish = List.copyOf(finish);
    }

    /** A plan whose finalize runs as one sequence (no statement is known to belong to a table). */
    public SchemaPlan(List<TargetTable> tables, List<String> createStatements, List<String> finalizeStatements,
                      List<String> syncStatements, List<SchemaNote> notes) {
        this(tables, createStatements, finalizeStatements, syncStatements, notes,
                List.of(new TableFinish(null, concat(finalizeStatements, syncStatements), List.of())));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * The after-the-data statements of one table: its own (unique keys, indexes, checks, comments, its identity's
     * next value), which no other table's need, and its foreign keys, which need the referenced table's own first.
     * A table of null holds statements of no table (sequences' next values).
     */
    public record TableFinish(String table, List<String> own, List<String> foreignKeys) {
        public TableFinish {
            own = List.copyOf(own);
            foreignKeys = List.copyOf(foreignKeys);
        }
    }

    public Optional<TargetTable> table(String sourceQualifiedName) {
        return tables.stream().filter(t -> t.sourceName().equals(sourceQualifiedName)).findFirst();
    }

    /** Every statement in the order it runs. */
    public List<String> allStatements() {
        List<String> all = new ArrayList<>(createStatements);
        all.addAll(finalizeStatements);
        all.addAll(syncStatements);
        return all;
    }

    /**
     * The whole conversion as a script for sqlcmd or SSMS: one statement per batch, separated by GO, in three
     * commented phases (before the data, after the data, identity and sequence values).
     */
    public String script(String header) {
        StringBuilder sb = new StringBuilder();
        header.lines().forEach(l -> sb.append("-- ").append(l).append('\n'));
        // the session options filtered indexes and indexes on computed columns need (sqlcmd starts with
        // QUOTED_IDENTIFIER OFF unless called with -I)
        sb.append("SET XACT_ABORT ON;\nSET ANSI_NULLS, ANSI_PADDING, ANSI_WARNINGS, ARITHABORT, CONCAT_NULL_YIELDS_NULL, "
                + "QUOTED_IDENTIFIER ON;\nSET NUMERIC_ROUNDABORT OFF;\nGO\n");
        phase(sb, "1. Before the data: schemas, sequences, tables with their primary keys", createStatements);
        phase(sb, "2. After the data: unique constraints, indexes, checks, foreign keys (WITH CHECK), comments",
                finalizeStatements);
        phase(sb, "3. Last: identities and sequences continue at the source's next value", syncStatements);
        return sb.toString();
    }

    private static void phase(StringBuilder sb, String title, List<String> statements) {
        sb.append("\n-- ").append(title).append('\n');
        for (String s : statements) {
            sb.append(s).append(";\nGO\n");
        }
    }
}
