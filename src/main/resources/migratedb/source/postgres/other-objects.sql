-- Objects MigrateDB does not convert automatically: views, materialized views, functions, procedures,
-- triggers, rules, exclusion constraints and partitions' parents. Listed in the assessment.
-- parameters: 1..5 = schema names as text[]
SELECT 'view' AS kind, schemaname AS schema_name, viewname AS name, definition FROM pg_views WHERE schemaname = ANY (?)
UNION ALL
SELECT 'materialized view', schemaname, matviewname, definition FROM pg_matviews WHERE schemaname = ANY (?)
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
       n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = ANY (?)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
UNION ALL
SELECT 'trigger', n.nspname, c.relname || '.' || t.tgname, pg_get_triggerdef(t.oid)
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal AND n.nspname = ANY (?)
UNION ALL
SELECT 'rule', schemaname, tablename || '.' || rulename, definition FROM pg_rules WHERE schemaname = ANY (?)
ORDER BY 1, 2, 3
