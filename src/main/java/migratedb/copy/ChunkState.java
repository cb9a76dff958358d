package migratedb.copy;

import migratedb.verify.Checksum;

/** A planned chunk and, once committed, what was copied. Read from and written to the target's chunk table. */
public record ChunkState(Chunk chunk, boolean done, long rowsRead, long rowsWritten, long rowsRejected,
                         Checksum checksum) {
    public static ChunkState planned(Chunk chunk) {
        return new ChunkState(chunk, false, 0, 0, 0, Checksum.EMPTY);
    }
}
