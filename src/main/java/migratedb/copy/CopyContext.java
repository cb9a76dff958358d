package migratedb.copy;

import migratedb.lifecycle.StopRequest;
import migratedb.model.TargetTable;
import migratedb.sink.TargetDialect;
import migratedb.sink.TargetPool;
import migratedb.source.postgres.SourceSnapshot;

import java.util.List;

/**
 * What the copy engine works with, and nothing more: the layer below the pipeline receives these, never the
 * pipeline's run. The pipeline builds it from its run; import-excluded and the benchmark build their own.
 *
 * @param runId       the run whose checkpoints are read and written
 * @param tables      the tables to copy
 * @param tunables    chunk and batch sizes, reader, reject policy
 * @param source      the source snapshot and its worker sessions (null when rows come from elsewhere, e.g. a file)
 * @param target      the run's target connections and the dialect that speaks to them
 * @param checkpoints the run state in the target (chunks planned and committed)
 * @param rejects     where refused rows are listed
 * @param stopRequest made when the run is asked to stop: no new chunk starts, a chunk in flight stops
 * @param progress    told about rows and tables as they are copied
 * @param results     told what was counted, timed and verified
 */
public record CopyContext(String runId, List<TargetTable> tables, CopyTunables tunables, SourceSnapshot source,
                          TargetPool target, CheckpointStore checkpoints, RejectWriter rejects,
                          StopRequest stopRequest, ProgressListener progress, CopyResults results) {
    public CopyContext {
        tables = List.copyOf(tables);
    }

    public TargetDialect dialect() {
        return target.dialect();
    }
}
