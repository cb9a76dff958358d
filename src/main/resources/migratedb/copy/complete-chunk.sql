UPDATE {chunk} SET status = 'done', rows_read = ?, rows_written = ?, rows_rejected = ?, checksum = ?, committed_at = ? WHERE run_id = ? AND table_name = ? AND chunk_no = ? AND status = 'planned'
