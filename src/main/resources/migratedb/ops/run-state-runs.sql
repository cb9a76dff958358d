SELECT run_id AS run_id, status AS status, started_at AS started_at, finished_at AS finished_at FROM {run} ORDER BY started_at DESC, run_id DESC
