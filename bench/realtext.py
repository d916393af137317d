"""Real annotated text as presidio-evaluator JSON: MEDDOCAN (Spanish clinical), CoNLL-2003
(English news) and presidio-research's synthetic set v2, split into dev and test.

Nothing is fetched: give the folders of local clones (or unpacked archives) of

- MEDDOCAN  https://github.com/PlanTL-GOB-ES/SPACCC_MEDDOCAN  (CC BY 4.0): corpus/<split>/brat
- CoNLL-2003 English, in the usual ``token ... TAG`` column format with ``train.txt``,
  ``dev.txt`` (testa) and ``test.txt`` (testb) (Reuters licence: keep it out of git);
- presidio-research  https://github.com/microsoft/presidio-research  (MIT):
  data/synth_dataset_v2.json

and the datasets are written to ``--out`` (default ``~/.cache/governance/realtext``), one
file per corpus and split: ``meddocan-dev.json``, ``meddocan-test.json``,
``conll-dev.json``, ``conll-test.json``, ``synth-dev.json``, ``synth-test.json``.

Splits: MEDDOCAN train+dev are development, its test split is the final figure; CoNLL
train/dev (testa) are development, test (testb) is the final figure; the synthetic set
has no split, so its templates are divided: every fourth template id is held out as test,
so no test sentence shape was seen while tuning.

Gold types are mapped to the analyzer's names (below); types outside ``PERSONAL`` stay in
the gold so that detecting them does not count against precision, but they are not in
the headline leak (``bench/realtext_eval.py``). Usage:

    .venv/bin/python bench/realtext.py --meddocan DIR --conll DIR --synth FILE [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DEFAULT_OUT = Path.home() / ".cache" / "governance" / "realtext"

# Types counted in the headline "personal" leak, per corpus. Following HIPAA's Safe
# Harbor identifiers: names, geographic units smaller than a state (street, town, postal
# code), every element of a date but the year, phone and fax numbers, e-mail addresses,
# any identifying number; ages are included as the quasi-identifier a policy generalises.
# Countries, organisations, professions, sex, relations (``Madre``) and a date that is
# only a year (``YEAR``: Safe Harbor keeps years, and ``generalize`` keeps them) are not.
PERSONAL = {
    "meddocan": {"PERSON", "DATE_TIME", "AGE", "STREET_ADDRESS", "LOCATION", "POSTAL_CODE",
                 "EMAIL_ADDRESS", "PHONE_NUMBER", "ID"},
    "conll": {"PERSON"},
    "synth": {"PERSON", "STREET_ADDRESS", "GPE", "ZIP_CODE", "PHONE_NUMBER", "EMAIL_ADDRESS",
              "CREDIT_CARD", "IBAN_CODE", "US_SSN", "IP_ADDRESS", "US_DRIVER_LICENSE", "AGE",
              "DATE_TIME"},
}  # fmt: skip

MEDDOCAN_TYPES = {
    "NOMBRE_SUJETO_ASISTENCIA": "PERSON",
    "NOMBRE_PERSONAL_SANITARIO": "PERSON",
    "FECHAS": "DATE_TIME",
    "EDAD_SUJETO_ASISTENCIA": "AGE",
    "CALLE": "STREET_ADDRESS",
    "TERRITORIO": "LOCATION",
    "PAIS": "COUNTRY",
    "CORREO_ELECTRONICO": "EMAIL_ADDRESS",
    "NUMERO_TELEFONO": "PHONE_NUMBER",
    "NUMERO_FAX": "PHONE_NUMBER",
    "ID_SUJETO_ASISTENCIA": "ID",
    "ID_TITULACION_PERSONAL_SANITARIO": "ID",
    "ID_ASEGURAMIENTO": "ID",
    "ID_CONTACTO_ASISTENCIAL": "ID",
    "ID_EMPLEO_PERSONAL_SANITARIO": "ID",
    "IDENTIF_VEHICULOS_NRSERIE_PLACAS": "ID",
    "IDENTIF_DISPOSITIVOS_NRSERIE": "ID",
    "NUMERO_IDENTIF": "ID",
    "IDENTIF_BIOMETRICOS": "ID",
    "URL_WEB": "URL",
    "DIREC_PROT_INTERNET": "IP_ADDRESS",
    "HOSPITAL": "ORGANIZATION",
    "INSTITUCION": "ORGANIZATION",
    "CENTRO_SALUD": "ORGANIZATION",
    "PROFESION": "PROFESSION",
    "SEXO_SUJETO_ASISTENCIA": "SEX",
    "FAMILIARES_SUJETO_ASISTENCIA": "RELATIVE",
    "OTROS_SUJETO_ASISTENCIA": "OTHER",
}
CONLL_TYPES = {"PER": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION", "MISC": "NRP"}
SENTENCES_PER_SAMPLE = 20
RELATIONS = re.compile(
    r"(?i)^(?:su |sus |la |el |los |las |una? |dos |tres |ambos )?"
    r"(?:madre|padre|herman|abuel|t[ií]|hij|prim|sobrin|nieto|niet|cu[ñn]ad|espos|pareja|"
    r"marido|mujer|famil|progenitor|suegr|gemel|var[oó]n|\d)"
)


def meddocan(root: Path, split: str) -> Iterator[dict[str, Any]]:
    for txt in sorted((root / "corpus" / split / "brat").glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        spans = [_meddocan_span(line, text) for line in _ann_lines(txt.with_suffix(".ann"))]
        yield _sample(text, [s for s in spans if s], "es", f"meddocan/{split}/{txt.stem}")


def _ann_lines(path: Path) -> Iterator[str]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            yield line


def _meddocan_span(line: str, text: str) -> dict[str, Any] | None:
    _, kind_span, value = line.split("\t", 2)
    label, start, end = kind_span.split(" ")[:3]
    s, e = int(start), int(end)
    if text[s:e] != value:
        raise SystemExit(f"MEDDOCAN span does not match its text: {line!r}")
    entity = MEDDOCAN_TYPES.get(label, "OTHER")
    if entity == "DATE_TIME" and re.fullmatch(r"\d{4}", value):
        entity = "YEAR"  # Safe Harbor keeps years; a generalised date is its year
    if entity == "LOCATION" and re.fullmatch(r"\d{4,5}", value):
        entity = "POSTAL_CODE"
    if entity == "RELATIVE" and not RELATIONS.match(value) and value[:1].isupper():
        entity = "PERSON"  # a relative named by name
    return _span(entity, value, s, e)


def conll(root: Path, split: str) -> Iterator[dict[str, Any]]:
    """One sample per article (``-DOCSTART-``) or per 20 sentences where a copy has no
    article marks, sentences on their own lines."""
    lines = (root / f"{split}.txt").read_text(encoding="utf-8").splitlines()
    doc: list[list[tuple[str, str]]] = [[]]
    n = 0
    for line in [*lines, "-DOCSTART- -X- O O"]:
        if line.startswith("-DOCSTART-"):
            if any(doc):
                yield _conll_doc(doc, f"conll/{split}/{n}")
                n += 1
            doc = [[]]
        elif not line.strip():
            if len(doc) >= SENTENCES_PER_SAMPLE:
                yield _conll_doc(doc, f"conll/{split}/{n}")
                n += 1
                doc = []
            doc.append([])
        else:
            parts = line.split()
            doc[-1].append((parts[0], parts[-1]))


def _conll_doc(sentences: list[list[tuple[str, str]]], origin: str) -> dict[str, Any]:
    text, spans = "", []
    current: list[Any] | None = None
    for sentence in (s for s in sentences if s):
        for i, (token, tag) in enumerate(sentence):
            start = len(text) + (1 if i else 0)
            text += (" " if i else "") + token
            kind = tag[2:] if tag != "O" else ""
            if tag.startswith("B-") or (
                tag.startswith("I-") and (not current or current[0] != kind)
            ):
                current = [kind, start, len(text)]
                spans.append(current)
            elif tag.startswith("I-") and current:
                current[2] = len(text)
            else:
                current = None
        text += "\n"
        current = None
    out = [_span(CONLL_TYPES[k], text[s:e], s, e) for k, s, e in spans]
    return _sample(text, out, "en", origin)


def synth(path: Path, split: str) -> Iterator[dict[str, Any]]:
    for i, item in enumerate(json.loads(path.read_text(encoding="utf-8"))):
        held_out = int(item.get("template_id") or 0) % 4 == 0
        if held_out == (split == "test"):
            spans = [
                _span(_synth_type(s), s["entity_value"], s["start_position"], s["end_position"])
                for s in item["spans"]
            ]
            yield _sample(item["full_text"], spans, "en", f"synth/{i}")


def _synth_type(span: dict[str, Any]) -> str:
    """The set's type, except a date that is only a year (YEAR) and a GPE that is a
    country (COUNTRY): as in MEDDOCAN, neither is counted as personal."""
    value, entity = span["entity_value"].strip(), span["entity_type"]
    if entity == "DATE_TIME" and re.fullmatch(r"\d{4}", value):
        return "YEAR"
    if entity == "GPE" and value.casefold() in _countries():
        return "COUNTRY"
    return str(entity)


def _countries() -> frozenset[str]:
    from faker import Faker

    names: set[str] = set()
    for locale in ("en_US", "es_ES"):
        names |= {c.casefold() for c in Faker(locale).provider("faker.providers.address").countries}
    return frozenset(names)


def _span(entity: str, value: str, start: int, end: int) -> dict[str, Any]:
    return {"entity_type": entity, "entity_value": value, "start_position": start,
            "end_position": end}  # fmt: skip


def _sample(text: str, spans: list[dict[str, Any]], language: str, origin: str) -> dict[str, Any]:
    return {"full_text": text, "spans": spans, "metadata": {"language": language, "origin": origin}}


def build(args: argparse.Namespace) -> None:
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    sets: dict[str, list[dict[str, Any]]] = {}
    if args.meddocan:
        sets["meddocan-dev"] = [*meddocan(args.meddocan, "train"), *meddocan(args.meddocan, "dev")]
        sets["meddocan-test"] = list(meddocan(args.meddocan, "test"))
    if args.conll:
        sets["conll-dev"] = [*conll(args.conll, "train"), *conll(args.conll, "dev")]
        sets["conll-test"] = list(conll(args.conll, "test"))
    if args.synth:
        sets["synth-dev"] = list(synth(args.synth, "dev"))
        sets["synth-test"] = list(synth(args.synth, "test"))
    for name, samples in sets.items():
        path = out / f"{name}.json"
        path.write_text(json.dumps(samples, ensure_ascii=False), encoding="utf-8")
        spans = sum(len(s["spans"]) for s in samples)
        print(f"{path}: {len(samples)} samples, {spans} spans")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meddocan", type=Path, help="folder holding corpus/<split>/brat")
    parser.add_argument("--conll", type=Path, help="folder holding train.txt dev.txt test.txt")
    parser.add_argument("--synth", type=Path, help="presidio-research synth_dataset_v2.json")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    build(parser.parse_args())


if __name__ == "__main__":
    main()
