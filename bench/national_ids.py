"""National identifiers of the EU, UK and US families Presidio knows: ours vs stock
Presidio, same texts, same run.

A catalogue nobody here wrote: Faker's generators of each family (US SSN and ITIN, UK
National Insurance numbers, Spanish NIF and NIE, Italian fiscal codes, Polish PESEL,
Finnish personal identity codes), each value put in three plain sentences of the
locale's language: after a label (``ID: ...``), after the identifier's name in a sentence,
and with no cue at all. It prints, per family, the share of values left verbatim by ours
and by stock Presidio (bench/pii_compare.py's ``Stock``). Usage:

    .venv/bin/python bench/national_ids.py [--per-family 40] [--no-stock] [--show-leaks]
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from phone_formats import leaked, report  # noqa: E402

import governance  # noqa: E402,F401  (offline settings first)
from governance.eval.dataset import GoldSpan, Sample  # noqa: E402

warnings.filterwarnings("ignore", message=r".*\[W095\].*")

# family -> (Faker locale, generator, the identifier's name in a sentence)
FAMILIES = {
    "US SSN": ("en_US", "ssn", "social security number"),
    "US ITIN": ("en_US", "itin", "taxpayer identification number"),
    "UK NINO": ("en_GB", "ssn", "National Insurance number"),
    "ES NIF": ("es_ES", "nif", "NIF"),
    "ES NIE": ("es_ES", "nie", "NIE"),
    "IT fiscal code": ("it_IT", "ssn", "codice fiscale"),
    "PL PESEL": ("pl_PL", "pesel", "PESEL"),
    "FI identity code": ("fi_FI", "ssn", "henkilötunnus"),
}
FRAMES = {
    "en": ("ID: {}\nStatus: active", "Her {name} is {} and it is on file.", "{} was entered."),
    "es": ("DNI: {}\nEstado: activo", "Su {name} es {} y consta en el expediente.", "{} consta."),
}


def samples(per_family: int) -> list[Sample]:
    from faker import Faker

    out = []
    for family, (locale, generator, name) in FAMILIES.items():
        fake = Faker(locale)
        fake.seed_instance(7)
        language = "es" if locale.startswith("es") else "en"
        for i in range(per_family):
            value = str(getattr(fake, generator)())
            frame = FRAMES[language][i % 3].replace("{name}", name)
            before, after = frame.split("{}")
            span = GoldSpan("ID", len(before), len(before) + len(value))
            out.append(Sample(before + value + after, [span], language, family))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-family", type=int, default=40)
    parser.add_argument("--policy", default=str(REPO / "bench" / "policies" / "strict.yaml"))
    parser.add_argument("--no-stock", action="store_true")
    parser.add_argument("--show-leaks", action="store_true")
    args = parser.parse_args()
    batch = samples(args.per_family)
    from governance.eval.run import anonymize_samples

    scored, _ = anonymize_samples(batch, args.policy, target="finetune")
    ours = leaked(batch, [s.output for s in scored])
    theirs = None
    if not args.no_stock:
        from pii_compare import Stock

        theirs = leaked(batch, [s.output for s in Stock(args.policy).run(batch)])
    report(list(FAMILIES), args.per_family, ours, theirs, show_leaks=args.show_leaks)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
