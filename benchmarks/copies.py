"""Fill a database quickly for the scale benchmark: copies of real extractions, under new ids.

Extracting 20,000 or 100,000 invented articles takes hours on a small machine, and what the dashboard
costs depends on what the store holds, not on how it got there. So ``fill`` stores ``n`` documents:
the first ``base`` ingested for real, the rest copies of those extractions, each with its own id,
text (the article's reference number, same length, so every offset holds), content hash, and its
dates (trip, mentions, publication) moved by a whole number of weeks, so that copies make trips of
their own rather than merging into the originals.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable
from datetime import date, timedelta

from geo.models import DateMention, DateRange, Extraction, TripRecord
from geo.store.database import Store

_REFERENCE = re.compile(r"Reference (\d{7})")


def _shift(day: str | None, weeks: int) -> str | None:
    """``YYYY-MM-DD`` (or ``YYYY-MM``) moved by ``weeks``; anything else as it was."""
    if not day:
        return day
    try:
        if len(day) == 7:
            moved = date.fromisoformat(day + "-01") + timedelta(weeks=weeks)
            return moved.isoformat()[:7]
        return (date.fromisoformat(day) + timedelta(weeks=weeks)).isoformat()
    except ValueError:
        return day


def _range(value: DateRange | None, weeks: int) -> DateRange | None:
    if value is None:
        return None
    return dataclasses.replace(value, start=_shift(value.start, weeks) or value.start,
                               end=_shift(value.end, weeks) or value.end)


def copy_extraction(extraction: Extraction, number: int, weeks: int) -> Extraction:
    """``extraction`` as invented article ``number``, its dates moved by ``weeks``."""
    doc = extraction.document
    text = _REFERENCE.sub(f"Reference {number:07d}", doc.text, count=1)
    if len(text) != len(doc.text):
        raise ValueError(f"copying {doc.id!r} changed the text's length")
    document = dataclasses.replace(
        doc, id=f"article_{number:07d}", path=f"copies/article_{number:07d}.txt", text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        meta=dataclasses.replace(doc.meta, published=_shift(doc.meta.published, weeks),
                                 title=(doc.meta.title or "").rsplit(" (", 1)[0] + f" ({number})"))
    trips: tuple[TripRecord, ...] = tuple(dataclasses.replace(t, date=_range(t.date, weeks))
                                          for t in extraction.trips)
    dates: tuple[DateMention, ...] = tuple(dataclasses.replace(d, resolved=_range(d.resolved, weeks))
                                           for d in extraction.dates)
    return dataclasses.replace(extraction, document=document, trips=trips, dates=dates)


def fill(store: Store, n: int, progress: Callable[[int], None] | None = None) -> int:
    """Add copies of the store's extractions until it holds ``n`` documents; how many were added."""
    base = store.load_extractions()
    if not base:
        raise ValueError("fill needs a store with at least one ingested document")
    have = len(base)
    added = 0
    for number in range(have, n):
        original = base[number % len(base)]
        weeks = (number // len(base)) * 5 % 520 - 260  # within ±5 years, never 0 for a copy
        store.save_extraction(copy_extraction(original, number, weeks or 3))
        added += 1
        if progress is not None and added % 1000 == 0:
            progress(added)
    return added
