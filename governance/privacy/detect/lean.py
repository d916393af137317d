"""Import Presidio without the Hugging Face stack it never needs here.

``presidio_analyzer.nlp_engine`` imports ``transformers`` for an optional token
classification pipeline; that pulls in transformers' model and generation modules and
torch's distributed and compiler packages: about 3 of the 5 seconds a worker spends
importing Presidio. This project runs spaCy only. Presidio guards that import with
``except ImportError``, so ``transformers`` is hidden while Presidio loads and restored at
once: a later ``import transformers`` (the vector indexing job) works as usual.
"""

from __future__ import annotations

import importlib
import sys


def import_presidio() -> None:
    """Load Presidio now, without transformers, unless one of them is already loaded."""
    if "presidio_analyzer" in sys.modules or "transformers" in sys.modules:
        return
    sys.modules["transformers"] = None  # type: ignore[assignment]  # import -> ImportError
    try:
        importlib.import_module("presidio_analyzer")
        importlib.import_module("presidio_anonymizer")
    finally:
        del sys.modules["transformers"]
