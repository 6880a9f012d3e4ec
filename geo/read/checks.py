"""What a reader refuses and how it says so: the ``ReadError`` family, sizes as people read them, dates.

Every failure is a ``ReadError`` naming the file and the reason; its subclasses also subclass
the matching builtin (``FileNotFoundError``, ``ValueError``, ``UnicodeError``), geopy style.
``reading`` (files, sidecars) and ``formats`` (HTML, PDF, DOCX) both raise them.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

_PUBLISHED = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")


class ReadError(Exception):
    """A file that cannot be ingested: ``path`` and a ``reason`` a person can act on."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class MissingFileError(ReadError, FileNotFoundError):
    """The file does not exist (any more), or is not a regular file."""


class BinaryFileError(ReadError, ValueError):
    """The file holds binary data (NUL bytes), not text."""


class TextEncodingError(ReadError, UnicodeError):
    """The file is not valid UTF-8."""


class EmptyFileError(ReadError, ValueError):
    """The file holds no text."""


class FileTooLargeError(ReadError, ValueError):
    """The file is larger than the configured limit."""


class UnreadableFileError(ReadError, ValueError):
    """A PDF or Word file that is not what its name says, or is truncated or broken."""


class EncryptedFileError(ReadError, ValueError):
    """A PDF or Word file locked with a password."""


class NoTextLayerError(EmptyFileError):
    """A PDF whose pages are images (a scan): there is no text to read without OCR."""


class MetadataError(ReadError, ValueError):
    """The sidecar ``NAME.json`` is unreadable, not JSON, or holds an invalid value."""


def megabytes(size: int) -> str:
    """A size as people read it: ``"5.0 MB"``."""
    return f"{size / (1024 * 1024):.1f} MB"


def validate_published(value: str | None) -> str | None:
    """A ``published`` value checked: YYYY-MM-DD or YYYY-MM (a timestamp is cut to its day)."""
    if value is None:
        return None
    stamp = _DATETIME.match(value)
    if stamp:
        value = stamp.group(1)
    match = _PUBLISHED.match(value)
    if not match:
        raise ValueError(f"'published' must be YYYY-MM-DD or YYYY-MM, got: {value!r}")
    year, month, day = int(match.group(1)), int(match.group(2)), match.group(3)
    try:
        date(year, month, int(day) if day else 1)
    except ValueError as exc:
        raise ValueError(f"'published' is not a real date: {value!r} ({exc})") from exc
    return value
