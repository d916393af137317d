"""OCR speed on real pages: text pages of a real PDF rendered at 300 dpi, read by Tesseract.

Renders pages of a PDF (default: the first pages of py-pdf/sample-files' GeoTopo lecture
notes, in ``~/.cache/governance/formats``, see bench/real_formats.py) the way the PDF
reader does for a scanned page, then times ``governance.ingest.ocr.recognise`` on each
(one core, as one worker of a run). Prints the median seconds per page and the share of
the text layer's characters the OCR text holds.

    .venv/bin/python bench/ocr_pages.py [PDF] [--pages N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

DEFAULT = (Path.home() / ".cache/governance/formats/py-pdf+sample-files"
           / "009-pdflatex-geotopo/GeoTopo-komprimiert.pdf")  # fmt: skip


def main() -> int:
    import pypdfium2 as pdfium
    from real_formats import chars

    from governance.ingest.ocr import recognise

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdf", type=Path, nargs="?", default=DEFAULT)
    parser.add_argument("--pages", type=int, default=8)
    args = parser.parse_args()
    document = pdfium.PdfDocument(args.pdf.read_bytes())
    times, found, total = [], 0, 0
    for n in range(1, min(args.pages, len(document)) + 1):
        page = document[n]
        layer = page.get_textpage().get_text_range()
        image = page.render(scale=300 / 72, grayscale=True).to_pil()
        start = time.perf_counter()
        read = recognise(image, ("eng", "spa"), dpi=300)
        times.append(time.perf_counter() - start)
        want = chars(layer)
        total += sum(want.values())
        found += sum((want & chars(read.text)).values())
        print(
            f"page {n + 1}: {image.size[0]}x{image.size[1]} px, {times[-1]:.2f} s, "
            f"confidence {read.confidence}"
        )
    print(
        f"median {statistics.median(times):.2f} s per page; OCR text holds "
        f"{found / max(total, 1):.1%} of the text layer's characters"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
