-- Client sessions on the current database other than MigrateDB's own (the application must be stopped): the variant
-- for PostgreSQL 9.6, whose pg_stat_activity has no backend_type and lists client sessions only.
SELECT pid, usename, client_addr::text, application_name
FROM pg_stat_activity
WHERE datname = current_database()
  AND pid <> pg_backend_pid()
  AND COALESCE(application_name, '') <> 'MigrateDB'
ORDER BY pid
