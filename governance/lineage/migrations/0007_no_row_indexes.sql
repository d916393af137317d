-- Lineage schema v7: no primary-key indexes on the per-row tables `documents` and
-- `outputs`. DuckDB keeps a primary key's ART index in memory, and a run's lineage
-- transaction held every new key of it until COMMIT (bench/lineage_memory.py: about 15%
-- of that transaction's memory at 100,000 documents). Uniqueness is kept by the writer
-- instead: a run's document ids are checked for repeats before they are written
-- (`LineageStore._write_documents`), and a snapshot's output ids before it is published
-- (`corpora/assemble.py`). Columns and NOT NULL constraints are unchanged.

CREATE TABLE documents_v7 (
    doc_id          VARCHAR NOT NULL,
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
INSERT INTO documents_v7 SELECT * FROM documents;
DROP TABLE documents;
ALTER TABLE documents_v7 RENAME TO documents;

CREATE TABLE outputs_v7 (
    snapshot_id   VARCHAR NOT NULL,
    output_id     VARCHAR NOT NULL,
    corpus        VARCHAR NOT NULL,
    doc_id        VARCHAR NOT NULL,
    run_id        VARCHAR NOT NULL,   -- the run that produced the row
    source_start  BIGINT,
    source_end    BIGINT
);
INSERT INTO outputs_v7 SELECT * FROM outputs;
DROP TABLE outputs;
ALTER TABLE outputs_v7 RENAME TO outputs;
