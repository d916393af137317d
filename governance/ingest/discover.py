"""Discovery and the incremental diff.

Discovery walks each source's root with its include and exclude globs and hashes every
file's content, unless lineage recorded the hash with the same stat (size, modification
and status-change times, inode) and the file had not changed for a while when it was
hashed: the check git's index makes, so an unchanged corpus is not read again.

The diff against lineage splits files into those to process (new, changed, or whose
source's treatment changed: ``governance.policy.identity``), unchanged ones, and deleted
ones. A file quarantined by the last run that saw it stays quarantined, with the same
reason and without being read again, while its content, its source's treatment and the
code version are the same: the verdict could not change (``hold_quarantined``).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from fnmatch import fnmatch
from pathlib import Path
from typing import TypeAlias

from governance.errors import ConfigError
from governance.hashing import sha256_file
from governance.ingest.base import EXTENSIONS
from governance.policy.model import Policy, Source
from governance.records import FileOutcome, FileStat, FileState, Quarantined, SourceFile


def source_root(policy: Policy, source: Source, base: Path | None) -> Path:
    root_base = Path(base) if base is not None else Path(policy.source_root)
    root = Path(source.root)
    return (root if root.is_absolute() else root_base / root).resolve()


def check_roots(policy: Policy, base: Path | None) -> None:
    """Fail before any work when a source folder is missing (exit 2 with its name)."""
    for source in policy.sources:
        root = source_root(policy, source, base)
        if not root.is_dir():
            raise ConfigError(
                f"source '{source.name}': folder {root} does not exist",
                hint="fix sources[].root or source_root in the policy, or pass --source-root",
            )


def printable_name(name: str) -> str:
    """A file name as valid UTF-8 text: any byte string is a valid name on POSIX, and
    Python hands the bytes that are not UTF-8 over as lone surrogates, which no encoder,
    database or log accepts. Those bytes are written ``\\xe9``; the file itself is still
    opened through its real name (``SourceFile.path``)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def content_hash(path: Path) -> str:
    return sha256_file(path)


def file_format(source: Source, path: Path) -> str | None:
    if source.format != "auto":
        return source.format
    return EXTENSIONS.get(path.suffix.lower())


def skip_rule(source: Source, path: Path, fmt: str | None, excluded: str | None) -> str | None:
    """Why a discovered file is not read, or None when it is."""
    if excluded:
        return f"exclude: {excluded}"
    if fmt is None:
        return f"unsupported format: '{path.suffix}'"
    if fmt == "image" and not source.ocr.enabled:
        return "image: OCR is off for this source (sources[].ocr.enabled)"
    return None


# (source, uri) -> the stat and content hash lineage recorded for the file
HashCache: TypeAlias = Mapping[tuple[str, str], tuple[FileStat, str]]


@dataclass(slots=True)
class Discovered:
    files: list[SourceFile] = field(default_factory=list)
    skipped: list[FileOutcome] = field(default_factory=list)
    stats: dict[tuple[str, str], FileStat] = field(default_factory=dict)
    hashed: int = 0  # files read to hash them (the others' hashes came from ``cache``)


def discover(
    policy: Policy, base: Path | None = None, cache: HashCache | None = None
) -> Discovered:
    """Every file the sources name, hashed or (same stat as in ``cache``) not read."""
    found = Discovered()
    for source in policy.sources:
        root = source_root(policy, source, base)
        inside: dict[Path, bool] = {}  # folder -> whether it lies inside the root
        for path in _walk(root, source):
            _classify(found, source, root, path, inside, cache=cache or {})
    return found


def _walk(root: Path, source: Source) -> Iterator[Path]:
    seen: set[Path] = set()
    for pattern in source.include:
        for path in sorted(root.glob(pattern), key=str):  # str: Path comparison is slow
            if not path.is_dir() and path not in seen:  # files, and FIFOs, sockets, devices
                seen.add(path)
                yield path


OUTSIDE_ROOT = "symlink: points outside the source root"
NOT_REGULAR = "not a regular file (a pipe, socket, device or broken link)"


def _classify(
    found: Discovered, source: Source, root: Path, path: Path, inside: dict[Path, bool], *,
    cache: HashCache,
) -> None:  # fmt: skip
    uri = printable_name(str(path)[len(str(root).rstrip("/")) + 1 :])  # glob: under the root
    rule, st, real = _inspect(root, path, inside)
    if st is None:  # never opened: reading a pipe blocks, a link out of the root is not ours
        found.skipped.append(FileOutcome(source.name, uri, "", FileState.SKIPPED, rule=rule))
        return
    key = (source.name, uri)
    seen = found.stats[key] = FileStat(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    cached = cache.get(key)
    if cached is not None and cached[0] == seen:
        digest = cached[1]
    else:
        digest = _hash(real)
        found.hashed += 1
    excluded = next((p for p in source.exclude if fnmatch(uri, p)), None)
    fmt = file_format(source, path)
    rule = skip_rule(source, path, fmt, excluded)
    if rule or fmt is None:
        found.skipped.append(FileOutcome(source.name, uri, digest, FileState.SKIPPED, rule=rule))
        return
    found.files.append(SourceFile(source.name, str(real), uri, st.st_size, digest, fmt))


Inspected: TypeAlias = tuple[str | None, os.stat_result | None, Path]


def _inspect(root: Path, path: Path, inside: dict[Path, bool]) -> Inspected:
    """The rule that skips ``path`` unopened, if any, else its stat and the path to open
    (a link within the root is opened at its target: reads never follow a link, so one
    swapped in after discovery is refused); one ``lstat`` for a plain file (a folder's real
    location is resolved once, not once per file)."""
    try:
        st = os.lstat(path)
    except OSError:
        return NOT_REGULAR, None, path
    if stat.S_ISLNK(st.st_mode):
        real = path.resolve()
        if not real.is_relative_to(root):
            return OUTSIDE_ROOT, None, path
        try:
            st = os.lstat(real)
        except OSError:
            return NOT_REGULAR, None, path
        path = real
    else:
        folder = path.parent
        if folder not in inside:
            inside[folder] = folder.resolve().is_relative_to(root)
        if not inside[folder]:
            return OUTSIDE_ROOT, None, path
    if not stat.S_ISREG(st.st_mode):
        return NOT_REGULAR, None, path
    return None, st, path


def _hash(path: Path) -> str:
    try:
        return content_hash(path)
    except OSError as exc:
        return f"unreadable:{type(exc).__name__}"


@dataclass(slots=True)
class Plan:
    to_process: list[SourceFile]
    unchanged: list[SourceFile]
    deleted: list[tuple[str, str]]
    skipped: list[FileOutcome]
    stats: dict[tuple[str, str], FileStat] = field(default_factory=dict)  # for lineage
    quarantined: list[FileOutcome] = field(default_factory=list)  # held, not read again
    # (source, uri) -> the path as a worker last showed it (governance.privacy.paths)
    shown: Mapping[tuple[str, str], str] = field(default_factory=dict)


def diff(
    found: Discovered,
    known: dict[tuple[str, str], tuple[str, str]],
    treatments: Mapping[str, str] | str,
) -> Plan:
    """Split discovered files against the last completed run: a file is processed again
    when its content or its source's treatment hash changed (one string: every source)."""
    plan = Plan([], [], [], found.skipped, found.stats)
    present = {(s.source, s.uri) for s in found.skipped}
    for f in found.files:
        present.add((f.source, f.uri))
        treatment = treatments if isinstance(treatments, str) else treatments.get(f.source)
        if known.get((f.source, f.uri)) == (f.content_hash, treatment):
            plan.unchanged.append(f)
        else:
            plan.to_process.append(f)
    plan.deleted = sorted(k for k in known if k not in present)
    return plan


def hold_quarantined(
    plan: Plan,
    known: Mapping[tuple[str, str], Quarantined],
    treatments: Mapping[str, str],
    code_version: str,
) -> Plan:
    """Keep quarantined, unread, the files whose last verdict still holds: same content,
    same treatment of their source (its limits, say) and the same code. Anything else —
    an edited file, a policy change, an upgrade, ``--full-rebuild`` — reads them again."""
    work: list[SourceFile] = []
    held: list[FileOutcome] = []
    for f in plan.to_process:
        last = known.get((f.source, f.uri))
        if (
            last is not None
            and last.content_hash == f.content_hash
            and last.treatment_hash == treatments.get(f.source)
            and last.code_version == code_version
        ):
            held.append(FileOutcome(f.source, f.uri, f.content_hash, FileState.QUARANTINED,
                                    reason=last.reason, error_class=last.error_class))  # fmt: skip
        else:
            work.append(f)
    return replace(plan, to_process=work, quarantined=[*plan.quarantined, *held])


def batches(files: list[SourceFile], max_files: int, max_bytes: int) -> list[list[SourceFile]]:
    """Consecutive files packed into batches of at most ``max_files`` files and (unless
    one file is larger) ``max_bytes`` bytes of work."""
    out: list[list[SourceFile]] = []
    current: list[SourceFile] = []
    size = 0
    for f in files:
        if current and (len(current) >= max_files or size + f.work_bytes > max_bytes):
            out.append(current)
            current, size = [], 0
        current.append(f)
        size += f.work_bytes
    if current:
        out.append(current)
    return out
