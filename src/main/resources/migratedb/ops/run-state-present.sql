SELECT COUNT(*) AS tables_found FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = :?schema AND TABLE_NAME IN ('migratedb_run', 'migratedb_chunk')
