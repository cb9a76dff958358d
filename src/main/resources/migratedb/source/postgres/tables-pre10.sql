-- Ordinary tables of the given schemas, with size estimates (largest tables are copied first): the variant for
-- PostgreSQL 9.6, which has no declarative partitions (relkind 'p', relispartition).
-- parameters: 1 = schema names as text[]
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       GREATEST(c.reltuples, 0)::bigint AS estimated_rows,
       pg_total_relation_size(c.oid) AS size_bytes,
       obj_description(c.oid, 'pg_class') AS table_comment
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r'
  AND n.nspname = ANY (?)
ORDER BY n.nspname, c.relname
