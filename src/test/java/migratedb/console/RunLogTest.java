package migratedb.console;

import migratedb.config.Secret;
import migratedb.route.LogContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The status textbox takes the route log's lines of the console's own run: a line of another run of the process (the
 * inbox's) stays out, a line before the run has its id is kept, secrets are masked, and nothing is taken between jobs.
 */
class RunLogTest {
    private static final Logger ROUTE_LOG = LoggerFactory.getLogger("migratedb.copy");
    private final RunLog log = RunLog.attach();

    @AfterEach
    void detach() {
        log.detach();
        MDC.clear();
    }

    @Test
    void onlyTheLinesOfThisRunEnterTheTextboxWithItsSecretsMasked() {
        ROUTE_LOG.info("before the job");
        log.begin(List.of(Secret.of("Canary-RunLog-77ab")));
        MDC.put(LogContext.RUN, "20261203-100000-aaaa");
        ROUTE_LOG.info("starting the bundled PostgreSQL");
        log.run("20261203-100000-aaaa");
        MDC.put(LogContext.STAGE, "copy");
        ROUTE_LOG.info("Committed chunk 1, Canary-RunLog-77ab quoted by a driver");
        MDC.put(LogContext.RUN, "20261203-100001-bbbb");
        ROUTE_LOG.info("a run of the inbox");
        MDC.remove(LogContext.RUN);
        MDC.remove(LogContext.STAGE);
        log.console("Run 20261203-100000-aaaa completed.");
        log.end();
        ROUTE_LOG.info("after the job");

        List<RunLog.Line> lines = log.after(0);
        assertEquals(List.of("starting the bundled PostgreSQL", "Committed chunk 1, " + Secret.MASK + " quoted by a driver",
                "Run 20261203-100000-aaaa completed."), lines.stream().map(RunLog.Line::text).toList(),
                lines.toString());
        assertEquals("copy", lines.get(1).stage());
        assertEquals("OUT", lines.get(2).level());
        assertEquals(List.of(lines.get(2)), log.after(lines.get(1).seq()), "only what the page has not seen");
    }
}
