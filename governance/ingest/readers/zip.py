"""ZIP archives: every entry of a supported format read in memory, recursively.

Nothing is extracted to disk. Each entry is read by its format's reader as a child
located at ``<archive>#entry=<name>`` (``nested.read_child``); a ZIP entry recurses.
Entries whose name is absolute or climbs out of the archive (``../``), macOS
resource forks, unsupported formats and empty entries are skipped and counted in
``metadata["archive_skipped"]``. The archive's declared sizes are checked against
``max_archive_bytes`` before anything is decompressed, and each entry is read with a
bound, so an archive that lies about its sizes is stopped too: a ZIP bomb is
quarantined as ``ArchiveLimit``. An encrypted or corrupt entry is recorded on the
archive's other documents (``nested.Members``); a corrupt archive, or one none of whose
entries can be read, is quarantined, naming the entry.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator

from governance.errors import InputError
from governance.ingest.base import check_not_empty, register
from governance.ingest.errors import ArchiveLimit, CorruptFile, EncryptedFile
from governance.ingest.readers.nested import (
    LIMITS_HINT,
    Budget,
    Members,
    budget_for,
    format_of,
    read_child,
)
from governance.policy.model import Source
from governance.records import Document, SourceFile

_ENCRYPTED_FLAG = 0x1
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError)


def open_archive(data: bytes) -> zipfile.ZipFile:
    check_not_empty(data)
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise CorruptFile(
            f"corrupt ZIP archive: no readable central directory ({type(exc).__name__})",
            hint="the file is truncated, damaged or not a ZIP archive",
        ) from exc


def skip_reason(name: str, source: Source | None = None) -> str | None:
    """Why an entry is not read, or None when its format has a reader."""
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in parts:
        return "unsafe_name"
    if "\x00" in name:
        return "unsafe_name"
    if parts[0] == "__MACOSX" or parts[-1].startswith("._"):
        return "resource_fork"
    return None if format_of(name, source) else "unsupported"


def entry_label(n: int, fmt: str) -> str:
    """How messages name an entry: its number in the archive and its format, never its
    name (a file name is personal data as often as a file's text: ``Jane_Doe_cv.pdf``)."""
    return f"entry {n} ({fmt or 'unknown format'})"


def read_entry(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, label: str = "entry"
) -> bytes:
    """The entry's bytes, never more than ``limit`` (whatever its header declares)."""
    if info.flag_bits & _ENCRYPTED_FLAG:
        raise EncryptedFile(f"{label} is encrypted", hint="remove the password")
    try:
        with archive.open(info) as fh:
            data = fh.read(limit + 1)
    except NotImplementedError as exc:
        raise CorruptFile(f"{label}: unsupported compression method") from exc
    except _READ_ERRORS as exc:
        raise CorruptFile(f"{label} is corrupt ({type(exc).__name__})") from exc
    if len(data) > limit:
        raise ArchiveLimit(
            f"{label} expands beyond {limit} bytes, more than it declares "
            "or the archive limits allow (a ZIP bomb?)",
            hint=LIMITS_HINT,
        )
    return data


def archive_documents(
    file: SourceFile, data: bytes, source: Source, budget: Budget
) -> list[Document]:
    archive = open_archive(data)
    entries = [info for info in archive.infolist() if not info.is_dir()]
    if len(entries) + budget.entries > budget.max_entries:
        raise ArchiveLimit(
            f"{len(entries)} entries; max_archive_entries is {budget.max_entries}",
            hint=LIMITS_HINT,
        )
    skipped: Counter[str] = Counter()
    wanted: list[zipfile.ZipInfo] = []
    for info in entries:
        reason = skip_reason(info.filename, source) or ("empty" if info.file_size == 0 else None)
        if reason:
            skipped[reason] += 1
        else:
            wanted.append(info)
    budget.check_declared(sum(i.file_size for i in wanted), "the archive")
    docs: list[Document] = []
    members = Members()
    numbers = {id(info): n for n, info in enumerate(entries, start=1)}
    for info in wanted:
        fmt = format_of(info.filename, source) or ""
        label = entry_label(numbers[id(info)], fmt)

        def entry(
            info: zipfile.ZipInfo = info, fmt: str = fmt, label: str = label
        ) -> list[Document]:
            limit = min(source.max_file_bytes, budget.remaining())
            return read_child(
                file, source, location=f"{file.uri}#entry={info.filename}", label=label,
                fmt=fmt, data=read_entry(archive, info, limit, label),
            )  # fmt: skip

        docs.extend(members.read(entry))
    summary = ", ".join(f"{n} {reason}" for reason, n in sorted(skipped.items()))
    if not docs and not members.errors:
        raise InputError(f"no readable entries in the archive ({summary or 'none'})")
    for doc in docs:
        doc.metadata.setdefault("archive_skipped", summary or "0")
    return members.finish(docs)


@register("zip")
def read_zip(file: SourceFile, data: bytes, source: Source) -> Iterator[Document]:
    """The documents of every supported entry, in archive order."""
    with budget_for(file, source) as budget:
        docs = archive_documents(file, data, source, budget)
    yield from docs
