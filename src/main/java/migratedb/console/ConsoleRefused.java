package migratedb.console;

/** A request the console turns down: its HTTP status and what to do, said to the page or the script. */
final class ConsoleRefused extends RuntimeException {
    private final int status;

    ConsoleRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
