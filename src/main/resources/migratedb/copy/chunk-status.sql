SELECT status, rows_rejected FROM {chunk} WHERE run_id = ? AND table_name = ? AND chunk_no = ?
