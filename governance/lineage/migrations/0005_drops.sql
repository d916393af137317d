-- Lineage schema v5: every row removed while shaping or assembling a corpus, with its
-- reason (filters, drop operator, exact and near duplicates). Ids and reasons only:
-- a reason names numbers, thresholds and the id of the row that was kept, never text.

CREATE TABLE drops (
    run_id    VARCHAR NOT NULL,
    corpus    VARCHAR NOT NULL,
    doc_id    VARCHAR NOT NULL,
    category  VARCHAR NOT NULL,   -- too short | too long | ... | exact duplicate | near duplicate
    reason    VARCHAR NOT NULL
);

-- Drops per run, corpus and category.
CREATE VIEW drop_summary AS
SELECT run_id, corpus, category, count(*) AS dropped, count(DISTINCT doc_id) AS documents
FROM drops
GROUP BY ALL;
