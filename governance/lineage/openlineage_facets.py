"""OpenLineage datasets and facets for a run: sources in, corpus snapshots out.

Inputs are the policy's source folders; outputs are the corpora, each published
snapshot as a dataset version, with the corpus schema (``corpora/schemas.py``), the
row count and size, and the Great Expectations verdicts as data-quality assertions.
Names, paths, counts and expectation names only: nothing from inside a document.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import cast

import pyarrow as pa
from openlineage.client.event_v2 import InputDataset, OutputDataset
from openlineage.client.facet_v2 import (
    DatasetFacet,
    OutputDatasetFacet,
    data_quality_assertions_dataset,
    dataset_version_dataset,
    datasource_dataset,
    output_statistics_output_dataset,
    schema_dataset,
)

from governance.corpora.schemas import SCHEMAS
from governance.ingest.discover import source_root
from governance.lineage.store import SnapshotRow, ValidationRow
from governance.policy.model import Policy
from governance.workspace import Workspace

FILE_NAMESPACE = "file"


def source_datasets(policy: Policy, base: Path | None) -> list[InputDataset]:
    """One input dataset per policy source: its root folder."""
    out = []
    for source in policy.sources:
        root = source_root(policy, source, base)
        facets: dict[str, DatasetFacet] = {
            "dataSource": datasource_dataset.DatasourceDatasetFacet(
                name=source.name, uri=root.as_uri()
            )
        }
        out.append(InputDataset(namespace=FILE_NAMESPACE, name=str(root), facets=facets))
    return out


def schema_facet(kind: str) -> schema_dataset.SchemaDatasetFacet:
    return schema_dataset.SchemaDatasetFacet(fields=[_field(f) for f in SCHEMAS[kind]])


def _field(f: pa.Field) -> schema_dataset.SchemaDatasetFacetFields:
    if pa.types.is_list(f.type) and pa.types.is_struct(f.type.value_type):
        inner = [_field(f.type.value_type.field(i)) for i in range(f.type.value_type.num_fields)]
        return schema_dataset.SchemaDatasetFacetFields(name=f.name, type="list<struct>",
                                                       fields=inner)  # fmt: skip
    return schema_dataset.SchemaDatasetFacetFields(name=f.name, type=str(f.type))


def corpus_datasets(
    policy: Policy,
    ws: Workspace,
    snapshots: Sequence[SnapshotRow] = (),
    validations: Sequence[ValidationRow] = (),
) -> list[OutputDataset]:
    """One output dataset per corpus; a published snapshot is its version."""
    published = {s.corpus: s for s in snapshots}
    out = []
    for name, target in policy.targets.items():
        facets: dict[str, DatasetFacet] = {"schema": schema_facet(target.kind)}
        out_facets: dict[str, OutputDatasetFacet] = {}
        snap = published.get(name)
        if snap is not None:
            facets["version"] = dataset_version_dataset.DatasetVersionDatasetFacet(
                datasetVersion=snap.snapshot_id
            )
            out_facets["outputStatistics"] = _statistics(snap)
        checks = [v for v in validations if v.corpus == name]
        if checks:
            # The spec types this facet for inputs (checks made on read); ours are checks made
            # before publishing, so they sit with the output's dataset facets.
            facets["dataQualityAssertions"] = cast(DatasetFacet, assertions(checks))
        out.append(OutputDataset(namespace=FILE_NAMESPACE, name=str(ws.corpus(name)),
                                 facets=facets, outputFacets=out_facets))  # fmt: skip
    return out


def _statistics(
    snap: SnapshotRow,
) -> output_statistics_output_dataset.OutputStatisticsOutputDatasetFacet:
    parts = sorted(Path(snap.path).glob("part-*.parquet"))
    return output_statistics_output_dataset.OutputStatisticsOutputDatasetFacet(
        rowCount=snap.row_count, size=sum(p.stat().st_size for p in parts), fileCount=len(parts)
    )


def assertions(
    checks: Sequence[ValidationRow],
) -> data_quality_assertions_dataset.DataQualityAssertionsDatasetFacet:
    """One assertion per expectation and column; it succeeds when every batch passed it."""
    verdicts: dict[tuple[str, str | None], bool] = {}
    for check in checks:
        for result in check.result.get("results", []):
            key = (str(result["expectation"]), result.get("column"))
            verdicts[key] = verdicts.get(key, True) and bool(result["success"])
    return data_quality_assertions_dataset.DataQualityAssertionsDatasetFacet(
        assertions=[
            data_quality_assertions_dataset.Assertion(
                assertion=expectation,
                success=ok,
                column=column,
                severity="error",
                name=f"{checks[0].suite}:{expectation}",
            )
            for (expectation, column), ok in sorted(verdicts.items(), key=str)
        ]
    )
