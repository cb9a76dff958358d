/**
 * Bundled-database mode: the PostgreSQL shipped inside the application's installation folder, brought up by
 * MigrateDB itself while the application server is shut down (the product document: "Shutdown the server.
 * Ensure the process postgres is not running.").
 *
 * <p>How a command uses it:</p>
 * <pre>{@code
 * BundledPostgresOptions options = BundledPostgresOptions.of(pgHome, dataDir, workDir, database, user, password)
 *         .withMigrationConnections(parallelism + 2);
 * try (BundledPostgres source = BundledPostgres.start(options)) {      // refuses while the application's database runs
 *     source.warnings().forEach(w -> log.warn(w.consoleText()));       // stale postmaster.pid, orphan stopped...
 *     BackupResult backup = new SourceBackup(pgHome, Duration.ofHours(2))
 *             .backup(source.login(), backupsDir, runId);               // throws: do not migrate without a backup
 *     ... read from source.login().jdbcUrl() with source.login().jdbcProperties() ...
 * }                                                                    // stops the server; a shutdown hook does so on Ctrl-C
 * }</pre>
 *
 * <p>Every failure is a {@link migratedb.troubleshoot.MigrationException} carrying a {@link
 * migratedb.source.postgres.bundled.BundledTrouble}. The password travels only in {@link
 * migratedb.source.postgres.bundled.PostgresLogin#jdbcProperties()} and in pg_dump's PGPASSWORD.</p>
 */
package migratedb.source.postgres.bundled;
