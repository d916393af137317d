"""OCR of scanned pages and images: Tesseract through tesserocr, in memory.

tesserocr's wheel carries the Tesseract engine; the trained language data comes from the
system (Debian: ``tesseract-ocr-eng``, ``tesseract-ocr-spa``) or from ``TESSDATA_PREFIX``.
A page reaches the engine as a PIL image in this process's memory: scanned pages are as
personal as any text, so they are never written to a temporary file. One engine per
thread and language set is kept for the life of the process (loading one costs about a
second). Each page comes back with its mean word confidence (0-100), which readers record
so that a badly scanned page can be found and checked.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from governance.errors import ConfigError, InputError
from governance.ingest.errors import CorruptFile

TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)
INSTALL_HINT = (
    "install Tesseract's language data (Debian: apt-get install tesseract-ocr-eng "
    "tesseract-ocr-spa), or set TESSDATA_PREFIX to the folder that holds the .traineddata files"
)
# ISO 639-1 codes of the policy's languages -> Tesseract's language data names.
TESSERACT_LANGUAGES = {
    "en": "eng", "es": "spa", "fr": "fra", "de": "deu", "it": "ita", "pt": "por",
    "nl": "nld", "ca": "cat", "pl": "pol", "sv": "swe", "da": "dan", "ro": "ron",
}  # fmt: skip
# A page larger than this many pixels is scaled down before OCR (a 300 dpi A3 page is 17 Mpx).
MAX_PIXELS = 40_000_000

_ENGINES = threading.local()


@dataclass(frozen=True, slots=True)
class OcrPage:
    """The text Tesseract read from one page, and its mean word confidence (0-100)."""

    text: str
    confidence: float
    words: int


def tessdata_dir() -> Path | None:
    """The folder of Tesseract's ``.traineddata`` files, or None when none is installed."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    candidates = [prefix, str(Path(prefix) / "tessdata")] if prefix else []
    for folder in [*candidates, *TESSDATA_DIRS]:
        if folder and any(Path(folder).glob("*.traineddata")):
            return Path(folder)
    return None


def installed_languages() -> tuple[str, ...]:
    folder = tessdata_dir()
    if folder is None:
        return ()
    return tuple(sorted(p.stem for p in folder.glob("*.traineddata") if p.stem != "osd"))


def unavailable(languages: tuple[str, ...]) -> str | None:
    """Why OCR in ``languages`` cannot run here (one line), or None when it can."""
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return "the tesserocr package is not installed (install it from the lock file)"
    folder = tessdata_dir()
    if folder is None:
        return "no Tesseract language data is installed"
    missing = [lang for lang in languages if not (folder / f"{lang}.traineddata").is_file()]
    if missing:
        return (
            f"Tesseract language data for {', '.join(missing)} is not installed in {folder} "
            f"(installed: {', '.join(installed_languages()) or 'none'})"
        )
    return None


def require(languages: tuple[str, ...]) -> None:
    """Raise a ``ConfigError`` naming what to install when OCR cannot run."""
    problem = unavailable(languages)
    if problem:
        raise ConfigError(f"OCR is switched on but {problem}", hint=INSTALL_HINT)


def _engine(languages: tuple[str, ...]) -> Any:
    import tesserocr

    engines: dict[tuple[str, ...], Any] = _ENGINES.__dict__.setdefault("by_languages", {})
    engine = engines.get(languages)
    if engine is None:
        require(languages)
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core per worker, as elsewhere
        engine = tesserocr.PyTessBaseAPI(
            path=f"{tessdata_dir()}/", lang="+".join(languages), psm=tesserocr.PSM.AUTO
        )
        engines[languages] = engine
    return engine


def fit(image: Any) -> Any:
    """``image`` in 8-bit grey, scaled down to at most ``MAX_PIXELS``."""
    width, height = image.size
    if width * height > MAX_PIXELS:
        ratio = (MAX_PIXELS / (width * height)) ** 0.5
        image = image.resize((max(1, int(width * ratio)), max(1, int(height * ratio))))
    return image if image.mode == "L" else image.convert("L")


def recognise(image: Any, languages: tuple[str, ...], dpi: int | None = None) -> OcrPage:
    """The text on one page image (a PIL image) and its mean word confidence."""
    engine = _engine(languages)
    try:
        engine.SetImage(fit(image))
        if dpi:
            engine.SetSourceResolution(int(dpi))
        text = engine.GetUTF8Text()
        confidences = [c for c in engine.AllWordConfidences() if c >= 0]
    except RuntimeError as exc:
        raise InputError(f"OCR failed on the page image ({type(exc).__name__})") from None
    finally:
        engine.Clear()
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return OcrPage(text=text, confidence=round(mean, 1), words=len(confidences))


def ocr_metadata(pages: dict[int, OcrPage], min_confidence: float) -> dict[str, str]:
    """What lineage records of pages read by OCR: which, how sure, which below the bar."""
    low = [n for n, page in pages.items() if page.confidence < min_confidence]
    return {
        "ocr_pages": ",".join(str(n) for n in pages),
        "ocr_confidence": ",".join(f"{n}:{page.confidence:g}" for n, page in pages.items()),
        "ocr_low_confidence": ",".join(str(n) for n in low),
    }


def image_frames(data: bytes) -> Iterator[tuple[Any, int | None]]:
    """Every page of an image file (a multi-page TIFF has several) with its dpi if known."""
    import io

    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            for frame in ImageSequence.Iterator(image):
                dpi = frame.info.get("dpi")
                frame.load()
                yield frame.copy(), (int(dpi[0]) if dpi and dpi[0] and dpi[0] > 30 else None)
    except Image.DecompressionBombError:
        raise InputError(
            "image too large to read safely (a decompression bomb?)",
            hint="split or downscale the image, or exclude the file",
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise CorruptFile(f"corrupt or unsupported image ({type(exc).__name__})") from None
