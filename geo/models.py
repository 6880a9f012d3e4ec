"""The data that flows through Delegation Atlas: frozen, typed, free of I/O.

Three layers:

* what is read: ``SourceDocument`` with its ``DocumentMeta``;
* what one document yields: ``ParsedText`` (the NLP step), then ``Extraction``
  (places resolved, dates resolved, trips recognised), which is what the store keeps;
* what the user sees: ``Atlas``, built from every extraction with the corrections
  applied, whose shape is the export contract (``../shared/CONTRACT.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

PlaceKind = Literal["city", "admin1", "country", "region", "feature", "other"]
PLACE_KINDS: tuple[PlaceKind, ...] = ("city", "admin1", "country", "region", "feature", "other")

Precision = Literal["day", "week", "month", "season", "year", "decade", "unknown"]

EntityKind = Literal["person", "organization", "program"]

TripStatus = Literal["completed", "ongoing", "planned", "cancelled"]
TRIP_STATUSES: tuple[TripStatus, ...] = ("completed", "ongoing", "planned", "cancelled")
TripKind = Literal["delegation", "official_visit", "trade_mission", "exchange", "conference", "other"]
TRIP_KINDS: tuple[TripKind, ...] = (
    "delegation", "official_visit", "trade_mission", "exchange", "conference", "other",
)
TieKind = Literal["sister city", "sister state", "sister province", "friendship city", "other"]
TIE_KINDS: tuple[TieKind, ...] = (
    "sister city", "sister state", "sister province", "friendship city", "other",
)
TieStatus = Literal["active", "proposed", "suspended", "ended", "unknown"]
TIE_STATUSES: tuple[TieStatus, ...] = ("active", "proposed", "suspended", "ended", "unknown")


# --- what is read -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """The sidecar metadata of a document; every field is optional."""

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # "YYYY-MM-DD" or "YYYY-MM", validated on read
    url: str | None = None
    language: str | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One article as ingested: its id is the file name without extension."""

    id: str
    path: str
    text: str
    meta: DocumentMeta
    content_hash: str  # sha256 of the text, to recognise the same article under another name


# --- spans ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a document's text: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document, with its offsets."""

    start: int
    end: int
    text: str


# --- places -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer (or geocoder) entry that a place name may refer to."""

    name: str
    kind: PlaceKind
    lat: float
    lon: float
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None  # code (US states: "MS") or name
    geonameid: int | None = None
    population: int = 0
    feature_code: str = ""  # GeoNames feature code: PPL, PPLC, ADM1, PCLI, STM ...
    score: float = 0.0  # the resolver's score for this candidate in its context, 0..1


@dataclass(frozen=True, slots=True)
class Resolved:
    """A place name tied to one candidate, with the others kept for review."""

    place: Candidate
    confidence: float  # 0..1
    candidates: tuple[Candidate, ...] = ()
    reason: str = ""  # why this one: "qualifier", "dateline", "context", "capital", "importance", "manual"


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A place name that could not be tied to a point: data, not an exception."""

    reason: str
    candidates: tuple[Candidate, ...] = ()


Resolution = Resolved | Unresolved


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name as recognised in the text, before resolution."""

    span: Span
    sentence: Sentence
    qualifier: Span | None = None  # "Missouri" in "Columbia, Missouri"
    label: str = "GPE"  # the NER label or rule that found it: GPE, LOC, FAC, RULE, DATELINE ...


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A toponym with its resolution."""

    span: Span
    sentence: Sentence
    resolution: Resolution
    qualifier: Span | None = None
    implied: bool = False  # a nationality word that tells travellers' home ("a Chinese delegation")


# --- people, organisations, programs, dates ----------------------------------------


@dataclass(frozen=True, slots=True)
class Role:
    """A title held in an organisation: ("executive director", "Midwest-Asia Friendship Council")."""

    title: str
    organization: str | None = None


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A mention of a person, organisation or program; ``name`` is the canonical name."""

    kind: EntityKind
    name: str
    span: Span
    sentence: Sentence


@dataclass(frozen=True, slots=True)
class DateExpression:
    """A date expression as written, before resolution."""

    span: Span
    sentence: Sentence


@dataclass(frozen=True, slots=True)
class DateRange:
    """A resolved date: first and last day (ISO), and how precise the words were."""

    start: str  # "YYYY-MM-DD"
    end: str  # "YYYY-MM-DD", inclusive
    precision: Precision

    def label(self) -> str:
        """The contract's form: YYYY-MM-DD, YYYY-MM or YYYY, by precision."""
        if self.precision == "day":
            return self.start
        if self.precision in ("month", "week"):
            return self.start[:7] if self.start[:7] == self.end[:7] else self.start
        if self.precision in ("year", "season") and self.start[:4] == self.end[:4]:
            return self.start[:4] if self.precision == "year" else self.start[:7]
        return self.start


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression with its resolution (``None`` when it cannot be resolved)."""

    span: Span
    sentence: Sentence
    resolved: DateRange | None


@dataclass(frozen=True, slots=True)
class Dateline:
    """The "WUHAN, Oct. 31 (Xinhua) --" opening of a wire story."""

    place: Span | None
    date: Span | None


@dataclass(frozen=True)
class ParsedText:
    """What the NLP step finds in one text, before places and dates are resolved."""

    sentences: tuple[Sentence, ...]
    toponyms: tuple[Toponym, ...]
    people: tuple[EntityMention, ...]
    organizations: tuple[EntityMention, ...]
    programs: tuple[EntityMention, ...]
    dates: tuple[DateExpression, ...]
    roles: Mapping[str, tuple[Role, ...]] = field(default_factory=dict)  # person name -> roles
    program_organizers: Mapping[str, str] = field(default_factory=dict)  # program -> organisation
    dateline: Dateline | None = None


# --- trips --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TripRecord:
    """A journey told by one document. Places are indices into ``Extraction.places``."""

    origins: tuple[int, ...]
    destinations: tuple[int, ...]  # in visit order
    evidence: tuple[Sentence, ...]
    date: DateRange | None = None
    date_text: str = ""
    organizer: str | None = None  # organisation name
    program: str | None = None  # program name
    participants: tuple[str, ...] = ()  # person names
    participant_text: str = ""
    status: TripStatus = "completed"
    kind: TripKind = "delegation"
    participant_roles: tuple[tuple[str, str], ...] = ()  # (person name, role on the trip)


@dataclass(frozen=True, slots=True)
class TieRecord:
    """A sister-city (or similar) relationship told by one document; places index ``Extraction.places``."""

    places: tuple[int, int]
    evidence: tuple[Sentence, ...]
    kind: TieKind = "sister city"
    status: TieStatus = "unknown"
    since: DateRange | None = None
    until: DateRange | None = None
    cue: Span | None = None  # the words that state it: "sister city"


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document: the unit the store saves and replaces."""

    document: SourceDocument
    sentences: tuple[Sentence, ...]
    places: tuple[PlaceMention, ...]
    people: tuple[EntityMention, ...]
    organizations: tuple[EntityMention, ...]
    programs: tuple[EntityMention, ...]
    dates: tuple[DateMention, ...]
    trips: tuple[TripRecord, ...]
    roles: Mapping[str, tuple[Role, ...]] = field(default_factory=dict)
    program_organizers: Mapping[str, str] = field(default_factory=dict)
    ties: tuple[TieRecord, ...] = ()


# --- the atlas: every document merged, corrections applied (the export contract) ------


@dataclass(frozen=True, slots=True)
class MentionRef:
    """Where an entity was named: the contract's mention object."""

    document: str
    text: str
    start: int
    end: int
    sentence: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence that tells of a trip."""

    document: str
    sentence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class AtlasDocument:
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    path: str
    author: str | None = None
    language: str | None = None
    text: str = ""  # the text as ingested: every mention's start and end point into it


@dataclass(frozen=True, slots=True)
class AtlasPlace:
    id: str
    name: str
    kind: PlaceKind
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    confidence: float
    mentions: tuple[MentionRef, ...]
    candidates: tuple[Candidate, ...] = ()
    reason: str = ""


@dataclass(frozen=True, slots=True)
class AtlasPerson:
    id: str
    name: str
    roles: tuple[Role, ...]
    mentions: tuple[MentionRef, ...]


@dataclass(frozen=True, slots=True)
class AtlasOrganization:
    id: str
    name: str
    mentions: tuple[MentionRef, ...]


@dataclass(frozen=True, slots=True)
class AtlasProgram:
    id: str
    name: str
    organizer: str | None  # organisation id
    mentions: tuple[MentionRef, ...]


@dataclass(frozen=True, slots=True)
class AtlasTrip:
    id: str
    origins: tuple[str, ...]  # place ids
    destinations: tuple[str, ...]  # place ids, in visit order
    start: str | None
    end: str | None
    date_text: str
    organizer: str | None  # organisation id
    program: str | None  # program id
    participants: tuple[str, ...]  # person ids
    participant_text: str
    documents: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    manual: bool = False  # added or edited by hand
    sources: tuple[str, ...] = ()  # the source keys of the trip records merged into it (for corrections)
    status: TripStatus = "completed"
    kind: TripKind = "delegation"
    participant_roles: tuple[tuple[str, str], ...] = ()  # (person id, role on the trip)


@dataclass(frozen=True, slots=True)
class AtlasTie:
    """A sister-city (or similar) relationship between two places, told by one or more documents."""

    id: str
    places: tuple[str, str]  # place ids
    kind: TieKind
    status: TieStatus
    since: str | None
    until: str | None
    documents: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    trips: tuple[str, ...] = ()  # trip ids made under it
    program: str | None = None  # the program id trips name it by
    manual: bool = False  # added or changed by a correction


@dataclass(frozen=True)
class Atlas:
    """Everything the dashboard and the exports show."""

    documents: tuple[AtlasDocument, ...] = ()
    places: tuple[AtlasPlace, ...] = ()
    people: tuple[AtlasPerson, ...] = ()
    organizations: tuple[AtlasOrganization, ...] = ()
    programs: tuple[AtlasProgram, ...] = ()
    trips: tuple[AtlasTrip, ...] = ()
    ties: tuple[AtlasTie, ...] = ()
