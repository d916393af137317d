"""Arrow corpus tables to the pandas frames the suites validate."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import pyarrow as pa

CONTENT_COLUMN = "content"
MESSAGE_SEPARATOR = "\n\n"


def table_to_frame(table: pa.Table) -> pd.DataFrame:
    """``table`` as pandas, plus ``content`` when it has a ``messages`` column.

    ``content`` joins ``text`` and every message's content, so one residual-PII
    expectation covers text and chat fine-tuning records alike (for a text record it
    is the text, for a chat record the concatenated turns).
    """
    frame = table.to_pandas()
    if "messages" in table.column_names:
        frame[CONTENT_COLUMN] = pd.Series(_content(table), index=frame.index, dtype=object)
    return frame


def _content(table: pa.Table) -> list[str | None]:
    rows = table.num_rows
    texts = table.column("text").to_pylist() if "text" in table.column_names else [None] * rows
    messages = table.column("messages").to_pylist()
    return [_join(text, turns) for text, turns in zip(texts, messages, strict=True)]


def _join(text: str | None, turns: Sequence[Mapping[str, str | None]] | None) -> str | None:
    parts = [text] if text is not None else []
    for turn in turns or ():
        content = turn.get("content")
        if content is not None:
            parts.append(content)
    return MESSAGE_SEPARATOR.join(parts) if parts else None
