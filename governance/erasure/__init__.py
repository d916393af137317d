"""Erasure (``govern erase``): forget a document, a source file or a data subject.

``erase.py`` runs an erasure (new snapshots, one lineage transaction, CURRENT swapped,
old folders purged); ``scan.py`` finds the rows to remove; ``subject.py`` turns a
subject's value into the tokens and surrogates the pipeline wrote; ``record.py`` is the
lineage transaction and the certificate; ``scrub.py`` removes erased rows outside
snapshots. Erasures hold in later runs: ``plan.py`` (at the run's plan stage) skips
erased files and writes what workers must hold out, ``hold.py`` (in the batch stage)
drops those rows.
"""
