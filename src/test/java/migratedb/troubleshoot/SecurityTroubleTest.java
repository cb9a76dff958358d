package migratedb.troubleshoot;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class SecurityTroubleTest {
    @Test
    void everyEntryIsRegisteredAndComplete() {
        Set<String> codes = new HashSet<>();
        for (SecurityTrouble t : SecurityTrouble.values()) {
            assertTrue(TroubleshootingCatalogue.all().contains(t), t + " is in the catalogue");
            assertTrue(codes.add(t.code()), "unique code " + t.code());
            for (String text : new String[]{t.error(), t.cause(), t.effect(), t.solution()}) {
                assertFalse(text.isBlank(), t.code());
            }
        }
    }
}
