"""Our recognizers for what Presidio's defaults miss."""

from governance.privacy.recognizers.address import StreetAddressRecognizer
from governance.privacy.recognizers.person import GazetteerPersonRecognizer

__all__ = ["GazetteerPersonRecognizer", "StreetAddressRecognizer"]
