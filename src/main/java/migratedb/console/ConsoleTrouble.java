package migratedb.console;

import migratedb.troubleshoot.Trouble;
import migratedb.troubleshoot.TroubleText;

/** Failures of the migration window (./run.sh console) itself. */
public enum ConsoleTrouble implements Trouble {
    CONSOLE_PORT_UNAVAILABLE(
            "The console cannot listen on 127.0.0.1:{port}: {reason}",
            "Another program (or another console) listens on that port, or the port is not one this account may "
                    + "open.",
            "The console did not start; nothing else was done.",
            "Start it on another port: './run.sh console --port 8751' (or --port 0 for any free one), or end the "
                    + "program that holds the port."),
    ;

    private final TroubleText text;

    ConsoleTrouble(String error, String cause, String effect, String solution) {
        this.text = new TroubleText(error, cause, effect, solution);
    }

    @Override
    public TroubleText text() {
        return text;
    }
}
