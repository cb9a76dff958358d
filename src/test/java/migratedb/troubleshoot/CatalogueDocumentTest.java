package migratedb.troubleshoot;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/troubleshooting.md is the catalogue, rendered: it must list every entry, as the code has it today. */
class CatalogueDocumentTest {
    private static final Path DOC = Path.of("docs", "troubleshooting.md");

    @Test
    void theTroubleshootingDocumentIsUpToDateWithTheCatalogue() throws Exception {
        String expected = CatalogueDocument.render();
        if (Boolean.getBoolean("docs.update")) {
            CatalogueDocument.write(DOC);
        }
        assertTrue(Files.exists(DOC), DOC + " is missing: run ./mvnw -q test -Dtest=CatalogueDocumentTest "
                + "-Ddocs.update=true");
        assertEquals(expected, Files.readString(DOC), DOC + " is out of date: run ./mvnw -q test "
                + "-Dtest=CatalogueDocumentTest -Ddocs.update=true");
    }

    @Test
    void everyEntryIsCompleteAndItsCodeUnique() {
        List<String> codes = CatalogueDocument.codes();
        Set<String> seen = new HashSet<>();
        for (Trouble t : TroubleshootingCatalogue.all()) {
            assertTrue(seen.add(t.code()), "duplicate code " + t.code());
            for (String text : List.of(t.error(), t.cause(), t.effect(), t.solution())) {
                assertFalse(text == null || text.isBlank(), t.code() + " has an empty field");
            }
        }
        assertTrue(codes.contains("APPLICATION_RUNNING") && codes.contains("REQUEST_DUPLICATE")
                && codes.contains("UNEXPECTED"));
    }

    /** An area's enum that the list leaves out would be missing from the document and the tests. */
    @Test
    void everyTroubleEnumInTheBuildIsAnAreaOfTheCatalogue() throws Exception {
        Path classes = Path.of(Trouble.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> enums = new java.util.ArrayList<>();
        try (var files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class") && !p.toString().contains("$")).toList()) {
                String name = classes.relativize(f).toString().replace(java.io.File.separatorChar, '.')
                        .replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, getClass().getClassLoader());
                if (c.isEnum() && Trouble.class.isAssignableFrom(c)) {
                    enums.add(c);
                }
            }
        }
        assertFalse(enums.isEmpty(), "no Trouble enum found under " + classes);
        for (Class<?> c : enums) {
            assertTrue(TroubleshootingCatalogue.areas().contains(c), c.getName() + " is not listed in "
                    + TroubleshootingCatalogue.AREAS_RESOURCE);
        }
    }
}
