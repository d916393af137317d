-- Lineage schema v11: how each document was read, where that is worth an auditor's look
-- (`documents.read_flags`, JSON text, NULL when there is nothing to say): pages read by
-- OCR and their confidence, pages that still need OCR, an e-mail whose multipart
-- structure was broken (`partial`), members of a container that failed (their count and
-- reasons, which name members by number and format), entries an archive skipped. Only
-- these keys are kept (`governance.lineage.rows.READ_FLAGS`): none holds a value of the
-- document, and entry or attachment names (personal as often as text) never do.
ALTER TABLE documents ADD COLUMN read_flags VARCHAR;
