-- One pass over a table for all of its row checks (the assessment's data checks against SQL Server's rules).
-- {aggregates} holds, per check, the count of aggregate.sql; {table} is the quoted table.
SELECT {aggregates}
FROM {table}
