package migratedb.pipeline;

import migratedb.model.TargetTable;
import migratedb.report.TableResult;
import migratedb.source.postgres.PostgresActivity;
import migratedb.troubleshoot.MigrationException;
import migratedb.verify.TableVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Verifies every table: target re-read and hashed per chunk against the checksums recorded at copy time, row
 * counts reconciled with the source ({@code read = written + rejected}, {@code source = read}).
 */
public final class VerifyStage {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.verify");

    public MigrationRun verify(MigrationRun run) {
        TableVerifier verifier = new TableVerifier(run.target().dialect(), run.checkpoints());
        try (Connection target = PreflightStage.connectTarget(run);
             Connection source = PreflightStage.connectSource(run);
             var abort = run.stopRequest().abortOnStop(target, source)) { // a stop ends a long table read
            for (TargetTable t : run.plan().tables()) {
                run.stopRequest().throwIfRequested("the verification of " + t.sourceName());
                MDC.put("table", t.sourceName());
                try {
                    TableVerifier.Outcome o = verifier.verify(target, run.runId(), t);
                    long sourceRows = run.sourceRows(t.sourceName());
                    if (sourceRows < 0) {
                        sourceRows = PostgresActivity.rowCount(source, t.source().schema(), t.source().name());
                    }
                    var mismatches = new java.util.ArrayList<>(o.mismatches());
                    if (o.rowsRead() != sourceRows) {
                        mismatches.add(o.rowsRead() + " rows were read but the source has " + sourceRows);
                    }
                    boolean verified = o.allChunksDone() && mismatches.isEmpty();
                    run.result(new TableResult(t.sourceName(), t.schema() + "." + t.name(), sourceRows, o.rowsRead(),
                            o.rowsWritten(), o.rowsRejected(), o.targetRows(), o.copied().text(), o.found().text(),
                            verified, mismatches, run.copyMillis(t.sourceName()), o.chunks()));
                    if (verified) {
                        LOG.info("Verified {}: {} rows, checksum {}", t.sourceName(), o.targetRows(), o.found());
                    } else {
                        MigrationException m = new MigrationException(migratedb.verify.VerifyTrouble.CHECKSUM_MISMATCH,
                                Map.of("table", t.sourceName(), "mismatches", String.join("; ", mismatches)));
                        run.warn(m.getMessage());
                        LOG.error("Verification failed for {}: {}", t.sourceName(), mismatches);
                        run.notVerified(m);
                    }
                } finally {
                    MDC.remove("table");
                }
            }
        } catch (SQLException e) {
            throw new MigrationException(PreflightTrouble.TARGET_UNREACHABLE,
                    Map.of("url", run.target().displayUrl(), "reason", e.getMessage()), e);
        }
        return run;
    }
}
