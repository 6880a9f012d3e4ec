"""Uploads turned into corrections: trips from CSV (the export's columns), places from GeoJSON, ties from CSV.

Nothing here writes: each reader returns the corrections to record and the rows it rejected, each
with its row number and the bad value quoted. Imported records carry no time stamp, so their key is
the hash of their content: importing the same file twice records nothing new.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Protocol

from geo.models import (
    TIE_KINDS,
    TIE_STATUSES,
    Atlas,
    AtlasPlace,
    AtlasTie,
    AtlasTrip,
    DocumentMeta,
    Resolved,
    SourceDocument,
    TieKind,
    TieStatus,
)
from geo.read.reading import DEFAULT_MAX_BYTES
from geo.store import corrections as corr
from geo.store.corrections import Correction, CorrectionError
from geo.views.export import CSV_COLUMNS, LIST_SEPARATOR

if TYPE_CHECKING:
    from geo.places.gazetteer import Gazetteer

MAX_ROWS = 100_000
_FORMULA = ("'=", "'+", "'-", "'@", "'\t", "'\r")


class ImportFileError(ValueError):
    """A file that cannot be imported at all (not CSV or GeoJSON, columns missing ...)."""


@dataclass(frozen=True, slots=True)
class Rejected:
    """A row (CSV line number, or GeoJSON feature number from 1) left out, and why."""

    row: int
    reason: str


@dataclass(frozen=True)
class ImportResult:
    """The corrections an upload yields, what was rejected, and what was the same already."""

    corrections: tuple[Correction, ...] = ()
    rejected: tuple[Rejected, ...] = ()
    unchanged: int = 0
    ignored: tuple[Rejected, ...] = field(default_factory=tuple)  # rows of another kind, not errors

    def summary(self) -> str:
        """One line for people."""
        parts = [f"{len(self.corrections)} correction(s)", f"{len(self.rejected)} rejected"]
        if self.unchanged:
            parts.append(f"{self.unchanged} unchanged")
        if self.ignored:
            parts.append(f"{len(self.ignored)} ignored")
        return ", ".join(parts)


# --- CSV of trips ---------------------------------------------------------------------------------------


def _cell(row: Mapping[str, str | None], name: str) -> str:
    value = (row.get(name) or "").strip()
    return value[1:] if value.startswith(_FORMULA) else value


def _coordinate(row: Mapping[str, str | None], name: str, bound: float) -> float | None:
    raw = _cell(row, name)
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise CorrectionError(f"{name} is not a number: {raw!r}") from None
    if not math.isfinite(value) or abs(value) > bound:
        raise CorrectionError(f"{name} must lie within ±{bound:g}, got: {raw!r}")
    return value


def _place_ref(row: Mapping[str, str | None], which: str) -> dict[str, Any] | None:
    name = _cell(row, which)
    pid = _cell(row, f"{which}_id")
    lat = _coordinate(row, f"{which}_lat", 90.0)
    lon = _coordinate(row, f"{which}_lon", 180.0)
    if (lat is None) != (lon is None):
        raise CorrectionError(f"{which} needs both {which}_lat and {which}_lon, got: "
                              f"{_cell(row, which + '_lat')!r}, {_cell(row, which + '_lon')!r}")
    if not name and not pid:
        if lat is not None:
            raise CorrectionError(f"{which} has coordinates but no name")
        return None
    ref: dict[str, Any] = {"name": name or pid}
    if pid:
        ref["id"] = pid
        if pid.startswith("gn:") and pid[3:].isdigit():
            ref["geonameid"] = int(pid[3:])
    if lat is not None:
        ref["lat"], ref["lon"] = lat, lon
    return ref


def _names(value: str) -> list[str]:
    return [n.strip() for n in value.split(LIST_SEPARATOR.strip()) if n.strip()]


def _trip_from_rows(trip_id: str, rows: list[tuple[int, Mapping[str, str | None]]]) -> dict[str, Any]:
    """One trip from its legs: origins lead to the first stop, then stop follows stop."""
    origins: list[dict[str, Any]] = []
    destinations: list[dict[str, Any]] = []
    first = rows[0][1]
    for _, row in rows:
        origin, destination = _place_ref(row, "origin"), _place_ref(row, "destination")
        if destination is None:
            if origin is not None and origin not in origins:
                origins.append(origin)
            continue
        if not destinations:
            destinations.append(destination)
            if origin is not None and origin not in origins:
                origins.append(origin)
        elif origin is not None and origin == destinations[0] and destination not in destinations:
            destinations.append(destination)
        elif origin is not None and origin not in destinations and destination == destinations[0]:
            origins.append(origin)
        elif destination not in destinations:
            destinations.append(destination)
    trip: dict[str, Any] = {"origins": origins, "destinations": destinations}
    for name in ("start", "end", "date_text", "participant_text", "program", "organizer"):
        value = _cell(first, name)
        if value:
            trip[name] = value
    participants = _names(_cell(first, "participants"))
    documents = _names(_cell(first, "documents"))
    if participants:
        trip["participants"] = participants
    if documents:
        trip["documents"] = documents
    if trip_id:
        trip["id"] = trip_id
    return trip


class Holdings(Protocol):
    """What an import asks of what the atlas holds already, item by item: a trip, places and names by id,
    the places of a name, the tie between two places. ``AtlasHoldings`` answers from an atlas;
    ``geo.views.pagesql.StoreHoldings`` from the store's view tables, without loading the atlas."""

    def trip(self, trip_id: str) -> AtlasTrip | None:
        """The trip ``trip_id``, whole (None when not held)."""
        ...

    def places(self, ids: Sequence[str]) -> dict[str, AtlasPlace]:
        """The places of ``ids`` that are held, by id (without their mentions)."""
        ...

    def names(self, ids: Sequence[str]) -> dict[str, str]:
        """The names of the people, organisations and programs of ``ids`` that are held, by id."""
        ...

    def places_named(self, name: str) -> list[AtlasPlace]:
        """The places whose name is ``name`` (compared by ``corrections.text_key``)."""
        ...

    def tie_between(self, a: str, b: str) -> AtlasTie | None:
        """The tie that joins the places ``a`` and ``b`` (either way round)."""
        ...


@dataclass(frozen=True)
class AtlasHoldings:
    """``Holdings`` answered from an atlas in memory."""

    atlas: Atlas

    def trip(self, trip_id: str) -> AtlasTrip | None:
        return next((t for t in self.atlas.trips if t.id == trip_id), None)

    def places(self, ids: Sequence[str]) -> dict[str, AtlasPlace]:
        wanted = set(ids)
        return {p.id: p for p in self.atlas.places if p.id in wanted}

    def names(self, ids: Sequence[str]) -> dict[str, str]:
        wanted = set(ids)
        return {e.id: e.name for g in (self.atlas.people, self.atlas.organizations, self.atlas.programs)
                for e in g if e.id in wanted}

    def places_named(self, name: str) -> list[AtlasPlace]:
        return [p for p in self.atlas.places if corr.text_key(p.name) == corr.text_key(name)]

    def tie_between(self, a: str, b: str) -> AtlasTie | None:
        return next((t for t in self.atlas.ties if set(t.places) == {a, b}), None)


def _holdings(atlas: Atlas | Holdings | None) -> Holdings | None:
    return AtlasHoldings(atlas) if isinstance(atlas, Atlas) else atlas


def _same_trip(trip: Mapping[str, Any], held: Holdings) -> bool:
    """Whether the atlas holds this trip already (same id, places, dates and names)."""
    found = held.trip(str(trip.get("id") or ""))
    if found is None:
        return False
    places = held.places([*found.origins, *found.destinations])
    names = held.names([i for i in (*found.participants, found.program, found.organizer) if i])

    def ids(refs: list[dict[str, Any]]) -> list[str]:
        return [str(r.get("id") or "") for r in refs]

    def located(pid: str) -> tuple[float | None, float | None]:
        place = places.get(pid)
        return (place.lat, place.lon) if place else (None, None)

    return (ids(trip["origins"]) == list(found.origins)
            and ids(trip["destinations"]) == list(found.destinations)
            and all(located(str(r.get("id"))) == (r.get("lat"), r.get("lon"))
                    for r in trip["origins"] + trip["destinations"] if "lat" in r)
            and trip.get("start") == found.start and trip.get("end") == found.end
            and trip.get("participants", []) == [names.get(p, p) for p in found.participants]
            and trip.get("program") == (names.get(found.program, found.program) if found.program else None)
            and trip.get("organizer") == (names.get(found.organizer, found.organizer)
                                          if found.organizer else None))


def trips_from_csv(text: str, *, atlas: Atlas | Holdings | None = None,
                   by: str | None = None) -> ImportResult:
    """``trip_add`` corrections from a CSV of trip legs (the export's columns; one trip per trip_id).

    Rows without a trip_id are one trip each. With ``atlas``, trips it holds already are left out.
    """
    held = _holdings(atlas)
    text = text.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    if not header:
        raise ImportFileError("the CSV file is empty")
    reader.fieldnames = header
    if "origin" not in header and "destination" not in header:
        raise ImportFileError(f"the CSV needs at least the columns origin or destination "
                              f"(the export's are: {', '.join(CSV_COLUMNS)}); got: {', '.join(header)!r}")
    groups: dict[str, list[tuple[int, Mapping[str, str | None]]]] = {}
    rejected: list[Rejected] = []
    bad_line: dict[str, int] = {}
    for number, row in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            rejected.append(Rejected(number, f"more than {MAX_ROWS} rows: the rest is not read"))
            break
        if None in row:
            rejected.append(Rejected(number, f"more cells than columns: {row.get(None)!r}"))
            bad_line.setdefault(_cell(row, "trip_id"), number)
            continue
        trip_id = _cell(row, "trip_id") or f"#row{number}"
        try:
            _place_ref(row, "origin")
            _place_ref(row, "destination")
            for name in ("start", "end"):
                value = _cell(row, name)
                if value and not corr._is_date_label(value):
                    raise CorrectionError(f"{name} must be YYYY-MM-DD, YYYY-MM or YYYY, got: {value!r}")
        except CorrectionError as exc:
            rejected.append(Rejected(number, str(exc)))
            bad_line.setdefault(trip_id, number)
            continue
        groups.setdefault(trip_id, []).append((number, row))
    out: list[Correction] = []
    unchanged = 0
    for trip_id, rows in groups.items():
        if trip_id in bad_line:
            rejected.extend(Rejected(n, f"trip {trip_id!r} has a rejected row (line {bad_line[trip_id]})")
                            for n, _ in rows)
            continue
        trip = _trip_from_rows("" if trip_id.startswith("#row") else trip_id, rows)
        try:
            record = corr.make("trip_add", {"trip": trip}, by=by, at="")
        except CorrectionError as exc:
            rejected.extend(Rejected(n, str(exc)) for n, _ in rows)
            continue
        if held is not None and _same_trip(trip, held):
            unchanged += 1
            continue
        out.append(record)
    return ImportResult(tuple(out), tuple(sorted(rejected, key=lambda r: r.row)), unchanged)


# --- GeoJSON of places ----------------------------------------------------------------------------------


def _feature_place(feature: Any) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The place fields and the (document, text) mentions of a Point feature."""
    if not isinstance(feature, Mapping) or feature.get("type") != "Feature":
        raise CorrectionError(f"not a GeoJSON Feature: {str(feature)[:80]!r}")
    geometry = feature.get("geometry")
    if not isinstance(geometry, Mapping) or geometry.get("type") != "Point":
        kind = geometry.get("type") if isinstance(geometry, Mapping) else geometry
        raise CorrectionError(f"geometry must be a Point, got: {kind!r}")
    coords = geometry.get("coordinates")
    if (not isinstance(coords, list) or len(coords) < 2
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords[:2])):
        raise CorrectionError(f"coordinates must be [longitude, latitude], got: {coords!r}")
    props = feature.get("properties") or {}
    if not isinstance(props, Mapping):
        raise CorrectionError(f"properties must be an object, got: {props!r}")
    name = props.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CorrectionError(f"a place needs a name, got: {name!r}")
    place: dict[str, Any] = {"name": name.strip(), "lon": coords[0], "lat": coords[1]}
    for key in ("geonameid", "kind", "country", "admin1"):
        if props.get(key) is not None:
            place[key] = props[key]
    mentions: list[tuple[str, str]] = []
    for mention in props.get("mentions") or []:
        if (isinstance(mention, Mapping) and isinstance(mention.get("document"), str)
                and isinstance(mention.get("text"), str) and mention["text"].strip()):
            if (mention["document"], mention["text"]) not in mentions:
                mentions.append((mention["document"], mention["text"]))
        else:
            raise CorrectionError(f"each mention needs a document and a text, got: {mention!r}")
    return place, mentions


def _unchanged(place: Mapping[str, Any], pid: Any, held: Holdings) -> bool:
    found = held.places([str(pid)]).get(str(pid)) if pid else None
    if found is None or found.lat is None or found.lon is None:
        return False
    return bool(abs(found.lat - place["lat"]) < 1e-6 and abs(found.lon - place["lon"]) < 1e-6
                and found.name == place["name"])


def places_from_geojson(text: str, *, atlas: Atlas | Holdings | None = None,
                        by: str | None = None) -> ImportResult:
    """``place`` corrections (features with mentions) or ``place_add`` ones (without) from GeoJSON points.

    Trip features are ignored (trips come from CSV). With ``atlas``, places it already holds at
    the same point under the same name are left out.
    """
    held = _holdings(atlas)
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"not JSON: {exc.msg} at line {exc.lineno}") from exc
    if isinstance(data, Mapping) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if not isinstance(data, Mapping) or data.get("type") != "FeatureCollection":
        kind = data.get("type") if isinstance(data, Mapping) else type(data).__name__
        raise ImportFileError(f"expected a GeoJSON FeatureCollection, got: {kind!r}")
    features = data.get("features")
    if not isinstance(features, list):
        raise ImportFileError(f"'features' must be a list, got: {str(features)[:80]!r}")
    out: list[Correction] = []
    rejected: list[Rejected] = []
    ignored: list[Rejected] = []
    unchanged = 0
    for number, feature in enumerate(features[:MAX_ROWS], start=1):
        props = feature.get("properties") if isinstance(feature, Mapping) else None
        if isinstance(props, Mapping) and props.get("type") == "trip":
            ignored.append(Rejected(number, "a trip: trips are imported from CSV"))
            continue
        try:
            place, mentions = _feature_place(feature)
            if held is not None and _unchanged(place, (props or {}).get("id"), held):
                unchanged += 1
                continue
            if mentions:
                records = [corr.make("place", {"document": d, "text": t, **place}, by=by, at="")
                           for d, t in mentions]
            else:
                records = [corr.make("place_add", place, by=by, at="")]
        except CorrectionError as exc:
            rejected.append(Rejected(number, str(exc)))
            continue
        out.extend(records)
    if len(features) > MAX_ROWS:
        rejected.append(Rejected(MAX_ROWS + 1, f"more than {MAX_ROWS} features: the rest is not read"))
    return ImportResult(tuple(out), tuple(rejected), unchanged, tuple(ignored))


# --- articles uploaded with a metadata form ---------------------------------------------------------

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")  # those of geo.read.reading


def upload_meta(title: str = "", outlet: str = "", published: str = "", url: str = "",
                author: str = "") -> DocumentMeta:
    """The metadata typed in the upload form, checked (``ImportFileError`` quoting a bad value)."""
    from geo.read.checks import validate_published
    from geo.views.export import safe_url

    try:
        day = validate_published(published.strip() or None)
    except ValueError as exc:
        raise ImportFileError(str(exc)) from exc
    link = url.strip()
    if link and safe_url(link) is None:
        raise ImportFileError(f"the URL must start with http:// or https://, got: {link!r}")
    return DocumentMeta(title=title.strip() or None, outlet=outlet.strip() or None,
                        author=author.strip() or None, published=day, url=link or None)


def uploaded_documents(files: Sequence[tuple[str, bytes]], meta: DocumentMeta,
                       *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[SourceDocument], list[Rejected]]:
    """Documents from uploaded (name, bytes) pairs, and those that cannot be read (numbered from 1).

    Each file gets the checks and the reading of a file of its kind on disk; the form's metadata
    wins over what a page, PDF or Word file gives of itself, which fills the rest.
    """
    from geo.read.checks import ReadError
    from geo.read.reading import document_from_bytes

    docs: list[SourceDocument] = []
    rejected: list[Rejected] = []
    for number, (name, raw) in enumerate(files, start=1):
        suffix = PurePath(name).suffix.lower()
        stem = re.sub(r"[^\w.-]+", "_", PurePath(name).stem).strip("._") or f"upload_{number}"
        if suffix not in ARTICLE_SUFFIXES:
            rejected.append(Rejected(number, f"{name!r}: not a {', '.join(ARTICLE_SUFFIXES)} file"))
            continue
        try:
            document = document_from_bytes(stem + suffix, raw, meta, max_bytes=max_bytes)
        except ReadError as exc:
            rejected.append(Rejected(number, f"{name!r}: {exc.reason}"))
            continue
        docs.append(replace(document, path=name))
    return docs, rejected


# --- CSV of ties ----------------------------------------------------------------------------------------

TIE_COLUMNS = ("place_a", "place_b", "kind", "since", "status", "until")
MIN_CONFIDENCE = 0.3  # below it, a name alone is a guess among namesakes ("Springfield"): ask for its state
_TIE_KIND_WORDS: dict[str, TieKind] = {
    "sister city": "sister city", "sister town": "sister city", "twin city": "sister city",
    "twin town": "sister city", "twinned": "sister city", "twinning": "sister city",
    "sister state": "sister state", "sister province": "sister province",
    "sister prefecture": "sister province", "friendship city": "friendship city",
    "friendship town": "friendship city", "friendship": "friendship city",
    "other": "other", "partner city": "other", "partnership": "other",
}
_TIE_STATUS_WORDS: dict[str, TieStatus] = {
    "active": "active", "current": "active", "proposed": "proposed", "pending": "proposed",
    "planned": "proposed", "suspended": "suspended", "frozen": "suspended", "ended": "ended",
    "inactive": "ended", "terminated": "ended", "dissolved": "ended", "unknown": "unknown",
}


def _header_key(name: str) -> str:
    """'Place A', 'place-a', 'PLACE_A' -> 'place_a'."""
    return re.sub(r"[^a-z0-9]+", "_", name.strip().casefold()).strip("_")


def tie_kind(text: str) -> TieKind:
    """A tie kind from how a directory writes it ("Sister Cities", "twin town"), or ``CorrectionError``."""
    words = " ".join(text.casefold().replace("-", " ").replace("_", " ").split())
    singular = re.sub(r"ies$", "y", words)
    singular = re.sub(r"(?<=[a-z])s$", "", singular)
    if not words:
        return "sister city"
    found = _TIE_KIND_WORDS.get(words) or _TIE_KIND_WORDS.get(singular)
    if found is None:
        raise CorrectionError(f"kind must be one of {', '.join(TIE_KINDS)}, got: {text!r}")
    return found


def tie_status(text: str, *, until: str = "") -> TieStatus:
    """A tie status from its word ("terminated": ended); empty is "active", or "ended" with an ``until``."""
    words = " ".join(text.casefold().split())
    if not words:
        return "ended" if until else "active"
    found = _TIE_STATUS_WORDS.get(words)
    if found is None:
        raise CorrectionError(f"status must be one of {', '.join(TIE_STATUSES)}, got: {text!r}")
    return found


def _tie_date(row: Mapping[str, str | None], name: str) -> str:
    value = _cell(row, name)
    if value.endswith(".0") and value[:-2].isdigit():  # a year a spreadsheet wrote as a number
        value = value[:-2]
    if value and not corr._is_date_label(value):
        raise CorrectionError(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, got: {value!r}")
    return value


def _tie_place(row: Mapping[str, str | None], which: str, gazetteer: Gazetteer | None,
               held: Holdings | None) -> dict[str, Any]:
    """A tie's place: its coordinates when the row gives them, else its name looked up in the gazetteer."""
    name = _cell(row, which)
    if not name:
        raise CorrectionError(f"{which} is empty")
    lat = _coordinate(row, f"{which}_lat", 90.0)
    lon = _coordinate(row, f"{which}_lon", 180.0)
    if lat is not None and lon is not None:
        return {"name": name, "lat": lat, "lon": lon}
    from geo.places.toponyms import readable_admin1, resolve_name

    if gazetteer is not None:
        found = resolve_name(name, gazetteer)
        if isinstance(found, Resolved):
            if found.confidence < MIN_CONFIDENCE and "," not in name:
                options = "; ".join(", ".join(x for x in (c.name, c.admin1, c.country) if x)
                                    for c in found.candidates[:3])
                raise CorrectionError(f"{which} {name!r} could be several places ({options} …): "
                                      f"write it as 'Name, State' or 'Name, Country'")
            place = readable_admin1(found.place, gazetteer)
            ref: dict[str, Any] = {"name": place.name, "lat": place.lat, "lon": place.lon, "kind": place.kind}
            if place.geonameid is not None:
                ref["geonameid"] = place.geonameid
                ref["id"] = f"gn:{place.geonameid}"
            for key in ("country", "admin1"):
                if getattr(place, key):
                    ref[key] = getattr(place, key)
            return ref
    known = held.places_named(name) if held is not None else []
    if len(known) == 1:
        return {"id": known[0].id, "name": known[0].name}
    raise CorrectionError(f"{which} {name!r} is not in the gazetteer")


def _tie_known(fields: Mapping[str, Any], held: Holdings) -> bool:
    """Whether the atlas holds this tie already, with the same kind, status and dates."""
    a, b = (str(p.get("id") or "") for p in fields["places"])
    found = held.tie_between(a, b)
    return found is not None and (found.kind, found.status, found.since, found.until) == (
        fields["kind"], fields["status"], fields.get("since"), fields.get("until"))


def ties_from_csv(text: str, *, gazetteer: Gazetteer | None = None, atlas: Atlas | Holdings | None = None,
                  by: str | None = None) -> ImportResult:
    """``tie_add`` corrections from a CSV of ties: place A, place B, kind, since, status (and until).

    A place is a name looked up in the gazetteer ("Portland, Oregon", "Beihai, China"), or a name
    with ``place_a_lat``/``place_a_lon`` (the ties-csv export's columns). With ``atlas``, ties it
    holds already with the same fields are counted as unchanged.
    """
    held = _holdings(atlas)
    text = text.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [_header_key(h) for h in reader.fieldnames or []]
    if not header:
        raise ImportFileError("the CSV file is empty")
    reader.fieldnames = header
    missing = [c for c in ("place_a", "place_b") if c not in header]
    if missing:
        raise ImportFileError(f"the CSV needs the columns {', '.join(TIE_COLUMNS)} (at least place_a and "
                              f"place_b); got: {', '.join(header)!r}")
    out: list[Correction] = []
    rejected: list[Rejected] = []
    unchanged = 0
    seen: dict[frozenset[str], int] = {}
    for number, row in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            rejected.append(Rejected(number, f"more than {MAX_ROWS} rows: the rest is not read"))
            break
        if None in row:
            rejected.append(Rejected(number, f"more cells than columns: {row.get(None)!r}"))
            continue
        if not any((v or "").strip() for v in row.values()):
            continue
        try:
            places = [_tie_place(row, which, gazetteer, held) for which in ("place_a", "place_b")]
            since, until = _tie_date(row, "since"), _tie_date(row, "until")
            kind = tie_kind(_cell(row, "kind"))
            status = tie_status(_cell(row, "status"), until=until)
            record = corr.tie_add(places, kind=kind, status=status, since=since or None, until=until or None,
                                  by=by, at="")
        except CorrectionError as exc:
            rejected.append(Rejected(number, str(exc)))
            continue
        pair = frozenset(str(p.get("id") or (p["name"], p.get("lat"), p.get("lon"))) for p in places)
        if pair in seen:
            rejected.append(Rejected(number, f"the same two places as line {seen[pair]}"))
            continue
        seen[pair] = number
        if held is not None and _tie_known(record.payload["tie"], held):
            unchanged += 1
            continue
        out.append(record)
    return ImportResult(tuple(out), tuple(rejected), unchanged)
