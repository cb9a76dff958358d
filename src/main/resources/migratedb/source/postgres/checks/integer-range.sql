-- Integer values outside the range of the chosen target type; parameters: lowest and highest value.
{column} < ? OR {column} > ?
{column}::text
