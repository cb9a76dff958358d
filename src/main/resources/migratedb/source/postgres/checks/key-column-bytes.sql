-- Bytes one key column takes in SQL Server: line 1 for N-types (2 per UTF-16 code unit), line 2 for binary and 8-bit text.
2 * COALESCE(char_length({value}) + char_length(regexp_replace({value}, '[^\U00010000-\U0010FFFF]', '', 'g')), 0)
COALESCE(octet_length({value}), 0)
