package migratedb.cli;

import migratedb.config.Home;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The drivers' java.util.logging warnings (mssql-jdbc's "Prelogin error") reach the route log, not the console. */
class DriverLoggingTest {
    @Test
    void aDriverWarningGoesToTheRouteLogAndNeverToTheConsolesHandler() throws Exception {
        List<LogRecord> console = new ArrayList<>();
        Handler consoleStandIn = new Handler() {
            @Override
            public void publish(LogRecord r) {
                console.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(consoleStandIn); // where the JVM's ConsoleHandler sits
        try {
            MigrateDbCli.run("--version"); // any command line installs it
            String marker = "Prelogin error: host sql01 port 1433 " + UUID.randomUUID();

            Logger.getLogger("com.microsoft.sqlserver.jdbc.internals.TDS.Channel").log(Level.WARNING, marker);

            assertEquals(List.of(), console.stream().map(LogRecord::getMessage).toList(), "nothing on the console");
            String log = Files.readString(Home.logs().resolve("migration.log"));
            assertTrue(log.contains("driver WARNING: " + marker), "in the route log");
        } finally {
            root.removeHandler(consoleStandIn);
        }
    }
}
