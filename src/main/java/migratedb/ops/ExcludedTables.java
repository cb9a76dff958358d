package migratedb.ops;

import migratedb.config.FilePermissions;
import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.copy.CheckpointStore;
import migratedb.copy.Chunk;
import migratedb.copy.ChunkWork;
import migratedb.copy.CopyContext;
import migratedb.copy.CopyEngine;
import migratedb.copy.CopyTunables;
import migratedb.copy.ProgressListener;
import migratedb.copy.TableJob;
import migratedb.mapping.SchemaConverter;
import migratedb.mapping.SchemaPlan;
import migratedb.model.Catalog;
import migratedb.model.Table;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.model.ValueKind;
import migratedb.pipeline.Command;
import migratedb.pipeline.MigrationRun;
import migratedb.pipeline.PreflightTrouble;
import migratedb.pipeline.SchemaTrouble;
import migratedb.report.HtmlReport;
import migratedb.report.MigrationReport;
import migratedb.report.ReportWriter;
import migratedb.report.StageTiming;
import migratedb.report.TableResult;
import migratedb.report.Throughput;
import migratedb.source.postgres.BatchStream;
import migratedb.source.postgres.PostgresCatalogReader;
import migratedb.source.postgres.PostgresSource;
import migratedb.source.postgres.PostgresTableReader;
import migratedb.sink.TargetConnector;
import migratedb.sink.TargetDialect;
import migratedb.sink.sqlserver.SqlServerDdl;
import migratedb.sink.sqlserver.SqlServerDialect;
import migratedb.troubleshoot.MigrationException;
import migratedb.verify.TableVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The tables that are never migrated (migration.excludedTables, e.g. personal passwords): exported to a file before
 * the migration, imported from a CSV or TXT file into the target after it. The import is a table copy whose rows
 * come from the file: the copy engine's writer, reject isolation and checkpointed commit, then the table verifier's
 * re-read of the target against the checksum recorded with the rows.
 */
public final class ExcludedTables {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.excluded");
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final Settings settings;
    private final PostgresSource source;

    public ExcludedTables(Settings settings, PostgresSource source) {
        this.settings = settings;
        this.source = source;
    }

    // ---- export -----------------------------------------------------------------------------------------------

    /** A written export: the file and its rows. */
    public record Exported(String table, Path file, long rows) {
    }

    /** Writes every excluded table (or the one named) to {@code dir/<schema.table>.csv|.txt}, owner-readable only. */
    public List<Exported> export(Path dir, String onlyTable, boolean txt) {
        List<String> names = names(onlyTable);
        DelimitedFile format = txt ? DelimitedFile.TXT : DelimitedFile.CSV;
        List<Exported> out = new ArrayList<>();
        try (Connection c = connectSource()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Catalog catalog = new PostgresCatalogReader().read(c, settings.getList(SettingKeys.SOURCE_SCHEMAS));
            for (String name : names) {
                TargetTable t = targetTable(catalog, name, settings.get(SettingKeys.TARGET_SCHEMA));
                Path file = dir.resolve(name + format.extension());
                out.add(new Exported(name, file, exportTable(c, t, file, format)));
            }
            c.commit();
        } catch (SQLException e) {
            throw new MigrationException(PreflightTrouble.SOURCE_UNREACHABLE, Map.of("url", source.url(),
                    "reason", e.getMessage()), e);
        }
        return out;
    }

    private long exportTable(Connection c, TargetTable t, Path file, DelimitedFile format) {
        ValueKind[] kinds = PostgresTableReader.kinds(t);
        long rows = 0;
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            // the rows are personal data: written into an owner-only file beside the target (streamed, so a big
            // table never sits in memory), which takes the final name once the read succeeded
            Files.deleteIfExists(partial);
            FilePermissions.createOwnerOnly(partial, new byte[0]);
            try (Writer w = new java.io.BufferedWriter(new OutputStreamWriter(Files.newOutputStream(partial,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING), StandardCharsets.UTF_8), 1 << 16);
                 BatchStream stream = new BatchStream(c, new PostgresTableReader(), t, null, null, null,
                         settings.getInt(SettingKeys.FETCH_SIZE, 1, 1_000_000),
                         settings.getInt(SettingKeys.BATCH_SIZE, 1, 1_000_000), "export-" + t.sourceName())) {
                format.writeRecord(w, t.columns().stream().map(TargetColumn::name).toList());
                List<String> values = new ArrayList<>(kinds.length);
                while (stream.hasNext()) {
                    for (Object[] row : stream.next()) {
                        values.clear();
                        for (int i = 0; i < kinds.length; i++) {
                            values.add(row[i] == null ? null : ValueText.format(row[i], kinds[i]));
                        }
                        format.writeRecord(w, values);
                        rows++;
                    }
                }
            }
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | BatchStream.SourceReadException e) {
            throw new MigrationException(OpsTrouble.EXPORT_FAILED, Map.of("table", t.sourceName(), "file", file,
                    "reason", e.getMessage()), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // reported by the failure itself
            }
        }
        LOG.info("Exported {} rows of {} to {}", rows, t.sourceName(), file);
        return rows;
    }

    // ---- import -----------------------------------------------------------------------------------------------

    /**
     * Loads the file into the excluded table in the target (created when absent, refused when it has rows), then
     * verifies it. The table is named with {@code table}, or by the file name ({@code public.personal_passwords.csv}).
     */
    public MigrationReport importFile(Path file, String table, ProgressListener progress) {
        String name = table != null ? table : tableFromFileName(file);
        names(name);
        if (!Files.isRegularFile(file)) {
            throw invalid(file, name, "the file does not exist");
        }
        Instant started = Instant.now();
        String runId = "import-" + RUN_ID.format(started) + "-"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        TargetConnector target = TargetConnector.from(settings);
        TargetDialect dialect = target.dialect();
        String targetSchema = settings.get(SettingKeys.TARGET_SCHEMA);
        Catalog catalog;
        try (Connection c = connectSource()) {
            catalog = new PostgresCatalogReader().read(c, settings.getList(SettingKeys.SOURCE_SCHEMAS));
        } catch (SQLException e) {
            throw new MigrationException(PreflightTrouble.SOURCE_UNREACHABLE, Map.of("url", source.url(),
                    "reason", e.getMessage()), e);
        }
        SchemaPlan plan = new SchemaConverter().convert(catalog, dialect, Map.of("public", targetSchema), Set.of(),
                Set.copyOf(settings.getList(SettingKeys.PROTECTED_COLUMNS)));
        TargetTable t = plan.table(name).orElseThrow(() -> new MigrationException(OpsTrouble.EXCLUDED_TABLE_MISSING,
                Map.of("table", name)));
        // the conversion the migration made, sequences included: a serial id becomes the same IDENTITY (or the
        // same DEFAULT NEXT VALUE FOR a shared sequence) as it would have in the migration
        SqlServerDdl ddl = ((SqlServerDialect) dialect).ddl(catalog.sequences(),
                s -> s.equals("public") ? targetSchema : s, catalog.userTypes());
        int[] order = header(file, t);

        MigrationRun run = new MigrationRun(Command.MIGRATE, settings, source, target, runId, false);
        CheckpointStore checkpoints = new CheckpointStore(dialect, targetSchema);
        run.checkpoints(checkpoints);
        List<StageTiming> stages = new ArrayList<>();
        long t0 = System.nanoTime();
        Chunk chunk = new Chunk(name, 1, null, null, null);
        try (Connection c = connectTarget(target)) {
            prepareTable(c, dialect, ddl, t);
            checkpoints.createTables(c);
            // the import's chunk is recorded under its own id; no run row, so resume and verify of the
            // migration never mistake the import for the migration's latest run
            checkpoints.planOnce(c, runId, name, List.of(chunk));
        } catch (SQLException e) {
            throw new MigrationException(PreflightTrouble.TARGET_UNREACHABLE, Map.of("url", target.displayUrl(),
                    "reason", e.getMessage()), e);
        }
        stages.add(new StageTiming("prepare", (System.nanoTime() - t0) / 1_000_000));

        long t1 = System.nanoTime();
        CopyEngine engine = new CopyEngine(new CopyContext(runId, List.of(t), CopyTunables.from(settings), null,
                run.targetPool(), checkpoints, run.rejects(), run.stopRequest(),
                ProgressListener.both(progress, run.throughput()), run));
        TableJob job = new TableJob(t);
        ChunkWork work = ChunkWork.of(job, chunk);
        FileRows rows = new FileRows(file, t, order, settings.getInt(SettingKeys.BATCH_SIZE, 1, 1_000_000), name);
        run.throughput().runStarted(1);
        progress.runStarted(1);
        progress.tableStarted(name, 0, 0);
        run.throughput().tableStarted(name, 0, 0);
        boolean loaded = false;
        try {
            engine.openWithRows(work, rows);
            Iterator<ChunkWork.RowBatch> batches = engine.batches(work);
            while (batches.hasNext()) {
                engine.write(batches.next());
            }
            engine.commit(work);
            loaded = true;
        } finally {
            if (loaded) {
                engine.close(work);
            } else {
                engine.abandon(work);
            }
            run.close();
        }
        long copyMillis = (System.nanoTime() - t1) / 1_000_000;
        progress.tableFinished(name);
        run.throughput().tableFinished(name);
        progress.runFinished();
        stages.add(new StageTiming("load", copyMillis));
        finish(target, dialect, ddl, plan, t);

        long t2 = System.nanoTime();
        TableResult result;
        try (Connection c = connectTarget(target)) {
            TableVerifier.Outcome o = new TableVerifier(dialect, checkpoints).verify(c, runId, t);
            List<String> mismatches = new ArrayList<>(o.mismatches());
            if (o.rowsRead() != rows.records()) {
                mismatches.add(o.rowsRead() + " rows were loaded but the file has " + rows.records());
            }
            boolean verified = o.allChunksDone() && mismatches.isEmpty();
            result = new TableResult(name, t.schema() + "." + t.name(), rows.records(), o.rowsRead(),
                    o.rowsWritten(), o.rowsRejected(), o.targetRows(), o.copied().text(), o.found().text(), verified,
                    mismatches, copyMillis, o.chunks());
        } catch (SQLException e) {
            throw new MigrationException(PreflightTrouble.TARGET_UNREACHABLE, Map.of("url", target.displayUrl(),
                    "reason", e.getMessage()), e);
        }
        stages.add(new StageTiming("verify", (System.nanoTime() - t2) / 1_000_000));
        Map<String, String> failure = null;
        if (!result.verified()) {
            MigrationException m = new MigrationException(OpsTrouble.IMPORT_NOT_VERIFIED, Map.of("file", file,
                    "table", name, "mismatches", String.join("; ", result.mismatches())));
            failure = RequestInbox.failureOf(m);
            new migratedb.troubleshoot.TroubleshootingLog(migratedb.config.Home.logs()).write(runId, m);
        }
        MigrationReport report = new MigrationReport(runId, "import-excluded", result.verified() ? "completed"
                : "not-verified", started, Instant.now(), "file " + file.toAbsolutePath(), target.displayUrl(),
                dialect.name(), stages, List.of(result), List.of(), run.warnings(), failure, null, settings.redacted(),
                new Throughput(run.throughput().samples(), Map.of(name, sizeOf(file))));
        new ReportWriter().write(report, run.reportDir());
        new HtmlReport().write(report, run.reportDir());
        return report;
    }

    /** The target table: created when absent; refused when it already has rows (nothing is ever doubled). */
    private static void prepareTable(Connection c, TargetDialect dialect, SqlServerDdl ddl, TargetTable t)
            throws SQLException {
        boolean exists = false;
        try (PreparedStatement ps = c.prepareStatement(dialect.userTablesQuery()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                exists |= rs.getString(1).equalsIgnoreCase(t.schema()) && rs.getString(2).equalsIgnoreCase(t.name());
            }
        }
        if (exists) {
            try (PreparedStatement ps = c.prepareStatement(dialect.countSql(t)); ResultSet rs = ps.executeQuery()) {
                rs.next();
                long n = rs.getLong(1);
                if (n > 0) {
                    throw new MigrationException(OpsTrouble.IMPORT_TARGET_NOT_EMPTY, Map.of("table",
                            t.schema() + "." + t.name(), "rows", n));
                }
            }
            return;
        }
        List<String> statements = new ArrayList<>(dialect.createSchema(t.schema()));
        statements.addAll(ddl.createTable(t));
        execute(c, "create", statements, true);
    }

    /** After the rows: the table's indexes and foreign keys, and its identity continues at the source's value. */
    private static void finish(TargetConnector target, TargetDialect dialect, SqlServerDdl ddl, SchemaPlan plan,
                               TargetTable t) {
        List<String> statements = new ArrayList<>(dialect.createIndexes(t));
        statements.addAll(dialect.createForeignKeys(t, n -> plan.table(n).orElse(null)));
        for (TargetColumn col : t.columns()) {
            // only a column created as IDENTITY is reseeded, with its sequence's increment (DBCC CHECKIDENT on a
            // table without one fails)
            SqlServerDdl.Generation g = ddl.generation(t, col);
            if (g.kind() == SqlServerDdl.GenerationKind.IDENTITY && g.sequence() != null) {
                statements.addAll(ddl.syncIdentity(t, col, g.sequence()));
            }
        }
        try (Connection c = connectTarget(target)) {
            execute(c, "finalize", statements, true);
        } catch (SQLException e) {
            throw new MigrationException(PreflightTrouble.TARGET_UNREACHABLE, Map.of("url", target.displayUrl(),
                    "reason", e.getMessage()), e);
        }
    }

    private static void execute(Connection c, String phase, List<String> statements, boolean tolerateExisting) {
        try (Statement st = c.createStatement()) {
            for (String sql : statements) {
                try {
                    st.execute(sql);
                } catch (SQLException e) {
                    if (tolerateExisting && exists(e)) {
                        continue;
                    }
                    throw new MigrationException(SchemaTrouble.DDL_FAILED, Map.of("phase", phase,
                            "reason", e.getMessage(), "statement", sql), e);
                }
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw new MigrationException(SchemaTrouble.DDL_FAILED, Map.of("phase", phase, "reason", e.getMessage(),
                    "statement", "(connection)"), e);
        }
    }

    /** SQL Server 2714/1913/2705/1779, H2 42101/42111/90045/90131: the object exists already. */
    private static boolean exists(SQLException e) {
        int code = e.getErrorCode();
        return code == 2714 || code == 1913 || code == 2705 || code == 1779 || code == 42101 || code == 42111
                || code == 90045 || code == 90131;
    }

    /** Reads the header; returns for each target column the index of its field in the file. */
    private static int[] header(Path file, TargetTable t) {
        DelimitedFile format = DelimitedFile.forName(file.getFileName().toString());
        List<String> header;
        try (BufferedReader r = DelimitedFile.open(file)) {
            header = format.readRecord(r);
        } catch (IOException | UncheckedIOException e) {
            throw invalid(file, t.sourceName(), "it cannot be read as UTF-8 " + format + " ("
                    + e.getMessage() + ")");
        }
        if (header == null) {
            throw invalid(file, t.sourceName(), "it is empty");
        }
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i) == null ? "" : header.get(i).strip();
            if (i == 0 && h.startsWith("\uFEFF")) {
                h = h.substring(1);
            }
            if (position.put(h.toLowerCase(Locale.ROOT), i) != null) {
                throw invalid(file, t.sourceName(), "the column " + h + " appears twice in the first line");
            }
        }
        int[] order = new int[t.columns().size()];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            Integer p = position.remove(t.columns().get(i).name().toLowerCase(Locale.ROOT));
            order[i] = p == null ? -1 : p;
            if (p == null) {
                missing.add(t.columns().get(i).name());
            }
        }
        if (!missing.isEmpty() || !position.isEmpty()) {
            throw invalid(file, t.sourceName(), (missing.isEmpty() ? "" : "the first line lacks the column(s) "
                    + String.join(", ", missing) + (position.isEmpty() ? "" : "; ")) + (position.isEmpty() ? ""
                    : "it names column(s) the table does not have: " + String.join(", ", position.keySet())));
        }
        return order;
    }

    /** The file's records as batches of typed rows; a value that does not parse stops the import (rolled back). */
    private static final class FileRows implements Iterator<List<Object[]>>, AutoCloseable {
        private final BufferedReader reader;
        private final DelimitedFile format;
        private final ValueKind[] kinds;
        private final int[] order;
        private final int batchSize;
        private final Path file;
        private final String table;
        private final List<String> columns;
        private long line = 1;
        private long records;
        private List<Object[]> next;
        private boolean ended;

        FileRows(Path file, TargetTable t, int[] order, int batchSize, String table) {
            this.file = file;
            this.format = DelimitedFile.forName(file.getFileName().toString());
            this.kinds = PostgresTableReader.kinds(t);
            this.order = order;
            this.batchSize = batchSize;
            this.table = table;
            this.columns = t.columns().stream().map(TargetColumn::name).toList();
            try {
                this.reader = DelimitedFile.open(file);
                format.readRecord(reader); // the header, checked already
            } catch (IOException e) {
                throw invalid(file, table, e.getMessage());
            }
        }

        long records() {
            return records;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !ended) {
                next = readBatch();
            }
            return next != null;
        }

        @Override
        public List<Object[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            List<Object[]> b = next;
            next = null;
            return b;
        }

        private List<Object[]> readBatch() {
            List<Object[]> batch = new ArrayList<>(batchSize);
            try {
                while (batch.size() < batchSize) {
                    List<String> rec = format.readRecord(reader);
                    if (rec == null) {
                        ended = true;
                        break;
                    }
                    line++;
                    if (rec.size() != order.length) {
                        throw invalid(file, table, "record " + line + " has " + rec.size() + " values, the table has "
                                + order.length + " columns");
                    }
                    Object[] row = new Object[kinds.length];
                    for (int i = 0; i < kinds.length; i++) {
                        String v = rec.get(order[i]);
                        try {
                            row[i] = v == null ? null : ValueText.parse(v, kinds[i]);
                        } catch (IllegalArgumentException e) {
                            throw invalid(file, table, "record " + line + ", column " + columns.get(i) + ": "
                                    + e.getMessage());
                        }
                    }
                    batch.add(row);
                    records++;
                }
            } catch (IOException e) {
                throw invalid(file, table, "record " + (line + 1) + ": " + e.getMessage());
            }
            return batch.isEmpty() ? null : batch;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    // ---- shared -----------------------------------------------------------------------------------------------

    /** The excluded tables to handle: all of them, or the one named (which must be excluded). */
    private List<String> names(String only) {
        List<String> excluded = settings.getList(SettingKeys.EXCLUDED_TABLES);
        if (only == null) {
            return excluded;
        }
        if (!excluded.contains(only)) {
            throw new MigrationException(OpsTrouble.EXCLUDED_TABLE_UNKNOWN, Map.of("table", only, "excluded",
                    excluded.isEmpty() ? "none" : String.join(", ", excluded)));
        }
        return List.of(only);
    }

    private static TargetTable targetTable(Catalog catalog, String name, String targetSchema) {
        Table t = catalog.table(name).orElseThrow(() -> new MigrationException(OpsTrouble.EXCLUDED_TABLE_MISSING,
                Map.of("table", name)));
        return new migratedb.mapping.TypeMapper().map(t, targetSchema, Set.of());
    }

    static String tableFromFileName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private Connection connectSource() {
        try {
            return source.connect();
        } catch (SQLException e) {
            throw new MigrationException(PreflightTrouble.SOURCE_UNREACHABLE, Map.of("url", source.url(),
                    "reason", e.getMessage()), e);
        }
    }

    private static Connection connectTarget(TargetConnector target) {
        try {
            return target.connect();
        } catch (SQLException e) {
            throw new MigrationException(PreflightTrouble.TARGET_UNREACHABLE, Map.of("url", target.displayUrl(),
                    "reason", e.getMessage()), e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static MigrationException invalid(Path file, String table, String reason) {
        return new MigrationException(OpsTrouble.IMPORT_FILE_INVALID, Map.of("file", file, "table", table,
                "reason", reason));
    }
}
