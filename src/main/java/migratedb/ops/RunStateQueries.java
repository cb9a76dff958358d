package migratedb.ops;

import migratedb.report.TableProgress;
import migratedb.sink.TargetDialect;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run-state queries behind {@code status} and the report of a run that did not finish, for the run-state
 * routes' {@code jdbc:} endpoint: each step puts a query (from a .sql resource, the tables named through the
 * dialect) into the body and its parameters into headers, or turns the rows the endpoint returned into records.
 */
public final class RunStateQueries {
    /** Header (and named query parameter {@code :?runId}) holding the run whose chunks are asked for. */
    public static final String RUN_ID = "runId";
    /** Header (and named query parameter {@code :?schema}) holding the target schema of the run state. */
    public static final String SCHEMA = "schema";

    private final String schema;
    private final String runTable;
    private final String chunkTable;

    public RunStateQueries(TargetDialect dialect, String schema) {
        this.schema = schema;
        this.runTable = dialect.qualify(schema, TargetDialect.RUN_TABLE);
        this.chunkTable = dialect.qualify(schema, TargetDialect.CHUNK_TABLE);
    }

    /** A run as the target records it. */
    public record RunRow(String runId, String status, Instant startedAt, Instant finishedAt) {
    }

    /** Whether the target holds MigrateDB's run state tables (a target never migrated into holds none). */
    public String presence(Exchange exchange) {
        exchange.getMessage().setHeader(SCHEMA, schema);
        return sql("run-state-present.sql");
    }

    public boolean present(List<Map<String, Object>> rows) {
        return !rows.isEmpty() && number(row(rows.get(0)).get("tables_found")) == 2;
    }

    /** Every run of the target, the most recently started first. */
    public String runs() {
        return sql("run-state-runs.sql");
    }

    public List<RunRow> toRuns(List<Map<String, Object>> rows) {
        List<RunRow> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Map<String, Object> row = row(r);
            out.add(new RunRow(String.valueOf(row.get("run_id")), String.valueOf(row.get("status")),
                    instant(row.get("started_at")), instant(row.get("finished_at"))));
        }
        return out;
    }

    public List<RunRow> noRuns() {
        return List.of();
    }

    public List<TableProgress> noProgress() {
        return List.of();
    }

    /** Chunks planned and committed, and committed rows, per table of the run in the {@link #RUN_ID} header. */
    public String progress() {
        return sql("run-state-progress.sql");
    }

    public List<TableProgress> toProgress(List<Map<String, Object>> rows) {
        List<TableProgress> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            Map<String, Object> row = row(r);
            out.add(new TableProgress(String.valueOf(row.get("table_name")), (int) number(row.get("chunks")),
                    (int) number(row.get("chunks_done")), number(row.get("rows_written")),
                    number(row.get("rows_rejected"))));
        }
        return out;
    }

    /** Column labels come back in the case the driver likes; the queries name them in lower case. */
    private static Map<String, Object> row(Map<String, Object> r) {
        Map<String, Object> row = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        row.putAll(r);
        return row;
    }

    private static long number(Object v) {
        return v instanceof Number n ? n.longValue() : 0;
    }

    private static Instant instant(Object v) {
        if (v instanceof Timestamp t) {
            return t.toInstant();
        }
        if (v instanceof java.time.LocalDateTime l) {
            return Timestamp.valueOf(l).toInstant(); // written as a Timestamp in the same (UTC) zone
        }
        if (v instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return null;
    }

    private String sql(String resource) {
        try (InputStream in = RunStateQueries.class.getResourceAsStream("/migratedb/ops/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim()
                    .replace("{run}", runTable).replace("{chunk}", chunkTable);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
