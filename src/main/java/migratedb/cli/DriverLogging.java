package migratedb.cli;

import migratedb.config.SecretRedactor;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The JDBC drivers log through java.util.logging, whose default handler prints WARNING lines on the console
 * (mssql-jdbc's "Prelogin error" beside MigrateDB's own one-paragraph failure). Their records go to the route log
 * instead, at INFO: the failure itself reaches the console once, in MigrateDB's words and with its solution.
 */
final class DriverLogging {
    /** Held here: java.util.logging keeps its loggers weakly, and a collected logger would lose its handler. */
    private static final List<Logger> DRIVERS = List.of(Logger.getLogger("com.microsoft.sqlserver.jdbc"),
            Logger.getLogger("org.postgresql"));

    private DriverLogging() {
    }

    /** Sends the drivers' records to the route log; calling it again changes nothing. */
    static void toRouteLog() {
        for (Logger driver : DRIVERS) {
            synchronized (driver) {
                if (Arrays.stream(driver.getHandlers()).noneMatch(h -> h instanceof ToRouteLog)) {
                    driver.setUseParentHandlers(false);
                    driver.addHandler(new ToRouteLog());
                }
            }
        }
    }

    /** One record of a driver, as a line of logs/migration.log (secrets masked, as in every line). */
    static final class ToRouteLog extends Handler {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            if (record == null || record.getLevel().intValue() < Level.INFO.intValue()) {
                return;
            }
            String text = SecretRedactor.standard().redact(formatter.formatMessage(record));
            LoggerFactory.getLogger(record.getLoggerName() == null ? "driver" : record.getLoggerName())
                    .info("driver {}: {}", record.getLevel(), text);
        }

        @Override
        public void flush() {
            // the route log flushes itself
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
