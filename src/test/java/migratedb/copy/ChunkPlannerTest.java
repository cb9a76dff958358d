package migratedb.copy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chunk plans cover every key or page exactly once: consecutive, non-overlapping, nothing left at either end. */
class ChunkPlannerTest {

    @Test
    void keyRangesAreConsecutiveAndCoverMinToMax() {
        List<Chunk> plan = ChunkPlanner.keyRanges("t", "id", 1_000_000, 5, 1_000_004, 200_000);
        assertEquals(5, plan.size());
        assertEquals(5L, plan.get(0).lo());
        for (int i = 1; i < plan.size(); i++) {
            assertEquals(plan.get(i - 1).hi(), plan.get(i).lo(), "chunk " + i + " starts where the previous ends");
            assertEquals(i + 1, plan.get(i).number());
        }
        assertEquals(1_000_005L, plan.get(plan.size() - 1).hi(), "the last chunk ends just after max");
    }

    @Test
    void keyRangesSurviveTheWholeBigintSpan() {
        List<Chunk> plan = ChunkPlanner.keyRanges("t", "id", 3, Long.MIN_VALUE, Long.MAX_VALUE - 1, 1);
        assertEquals(Long.MIN_VALUE, plan.get(0).lo());
        assertEquals(Long.MAX_VALUE, plan.get(plan.size() - 1).hi());
        for (int i = 1; i < plan.size(); i++) {
            assertEquals(plan.get(i - 1).hi(), plan.get(i).lo());
        }
    }

    @Test
    void anEmptyTableIsOneWholeTableChunk() {
        List<Chunk> plan = ChunkPlanner.keyRanges("t", "id", 0, 0, 0, 1000);
        assertEquals(1, plan.size());
        assertNull(plan.get(0).rangeColumn());
    }

    @Test
    void pageRangesStartAtPageZeroAndTheLastIsOpenEnded() {
        List<Chunk> plan = ChunkPlanner.pageRanges("t", 10_000, 101, 2_500);
        assertEquals(4, plan.size());
        assertEquals(0L, plan.get(0).lo());
        for (int i = 1; i < plan.size(); i++) {
            assertEquals(plan.get(i - 1).hi(), plan.get(i).lo());
            assertTrue(plan.get(i).pageRange());
        }
        assertEquals(ChunkPlanner.LAST_PAGE, plan.get(plan.size() - 1).hi(), "rows on pages added later still fit");
    }

    @Test
    void aSmallKeylessTableIsOnePageChunkThatReadsEverything() {
        List<Chunk> plan = ChunkPlanner.pageRanges("t", 10, 0, 2_500);
        assertEquals(1, plan.size());
        assertEquals(0L, plan.get(0).lo());
        assertEquals(ChunkPlanner.LAST_PAGE, plan.get(0).hi());
    }
}
