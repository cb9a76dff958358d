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
import migratedb.copy.TransientFailure;
import migratedb.copy.CopyTrouble;
import migratedb.mapping.SchemaConverter;
import migratedb.mapping.SchemaPlan;
import migratedb.model.Catalog;
import migratedb.model.Table;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.model.ValueKind;
import migratedb.ops.tablefile.FileLayout;
import migratedb.ops.tablefile.FileRecord;
import migratedb.ops.tablefile.TableFileException;
import migratedb.ops.tablefile.TableFileFormat;
import migratedb.ops.tablefile.TableFileReader;
import migratedb.ops.tablefile.TableFileWriter;
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
import migratedb.troubleshoot.TroubleshootingLog;
import migratedb.verify.TableVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The tables that are never migrated (migration.excludedTables, e.g. personal passwords): exported to a file before
 * the migration, imported from a file into the target after it. The files are CSV, TXT or XLSX, and the import
 * takes every form Excel saves them in ({@link TableFileReader}). The import is a table copy whose rows come from
 * the file: the copy engine's writer, reject isolation and checkpointed commit, then the table verifier's re-read
 * of the target against the checksum recorded with the rows. It is all or nothing: the file is read through once
 * before the target is touched, and whatever fails after that takes back what the import did (the table it
 * created is removed). Every import writes its report, reports/import-&lt;time&gt;/.
 *
 * <p>This is the service the command line and the web console share: {@link #export(Path, String, TableFileFormat)}
 * and {@link #export(String, TableFileFormat, OutputStream)} write, {@link #importFile(Path, String,
 * ProgressListener)} and {@link #importFile(InputStream, String, String, ProgressListener)} (an upload) load.
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

    /** A written export: the file, its format and its rows. */
    public record Exported(String table, Path file, TableFileFormat format, long rows) {
    }

    /**
     * Writes every excluded table (or the one named) to {@code dir/<schema.table>.csv|.txt|.xlsx}, owner-readable
     * only, all in one snapshot of the source.
     */
    public List<Exported> export(Path dir, String onlyTable, TableFileFormat format) {
        List<String> names = names(onlyTable);
        List<Exported> out = new ArrayList<>();
        try (Connection c = connectSource()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Catalog catalog = new PostgresCatalogReader().read(c, settings.getList(SettingKeys.SOURCE_SCHEMAS));
            for (String name : names) {
                TargetTable t = targetTable(catalog, name, settings.get(SettingKeys.TARGET_SCHEMA));
                Path file = dir.resolve(name + format.extension());
                out.add(new Exported(name, file, format, exportTable(c, t, file, format)));
            }
            c.commit();
        } catch (SQLException e) {
            throw source.failure(e, "exporting the excluded tables");
        }
        return out;
    }

    /**
     * Writes one excluded table to a stream (a download): the same content as the file export. Returns the rows
     * written; the stream is flushed, not closed.
     */
    public long export(String table, TableFileFormat format, OutputStream out) {
        String name = names(table).get(0);
        try (Connection c = connectSource()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Catalog catalog = new PostgresCatalogReader().read(c, settings.getList(SettingKeys.SOURCE_SCHEMAS));
            TargetTable t = targetTable(catalog, name, settings.get(SettingKeys.TARGET_SCHEMA));
            long rows;
            try {
                rows = writeRows(c, t, out, format);
            } catch (IOException | BatchStream.SourceReadException e) {
                throw new MigrationException(OpsTrouble.EXPORT_FAILED, Map.of("table", t.sourceName(), "file",
                        "(download)", "reason", String.valueOf(e.getMessage())), e);
            } catch (TableFileException e) {
                throw tooLarge(t, "(download)", e);
            }
            c.commit();
            return rows;
        } catch (SQLException e) {
            throw source.failure(e, "exporting " + name);
        }
    }

    private long exportTable(Connection c, TargetTable t, Path file, TableFileFormat format) {
        long rows;
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            // the rows are personal data: written into an owner-only file beside the target (streamed, so a big
            // table never sits in memory), which takes the final name once the read succeeded
            Files.deleteIfExists(partial);
            FilePermissions.createOwnerOnly(partial, new byte[0]);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial,
                    StandardOpenOption.TRUNCATE_EXISTING), 1 << 16)) {
                rows = writeRows(c, t, out, format);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | BatchStream.SourceReadException e) {
            throw new MigrationException(OpsTrouble.EXPORT_FAILED, Map.of("table", t.sourceName(), "file", file,
                    "reason", String.valueOf(e.getMessage())), e);
        } catch (TableFileException e) {
            throw tooLarge(t, file.toString(), e);
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

    /** Streams the table's rows from the source into the file format, each value as its exact text. */
    private long writeRows(Connection c, TargetTable t, OutputStream out, TableFileFormat format)
            throws IOException, TableFileException {
        ValueKind[] kinds = PostgresTableReader.kinds(t);
        try (BatchStream stream = new BatchStream(c, new PostgresTableReader(), t, null, null, null,
                settings.getInt(SettingKeys.FETCH_SIZE, 1, 1_000_000),
                settings.getInt(SettingKeys.BATCH_SIZE, 1, 1_000_000), "export-" + t.sourceName())) {
            Iterator<List<String>> records = new Iterator<>() {
                private Iterator<Object[]> batch = java.util.Collections.emptyIterator();

                @Override
                public boolean hasNext() {
                    while (!batch.hasNext() && stream.hasNext()) {
                        batch = stream.next().iterator();
                    }
                    return batch.hasNext();
                }

                @Override
                public List<String> next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Object[] row = batch.next();
                    List<String> values = new ArrayList<>(kinds.length);
                    for (int i = 0; i < kinds.length; i++) {
                        values.add(row[i] == null ? null : ValueText.format(row[i], kinds[i]));
                    }
                    return values;
                }
            };
            return TableFileWriter.write(format, out, t.sourceName(), t.columns().stream().map(TargetColumn::name)
                    .toList(), records);
        }
    }

    private static MigrationException tooLarge(TargetTable t, String file, TableFileException e) {
        return new MigrationException(OpsTrouble.EXPORT_NOT_XLSX, Map.of("table", t.sourceName(), "file", file,
                "reason", e.getMessage()), e);
    }

    // ---- import -----------------------------------------------------------------------------------------------

    /**
     * Loads the file into the excluded table in the target (created when absent, refused when it has rows), then
     * verifies it. The table is named with {@code table}, or by the file name ({@code public.personal_passwords.csv}).
     * Never throws for a failure of the import itself: the result says what happened, and the report is written.
     */
    public ImportResult importFile(Path file, String table, ProgressListener progress) {
        return importFile(new FileToImport(file, file.getFileName().toString(), file.toString()), table, progress);
    }

    /**
     * Loads an uploaded file: the stream is first saved into an owner-only file under work/uploads (the import
     * reads it twice, and it holds personal data), which is deleted afterwards.
     *
     * @param fileName the file's original name: its extension helps tell the format, it names the table when
     *                 {@code table} is null, and the messages and the report name the file by it
     * @throws MigrationException (IMPORT_FILE_INVALID) when the upload cannot be saved; no import was started
     */
    public ImportResult importFile(InputStream in, String fileName, String table, ProgressListener progress) {
        String base = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        String safe = base.replaceAll("[^A-Za-z0-9._-]", "_");
        Path upload = migratedb.config.Home.resolve("work/uploads").resolve("upload-"
                + String.format("%08x", ThreadLocalRandom.current().nextInt()) + "-" + safe);
        try {
            FilePermissions.createOwnerOnly(upload, new byte[0]);
            try (OutputStream out = Files.newOutputStream(upload, StandardOpenOption.TRUNCATE_EXISTING)) {
                in.transferTo(out);
            }
            return importFile(new FileToImport(upload, base, base), table, progress);
        } catch (IOException e) {
            throw new MigrationException(OpsTrouble.IMPORT_FILE_INVALID, Map.of("file", base, "table",
                    table == null ? tableFromFileName(base) : table, "reason", "the upload could not be saved "
                            + "under work/uploads: " + e.getMessage()), e);
        } finally {
            try {
                Files.deleteIfExists(upload);
            } catch (IOException e) {
                LOG.warn("The uploaded file {} could not be deleted: {}", upload, e.getMessage());
            }
        }
    }

    /**
     * The file an import reads: where it is, the name that tells its format (an upload's original name), and how
     * messages and the report name it.
     */
    private record FileToImport(Path path, String name, String shown) {
    }

    /** What one import knows as it goes: read by the report and the result whatever the outcome. */
    private static final class Attempt {
        final String runId;
        final Instant started = Instant.now();
        final List<StageTiming> stages = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        String name;
        TargetTable table;
        TargetConnector target;
        FileLayout layout;
        long fileRows;
        boolean created;
        boolean committed;
        MigrationRun run;
        /** The target's run lock, held from before the table is prepared until what failed is taken back. */
        RunLock lock;

        Attempt(String runId) {
            this.runId = runId;
        }
    }

    private ImportResult importFile(FileToImport file, String table, ProgressListener progress) {
        Attempt a = new Attempt("import-" + RUN_ID.format(Instant.now()) + "-"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000)));
        try {
            return load(a, file, table, progress);
        } catch (RuntimeException e) {
            String undone = undo(a);
            MigrationException failure = importFailure(a, file, e, undone);
            if (!failure.effect().contains(undone) && (a.created || a.committed)) {
                a.warnings.add("Taking back what the failed import had written: " + undone + ".");
            }
            try {
                new TroubleshootingLog(migratedb.config.Home.logs()).write(a.runId, failure);
            } catch (UncheckedIOException logFailure) {
                LOG.warn("The troubleshooting log could not be written: {}", logFailure.getMessage());
            }
            List<TableResult> tables = a.layout == null ? List.of() : List.of(new TableResult(a.name,
                    a.table == null ? null : a.table.schema() + "." + a.table.name(), a.fileRows, 0, 0, 0, 0, null,
                    null, false, List.of(failure.error()), 0, 0));
            return report(a, file, "failed", tables, failure);
        } finally {
            if (a.run != null) {
                a.run.close();
            }
            if (a.lock != null) {
                a.lock.close();
            }
        }
    }

    private ImportResult load(Attempt a, FileToImport file, String table, ProgressListener progress) {
        String name = table != null ? table : tableFromFileName(file.name());
        a.name = name;
        names(name);
        if (!Files.isRegularFile(file.path())) {
            throw invalid(file.shown(), name, "the file does not exist");
        }
        String runId = a.runId;
        TargetConnector target = TargetConnector.from(settings);
        a.target = target;
        TargetDialect dialect = target.dialect();
        String targetSchema = settings.get(SettingKeys.TARGET_SCHEMA);
        Catalog catalog;
        try (Connection c = connectSource()) {
            catalog = new PostgresCatalogReader().read(c, settings.getList(SettingKeys.SOURCE_SCHEMAS));
        } catch (SQLException e) {
            throw source.failure(e, "reading the source's catalog");
        }
        SchemaPlan plan = new SchemaConverter().convert(catalog, dialect, Map.of("public", targetSchema), Set.of(),
                Set.copyOf(settings.getList(SettingKeys.PROTECTED_COLUMNS)));
        TargetTable t = plan.table(name).orElseThrow(() -> new MigrationException(OpsTrouble.EXCLUDED_TABLE_MISSING,
                Map.of("table", name)));
        a.table = t;
        // the conversion the migration made, sequences included: a serial id becomes the same IDENTITY (or the
        // same DEFAULT NEXT VALUE FOR a shared sequence) as it would have in the migration
        SqlServerDdl ddl = ((SqlServerDialect) dialect).ddl(catalog.sequences(),
                s -> s.equals("public") ? targetSchema : s, catalog.userTypes());
        int batchSize = settings.getInt(SettingKeys.BATCH_SIZE, 1, 1_000_000);

        // the whole file is read and every value parsed before the target is touched: a bad value is refused
        // with nothing written, and the progress knows how many rows are coming
        long t0 = System.nanoTime();
        try (FileRows scan = new FileRows(file, t, batchSize, name)) {
            while (scan.hasNext()) {
                scan.next();
            }
            a.layout = scan.layout();
            a.fileRows = scan.records();
            a.warnings.addAll(scan.warnings());
        }
        a.stages.add(new StageTiming("read", (System.nanoTime() - t0) / 1_000_000));
        LOG.info("Read {} as {}: {} rows for {}", file.shown(), a.layout.describe(), a.fileRows, name);

        // a migration (or another import) working on the same target refuses this one, as two runs do
        a.lock = RunLock.acquire(settings.path(SettingKeys.WORK_DIR).resolve("locks"), target.displayUrl(), runId,
                "import-excluded");
        MigrationRun run = new MigrationRun(Command.MIGRATE, settings, source, target, runId, false);
        a.run = run;
        CheckpointStore checkpoints = new CheckpointStore(dialect, targetSchema);
        run.checkpoints(checkpoints);
        List<StageTiming> stages = a.stages;
        t0 = System.nanoTime();
        Chunk chunk = new Chunk(name, 1, null, null, null);
        try (Connection c = connectTarget(target)) {
            a.created = prepareTable(c, dialect, ddl, t);
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
        run.throughput().runStarted(1);
        progress.runStarted(1);
        progress.tableStarted(name, a.fileRows, 0);
        run.throughput().tableStarted(name, a.fileRows, 0);
        int maxAttempts = 1 + settings.getInt(SettingKeys.RETRY_MAX, 0, 100);
        for (int attempt = 1; ; attempt++) {
            // each attempt reads the file from its start: a redelivered chunk restarts from its first row
            FileRows rows = new FileRows(file, t, batchSize, name);
            try {
                engine.openWithRows(work, rows);
                Iterator<ChunkWork.RowBatch> batches = engine.batches(work);
                while (batches.hasNext()) {
                    engine.write(batches.next());
                }
                engine.commit(work);
                a.committed = true;
                break;
            } catch (TransientFailure e) {
                if (attempt >= maxAttempts) {
                    throw e;
                }
                LOG.warn("Import of {} failed transiently (attempt {} of {}): {}", name, attempt, maxAttempts,
                        e.getMessage());
                pause(attempt);
            } finally {
                // a failed attempt's connection may be broken: discarded, and the next attempt borrows another
                if (a.committed) {
                    engine.close(work);
                } else {
                    engine.abandon(work);
                }
                rows.close();
            }
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
            if (o.rowsRead() != a.fileRows) {
                mismatches.add(o.rowsRead() + " rows were loaded but the file has " + a.fileRows);
            }
            boolean verified = o.allChunksDone() && mismatches.isEmpty();
            result = new TableResult(name, t.schema() + "." + t.name(), a.fileRows, o.rowsRead(),
                    o.rowsWritten(), o.rowsRejected(), o.targetRows(), o.copied().text(), o.found().text(), verified,
                    mismatches, copyMillis, o.chunks());
        } catch (SQLException e) {
            throw new MigrationException(PreflightTrouble.TARGET_UNREACHABLE, Map.of("url", target.displayUrl(),
                    "reason", e.getMessage()), e);
        }
        stages.add(new StageTiming("verify", (System.nanoTime() - t2) / 1_000_000));
        a.warnings.addAll(run.warnings());
        MigrationException failure = null;
        if (!result.verified()) {
            // the rows stay, as a migrated table that does not verify stays: the report and the target show what
            // differs
            failure = new MigrationException(OpsTrouble.IMPORT_NOT_VERIFIED, Map.of("file", file.shown(),
                    "table", name, "mismatches", String.join("; ", result.mismatches())));
            new TroubleshootingLog(migratedb.config.Home.logs()).write(runId, failure);
        }
        return report(a, file, result.verified() ? "completed" : "not-verified", List.of(result), failure);
    }

    private void pause(int attempt) {
        long delay = Math.min(settings.getLong(SettingKeys.RETRY_MAX_DELAY_MS, 0, Long.MAX_VALUE),
                (long) (settings.getLong(SettingKeys.RETRY_DELAY_MS, 0, Long.MAX_VALUE)
                        * Math.pow(settings.getDouble(SettingKeys.RETRY_MULTIPLIER, 1, 100), attempt - 1)));
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry the import", e);
        }
    }

    /** Writes report.json and report.html of the import and returns its result. */
    private ImportResult report(Attempt a, FileToImport file, String status, List<TableResult> tables,
                                MigrationException failure) {
        Map<String, String> failureMap = failure == null ? null : failureMap(failure);
        TargetConnector target = a.target;
        TableResult r = tables.isEmpty() ? null : tables.get(0);
        String sourceText = "file " + file.shown() + (a.layout == null ? "" : " (" + a.layout.describe() + ")");
        Throughput throughput = a.run == null ? Throughput.EMPTY
                : new Throughput(a.run.throughput().samples(), Map.of(a.name, sizeOf(file.path())));
        MigrationReport report = new MigrationReport(a.runId, "import-excluded", status, a.started, Instant.now(),
                sourceText, target == null ? null : target.displayUrl(), target == null ? null
                : target.dialect().name(), a.stages, tables, List.of(), List.copyOf(a.warnings), failureMap, null,
                settings.redacted(), throughput);
        Path dir = settings.path(SettingKeys.REPORTS_DIR).resolve(a.runId);
        try {
            new ReportWriter().write(report, dir);
            new HtmlReport().write(report, dir);
        } catch (UncheckedIOException e) {
            LOG.warn("The report of import {} ({}) could not be written: {}", a.runId, status, e.getMessage());
        }
        LOG.info("Import {} of {} {}: report written to {}", a.runId, a.name, status, dir.resolve("report.json"));
        return new ImportResult(a.runId, status, a.name, a.table == null ? null : a.table.schema() + "."
                + a.table.name(), file.shown(), a.layout, a.fileRows, r == null ? 0 : r.rowsWritten(),
                r == null ? 0 : r.rowsRejected(), r == null ? 0 : r.targetRows(), r != null && r.verified(),
                a.warnings, failureMap, dir, report);
    }

    private static Map<String, String> failureMap(MigrationException m) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("code", m.trouble().code());
        f.put("error", m.error());
        f.put("cause", m.cause());
        f.put("effect", m.effect());
        f.put("solution", m.solution());
        return f;
    }

    /**
     * Takes back what a failed import did to the target: the table it created is dropped; rows committed into a
     * table that was there (and empty) are deleted. Says what it did, for the failure's effect.
     */
    private String undo(Attempt a) {
        if (a.table == null || (!a.created && !a.committed)) {
            return "nothing had been written";
        }
        TargetDialect dialect = a.target.dialect();
        String qualified = a.table.schema() + "." + a.table.name();
        try (Connection c = a.target.connect(); Statement st = c.createStatement()) {
            st.execute(a.created ? dialect.dropTableSql(a.table) : dialect.deleteAllSql(a.table));
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            LOG.warn("Import {} failed and could not be undone: {}", a.runId, e.getMessage());
            return "FAILED, the table " + qualified + (a.created ? ", created by this import," : "")
                    + " could not be " + (a.created ? "removed" : "emptied") + " (" + e.getMessage() + "): "
                    + (a.created ? "drop it" : "delete its rows") + " before importing again";
        }
        String done = a.created ? "the table " + qualified + ", created by this import, was removed"
                : "the rows it had loaded into " + qualified + " (empty before the import) were deleted";
        LOG.info("Import {} failed and was undone: {}", a.runId, done);
        return done;
    }

    /**
     * The failure as the import's own catalogue entry where the copy's entry would send the administrator to
     * 'resume' (rows refused, keys refused, a connection lost); the import's and preflight's own entries as they are.
     */
    private static MigrationException importFailure(Attempt a, FileToImport f, RuntimeException e,
                                                    String undone) {
        String file = f.shown();
        MigrationException m = TroubleshootingLog.catalogued(e);
        String table = a.table == null ? String.valueOf(a.name) : a.table.schema() + "." + a.table.name();
        if (m.trouble() == CopyTrouble.ROWS_REJECTED || m.trouble() == CopyTrouble.TOO_MANY_REJECTS) {
            return new MigrationException(OpsTrouble.IMPORT_ROWS_REFUSED, Map.of("file", file, "table", table,
                    "count", m.details().getOrDefault("count", "?"), "error", m.details().getOrDefault("error", "?"),
                    "rejects", m.details().getOrDefault("file", "?"), "undone", undone), e);
        }
        if (m.trouble() == SchemaTrouble.DDL_FAILED && "finalize".equals(m.details().get("phase"))) {
            return new MigrationException(OpsTrouble.IMPORT_KEYS_REFUSED, Map.of("file", file, "table", table,
                    "reason", m.details().getOrDefault("reason", "?"), "statement",
                    m.details().getOrDefault("statement", "?"), "undone", undone), e);
        }
        if (m.trouble() instanceof OpsTrouble || m.trouble() instanceof PreflightTrouble) {
            return m;
        }
        return new MigrationException(OpsTrouble.IMPORT_LOAD_FAILED, Map.of("file", file, "table", table,
                "error", m.error(), "undone", undone), e);
    }

    /**
     * The target table: created when absent (returns true); refused when it already has rows (nothing is ever
     * doubled).
     */
    private static boolean prepareTable(Connection c, TargetDialect dialect, SqlServerDdl ddl, TargetTable t)
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
            return false;
        }
        List<String> statements = new ArrayList<>(dialect.createSchema(t.schema()));
        statements.addAll(ddl.createTable(t));
        execute(c, "create", statements, true);
        return true;
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

    /**
     * The file's header mapped onto the table: for each target column the index of its field. Names match without
     * regard to case and surrounding spaces, in any order; every column must be there, and no other name. Unnamed
     * columns at the end of the header (a spreadsheet's used range reaching further right) are ignored, as long as
     * they hold no value.
     */
    private static int[] order(List<String> header, TargetTable t, String file, String table) {
        int named = header.size();
        while (named > 0 && (header.get(named - 1) == null || header.get(named - 1).isBlank())) {
            named--;
        }
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < named; i++) {
            String h = header.get(i) == null ? "" : header.get(i).strip();
            if (i == 0 && h.startsWith("\uFEFF")) {
                h = h.substring(1);
            }
            if (h.isEmpty()) {
                throw invalid(file, table, "the first line has no name for column " + (i + 1));
            }
            if (position.put(h.toLowerCase(Locale.ROOT), i) != null) {
                throw invalid(file, table, "the column " + h + " appears twice in the first line");
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
            throw invalid(file, table, (missing.isEmpty() ? "" : "the first line lacks the column(s) "
                    + String.join(", ", missing) + (position.isEmpty() ? "" : "; ")) + (position.isEmpty() ? ""
                    : "it names column(s) the table does not have: " + String.join(", ", position.keySet())));
        }
        return order;
    }

    /**
     * The file's records as batches of typed rows; a value that does not parse stops the import, naming the record
     * and the column. An empty field is NULL, except in a text column that allows no NULL, where it can only be
     * empty text (Excel writes an empty text cell as an empty field). A record with no value at all is a blank
     * spreadsheet row: skipped (and counted in a warning) when the table has a column that allows no NULL, since it
     * cannot be a row of the table.
     */
    private static final class FileRows implements Iterator<List<Object[]>>, AutoCloseable {
        private final TableFileReader reader;
        private final ValueKind[] kinds;
        private final boolean[] emptyIsText;
        private final int[] order;
        private final int width;
        private final boolean padShort;
        private final boolean skipBlank;
        private final int batchSize;
        private final String file;
        private final String table;
        private final List<String> columns;
        private final List<String> skipped = new ArrayList<>();
        private long records;
        private List<Object[]> next;
        private boolean ended;

        FileRows(FileToImport f, TargetTable t, int batchSize, String table) {
            this.file = f.shown();
            this.kinds = PostgresTableReader.kinds(t);
            this.batchSize = batchSize;
            this.table = table;
            this.columns = t.columns().stream().map(TargetColumn::name).toList();
            this.emptyIsText = new boolean[kinds.length];
            boolean anyNotNull = false;
            for (int i = 0; i < kinds.length; i++) {
                boolean notNull = t.columns().get(i).source() != null && !t.columns().get(i).source().nullable();
                emptyIsText[i] = notNull && kinds[i] == ValueKind.STRING;
                anyNotNull |= notNull;
            }
            this.skipBlank = anyNotNull;
            try {
                this.reader = TableFileReader.open(f.path(), f.name(), columns);
            } catch (TableFileException e) {
                throw invalid(file, table, e.getMessage());
            } catch (IOException e) {
                throw invalid(file, table, "it cannot be read (" + e.getMessage() + ")");
            }
            try {
                this.order = order(reader.header(), t, file, table);
            } catch (RuntimeException e) {
                closeQuietly();
                throw e;
            }
            this.width = reader.header().size();
            // a sheet has no cell where a row's last values are empty; a delimited record writes every separator
            this.padShort = reader.layout().format() == TableFileFormat.XLSX;
        }

        FileLayout layout() {
            return reader.layout();
        }

        long records() {
            return records;
        }

        List<String> warnings() {
            List<String> w = new ArrayList<>(reader.warnings());
            if (!skipped.isEmpty()) {
                w.add(skipped.size() + " blank row(s) of the file were skipped (" + String.join(", ",
                        skipped.subList(0, Math.min(5, skipped.size()))) + (skipped.size() > 5 ? ", ..." : "")
                        + ").");
            }
            return w;
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
                    FileRecord rec = reader.next();
                    if (rec == null) {
                        ended = true;
                        break;
                    }
                    List<String> values = rec.values();
                    if (skipBlank && values.stream().allMatch(v -> v == null)) {
                        skipped.add(rec.where());
                        continue;
                    }
                    if (values.size() < width && !padShort || values.size() > width
                            && values.subList(width, values.size()).stream().anyMatch(v -> v != null && !v.isEmpty())) {
                        throw invalid(file, table, rec.where() + " has " + values.size() + " values, but the first "
                                + "line names " + width + " columns (a value with the separator, a quote or a line "
                                + "break in it must be enclosed in quotes)");
                    }
                    for (int f = 0; f < Math.min(values.size(), width); f++) {
                        if (values.get(f) != null && !values.get(f).isEmpty() && !isMapped(f)) {
                            throw invalid(file, table, rec.where() + " has a value in column " + (f + 1) + ", which "
                                    + "has no name in the first line");
                        }
                    }
                    Object[] row = new Object[kinds.length];
                    for (int i = 0; i < kinds.length; i++) {
                        String v = order[i] < values.size() ? values.get(order[i]) : null;
                        if (v == null && emptyIsText[i]) {
                            v = "";
                        }
                        try {
                            row[i] = v == null ? null : ValueText.parse(v, kinds[i]);
                        } catch (IllegalArgumentException e) {
                            throw invalid(file, table, rec.where(order[i], columns.get(i)) + ": " + e.getMessage());
                        }
                    }
                    batch.add(row);
                    records++;
                }
            } catch (TableFileException e) {
                throw invalid(file, table, e.getMessage());
            }
            return batch.isEmpty() ? null : batch;
        }

        private boolean isMapped(int field) {
            for (int o : order) {
                if (o == field) {
                    return true;
                }
            }
            return false;
        }

        private void closeQuietly() {
            try {
                reader.close();
            } catch (IOException ignored) {
                // the failure that made us close is the one to report
            }
        }

        @Override
        public void close() {
            closeQuietly();
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

    static String tableFromFileName(String n) {
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private Connection connectSource() {
        return source.open();
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

    private static MigrationException invalid(String file, String table, String reason) {
        return new MigrationException(OpsTrouble.IMPORT_FILE_INVALID, Map.of("file", file, "table", table,
                "reason", reason));
    }
}
