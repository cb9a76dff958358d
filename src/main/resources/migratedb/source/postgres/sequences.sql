-- Sequences of the given schemas with their current state and the column that owns them.
-- parameters: 1 = schema names as text[]
SELECT s.schemaname AS schema_name,
       s.sequencename AS sequence_name,
       s.data_type::text AS data_type,
       s.start_value, s.increment_by, s.min_value, s.max_value, s.cycle,
       COALESCE(s.last_value, s.start_value) AS last_value,
       s.last_value IS NOT NULL AS is_called,
       (SELECT tn.nspname || '.' || tc.relname || '.' || a.attname
        FROM pg_depend d
        JOIN pg_class tc ON tc.oid = d.refobjid
        JOIN pg_namespace tn ON tn.oid = tc.relnamespace
        JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE d.objid = (quote_ident(s.schemaname) || '.' || quote_ident(s.sequencename))::regclass
          AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
          AND d.deptype IN ('a', 'i')
        LIMIT 1) AS owned_by
FROM pg_sequences s
WHERE s.schemaname = ANY (?)
ORDER BY s.schemaname, s.sequencename
