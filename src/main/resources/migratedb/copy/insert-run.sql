INSERT INTO {run} (run_id, status, config_fingerprint, schema_fingerprint, started_at) VALUES (?, ?, ?, ?, ?)
