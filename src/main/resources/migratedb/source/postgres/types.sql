-- Enums (with their labels in sort order) and domains (with their base type and CHECK constraints) of the given
-- schemas: enums become NVARCHAR with a CHECK on the labels, domains their base type with the domain's CHECKs.
-- parameters: 1..2 = schema names as text[]
SELECT n.nspname AS schema_name,
       t.typname AS type_name,
       format_type(t.oid, NULL) AS display_name,
       'ENUM' AS kind,
       NULL::text AS base_type,
       ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)::text[]
           AS labels,
       ARRAY[]::text[] AS checks
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e'
  AND n.nspname = ANY (?)
UNION ALL
SELECT n.nspname, t.typname, format_type(t.oid, NULL), 'DOMAIN', bt.typname,
       ARRAY[]::text[],
       ARRAY(SELECT pg_get_constraintdef(con.oid) FROM pg_constraint con
             WHERE con.contypid = t.oid AND con.contype = 'c' ORDER BY con.conname)::text[]
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_type bt ON bt.oid = t.typbasetype
WHERE t.typtype = 'd'
  AND n.nspname = ANY (?)
ORDER BY 1, 2
