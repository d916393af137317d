-- Lineage schema v9: `chunk_origin` holds RAG chunks only. It joined every row of
-- `outputs`, so fine-tuning records were counted as chunks too (352 rows for 176
-- chunks). `record_origin` is the same view for fine-tuning records; both take the
-- corpus kind from the snapshot the row was published in.

CREATE OR REPLACE VIEW chunk_origin AS
SELECT o.output_id, o.corpus, o.snapshot_id, o.doc_id, d.source, d.source_uri,
       o.source_start, o.source_end, o.run_id, r.policy_hash, r.policy_name, r.key_id,
       r.started_at AS run_started_at
FROM outputs o
JOIN snapshots s ON s.snapshot_id = o.snapshot_id AND s.kind = 'rag'
JOIN documents d USING (doc_id)
JOIN runs r ON r.run_id = o.run_id;

CREATE OR REPLACE VIEW record_origin AS
SELECT o.output_id AS record_id, o.corpus, o.snapshot_id, o.doc_id, d.source,
       d.source_uri, o.run_id, r.policy_hash, r.policy_name, r.key_id,
       r.started_at AS run_started_at
FROM outputs o
JOIN snapshots s ON s.snapshot_id = o.snapshot_id AND s.kind = 'finetune'
JOIN documents d USING (doc_id)
JOIN runs r ON r.run_id = o.run_id;
