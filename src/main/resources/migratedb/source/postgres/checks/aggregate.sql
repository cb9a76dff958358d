-- Per check: how many rows fail it. {condition} is the check's condition. Samples are fetched afterwards, only for
-- checks that failed (samples.sql): collecting them here would keep every failing row in memory.
count(*) FILTER (WHERE {condition})
