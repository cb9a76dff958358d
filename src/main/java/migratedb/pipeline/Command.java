package migratedb.pipeline;

/** What a run does. */
public enum Command {
    /** Full migration into an empty target. */
    MIGRATE,
    /** Continue the last unfinished migration from its checkpoints. */
    RESUME,
    /** Re-verify a finished run's tables against their checkpoints. */
    VERIFY;

    public String label() {
        return name().toLowerCase();
    }
}
