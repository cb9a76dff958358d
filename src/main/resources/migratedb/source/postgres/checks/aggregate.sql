-- Per check: how many rows fail it, and up to 5 of them as "key -> shown value".
-- {condition} is the check's condition, {key} the row's key as text, {shown} what the sample shows.
count(*) FILTER (WHERE {condition}), (array_agg({key} || ' -> ' || {shown}) FILTER (WHERE {condition}))[1:5]
