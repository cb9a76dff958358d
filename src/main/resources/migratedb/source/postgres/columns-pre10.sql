-- Columns of the given schemas' tables, domains resolved to their base type: the variant for PostgreSQL 9.6
-- (no identity columns, generated columns nor declarative partitions before 10).
-- parameters: 1 = schema names as text[]
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       a.attname AS column_name,
       a.attnum AS position,
       format_type(a.atttypid, a.atttypmod) AS source_type,
       bt.typname AS base_type,
       CASE WHEN t.typtype = 'd' THEN 'DOMAIN'
            WHEN bt.typtype = 'e' THEN 'ENUM'
            WHEN bt.typtype = 'r' OR bt.typtype = 'm' THEN 'RANGE'
            WHEN bt.typtype = 'c' THEN 'COMPOSITE'
            WHEN bt.typcategory = 'A' THEN 'ARRAY'
            WHEN bt.typtype = 'b' THEN 'BASE'
            ELSE 'OTHER' END AS type_kind,
       CASE WHEN bt.typname IN ('varchar', 'bpchar') AND COALESCE(NULLIF(t.typtypmod, -1), a.atttypmod) > 4
                THEN COALESCE(NULLIF(t.typtypmod, -1), a.atttypmod) - 4
            WHEN bt.typname IN ('bit', 'varbit') AND COALESCE(NULLIF(t.typtypmod, -1), a.atttypmod) > 0
                THEN COALESCE(NULLIF(t.typtypmod, -1), a.atttypmod)
            END AS char_length,
       CASE WHEN bt.typname = 'numeric' AND COALESCE(NULLIF(t.typtypmod, -1), a.atttypmod) > 0
                THEN ((COALESCE(NULLIF(t.typtypmod, -1), a.atttypmod) - 4) >> 16) & 65535
            WHEN bt.typname IN ('time', 'timetz', 'timestamp', 'timestamptz', 'interval')
                 AND COALESCE(NULLIF(t.typtypmod, -1), a.atttypmod) >= 0
                THEN COALESCE(NULLIF(t.typtypmod, -1), a.atttypmod) & 65535
            END AS numeric_precision,
       -- the scale is 11 bits, signed since PostgreSQL 15 (numeric(5,-2)): sign-extended with # 1024 - 1024
       CASE WHEN bt.typname = 'numeric' AND COALESCE(NULLIF(t.typtypmod, -1), a.atttypmod) > 0
                THEN (((COALESCE(NULLIF(t.typtypmod, -1), a.atttypmod) - 4) & 2047) # 1024) - 1024
            END AS numeric_scale,
       NOT (a.attnotnull OR (t.typtype = 'd' AND t.typnotnull)) AS nullable,
       pg_get_expr(d.adbin, d.adrelid) AS default_expression,
       NULL::text AS identity,
       NULL::text AS generated,
       col_description(c.oid, a.attnum) AS column_comment
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE c.relkind = 'r'
  AND a.attnum > 0
  AND NOT a.attisdropped
  AND n.nspname = ANY (?)
ORDER BY n.nspname, c.relname, a.attnum
