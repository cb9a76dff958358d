SELECT table_name, chunk_no, range_column, range_lo, range_hi, status, rows_read, rows_written, rows_rejected, checksum FROM {chunk} WHERE run_id = ? ORDER BY table_name, chunk_no
