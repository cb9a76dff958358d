SELECT chunk_no, range_column, range_lo, range_hi, status, rows_read, rows_written, rows_rejected, checksum FROM {chunk} WHERE run_id = ? AND table_name = ? ORDER BY chunk_no
