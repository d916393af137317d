"""Inline SVG charts for the run report: no script, no font or file fetched from anywhere.

``stacked_bars`` draws one horizontal bar per label, split into coloured segments, with
the total at the end of the bar and a legend; every bar and segment has a ``<title>``
so hovering shows the number.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

PALETTE = ("#4f7cac", "#5fa777", "#d08c3a", "#a05195", "#c94f4f", "#7a8a99", "#3aa3a3",
           "#b5a33a", "#6b5fb5", "#2f4858")  # fmt: skip
NAMED = {
    "processed": "#5fa777", "unchanged": "#9aa7b4", "quarantined": "#c94f4f",
    "skipped": "#d08c3a", "deleted": "#a05195",
    "pseudonym": "#4f7cac", "surrogate": "#3aa3a3", "redact": "#c94f4f", "mask": "#d08c3a",
    "generalize": "#a05195", "keep": "#b5a33a", "drop": "#2f4858",
    "caught": "#5fa777", "survived": "#c94f4f", "passed": "#5fa777", "failed": "#c94f4f",
    "added": "#5fa777", "removed": "#c94f4f",
}  # fmt: skip
LABEL_W, BAR_W, ROW_H, PAD = 190, 520, 24, 8

Bars = Sequence[tuple[str, Mapping[str, float]]]


def colours(segments: Sequence[str]) -> dict[str, str]:
    out, free = {}, iter(PALETTE * 3)
    for name in segments:
        out[name] = NAMED.get(name) or next(free)
    return out


def stacked_bars(title: str, bars: Bars, segments: Sequence[str], *, unit: str = "") -> str:
    """One bar per (label, {segment: value}); segments in the given order."""
    if not bars:
        return '<p class="empty">nothing to chart</p>'
    colour = colours(segments)
    top = max(sum(values.values()) for _, values in bars) or 1
    legend_h = ROW_H
    height = PAD * 2 + legend_h + ROW_H * len(bars)
    width = LABEL_W + BAR_W + 90
    parts = [
        f'<svg class="chart" role="img" aria-label="{_e(title)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{_e(title)}</title>",
        _legend(segments, colour),
    ]
    for row, (label, values) in enumerate(bars):
        y = PAD + legend_h + row * ROW_H
        parts.append(_bar(label, values, segments, colour, y=y, top=top, unit=unit))
    parts.append("</svg>")
    return "".join(parts)


def _legend(segments: Sequence[str], colour: Mapping[str, str]) -> str:
    out, x = [], LABEL_W
    for name in segments:
        out.append(f'<rect x="{x}" y="{PAD}" width="12" height="12" rx="2" '
                   f'fill="{colour[name]}"/><text x="{x + 16}" y="{PAD + 10}" '
                   f'class="legend">{_e(name)}</text>')  # fmt: skip
        x += 24 + 7 * len(name)
    return "".join(out)


def _bar(
    label: str, values: Mapping[str, float], segments: Sequence[str], colour: Mapping[str, str],
    *, y: int, top: float, unit: str,
) -> str:  # fmt: skip
    out = [f'<text x="{LABEL_W - 8}" y="{y + 15}" text-anchor="end" class="label">'
           f"{_e(_short(label))}<title>{_e(label)}</title></text>"]  # fmt: skip
    x = float(LABEL_W)
    for name in segments:
        value = values.get(name, 0)
        if value <= 0:
            continue
        w = max(BAR_W * value / top, 1.5)
        out.append(f'<rect class="seg" x="{x:.1f}" y="{y + 3}" width="{w:.1f}" '
                   f'height="{ROW_H - 8}" fill="{colour[name]}"><title>{_e(label)}: '
                   f"{_e(name)} {_num(value)}{unit}</title></rect>")  # fmt: skip
        x += w
    total = sum(values.values())
    out.append(f'<text x="{x + 6:.1f}" y="{y + 15}" class="total">{_num(total)}{unit}</text>')
    return "".join(out)


def _short(label: str, size: int = 28) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)
