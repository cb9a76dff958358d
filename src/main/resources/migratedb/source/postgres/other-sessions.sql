-- Client sessions on the current database other than MigrateDB's own (the application must be stopped).
SELECT pid, usename, client_addr::text, application_name
FROM pg_stat_activity
WHERE datname = current_database()
  AND pid <> pg_backend_pid()
  AND backend_type = 'client backend'
  AND COALESCE(application_name, '') <> 'MigrateDB'
ORDER BY pid
