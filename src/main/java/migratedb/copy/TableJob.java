package migratedb.copy;

import migratedb.model.TargetTable;
import migratedb.pipeline.MigrationRun;

import java.util.concurrent.atomic.AtomicLong;

/** One table of a run on its way through the copy routes. */
public final class TableJob {
    private final MigrationRun run;
    private final TargetTable table;
    private final AtomicLong rejected = new AtomicLong();
    private final long startedNanos = System.nanoTime();

    public TableJob(MigrationRun run, TargetTable table) {
        this.run = run;
        this.table = table;
    }

    public MigrationRun run() {
        return run;
    }

    public TargetTable table() {
        return table;
    }

    public String name() {
        return table.sourceName();
    }

    AtomicLong rejected() {
        return rejected;
    }

    long elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
