"""STREET_ADDRESS: Presidio has no street-address recognizer. House number plus street
words plus a street suffix (English), or a street prefix plus a name plus a number
(Spanish), with the street words taken from Faker's locale data."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

from governance.privacy.detect.recognizers.gazetteer import street_prefixes, street_suffixes

NAME = r"[A-ZÁÉÍÓÚÑ][\wáéíóúñü'.-]*"
SECONDARY_EN = r"(?:,?\s+(?:Apt\.?|Suite|Unit|#)\s*\d{1,5}[A-Z]?)?"
SECONDARY_ES = r"(?:,?\s*(?:Apt\.|Piso|Puerta|Portal|Bajo|Esc\.)\s*\d{0,3}[A-Zº]?)*"


def _alternation(words: frozenset[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w.title()) for w in ordered)


# Street suffixes as written on envelopes (Faker's list has the full words).
ABBREVIATIONS = r"(?:St|Rd|Ave?|Blvd|Ln|Ct|Pl|Sq|Hwy|Pkwy|Terr?|Cir|Cres|Dr)(?:\.|\b)"


def english_pattern() -> str:
    suffix = _alternation(street_suffixes())
    return (
        rf"\b\d{{1,6}}(?:\s+\d{{1,6}})?\s+(?:{NAME}\s+){{1,4}}(?:(?:{suffix})\b|{ABBREVIATIONS})"
        rf"{SECONDARY_EN}"
    )


def spanish_pattern() -> str:
    prefix = _alternation(street_prefixes() - {"c."})
    particle = r"(?:(?:de|del|de la|de los|de las|la|el)\s+)?"
    return (
        rf"(?:\b(?:{prefix})\s+|\b[Cc]/\.?\s*){particle}(?:{NAME}\s+){{0,4}}{NAME},?\s+"
        rf"(?:n\.?º\s*)?(?:\d{{1,4}}|[sS]/[nN])"
        rf"{SECONDARY_ES}"
    )


# Streets named the continental way, name first and house number after, whatever the
# text's language (``Loorenstrasse 149``, ``Mellemvej 32``, ``Nieuwe Baan 473``, ``Rua
# Diadema 1903``, ``Rue de Piétrain 371``, ``Szabadság utca 62.``): one word ending in a
# German, Dutch, Nordic, Finnish or Hungarian street word, capitalized words before a
# street word of Central Europe or the Nordics (written small there: ``Lamačská cesta``,
# ``Haraldsted Allé``), or a Romance, Slavic, Romanian or Malay street word before the
# name (``rue Mercier``, ``aleja Korczaka``, ``Jl. Cikutra``). The number may carry its
# sign (``Calle Salta N° 92``, ``Strada Stănescu Nr. 25``). (The regex module: ``\p{Lu}``
# is any capital.)
COMPOUND = (
    r"(?:stra(?:ss|ß)e|gasse|weg|straat|laan|vej|veien|vegen|vägen|gatan|gata|(?<!Bri)gade|"
    r"katu|tie|kuja|utca|allee|platz|dijk|gracht|plein|kade|steeg|singel|dreef|baan|"
    r"boulevard|bulevardi|polku|stræde|plads|torv|gränd|stigen|backen|torget|toppen|engen|"
    r"stranda|bakken|haugen|svingen|stien|berget|faret|kroken|tunet|jordet|plassen|løkka|"
    r"grenda|pad|str\.)"
)
STREET_WORD = (
    r"(?:Straße|Strasse|Gasse|Weg|Straat|Laan|Baan|Vej|Gade|Gata|Allee|Platz|Dijk|Plein|"
    r"Kade|Utca|Út|Tér|Körút|Köz|Allé|Stræde|Plads|Torv|Gränd|Ulica|Cesta|Trg|Námestie|"
    r"Náměstí|Nábrežie|Nábřeží|Třída|Údolie|Perivoj|Podhod|Bulevardi|Polku|Kuja|Katu)"
)
# Written small after a capitalized name (``Érdi utca 19.``) or capitalized.
STREET_WORD_ANY_CASE = rf"(?i:{STREET_WORD})"
ROMANCE = (
    r"(?:Rue|Rua|Via|Viale|Vicolo|Corso|Piazza|Largo|Travessa|Praça|Avenida|Avda\.|Calle|"
    r"Camino|Carrera|Paseo|Rambla|Ronda|Plaza|Chemin|Allée|Impasse|Quai|Estrada|Strada|"
    r"Ulica|ul\.|Aleja|al\.|Aleea|Bulevardul|Calea|Splaiul|Intrarea|Plac|"
    r"Jalan|Jl\.|Jln\.?|Gg\.|Diagonal|Montée)"
)
# Written small too (``rue Mercier 41``, ``plac Dąbrowskiej 01``), but not ``via``,
# ``ul.`` or ``al.``: ``via Windows 10`` is English.
ROMANCE_SMALL = (
    r"(?:rue|avenue|boulevard|rua|viale|vicolo|corso|piazza|largo|travessa|praça|avenida|calle|camino|carrera|"
    r"paseo|rambla|chemin|allée|impasse|quai|estrada|strada|ulica|aleja|aleea|bulevardul|"
    r"calea|splaiul|intrarea|plac|pl\.|jalan|montée)"
)
CAP = r"\p{Lu}[\p{L}'’.-]*"
LINKED = r"(?:de|da|do|dos|das|del|della|di|dei|des|du|la|le|les)"  # Rua Cidade de Maracajá
HOUSE = r"\d{1,4}[A-Za-z]?(?:[-/]\d{1,4})?\b"
NUMBER_SIGN = r"(?:(?:N[°ºo]\.?|Nr\.|n\.?º)[ \t]*)?"
# The French and Italian order, number first (``26 rue des lieutenants Thomazo``), and a
# post-office box (``P.O. Box 104``, ``Apartado de Correos 12``).
NUMBER_FIRST = (
    r"\b\d{1,4}(?:[ ]?(?:bis|ter))?,?[ \t]+(?i:rue|boulevard|bd|avenue|chemin|allée|impasse|"
    r"quai|route|cours|montée|via|viale|piazza|corso)[ \t]+(?:[\p{L}'’.-]+[ \t]+){0,4}[\p{L}'’-]+"
    r"|\bP\.?[ ]?O\.?[ ]?Box[ \t]+\d{1,6}\b|\b(?i:apartado(?:[ ]de[ ]correos)?)[ \t]+\d{1,6}\b"
)
# A French street without its number (``rue de Hubert``, ``boulevard Eric Pachoud``):
# ``Avenue`` and ``Boulevard`` capitalized only with a number (``Avenue Q`` is a show).
FRENCH = (
    r"\b(?:rue|Rue|avenue|boulevard|chemin|Chemin|allée|Allée|impasse|Impasse|quai|Quai)"
    r"[ \t]+(?:(?:de|du|des|de[ ]la)[ \t]+|d['’]|l['’])?(?:\p{Lu}[\p{L}'’-]*[ \t]+){0,2}"
    r"\p{Lu}[\p{L}'’-]*"
)
# A Czech, Slovak or Slovene street named by a preposition (``Pod Floriánem 1677``, ``Ob
# pristanu 2a``, ``Na Příkopě 12``): not ``Na``, ``U`` or ``V`` alone, which are sodium,
# uranium and vanadium in a lab report.
SLAVIC = (
    r"\b(?:(?:Pod|Nad|Pri|Pred|Ob|Za)[ \t]+|Na[ \t]+(?=\p{Lu}))\p{L}+(?:[ \t]+\p{L}+)?[ \t]+"
    + HOUSE
)
# A building number may come first (``08428 Rue de Piétrain 371``), never a year.
CONTINENTAL = (
    r"(?:\b(?!(?:19|20)\d\d\b)\d{1,6}[ \t]+)?"
    rf"(?:{NUMBER_FIRST}"
    rf"|\b\p{{Lu}}[\p{{L}}-]+?(?i:{COMPOUND})[ \t]+{NUMBER_SIGN}{HOUSE}"
    rf"|\b(?:{CAP}[ \t]+){{1,3}}{STREET_WORD_ANY_CASE}[ \t]+{NUMBER_SIGN}{HOUSE}"
    rf"|\b(?:{ROMANCE}|{ROMANCE_SMALL})[ \t]+(?:{LINKED}[ \t]+)?(?:(?:{CAP}|{LINKED})[ \t]+){{0,3}}"
    rf"{CAP},?[ \t]+{NUMBER_SIGN}{HOUSE}"
    rf"|{FRENCH}|{SLAVIC}){SECONDARY_EN}"
)


# After ``lives at``, ``located at``, ``vive en`` ...: a house number and the words after
# it, to the first comma or the end of the clause, whatever the street is called
# (``lives at 172 Maneeži 75, Saareküla``).
CUES = ("lives at", "live at", "living at", "resides at", "located at", "offices at",
        "live in", "lives in", "living in", "moved to", "address is", "sent to", "send it to",
        "ship to", "deliver to", "delivered to",
        "vive en", "vivo en", "reside en", "domiciliado en", "domiciliada en")  # fmt: skip
CUED = (  # a space behind and a digit ahead first: the cue lookbehinds, tried at every
    # position of every text, were a third of the recognizer's time
    r"(?<=[ ])(?=\d)(?:" + "|".join(rf"(?<=\b{c} )" for c in CUES) + r")"
    r"(?=[^,;|?!\n]*[^\W\d_]{3})(?!(?:19|20)\d\d\b)\d{1,6}[A-Za-z]?(?:[ \t]+[^\s,;|?!()]+){1,7}?"
    r"(?=[ \t]*(?:[,;|?!\n(]|\.(?:\s|$)|$))"
)


# US military and diplomatic mail (USPS): a unit and box, or a ship, over ``APO``/``FPO``/
# ``DPO`` with its armed-forces code and ZIP (``PSC 3117, Box 0609`` / ``APO AA 44332``,
# ``USNS Møller`` / ``FPO AA 85844``); the APO line alone is an address too.
MILITARY = (
    r"(?:\b(?:(?:PSC|CMR|Unit)[ \t]+\d{3,5},?[ \t]+Box[ \t]+\d{3,5}|"
    r"(?:USNS|USNV|USS|USCGC)[ \t]+[^\W\d_][\w'’-]*)[ \t]*(?:,[ \t]*|\n[ \t>]*|[ \t]))?"
    r"\b(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5}\b"
)


# A flat or suite with its number, wherever it stands (``Suite 541 6343 Skogstien 106``,
# ``apt. 169``): part of an address even when the street is not next to it.
UNIT = (
    r"(?i:\b(?:apt\.?|apartment|suite|ste\.)[ \t]*(?:no\.?[ \t]*|#[ \t]*)?"
    r"(?!(?:19|20)\d\d\b)\d{1,5}[A-Za-z]?\b)"
)


class StreetAddressRecognizer(PatternRecognizer):  # type: ignore[misc]
    def __init__(self, supported_language: str) -> None:
        pattern = spanish_pattern() if supported_language == "es" else english_pattern()
        pattern = f"(?:{pattern})|{CONTINENTAL}|(?i:{CUED})|(?i:{MILITARY})"
        super().__init__(
            supported_entity="STREET_ADDRESS",
            name="StreetAddressRecognizer",
            supported_language=supported_language,
            patterns=[Pattern("street_address", pattern, 0.7), Pattern("unit", UNIT, 0.6)],
            context=["address", "street", "dirección", "calle", "domicilio", "vive", "lives"],
            global_regex_flags=re.MULTILINE,
        )
