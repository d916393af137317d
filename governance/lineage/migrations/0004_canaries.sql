-- Canaries (issue 7): an in-pipeline recall estimate per run. Synthetic values are planted
-- in copies of sampled documents before detection (copies are never published); this
-- table counts, per target and entity type, how many were planted and how many survived
-- the transformation. Counts only, never values.
CREATE TABLE canaries (
    run_id       VARCHAR NOT NULL,
    target       VARCHAR NOT NULL,
    entity_type  VARCHAR NOT NULL,
    planted      INTEGER NOT NULL,
    survived     INTEGER NOT NULL,
    PRIMARY KEY (run_id, target, entity_type)
);

CREATE VIEW canary_recall AS
SELECT run_id, target, sum(planted) AS planted, sum(survived) AS survived,
       CASE WHEN sum(planted) > 0 THEN 1 - sum(survived) / sum(planted) END AS recall
FROM canaries
GROUP BY run_id, target;
