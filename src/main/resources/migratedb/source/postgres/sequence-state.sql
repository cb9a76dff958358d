-- One sequence's current state, read from the sequence relation itself (PostgreSQL 9.6 has no pg_sequences).
-- {sequence} is the quoted schema-qualified sequence name. Before its first nextval, last_value holds the start
-- value and is_called is false: what sequences.sql reports as COALESCE(last_value, start_value) and false.
SELECT last_value, is_called FROM {sequence}
