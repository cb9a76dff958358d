-- Up to 5 rows failing one check, as "key -> shown value"; run only for a check that failed in the table scan.
-- {key} is the row's key as text, {shown} what the sample shows, {condition} the check's condition.
SELECT {key} || ' -> ' || {shown} FROM {table} WHERE {condition} LIMIT 5
