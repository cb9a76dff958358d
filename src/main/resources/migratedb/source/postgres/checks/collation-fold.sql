-- How SQL Server's collation compares text, as PostgreSQL expressions over {value}:
-- line 1 folds case, line 2 removes accents (after line 1 or on the plain value), line 3 drops trailing spaces.
lower({value}{icu})
regexp_replace(normalize({value}, NFD), '[\u0300-\u036f]', '', 'g')
rtrim({value}, ' ')
