-- Objects MigrateDB does not convert automatically: views, materialized views, functions, procedures,
-- triggers, rules, exclusion constraints, partitioning and table inheritance. Listed in the assessment.
-- The variant for PostgreSQL 9.6: no procedures, aggregates told by proisagg, and no declarative partitions (every
-- child of pg_inherits is plain inheritance).
-- parameters: 1..7 = schema names as text[]
SELECT 'view' AS kind, schemaname AS schema_name, viewname AS name, definition FROM pg_views WHERE schemaname = ANY (?)
UNION ALL
SELECT 'materialized view', schemaname, matviewname, definition FROM pg_matviews WHERE schemaname = ANY (?)
UNION ALL
SELECT CASE WHEN p.proisagg THEN 'aggregate' ELSE 'function' END,
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
UNION ALL
SELECT 'exclusion constraint', n.nspname, c.relname || '.' || con.conname, pg_get_constraintdef(con.oid)
FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE con.contype = 'x' AND n.nspname = ANY (?)
UNION ALL
-- plain inheritance (not partitions): a SELECT on the parent also returns the child's rows
SELECT 'inheritance', cn.nspname, c.relname, pn.nspname || '.' || p.relname
FROM pg_inherits i
JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
WHERE p.relkind = 'r' AND cn.nspname = ANY (?)
ORDER BY 1, 2, 3
