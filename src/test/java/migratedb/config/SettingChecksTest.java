package migratedb.config;

import migratedb.route.PipelineRuntime;
import migratedb.troubleshoot.MigrationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules every command checks at load are the ones the run applies, and the set-up's host answers follow them. */
class SettingChecksTest {
    private static final List<String> PROBES = List.of("-5", "0", "1", "9", "10", "11", "64", "65", "100", "101",
            "999", "1000", "1000000", "1000001", "3600000", "3600001", "1.5", "10.5", "abc", "", "fail", "skip",
            "copy", "cursor", "maybe");

    @Test
    void everyTunableTheRunReadsIsRefusedAtLoadExactlyWhenTheRunWouldRefuseIt() {
        for (String key : List.of(SettingKeys.BATCH_SIZE, SettingKeys.FETCH_SIZE, SettingKeys.CHUNK_ROWS,
                SettingKeys.PARALLEL_TABLES, SettingKeys.THROTTLE_BATCHES_PER_SECOND,
                SettingKeys.THROTTLE_ROWS_PER_SECOND, SettingKeys.RETRY_MAX, SettingKeys.RETRY_DELAY_MS,
                SettingKeys.RETRY_MULTIPLIER, SettingKeys.RETRY_MAX_DELAY_MS, SettingKeys.REJECT_MAX,
                SettingKeys.REJECT_POLICY, SettingKeys.SOURCE_READER)) {
            assertTrue(SettingChecks.checks(key), key);
            for (String value : PROBES) {
                boolean runRefuses;
                try {
                    PipelineRuntime.options(Settings.of(Map.of(key, value)));
                    runRefuses = false;
                } catch (MigrationException e) {
                    runRefuses = true;
                }
                assertEquals(runRefuses, SettingChecks.problem(key, value).isPresent(), key + "=" + value);
            }
        }
    }

    @Test
    void hostAnswersAreCheckedAsTheyAreTyped() {
        for (String ok : List.of("sqlhost", "sql01.corp.example.com:14330", "sqlhost\\AMP", "sqlhost\\AMP:1500",
                "10.0.0.5", "[fe80::1]:1433", "fe80::1", "my_host")) {
            assertEquals(Optional.empty(), SettingChecks.problem(SettingKeys.TARGET_HOST, ok), ok);
        }
        assertEquals(Optional.empty(), SettingChecks.problem(SettingKeys.TARGET_HOST, ""), "target.url replaces it");
        for (String bad : List.of("sqlhost:14x33", "sqlhost:0", "sqlhost:70000", "sql host",
                "jdbc:sqlserver://h", "sqlhost\\bad name")) {
            assertTrue(SettingChecks.problem(SettingKeys.TARGET_HOST, bad).isPresent(), bad);
        }
        assertTrue(SettingChecks.problem(SettingKeys.TARGET_HOST, "sqlhost:14x33").orElseThrow().contains("14x33"));
    }
}
