package migratedb.pipeline;

import migratedb.sink.DdlFailure;
import migratedb.troubleshoot.Trouble;
import migratedb.troubleshoot.TroubleText;

/**
 * Failures while creating or finalizing the target schema, one entry per kind of refusal ({@link DdlFailure.Kind}):
 * the target's own error decides, so only a permission error talks about permissions.
 */
public enum SchemaTrouble implements Trouble {
    DDL_FAILED(
            "The target refused a {phase} statement: {reason}",
            "The statement was: {statement}",
            "The run stopped during the {phase} phase. Tables created so far stay; with 'resume' the phase is "
                    + "retried and objects already present are kept.",
            "Read the target's reason above and the statement; './run.sh migrate --dry-run' writes the whole script "
                    + "for review, and logs/troubleshooting.log holds the complete error."),
    DDL_DUPLICATE_KEY(
            "The target cannot build a unique key in the {phase} phase: rows that are distinct in PostgreSQL have "
                    + "equal keys there {values}.",
            "The target compares text under its collation (case-insensitively by default) and ignores trailing "
                    + "spaces under every collation, so these keys are equal in SQL Server. The assessment's "
                    + "collation-duplicate and trailing-space-duplicate checks find such keys before the copy; these "
                    + "got past them (the database's collation differs from target.collation, or a difference the "
                    + "checks do not model, such as width or kana). The statement was: {statement}",
            "The run stopped in the {phase} phase: the rows copied so far are in the target, the key is not. With "
                    + "'resume' the phase is retried, and fails again until the data changes.",
            "Set target.collation to the database's collation and run './run.sh assess': it names the rows. Make "
                    + "their values distinct in PostgreSQL and migrate into an empty database, or, for a case or accent "
                    + "collision, allow collation-duplicate so the key's columns get a binary collation. The target "
                    + "said: {reason}"),
    DDL_CONSTRAINT_CONFLICT(
            "The target refused a {phase} statement: rows already in the table conflict with {detail}.",
            "Foreign keys and CHECK constraints are created WITH CHECK after the copy, and the target checks every "
                    + "row. PostgreSQL held the rows valid, so the rule compares differently in SQL Server (text under "
                    + "the target's collation, trailing spaces ignored, or a translated CHECK expression); no "
                    + "assessment check covers this. The statement was: {statement}",
            "The run stopped in the {phase} phase: the rows are in the target, the constraint is not.",
            "Find the rows the statement's condition refuses (the target said: {reason}); fix them in PostgreSQL and "
                    + "migrate into an empty database, or create the constraint yourself WITH NOCHECK after reviewing "
                    + "them. './run.sh migrate --dry-run' writes the whole script."),
    DDL_CASCADE_PATHS(
            "The target refused a foreign key in the {phase} phase: its cascade forms a cycle or a second path to a "
                    + "table (SQL Server error 1785).",
            "SQL Server allows one cascade path between two tables and no cycles. The assessment's cascade-path check "
                    + "creates such keys with NO ACTION; this one got past it (the keys' order in SQL Server differs "
                    + "from the check's replay). The statement was: {statement}",
            "The run stopped in the {phase} phase: the rows are in the target, the foreign key is not.",
            "Create the key with ON DELETE NO ACTION ON UPDATE NO ACTION and do the cascade in a trigger, or change "
                    + "the action in PostgreSQL. The target said: {reason}"),
    DDL_OBJECT_EXISTS(
            "The target refused a {phase} statement: the object it creates exists already.",
            "The target database holds an object of that name: a table left by an earlier run, or two source "
                    + "objects whose names are equal once case is ignored (the assessment's name-collision). The "
                    + "statement was: {statement}",
            "The run stopped during the {phase} phase. Tables created so far stay.",
            "Migrate into an empty database, or continue the earlier run with './run.sh resume' (which keeps the "
                    + "objects already present). The target said: {reason}"),
    DDL_PERMISSION_DENIED(
            "The target refused a {phase} statement: the login lacks a permission.",
            "The login may not create or alter this object. The statement was: {statement}",
            "The run stopped during the {phase} phase. Tables created so far stay; with 'resume' the phase is "
                    + "retried and objects already present are kept.",
            "Run './run.sh test': it lists every permission the migration needs that is missing, with the GRANT that "
                    + "fixes it. The target said: {reason}"),
    ;

    private final TroubleText text;

    SchemaTrouble(String error, String cause, String effect, String solution) {
        this.text = new TroubleText(error, cause, effect, solution);
    }

    @Override
    public TroubleText text() {
        return text;
    }

    /** The entry for a refused statement of the given kind. */
    static SchemaTrouble of(DdlFailure.Kind kind) {
        return switch (kind) {
            case DUPLICATE_KEY -> DDL_DUPLICATE_KEY;
            case CONSTRAINT_CONFLICT -> DDL_CONSTRAINT_CONFLICT;
            case CASCADE_PATHS -> DDL_CASCADE_PATHS;
            case ALREADY_EXISTS -> DDL_OBJECT_EXISTS;
            case PERMISSION_DENIED -> DDL_PERMISSION_DENIED;
            case OTHER -> DDL_FAILED;
        };
    }
}
