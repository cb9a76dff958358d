-- Text longer than the target type holds, counted in UTF-16 code units as SQL Server's N-types count them
-- (characters outside the Basic Multilingual Plane take two); parameter (twice): the target length.
char_length({value}) * 2 > ? AND char_length({value}) + char_length(regexp_replace({value}, '[^\U00010000-\U0010FFFF]', '', 'g')) > ?
char_length({value}) || ' characters'
