INSERT INTO {chunk} (run_id, table_name, chunk_no, range_column, range_lo, range_hi, status) VALUES (?, ?, ?, ?, ?, ?, 'planned')
