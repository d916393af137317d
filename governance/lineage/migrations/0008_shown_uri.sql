-- Lineage schema v8: the path of each file as it may be shown outside lineage. A path is
-- personal data as often as a file's text (`hr/Jane_Doe_salary.txt`): the worker that
-- read the file runs the path through detection and keeps it with its personal parts as
-- keyed tokens (`hr/<PERSON_1a2b3c4d5e6f>_salary.txt`, governance/privacy/paths.py);
-- a file no worker read (skipped, deleted, held in quarantine) is shown by its id and
-- extension (`[file 3f9a2c1d0b7e4a51].pdf`). Reports, quarantine lists and corpora use
-- this column; `source_uri` stays for tracing and incremental runs, and an erasure of a
-- subject rewrites it. NULL for rows written before.

ALTER TABLE files ADD COLUMN IF NOT EXISTS shown_uri VARCHAR;
