"""Tables (CSV, TSV, JSON Lines): one Document per row.

A row's text is a ``column: value`` line for each column, in file order, that is not
declared ``drop`` in the policy and has a value; a ``col:<column>`` section spans each
value, so a direct-identifier column can be pseudonymized whole. The whole file is
parsed before any row is returned: one malformed row quarantines the whole file,
with the row or line number in the reason.

JSON Lines objects are flattened one level (``{"a": {"b": 1}}`` is column ``a.b``);
lists of scalars are joined with ``"; "``, deeper values kept as compact JSON. A row's
``language`` column, when it holds a language code, sets the Document's language.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import TypeAlias

from governance.errors import InputError
from governance.ingest.base import register
from governance.ingest.parts import part_slice
from governance.ingest.readers.text import decode, make_document
from governance.policy.model import ColumnRole, Source
from governance.records import Document, Section, SourceFile

Row: TypeAlias = list[tuple[str, str]]
"""A row as (column, value) pairs in file order."""

LANGUAGE_COLUMN = "language"
_LANGUAGE_CODE = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{2,8})*")
_CSV_EOF = "unexpected end of data"


def row_document(
    file: SourceFile, source: Source, n: int, row: Row, *, sheet: int | None = None
) -> Document:
    """The Document of data row (or line) ``n`` (of worksheet ``sheet``): ``column: value``
    lines and sections."""
    lines: list[str] = []
    sections: list[Section] = []
    offset = 0
    for column, raw in row:
        value = raw.strip()
        if not value or role(source, column) is ColumnRole.DROP:
            continue
        start = offset + len(column) + 2
        sections.append(Section(f"col:{column}", start, start + len(value)))
        lines.append(f"{column}: {value}")
        offset += len(lines[-1]) + 1
    return make_document(
        file,
        source,
        "\n".join(lines),
        part=f"row={n}" if sheet is None else f"sheet={sheet}#row={n}",
        sections=sections,
        metadata={"row": str(n)} if sheet is None else {"sheet": str(sheet), "row": str(n)},
        language=row_language(row),
    )


def role(source: Source, column: str) -> ColumnRole:
    """The policy role of a column (a flattened ``a.b`` falls back to ``a``)."""
    declared = source.columns.get(column) or source.columns.get(column.split(".", 1)[0])
    return declared.role if declared else ColumnRole.FREE_TEXT


def row_language(row: Row) -> str | None:
    """The primary subtag of a ``language`` column holding a code (``es-ES`` -> ``es``)."""
    for column, value in row:
        if column == LANGUAGE_COLUMN:
            code = _LANGUAGE_CODE.fullmatch(value.strip())
            return code.group(1).lower() if code else None
    return None


def csv_rows(text: str, file_format: str) -> list[tuple[int, Row]]:
    """Numbered data rows of a CSV/TSV text; the first non-blank row is the header."""
    kind = file_format.upper()
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter="\t" if kind == "TSV" else ",", strict=True
    )
    header: list[str] = []
    rows: list[tuple[int, Row]] = []
    while True:
        line = reader.line_num + 1
        try:
            fields = next(reader, None)
        except csv.Error as exc:
            raise _csv_error(kind, exc, len(rows) + 1, line) from exc
        if fields is None:
            return rows
        if not fields:
            continue
        if not header:
            header = _header(fields, kind)
            continue
        if len(fields) != len(header):
            raise InputError(
                f"malformed {kind}: row {len(rows) + 1} (line {line}) has {len(fields)} "
                f"fields, header has {len(header)}"
            )
        rows.append((len(rows) + 1, list(zip(header, fields, strict=True))))


def _header(fields: list[str], kind: str) -> list[str]:
    """Column names; a blank name becomes ``column_<i>``, a repeated one is an error."""
    names = [name.strip() or f"column_{i}" for i, name in enumerate(fields, start=1)]
    for i, name in enumerate(names):
        if name in names[:i]:
            raise InputError(
                f"malformed {kind}: header column {i + 1} repeats the name of column "
                f"{names.index(name) + 1}",
                hint="give every column a distinct name",
            )
    return names


def _csv_error(kind: str, exc: csv.Error, row: int, line: int) -> InputError:
    reason = "unterminated quote" if str(exc) == _CSV_EOF else str(exc)
    return InputError(f"malformed {kind}: {reason} in row {row} (starting at line {line})")


def jsonl_rows(text: str) -> list[tuple[int, Row]]:
    """Rows of a JSON Lines text, numbered by physical line; blank lines are skipped."""
    rows: list[tuple[int, Row]] = []
    for n, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            rows.append((n, flatten(_json_object(line, n))))
    return rows


def _json_object(line: str, n: int) -> dict[str, object]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"invalid JSON on line {n}: {exc.msg} (column {exc.colno})",
            hint="every line of a JSON Lines file is one complete JSON object",
        ) from exc
    except RecursionError as exc:
        raise InputError(f"invalid JSON on line {n}: nested too deeply") from exc
    if not isinstance(value, dict):
        raise InputError(
            f"invalid JSON Lines on line {n}: a JSON {_json_type(value)}, not an object"
        )
    return value


def flatten(record: dict[str, object]) -> Row:
    """One level of nesting becomes dotted columns; values become text."""
    row: Row = []
    for key, value in record.items():
        if isinstance(value, dict):
            row.extend((f"{key}.{sub}", scalar_text(inner)) for sub, inner in value.items())
        else:
            row.append((key, scalar_text(value)))
    return row


def scalar_text(value: object) -> str:
    """A JSON value as text: strings as is, lists of scalars joined, the rest as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and not any(isinstance(v, dict | list) for v in value):
        return "; ".join(scalar_text(v) for v in value if v is not None)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json_type(value: object) -> str:
    names = {list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return names.get(type(value), "null")


@register("csv", "tsv")
def read_csv(file: SourceFile, data: bytes, source: Source) -> Iterator[Document]:
    """One Document per data row of a CSV or TSV file with a header row."""
    rows = csv_rows(decode(data), file.format)
    if not rows:
        raise InputError(f"empty table: a {file.format.upper()} header and no data rows")
    for n, row in part_slice(rows, file):
        yield row_document(file, source, n, row)


@register("jsonl")
def read_jsonl(file: SourceFile, data: bytes, source: Source) -> Iterator[Document]:
    """One Document per JSON object line."""
    rows = jsonl_rows(decode(data))
    if not rows:
        raise InputError("no documents: the file holds no readable records")
    for n, row in part_slice(rows, file):
        yield row_document(file, source, n, row)
