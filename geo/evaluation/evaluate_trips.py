"""``python -m geo evaluate --dataset trips --data DIR``: trips, people, organisations and ties against gold.

``DIR`` holds articles (``ID.txt`` with its ``ID.json`` sidecar, in ``DIR`` or ``DIR/texts``) and one or
more gold files (``gold.json`` or ``gold_*.json``: ``{"documents": {ID: {...}}}``, the shape of
``tests/data/real/README.md``). The invented corpora's gold names places by their text in the article;
the real corpus's gold gives each trip's places as objects with a point. Both are read.

A trip is found when one of its gold destinations is among a predicted trip's destinations. Gold that
annotates no trip status (the invented corpora, which list only trips made) is compared with the
predicted trips made or under way only. Progress goes to stderr, the JSON summary is the last line.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from geo.models import Candidate, Extraction, PlaceMention, Resolved, TieRecord, TripRecord
from geo.places.geometry import haversine_km

if TYPE_CHECKING:
    from geo.places.gazetteer import Gazetteer

KM = 161.0
_PART_OF = {"HK": "CN", "MO": "CN"}
_STOP = frozenset({"the", "of", "and", "for", "a", "an", "in", "to", "with", "on", "at", "s", "its", "their"})
_DONE = ("completed", "ongoing")

Admin1 = Callable[[str, str], str | None]  # (admin1 as the gold writes it, country) -> gazetteer code


class GoldError(ValueError):
    """A gold folder or file that cannot be read: names the file and the reason."""


# --- gold ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldPlace:
    """A place as the gold gives it."""

    text: str
    kind: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    optional: bool = False


@dataclass(frozen=True)
class GoldTrip:
    origins: tuple[GoldPlace, ...]
    destinations: tuple[GoldPlace, ...]
    start: str | None
    status: str | None = None
    kind: str | None = None
    organizer: str | None = None
    program: str | None = None
    participants: tuple[str, ...] = ()
    main: bool = True

    def label(self) -> str:
        return (f"{[o.text for o in self.origins]} -> {[d.text for d in self.destinations]} {self.start}"
                f" {self.status or ''}").rstrip()


@dataclass(frozen=True)
class GoldEntity:
    name: str
    aliases: tuple[str, ...] = ()
    title: str | None = None
    organization: str | None = None

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class GoldTie:
    places: tuple[GoldPlace, GoldPlace]
    kind: str | None = None
    since: str | None = None


@dataclass(frozen=True)
class GoldDocument:
    id: str
    places: tuple[GoldPlace, ...]
    trips: tuple[GoldTrip, ...]
    people: tuple[GoldEntity, ...] | None = None  # None: the gold does not annotate them
    organizations: tuple[GoldEntity, ...] | None = None
    ties: tuple[GoldTie, ...] | None = None
    has_status: bool = False


def _place(data: Mapping[str, Any], by_text: Mapping[str, GoldPlace]) -> GoldPlace:
    known = by_text.get(norm(str(data.get("text", ""))))
    if "lat" not in data and "kind" not in data and known is not None:
        return known
    return GoldPlace(
        text=str(data.get("text", "")), kind=str(data.get("kind") or (known.kind if known else "city")),
        country=data.get("country") or (known.country if known else None),
        admin1=data.get("admin1") or (known.admin1 if known else None),
        lat=data.get("lat", known.lat if known else None), lon=data.get("lon", known.lon if known else None),
        optional=bool(data.get("optional", False)),
    )


def _places(items: Iterable[Any], by_text: Mapping[str, GoldPlace], where: str) -> tuple[GoldPlace, ...]:
    out: list[GoldPlace] = []
    for item in items:
        if isinstance(item, str):
            found = by_text.get(norm(item))
            if found is None:
                raise GoldError(f"{where}: the place {item!r} is not among the document's places")
            out.append(found)
        else:
            out.append(_place(item, by_text))
    return tuple(out)


def _names(value: Any) -> tuple[str, ...]:
    if value is None or isinstance(value, str):
        return ()
    return tuple(str(p["name"]) if isinstance(p, Mapping) else str(p) for p in value)


def _entities(items: Any) -> tuple[GoldEntity, ...] | None:
    if items is None:
        return None
    return tuple(
        GoldEntity(name=str(e["name"]), aliases=tuple(str(a) for a in e.get("aliases") or ()),
                   title=e.get("title"), organization=e.get("organization"))
        for e in items
    )


def gold_document(doc_id: str, data: Mapping[str, Any], where: str = "gold") -> GoldDocument:
    """One document's gold, in either shape."""
    places = tuple(_place(p, {}) for p in data.get("places", ()))
    by_text: dict[str, GoldPlace] = {}
    for p in places:
        by_text.setdefault(norm(p.text), p)
    trips = tuple(
        GoldTrip(
            origins=_places(t.get("origins", ()), by_text, f"{where}: {doc_id}"),
            destinations=_places(t.get("destinations", ()), by_text, f"{where}: {doc_id}"),
            start=t.get("start"), status=t.get("status"), kind=t.get("kind"),
            organizer=t.get("organizer"), program=t.get("program"),
            participants=_names(t.get("participants")), main=bool(t.get("main", True)),
        )
        for t in data.get("trips", ())
    )
    ties = None
    if "ties" in data:
        ties = tuple(
            GoldTie(places=(_places(t["places"][:1], by_text, where)[0], _places(t["places"][1:2], by_text,
                                                                                   where)[0]),
                    kind=t.get("kind"), since=t.get("since"))
            for t in data["ties"] if len(t.get("places", ())) == 2
        )
    return GoldDocument(
        id=doc_id, places=places, trips=trips, people=_entities(data.get("people")),
        organizations=_entities(data.get("organizations")), ties=ties,
        has_status=any("status" in t for t in data.get("trips", ())),
    )


def read_gold(folder: Path) -> dict[str, GoldDocument]:
    """Every gold document of a folder (``gold.json`` and ``gold_*.json``)."""
    if not folder.is_dir():
        raise GoldError(f"{folder}: not a folder")
    files = sorted(folder.glob("gold*.json"))
    if not files:
        raise GoldError(f"{folder}: no gold.json or gold_*.json in it")
    out: dict[str, GoldDocument] = {}
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise GoldError(f"{path}: {exc}") from exc
        for doc_id, doc in data.get("documents", {}).items():
            out[doc_id] = gold_document(doc_id, doc, str(path))
    return out


def text_path(folder: Path, doc_id: str) -> Path | None:
    """Where a gold document's text is: ``DIR/ID.txt`` or ``DIR/texts/ID.txt``."""
    for candidate in (folder / f"{doc_id}.txt", folder / "texts" / f"{doc_id}.txt"):
        if candidate.is_file():
            return candidate
    return None


# --- matching -----------------------------------------------------------------------------------


def norm(text: str) -> str:
    """A name as compared: case-folded, no leading "the", no possessive, no punctuation, spaces squeezed."""
    text = re.sub(r"['’]s\b", "", text.strip())
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"^the\s+", "", re.sub(r"\s+", " ", text).strip(), flags=re.IGNORECASE)
    return text.casefold().strip()


def _country(cand: Candidate) -> str | None:
    return _PART_OF.get(cand.country or "", cand.country)


def place_matches(cand: Candidate, gold: GoldPlace, admin1: Admin1 | None = None) -> bool:
    """A predicted place is the gold place: a city within 161 km (not its country), a state by its code or
    point, a country by its code. A city inside a gold state or country counts too (it is more precise)."""
    if gold.kind == "city" or gold.kind not in ("admin1", "country"):
        if gold.lat is None or gold.lon is None:
            return norm(cand.name) == norm(gold.text)
        return cand.kind not in ("country", "admin1") and haversine_km(cand.lat, cand.lon, gold.lat,
                                                                      gold.lon) <= KM
    if gold.country is None or gold.country not in (cand.country, _country(cand)):
        return False
    if gold.kind == "country":
        return True
    if gold.admin1 and cand.admin1:
        code = admin1(gold.admin1, gold.country) if admin1 is not None else None
        # the gold may write the gazetteer's code ("05") where the candidate carries the state's name
        own = admin1(cand.admin1, cand.country or gold.country) if admin1 is not None else None
        if norm(cand.admin1) in (norm(gold.admin1), norm(code or "")) or (
                own and norm(own) == norm(gold.admin1)):
            return True
    return cand.kind == "admin1" and gold.lat is not None and gold.lon is not None and haversine_km(
        cand.lat, cand.lon, gold.lat, gold.lon) <= 2 * KM


def _candidates(extraction: Extraction, indices: Iterable[int]) -> list[Candidate]:
    out: list[Candidate] = []
    for i in indices:
        if 0 <= i < len(extraction.places):
            res = extraction.places[i].resolution
            if isinstance(res, Resolved):
                out.append(res.place)
    return out


def any_place(cands: Sequence[Candidate], golds: Sequence[GoldPlace], admin1: Admin1 | None) -> bool:
    return any(place_matches(c, g, admin1) for c in cands for g in golds)


_TITLES = frozenset({
    "mr", "mrs", "ms", "dr", "cr", "cllr", "gov", "governor", "mayor", "president", "premier", "sen",
    "senator",
    "rep", "prof", "he", "h", "e", "hon", "deputy", "vice", "chairman", "lord",
})


def _person_words(name: str) -> list[str]:
    words = norm(name).split()
    while len(words) > 1 and words[0] in _TITLES:
        words = words[1:]
    return words


def person_matches(predicted: str, gold: GoldEntity) -> bool:
    """The same person: a name or alias as written (titles aside), the same surname with no other first
    name, or a family name written first ("Xi" for "Xi Jinping")."""
    p = _person_words(predicted)
    if not p:
        return False
    for name in gold.names():
        g = _person_words(name)
        if p == g:
            return True
        if g and p[-1] == g[-1] and (len(p) == 1 or p[0] == g[0] or len(g) == 1):
            return True
        if g and p[0] == g[0] and len(g) > 1 and (len(p) == 1 or p[-1] in g):
            return True  # family name first, or a middle name dropped
    return False


def org_matches(predicted: str, gold: GoldEntity) -> bool:
    """The same organisation: its name or an alias (acronym, short form) as written."""
    p = norm(predicted)
    return bool(p) and any(p == norm(n) for n in gold.names())


def _words(text: str) -> set[str]:
    return {w for w in norm(text).split() if w not in _STOP}


# the words of a tie, one word whatever form the writer chose ("sisterhood", "sister-province", "twinning")
_TIE_WORDS = re.compile(r"\b(?:sisterhood|sister(?=[- ])|twinning|twinned|twin(?=[- ]))", re.IGNORECASE)


def _program_words(text: str) -> set[str]:
    """A program's words, with an annotator's note in brackets left out ("sisterhood (5th anniversary)")."""
    return _words(_TIE_WORDS.sub(" sister ", re.sub(r"\([^)]*\)", " ", text)))


def program_matches(predicted: str | None, gold: str) -> bool:
    """A program is named when most of the words of the shorter name are in the other."""
    if not predicted:
        return False
    a, b = _program_words(predicted), _program_words(gold)
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= 0.5


def _named(predicted: str | None, gold: str, entities: Sequence[GoldEntity] | None) -> bool:
    """An organiser is named: as the gold writes it, or as one of its aliases."""
    if not predicted:
        return False
    entity = next((e for e in entities or () if org_matches(gold, e)), None)
    return org_matches(predicted, entity or GoldEntity(gold))


# --- scoring ------------------------------------------------------------------------------------


@dataclass
class Tally:
    """A share, with the misses that make it up."""

    hits: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, miss: str) -> None:
        self.total += 1
        self.hits += int(ok)
        if not ok:
            self.misses.append(miss)

    @property
    def share(self) -> float | None:
        return round(self.hits / self.total, 3) if self.total else None


@dataclass
class Scores:
    """What a run measured, over every document."""

    gold_trips: int = 0
    predicted_trips: int = 0
    matched: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    figures: dict[str, Tally] = field(default_factory=dict)

    def tally(self, name: str) -> Tally:
        return self.figures.setdefault(name, Tally())

    def summary(self) -> dict[str, Any]:
        p = self.matched / self.predicted_trips if self.predicted_trips else 0.0
        r = self.matched / self.gold_trips if self.gold_trips else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out: dict[str, Any] = {
            "trip_precision": round(p, 3), "trip_recall": round(r, 3), "trip_f1": round(f1, 3),
            "gold_trips": self.gold_trips, "predicted_trips": self.predicted_trips,
            "matched_trips": self.matched,
        }
        out.update({n: t.share for n, t in sorted(self.figures.items()) if n != "organizations_split"})
        if "organizations_split" in self.figures:
            out["organizations_split"] = self.figures["organizations_split"].hits
        out["counts"] = {name: [t.hits, t.total] for name, t in sorted(self.figures.items())}
        return out

    def report(self) -> str:
        lines = [f"trips: gold {self.gold_trips}, predicted {self.predicted_trips}, matched {self.matched}"]
        lines += [f"  missed: {m}" for m in self.missed]
        lines += [f"  spurious: {m}" for m in self.spurious]
        for name, t in sorted(self.figures.items()):
            lines.append(f"{name}: {t.hits}/{t.total} = {t.share}")
            lines += [f"  {m}" for m in t.misses]
        return "\n".join(lines)


def _describe(trip: TripRecord, extraction: Extraction) -> str:
    def names(indices: Iterable[int]) -> list[str]:
        return [extraction.places[i].span.text for i in indices if 0 <= i < len(extraction.places)]
    start = trip.date.label() if trip.date else None
    return f"{names(trip.origins)} -> {names(trip.destinations)} {start} {trip.status}"


def _month(gold: str | None) -> str | None:
    return gold[:7] if gold and len(gold) >= 7 else None


def _agreement(g: GoldTrip, t: TripRecord, extraction: Extraction, admin1: Admin1 | None) -> int:
    """How far a predicted trip that reaches a gold trip's destinations agrees with it beyond that."""
    month = _month(g.start)
    same_month = bool(month and t.date and t.date.label()[:7] == month)
    same_origin = bool(g.origins) and any_place(_candidates(extraction, t.origins), g.origins, admin1)
    return 8 * same_month + 4 * same_origin + 2 * (t.status == g.status) + g.main


def assign_trips(golds: Sequence[GoldTrip], predicted: Sequence[TripRecord], extraction: Extraction,
                 admin1: Admin1 | None) -> dict[int, TripRecord]:
    """Each gold trip's predicted trip, by index: as many gold trips found as can be, then the best agreeing.

    A predicted trip can stand for one gold trip only, and only one that it reaches (a destination in
    common). Among the assignments that find the most gold trips, the one whose month, origin and status
    agree most is taken, then the one that finds the main trips (``scipy.optimize.linear_sum_assignment``),
    so that a trip found in the text does not go to the first gold trip with its destination and leave the
    one it tells unmatched.
    """
    if not golds or not predicted:
        return {}
    reach = 1000  # above any sum of agreements, so that the count of gold trips found comes first
    weight = np.zeros((len(golds), len(predicted)), dtype=int)
    for i, g in enumerate(golds):
        for j, t in enumerate(predicted):
            if any_place(_candidates(extraction, t.destinations), g.destinations, admin1):
                weight[i, j] = reach + _agreement(g, t, extraction, admin1)
    rows, cols = linear_sum_assignment(weight, maximize=True)
    return {int(i): predicted[int(j)] for i, j in zip(rows, cols, strict=True) if weight[i, j]}


def _score_trips(extraction: Extraction, gold: GoldDocument, scores: Scores, admin1: Admin1 | None) -> None:
    doc = gold.id
    predicted = [t for t in extraction.trips if gold.has_status or t.status in _DONE]
    scores.gold_trips += len(gold.trips)
    scores.predicted_trips += len(predicted)
    pairs = assign_trips(gold.trips, predicted, extraction, admin1)
    free = [t for t in predicted if not any(t is m for m in pairs.values())]
    for n, g in enumerate(gold.trips):
        match = pairs.get(n)
        month = _month(g.start)
        label = f"{doc}: {g.label()}"
        if g.main:
            scores.tally("main_trips_found").add(match is not None, label)
        if match is None:
            scores.missed.append(label)
            continue
        scores.matched += 1
        got = f"{label}; got {_describe(match, extraction)}"
        if g.origins:
            scores.tally("right_origin").add(
                any_place(_candidates(extraction, match.origins), g.origins, admin1), got)
        if month:
            scores.tally("right_start_month").add(bool(match.date and match.date.label()[:7] == month), got)
        if g.status:
            scores.tally("right_status").add(match.status == g.status, f"{got} (gold {g.status})")
        if g.kind:
            scores.tally("right_kind").add(match.kind == g.kind, f"{got}: kind {match.kind}, gold {g.kind}")
        if g.organizer:
            scores.tally("organizer_named").add(
                _named(match.organizer, g.organizer, gold.organizations),
                f"{got}: organizer {match.organizer!r}, gold {g.organizer!r}")
        if g.program:
            scores.tally("program_named").add(program_matches(match.program, g.program),
                                              f"{got}: program {match.program!r}, gold {g.program!r}")
        people = [GoldEntity(n) for n in g.participants]
        people = [next((e for e in gold.people or () if person_matches(p.name, e)), p) for p in people]
        for person in people:
            scores.tally("participants_found").add(
                any(person_matches(n, person) for n in match.participants),
                f"{got}: participant {person.name!r} not among {list(match.participants)}")
        if gold.people is not None:
            for name in match.participants:
                scores.tally("participants_right").add(
                    any(person_matches(name, p) for p in people), f"{got}: {name!r} is no gold participant")
    scores.spurious += [f"{doc}: {_describe(t, extraction)}" for t in free]


def _first_mentions(extraction: Extraction) -> dict[str, PlaceMention]:
    first: dict[str, PlaceMention] = {}
    for mention in sorted((m for m in extraction.places if not m.implied), key=lambda m: m.span.start):
        key = norm(mention.span.text)
        first.setdefault(key, mention)
        first.setdefault(key.split(" ")[0] if "," in mention.span.text else key, mention)
    return first


def _score_places(extraction: Extraction, gold: GoldDocument, scores: Scores, admin1: Admin1 | None) -> None:
    doc = gold.id
    first = _first_mentions(extraction)
    for g in gold.places:
        if g.optional or g.kind not in ("city", "admin1", "country"):
            continue
        mention = first.get(norm(g.text))
        res = mention.resolution if mention is not None else None
        ok = isinstance(res, Resolved) and place_matches(res.place, g, admin1)
        got = f"{res.place.name} {res.place.kind} {res.place.country}" if isinstance(res, Resolved) else (
            "not found" if mention is None else "unresolved")
        name = "cities_within_161km" if g.kind == "city" else "states_countries_right"
        scores.tally(name).add(ok, f"{doc}: {g.text!r} ({g.kind} {g.country}): {got}")
    gold_texts = {norm(p.text) for p in gold.places}
    seen: set[str] = set()
    for mention in extraction.places:
        key = norm(mention.span.text)
        if key in seen or mention.implied:
            continue
        seen.add(key)
        ok = key in gold_texts or any(key.startswith(t + " ") for t in gold_texts)
        scores.tally("place_precision").add(ok, f"{doc}: {mention.span.text!r} is no gold place")


def _score_entities(extraction: Extraction, gold: GoldDocument, scores: Scores) -> None:
    doc = gold.id
    if gold.people is not None:
        names = list(dict.fromkeys(m.name for m in extraction.people))
        for name in names:
            scores.tally("person_precision").add(any(person_matches(name, p) for p in gold.people),
                                                 f"{doc}: {name!r} is no person of the article")
        for person in gold.people:
            found = [n for n in names if person_matches(n, person)]
            scores.tally("people_found").add(bool(found), f"{doc}: {person.name!r} not found")
            if found and person.title:
                roles = [r for n in found for r in extraction.roles.get(n, ())]
                ok = any(_words(person.title) <= _words(r.title) | _words(r.organization or "")
                         or program_matches(r.title, person.title) for r in roles) and (
                    not person.organization
                    or any(program_matches(r.organization, person.organization) for r in roles))
                scores.tally("role_right").add(
                    ok, f"{doc}: {person.name!r}: {[(r.title, r.organization) for r in roles]}, gold "
                        f"({person.title!r}, {person.organization!r})")
    if gold.organizations is not None:
        names = list(dict.fromkeys(m.name for m in extraction.organizations))
        for name in names:
            scores.tally("organization_precision").add(
                any(org_matches(name, o) for o in gold.organizations),
                f"{doc}: {name!r} is no organisation of the article")
        splits = scores.tally("organizations_split")
        for org in gold.organizations:
            found = [n for n in names if org_matches(n, org)]
            scores.tally("organizations_found").add(bool(found), f"{doc}: {org.name!r} not found")
            if len(found) > 1:
                splits.misses.append(f"{doc}: {org.name!r} as {found}")
                splits.hits += len(found) - 1


def _score_ties(extraction: Extraction, gold: GoldDocument, scores: Scores, admin1: Admin1 | None) -> None:
    if gold.ties is None:
        return
    doc = gold.id
    free: list[TieRecord] = list(extraction.ties)
    for g in gold.ties:
        def both(tie: TieRecord, g: GoldTie = g) -> bool:
            a, b = (_candidates(extraction, [i]) for i in tie.places)
            return bool(a and b) and (
                (place_matches(a[0], g.places[0], admin1) and place_matches(b[0], g.places[1], admin1))
                or (place_matches(a[0], g.places[1], admin1) and place_matches(b[0], g.places[0], admin1)))
        match = next((t for t in free if both(t)), None)
        label = f"{doc}: tie {g.places[0].text} ~ {g.places[1].text} since {g.since}"
        scores.tally("ties_found").add(match is not None, label)
        if match is None:
            continue
        free.remove(match)
        scores.tally("ties_right").add(True, label)
        if g.since:
            got = match.since.label()[:4] if match.since else None
            scores.tally("tie_since_year_right").add(got == g.since[:4], f"{label}: got {got}")
    for tie in free:
        names = [extraction.places[i].span.text for i in tie.places]
        scores.tally("ties_right").add(False, f"{doc}: tie {names} is not in the gold")


def score_document(extraction: Extraction, gold: GoldDocument, scores: Scores,
                   admin1: Admin1 | None = None) -> None:
    """Add one document's comparison with its gold to ``scores``."""
    _score_trips(extraction, gold, scores, admin1)
    _score_places(extraction, gold, scores, admin1)
    _score_entities(extraction, gold, scores)
    _score_ties(extraction, gold, scores, admin1)


def admin1_of(gazetteer: Gazetteer) -> Admin1:
    """The gazetteer's admin1 code for a state as the gold writes it ("Iowa", "IA", "Zhejiang")."""
    def code(name: str, country: str) -> str | None:
        try:
            return gazetteer.admin1_code(name, country)
        except (KeyError, ValueError):
            return None
    return code


# --- command line -------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m geo evaluate --dataset trips",
        description="Measure trips, people, organisations and ties against gold.")
    parser.add_argument("--dataset", required=True, choices=["trips"])
    parser.add_argument("--data", type=Path, required=True, help="folder with the articles and gold*.json")
    parser.add_argument("--limit", type=int, default=None, help="evaluate at most N documents")
    parser.add_argument("--report", action="store_true", help="print every miss to stderr")
    return parser


def main(argv: list[str]) -> int:
    """Run ``python -m geo evaluate --dataset trips`` with ``argv``."""
    args = _parser().parse_args(argv)
    try:
        golds = read_gold(args.data)
    except GoldError as exc:
        print(f"evaluate: {exc}", file=sys.stderr)
        return 1
    missing = [d for d in golds if text_path(args.data, d) is None]
    for doc_id in missing:
        print(f"evaluate: {args.data}: no text for {doc_id} ({doc_id}.txt or texts/{doc_id}.txt); skipped",
              file=sys.stderr)
    chosen = [d for d in sorted(golds) if d not in missing][: args.limit]
    if not chosen:
        print(f"evaluate: {args.data}: no document with both gold and text", file=sys.stderr)
        return 1

    from geo.config import load_config
    from geo.language.nlp import load_nlp
    from geo.pipeline import Extractor
    from geo.places.gazetteer import load_gazetteer
    from geo.read.checks import ReadError
    from geo.read.reading import read_document

    started = time.perf_counter()
    config = load_config()
    print("evaluate trips: loading the gazetteer and the model", file=sys.stderr, flush=True)
    gazetteer = load_gazetteer(config.cache_dir)
    extractor = Extractor(load_nlp(config.spacy_model), gazetteer)
    scores = Scores()
    admin1 = admin1_of(gazetteer)
    for number, doc_id in enumerate(chosen, start=1):
        path = text_path(args.data, doc_id)
        assert path is not None
        try:
            document = read_document(path)
        except ReadError as exc:
            print(f"evaluate: {exc}", file=sys.stderr)
            return 1
        score_document(extractor.extract(document), golds[doc_id], scores, admin1)
        if number % 10 == 0 or number == len(chosen):
            print(f"evaluate trips: {number}/{len(chosen)} documents", file=sys.stderr, flush=True)
    if args.report:
        print(scores.report(), file=sys.stderr)
    summary = {"dataset": "trips", "data": str(args.data), "docs": len(chosen), **scores.summary(),
               "seconds": round(time.perf_counter() - started, 1)}
    print(json.dumps(summary), flush=True)
    return 0
