SELECT run_id, status, config_fingerprint, schema_fingerprint FROM {run} ORDER BY started_at DESC, run_id DESC
