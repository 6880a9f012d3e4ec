"""Hand-built extractions for the reading/store/pipeline/CLI tests (invented names only)."""

from __future__ import annotations

from geo.models import (
    Candidate,
    DateMention,
    DateRange,
    DocumentMeta,
    EntityKind,
    EntityMention,
    Extraction,
    PlaceMention,
    Resolved,
    Role,
    Sentence,
    SourceDocument,
    Span,
    TripRecord,
    Unresolved,
)
from geo.reading import content_hash

TEXT = (
    "Mayors from Tulsa, Oklahoma, travelled to Osaka last March.\n"
    "The Prairie Pacific Exchange is run by the Heartland Friendship Council, said Dana Ortiz, "
    "its director.\n"
    "Nobody knows where Zorbington is."
)


def _span(text: str, needle: str, start_at: int = 0) -> Span:
    start = text.index(needle, start_at)
    return Span(start, start + len(needle), needle)


def _sentences(text: str) -> tuple[Sentence, ...]:
    out, start = [], 0
    for line in text.split("\n"):
        out.append(Sentence(start, start + len(line), line))
        start += len(line) + 1
    return tuple(out)


def make_extraction(doc_id: str = "doc_a", text: str = TEXT, *, published: str | None = "2024-02-01",
                    path: str | None = None) -> Extraction:
    """An extraction with every kind of item: resolved and unresolved places, entities, dates, a trip."""
    document = SourceDocument(
        id=doc_id, path=path or f"{doc_id}.txt", text=text,
        meta=DocumentMeta(title=f"Title of {doc_id}", outlet="The Test Times", published=published,
                          url="https://example.org/a", language="en", notes="invented"),
        content_hash=content_hash(text),
    )
    sentences = _sentences(text)
    tulsa = Candidate(name="Tulsa", kind="city", lat=36.15398, lon=-95.99277, country="US", admin1="OK",
                      geonameid=4553433, population=413066, feature_code="PPLA2", score=0.9)
    osaka = Candidate(name="Osaka", kind="city", lat=34.69374, lon=135.50218, country="JP", admin1="Osaka",
                      geonameid=1853909, population=2592413, feature_code="PPLA", score=0.8)
    places: list[PlaceMention] = []
    if "Tulsa" in text:
        places.append(PlaceMention(
            span=_span(text, "Tulsa"), sentence=sentences[0],
            resolution=Resolved(place=tulsa, confidence=0.95, candidates=(tulsa,), reason="qualifier"),
            qualifier=_span(text, "Oklahoma"),
        ))
    if "Osaka" in text:
        places.append(PlaceMention(
            span=_span(text, "Osaka"), sentence=sentences[0],
            resolution=Resolved(place=osaka, confidence=0.7, candidates=(osaka,), reason="importance"),
        ))
    if "Zorbington" in text:
        places.append(PlaceMention(
            span=_span(text, "Zorbington"), sentence=sentences[-1],
            resolution=Unresolved(reason="not in gazetteer"),
        ))
    def entities(kind: EntityKind, name: str) -> tuple[EntityMention, ...]:
        return (EntityMention(kind, name, _span(text, name), sentences[1]),) if name in text else ()

    people = entities("person", "Dana Ortiz")
    orgs = entities("organization", "Heartland Friendship Council")
    programs = entities("program", "Prairie Pacific Exchange")
    march = DateRange("2023-03-01", "2023-03-31", "month")
    dates = (DateMention(_span(text, "last March"), sentences[0], march),) if "last March" in text else ()
    trips: tuple[TripRecord, ...] = ()
    if len(places) >= 2:
        trips = (TripRecord(origins=(0,), destinations=(1,), evidence=(sentences[0],), date=march,
                            date_text="last March", organizer="Heartland Friendship Council",
                            program="Prairie Pacific Exchange", participants=("Dana Ortiz",),
                            participant_text="Mayors from Tulsa, Oklahoma"),)
    return Extraction(
        document=document, sentences=sentences, places=tuple(places), people=people, organizations=orgs,
        programs=programs, dates=dates, trips=trips,
        roles={"Dana Ortiz": (Role("director", "Heartland Friendship Council"),)} if people else {},
        program_organizers={"Prairie Pacific Exchange": "Heartland Friendship Council"} if programs else {},
    )
