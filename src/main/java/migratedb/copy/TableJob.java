package migratedb.copy;

import migratedb.model.TargetTable;
import migratedb.pipeline.MigrationRun;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One table of a run on its way through the copy routes. Its chunks may be copied by several workers at once. */
public final class TableJob {
    private final MigrationRun run;
    private final TargetTable table;
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicInteger chunksLeft = new AtomicInteger();
    private final AtomicLong startedNanos = new AtomicLong();

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

    /** Rows rejected and committed so far, including those of chunks committed before a resume. */
    AtomicLong rejected() {
        return rejected;
    }

    /** Sets what earlier attempts of the run already committed, and how many chunks remain. */
    void resumeFrom(long rejectedBefore, int chunksToCopy) {
        rejected.set(rejectedBefore);
        chunksLeft.set(chunksToCopy);
    }

    /** The first worker that opens a chunk of this table starts its clock. */
    void markStarted() {
        startedNanos.compareAndSet(0, System.nanoTime());
    }

    /** Counts a committed chunk; true for the table's last one. */
    boolean chunkFinished() {
        return chunksLeft.decrementAndGet() == 0;
    }

    long elapsedMillis() {
        long start = startedNanos.get();
        return start == 0 ? 0 : (System.nanoTime() - start) / 1_000_000;
    }
}
