-- Lineage schema v2: per-source treatment hashes (issue 3, policy identity).
-- runs.policy_hash identifies the whole effective policy of a run; a source's treatment
-- hash covers only what shapes that source's outputs (its section, languages, detection,
-- pseudonymization domain, targets, labels, and the key id). A file is processed again
-- when its content or its source's treatment hash changed since the last completed run.

CREATE TABLE run_sources (
    run_id          VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    treatment_hash  VARCHAR NOT NULL,
    PRIMARY KEY (run_id, source)
);

-- Every file row with the treatment hash its run applied to its source (NULL for runs
-- recorded before this migration: such files are processed once more).
CREATE VIEW file_treatments AS
SELECT f.*, rs.treatment_hash, r.policy_hash
FROM files f
JOIN runs r USING (run_id)
LEFT JOIN run_sources rs ON rs.run_id = f.run_id AND rs.source = f.source;
