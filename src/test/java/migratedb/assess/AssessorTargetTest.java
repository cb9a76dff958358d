package migratedb.assess;

import migratedb.mapping.MappingTrouble;
import migratedb.mapping.SchemaPlan;
import migratedb.model.Catalog;
import migratedb.sink.h2.H2Dialect;
import migratedb.troubleshoot.TroubleshootingCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The target checks: a database that is not empty, and one whose collation is not the configured one. */
class AssessorTargetTest {
    @TempDir
    Path dir;

    /** The stand-in, answering the collation question as a SQL Server created with another collation would. */
    static final class OtherCollation extends H2Dialect {
        OtherCollation() {
            super(new migratedb.sink.h2.H2KeyManagement(new migratedb.sink.KeyNames("PassTrix", "", "")));
        }

        @Override
        public String collationQuery() {
            return "SELECT 'Latin1_General_100_CS_AS_SC_UTF8'";
        }
    }

    @Test
    void aTargetWithTablesAndAnotherCollationIsBlocking() throws Exception {
        SchemaPlan empty = new SchemaPlan(List.of(), List.of(), List.of(), List.of(), List.of());
        Catalog catalog = new Catalog("db", "16", List.of(), List.of(), List.of());
        try (Connection target = DriverManager.getConnection("jdbc:h2:" + dir.resolve("t")
                + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE", "sa", "");
             Statement st = target.createStatement()) {
            st.execute("CREATE SCHEMA dbo");
            st.execute("CREATE TABLE dbo.old_data (id INT)");

            Assessment a = new Assessor().assess("r1", catalog, empty, null, new OtherCollation(), target, "src",
                    "tgt", new Assessor.Options("SQL_Latin1_General_CP1_CI_AS", Set.of(), true, List.of(),
                    CredentialNames.parse(""), Set.of(), true));

            Finding mismatch = a.findings().stream().filter(f -> f.kind().equals("collation-mismatch")).findFirst()
                    .orElseThrow();
            assertEquals(List.of("Latin1_General_100_CS_AS_SC_UTF8"), mismatch.samples());
            assertTrue(mismatch.stops());
            Finding notEmpty = a.findings().stream().filter(f -> f.kind().equals("target-not-empty")).findFirst()
                    .orElseThrow();
            assertEquals(List.of("dbo.old_data"), notEmpty.samples());

            Assessment allowed = new Assessor().assess("r2", catalog, empty, null, new OtherCollation(), target,
                    "src", "tgt", new Assessor.Options("Latin1_General_100_CS_AS_SC_UTF8",
                            Set.of(FindingKind.TARGET_NOT_EMPTY), true, List.of(), CredentialNames.parse(""), Set.of(), true));
            assertTrue(allowed.stopping().isEmpty(), allowed.findings().toString());
            assertTrue(allowed.findings().get(0).allowed());
        }
    }

    @Test
    void everyAssessmentAndMappingTroubleIsInTheCatalogueAndComplete() {
        Stream.concat(Stream.of(AssessTrouble.values()), Stream.of(MappingTrouble.values())).forEach(t -> {
            assertTrue(TroubleshootingCatalogue.all().contains(t), t + " is in the catalogue");
            for (String text : new String[]{t.error(), t.cause(), t.effect(), t.solution()}) {
                assertFalse(text.isBlank(), t.code());
            }
        });
        for (FindingKind k : FindingKind.values()) {
            assertEquals(k, FindingKind.byId(k.id()).orElseThrow());
            assertFalse(k.action().isBlank(), k.id());
        }
    }
}
