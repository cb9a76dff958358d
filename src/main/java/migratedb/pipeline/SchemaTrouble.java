package migratedb.pipeline;

import migratedb.troubleshoot.Trouble;
import migratedb.troubleshoot.TroubleText;

/** Failures while creating or finalizing the target schema. */
public enum SchemaTrouble implements Trouble {
    DDL_FAILED(
            "The target refused a {phase} statement: {reason}",
            "The statement was: {statement}",
            "The run stopped during the {phase} phase. Tables created so far stay; with 'resume' the phase is "
                    + "retried and objects already present are kept.",
            "Check the login's permissions (CREATE TABLE, ALTER) and the statement; './run.sh migrate --dry-run' "
                    + "writes the whole script for review."),
    ;

    private final TroubleText text;

    SchemaTrouble(String error, String cause, String effect, String solution) {
        this.text = new TroubleText(error, cause, effect, solution);
    }

    @Override
    public TroubleText text() {
        return text;
    }
}
