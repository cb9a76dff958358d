-- Text with characters outside ASCII, headed for a non-Unicode CHAR/VARCHAR column (the collation's code page decides what survives).
{value} ~ '[^\x01-\x7F]'
left({value}, 60)
