-- Lineage schema v10: a run whose quality gate fails (`gate_failed`) holds back only the
-- batches that failed. Their files are recorded `quarantined` (error class GateFailed)
-- and read again by the next run; every other file is recorded as it ended (processed,
-- unchanged, deleted) and counts for the next run's increment, as in a completed run.
-- Runs recorded `gate_failed` before this version published nothing, so the files they
-- recorded as processed are not current: the next run only trusts `gate_failed` runs
-- that started after this migration was applied (schema_migrations.applied_at).
SELECT 1;
