package migratedb.cli;

import migratedb.it.MigrateDbHarness;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What './run.sh' and './run.sh <command> --help' print, at the usual 80 columns. */
class HelpTextTest {
    /** An example in a description: --set followed by a blank or the end of the line (not the synopsis --set=). */
    private static final Pattern SET_EXAMPLE = Pattern.compile("--set(?= |$)(?: (\\S*))?");

    /** An example such as --set copy.batchSize=5000 is copied from the help: it must never wrap inside the key. */
    @Test
    void everySetExampleStandsWholeOnOneLine() {
        CommandLine cli = new CommandLine(new MigrateDbCli(new migratedb.lifecycle.ActiveRuns()));
        int examples = 0;
        for (CommandLine sub : cli.getSubcommands().values()) {
            for (String line : sub.getUsageMessage().split("\\R")) {
                Matcher m = SET_EXAMPLE.matcher(line);
                while (m.find()) {
                    examples++;
                    assertTrue(m.group(1) != null && m.group(1).contains("="),
                            sub.getCommandName() + ": the example is cut: '" + line + "'");
                }
            }
        }
        assertTrue(examples >= 5, "the commands with --set show an example: " + examples);
    }

    /** './run.sh' alone is a mistake in a script: the usage, and a non-zero exit. */
    @Test
    void noCommandPrintsTheUsageAndExitsNonZero() {
        MigrateDbHarness.Result r = MigrateDbHarness.runRaw();

        assertEquals(Console.REFUSED, r.exitCode());
        assertTrue(r.err().contains("Usage: run.sh") && r.err().contains("migrate"), r.err());
        assertFalse(r.out().contains("Usage"), "the usage goes to the error stream: " + r.out());
    }
}
