package migratedb.assess;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** assessment.md: what stops the migration first; an allowed blocking finding stops nothing and sits with the warnings. */
class AssessmentWriterTest {
    @Test
    void anAllowedBlockingFindingIsListedWithTheWarnings() {
        Finding stops = Finding.of(FindingKind.COLLATION_DUPLICATE, "public.users", "login", 2,
                List.of("'Anna' = 'anna'"), "d1");
        Finding allowed = Finding.of(FindingKind.CASCADE_PATH, "public.a", "fk", 1, List.of(), "d2").allow(true);
        Finding warning = Finding.of(FindingKind.LOSSY_TYPE, "public.t", "c", 1, List.of(), "d3");
        Assessment a = new Assessment("r", Instant.EPOCH, "src", "PostgreSQL 16.10", "tgt", "SQL_Latin1_General_CP1_CI_AS",
                List.of("cascade-path"), List.of(stops, allowed, warning), List.of(), List.of());

        String md = AssessmentWriter.markdown(a);

        String blocking = md.substring(md.indexOf("## Blocking findings"), md.indexOf("## Warnings"));
        String warnings = md.substring(md.indexOf("## Warnings"), md.indexOf("## Objects"));
        assertTrue(blocking.contains("## Blocking findings (1)") && blocking.contains("collation-duplicate"), md);
        assertFalse(blocking.contains("cascade-path"), md);
        assertTrue(warnings.contains("`cascade-path` (blocking, allowed)") && warnings.contains("lossy-type"), md);
        assertTrue(md.contains("`set.assess.allow=...` in a request file"), md);
    }
}
