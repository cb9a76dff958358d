SELECT run_id, status, config_fingerprint, schema_fingerprint FROM {run} WHERE run_id = ?
