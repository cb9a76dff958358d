package migratedb.pipeline;

import migratedb.troubleshoot.Trouble;

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

    private final String error;
    private final String cause;
    private final String effect;
    private final String solution;

    SchemaTrouble(String error, String cause, String effect, String solution) {
        this.error = error;
        this.cause = cause;
        this.effect = effect;
        this.solution = solution;
    }

    @Override
    public String code() {
        return name();
    }

    @Override
    public String error() {
        return error;
    }

    @Override
    public String cause() {
        return cause;
    }

    @Override
    public String effect() {
        return effect;
    }

    @Override
    public String solution() {
        return solution;
    }
}
