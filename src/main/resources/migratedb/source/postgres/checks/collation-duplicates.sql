-- Key values that are distinct in PostgreSQL but equal as the target compares them (case, accents, trailing spaces):
-- SQL Server would refuse the primary key, unique constraint or unique index.
-- {folded}: the key columns as the target compares them; {distinct}: as a comparison that must still tell the group's
-- rows apart (so each collision is counted by the one check it belongs to); {shown}: a row's values (and its primary
-- key); {present}: rows in the key.
SELECT count(*) OVER () AS total, shown
FROM (SELECT string_agg({shown}, ' = ' ORDER BY {shown}) AS shown
      FROM {table}
      WHERE {present}
      GROUP BY {folded}
      HAVING count(DISTINCT {distinct}) > 1) duplicates
LIMIT 5
