package migratedb.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConsoleProgressTest {
    @Test
    void oneTableIsCountedInTheSingular() {
        assertEquals("Copying 1 table...", started(1));
        assertEquals("Copying 7 tables...", started(7));
    }

    private static String started(int tables) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        new ConsoleProgress(new PrintStream(buffer, true, StandardCharsets.UTF_8), false).runStarted(tables);
        return buffer.toString(StandardCharsets.UTF_8).strip();
    }
}
