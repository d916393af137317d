"""Deduplication of a corpus's rows, exact and near (MinHash LSH), in one folder.

``minhash.py`` is the deduplicator (normalised text, shingles, MinHash, an LSH index
that spills to disk); ``fingerprints.py`` computes the fingerprints of staged rows in
the workers (a sidecar file per batch) and keeps a snapshot's index for the next run;
``staged.py`` is the pass over a run's staged batches, run by the ``screen`` stage
(``governance/run/screen.py``), which then validates each batch it left.
"""
