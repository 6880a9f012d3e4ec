"""The country an article's outlet is in, read from its address: a national domain ("example.gov.uk",
"example.co.nz") says where the readers are, and so which of two namesakes the story more likely means."""

from __future__ import annotations

from urllib.parse import urlsplit

# two-letter domains used the world over for what they spell, not for their country
_GENERIC = frozenset(
    {"ai", "am", "cc", "co", "fm", "gg", "io", "la", "ly", "me", "nu", "tk", "to", "tv", "ws"})
_ISO = {"uk": "GB"}  # the one national domain that is not the ISO code


def outlet_country(url: str | None) -> str | None:
    """The ISO code of the country an article's address names by its domain ("GB" for ".gov.uk", "US" for
    ".gov"), or None for a worldwide one (".com", ".org", ".io")."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:
        return None
    tail = host.rstrip(".").rsplit(".", 1)[-1].lower() if "." in host else ""
    if tail in ("gov", "mil", "edu"):
        return "US"
    if len(tail) != 2 or not tail.isalpha() or tail in _GENERIC:
        return None
    return _ISO.get(tail, tail.upper())
