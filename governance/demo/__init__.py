"""The fictional company corpus behind ``govern demo``: Acme Iberia's HR exports, support
tickets, e-mail and internal documents in English and Spanish, full of fictional but
realistic personal data, plus ``gold.json`` listing every personal value planted.

Output is byte-identical for a seed. ``scale`` multiplies records and files; every
file is written as it is generated, so large scales stream to disk.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from governance.demo import lang_en, lang_es
from governance.demo.context import Context
from governance.demo.docs import write_docs, write_scan
from governance.demo.hr import write_hr
from governance.demo.mail import write_mail
from governance.demo.manifest import DemoManifest, GoldRecorder, PlantedValue
from governance.demo.tickets import write_tickets
from governance.demo.values import PeopleFactory
from governance.errors import ConfigError

__all__ = ["DEFAULT_SEED", "GOLD_FILE", "DemoManifest", "PlantedValue", "generate_demo_corpus"]

DEFAULT_SEED = 20261123
GOLD_FILE = "gold.json"
PACKS = {"en": lang_en.PACK, "es": lang_es.PACK}
SUBDIRS = ("hr", "tickets", "mail", "docs")


def generate_demo_corpus(dest: Path, *, seed: int = DEFAULT_SEED, scale: int = 1) -> DemoManifest:
    """Write the demo corpus under ``dest`` and return what was planted where.

    ``dest`` must be missing, empty, or a previous demo corpus (it has ``gold.json``),
    which is replaced. ``files`` counts corpus files, not ``gold.json``.
    """
    if isinstance(scale, bool) or not isinstance(scale, int) or scale < 1:
        raise ConfigError(f"demo scale must be a whole number of at least 1, got {scale!r}")
    root = Path(dest)
    _prepare(root)
    gold = GoldRecorder()
    files: list[str] = []
    for lang, pack in PACKS.items():
        ctx = Context(root, pack, PeopleFactory(lang, seed), gold, seed, scale)
        files += [write_hr(ctx), write_tickets(ctx), *write_mail(ctx), *write_docs(ctx)]
    files.append(write_scan(root, seed))
    gold_path = root / GOLD_FILE
    gold.write(gold_path, seed=seed, scale=scale, files=len(files))
    return DemoManifest(root=root, files=len(files), values=gold.values, path=gold_path)


def _prepare(root: Path) -> None:
    if root.exists() and not root.is_dir():
        raise ConfigError(
            f"demo corpus destination {root} is a file", hint="pass a folder path instead"
        )
    if root.is_dir() and any(root.iterdir()):
        if not (root / GOLD_FILE).is_file():
            raise ConfigError(
                f"demo corpus destination {root} is not empty and is not a demo corpus "
                f"(no {GOLD_FILE})",
                hint="choose an empty or missing folder; an earlier demo corpus is replaced",
            )
        for name in SUBDIRS:
            shutil.rmtree(root / name, ignore_errors=True)
        (root / GOLD_FILE).unlink()
    for name in SUBDIRS:
        (root / name).mkdir(parents=True, exist_ok=True)
