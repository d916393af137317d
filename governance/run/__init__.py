"""The run, declared once (``stages.py``), one module per stage.

``plan`` (plan.py) records the run as started and splits the sources into work,
unchanged and deleted files; ``batch`` (batch.py) takes one unit of work through
extract -> detect -> transform -> shape and stages its pseudonymized rows; ``screen``
(screen.py) deduplicates the staged batches; ``validate`` (screen.py) runs the quality
gate on each batch deduplication left; ``publish`` (publish.py) assembles and publishes
the snapshots and records the run. ``lifecycle.py`` records start, completion and
failure in lineage and OpenLineage. ``flows/govern.py`` maps each stage onto a Prefect
task of the same name; ``in_process`` runs the same stages without Prefect.
"""
