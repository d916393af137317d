-- Lineage schema v3: erasures, and views for the questions auditors ask most.
-- As in v1, no personal value appears here: a subject is known only by keyed digests
-- (HMAC-SHA256 under the pseudonymization key named by key_id) and the tokens they give.

-- One row per `govern erase`: what was asked, why, and how much it removed.
CREATE TABLE erasures (
    erasure_id           VARCHAR PRIMARY KEY,
    kind                 VARCHAR NOT NULL,   -- doc | source | subject
    target               VARCHAR NOT NULL,   -- doc id, source:uri, or the subject's digest
    subject_digest       VARCHAR,            -- keyed digest of the subject (kind = subject)
    key_id               VARCHAR,            -- the key that digest was made with
    reason               VARCHAR,
    requested_at         TIMESTAMP NOT NULL,
    code_version         VARCHAR NOT NULL,
    documents            INTEGER NOT NULL,   -- documents whose rows were removed
    rows_removed         BIGINT NOT NULL,
    snapshots_published  INTEGER NOT NULL,
    snapshots_purged     INTEGER NOT NULL,
    vault_entries        INTEGER,            -- NULL: no vault in this workspace
    certificate          VARCHAR NOT NULL    -- path of the erasure certificate (JSON)
);

-- The documents an erasure touched (source coordinates, never content).
CREATE TABLE erasure_documents (
    erasure_id  VARCHAR NOT NULL,
    doc_id      VARCHAR NOT NULL,
    source      VARCHAR,
    source_uri  VARCHAR,
    PRIMARY KEY (erasure_id, doc_id)
);

-- Every corpus row an erasure removed, by id.
CREATE TABLE erasure_outputs (
    erasure_id  VARCHAR NOT NULL,
    corpus      VARCHAR NOT NULL,
    output_id   VARCHAR NOT NULL,
    doc_id      VARCHAR NOT NULL,
    PRIMARY KEY (erasure_id, corpus, output_id)
);

-- Snapshots an erasure replaced (a new snapshot without the rows was published) or
-- purged (its folder held erased rows and was deleted from disk).
CREATE TABLE erasure_snapshots (
    erasure_id      VARCHAR NOT NULL,
    corpus          VARCHAR NOT NULL,
    snapshot_id     VARCHAR NOT NULL,
    action          VARCHAR NOT NULL,        -- replaced | purged
    replacement_id  VARCHAR,                 -- the new snapshot (action = replaced)
    rows_removed    BIGINT NOT NULL,
    PRIMARY KEY (erasure_id, snapshot_id, action)
);

-- The subject's keyed tokens (e.g. <PERSON_1a2b3c4d5e6f>) an erasure searched for.
CREATE TABLE erasure_tokens (
    erasure_id  VARCHAR NOT NULL,
    token       VARCHAR NOT NULL,
    PRIMARY KEY (erasure_id, token)
);

-- Downstream jobs that had read an affected snapshot and were told to rebuild or retrain.
CREATE TABLE erasure_consumers (
    erasure_id   VARCHAR NOT NULL,
    consumer_id  VARCHAR NOT NULL,
    snapshot_id  VARCHAR NOT NULL,
    job          VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,
    PRIMARY KEY (erasure_id, consumer_id)
);

-- Any output row back to its document, source file, run and policy, in every snapshot
-- that held it (also after an erasure: document_state and erasure_id say what happened).
CREATE VIEW output_trace AS
SELECT o.output_id, o.corpus, o.snapshot_id, s.status AS snapshot_status,
       o.doc_id, d.source, d.source_uri, d.format, d.language, d.state AS document_state,
       o.source_start, o.source_end, o.run_id, r.status AS run_status, r.flow_run_id,
       r.policy_name, r.policy_hash, r.key_id, r.code_version, r.started_at AS run_started_at,
       (SELECT min(e.erasure_id) FROM erasure_outputs e
        WHERE e.corpus = o.corpus AND e.output_id = o.output_id) AS erasure_id
FROM outputs o
JOIN snapshots s USING (snapshot_id)
LEFT JOIN documents d USING (doc_id)
LEFT JOIN runs r ON r.run_id = o.run_id;

-- Who read what: every consumer with every row of the snapshot it read and its source.
CREATE VIEW consumer_lineage AS
SELECT c.consumer_id, c.job, c.kind, c.consumed_at, c.snapshot_id, o.corpus, o.output_id,
       o.doc_id, d.source, d.source_uri
FROM consumers c
JOIN outputs o USING (snapshot_id)
JOIN documents d USING (doc_id);

-- Per source file: its documents, the rows derived from them, the snapshots holding
-- those rows and the consumers that read those snapshots.
CREATE VIEW source_impact AS
SELECT d.source, d.source_uri,
       count(DISTINCT d.doc_id) AS documents,
       count(DISTINCT o.corpus || '/' || o.output_id) AS outputs,
       count(DISTINCT o.snapshot_id) AS snapshots,
       count(DISTINCT c.consumer_id) AS consumers
FROM documents d
LEFT JOIN outputs o USING (doc_id)
LEFT JOIN consumers c ON c.snapshot_id = o.snapshot_id
GROUP BY d.source, d.source_uri;

-- One line per run: what it found, what it published, whether its data passed the gate.
CREATE VIEW run_overview AS
SELECT r.run_id, r.status, r.policy_name, r.policy_hash, r.key_id, r.code_version,
       r.started_at, r.finished_at, date_diff('millisecond', r.started_at, r.finished_at)
       / 1000.0 AS seconds, r.discovered, r.processed, r.unchanged, r.quarantined,
       r.skipped, r.deleted, r.documents,
       (SELECT count(*) FROM snapshots s WHERE s.run_id = r.run_id
        AND s.snapshot_id NOT IN (SELECT replacement_id FROM erasure_snapshots
                                  WHERE replacement_id IS NOT NULL)) AS snapshots,
       (SELECT coalesce(sum(f.count), 0) FROM findings f WHERE f.run_id = r.run_id) AS findings,
       (SELECT bool_and(v.success) FROM validations v WHERE v.run_id = r.run_id) AS validated,
       r.error
FROM runs r;

-- Findings per run, entity type and operator (counts only).
CREATE VIEW findings_summary AS
SELECT run_id, target, entity_type, operator, count(DISTINCT doc_id) AS documents,
       sum(count) AS findings
FROM findings
GROUP BY ALL;

-- Every erasure with the consumers that were told to rebuild or retrain.
CREATE VIEW erasure_log AS
SELECT e.erasure_id, e.kind, e.target, e.reason, e.requested_at, e.documents,
       e.rows_removed, e.snapshots_published, e.snapshots_purged, e.vault_entries,
       (SELECT count(*) FROM erasure_consumers c WHERE c.erasure_id = e.erasure_id)
           AS consumers_notified,
       e.certificate
FROM erasures e;
