"""Our recognizers for what Presidio's defaults miss or do slowly."""

from governance.privacy.detect.recognizers.address import StreetAddressRecognizer
from governance.privacy.detect.recognizers.address_block import AddressBlockRecognizer
from governance.privacy.detect.recognizers.age import AgeRecognizer
from governance.privacy.detect.recognizers.card import LuhnCardRecognizer
from governance.privacy.detect.recognizers.dates import MonthDateRecognizer
from governance.privacy.detect.recognizers.email import AnyTldEmailRecognizer
from governance.privacy.detect.recognizers.fields import LabelledFieldRecognizer
from governance.privacy.detect.recognizers.national import PlaceholderNinoRecognizer
from governance.privacy.detect.recognizers.person import GazetteerPersonRecognizer
from governance.privacy.detect.recognizers.phone import PhoneShapeRecognizer, phone_recognizers
from governance.privacy.detect.recognizers.place import (
    CountryLineTownRecognizer,
    KnownTownRecognizer,
    LabelledPlaceRecognizer,
)
from governance.privacy.detect.recognizers.postal import (
    PlacePostcodeRecognizer,
    PostalCodeRecognizer,
)
from governance.privacy.detect.recognizers.spanish import (
    SpanishCccRecognizer,
    SpanishIbanRecognizer,
    SpanishNieRecognizer,
    SpanishNifRecognizer,
)

__all__ = [
    "AddressBlockRecognizer",
    "AgeRecognizer",
    "AnyTldEmailRecognizer",
    "CountryLineTownRecognizer",
    "GazetteerPersonRecognizer",
    "KnownTownRecognizer",
    "LabelledFieldRecognizer",
    "LabelledPlaceRecognizer",
    "LuhnCardRecognizer",
    "MonthDateRecognizer",
    "PhoneShapeRecognizer",
    "PlacePostcodeRecognizer",
    "PlaceholderNinoRecognizer",
    "PostalCodeRecognizer",
    "SpanishCccRecognizer",
    "SpanishIbanRecognizer",
    "SpanishNieRecognizer",
    "SpanishNifRecognizer",
    "StreetAddressRecognizer",
    "phone_recognizers",
]
