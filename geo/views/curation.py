"""What the Curate page shows and records, pure: its tabs, its labels, the correction of each button.

The page reads the widgets and draws; everything it decides is here, typed and tested without Streamlit.
Each ``*_correction`` function returns the record a button stores (``geo.store.corrections``), with
who made it (``by``) and what was there before (``before``), so that the list of corrections can say it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from geo.models import (
    Atlas,
    AtlasDocument,
    AtlasOrganization,
    AtlasPerson,
    AtlasPlace,
    AtlasProgram,
    AtlasTie,
    AtlasTrip,
    Candidate,
)
from geo.store import corrections as corr
from geo.store.corrections import Correction, ReviewItem
from geo.views.maps import trip_label
from geo.views.tie_layer import tie_label

EntityKind = Literal["person", "organization", "program", "place"]
Entity = AtlasPerson | AtlasOrganization | AtlasProgram | AtlasPlace

KINDS: dict[EntityKind, str] = {"person": "People", "organization": "Organisations", "program": "Programs",
                                "place": "Places"}
TABS = ("Review queue", "Places", "Merge and split", "Trips", "Ties", "Corrections")
ADMIN_TABS = ("Documents",)
REVIEW_LIMIT = 40
CORRECTIONS_SHOWN = 300  # the newest; the command line exports them all


def tab_names(can_delete_documents: bool) -> list[str]:
    """The page's tabs: the Documents tab only for those who may delete documents."""
    return [*TABS, *(ADMIN_TABS if can_delete_documents else ())]


def review_target(item: ReviewItem) -> tuple[str, str]:
    """Where "Open" takes a review item: the session key that selects it, and its tab."""
    return ("curate_place", "Places") if item.kind == "place" else ("curate_trip", "Trips")


def place_label(place: AtlasPlace) -> str:
    """ "Lakeview (Ohio, US) · 0.83 · gn:123": the name, where it is, how certain, the id."""
    where = ", ".join(x for x in (place.admin1, place.country) if x)
    point = "not placed" if place.lat is None else f"{place.confidence:.2f}"
    return f"{place.name}{f' ({where})' if where else ''} · {point} · {place.id}"


def candidate_label(c: Candidate) -> str:
    """A gazetteer candidate with what tells it from its namesakes: where, kind, point, population, id."""
    where = ", ".join(x for x in (c.admin1, c.country) if x)
    gid = f" · geonameid {c.geonameid}" if c.geonameid else ""
    return f"{c.name} ({where}) · {c.kind} · {c.lat:.3f}, {c.lon:.3f} · pop. {c.population:,}{gid}"


def trip_choice_label(atlas: Atlas, trip: AtlasTrip) -> str:
    """A trip as the Trips tab lists it: its route and date, then its id."""
    return trip_label(trip, {p.id: p for p in atlas.places}) + f" · {trip.id}"


def tie_choice_label(tie: AtlasTie, places: Mapping[str, AtlasPlace]) -> str:
    """A tie as the Ties tab lists it: its places, kind, status and years, then its id."""
    return tie_label(tie, places) + f" · {tie.id}"


def entity_label(entity: Entity) -> str:
    """ "Jane Roe · 3 mention(s) · pe:jane-roe"."""
    return f"{entity.name} · {len(entity.mentions)} mention(s) · {entity.id}"


def document_label(doc: AtlasDocument) -> str:
    """A document as the Documents tab lists it: title (or id), outlet, id."""
    return f"{doc.title or doc.id} · {doc.outlet or '—'} · {doc.id}"


def mention_label(mention: tuple[str, str]) -> str:
    """A (document, text) mention: "“Lakeview” in doc_a"."""
    return f"“{mention[1]}” in {mention[0]}"


def id_label(names: Mapping[str, str], item_id: str | None) -> str:
    """A choice among ids of one kind: its name and id, "none" for no choice."""
    return "none" if item_id is None else f"{names.get(item_id, item_id)} · {item_id}"


def option_index(options: Sequence[Any], value: Any) -> int:
    """Where a select box starts: at ``value`` when it is one of the options, else at the first."""
    return options.index(value) if value in options else 0


def entities_of(atlas: Atlas, kind: EntityKind) -> dict[str, Entity]:
    """The atlas's entities of one kind, by id, in the atlas's order."""
    groups: dict[EntityKind, tuple[Entity, ...]] = {
        "person": atlas.people, "organization": atlas.organizations, "program": atlas.programs,
        "place": atlas.places,
    }
    return {e.id: e for e in groups[kind]}


def entity_mentions(entity: Entity) -> list[tuple[str, str]]:
    """The distinct (document, text) names of an entity, the atoms a split takes off."""
    return list(dict.fromkeys((m.document, m.text) for m in entity.mentions))


def mention_sentence(place: AtlasPlace, document: str, text: str) -> str:
    """The sentence of a place's first mention with this text in this document ("" when there is none)."""
    return next((m.sentence for m in place.mentions if (m.document, m.text) == (document, text)), "")


def participants(chosen: Iterable[str], extra: str) -> list[str]:
    """The participants a trip form gives: the people chosen, then new names typed, separated by ";"."""
    return [*chosen, *(n.strip() for n in extra.split(";") if n.strip())]


def trip_form_values(origins: Sequence[str], destinations: Sequence[str], start: str, end: str,
                     people: Sequence[str], extra_people: str, participant_text: str,
                     organizer: str | None, program: str | None) -> dict[str, Any]:
    """A trip form's widgets' values in the shape of a trip's fields (``corr.trip_edit``, ``trip_add``)."""
    return {"origins": list(origins), "destinations": list(destinations), "start": start.strip(),
            "end": end.strip(), "participants": participants(people, extra_people),
            "participant_text": participant_text.strip(), "organizer": organizer, "program": program}


# --- the correction each button records --------------------------------------------------------------


def point_correction(place: AtlasPlace, document: str, text: str, lat: float, lon: float, name: str,
                     by: str | None) -> Correction:
    """ "Set the point here": the mentions with this text in this document are at a clicked point."""
    return corr.make("place", {"document": document, "text": text, "lat": lat, "lon": lon,
                               "name": name or text}, by=by, before=corr.place_summary(place))


def not_place_correction(place: AtlasPlace, document: str, text: str, by: str | None) -> Correction:
    """ "Not a place": the mentions with this text in this document leave the map and its trips."""
    return corr.make("not_place", {"document": document, "text": text}, by=by,
                     before=corr.place_summary(place))


def merge_correction(kind: EntityKind, ids: Sequence[str], entities: Mapping[str, Entity],
                     by: str | None) -> Correction:
    """ "Merge": the chosen entities are one, the first keeping its id and name."""
    return corr.make("merge", {"kind": kind, "ids": list(ids)}, by=by,
                     before=[{"id": i, "name": entities[i].name} for i in ids])


def split_correction(kind: EntityKind, entity: Entity, leaving: Sequence[tuple[str, str]] | None,
                     by: str | None) -> Correction:
    """ "Split these off" the names ``leaving`` (document, text); with None, "undo every merge into it"."""
    payload: dict[str, Any] = {"kind": kind, "id": entity.id}
    if leaving is not None:
        payload["atoms"] = [{"document": d, "name": t} for d, t in leaving]
    return corr.make("split", payload, by=by, before={"id": entity.id, "name": entity.name})


def not_entity_correction(kind: EntityKind, entity: Entity, by: str | None) -> Correction:
    """ "Not a person" / "Not an organisation": the entity leaves the atlas."""
    return corr.make("not_entity", {"kind": kind, "id": entity.id}, by=by,
                     before={"id": entity.id, "name": entity.name})


def not_entity_button(kind: EntityKind) -> str | None:
    """The label of the "not one" button of a kind, or None for kinds that have none."""
    if kind == "person":
        return "Not a person (a town, a headline fragment …)"
    if kind == "organization":
        return "Not an organisation (a town, a headline fragment …)"
    return None


def trip_delete_correction(trip: AtlasTrip, by: str | None) -> Correction:
    """ "Delete this trip"."""
    return corr.make("trip_delete", {"id": trip.id, "sources": list(trip.sources)}, by=by,
                     before=corr.trip_summary(trip))


def trip_add_correction(fields: Mapping[str, Any], document: str | None, sentence: str,
                        by: str | None) -> Correction:
    """ "Add the trip": the fields filled in, with its source document and evidence when given.

    Raises ``CorrectionError`` naming the field when the trip is not one (no destination, a bad date).
    """
    trip: dict[str, Any] = {k: v for k, v in fields.items() if v not in (None, "", [])}
    if document:
        trip["documents"] = [document]
        if sentence.strip():
            trip["evidence"] = [{"document": document, "sentence": sentence.strip()}]
    return corr.make("trip_add", {"trip": trip}, by=by)


def tie_add_correction(pair: Sequence[str], fields: Mapping[str, Any], by: str | None) -> Correction:
    """ "Add the tie" between two places, with the fields filled in (raises ``CorrectionError``)."""
    return corr.tie_add(list(pair), **{k: v for k, v in fields.items() if v}, by=by)


def correction_meta(record: Correction) -> tuple[str, str, bool]:
    """What the Corrections tab says of a record beside its description: when, by whom, and if undone."""
    return record.at or "imported", f" · by {record.by}" if record.by else "", record.undone
