-- More digits before the decimal point than the target DECIMAL(p,s) holds (p - s); parameter: that limit.
{column}::text NOT IN ('NaN', 'Infinity', '-Infinity') AND length(split_part(ltrim(abs({column})::text, '0'), '.', 1)) > ?
{column}::text
