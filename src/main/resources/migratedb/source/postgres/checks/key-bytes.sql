-- Index key longer than SQL Server allows (900 bytes clustered, 1700 nonclustered) after conversion to N-types.
-- {bytes} is the sum of the key columns' sizes (key-column-bytes.sql) ; parameters: fixed bytes, limit.
({bytes}) + ? > ?
(({bytes}) + ?) || ' bytes'
