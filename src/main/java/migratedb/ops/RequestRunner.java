package migratedb.ops;

/**
 * Runs one request the way the command line runs the same command (the CLI supplies it, see
 * {@code migratedb.cli.RequestDispatch}), so a request from the inbox and a command typed by hand behave the same.
 */
@FunctionalInterface
public interface RequestRunner {
    /** Runs the request to its end; a refusal or failure is a MigrationException or an outcome with a failure. */
    RequestOutcome run(Request request) throws Exception;
}
