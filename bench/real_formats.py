"""Real files nobody here wrote, read by the project's readers and by an independent one.

Builds a corpus from the sample and test files of public repositories (PDF, DOCX, PPTX,
XLSX, XLS, ODS), then reads every file with the project's reader and reports per format:
how many files ended processed, quarantined (by error class) or empty, and how many of the
characters an independent extractor finds the project's text holds:

- PDF: ``pdftotext`` (poppler-utils), the reference text extractor of most pipelines;
- DOCX, PPTX, ODS: the ``<w:t>`` / ``<a:t>`` / ``<text:p>`` runs of the package's XML
  (body, headers, footers, comments, notes), read with the standard library
  (``tests/formats_reference.py``: no office library involved);
- XLSX: openpyxl cell values (``data_only``: cached formula results);
- XLS: no independent reader is in the lock; processed share only.

Character coverage is the overlap of the two texts as multisets of non-space characters
after Unicode NFKC, divided by the reference's count: order, layout and the project's
additions (``column: value`` labels, page separators) do not count, a missing word does.
Nothing is fetched: ``build`` copies files out of local git clones.

    .venv/bin/python bench/real_formats.py build --into ~/.cache/governance/formats \\
        GIT_DIR[:PATH_PREFIX] ...
    .venv/bin/python bench/real_formats.py measure [--ocr] ~/.cache/governance/formats
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.formats_reference import chars, package_text, pdf_text

WANTED = (".pdf", ".docx", ".pptx", ".xlsx", ".xlsm", ".xls", ".ods")


def build(into: Path, specs: list[str]) -> None:
    """Copy every file of a wanted extension out of each git clone's HEAD into ``into``."""
    into.mkdir(parents=True, exist_ok=True)
    manifest = []
    for spec in specs:
        git_dir, _, prefix = spec.partition(":")
        name = Path(git_dir).resolve().parent.name if git_dir.endswith("/repo") else git_dir
        commit = _git(git_dir, "rev-parse", "HEAD").strip()
        listing = _git(git_dir, "ls-tree", "-r", "-l", "HEAD", "--", prefix or ".").splitlines()
        for line in listing:
            meta, path = line.split("\t", 1)
            size = meta.split()[3]
            # a snapshot may list its largest blobs without holding them (size "BAD")
            if not path.lower().endswith(WANTED) or not size.isdigit() or int(size) > 20_000_000:
                continue
            shown = subprocess.run(["git", "--git-dir", git_dir, "show", f"HEAD:{path}"],
                                   capture_output=True, check=False)  # fmt: skip
            data = shown.stdout
            if shown.returncode or data.startswith(b"version https://git-lfs"):
                continue
            target = into / Path(name).name / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            manifest.append({"repo": name, "commit": commit, "path": path, "bytes": len(data)})
    (into / "manifest.json").write_text(json.dumps(manifest, indent=1))
    print(f"{len(manifest)} files from {len(specs)} repositories into {into}")


def _git(git_dir: str, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", git_dir, *args], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip


def reference(path: Path, fmt: str) -> str | None:
    """The independent extractor's text, or None when there is none for the format."""
    try:
        if fmt == "pdf":
            return pdf_text(path, tool="pdftotext")
        if fmt in ("docx", "pptx", "ods"):
            return package_text(path, fmt)
        if fmt == "xlsx":
            from openpyxl import load_workbook

            book = load_workbook(str(path), read_only=True, data_only=True)
            values = [v for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                      for v in row if v is not None and not hasattr(v, "isoformat")]  # fmt: skip
            return "\n".join(str(v) for v in values)
    except Exception:  # the reference could not read it: no figure
        return None
    return None


def ours(path: Path, fmt: str, ocr: bool = False) -> tuple[str, str]:
    """(outcome, text) of the project's reader: processed, empty or the error class."""
    from governance.errors import InputError
    from governance.ingest.readers import READERS
    from governance.policy.model import Ocr, Source
    from governance.records import SourceFile

    data = path.read_bytes()
    source = Source(name="formats", root=".", ocr=Ocr(enabled=ocr, languages=("eng",)))
    file = SourceFile("formats", str(path), path.name, len(data), "h", fmt)
    try:
        docs = list(READERS[fmt](file, data, source))
    except InputError as exc:
        return type(exc).__name__, ""
    text = "\n".join(d.text for d in docs)
    return ("processed" if text.strip() else "empty"), text


def measure(folder: Path, ocr: bool = False) -> None:
    from governance.ingest.base import EXTENSIONS

    per: dict[str, dict[str, object]] = defaultdict(lambda: {"outcomes": Counter(), "ref": 0,
                                                              "found": 0, "low": []})  # fmt: skip
    for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in WANTED):
        fmt = EXTENSIONS[path.suffix.lower()]
        outcome, text = ours(path, fmt, ocr)
        row = per[fmt]
        row["outcomes"][outcome] += 1  # type: ignore[index]
        ref = reference(path, fmt)
        if ref is None or outcome != "processed":
            continue
        want, got = chars(ref), chars(text)
        total, found = sum(want.values()), sum((want & got).values())
        row["ref"] += total  # type: ignore[operator]
        row["found"] += found  # type: ignore[operator]
        if total and found / total < 0.98:
            row["low"].append(f"{path.relative_to(folder)} {found / total:.1%}")  # type: ignore[attr-defined]
    print("| format | files | processed | quarantined / empty | reference chars | "
          "coverage |\n|---|---|---|---|---|---|")  # fmt: skip
    for fmt, row in sorted(per.items()):
        outcomes: Counter[str] = row["outcomes"]  # type: ignore[assignment]
        files = sum(outcomes.values())
        others = ", ".join(f"{n} {k}" for k, n in sorted(outcomes.items()) if k != "processed")
        ref, found = int(row["ref"]), int(row["found"])  # type: ignore[call-overload]
        cover = f"{found / ref:.2%}" if ref else "n/a"
        print(f"| {fmt} | {files} | {outcomes['processed']} ({outcomes['processed'] / files:.0%}) "
              f"| {others or '-'} | {ref:,} | {cover} |")  # fmt: skip
    for fmt, row in sorted(per.items()):
        for line in row["low"]:  # type: ignore[attr-defined]
            print(f"below 98%: {fmt} {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("--into", type=Path, required=True)
    b.add_argument("specs", nargs="+", help="GIT_DIR[:PATH_PREFIX]")
    m = sub.add_parser("measure")
    m.add_argument("folder", type=Path)
    m.add_argument("--ocr", action="store_true", help="read scanned PDF pages by OCR")
    args = parser.parse_args()
    if args.command == "build":
        build(args.into, args.specs)
    else:
        measure(args.folder, args.ocr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
