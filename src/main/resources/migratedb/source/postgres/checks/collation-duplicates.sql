-- Key values that are distinct in PostgreSQL but equal under the target collation (case, accents, trailing spaces):
-- SQL Server would refuse the primary key, unique constraint or unique index.
-- {folded}: the key columns as the target compares them; {shown}: the original values; {present}: rows in the key.
SELECT count(*) OVER () AS total, shown
FROM (SELECT string_agg({shown}, ' = ' ORDER BY {shown}) AS shown
      FROM {table}
      WHERE {present}
      GROUP BY {folded}
      HAVING count(*) > 1) duplicates
LIMIT 5
