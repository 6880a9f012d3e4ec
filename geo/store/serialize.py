"""Extraction <-> plain JSON-safe dict: what the store keeps, lossless in both directions.

The dict mirrors the dataclasses field by field; the only additions are a ``"schema"`` number
and a ``"type"`` tag on resolutions (``"resolved"`` / ``"unresolved"``). Tuples become lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, cast

from geo.models import (
    Candidate,
    DateMention,
    DateRange,
    DocumentMeta,
    EntityKind,
    EntityMention,
    Extraction,
    PlaceKind,
    PlaceMention,
    Precision,
    Resolution,
    Resolved,
    Role,
    Sentence,
    SourceDocument,
    Span,
    TieRecord,
    TripRecord,
    Unresolved,
)

SCHEMA = 1

JSON = dict[str, Any]


class SerializationError(ValueError):
    """A stored dict that does not describe an extraction."""


def extraction_to_dict(extraction: Extraction) -> JSON:
    """The extraction as a JSON-safe dict."""
    return {
        "schema": SCHEMA,
        "document": document_to_dict(extraction.document),
        "sentences": [_sentence(s) for s in extraction.sentences],
        "places": [place_to_dict(p) for p in extraction.places],
        "people": [_entity(e) for e in extraction.people],
        "organizations": [_entity(e) for e in extraction.organizations],
        "programs": [_entity(e) for e in extraction.programs],
        "dates": [_date_mention(d) for d in extraction.dates],
        "trips": [_trip(t) for t in extraction.trips],
        "roles": {name: [_role(r) for r in roles] for name, roles in extraction.roles.items()},
        "program_organizers": dict(extraction.program_organizers),
        "ties": [_tie(t) for t in extraction.ties],
    }


def extraction_from_dict(data: Mapping[str, Any]) -> Extraction:
    """The extraction a dict of ``extraction_to_dict`` describes; ``SerializationError`` if it is not one."""
    schema = data.get("schema", SCHEMA)
    if schema != SCHEMA:
        raise SerializationError(f"unknown extraction schema: {schema!r} (this version reads {SCHEMA})")
    try:
        return Extraction(
            document=document_from_dict(data["document"]),
            sentences=tuple(_sentence_from(s) for s in data.get("sentences", ())),
            places=tuple(place_from_dict(p) for p in data.get("places", ())),
            people=tuple(_entity_from(e) for e in data.get("people", ())),
            organizations=tuple(_entity_from(e) for e in data.get("organizations", ())),
            programs=tuple(_entity_from(e) for e in data.get("programs", ())),
            dates=tuple(_date_mention_from(d) for d in data.get("dates", ())),
            trips=tuple(_trip_from(t) for t in data.get("trips", ())),
            roles={name: tuple(_role_from(r) for r in rs) for name, rs in data.get("roles", {}).items()},
            program_organizers=dict(data.get("program_organizers", {})),
            ties=tuple(_tie_from(t) for t in data.get("ties", ())),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise SerializationError(f"not an extraction: {type(exc).__name__}: {exc}") from exc


# --- documents -----------------------------------------------------------------------------


def document_to_dict(document: SourceDocument) -> JSON:
    """A source document as a dict."""
    meta = document.meta
    return {
        "id": document.id,
        "path": document.path,
        "text": document.text,
        "content_hash": document.content_hash,
        "meta": {
            "title": meta.title, "outlet": meta.outlet, "author": meta.author, "published": meta.published,
            "url": meta.url, "language": meta.language, "notes": meta.notes,
        },
    }


def document_from_dict(data: Mapping[str, Any]) -> SourceDocument:
    """The source document a dict of ``document_to_dict`` describes."""
    meta = data.get("meta") or {}
    return SourceDocument(
        id=data["id"],
        path=data["path"],
        text=data["text"],
        content_hash=data["content_hash"],
        meta=DocumentMeta(
            title=meta.get("title"), outlet=meta.get("outlet"), author=meta.get("author"),
            published=meta.get("published"), url=meta.get("url"), language=meta.get("language"),
            notes=meta.get("notes"),
        ),
    )


# --- spans, sentences ------------------------------------------------------------------------


def _span(span: Span) -> JSON:
    return {"start": span.start, "end": span.end, "text": span.text}


def _span_from(data: Mapping[str, Any]) -> Span:
    return Span(start=int(data["start"]), end=int(data["end"]), text=data["text"])


def _opt_span(span: Span | None) -> JSON | None:
    return None if span is None else _span(span)


def _opt_span_from(data: Mapping[str, Any] | None) -> Span | None:
    return None if data is None else _span_from(data)


def _sentence(sentence: Sentence) -> JSON:
    return {"start": sentence.start, "end": sentence.end, "text": sentence.text}


def _sentence_from(data: Mapping[str, Any]) -> Sentence:
    return Sentence(start=int(data["start"]), end=int(data["end"]), text=data["text"])


# --- places ------------------------------------------------------------------------------------


def candidate_to_dict(candidate: Candidate) -> JSON:
    """A gazetteer candidate as a dict."""
    return {
        "name": candidate.name, "kind": candidate.kind, "lat": candidate.lat, "lon": candidate.lon,
        "country": candidate.country, "admin1": candidate.admin1, "geonameid": candidate.geonameid,
        "population": candidate.population, "feature_code": candidate.feature_code, "score": candidate.score,
    }


def candidate_from_dict(data: Mapping[str, Any]) -> Candidate:
    """The candidate a dict of ``candidate_to_dict`` describes."""
    try:
        return _candidate(tuple(data.items()))
    except TypeError:  # a value that is not hashable: read it as it is (and fail on it below if bad)
        return _candidate_of(data)


# A stored corpus names the same gazetteer entries again and again (1,235 distinct candidates among 56,589
# in 3,000 invented articles): each is read once and shared, which saves most of the time and memory of
# loading every extraction (the view build, a server without view tables).
@lru_cache(maxsize=65536)
def _candidate(items: tuple[tuple[str, Any], ...]) -> Candidate:
    return _candidate_of(dict(items))


def _candidate_of(data: Mapping[str, Any]) -> Candidate:
    geonameid = data.get("geonameid")
    return Candidate(
        name=data["name"],
        kind=cast(PlaceKind, data["kind"]),
        lat=float(data["lat"]),
        lon=float(data["lon"]),
        country=data.get("country"),
        admin1=data.get("admin1"),
        geonameid=None if geonameid is None else int(geonameid),
        population=int(data.get("population", 0)),
        feature_code=data.get("feature_code", ""),
        score=float(data.get("score", 0.0)),
    )


def resolution_to_dict(resolution: Resolution) -> JSON:
    """A resolution as a dict tagged ``"resolved"`` or ``"unresolved"``."""
    if isinstance(resolution, Resolved):
        return {
            "type": "resolved",
            "place": candidate_to_dict(resolution.place),
            "confidence": resolution.confidence,
            "candidates": [candidate_to_dict(c) for c in resolution.candidates],
            "reason": resolution.reason,
        }
    return {
        "type": "unresolved",
        "reason": resolution.reason,
        "candidates": [candidate_to_dict(c) for c in resolution.candidates],
    }


def resolution_from_dict(data: Mapping[str, Any]) -> Resolution:
    """The resolution a dict of ``resolution_to_dict`` describes."""
    candidates = tuple(candidate_from_dict(c) for c in data.get("candidates", ()))
    kind = data.get("type")
    if kind == "resolved":
        return Resolved(
            place=candidate_from_dict(data["place"]),
            confidence=float(data["confidence"]),
            candidates=candidates,
            reason=data.get("reason", ""),
        )
    if kind == "unresolved":
        return Unresolved(reason=data.get("reason", ""), candidates=candidates)
    raise SerializationError(f"unknown resolution type: {kind!r}")


def place_to_dict(place: PlaceMention) -> JSON:
    """A place mention as a dict."""
    return {
        "span": _span(place.span),
        "sentence": _sentence(place.sentence),
        "resolution": resolution_to_dict(place.resolution),
        "qualifier": _opt_span(place.qualifier),
        **({"implied": True} if place.implied else {}),
    }


def place_from_dict(data: Mapping[str, Any]) -> PlaceMention:
    """The place mention a dict of ``place_to_dict`` describes."""
    return PlaceMention(
        span=_span_from(data["span"]),
        sentence=_sentence_from(data["sentence"]),
        resolution=resolution_from_dict(data["resolution"]),
        qualifier=_opt_span_from(data.get("qualifier")),
        implied=bool(data.get("implied", False)),
    )


# --- entities, dates, trips ----------------------------------------------------------------------


def _entity(entity: EntityMention) -> JSON:
    return {"kind": entity.kind, "name": entity.name, "span": _span(entity.span),
            "sentence": _sentence(entity.sentence)}


def _entity_from(data: Mapping[str, Any]) -> EntityMention:
    return EntityMention(
        kind=cast(EntityKind, data["kind"]),
        name=data["name"],
        span=_span_from(data["span"]),
        sentence=_sentence_from(data["sentence"]),
    )


def _role(role: Role) -> JSON:
    return {"title": role.title, "organization": role.organization}


def _role_from(data: Mapping[str, Any]) -> Role:
    return Role(title=data["title"], organization=data.get("organization"))


def date_range_to_dict(value: DateRange | None) -> JSON | None:
    """A resolved date range as a dict (``None`` stays ``None``)."""
    if value is None:
        return None
    return {"start": value.start, "end": value.end, "precision": value.precision}


def date_range_from_dict(data: Mapping[str, Any] | None) -> DateRange | None:
    """The date range a dict of ``date_range_to_dict`` describes."""
    if data is None:
        return None
    return DateRange(start=data["start"], end=data["end"], precision=cast(Precision, data["precision"]))


def _date_mention(mention: DateMention) -> JSON:
    return {"span": _span(mention.span), "sentence": _sentence(mention.sentence),
            "resolved": date_range_to_dict(mention.resolved)}


def _date_mention_from(data: Mapping[str, Any]) -> DateMention:
    return DateMention(
        span=_span_from(data["span"]),
        sentence=_sentence_from(data["sentence"]),
        resolved=date_range_from_dict(data.get("resolved")),
    )


def _trip(trip: TripRecord) -> JSON:
    return {
        "origins": list(trip.origins),
        "destinations": list(trip.destinations),
        "evidence": [_sentence(s) for s in trip.evidence],
        "date": date_range_to_dict(trip.date),
        "date_text": trip.date_text,
        "organizer": trip.organizer,
        "program": trip.program,
        "participants": list(trip.participants),
        "participant_text": trip.participant_text,
        "status": trip.status,
        "kind": trip.kind,
        "participant_roles": [list(pair) for pair in trip.participant_roles],
    }


def _trip_from(data: Mapping[str, Any]) -> TripRecord:
    return TripRecord(
        origins=tuple(int(i) for i in data.get("origins", ())),
        destinations=tuple(int(i) for i in data.get("destinations", ())),
        evidence=tuple(_sentence_from(s) for s in data.get("evidence", ())),
        date=date_range_from_dict(data.get("date")),
        date_text=data.get("date_text", ""),
        organizer=data.get("organizer"),
        program=data.get("program"),
        participants=tuple(data.get("participants", ())),
        participant_text=data.get("participant_text", ""),
        status=data.get("status", "completed"),
        kind=data.get("kind", "delegation"),
        participant_roles=tuple((str(a), str(b)) for a, b in data.get("participant_roles", ())),
    )


def _tie(tie: TieRecord) -> JSON:
    return {
        "places": list(tie.places),
        "evidence": [_sentence(s) for s in tie.evidence],
        "kind": tie.kind,
        "status": tie.status,
        "since": date_range_to_dict(tie.since),
        "until": date_range_to_dict(tie.until),
        "cue": _opt_span(tie.cue),
    }


def _tie_from(data: Mapping[str, Any]) -> TieRecord:
    a, b = (int(i) for i in data["places"])
    return TieRecord(
        places=(a, b),
        evidence=tuple(_sentence_from(s) for s in data.get("evidence", ())),
        kind=data.get("kind", "sister city"),
        status=data.get("status", "unknown"),
        since=date_range_from_dict(data.get("since")),
        until=date_range_from_dict(data.get("until")),
        cue=_opt_span_from(data.get("cue")),
    )
