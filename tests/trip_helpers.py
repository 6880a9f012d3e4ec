"""Hand-built inputs for the trip rules: a tiny parse and a tiny gazetteer, so that tests of
``geo.trips`` need only the spaCy model, not the project's NLP or gazetteer modules."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from geo.models import (
    Candidate,
    DateExpression,
    DateMention,
    DateRange,
    Dateline,
    EntityMention,
    ParsedText,
    PlaceMention,
    Resolved,
    Role,
    Sentence,
    Span,
    Toponym,
    Unresolved,
)

# name -> (kind, country, admin1, lat, lon, geonameid): invented test data, not a gazetteer
PLACES: dict[str, tuple[str, str, str | None, float, float, int]] = {
    "China": ("country", "CN", None, 35.0, 105.0, 1814991),
    "Japan": ("country", "JP", None, 35.69, 139.75, 1861060),
    "Australia": ("country", "AU", None, -25.0, 135.0, 2077456),
    "Taiwan": ("country", "TW", None, 24.0, 121.0, 1668284),
    "United States": ("country", "US", None, 39.76, -98.5, 6252001),
    "Wuhan": ("city", "CN", "Hubei", 30.58, 114.27, 1791247),
    "Hong Kong": ("city", "HK", None, 22.28, 114.17, 1819729),
    "Osaka": ("city", "JP", "Osaka", 34.69, 135.5, 1853909),
    "Kyoto": ("city", "JP", "Kyoto", 35.02, 135.75, 1857910),
    "Tokyo": ("city", "JP", "Tokyo", 35.69, 139.69, 1850147),
    "Sendai": ("city", "JP", "Miyagi", 38.27, 140.87, 2111149),
    "Springfield": ("city", "US", "IL", 39.8, -89.64, 4250542),
    "Columbia": ("city", "US", "MO", 38.95, -92.33, 4381982),
    "Missouri": ("admin1", "US", "MO", 38.25, -92.5, 4398678),
    "Portland": ("city", "US", "OR", 45.52, -122.68, 5746545),
    "Oregon": ("admin1", "US", "OR", 44.0, -120.5, 5744337),
    "Rochester": ("city", "US", "MN", 44.02, -92.47, 5043473),
    "Minnesota": ("admin1", "US", "MN", 46.25, -94.25, 5037779),
    "Kaohsiung": ("city", "TW", None, 22.62, 120.31, 1673820),
    "Taipei": ("city", "TW", None, 25.05, 121.53, 1668341),
    "Perth": ("city", "AU", "WA", -31.95, 115.86, 2063523),
    "Chengdu": ("city", "CN", "Sichuan", 30.67, 104.07, 1815286),
    "Shanghai": ("city", "CN", "Shanghai", 31.22, 121.46, 1796236),
    "Beijing": ("city", "CN", "Beijing", 39.91, 116.4, 1816670),
    "Washington": ("city", "US", "DC", 38.9, -77.04, 4140963),
    "Dayton": ("city", "US", "OH", 39.76, -84.19, 4509884),
    "Ohio": ("admin1", "US", "OH", 40.25, -83.0, 5165418),
    "Pacific": ("feature", "", None, 0.0, -160.0, 2363254),
}

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _month_range(year: int, month: int) -> DateRange:
    end = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1))
    return DateRange(f"{year:04d}-{month:02d}-01", end.isoformat(), "month")


def resolve(text: str, published: date) -> DateRange | None:
    """A small stand-in for geo.dates: months, 'last month', weekdays, 'last week'."""
    low = text.lower()
    for m, name in enumerate(MONTHS, start=1):
        if name in low:
            year_match = re.search(r"(19|20)\d\d", low)
            year = int(year_match.group(0)) if year_match else published.year
            if not year_match and ("last" in low or m > published.month):
                year = published.year - 1 if "last" in low or m > published.month else year
            day_match = re.search(r"\b(\d{1,2})\b", low)
            if day_match and not year_match:
                d = date(year, m, int(day_match.group(1))).isoformat()
                return DateRange(d, d, "day")
            return _month_range(year, m)
    for w, name in enumerate(WEEKDAYS):
        if name in low:
            delta = (published.weekday() - w) % 7
            d = (published - timedelta(days=delta)).isoformat()
            return DateRange(d, d, "day")
    if "last week" in low:
        start = published - timedelta(days=published.weekday() + 7)
        return DateRange(start.isoformat(), (start + timedelta(days=6)).isoformat(), "week")
    if "last month" in low:
        first = published.replace(day=1) - timedelta(days=1)
        return _month_range(first.year, first.month)
    year = re.fullmatch(r"(?:in )?((19|20)\d\d)", low)
    if year:
        y = int(year.group(1))
        return DateRange(f"{y}-01-01", f"{y}-12-31", "year")
    return None


def build(nlp: Any, text: str, published: str = "2024-04-15", roles: dict[str, tuple[Role, ...]] | None = None,
          programs: tuple[str, ...] = (), organizers: dict[str, str] | None = None,
          ) -> tuple[Any, ParsedText, tuple[PlaceMention, ...], tuple[DateMention, ...]]:
    """Parse a text with the bare model and resolve its places and dates by the tables above."""
    doc = nlp(text)
    sentences = tuple(Sentence(s.start_char, s.end_char, s.text) for s in doc.sents)

    def sentence_of(start: int) -> Sentence:
        return next(s for s in sentences if s.start <= start < s.end)

    def span(start: int, end: int) -> Span:
        return Span(start, end, text[start:end])

    dateline = None
    m = re.match(r"([A-Z][A-Z .]+), ([A-Z][a-z]+\.? \d{1,2}) \([A-Za-z]+\) --", text)
    if m:
        dateline = Dateline(span(m.start(1), m.end(1)), span(m.start(2), m.end(2)))
    places: list[PlaceMention] = []
    people: list[EntityMention] = []
    orgs: list[EntityMention] = []
    progs: list[EntityMention] = []
    dates: list[DateMention] = []
    pub = date.fromisoformat(published)
    if dateline is not None and dateline.date is not None:
        dl = resolve(dateline.date.text, pub)
        if dl is not None:
            pub = date.fromisoformat(dl.start)
    for name in programs:
        for found in re.finditer(re.escape(name), text):
            progs.append(EntityMention("program", name, span(found.start(), found.end()),
                                       sentence_of(found.start())))
    taken = [(p.span.start, p.span.end) for p in progs]
    for ent in doc.ents:
        if any(a <= ent.start_char < b for a, b in taken):
            continue
        name = ent.text.removeprefix("the ").strip()
        start = ent.start_char + (len(ent.text) - len(ent.text.removeprefix("the ")))
        key = name.upper() if name.isupper() else name
        titled = key.title() if key.isupper() else key
        if titled in PLACES or ent.label_ in ("GPE", "LOC"):
            entry = PLACES.get(titled)
            resolution: Resolved | Unresolved
            if entry is None:
                resolution = Unresolved("not in test table")
            else:
                kind, cc, a1, lat, lon, gid = entry
                resolution = Resolved(Candidate(titled, kind, lat, lon, cc or None, a1, gid), 0.9)  # type: ignore[arg-type]
            places.append(PlaceMention(span(start, ent.end_char), sentence_of(start), resolution))
        elif ent.label_ == "PERSON":
            people.append(EntityMention("person", ent.text, span(ent.start_char, ent.end_char),
                                        sentence_of(ent.start_char)))
        elif ent.label_ == "ORG":
            orgs.append(EntityMention("organization", ent.text.removeprefix("the "),
                                      span(start, ent.end_char), sentence_of(start)))
        elif ent.label_ == "DATE":
            dates.append(DateMention(span(ent.start_char, ent.end_char), sentence_of(ent.start_char),
                                     resolve(ent.text, pub)))
    # qualifiers: "Columbia, Missouri" -> Missouri qualifies Columbia
    qualified: list[PlaceMention] = []
    for i, p in enumerate(places):
        nxt = places[i + 1] if i + 1 < len(places) else None
        if nxt is not None and text[p.span.end:nxt.span.start] == ", " and isinstance(nxt.resolution, Resolved) \
                and nxt.resolution.place.kind == "admin1":
            qualified.append(PlaceMention(p.span, p.sentence, p.resolution, nxt.span))
        else:
            qualified.append(p)
    toponyms = tuple(Toponym(p.span, p.sentence, p.qualifier) for p in qualified)
    parsed = ParsedText(
        sentences=sentences, toponyms=toponyms, people=tuple(people), organizations=tuple(orgs),
        programs=tuple(progs), dates=tuple(DateExpression(d.span, d.sentence) for d in dates),
        roles=roles or {}, program_organizers=organizers or {}, dateline=dateline,
    )
    return doc, parsed, tuple(qualified), tuple(dates)
