-- More significant decimals than the target scale holds (they would be rounded); parameter: the scale.
{column}::text NOT IN ('NaN', 'Infinity', '-Infinity') AND length(rtrim(split_part({column}::text, '.', 2), '0')) > ?
{column}::text
