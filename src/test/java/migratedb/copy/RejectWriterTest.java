package migratedb.copy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Refused rows written ahead of their chunk's commit reach the table's file once, whenever a crash comes. */
class RejectWriterTest {
    private static final List<String> COLUMNS = List.of("id", "name");

    @TempDir
    Path dir;

    private static List<RejectWriter.RejectedRow> rows(int chunk, int... ids) {
        return java.util.Arrays.stream(ids).mapToObj(id -> new RejectWriter.RejectedRow(
                new Object[]{id, "name \"" + id + "\"\nsecond line"}, "public.t chunk " + chunk + " [id 0, 10)",
                "Value too long")).toList();
    }

    private List<String> idsInFile(RejectWriter w) throws Exception {
        String content = Files.readString(w.fileFor("public.t"), StandardCharsets.UTF_8);
        return content.lines().filter(l -> l.matches("^\"\\d+\",.*")).map(l -> l.substring(1, l.indexOf('"', 1)))
                .toList();
    }

    @Test
    void preparedThenPublishedRowsAreInTheTableFileOnceWithOneHeader() throws Exception {
        RejectWriter w = new RejectWriter(dir);
        w.prepare("public.t", 2, rows(2, 20, 21));
        w.prepare("public.t", 1, rows(1, 10));
        w.publish("public.t", COLUMNS, 2);
        w.publish("public.t", COLUMNS, 1);

        List<String> lines = Files.readAllLines(w.fileFor("public.t"));
        assertEquals("\"id\",\"name\",migratedb_chunk,migratedb_error", lines.get(0));
        assertEquals(1, lines.stream().filter(l -> l.startsWith("\"id\"")).count(), "one header");
        assertEquals(List.of("20", "21", "10"), idsInFile(w));
        assertFalse(Files.exists(dir.resolve(".pending")), "no pending file is left");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(w.fileFor("public.t"))), "refused rows are user data: owner only");
    }

    @Test
    void aCrashAfterTheCommitPublishesThePendingRowsOnRecovery() throws Exception {
        new RejectWriter(dir).prepare("public.t", 3, rows(3, 30, 31));
        // the process died here: the chunk committed, its rows were never added to the table's file

        RejectWriter resumed = new RejectWriter(dir);
        resumed.recover("public.t", COLUMNS, chunk -> chunk == 3);
        resumed.recover("public.t", COLUMNS, chunk -> chunk == 3);

        assertEquals(List.of("30", "31"), idsInFile(resumed), "published once");
    }

    @Test
    void aCrashBetweenTheRenameAndTheDeleteDoesNotListRowsTwice() throws Exception {
        RejectWriter w = new RejectWriter(dir);
        w.prepare("public.t", 4, rows(4, 40));
        Path pending = w.pendingFor("public.t", 4);
        byte[] kept = Files.readAllBytes(pending);
        w.publish("public.t", COLUMNS, 4);
        Files.createDirectories(pending.getParent());
        Files.write(pending, kept); // as if the process died before deleting it

        new RejectWriter(dir).recover("public.t", COLUMNS, chunk -> true);

        assertEquals(List.of("40"), idsInFile(w));
        assertFalse(Files.exists(pending));
    }

    @Test
    void aChunkThatDidNotCommitDropsItsPendingRows() throws Exception {
        RejectWriter w = new RejectWriter(dir);
        w.prepare("public.t", 1, rows(1, 10));
        w.publish("public.t", COLUMNS, 1);
        w.prepare("public.t", 5, rows(5, 50));
        // died before chunk 5's commit: the resume copies chunk 5 again, and it refuses its rows again

        new RejectWriter(dir).recover("public.t", COLUMNS, chunk -> chunk == 1);

        assertEquals(List.of("10"), idsInFile(w));
        assertFalse(Files.exists(w.pendingFor("public.t", 5)));
    }

    @Test
    void recoveryLeavesOtherTablesPendingRowsAlone() throws Exception {
        RejectWriter w = new RejectWriter(dir);
        w.prepare("public.other", 1, rows(1, 10));

        w.recover("public.t", COLUMNS, chunk -> false);

        assertTrue(Files.exists(w.pendingFor("public.other", 1)));
    }
}
