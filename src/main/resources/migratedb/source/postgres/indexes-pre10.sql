-- Secondary indexes (not those backing a primary key or unique constraint) of the given schemas' tables: the variant
-- for PostgreSQL 9.6 (no INCLUDE columns, no declarative partitions).
-- parameters: 1 = schema names as text[]
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       i.relname AS index_name,
       x.indisunique AS is_unique,
       am.amname AS method,
       pg_get_expr(x.indpred, x.indrelid) AS predicate,
       x.indnatts AS key_count,
       ARRAY(SELECT CASE WHEN k.attnum = 0 THEN pg_get_indexdef(x.indexrelid, k.ord::int, true)
                         ELSE (SELECT a.attname FROM pg_attribute a
                               WHERE a.attrelid = x.indrelid AND a.attnum = k.attnum) END
             FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, ord) ORDER BY k.ord)::text[] AS keys,
       ARRAY(SELECT k.attnum = 0 FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
             ORDER BY k.ord)::boolean[] AS is_expression,
       ARRAY(SELECT (o.opt & 1) = 1 FROM unnest(x.indoption::int2[]) WITH ORDINALITY o(opt, ord)
             ORDER BY o.ord)::boolean[] AS is_descending
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class c ON c.oid = x.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_am am ON am.oid = i.relam
WHERE c.relkind = 'r'
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = x.indexrelid AND con.contype IN ('p', 'u', 'x'))
  AND n.nspname = ANY (?)
ORDER BY n.nspname, c.relname, i.relname
