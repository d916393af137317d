"""Name gazetteers built from Faker's locale data (first names, surnames, street words).

Loaded once per process; lookups are casefolded set membership.
"""

from __future__ import annotations

import importlib
from functools import cache

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


@cache
def first_names() -> frozenset[str]:
    return _names(("first_names", "first_names_male", "first_names_female"))


@cache
def last_names() -> frozenset[str]:
    return _names(("last_names",))


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
