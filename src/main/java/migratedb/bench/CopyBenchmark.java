package migratedb.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.copy.Chunk;
import migratedb.copy.ChunkPlanner;
import migratedb.copy.CopyEngine;
import migratedb.copy.ProgressListener;
import migratedb.mapping.SchemaConverter;
import migratedb.mapping.SchemaPlan;
import migratedb.model.Catalog;
import migratedb.model.TargetTable;
import migratedb.pipeline.Command;
import migratedb.pipeline.MigrationRun;
import migratedb.report.MigrationReport;
import migratedb.report.StageTiming;
import migratedb.route.PipelineRuntime;
import migratedb.source.postgres.BatchStream;
import migratedb.source.postgres.PostgresCatalogReader;
import migratedb.source.postgres.PostgresSource;
import migratedb.source.postgres.PostgresTableReader;
import migratedb.source.postgres.ReadAheadStream;
import migratedb.source.postgres.SourceSnapshot;
import migratedb.sink.BatchWriter;
import migratedb.sink.TargetConnector;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The copy benchmark ({@code ./run.sh bench}): ONE run on the same generated data (narrow, wide and keyless
 * tables of mixed types) that measures, with the same chunks and the same number of parallel workers:
 * <ol>
 *   <li>the raw source limit: {@code COPY (SELECT ...) TO STDOUT (FORMAT binary)} into a null sink;</li>
 *   <li>our read pipeline (snapshot, the configured reader: COPY binary decoded by us, or typed getters with binary
 *       transfer; read-ahead batches) into a null sink, and the other reader for comparison;</li>
 *   <li>target-only writes of the same rows from memory into the H2 stand-in (rows are read first, untimed);</li>
 *   <li>the end-to-end migration into the H2 stand-in through the real Camel pipeline;</li>
 *   <li>the peak heap of each phase, to be run with -Xmx256m.</li>
 * </ol>
 * Phases 1 and 2 (and their one-stream forms) last a few seconds each: they run in interleaved rounds after an
 * uncounted warm-up round, and their medians are reported with every round's figure. Each figure names the leg that
 * bounds it, from wall time and the JVM's CPU time (2 cores: whatever the JVM does not use went to PostgreSQL's
 * backends or stayed idle).
 */
public final class CopyBenchmark {
    private static final int SLICE_ROWS = 25_000;

    private final Path dir;
    private final long rows;
    private final int rounds;
    private final List<String> sets;
    private final PrintStream out;
    private final List<String> lines = new ArrayList<>();
    private boolean oneTable;
    private int tables;
    private int tableRows = 200;
    private boolean manyOnly;

    public CopyBenchmark(Path dir, long rows, int rounds, List<String> sets, PrintStream out) {
        this.dir = dir;
        this.rows = rows;
        this.rounds = rounds;
        this.sets = sets;
        this.out = out;
    }

    /** Phases 1 to 5 on one table of 9 mixed columns instead of the narrow, wide and keyless tables. */
    public CopyBenchmark oneTable(boolean one) {
        this.oneTable = one;
        return this;
    }

    /**
     * Phase 6 (many tables): {@code count} tables of about {@code rowsEach} rows against the same rows in one table;
     * 0 leaves it out. {@code only} leaves phases 1 to 5 out.
     */
    public CopyBenchmark manyTables(int count, int rowsEach, boolean only) {
        this.tables = count;
        this.tableRows = rowsEach;
        this.manyOnly = only;
        return this;
    }

    /** What one measured phase did. */
    record Phase(String name, long rows, long nanos, long cpuNanos, long peakHeap) {
        double rowsPerSecond() {
            return rows / (nanos / 1e9);
        }

        /** Share of the machine's cores the JVM used during the phase. */
        double jvmCores() {
            return cpuNanos / (double) nanos;
        }
    }

    public void run(Path tunables) throws Exception {
        deleteTree(dir);
        Files.createDirectories(dir);
        int cores = Runtime.getRuntime().availableProcessors();
        long maxHeap = Runtime.getRuntime().maxMemory();
        // phase 6 only (--many-tables-only) copies its own tables, not --rows rows
        say("MigrateDB copy benchmark: %s, %d cores, max heap %d MB%s, collectors %s", manyOnly
                ? "phase 6 only" : String.format("%,d rows", rows), cores,
                maxHeap >> 20, maxHeap > (300L << 20) ? " (run with -Xmx256m for the heap figure: ./run.sh bench sets it)"
                        : "", String.join(" + ", ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(java.lang.management.GarbageCollectorMXBean::getName).toList()));
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("postgres"))
                .setCleanDataDirectory(true).setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_wal_size", "4GB").setServerConfig("fsync", "off")
                .setServerConfig("shared_buffers", "256MB").start()) {
            String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
            if (!manyOnly) {
                copyPhases(url, tunables);
            }
            if (tables > 0) {
                ManyTables many = new ManyTables(url, tables, tableRows);
                many.run(tunables);
            }
            Files.write(dir.resolve("result.txt"), lines);
            say("Written to %s", dir.resolve("result.txt"));
        }
    }

    /** Phases 1 to 5 on the generated data of {@code url}. */
    private void copyPhases(String url, Path tunables) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        long maxHeap = Runtime.getRuntime().maxMemory();
        long start = System.nanoTime();
        generate(url);
        say("Generated the data in %.0f s", (System.nanoTime() - start) / 1e9);

        Settings settings = settings(url, tunables, dir.resolve("e2e-target"));
        PostgresSource source = new PostgresSource(url, "postgres", "");
        int workers = settings.getInt(SettingKeys.PARALLEL_TABLES, 1, 64);
        long chunkRows = settings.getLong(SettingKeys.CHUNK_ROWS, 1_000, Long.MAX_VALUE);
        int fetchSize = settings.getInt(SettingKeys.FETCH_SIZE, 1, 1_000_000);
        int batchSize = settings.getInt(SettingKeys.BATCH_SIZE, 1, 1_000_000);
        TargetConnector writeTarget = TargetConnector.from(settings(url, tunables, dir.resolve("write-target")));

        SchemaPlan plan;
        List<Work> chunks = new ArrayList<>();
        long totalRows = 0;
        try (SourceSnapshot snapshot = SourceSnapshot.export(source); Connection c = snapshot.openReader()) {
            Catalog catalog = new PostgresCatalogReader().read(c, List.of("public"));
            plan = new SchemaConverter().convert(catalog, writeTarget.dialect(), Map.of("public", "dbo"),
                    Set.of(), Set.of());
            List<TargetTable> bySize = plan.tables().stream().sorted(Comparator.comparingLong(
                    (TargetTable t) -> t.source().sizeBytes()).reversed()).toList();
            for (TargetTable t : bySize) {
                ChunkPlanner.TablePlan tp = new ChunkPlanner().plan(c, t, chunkRows);
                tp.chunks().forEach(ch -> chunks.add(new Work(t, ch)));
                totalRows += tp.rows();
                say("  %-22s %,10d rows  %2d columns  %3d chunks (%s)", t.sourceName(), tp.rows(),
                        t.columns().size(), tp.chunks().size(), tp.chunks().get(0).pageRange() ? "page ranges"
                                : tp.chunks().get(0).keyRange() ? "key ranges" : "whole table");
            }
        }
        say("Same chunks (copy.chunkRows=%,d) and %d parallel workers (copy.parallelTables) in phases 1, 2 and 4; "
                + "fetch %,d, batch %,d.", chunkRows, workers, fetchSize, batchSize);

        long expected = totalRows;
        boolean copy = "copy".equals(settings.oneOf(SettingKeys.SOURCE_READER, "copy", "cursor"));
        String configured = copy ? "copy" : "cursor";
        String other = copy ? "cursor" : "copy";
        say("Read pipeline: copy.sourceReader=%s (phases 2, 2a); the other reader, %s, in 2b and 2c for "
                + "comparison.", configured, other);
        // phases of a few seconds vary by +-20% from one to the next here: the read goals are judged on
        // interleaved rounds (raw, ours, raw, ours...) and their medians, as PERFORMANCE-NOTES.md measured
        List<Phase> raw1s = new ArrayList<>();
        List<Phase> read1s = new ArrayList<>();
        List<Phase> raws = new ArrayList<>();
        List<Phase> reads = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            say(round == 0 ? "Warm-up round (not counted: the JIT compiles the readers, the heap sizes itself): "
                    + "phases 1a, 2a, 1, 2" : "Round %d of %d: phases 1a, 2a, 1, 2", round, rounds);
            raw1s.add(measure("1a. raw source, 1 stream", () -> rawCopy(source, chunks, 1, expected)));
            read1s.add(measure("2a. read pipeline (" + configured + ") -> null, 1 stream",
                    () -> readPipeline(source, chunks, 1, copy, fetchSize, batchSize)));
            raws.add(measure("1. raw source: COPY binary -> null", () -> rawCopy(source, chunks, workers,
                    expected)));
            reads.add(measure("2. read pipeline (" + configured + ") -> null",
                    () -> readPipeline(source, chunks, workers, copy, fetchSize, batchSize)));
            if (round == 0) {
                List.of(raw1s, read1s, raws, reads).forEach(List::clear);
            }
        }
        Phase raw1 = median(raw1s);
        Phase read1 = median(read1s);
        Phase raw = median(raws);
        Phase read = median(reads);
        Phase other1 = measure("2c. read pipeline (" + other + ") -> null, 1 stream",
                () -> readPipeline(source, chunks, 1, !copy, fetchSize, batchSize));
        Phase otherN = measure("2b. read pipeline (" + other + ") -> null",
                () -> readPipeline(source, chunks, workers, !copy, fetchSize, batchSize));
        Phase write = writeOnly(source, plan, writeTarget, workers, fetchSize, batchSize);
        Phase e2e = endToEnd(settings, source);

        heap.sample();
        long peak = heap.maxUsedInRun.get();
        Phase slower = read.rowsPerSecond() < write.rowsPerSecond() ? read : write;
        say("");
        say("Results (rows/s; 'JVM cores' = JVM CPU time / wall time, of %d cores):", cores);
        say("Phases 1, 2, 1a and 2a: the median of %d interleaved rounds after a warm-up round (peak heap: the "
                + "most of any counted round).", rounds);
        report(raw, "the ceiling: PostgreSQL's COPY output (backend CPU); rounds " + figures(raws));
        report(read, String.format("%.2f of (1), goal >= 0.80 %s; rounds %s, round by round %s of (1); bound by %s",
                read.rowsPerSecond() / raw.rowsPerSecond(),
                read.rowsPerSecond() / raw.rowsPerSecond() >= 0.8 ? "MET" : "MISSED", figures(reads),
                ratios(reads, raws), read.jvmCores() > cores * 0.6 ? "the JVM decoding rows (" + (copy
                        ? "COPY binary decoder" : "typed getters") + ")" : "PostgreSQL's backends producing rows"));
        report(raw1, "the ceiling of one stream: one PostgreSQL backend's COPY output; rounds " + figures(raw1s));
        report(read1, String.format("%.2f of (1a), goal >= 0.80 %s; rounds %s, round by round %s of (1a): one "
                + "backend producing rows and the JVM decoding them share the 2 cores",
                read1.rowsPerSecond() / raw1.rowsPerSecond(),
                read1.rowsPerSecond() / raw1.rowsPerSecond() >= 0.8 ? "MET" : "MISSED", figures(read1s),
                ratios(read1s, raw1s)));
        report(otherN, String.format("%.2f of (1), for comparison: the %s reader with the workers",
                otherN.rowsPerSecond() / raw.rowsPerSecond(), other));
        report(other1, String.format("%.2f of (1a), for comparison: the %s reader, 1 stream",
                other1.rowsPerSecond() / raw1.rowsPerSecond(), other));
        report(write, "bound by the H2 stand-in's inserts (H2 runs inside the JVM)");
        report(e2e, String.format("%.2f of the slower leg (%s, %,.0f rows/s), goal >= 0.85 %s; bound by %s",
                e2e.rowsPerSecond() / slower.rowsPerSecond(), slower == read ? "read" : "write",
                slower.rowsPerSecond(), e2e.rowsPerSecond() / slower.rowsPerSecond() >= 0.85 ? "MET" : "MISSED",
                slower == read ? "the source read" : "the target write (H2), reading overlaps it"));
        report(wholeRun, String.format("%.2f of the write leg (3), goal >= 0.80 %s: the whole migrate, preflight to "
                + "report, verification included (the goal is set for one 2,000,000-row table: ./run.sh bench "
                + "--one-table --rows 2000000)%s", wholeRun.rowsPerSecond() / write.rowsPerSecond(),
                wholeRun.rowsPerSecond() / write.rowsPerSecond() >= 0.8 ? "MET" : "MISSED",
                oneTable ? "" : "; these tables include a keyless one, verified whole at the end"));
        say("5. peak heap of the whole run: %d MB in use at most (sampled every 5 ms, garbage included), old "
                + "generation at most %d MB after a collection; max heap %d MB%s", peak >> 20, peakLive() >> 20,
                maxHeap >> 20, maxHeap <= (300L << 20) ? ": the whole run passed under this limit" : "");
    }

    /** A chunk of a table, as the copy engine plans it. */
    record Work(TargetTable table, Chunk chunk) {
    }

    private interface Measured {
        long run() throws Exception;
    }

    private Phase measure(String name, Measured work) throws Exception {
        System.gc();
        resetPeaks();
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        long n = work.run();
        return new Phase(name, n, System.nanoTime() - t0, cpuNanos() - cpu0, peakHeap());
    }

    /** The round with the median rate (the upper median of an even count), with the most heap of any round. */
    static Phase median(List<Phase> rounds) {
        List<Phase> sorted = rounds.stream().sorted(Comparator.comparingDouble(Phase::rowsPerSecond)).toList();
        Phase m = sorted.get(sorted.size() / 2);
        long peak = rounds.stream().mapToLong(Phase::peakHeap).max().orElse(0);
        return new Phase(m.name(), m.rows(), m.nanos(), m.cpuNanos(), peak);
    }

    private static String figures(List<Phase> rounds) {
        return String.join(" / ", rounds.stream().map(p -> String.format("%,.0f", p.rowsPerSecond())).toList());
    }

    private static String ratios(List<Phase> ours, List<Phase> ceilings) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            out.add(String.format("%.2f", ours.get(i).rowsPerSecond() / ceilings.get(i).rowsPerSecond()));
        }
        return String.join(" / ", out);
    }

    private void report(Phase p, String note) {
        say("%-42s %,12.0f rows/s  (%,d rows in %.1f s, JVM cores %.2f, peak heap %d MB)", p.name(),
                p.rowsPerSecond(), p.rows(), p.nanos() / 1e9, p.jvmCores(), p.peakHeap() >> 20);
        say("%-42s %s", "", note);
    }

    // --- 1. raw COPY ----------------------------------------------------------------------------------------

    /** Streams every chunk through COPY binary into a sink that only counts bytes; returns the rows copied. */
    private long rawCopy(PostgresSource source, List<Work> chunks, int workers, long rowsInPlan) throws Exception {
        PostgresTableReader reader = new PostgresTableReader();
        long bytes = parallel(chunks, workers, w -> {
            try (Connection c = source.connect()) {
                c.setAutoCommit(false);
                // COPY takes no parameters: the bounds are our own longs, the columns the reader's own SELECT
                String select = reader.selectSql(w.table(), w.chunk().rangeColumn());
                if (w.chunk().ranged()) {
                    select = select.replaceFirst("\\?", Long.toString(w.chunk().lo()))
                            .replaceFirst("\\?", Long.toString(w.chunk().hi()));
                }
                CountingSink sink = new CountingSink();
                c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + select + ") TO STDOUT (FORMAT binary)",
                        sink);
                c.commit();
                return sink.bytes;
            }
        });
        say("   COPY binary sent %,d MB for %,d rows", bytes >> 20, rowsInPlan);
        return rowsInPlan;
    }

    /** Discards COPY's output, counting its bytes. */
    private static final class CountingSink extends OutputStream {
        private long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    // --- 2. read pipeline -----------------------------------------------------------------------------------

    /** Every chunk through the copy engine's source stream (COPY binary or cursor) into a consumer that counts. */
    private long readPipeline(PostgresSource source, List<Work> chunks, int workers, boolean copy, int fetchSize,
                              int batchSize) throws Exception {
        PostgresTableReader reader = new PostgresTableReader();
        try (SourceSnapshot snapshot = SourceSnapshot.export(source)) {
            return parallel(chunks, workers, w -> {
                long n = 0;
                try (Connection c = snapshot.openReader();
                     ReadAheadStream stream = CopyEngine.openStream(copy, fetchSize, batchSize, c, reader, w.table(),
                             w.chunk(), "bench-reader")) {
                    while (stream.hasNext()) {
                        n += stream.next().size();
                    }
                }
                return n;
            });
        }
    }

    // --- 3. target-only write -------------------------------------------------------------------------------

    /**
     * Reads slices of {@value #SLICE_ROWS} rows per worker into memory (untimed), then writes them with the
     * workers in parallel, one transaction per slice (timed), until every row is written.
     */
    private Phase writeOnly(PostgresSource source, SchemaPlan plan, TargetConnector target, int workers,
                            int fetchSize, int batchSize) throws Exception {
        // kept open for the whole phase: H2 closes (and compacts) a file database when its last connection closes
        Connection keeper = target.connect();
        try (Statement st = keeper.createStatement()) {
            for (String ddl : plan.createStatements()) {
                st.execute(ddl);
            }
        }
        System.gc();
        resetPeaks();
        long writeNanos = 0;
        long writeCpu = 0;
        long written = 0;
        PostgresTableReader reader = new PostgresTableReader();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try (SourceSnapshot snapshot = SourceSnapshot.export(source)) {
            List<TargetTable> tables = plan.tables().stream().sorted(Comparator.comparingLong(
                    (TargetTable t) -> t.source().sizeBytes()).reversed()).toList();
            List<Slice> round = new ArrayList<>();
            for (TargetTable t : tables) {
                try (Connection c = snapshot.openReader();
                     BatchStream stream = new BatchStream(c, reader, t, null, null, null, fetchSize, batchSize,
                             "bench-loader")) {
                    List<Object[]> slice = new ArrayList<>(SLICE_ROWS);
                    while (stream.hasNext()) {
                        slice.addAll(stream.next());
                        if (slice.size() >= SLICE_ROWS) {
                            round.add(new Slice(t, slice));
                            slice = new ArrayList<>(SLICE_ROWS);
                            if (round.size() == workers) {
                                long[] r = writeRound(pool, target, round, batchSize);
                                writeNanos += r[0];
                                writeCpu += r[1];
                                written += r[2];
                                round.clear();
                            }
                        }
                    }
                    if (!slice.isEmpty()) {
                        round.add(new Slice(t, slice));
                    }
                }
            }
            if (!round.isEmpty()) {
                long[] r = writeRound(pool, target, round, batchSize);
                writeNanos += r[0];
                writeCpu += r[1];
                written += r[2];
            }
        } finally {
            pool.shutdown();
            keeper.close();
        }
        deleteFiles("write-target");
        return new Phase("3. target-only write: memory -> H2", written, writeNanos, writeCpu, peakHeap());
    }

    record Slice(TargetTable table, List<Object[]> rows) {
    }

    private long[] writeRound(ExecutorService pool, TargetConnector target, List<Slice> round, int batchSize)
            throws Exception {
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        List<Future<Integer>> done = new ArrayList<>();
        for (Slice s : round) {
            done.add(pool.submit(() -> {
                try (Connection c = target.connect()) {
                    c.setAutoCommit(false);
                    try (BatchWriter w = target.dialect().openWriter(c, s.table(), false)) {
                        for (int i = 0; i < s.rows().size(); i += batchSize) {
                            w.write(s.rows().subList(i, Math.min(s.rows().size(), i + batchSize)));
                        }
                    }
                    c.commit();
                }
                return s.rows().size();
            }));
        }
        long n = 0;
        for (Future<Integer> f : done) {
            n += f.get();
        }
        return new long[]{System.nanoTime() - t0, cpuNanos() - cpu0, n};
    }

    // --- 4. end to end --------------------------------------------------------------------------------------

    /** Phase 4 as a whole: preflight to report, verification included. */
    private Phase wholeRun;

    /** "preflight 1.1 s, key-setup 0.2 s, ..." from a report. */
    private static String stages(MigrationReport report) {
        return String.join(", ", report.stages().stream()
                .map(st -> String.format("%s %.1f s", st.stage(), st.millis() / 1e3)).toList());
    }

    private Phase endToEnd(Settings settings, PostgresSource source) throws Exception {
        System.gc();
        resetPeaks();
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        MigrationRun run = new MigrationRun(Command.MIGRATE, settings, source, TargetConnector.from(settings), null,
                false);
        // the copy stage's own CPU time: the run around it (verification re-hashing every row on one thread,
        // finalize, preflight) would otherwise lower the average
        long[] copyStage = new long[4];
        ProgressListener stageClock = new ProgressListener() {
            @Override
            public void runStarted(int tables) {
                copyStage[0] = System.nanoTime();
                copyStage[1] = cpuNanos();
            }

            @Override
            public void runFinished() {
                copyStage[2] = System.nanoTime();
                copyStage[3] = cpuNanos();
            }
        };
        MigrationReport report = new PipelineRuntime().execute(run, stageClock);
        long wall = System.nanoTime() - t0;
        long cpu = cpuNanos() - cpu0;
        if (!"completed".equals(report.status())) {
            throw new IllegalStateException("the end-to-end migration did not complete: " + report.failure());
        }
        deleteFiles("e2e-target");
        long copyMillis = report.stages().stream().filter(s -> s.stage().equals("copy"))
                .mapToLong(StageTiming::millis).sum();
        long written = report.totalRowsWritten();
        say("4. end-to-end run %s: %.1f s in all (preflight, schema, copy %.1f s, finalize, verify), every table "
                + "verified; stages: %s", report.runId(), wall / 1e9, copyMillis / 1e3, stages(report));
        wholeRun = new Phase("4w. whole migrate -> H2", written, wall, cpu, peakHeap());
        say("   the whole run: JVM cores %.2f over %.1f s; the copy stage alone: %.2f", cpu / (double) wall,
                wall / 1e9, (copyStage[3] - copyStage[1]) / (double) (copyStage[2] - copyStage[0]));
        // rows/s and CPU share of the copy stage (reading and writing overlapped)
        return new Phase("4. end-to-end: migrate -> H2", written, copyMillis * 1_000_000L,
                (long) ((copyStage[3] - copyStage[1]) * (copyMillis * 1_000_000.0 / (copyStage[2] - copyStage[0]))),
                peakHeap());
    }

    // --- data -----------------------------------------------------------------------------------------------

    /** Narrow (60%), wide (30%) and keyless (10%) tables of mixed types, loaded with generate_series. */
    private void generate(String url) throws SQLException {
        if (oneTable) {
            generateOneTable(url);
            return;
        }
        long narrow = rows * 6 / 10;
        long wide = rows * 3 / 10;
        long keyless = rows - narrow - wide;
        try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE bench_narrow (id bigint PRIMARY KEY, account_id int NOT NULL,
                        happened_at timestamptz NOT NULL, kind smallint NOT NULL, amount numeric(12,2))""");
            st.execute("""
                    INSERT INTO bench_narrow SELECT g, (g %% 5000)::int, timestamptz '2020-01-01 00:00:00+00'
                        + g * interval '1 second', (g %% 7)::smallint, (g %% 100000) / 100.0
                      FROM generate_series(1, %d) g""".formatted(narrow));
            st.execute("""
                    CREATE TABLE bench_wide (id bigint PRIMARY KEY, name varchar(100) NOT NULL, email text,
                        amount numeric(14,4), ratio double precision, score int, active boolean, born date,
                        updated timestamp, token uuid, payload bytea, note text, attrs jsonb, level real)""");
            st.execute("""
                    INSERT INTO bench_wide SELECT g, 'name ' || g, CASE WHEN g %% 10 = 0 THEN NULL
                        ELSE 'user' || g || '@example.com' END, g * 1.2345, g / 7.0, (g %% 1000)::int, g %% 2 = 0,
                        date '1950-01-01' + (g %% 20000)::int, timestamp '2021-06-01 12:00:00'
                        + g * interval '1 millisecond', md5(g::text)::uuid, decode(md5(g::text), 'hex'),
                        repeat('note ', (g %% 20)::int), jsonb_build_object('n', g, 'tag', 't' || (g %% 50)),
                        (g %% 100) / 3.0
                      FROM generate_series(1, %d) g""".formatted(wide));
            st.execute("CREATE TABLE bench_log (logged_at timestamptz NOT NULL, level text NOT NULL, message text)");
            st.execute("""
                    INSERT INTO bench_log SELECT timestamptz '2022-01-01 00:00:00+00' + g * interval '10 ms',
                        (ARRAY['INFO','WARN','ERROR'])[1 + (g %% 3)::int], 'event ' || g || ' happened'
                      FROM generate_series(1, %d) g""".formatted(keyless));
            st.execute("VACUUM ANALYZE");
        }
    }

    /** One table of 9 mixed columns (the table PERFORMANCE-NOTES.md measured), about 231 bytes a row as COPY text. */
    private void generateOneTable(String url) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE bench_one (id bigint PRIMARY KEY, account_id int NOT NULL, name text NOT NULL,
                        amount numeric(12,2), happened_at timestamptz NOT NULL, active boolean, token uuid,
                        payload bytea, attrs jsonb)""");
            st.execute("""
                    INSERT INTO bench_one SELECT g, (g %% 5000)::int, 'name ' || g || ' ' || repeat('x', (g %% 40)::int),
                        (g %% 100000) / 100.0, timestamptz '2020-01-01 00:00:00+00' + g * interval '1 second',
                        g %% 2 = 0, md5(g::text)::uuid, decode(md5(g::text), 'hex'),
                        jsonb_build_object('n', g, 'tag', 't' || (g %% 50))
                      FROM generate_series(1, %d) g""".formatted(rows));
            st.execute("VACUUM ANALYZE");
        }
    }

    // --- 6. many tables -------------------------------------------------------------------------------------

    /**
     * Phase 6: the same rows once as one table and once spread over many tables shaped like an application's
     * (bigserial key, a foreign key to a shared parent, a unique column, an index, defaults, text, numeric,
     * timestamp and bytea), each migrated whole into a new stand-in; and a tenth of the tables, to show that the
     * connections a run opens do not follow its number of tables.
     */
    private final class ManyTables {
        private final String url;
        private final int count;
        private final int rowsEach;

        ManyTables(String url, int count, int rowsEach) {
            this.url = url;
            this.count = count;
            this.rowsEach = rowsEach;
        }

        /** Rows of table i (1-based): from a quarter to 1.75 times rowsEach, about rowsEach on average. */
        private long rowsOf(int i) {
            long spread = rowsEach * 3L / 2;
            return rowsEach / 4 + (i * 7919L) % (spread + 1);
        }

        void run(Path tunables) throws Exception {
            long t0 = System.nanoTime();
            long total = 0;
            for (int i = 1; i <= count; i++) {
                total += rowsOf(i);
            }
            int tenth = Math.max(1, count / 10);
            long tenthRows = 0;
            for (int i = 1; i <= tenth; i++) {
                tenthRows += rowsOf(i);
            }
            String one = database("bench_one_table");
            String many = database("bench_many_tables");
            String few = database("bench_tenth_tables");
            load(one, List.of(total));
            load(many, java.util.stream.IntStream.rangeClosed(1, count).mapToObj(this::rowsOf).toList());
            load(few, java.util.stream.IntStream.rangeClosed(1, tenth).mapToObj(this::rowsOf).toList());
            say("");
            say("6. many tables: %,d tables of %,d to %,d rows (%,d rows; bigserial key, a foreign key to a shared "
                    + "parent, a unique column, an index, defaults, text, numeric, timestamp, bytea) against the "
                    + "same rows in one table, each migrated whole (preflight to report, every table verified) into "
                    + "a new stand-in; generated in %.0f s", count, rowsEach / 4, rowsEach / 4 + rowsEach * 3 / 2, total,
                    (System.nanoTime() - t0) / 1e9);
            // the tenth first: it also warms the JIT up for the two migrations compared
            Migrated c = migrate(String.format("6c. %,d tables", tenth), few, tunables);
            Migrated a = migrate("6a. one table", one, tunables);
            Migrated b = migrate(String.format("6b. %,d tables", count), many, tunables);
            int workers = a.workers;
            double ratio = b.rowsPerSecond() / a.rowsPerSecond();
            double overheadMs = (b.seconds - a.seconds) * 1000 / count;
            say("");
            say("Results of phase 6 (%d workers, copy.parallelTables):", workers);
            for (Migrated m : List.of(a, b, c)) {
                say("%-42s %,12.0f rows/s  (%,d rows, %,d tables in %.1f s: %s; connections opened: %d to the "
                        + "source, %d to the target; peak heap %d MB)", m.name, m.rowsPerSecond(), m.rows, m.tables,
                        m.seconds, m.stages, m.sourceConnections, m.targetConnections, m.peakHeap >> 20);
            }
            say("%-42s %.2f of one table's rows/s, goal >= 0.50 %s", "many tables ÷ one table:", ratio,
                    ratio >= 0.5 ? "MET" : "MISSED");
            say("%-42s %.1f ms a table ((6b - 6a) / %,d tables), goal < 10 ms %s", "per-table overhead:", overheadMs,
                    count, overheadMs < 10 ? "MET" : "MISSED");
            say("%-42s %.1f s preflight to report, every table verified: %s; goal < 15 s for 1,000 tables of about "
                    + "200 rows %s", String.format("%,d tables:", count), b.seconds, b.allVerified ? "yes" : "NO",
                    count >= 1000 && rowsEach <= 200 ? (b.seconds < 15 && b.allVerified ? "MET" : "MISSED")
                            : "(not this size)");
            boolean flat = b.sourceConnections == c.sourceConnections && b.targetConnections == c.targetConnections;
            say("%-42s %d + %d with %,d tables, %d + %d with %,d: %s", "connections (source + target):",
                    b.sourceConnections, b.targetConnections, count, c.sourceConnections, c.targetConnections, tenth,
                    flat ? "the same, goal (no growth with the number of tables) MET"
                            : "they differ, goal (no growth with the number of tables) MISSED");
        }

        private String database(String name) throws SQLException {
            try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
                 Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + name);
                st.execute("CREATE DATABASE " + name);
            }
            return url.substring(0, url.lastIndexOf('/') + 1) + name;
        }

        /** A shared parent and one table per entry of {@code rowsPerTable}. */
        private void load(String db, List<Long> rowsPerTable) throws SQLException {
            try (Connection c = java.sql.DriverManager.getConnection(db, "postgres", "");
                 Statement st = c.createStatement()) {
                st.execute("CREATE TABLE parent (id bigserial PRIMARY KEY, name text NOT NULL)");
                st.execute("INSERT INTO parent (name) SELECT 'parent ' || g FROM generate_series(1, 100) g");
                StringBuilder sizes = new StringBuilder();
                for (long n : rowsPerTable) {
                    sizes.append(sizes.length() == 0 ? "" : ",").append(n);
                }
                st.execute("""
                        DO $$
                        DECLARE sizes bigint[] := ARRAY[%s]; t text;
                        BEGIN
                          FOR i IN 1 .. array_length(sizes, 1) LOOP
                            t := format('item_%%s', lpad(i::text, 5, '0'));
                            EXECUTE format('CREATE TABLE %%I (id bigserial PRIMARY KEY, parent_id bigint NOT NULL
                                REFERENCES parent (id), code text NOT NULL UNIQUE, label text NOT NULL DEFAULT ''item'',
                                amount numeric(12,2) DEFAULT 0, created_at timestamp NOT NULL DEFAULT now(),
                                payload bytea)', t);
                            EXECUTE format('CREATE INDEX %%I ON %%I (parent_id)', t || '_parent_idx', t);
                            EXECUTE format('INSERT INTO %%I (parent_id, code, label, amount, created_at, payload)
                                SELECT 1 + g %%%% 100, ''code-'' || g, ''label '' || g, g * 1.25,
                                timestamp ''2024-01-01'' + g * interval ''1 minute'', decode(md5(g::text), ''hex'')
                                FROM generate_series(1, %%s) g', t, sizes[i]);
                            IF i %% 100 = 0 THEN
                              COMMIT; -- a transaction per 100 tables: PostgreSQL's lock table holds a few thousand
                            END IF;
                          END LOOP;
                        END $$""".formatted(sizes));
                st.execute("VACUUM ANALYZE");
            }
        }

        private Migrated migrate(String name, String db, Path tunables) throws Exception {
            Settings settings = settings(db, tunables, dir.resolve("many-target"));
            PostgresSource source = new PostgresSource(db, "postgres", "");
            TargetConnector target = TargetConnector.from(settings);
            System.gc();
            resetPeaks();
            long t0 = System.nanoTime();
            MigrationReport report = new PipelineRuntime().execute(
                    new MigrationRun(Command.MIGRATE, settings, source, target, null, false), ProgressListener.NONE);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!"completed".equals(report.status())) {
                throw new IllegalStateException(name + ": the migration did not complete: " + report.failure());
            }
            Migrated m = new Migrated(name, report.totalRowsWritten(), report.tables().size(), seconds,
                    stages(report), source.connectionsOpened(), target.connectionsOpened(), peakHeap(),
                    report.allVerified(), settings.getInt(SettingKeys.PARALLEL_TABLES, 1, 64));
            deleteFiles("many-target");
            say("%s: %,d tables, %,d rows in %.1f s (%s)", name, m.tables, m.rows, seconds, m.stages);
            return m;
        }
    }

    /** One migration of phase 6. */
    private record Migrated(String name, long rows, int tables, double seconds, String stages, long sourceConnections,
                            long targetConnections, long peakHeap, boolean allVerified, int workers) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private Settings settings(String url, Path tunables, Path target) throws IOException {
        Path conf = dir.resolve(target.getFileName() + ".conf");
        Files.writeString(conf, SettingKeys.SOURCE_URL + "=" + url + "\n" + SettingKeys.SOURCE_USER + "=postgres\n"
                + SettingKeys.TARGET_URL + "=jdbc:h2:file:" + target.toString().replace("\\", "\\\\")
                + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE\n" + SettingKeys.TARGET_USER + "=sa\n"
                + SettingKeys.REPORTS_DIR + "=" + dir.resolve("reports").toString().replace("\\", "\\\\") + "\n");
        return Settings.load(conf, tunables, sets, Map.of());
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private interface ChunkTask {
        long run(Work w) throws Exception;
    }

    /** Runs the chunks in order on {@code workers} threads (as the copy route does) and sums their rows. */
    private static long parallel(List<Work> chunks, int workers, ChunkTask task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (Work w : chunks) {
                results.add(pool.submit(() -> task.run(w)));
            }
            long n = 0;
            for (Future<Long> f : results) {
                n += f.get();
            }
            return n;
        } finally {
            pool.shutdown();
        }
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Samples the heap every 5 ms: the most heap in use (garbage included) since the last reset and in the whole
     * run (warm-up and comparison phases included), and for the whole run the old generation's largest usage after
     * a collection (an upper bound of the live set: a young collection leaves promoted garbage in it).
     */
    private static final class HeapSampler {
        private final AtomicLong maxUsed = new AtomicLong();
        private final AtomicLong maxUsedInRun = new AtomicLong();
        private final AtomicLong maxLive = new AtomicLong();
        private final Thread thread;

        HeapSampler() {
            thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    sample();
                    java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void sample() {
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            maxUsed.accumulateAndGet(used, Math::max);
            maxUsedInRun.accumulateAndGet(used, Math::max);
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null
                        && p.getName().toLowerCase(java.util.Locale.ROOT).contains("old")) {
                    maxLive.accumulateAndGet(p.getCollectionUsage().getUsed(), Math::max);
                }
            }
        }

        void reset() {
            maxUsed.set(0); // the run's maxima are kept
        }
    }

    private final HeapSampler heap = new HeapSampler();

    private void resetPeaks() {
        heap.reset();
    }

    /** The most heap in use since the last reset (sampled). */
    private long peakHeap() {
        heap.sample();
        return heap.maxUsed.get();
    }

    private long peakLive() {
        return heap.maxLive.get();
    }

    private void say(String format, Object... args) {
        String line = args.length == 0 ? format : String.format(format, args);
        lines.add(line);
        out.println(line);
    }

    /** Deletes the H2 files of a target once measured (they hold millions of rows). */
    private void deleteFiles(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith(prefix + ".")).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
