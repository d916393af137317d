"""Why a source file could not be read, as error classes lineage can count.

Each is an ``InputError``: the file is quarantined, the run goes on, and the class name
lands in lineage (``files.error_class``), so an auditor can count, say, the PDFs that
need OCR. Messages name the problem and where (page, entry, attachment), never content.
"""

from __future__ import annotations

from governance.errors import InputError


class CorruptFile(InputError):
    """The bytes are not a valid file of the format: corrupt, truncated or mislabelled."""


class EncryptedFile(InputError):
    """The file (or an entry inside it) is password protected."""


class NeedsOcr(InputError):
    """A PDF with no text layer on any page: scanned images must go through OCR first."""


class NoText(InputError):
    """OCR ran and read no text: an image without writing, or a scan too poor to read."""


class ArchiveLimit(InputError):
    """A container exceeds the source's archive limits (depth, bytes, entries): a ZIP bomb."""


class ChangedFile(InputError):
    """The file is not what discovery saw: replaced by a link, a pipe or other bytes, or gone,
    between discovery and the read. The next run discovers it again."""
