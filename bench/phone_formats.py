"""Phones of every national format Faker knows: ours vs stock Presidio, same texts, same run.

The project's phone detection was tuned on the dev splits of bench/realtext.py; this probe
checks it against a catalogue nobody here wrote: Faker's ``phone_number()`` formats of
each locale (national and international, with and without extension), each put in a
plain sentence, with and without a phone word. It prints, per locale, the share of
numbers left verbatim by ours and by stock Presidio (bench/pii_compare.py's ``Stock``).
Usage:

    .venv/bin/python bench/phone_formats.py [--per-locale 40] [--locales en_US es_ES ...]
        [--no-stock] [--show-leaks]
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import governance  # noqa: E402,F401  (offline settings first)
from governance.eval.dataset import GoldSpan, Sample  # noqa: E402

warnings.filterwarnings("ignore", message=r".*\[W095\].*")

LOCALES = (
    "en_US en_GB en_CA en_AU en_IN en_IE en_NZ es_ES es_MX es_AR es_CO es_CL fr_FR fr_CH "
    "de_DE de_AT de_CH it_IT pt_PT pt_BR nl_NL nl_BE pl_PL cs_CZ sk_SK hu_HU ro_RO bg_BG "
    "el_GR sv_SE da_DK no_NO fi_FI et_EE lv_LV lt_LT sl_SI hr_HR uk_UA tr_TR he_IL ja_JP "
    "zh_CN ko_KR th_TH id_ID vi_VN"
).split()
# Sentences in the language of the locale's family; half name the phone, half do not.
FRAMES = {
    "es": ("Puede llamar al {} si tiene dudas.", "Mi número es {} desde ayer."),
    "en": ("You can call {} with any questions.", "The number {} was given to the clerk."),
}


def samples(per_locale: int, locales: list[str]) -> list[Sample]:
    from faker import Faker

    out = []
    for locale in locales:
        fake = Faker(locale)
        fake.seed_instance(7)
        language = "es" if locale.startswith("es") else "en"
        for i in range(per_locale):
            phone = fake.phone_number()
            before, after = FRAMES[language][i % 2].split("{}")
            text = before + phone + after
            span = GoldSpan("PHONE_NUMBER", len(before), len(before) + len(phone))
            out.append(Sample(text, [span], language, locale))
    return out


def leaked(batch: list[Sample], texts: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for sample, text in zip(batch, texts, strict=True):
        value = sample.value(sample.spans[0])
        if value in text:
            found[sample.origin].append(value)
    return found


def report(
    groups: list[str],
    per_group: int,
    ours: dict[str, list[str]],
    theirs: dict[str, list[str]] | None,
    *,
    show_leaks: bool = False,
) -> None:
    """Per group, the share of values left verbatim by ours (and stock), then all."""
    width = max(7, *(len(g) + 1 for g in groups))
    total = {"ours": 0, "stock": 0}
    for group in groups:
        mine = len(ours.get(group, []))
        total["ours"] += mine
        line = f"{group:<{width}} ours {mine / per_group:7.2%}"
        if theirs is not None:
            total["stock"] += len(theirs.get(group, []))
            line += f"  stock {len(theirs.get(group, [])) / per_group:7.2%}"
        if show_leaks and ours.get(group):
            line += "  " + " | ".join(ours[group][:4])
        print(line)
    n = per_group * len(groups)
    print(
        f"{'ALL':<{width}} ours {total['ours'] / n:7.2%}"
        + (f"  stock {total['stock'] / n:7.2%}" if theirs is not None else "")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-locale", type=int, default=40)
    parser.add_argument("--locales", nargs="+", default=list(LOCALES))
    parser.add_argument("--policy", default=str(REPO / "bench" / "policies" / "strict.yaml"))
    parser.add_argument("--no-stock", action="store_true")
    parser.add_argument("--show-leaks", action="store_true")
    args = parser.parse_args()
    batch = samples(args.per_locale, args.locales)
    from governance.eval.run import anonymize_samples

    scored, _ = anonymize_samples(batch, args.policy, target="finetune")
    ours = leaked(batch, [s.output for s in scored])
    theirs: dict[str, list[str]] | None = None
    if not args.no_stock:
        from pii_compare import Stock

        theirs = leaked(batch, [s.output for s in Stock(args.policy).run(batch)])
    report(args.locales, args.per_locale, ours, theirs, show_leaks=args.show_leaks)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
