"""Hand-built extractions for the atlas, corrections, export and import tests.

Every article, place and name here is invented for the tests (the seed article's are never used);
the gazetteer entries carry made-up geonameids above 90,000,000.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from geo.models import (
    Candidate,
    DateRange,
    DocumentMeta,
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


def city(name: str, gid: int, lat: float, lon: float, country: str = "US", admin1: str | None = None,
         score: float = 0.8) -> Candidate:
    """An invented gazetteer city."""
    return Candidate(name=name, kind="city", lat=lat, lon=lon, country=country, admin1=admin1,
                     geonameid=gid, population=10_000, feature_code="PPL", score=score)


LAKEVIEW = city("Lakeview", 90000001, 41.0, -90.0, "US", "IL")
LAKEVIEW_OR = city("Lakeview", 90000002, 42.2, -120.3, "US", "OR", score=0.3)
PINEFORD = city("Pineford", 90000003, 39.5, -86.1, "US", "IN")
JADE_HARBOR = city("Jade Harbor", 90000004, 23.0, 113.5, "CN", "GD")
RIVERMOUTH = city("Rivermouth", 90000005, 30.5, 114.3, "CN", "HB")
NORTH_CAPE = city("North Cape", 90000006, -36.8, 174.7, "NZ", None)

GAZETTEER: dict[int, Candidate] = {c.geonameid: c for c in  # type: ignore[misc]
                                   (LAKEVIEW, LAKEVIEW_OR, PINEFORD, JADE_HARBOR, RIVERMOUTH, NORTH_CAPE)}


def lookup(geonameid: int) -> Candidate | None:
    """The invented gazetteer's ``get``."""
    return GAZETTEER.get(geonameid)


@dataclass
class Trip:
    """A trip told by a test article: place texts, names, the evidence sentence numbers."""

    origins: Sequence[str] = ()
    destinations: Sequence[str] = ()
    date: DateRange | None = None
    date_text: str = ""
    participants: Sequence[str] = ()
    participant_text: str = ""
    organizer: str | None = None
    program: str | None = None
    evidence: Sequence[int] = (0,)


@dataclass
class Article:
    """A test article: its sentences and what the extraction found in it."""

    id: str
    sentences: Sequence[str]
    places: Mapping[str, Candidate | None] = field(default_factory=dict)
    people: Mapping[str, str] = field(default_factory=dict)  # text as written -> canonical name
    organizations: Sequence[str] = ()
    programs: Sequence[str] = ()
    trips: Sequence[Trip] = ()
    roles: Mapping[str, tuple[Role, ...]] = field(default_factory=dict)
    program_organizers: Mapping[str, str] = field(default_factory=dict)
    published: str | None = "2024-02-01"
    title: str | None = None
    url: str | None = None
    alternatives: Mapping[str, tuple[Candidate, ...]] = field(default_factory=dict)


def build(article: Article) -> Extraction:
    """The extraction of an article, spans computed from the text."""
    text = " ".join(article.sentences)
    sentences: list[Sentence] = []
    pos = 0
    for s in article.sentences:
        sentences.append(Sentence(pos, pos + len(s), s))
        pos += len(s) + 1

    def spans(word: str) -> list[tuple[Span, Sentence]]:
        out = []
        for m in re.finditer(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text):
            sent = next(s for s in sentences if s.start <= m.start() < s.end)
            out.append((Span(m.start(), m.end(), word), sent))
        return out

    places: list[PlaceMention] = []
    index_of: dict[str, list[int]] = {}
    for word, cand in article.places.items():
        others = article.alternatives.get(word, ())
        for span, sent in spans(word):
            res = (Resolved(cand, cand.score, (cand, *others), "context") if cand is not None
                   else Unresolved("no candidate", others))
            index_of.setdefault(word, []).append(len(places))
            places.append(PlaceMention(span, sent, res))

    def entities(kind: str, names: Mapping[str, str]) -> tuple[EntityMention, ...]:
        out = [EntityMention(kind, canonical, span, sent)  # type: ignore[arg-type]
               for written, canonical in names.items() for span, sent in spans(written)]
        return tuple(sorted(out, key=lambda m: m.span.start))

    trips = tuple(
        TripRecord(
            origins=tuple(index_of[o][0] for o in t.origins),
            destinations=tuple(index_of[d][0] for d in t.destinations),
            evidence=tuple(sentences[i] for i in t.evidence),
            date=t.date, date_text=t.date_text, organizer=t.organizer, program=t.program,
            participants=tuple(t.participants), participant_text=t.participant_text,
        )
        for t in article.trips
    )
    meta = DocumentMeta(title=article.title or article.id, outlet="Invented Gazette",
                        published=article.published, url=article.url)
    doc = SourceDocument(id=article.id, path=f"{article.id}.txt", text=text, meta=meta,
                         content_hash=hashlib.sha256(text.encode()).hexdigest())
    return Extraction(
        document=doc, sentences=tuple(sentences), places=tuple(places),
        people=entities("person", article.people),
        organizations=entities("organization", {o: o for o in article.organizations}),
        programs=entities("program", {p: p for p in article.programs}),
        dates=(), trips=trips, roles=dict(article.roles), program_organizers=dict(article.program_organizers),
    )


NOV_2023 = DateRange("2023-11-01", "2023-11-30", "month")
NOV_12_2023 = DateRange("2023-11-12", "2023-11-12", "day")
MAR_2025 = DateRange("2025-03-01", "2025-03-31", "month")


def article_one() -> Article:
    """Mayors of Lakeview and Pineford visit Jade Harbor and Rivermouth under an exchange program."""
    return Article(
        id="inv_one",
        sentences=(
            "Mayors from Lakeview, Illinois, and Pineford travelled to Jade Harbor and Rivermouth"
            " last November.",
            "The trip was organised by the Friends of the Delta Council, said Ada Ruiz, its director.",
            "It was part of the \u201cTwin Rivers Exchange\u201d run by the Friends of the Delta Council.",
            "Ruiz said the mayors met officials in Rivermouth.",
        ),
        places={"Lakeview": LAKEVIEW, "Pineford": PINEFORD, "Jade Harbor": JADE_HARBOR,
                "Rivermouth": RIVERMOUTH},
        alternatives={"Lakeview": (LAKEVIEW_OR,)},
        people={"Ada Ruiz": "Ada Ruiz", "Ruiz": "Ada Ruiz"},
        organizations=("Friends of the Delta Council",),
        programs=("Twin Rivers Exchange",),
        roles={"Ada Ruiz": (Role("director", "Friends of the Delta Council"),)},
        program_organizers={"Twin Rivers Exchange": "Friends of the Delta Council"},
        trips=(Trip(origins=("Lakeview", "Pineford"), destinations=("Jade Harbor", "Rivermouth"),
                    date=NOV_2023, date_text="last November", participant_text="Mayors",
                    organizer="Friends of the Delta Council", program="Twin Rivers Exchange",
                    evidence=(0, 3)),),
    )


def article_two() -> Article:
    """Another outlet tells the same trip (with a day date) and names the council without "the"."""
    return Article(
        id="inv_two",
        sentences=(
            "On Nov. 12 the mayor of Pineford arrived in Rivermouth with a delegation.",
            "Ada Ruiz of Friends of the Delta Council led the group, a program of the U.S Delta Council.",
            "Reporters in North Cape, a city nobody visited, covered it.",
        ),
        places={"Pineford": PINEFORD, "Rivermouth": RIVERMOUTH, "North Cape": NORTH_CAPE},
        people={"Ada Ruiz": "Ada Ruiz"},
        organizations=("Friends of the Delta Council", "U.S Delta Council"),
        published="2023-11-20",
        trips=(Trip(origins=("Pineford",), destinations=("Rivermouth",), date=NOV_12_2023,
                    date_text="On Nov. 12", participants=("Ada Ruiz",), participant_text="the mayor",
                    evidence=(0,)),),
    )


def article_three() -> Article:
    """A different trip the other way, with an unresolved place and a place the NER missed."""
    return Article(
        id="inv_three",
        sentences=(
            "A team from Rivermouth will visit Lakeview in March 2025, said Bo Chen.",
            "They may also stop in Zanthia, and later see Greyhaven.",
            "The U.S. Delta Council paid for the visit.",
        ),
        places={"Rivermouth": RIVERMOUTH, "Lakeview": LAKEVIEW, "Zanthia": None},
        people={"Bo Chen": "Bo Chen"},
        organizations=("The U.S. Delta Council",),
        published="2024-12-01",
        trips=(Trip(origins=("Rivermouth",), destinations=("Lakeview", "Zanthia"), date=MAR_2025,
                    date_text="in March 2025", participants=("Bo Chen",), participant_text="A team"),),
    )


def corpus() -> list[Extraction]:
    """The three invented articles."""
    return [build(article_one()), build(article_two()), build(article_three())]
