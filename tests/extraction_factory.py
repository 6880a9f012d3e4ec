"""Hand-built extractions for the tests, and a SQLite database holding them.

Three kinds: a small corpus of invented articles with their own gazetteer (``corpus``, ``build``),
one article with every kind of item (``make_extraction``), and many synthetic articles, some with
markup in their texts (``synthetic_extractions``). Every article is invented for the tests (the seed
article's places, people and programs are never used); the invented gazetteer carries geonameids above
90,000,000.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

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
from geo.read.reading import content_hash
from geo.store.database import Store

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def sentences_of(parts: Sequence[str]) -> tuple[Sentence, ...]:
    """The sentences of a text made of ``parts`` joined by one character (a space or a newline)."""
    out, start = [], 0
    for part in parts:
        out.append(Sentence(start, start + len(part), part))
        start += len(part) + 1
    return tuple(out)


def span_of(text: str, needle: str, start_at: int = 0) -> Span:
    """The first occurrence of ``needle`` in ``text`` from ``start_at``."""
    start = text.index(needle, start_at)
    return Span(start, start + len(needle), needle)


def saved(path: Path, extractions: Iterable[Extraction]) -> str:
    """The URL of a new SQLite database at ``path`` holding ``extractions``."""
    url = f"sqlite:///{path}"
    with Store(url) as store:
        for extraction in extractions:
            store.save_extraction(extraction)
    return url


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
    sentences = sentences_of(article.sentences)

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
                         content_hash=content_hash(text))
    return Extraction(
        document=doc, sentences=sentences, places=tuple(places),
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


def hostile_extraction() -> Extraction:
    """An invented article whose title, names and texts carry markup and spreadsheet formulas."""
    evil = city(HOSTILE, 90000099, 10.0, 10.0)
    home = city("=HYPERLINK(\"http://x\")", 90000098, 20.0, 20.0)
    return build(Article(
        id="inv_evil",
        sentences=("Bad Town sent Evil Person to Good Town.",),
        places={"Bad Town": home, "Good Town": evil},
        people={"Evil Person": HOSTILE},
        url="javascript:alert(document.cookie)",
        title=HOSTILE,
        trips=(Trip(origins=("Bad Town",), destinations=("Good Town",), participants=(HOSTILE,),
                    participant_text="-1+1"),),
    ))


TEXT = (
    "Mayors from Tulsa, Oklahoma, travelled to Osaka last March.\n"
    "The Prairie Pacific Exchange is run by the Heartland Friendship Council, said Dana Ortiz, "
    "its director.\n"
    "Nobody knows where Zorbington is."
)


def make_extraction(doc_id: str = "doc_a", text: str = TEXT, *, published: str | None = "2024-02-01",
                    path: str | None = None) -> Extraction:
    """An extraction with every kind of item: resolved and unresolved places, entities, dates, a trip."""
    document = SourceDocument(
        id=doc_id, path=path or f"{doc_id}.txt", text=text,
        meta=DocumentMeta(title=f"Title of {doc_id}", outlet="The Test Times", published=published,
                          url="https://example.org/a", language="en", notes="invented"),
        content_hash=content_hash(text),
    )
    sentences = sentences_of(text.split("\n"))
    tulsa = Candidate(name="Tulsa", kind="city", lat=36.15398, lon=-95.99277, country="US", admin1="OK",
                      geonameid=4553433, population=413066, feature_code="PPLA2", score=0.9)
    osaka = Candidate(name="Osaka", kind="city", lat=34.69374, lon=135.50218, country="JP", admin1="Osaka",
                      geonameid=1853909, population=2592413, feature_code="PPLA", score=0.8)
    places: list[PlaceMention] = []
    if "Tulsa" in text:
        places.append(PlaceMention(
            span=span_of(text, "Tulsa"), sentence=sentences[0],
            resolution=Resolved(place=tulsa, confidence=0.95, candidates=(tulsa,), reason="qualifier"),
            qualifier=span_of(text, "Oklahoma"),
        ))
    if "Osaka" in text:
        places.append(PlaceMention(
            span=span_of(text, "Osaka"), sentence=sentences[0],
            resolution=Resolved(place=osaka, confidence=0.7, candidates=(osaka,), reason="importance"),
        ))
    if "Zorbington" in text:
        places.append(PlaceMention(
            span=span_of(text, "Zorbington"), sentence=sentences[-1],
            resolution=Unresolved(reason="not in gazetteer"),
        ))
    def entities(kind: EntityKind, name: str) -> tuple[EntityMention, ...]:
        return (EntityMention(kind, name, span_of(text, name), sentences[1]),) if name in text else ()

    people = entities("person", "Dana Ortiz")
    orgs = entities("organization", "Heartland Friendship Council")
    programs = entities("program", "Prairie Pacific Exchange")
    march = DateRange("2023-03-01", "2023-03-31", "month")
    dates = (DateMention(span_of(text, "last March"), sentences[0], march),) if "last March" in text else ()
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


def synthetic_extractions(documents: int = 300, seed: int = 11) -> list[Extraction]:
    """``documents`` invented articles as extractions, with places, entities and a trip each."""
    rng = random.Random(seed)
    codes = ("US", "CN", "JP", "AU", "TW")
    towns = [(f"Town{i}", rng.uniform(-50, 65), rng.uniform(-170, 170), codes[i % 5]) for i in range(120)]
    out: list[Extraction] = []
    for d in range(documents):
        (a, alat, alon, acc), (b, blat, blon, bcc) = rng.sample(towns, 2)
        person, org, program = f"Person{d % 40} Smith", f"Council{d % 12} Board", f"Exchange{d % 7} Program"
        hostile = d % 17 == 0  # markup in a title, a resolved name and a sentence: shown as text everywhere
        s1 = f"Mayors from {a} travelled to {b} in March with {person}."
        s2 = f"The {program} is run by the {org}."
        if hostile:
            s2 += f" {HOSTILE} [link](javascript:alert(2))"
        text = f"{s1}\n{s2}"
        year = 2016 + d % 9
        meta = DocumentMeta(title=f"Synthetic article {d}" + (f" {HOSTILE}" if hostile else ""),
                            outlet="Synthetic News", published=f"{year}-04-{1 + d % 28:02d}",
                            url="javascript:alert(3)" if hostile else "https://example.org")
        doc = SourceDocument(id=f"syn_{d:04d}", path=f"syn_{d:04d}.txt", text=text, meta=meta,
                             content_hash=f"{d:064x}")
        sent = sentences_of((s1, s2))

        def span(needle: str, sentence: Sentence, text: str = text) -> Span:
            return span_of(text, needle, sentence.start)

        ca = Candidate(name=a, kind="city", lat=alat, lon=alon, country=acc, geonameid=5_000_000 + int(a[4:]))
        cb = Candidate(name=f"{b} {HOSTILE}" if hostile else b, kind="city", lat=blat, lon=blon, country=bcc,
                       geonameid=(9_000_000 if hostile else 5_000_000) + int(b[4:]))
        places = (PlaceMention(span(a, sent[0]), sent[0], Resolved(ca, 0.8, (ca,), "importance")),
                  PlaceMention(span(b, sent[0]), sent[0], Resolved(cb, 0.6, (cb,), "importance")))
        march = DateRange(f"{year}-03-01", f"{year}-03-31", "month")
        out.append(Extraction(
            document=doc, sentences=sent, places=places,
            people=(EntityMention("person", person, span(person, sent[0]), sent[0]),),
            organizations=(EntityMention("organization", org, span(org, sent[1]), sent[1]),),
            programs=(EntityMention("program", program, span(program, sent[1]), sent[1]),),
            dates=(DateMention(span("in March", sent[0]), sent[0], march),),
            trips=(TripRecord(origins=(0,), destinations=(1,), evidence=(sent[0],), date=march,
                              date_text="in March", organizer=org, program=program, participants=(person,),
                              participant_text="Mayors"),),
            roles={person: (Role("mayor", None),)}, program_organizers={program: org},
        ))
    return out
