-- Dates and timestamps outside SQL Server's 0001-01-01 .. 9999-12-31, including BC dates and +/-infinity.
NOT isfinite({column}) OR {column} < '0001-01-01' OR {column} >= '10000-01-01'
{column}::text
