"""Office Open XML packages (DOCX, XLSX): the checks before a reader opens one.

Both are ZIP containers. A password-protected (or legacy binary) file is an OLE compound
document instead and is quarantined as ``EncryptedFile``; a file that is not a ZIP is
mislabelled; the package's declared uncompressed size is checked against
``max_archive_bytes`` before anything is decompressed. ZIP errors propagate to the
reader, which reports them as a corrupt file of its kind.
"""

from __future__ import annotations

import io
import zipfile

from governance.ingest.base import check_not_empty
from governance.ingest.errors import CorruptFile, EncryptedFile
from governance.ingest.readers.nested import budget_for
from governance.policy.model import Source
from governance.records import SourceFile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_package(
    file: SourceFile, data: bytes, source: Source, *, kind: str, program: str, article: str = "a"
) -> None:
    """Refuse an empty, encrypted, mislabelled or oversized ``kind`` (``DOCX``) package
    written by ``program`` (``Word``)."""
    check_not_empty(data)
    if data.startswith(OLE_MAGIC):
        raise EncryptedFile(
            f"password-protected or legacy binary {program} file (OLE container), "
            f"not {article} {kind}",
            hint=f"remove the password, or save it as .{kind.lower()}",
        )
    if not data.startswith(b"PK"):
        raise CorruptFile(f"not {article} {kind}: not a ZIP container (is the file mislabelled?)")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        declared = sum(info.file_size for info in package.infolist())
    with budget_for(file, source) as budget:
        budget.check_declared(declared, f"the {kind} package")
