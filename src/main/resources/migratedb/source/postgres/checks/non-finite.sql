-- NaN and +/-Infinity: SQL Server's REAL, FLOAT and DECIMAL cannot hold them.
-- line 1: the condition a failing row meets; line 2: what a sample shows. {column} is the quoted column.
{column}::text IN ('NaN', 'Infinity', '-Infinity')
{column}::text
