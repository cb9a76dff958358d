UPDATE {run} SET status = ?, finished_at = ? WHERE run_id = ?
