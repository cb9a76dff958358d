package migratedb.source.postgres.bundled;

import java.nio.file.Path;

/**
 * A finished source backup: a pg_dump custom-format archive, restorable with pg_restore.
 *
 * @param file      the dump, {@code backups/<run-id>/<database>.dump}
 * @param sizeBytes its size
 * @param sha256    SHA-256 of its bytes, lower-case hex: lets an operator prove later the file is the one taken
 * @param pgDump    the pg_dump that wrote it
 */
public record BackupResult(Path file, long sizeBytes, String sha256, Path pgDump) {
}
