-- Lineage schema v1. Values of personal data never appear here: counts, ids, hashes,
-- offsets, paths and policy metadata only.

CREATE TABLE runs (
    run_id        VARCHAR PRIMARY KEY,
    flow_run_id   VARCHAR,
    policy_name   VARCHAR NOT NULL,
    policy_hash   VARCHAR NOT NULL,
    policy_path   VARCHAR,
    key_id        VARCHAR NOT NULL,
    code_version  VARCHAR NOT NULL,
    runner        VARCHAR,
    status        VARCHAR NOT NULL,   -- running | completed | gate_failed | failed
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    discovered    INTEGER,
    processed     INTEGER,
    unchanged     INTEGER,
    quarantined   INTEGER,
    skipped       INTEGER,
    deleted       INTEGER,
    documents     INTEGER,
    error         VARCHAR
);

CREATE TABLE policies (
    policy_hash   VARCHAR PRIMARY KEY,
    policy_name   VARCHAR NOT NULL,
    canonical     JSON NOT NULL,
    first_run_id  VARCHAR NOT NULL
);

-- One row per discovered file per run: the state it ended in, and why.
CREATE TABLE files (
    run_id        VARCHAR NOT NULL,
    source        VARCHAR NOT NULL,
    source_uri    VARCHAR NOT NULL,
    content_hash  VARCHAR,
    state         VARCHAR NOT NULL,   -- processed | unchanged | quarantined | skipped | deleted
    documents     INTEGER NOT NULL,
    reason        VARCHAR,
    error_class   VARCHAR,
    rule          VARCHAR,
    PRIMARY KEY (run_id, source, source_uri)
);

CREATE TABLE documents (
    doc_id          VARCHAR PRIMARY KEY,
    source          VARCHAR NOT NULL,
    source_uri      VARCHAR NOT NULL,
    format          VARCHAR NOT NULL,
    language        VARCHAR,
    content_hash    VARCHAR NOT NULL,
    state           VARCHAR NOT NULL,  -- active | deleted | erased
    first_seen_run  VARCHAR NOT NULL,
    last_seen_run   VARCHAR NOT NULL,
    first_seen_at   TIMESTAMP NOT NULL,
    last_seen_at    TIMESTAMP NOT NULL
);

CREATE TABLE findings (
    run_id       VARCHAR NOT NULL,
    doc_id       VARCHAR NOT NULL,
    target       VARCHAR NOT NULL,
    entity_type  VARCHAR NOT NULL,
    operator     VARCHAR NOT NULL,
    detector     VARCHAR NOT NULL,
    count        INTEGER NOT NULL
);

CREATE TABLE snapshots (
    snapshot_id      VARCHAR PRIMARY KEY,
    corpus           VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL,
    run_id           VARCHAR NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    row_count        BIGINT NOT NULL,
    path             VARCHAR NOT NULL,
    manifest_sha256  VARCHAR NOT NULL,
    status           VARCHAR NOT NULL   -- published | superseded | blocked
);

-- Every row of every snapshot: which document it came from and which span of the source.
CREATE TABLE outputs (
    snapshot_id   VARCHAR NOT NULL,
    output_id     VARCHAR NOT NULL,
    corpus        VARCHAR NOT NULL,
    doc_id        VARCHAR NOT NULL,
    run_id        VARCHAR NOT NULL,   -- the run that produced the row
    source_start  BIGINT,
    source_end    BIGINT,
    PRIMARY KEY (snapshot_id, output_id)
);

CREATE TABLE validations (
    run_id     VARCHAR NOT NULL,
    corpus     VARCHAR NOT NULL,
    suite      VARCHAR NOT NULL,
    success    BOOLEAN NOT NULL,
    evaluated  INTEGER NOT NULL,
    failed     INTEGER NOT NULL,
    result     JSON NOT NULL
);

CREATE TABLE consumers (
    consumer_id  VARCHAR PRIMARY KEY,
    snapshot_id  VARCHAR NOT NULL,
    job          VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,    -- vector_index | finetune | other
    consumed_at  TIMESTAMP NOT NULL
);

CREATE VIEW chunk_origin AS
SELECT o.output_id, o.corpus, o.snapshot_id, o.doc_id, d.source, d.source_uri,
       o.source_start, o.source_end, o.run_id, r.policy_hash, r.policy_name, r.key_id,
       r.started_at AS run_started_at
FROM outputs o
JOIN documents d USING (doc_id)
JOIN runs r ON r.run_id = o.run_id;

CREATE VIEW current_snapshots AS
SELECT * FROM snapshots WHERE status = 'published';
