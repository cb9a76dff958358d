-- Sequences of the given schemas with their settings and the column that owns them: the variant for PostgreSQL 9.6,
-- which has no pg_sequences view. Every sequence is a bigint then; its current state (last_value, is_called) lives
-- in the sequence relation itself and is read per sequence with sequence-state.sql.
-- parameters: 1 = schema names as text[]
SELECT n.nspname AS schema_name,
       c.relname AS sequence_name,
       'bigint' AS data_type,
       p.start_value, p.increment AS increment_by, p.minimum_value AS min_value, p.maximum_value AS max_value,
       p.cycle_option AS cycle,
       NULL::bigint AS last_value,
       NULL::boolean AS is_called,
       (SELECT tn.nspname || '.' || tc.relname || '.' || a.attname
        FROM pg_depend d
        JOIN pg_class tc ON tc.oid = d.refobjid
        JOIN pg_namespace tn ON tn.oid = tc.relnamespace
        JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE d.objid = c.oid
          AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
          AND d.deptype IN ('a', 'i')
        LIMIT 1) AS owned_by
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL pg_sequence_parameters(c.oid) p
WHERE c.relkind = 'S'
  AND n.nspname = ANY (?)
ORDER BY n.nspname, c.relname
