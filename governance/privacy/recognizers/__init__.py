"""Our recognizers for what Presidio's defaults miss or do slowly."""

from governance.privacy.recognizers.address import StreetAddressRecognizer
from governance.privacy.recognizers.address_block import AddressBlockRecognizer
from governance.privacy.recognizers.age import AgeRecognizer
from governance.privacy.recognizers.card import LuhnCardRecognizer
from governance.privacy.recognizers.dates import MonthDateRecognizer
from governance.privacy.recognizers.email import AnyTldEmailRecognizer
from governance.privacy.recognizers.fields import LabelledFieldRecognizer
from governance.privacy.recognizers.person import GazetteerPersonRecognizer
from governance.privacy.recognizers.phone import PhoneShapeRecognizer, phone_recognizers
from governance.privacy.recognizers.place import LabelledPlaceRecognizer
from governance.privacy.recognizers.postal import PlacePostcodeRecognizer, PostalCodeRecognizer
from governance.privacy.recognizers.spanish import (
    SpanishCccRecognizer,
    SpanishIbanRecognizer,
    SpanishNieRecognizer,
    SpanishNifRecognizer,
)

__all__ = [
    "AddressBlockRecognizer",
    "AgeRecognizer",
    "AnyTldEmailRecognizer",
    "GazetteerPersonRecognizer",
    "LabelledFieldRecognizer",
    "LabelledPlaceRecognizer",
    "LuhnCardRecognizer",
    "MonthDateRecognizer",
    "PhoneShapeRecognizer",
    "PlacePostcodeRecognizer",
    "PostalCodeRecognizer",
    "SpanishCccRecognizer",
    "SpanishIbanRecognizer",
    "SpanishNieRecognizer",
    "SpanishNifRecognizer",
    "StreetAddressRecognizer",
    "phone_recognizers",
]
