"""Manual corrections: what an analyst changed, kept apart from extraction and applied after it.

A correction is one JSON object (one line of a corrections file)::

    {"op": "place", "document": "<file stem>", "text": "<mention as written>", "geonameid": N,
     "by": "ana", "at": "2026-11-28T22:00:00Z", "before": {...}}

``op`` and the payload say what to do; ``by`` (who), ``at`` (when, ISO UTC), ``before`` (what the
machine or an earlier correction said, for display) and ``undone`` are the record's metadata.
Corrections are keyed by document and mention text or by the atlas's stable ids, never by row ids,
so they survive re-ingestion and a better extractor. Their ``key`` hashes the op, the payload and
``at``: importing the same line twice yields one record.

Operations (payload fields):

* ``place``: ``document``, ``text``, and ``geonameid`` or ``lat``/``lon``/``name`` (optional ``kind``,
  ``country``, ``admin1``): every mention with that text in that document is tied to that point.
* ``not_place``: ``document``, ``text``: those mentions are not places.
* ``place_add``: ``name``, ``lat``, ``lon`` (optional ``geonameid``, ``kind``, ``country``, ``admin1``):
  a place with no mention, e.g. imported from GeoJSON.
* ``merge``: ``kind`` (person, organization, program, place), ``ids`` (the first one is kept).
* ``split``: ``kind``, ``id``, optional ``atoms`` (``[{"document", "name"}]``, what leaves the entity);
  without ``atoms`` every manual merge into the entity is undone.
* ``trip_edit``: ``id`` (optional ``sources``, the trip's source keys), ``set`` (any of ``origins``,
  ``destinations``, ``start``, ``end``, ``date_text``, ``participants``, ``participant_text``,
  ``organizer``, ``program``).
* ``trip_add``: ``trip`` (the same fields plus ``documents``, ``evidence``, optional ``id``).
* ``trip_delete``: ``id`` (optional ``sources``).
* ``not_entity``: ``kind`` (person, organization), ``id``: what the machine took for a person or an
  organisation is none (a town, a headline fragment); it leaves the atlas and the trips that named it.
* ``tie_add``: ``tie`` (``places``: two place ids or ``{"name", "lat", "lon", "geonameid"...}``, optional
  ``kind``, ``status``, ``since``, ``until``, ``documents``, ``evidence``): a tie no article states.
* ``tie_edit``: ``id`` (optional ``places``, the pair's place ids), ``set`` (any of ``kind``, ``status``,
  ``since``, ``until``); ending a tie is an edit of its status and ``until``.
* ``tie_delete``: ``id`` (optional ``places``).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal

from geo.models import (
    PLACE_KINDS,
    TIE_KINDS,
    TIE_STATUSES,
    Atlas,
    AtlasPlace,
    AtlasTie,
    AtlasTrip,
    Candidate,
    PlaceKind,
)

Op = Literal["place", "not_place", "place_add", "merge", "split", "trip_edit", "trip_add", "trip_delete",
             "not_entity", "tie_add", "tie_edit", "tie_delete"]
OPS: tuple[Op, ...] = ("place", "not_place", "place_add", "merge", "split", "trip_edit", "trip_add",
                       "trip_delete", "not_entity", "tie_add", "tie_edit", "tie_delete")
TIE_OPS = ("tie_add", "tie_edit", "tie_delete")
ENTITY_KINDS = ("person", "organization", "program", "place")
META_KEYS = frozenset({"op", "by", "at", "before", "undone", "key"})
TRIP_FIELDS = frozenset({"origins", "destinations", "start", "end", "date_text", "participants",
                         "participant_text", "organizer", "program", "status", "kind"})
TRIP_ADD_FIELDS = TRIP_FIELDS | {"documents", "evidence", "id"}
TIE_FIELDS = frozenset({"kind", "status", "since", "until"})
TIE_ADD_FIELDS = TIE_FIELDS | {"places", "documents", "evidence", "id"}

Lookup = Callable[[int], Candidate | None]


class CorrectionError(ValueError):
    """A correction that cannot be read or makes no sense; the message quotes the bad value."""


@dataclass(frozen=True)
class Correction:
    """One manual change: the operation, its payload and who made it when."""

    op: Op
    payload: Mapping[str, Any]
    by: str | None = None
    at: str = ""  # ISO 8601 UTC; empty for hand-written lines
    before: Any = None
    undone: bool = False
    key: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", correction_key(self.op, self.payload, self.at))

    def to_dict(self) -> dict[str, Any]:
        """The JSON-lines form: op, payload fields, then the metadata that is set."""
        out: dict[str, Any] = {"op": self.op, **self.payload}
        if self.by:
            out["by"] = self.by
        if self.at:
            out["at"] = self.at
        if self.before is not None:
            out["before"] = self.before
        if self.undone:
            out["undone"] = True
        return out


def correction_key(op: str, payload: Mapping[str, Any], at: str = "") -> str:
    """The record's identity: a hash of the canonical op, payload and time."""
    canonical = json.dumps({"op": op, "payload": payload, "at": at}, sort_keys=True,
                           separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:20]


def now() -> str:
    """The current time as the records write it."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def make(op: str, payload: Mapping[str, Any], *, by: str | None = None, before: Any = None,
         at: str | None = None) -> Correction:
    """A validated correction stamped with the current time (``at=""`` leaves it unstamped)."""
    checked = validate(op, payload)
    return Correction(op=checked[0], payload=checked[1], by=by or None, before=before,
                      at=now() if at is None else at)


def from_dict(data: Mapping[str, Any]) -> Correction:
    """A correction from its JSON-lines object (raises ``CorrectionError``)."""
    if not isinstance(data, Mapping):
        raise CorrectionError(f"a correction must be a JSON object, got: {data!r}")
    op = data.get("op")
    payload = {k: v for k, v in data.items() if k not in META_KEYS}
    checked_op, checked = validate(op, payload)
    by = data.get("by")
    at = data.get("at", "")
    undone = data.get("undone", False)
    if by is not None and not isinstance(by, str):
        raise CorrectionError(f"'by' must be a string, got: {by!r}")
    if not isinstance(at, str):
        raise CorrectionError(f"'at' must be an ISO date-time string, got: {at!r}")
    if not isinstance(undone, bool):
        raise CorrectionError(f"'undone' must be true or false, got: {undone!r}")
    return Correction(op=checked_op, payload=checked, by=by, at=at, before=data.get("before"),
                      undone=undone)


def dump_jsonl(records: Iterable[Correction]) -> str:
    """Corrections as JSON lines, one object per line, in the order given."""
    return "".join(json.dumps(r.to_dict(), ensure_ascii=False, sort_keys=False) + "\n" for r in records)


def parse_jsonl(text: str) -> list[Correction]:
    """Corrections from JSON lines; blank lines are skipped; errors name the line."""
    out: list[Correction] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorrectionError(f"line {number}: not JSON ({exc.msg}): {line[:80]!r}") from exc
        try:
            out.append(from_dict(data))
        except CorrectionError as exc:
            raise CorrectionError(f"line {number}: {exc}") from exc
    return out


def active(records: Iterable[Correction]) -> list[Correction]:
    """The corrections in force: not undone, duplicates (same key) counted once, in order."""
    seen: set[str] = set()
    out: list[Correction] = []
    for record in records:
        if record.undone or record.key in seen:
            continue
        seen.add(record.key)
        out.append(record)
    return out


def set_undone(records: Sequence[Correction], key: str, undone: bool = True) -> list[Correction]:
    """The list with the record ``key`` marked undone (or redone)."""
    return [replace(r, undone=undone) if r.key == key else r for r in records]


def describe(record: Correction) -> str:
    """A one-line summary for people."""
    p = record.payload
    if record.op == "place":
        target = (f"geonameid {p['geonameid']}" if "geonameid" in p
                  else f"{p.get('name', '?')} ({p['lat']:.4f}, {p['lon']:.4f})")
        return f"place “{p['text']}” in {p['document']} → {target}"
    if record.op == "not_place":
        return f"“{p['text']}” in {p['document']} is not a place"
    if record.op == "place_add":
        return f"add place {p['name']} ({p['lat']:.4f}, {p['lon']:.4f})"
    if record.op == "merge":
        return f"merge {p['kind']}s " + " + ".join(p["ids"])
    if record.op == "split":
        what = f" ({len(p['atoms'])} name(s) out)" if p.get("atoms") else ""
        return f"split {p['kind']} {p['id']}{what}"
    if record.op == "not_entity":
        return f"{p['id']} is not a {p['kind']}"
    if record.op == "trip_edit":
        return f"edit trip {p['id']}: " + ", ".join(sorted(p["set"]))
    if record.op == "trip_add":
        trip = p["trip"]
        return f"add trip {trip.get('id') or ''} → {', '.join(map(_ref_label, trip.get('destinations', [])))}"
    if record.op == "tie_add":
        tie = p["tie"]
        return f"add {tie.get('kind', 'sister city')} tie " + " – ".join(map(_ref_label, tie["places"]))
    if record.op == "tie_edit":
        what = ", ".join(f"{k} {v or '—'}" for k, v in sorted(p["set"].items()))
        return ("end" if p["set"].get("status") == "ended" else "edit") + f" tie {p['id']}: {what}"
    if record.op == "tie_delete":
        return f"remove tie {p['id']}"
    return f"delete trip {p['id']}"


def _ref_label(ref: Any) -> str:
    if isinstance(ref, Mapping):
        return str(ref.get("name") or ref.get("id") or "?")
    return str(ref)


# --- validation ---------------------------------------------------------------------------


def validate(op: Any, payload: Mapping[str, Any]) -> tuple[Op, dict[str, Any]]:
    """The op and a cleaned copy of the payload, or ``CorrectionError`` quoting the bad value."""
    if op not in OPS:
        raise CorrectionError(f"unknown op {op!r}; expected one of {', '.join(OPS)}")
    data = dict(payload)
    checker = _CHECKS[op]
    checker(data)
    return op, data


def _need_str(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise CorrectionError(f"{name!r} must be a non-empty string, got: {value!r}")
    return value


def _opt_str(data: Mapping[str, Any], name: str) -> None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise CorrectionError(f"{name!r} must be a string or null, got: {value!r}")


def _coords(data: dict[str, Any]) -> None:
    for name, bound in (("lat", 90.0), ("lon", 180.0)):
        value = data.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise CorrectionError(f"{name!r} must be a number, got: {value!r}")
        if not math.isfinite(value) or abs(value) > bound:
            raise CorrectionError(f"{name!r} must lie within ±{bound:g}, got: {value!r}")
        data[name] = float(value)


def _geonameid(data: dict[str, Any]) -> None:
    value = data.get("geonameid")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise CorrectionError(f"'geonameid' must be a positive integer, got: {data.get('geonameid')!r}")
    data["geonameid"] = value


def _place_fields(data: dict[str, Any], *, need_name: bool) -> None:
    if data.get("geonameid") is not None:
        _geonameid(data)
    else:
        data.pop("geonameid", None)
    if "geonameid" not in data or "lat" in data or "lon" in data:
        _coords(data)
        if need_name or "geonameid" not in data:
            _need_str(data, "name")
    kind = data.get("kind")
    if kind is not None and kind not in PLACE_KINDS:
        raise CorrectionError(f"'kind' must be one of {', '.join(PLACE_KINDS)}, got: {kind!r}")
    _opt_str(data, "country")
    _opt_str(data, "admin1")


def _check_place(data: dict[str, Any]) -> None:
    _need_str(data, "document")
    _need_str(data, "text")
    if "geonameid" not in data and "lat" not in data:
        raise CorrectionError("a place correction needs 'geonameid' or 'lat', 'lon' and 'name'")
    _place_fields(data, need_name=False)


def _check_not_place(data: dict[str, Any]) -> None:
    _need_str(data, "document")
    _need_str(data, "text")


def _check_place_add(data: dict[str, Any]) -> None:
    _place_fields(data, need_name=True)


def _check_kind(data: Mapping[str, Any]) -> None:
    kind = data.get("kind")
    if kind not in ENTITY_KINDS:
        raise CorrectionError(f"'kind' must be one of {', '.join(ENTITY_KINDS)}, got: {kind!r}")


def _id_list(data: Mapping[str, Any], name: str, *, least: int = 0) -> None:
    value = data.get(name)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise CorrectionError(f"{name!r} must be a list of ids, got: {value!r}")
    if len(value) < least:
        raise CorrectionError(f"{name!r} needs at least {least} ids, got: {value!r}")


def _check_merge(data: dict[str, Any]) -> None:
    _check_kind(data)
    _id_list(data, "ids", least=2)


def _check_split(data: dict[str, Any]) -> None:
    _check_kind(data)
    _need_str(data, "id")
    atoms = data.get("atoms")
    if atoms is None:
        data.pop("atoms", None)
        return
    if not isinstance(atoms, list) or not atoms:
        raise CorrectionError(f"'atoms' must be a non-empty list, got: {atoms!r}")
    for atom in atoms:
        if not isinstance(atom, Mapping):
            raise CorrectionError(f"each atom must be {{'document', 'name'}}, got: {atom!r}")
        _need_str(atom, "document")
        _need_str(atom, "name")


def _check_sources(data: Mapping[str, Any]) -> None:
    if "sources" in data:
        _id_list(data, "sources")


def _trip_fields(fields: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise CorrectionError(f"unknown trip field(s): {', '.join(map(repr, unknown))}")
    for name in ("origins", "destinations"):
        refs = fields.get(name, [])
        if not isinstance(refs, list):
            raise CorrectionError(f"{name!r} must be a list, got: {refs!r}")
        for ref in refs:
            if isinstance(ref, str) and ref:
                continue
            if isinstance(ref, Mapping):
                copy = dict(ref)
                _opt_str(copy, "id")
                if any(copy.get(k) is not None for k in ("lat", "lon", "geonameid")):
                    _place_fields(copy, need_name=True)
                elif not copy.get("id"):
                    _need_str(copy, "name")
                continue
            raise CorrectionError(f"each of {name!r} must be a place id or {{'name', 'lat', 'lon', 'id'}}, "
                                  f"got: {ref!r}")
    for name in ("participants", "documents"):
        value = fields.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise CorrectionError(f"{name!r} must be a list of strings, got: {value!r}")
    for name in ("start", "end"):
        value = fields.get(name)
        if value is not None and not _is_date_label(value):
            raise CorrectionError(f"{name!r} must be YYYY-MM-DD, YYYY-MM, YYYY or null, got: {value!r}")
    for name in ("date_text", "participant_text", "organizer", "program", "id"):
        _opt_str(fields, name)
    evidence = fields.get("evidence", [])
    if not isinstance(evidence, list):
        raise CorrectionError(f"'evidence' must be a list, got: {evidence!r}")
    for item in evidence:
        if not isinstance(item, Mapping):
            raise CorrectionError(f"each evidence must be {{'document', 'sentence'}}, got: {item!r}")
        _need_str(item, "document")
        _need_str(item, "sentence")


def _is_date_label(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    for fmt, size in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        if len(value) == size:
            try:
                datetime.strptime(value, fmt)
            except ValueError:
                return False
            return True
    return False


def _check_trip_edit(data: dict[str, Any]) -> None:
    _need_str(data, "id")
    _check_sources(data)
    fields = data.get("set")
    if not isinstance(fields, Mapping) or not fields:
        raise CorrectionError(f"'set' must be a non-empty object of trip fields, got: {fields!r}")
    _trip_fields(fields, TRIP_FIELDS)


def _check_trip_add(data: dict[str, Any]) -> None:
    trip = data.get("trip")
    if not isinstance(trip, Mapping):
        raise CorrectionError(f"'trip' must be an object of trip fields, got: {trip!r}")
    _trip_fields(trip, TRIP_ADD_FIELDS)
    if not trip.get("origins") and not trip.get("destinations"):
        raise CorrectionError("a trip needs at least one origin or destination")


def _check_trip_delete(data: dict[str, Any]) -> None:
    _need_str(data, "id")
    _check_sources(data)


def _check_not_entity(data: dict[str, Any]) -> None:
    kind = data.get("kind")
    if kind not in ("person", "organization"):
        raise CorrectionError(f"'kind' must be person or organization, got: {kind!r}")
    _need_str(data, "id")


def _tie_fields(fields: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise CorrectionError(f"unknown tie field(s): {', '.join(map(repr, unknown))}")
    kind, status = fields.get("kind"), fields.get("status")
    if kind is not None and kind not in TIE_KINDS:
        raise CorrectionError(f"'kind' must be one of {', '.join(TIE_KINDS)}, got: {kind!r}")
    if status is not None and status not in TIE_STATUSES:
        raise CorrectionError(f"'status' must be one of {', '.join(TIE_STATUSES)}, got: {status!r}")
    for name in ("since", "until"):
        value = fields.get(name)
        if value is not None and not _is_date_label(value):
            raise CorrectionError(f"{name!r} must be YYYY-MM-DD, YYYY-MM, YYYY or null, got: {value!r}")
    since, until = fields.get("since"), fields.get("until")
    if since and until and until[:4] < since[:4]:
        raise CorrectionError(f"'until' {until!r} is before 'since' {since!r}")


def _check_tie_places(data: Mapping[str, Any], *, required: bool) -> None:
    places = data.get("places")
    if places is None and not required:
        return
    if not isinstance(places, list) or len(places) != 2:
        raise CorrectionError(f"'places' must be two places, got: {places!r}")
    _trip_fields({"origins": places}, frozenset({"origins"}))
    keys = [p if isinstance(p, str) else (p.get("id") or p.get("geonameid") or text_key(str(p.get("name"))))
            for p in places]
    if keys[0] == keys[1]:
        raise CorrectionError(f"a tie joins two different places, got the same twice: "
                              f"{_ref_label(places[0])!r}")


def _check_tie_add(data: dict[str, Any]) -> None:
    tie = data.get("tie")
    if not isinstance(tie, Mapping):
        raise CorrectionError(f"'tie' must be an object of tie fields, got: {tie!r}")
    _tie_fields(tie, TIE_ADD_FIELDS)
    _check_tie_places(tie, required=True)
    _trip_fields({k: v for k, v in tie.items() if k in ("documents", "evidence", "id")},
                 frozenset({"documents", "evidence", "id"}))


def _check_tie_edit(data: dict[str, Any]) -> None:
    _need_str(data, "id")
    _check_tie_places(data, required=False)
    fields = data.get("set")
    if not isinstance(fields, Mapping) or not fields:
        raise CorrectionError(f"'set' must be a non-empty object of tie fields, got: {fields!r}")
    _tie_fields(fields, TIE_FIELDS)


def _check_tie_delete(data: dict[str, Any]) -> None:
    _need_str(data, "id")
    _check_tie_places(data, required=False)


_CHECKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "not_entity": _check_not_entity,
    "place": _check_place,
    "not_place": _check_not_place,
    "place_add": _check_place_add,
    "merge": _check_merge,
    "split": _check_split,
    "trip_edit": _check_trip_edit,
    "trip_add": _check_trip_add,
    "trip_delete": _check_trip_delete,
    "tie_add": _check_tie_add,
    "tie_edit": _check_tie_edit,
    "tie_delete": _check_tie_delete,
}


# --- what a place correction points at --------------------------------------------------


def place_candidate(payload: Mapping[str, Any], lookup: Lookup | None,
                    known: Mapping[int, Candidate]) -> Candidate | None:
    """The point a ``place`` or ``place_add`` payload names, or ``None`` when it cannot be found.

    A geonameid is looked up in the gazetteer (``lookup``), then among the candidates already
    seen (``known``); explicit ``lat``/``lon``/``name`` win over what the lookup says.
    """
    geonameid = payload.get("geonameid")
    base: Candidate | None = None
    if isinstance(geonameid, int):
        base = lookup(geonameid) if lookup is not None else None
        base = base or known.get(geonameid)
        if base is None and "lat" not in payload:
            return None
    kind: PlaceKind = payload.get("kind") or (base.kind if base else "other")
    if base is None:
        return Candidate(name=payload["name"], kind=kind, lat=payload["lat"], lon=payload["lon"],
                         country=payload.get("country"), admin1=payload.get("admin1"),
                         geonameid=geonameid if isinstance(geonameid, int) else None, score=1.0)
    return replace(
        base,
        name=payload.get("name") or base.name,
        kind=kind,
        lat=payload.get("lat", base.lat),
        lon=payload.get("lon", base.lon),
        country=payload.get("country") or base.country,
        admin1=payload.get("admin1") or base.admin1,
        geonameid=geonameid if isinstance(geonameid, int) else base.geonameid,
        score=1.0,
    )


def text_key(text: str) -> str:
    """How mention texts are compared: case and inner spaces do not matter."""
    return " ".join(text.split()).casefold()


# --- what the Curate page needs --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """An item to check, with how certain the machine was (0: not at all) and why it is listed."""

    kind: Literal["place", "trip"]
    id: str
    label: str
    score: float
    why: str


def review_queue(atlas: Atlas, limit: int | None = None) -> list[ReviewItem]:
    """The least certain places and trips first: unresolved or low-confidence places, trips missing parts."""
    items: list[ReviewItem] = []
    for place in atlas.places:
        if place.reason == "manual":
            continue
        if place.lat is None:
            why = f"not placed ({place.reason or 'no candidate'})"
        elif len(place.candidates) > 1:
            why = f"confidence {place.confidence:.2f}, {len(place.candidates)} candidates"
        else:
            why = f"confidence {place.confidence:.2f}"
        where = ", ".join(x for x in (place.admin1, place.country) if x)
        label = f"{place.name} ({where})" if where else place.name
        items.append(ReviewItem("place", place.id, label, place.confidence if place.lat is not None else 0.0,
                                why))
    names = {p.id: p.name for p in atlas.places}
    for trip in atlas.trips:
        if trip.manual:
            continue
        missing = [what for what, empty in (("origin", not trip.origins), ("date", not trip.start),
                                            ("destination", not trip.destinations)) if empty]
        if not missing:
            continue
        route = (", ".join(names.get(p, p) for p in trip.origins) or "?") + " → " + (
            " → ".join(names.get(p, p) for p in trip.destinations) or "?")
        score = max(0.0, 1.0 - 0.35 * len(missing) - (0.3 if "destination" in missing else 0.0))
        items.append(ReviewItem("trip", trip.id, f"{route} ({trip.start or trip.date_text or 'undated'})",
                                round(score, 2), "no " + ", no ".join(missing)))
    items.sort(key=lambda i: (i.score, i.kind, i.label))
    return items[:limit] if limit is not None else items


def mention_groups(place: AtlasPlace) -> list[tuple[str, str]]:
    """The distinct (document, text) pairs of a place's mentions: what a place correction is keyed by."""
    return list(dict.fromkeys((m.document, m.text) for m in place.mentions))


def place_summary(place: AtlasPlace | None) -> dict[str, Any] | None:
    """What a place was, for a correction's ``before``."""
    if place is None:
        return None
    return {"id": place.id, "name": place.name, "lat": place.lat, "lon": place.lon,
            "geonameid": place.geonameid, "confidence": place.confidence}


def place_fix(document: str, text: str, candidate: Candidate, *, by: str | None = None,
              before: Any = None) -> Correction:
    """A ``place`` correction to a candidate (its geonameid and point both kept)."""
    payload: dict[str, Any] = {"document": document, "text": text, "name": candidate.name,
                               "lat": candidate.lat, "lon": candidate.lon, "kind": candidate.kind}
    if candidate.geonameid is not None:
        payload["geonameid"] = candidate.geonameid
    if candidate.country:
        payload["country"] = candidate.country
    if candidate.admin1:
        payload["admin1"] = candidate.admin1
    return make("place", payload, by=by, before=before)


def trip_summary(trip: AtlasTrip) -> dict[str, Any]:
    """What a trip was, for a correction's ``before``."""
    return {"id": trip.id, "origins": list(trip.origins), "destinations": list(trip.destinations),
            "start": trip.start, "end": trip.end, "participants": list(trip.participants),
            "organizer": trip.organizer, "program": trip.program}


def trip_changes(trip: AtlasTrip, wanted: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of ``wanted`` that differ from the trip (lists compared in order)."""
    current = trip_summary(trip) | {"date_text": trip.date_text, "participant_text": trip.participant_text}
    out: dict[str, Any] = {}
    for name, value in wanted.items():
        if name not in TRIP_FIELDS:
            raise CorrectionError(f"unknown trip field: {name!r}")
        value = list(value) if isinstance(value, tuple) else value
        if value in ("", []) and current.get(name) in (None, "", []):
            continue
        if value != current.get(name):
            out[name] = value if value != "" else None
    return out


def trip_edit(trip: AtlasTrip, wanted: Mapping[str, Any], *, by: str | None = None) -> Correction | None:
    """A ``trip_edit`` of what changed (``None`` when nothing did)."""
    changes = trip_changes(trip, wanted)
    if not changes:
        return None
    for name in ("date_text", "participant_text"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    return make("trip_edit", {"id": trip.id, "sources": list(trip.sources), "set": changes}, by=by,
                before=trip_summary(trip))


def tie_summary(tie: AtlasTie) -> dict[str, Any]:
    """What a tie was, for a correction's ``before``."""
    return {"id": tie.id, "places": list(tie.places), "kind": tie.kind, "status": tie.status,
            "since": tie.since, "until": tie.until}


def tie_edit(tie: AtlasTie, wanted: Mapping[str, Any], *, by: str | None = None) -> Correction | None:
    """A ``tie_edit`` of the fields of ``wanted`` (kind, status, since, until) that changed, or ``None``."""
    current = tie_summary(tie)
    changes: dict[str, Any] = {}
    for name, value in wanted.items():
        if name not in TIE_FIELDS:
            raise CorrectionError(f"unknown tie field: {name!r}")
        value = (value.strip() or None) if isinstance(value, str) else value
        if value != current[name]:
            changes[name] = value
    if not changes:
        return None
    return make("tie_edit", {"id": tie.id, "places": list(tie.places), "set": changes}, by=by,
                before=tie_summary(tie))


def tie_end(tie: AtlasTie, until: str | None = None, *, by: str | None = None) -> Correction:
    """A ``tie_edit`` that ends the tie (``until``: when, if known)."""
    fields: dict[str, Any] = {"status": "ended"}
    if until:
        fields["until"] = until.strip()
    return make("tie_edit", {"id": tie.id, "places": list(tie.places), "set": fields}, by=by,
                before=tie_summary(tie))


def tie_delete(tie: AtlasTie, *, by: str | None = None) -> Correction:
    """A ``tie_delete`` of the tie: it leaves the atlas, whatever the articles say."""
    return make("tie_delete", {"id": tie.id, "places": list(tie.places)}, by=by, before=tie_summary(tie))


def tie_add(places: Sequence[str | Mapping[str, Any]], *, kind: str = "sister city", status: str = "active",
            since: str | None = None, until: str | None = None, by: str | None = None,
            at: str | None = None, evidence: Sequence[Mapping[str, Any]] = ()) -> Correction:
    """A ``tie_add`` between two places (ids or ``{"name", "lat", "lon", "geonameid"}``)."""
    tie: dict[str, Any] = {"places": [p if isinstance(p, str) else dict(p) for p in places], "kind": kind,
                           "status": status}
    for name, value in (("since", since), ("until", until)):
        if value and value.strip():
            tie[name] = value.strip()
    if evidence:
        tie["evidence"] = [dict(e) for e in evidence]
        tie["documents"] = list(dict.fromkeys(str(e["document"]) for e in evidence))
    return make("tie_add", {"tie": tie}, by=by, at=at)
