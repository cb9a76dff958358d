package migratedb.copy;

import migratedb.model.TargetTable;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One table of a run on its way through the copy routes. Its chunks may be copied by several workers at once. */
public final class TableJob {
    private final TargetTable table;
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicInteger chunksLeft = new AtomicInteger();
    private final AtomicLong startedNanos = new AtomicLong();
    /** The chunks planned in this run's snapshot; null when the table was not planned (all of it was committed). */
    private volatile ChunkPlanner.TablePlan planned;

    public TableJob(TargetTable table) {
        this.table = table;
    }

    public TargetTable table() {
        return table;
    }

    public String name() {
        return table.sourceName();
    }

    List<String> columnNames() {
        return table.columns().stream().map(migratedb.model.TargetColumn::name).toList();
    }

    void planned(ChunkPlanner.TablePlan plan) {
        this.planned = plan;
    }

    ChunkPlanner.TablePlan planned() {
        return planned;
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
