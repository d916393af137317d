"""Vector indexes built from RAG snapshots (LanceDB, all-MiniLM-L6-v2), queried by group."""

from governance.index.build import IndexInfo, build_index
from governance.index.query import Hit, query_index

__all__ = ["Hit", "IndexInfo", "build_index", "query_index"]
