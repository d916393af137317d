"""OpenLineage events: built with the client, valid against the spec, sent to file or HTTP."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import jsonschema
import pytest

from tests.conftest import DEFAULT_POLICY
from tests.integration.conftest import write_corpus
from tests.openlineage_spec import validate_event


@pytest.fixture
def ctx(tmp_path: Path) -> Any:
    from governance.context import RunConfig, new_context

    write_corpus(tmp_path / "sources")
    return new_context(
        RunConfig(str(DEFAULT_POLICY), str(tmp_path / "ws"), str(tmp_path / "sources"))
    )


def _record(ctx: Any, status: str = "completed") -> Any:
    from governance.lineage.store import RunRecord, SnapshotRow, ValidationRow

    snap_dir = Path(ctx.config.workspace) / "corpora" / "rag" / "s1"
    snap_dir.mkdir(parents=True)
    (snap_dir / "part-00000.parquet").write_bytes(b"x" * 10)
    result = {
        "results": [
            {
                "expectation": "expect_column_values_to_not_be_null",
                "column": "text",
                "success": status == "completed",
            }
        ]
    }
    return RunRecord(
        run_id=ctx.run_id, status=status,
        snapshots=[SnapshotRow("s1", "rag", "rag", 7, str(snap_dir), "abc", "published")],
        validations=[ValidationRow("rag", "rag_chunks", status == "completed", 1, 0, result)],
    )  # fmt: skip


def _events(ctx: Any) -> list[dict[str, Any]]:
    path = Path(ctx.config.workspace) / "openlineage" / "events.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_start_complete_fail_go_to_the_workspace_file_and_validate(ctx: Any) -> None:
    from governance.lineage import openlineage as ol

    assert ol.emit_start(ctx, "0b5f4a8e-1c1b-4c0e-9f8e-2a3b4c5d6e7f")
    assert ol.emit_complete(ctx, _record(ctx))
    assert ol.emit_fail(ctx, "KeyError")
    events = _events(ctx)
    assert [e["eventType"] for e in events] == ["START", "COMPLETE", "FAIL"]
    for event in events:
        validate_event(event)
    start, complete, fail = events
    assert {e["run"]["runId"].replace("-", "") for e in events} == {ctx.run_id}
    parent = start["run"]["facets"]["parent"]
    assert (parent["job"]["namespace"], parent["job"]["name"]) == ("prefect", "govern")
    inputs = {i["facets"]["dataSource"]["name"] for i in start["inputs"]}
    assert inputs == {"hr", "tickets", "mail", "docs"}
    rag = next(o for o in complete["outputs"] if o["name"].endswith("/corpora/rag"))
    assert rag["facets"]["version"]["datasetVersion"] == "s1"
    assert rag["outputFacets"]["outputStatistics"]["rowCount"] == 7
    assert "chunk_id" in {f["name"] for f in rag["facets"]["schema"]["fields"]}
    assertions = rag["facets"]["dataQualityAssertions"]["assertions"]
    assert assertions[0]["success"] is True and assertions[0]["column"] == "text"
    assert fail["run"]["facets"]["errorMessage"]["message"] == "KeyError"
    assert "sourceCodeLocation" not in start["job"]["facets"]


def test_a_gate_failure_is_a_fail_event_with_the_failed_assertion(ctx: Any) -> None:
    from governance.lineage import openlineage as ol

    ol.emit_complete(ctx, _record(ctx, status="gate_failed"))
    (event,) = _events(ctx)
    validate_event(event)
    assert event["eventType"] == "FAIL"
    rag = next(o for o in event["outputs"] if o["name"].endswith("/corpora/rag"))
    assert rag["facets"]["dataQualityAssertions"]["assertions"][0]["success"] is False


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("run", "runId"), "not-a-uuid"),
        (("eventTime",), "yesterday"),
        (("job", "facets", "jobType", "processingType"), "SOMETIMES"),
        (("inputs", 0, "facets", "dataSource", "_schemaURL"), "https://example.com/Unknown.json"),
        (("run", "facets", "processing_engine", "_producer"), None),
    ],
)
def test_the_spec_check_rejects_broken_events(ctx: Any, path: tuple[Any, ...], value: Any) -> None:
    from governance.lineage import openlineage as ol

    ol.emit_start(ctx)
    (event,) = _events(ctx)
    node = event
    for key in path[:-1]:
        node = node[key]
    if value is None:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    with pytest.raises((jsonschema.ValidationError, KeyError)):
        validate_event(event)


class _Collector(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[str, dict[str, Any], str]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, json.loads(body), self.headers.get("Authorization", "")))
        self.send_response(201)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def lineage_server() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Collector.received = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_http_transport_posts_to_a_marquez_style_endpoint(
    ctx: Any, lineage_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from governance.lineage import openlineage as ol

    monkeypatch.setenv("OPENLINEAGE_URL", lineage_server)
    monkeypatch.setenv("OPENLINEAGE_API_KEY", "secret-token")
    assert ol.emit_start(ctx)
    ((path, event, auth),) = _Collector.received
    assert path == "/api/v1/lineage" and auth == "Bearer secret-token"
    validate_event(event)
    assert not (Path(ctx.config.workspace) / "openlineage" / "events.jsonl").exists()


def test_an_unreachable_endpoint_does_not_fail_the_run(
    ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from governance.lineage import openlineage as ol

    monkeypatch.setenv("OPENLINEAGE_URL", "http://127.0.0.1:9")  # discard port: refused
    assert ol.emit_start(ctx) is False


def test_disabled_emits_nothing(ctx: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from governance.lineage import openlineage as ol

    monkeypatch.setenv("OPENLINEAGE_DISABLED", "true")
    assert ol.emit_start(ctx) is False
    assert not (Path(ctx.config.workspace) / "openlineage" / "events.jsonl").exists()
