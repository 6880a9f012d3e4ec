"""Every document's extraction merged into one atlas, with the manual corrections applied.

Merging works on *atoms*: one entity (or place) as one document names it. Atoms of a kind that
share a natural id (a normalised name for people, organisations and programs; the geonameid, or
the name and rounded point, for places) form one entity; ``merge`` and ``split`` corrections then
move atoms between entities. Trips told by several documents (a shared destination, shared
participants or origins, dates that overlap or are missing) become one trip with all its sources.

Corrections are applied in three passes, each in the order recorded: mention corrections
(``place``, ``not_place``, ``place_add``), entity corrections (``merge``, ``split``), then trip
corrections (``trip_edit``, ``trip_add``, ``trip_delete``); ties found in the articles are then
joined across documents and tie corrections (``tie_add``, ``tie_edit``, ``tie_delete``) applied last.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

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
    DateRange,
    EntityMention,
    Evidence,
    Extraction,
    MentionRef,
    PlaceMention,
    Precision,
    Resolved,
    Role,
    TieRecord,
    Unresolved,
)
from geo.store import corrections as corr
from geo.store.corrections import Correction, Lookup, text_key
from geo.trips.ties import tie_name

_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,9}$")
PREFIX = {"person": "pe", "organization": "or", "program": "pr", "place": "pl"}
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "prof", "sir", "madam"})
_MAX_CANDIDATES = 10


# --- names and ids ------------------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def slug(name: str) -> str:
    """Lower-case ASCII words joined by hyphens: diacritics, punctuation and a leading "the" dropped."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"['’`]", "", text)  # People's -> peoples
    text = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\b)", "", text)  # U.S -> us, U.K. -> uk.
    words = re.findall(r"[a-z0-9]+", text)
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return "-".join(words)


def entity_id(kind: str, name: str) -> str:
    """The natural id of a person, organisation or program named ``name``."""
    words = slug(name).split("-")
    if kind == "person" and len(words) > 1 and words[0] in _HONORIFICS:
        words = words[1:]
    key = "-".join(w for w in words if w) or _short_hash(name)
    return f"{PREFIX[kind]}:{key}"


def place_id(candidate: Candidate | None, text: str) -> str:
    """``gn:<geonameid>``; else ``pl:<slug>`` with a hash of the rounded point when there is one."""
    if candidate is None:
        return f"pl:{slug(text) or _short_hash(text)}"
    if candidate.geonameid is not None:
        return f"gn:{candidate.geonameid}"
    point = f"{candidate.lat:.2f},{candidate.lon:.2f}"
    return f"pl:{slug(candidate.name) or 'place'}-{_short_hash(point)[:6]}"


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


# --- atoms and groups ----------------------------------------------------------------------


@dataclass
class _Atom:
    """One entity as one document names it."""

    kind: str
    document: str
    name: str
    natural: str
    gid: str
    mentions: list[MentionRef] = field(default_factory=list)
    # people
    roles: list[Role] = field(default_factory=list)
    # programs: organizer atom key
    organizer: tuple[str, str] | None = None
    # places
    resolutions: list[Resolved | Unresolved] = field(default_factory=list)
    manual: bool = False


class _Kind:
    """The atoms of one kind and the entity each belongs to."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.atoms: dict[tuple[str, ...], _Atom] = {}

    def add(self, key: tuple[str, ...], document: str, name: str, natural: str) -> _Atom:
        atom = self.atoms.get(key)
        if atom is None:
            atom = _Atom(self.kind, document, name, natural, natural)
            self.atoms[key] = atom
        return atom

    def gids(self) -> set[str]:
        return {a.gid for a in self.atoms.values()}

    def merge(self, ids: Sequence[str]) -> None:
        present = self.gids()
        targets = [i for i in ids if i in present]
        if len(targets) < 2:
            return
        target, others = targets[0], set(targets[1:])
        for atom in self.atoms.values():
            if atom.gid in others:
                atom.gid = target

    def split(self, gid: str, atoms: Sequence[Mapping[str, str]] | None) -> None:
        members = [a for a in self.atoms.values() if a.gid == gid]
        if atoms is None:
            for atom in members:
                atom.gid = atom.natural
            return
        wanted = {(a["document"], text_key(a["name"])) for a in atoms}

        def named(atom: _Atom) -> bool:  # by its name, or by any text it was mentioned as
            keys = {text_key(atom.name)} | {text_key(m.text) for m in atom.mentions}
            return any((atom.document, k) in wanted for k in keys)

        moving = [a for a in members if named(a)]
        if not moving or len(moving) == len(members):
            return
        naturals = Counter(a.natural for a in moving)
        new = min(naturals, key=lambda n: (-naturals[n], n))
        used = {a.gid for a in self.atoms.values() if a not in moving}
        if new in used:
            base = f"{new}~{slug(min(a.document for a in moving)) or 'split'}"
            new, n = base, 2
            while new in used:
                new, n = f"{base}-{n}", n + 1
        for atom in moving:
            atom.gid = new

    def groups(self) -> dict[str, list[_Atom]]:
        out: dict[str, list[_Atom]] = {}
        for atom in self.atoms.values():
            out.setdefault(atom.gid, []).append(atom)
        return out


def _leaders(gid: str, atoms: list[_Atom]) -> list[_Atom]:
    """The atoms that gave the entity its id (all of them when none did)."""
    own = [a for a in atoms if a.natural == gid or gid.startswith(a.natural + "~")]
    return own or atoms


def _best_name(atoms: Iterable[_Atom]) -> str:
    counts: Counter[str] = Counter()
    for atom in atoms:
        counts[atom.name] += max(1, len(atom.mentions))
    return min(counts, key=lambda n: (-counts[n], -len(n), n))


# --- trips ---------------------------------------------------------------------------------


@dataclass
class _Trip:
    """A trip while the atlas is built: one document's record, or several merged."""

    keys: list[str]
    documents: list[str]
    origins: list[str]
    destinations: list[str]
    date: DateRange | None
    date_text: str
    organizer: str | None
    program: str | None
    participants: list[str]
    participant_text: str
    evidence: list[Evidence]
    manual: bool = False
    fixed_id: str | None = None
    status: str = "completed"
    kind: str = "delegation"
    participant_roles: dict[str, str] = field(default_factory=dict)
    labels: tuple[str | None, str | None] | None = None  # start/end set by hand

    @property
    def id(self) -> str:
        return self.fixed_id or "tr:" + _short_hash("\n".join(sorted(self.keys)))


def _overlap(a: DateRange | None, b: DateRange | None) -> bool:
    if a is None or b is None:
        return True
    return a.start <= b.end and b.start <= a.end


def _same_trip(a: _Trip, b: _Trip) -> bool:
    if set(a.documents) & set(b.documents):
        return False
    if not set(a.destinations) & set(b.destinations):
        return False
    if not (set(a.participants) & set(b.participants) or set(a.origins) & set(b.origins)):
        return False
    return _overlap(a.date, b.date)


def _union(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _span_days(r: DateRange) -> int:
    from datetime import date

    return (date.fromisoformat(r.end) - date.fromisoformat(r.start)).days


def _merge_trips(parts: list[_Trip]) -> _Trip:
    dated = [p for p in parts if p.date is not None]
    best = min(dated, key=lambda p: _span_days(p.date)) if dated else None  # type: ignore[arg-type]
    return _Trip(
        keys=sorted(k for p in parts for k in p.keys),
        documents=_union(d for p in parts for d in p.documents),
        origins=_union(o for p in parts for o in p.origins),
        destinations=_union(d for p in parts for d in p.destinations),
        date=best.date if best else None,
        date_text=best.date_text if best else next((p.date_text for p in parts if p.date_text), ""),
        organizer=next((p.organizer for p in parts if p.organizer), None),
        program=next((p.program for p in parts if p.program), None),
        participants=_union(x for p in parts for x in p.participants),
        participant_text=max((p.participant_text for p in parts), key=len, default=""),
        evidence=list(dict.fromkeys(e for p in parts for e in p.evidence)),
        status=_merged_status([p.status for p in parts]),
        kind=next((p.kind for p in parts if p.kind != "delegation"), parts[0].kind),
        participant_roles={k: v for p in parts for k, v in p.participant_roles.items()},
    )


def _merged_status(statuses: Sequence[str]) -> str:
    """The status of a trip told by several articles: the latest news wins over plans."""
    for status in ("cancelled", "completed", "ongoing", "planned"):
        if status in statuses:
            return status
    return "completed"


def _cluster(trips: list[_Trip]) -> list[_Trip]:
    """Join trips told by several documents (only pairs sharing a destination and an origin or traveller)."""
    parent = list(range(len(trips)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    buckets: dict[tuple[str, str, str], list[int]] = {}
    for i, trip in enumerate(trips):
        for destination in set(trip.destinations):
            for origin in set(trip.origins):
                buckets.setdefault(("o", destination, origin), []).append(i)
            for person in set(trip.participants):
                buckets.setdefault(("p", destination, person), []).append(i)
    for members in buckets.values():
        for k, i in enumerate(members):
            for j in members[k + 1:]:
                if find(i) != find(j) and _same_trip(trips[i], trips[j]):
                    parent[find(j)] = find(i)
    groups: dict[int, list[_Trip]] = {}
    for i, trip in enumerate(trips):
        groups.setdefault(find(i), []).append(trip)
    return [g[0] if len(g) == 1 else _merge_trips(g) for g in groups.values()]


def date_label(iso: str, precision: str) -> str:
    """An ISO day cut to the contract's form for a precision: YYYY-MM-DD, YYYY-MM or YYYY."""
    if precision in ("month", "season"):
        return iso[:7]
    if precision in ("year", "decade"):
        return iso[:4]
    return iso


def label_range(label: str, *, end: bool = False) -> str:
    """The first (or last) ISO day of a YYYY-MM-DD, YYYY-MM or YYYY label."""
    if len(label) == 10:
        return label
    if len(label) == 7:
        if not end:
            return label + "-01"
        year, month = int(label[:4]), int(label[5:7])
        nxt = f"{year + month // 12:04d}-{month % 12 + 1:02d}-01"
        from datetime import date, timedelta

        return (date.fromisoformat(nxt) - timedelta(days=1)).isoformat()
    return label + ("-12-31" if end else "-01-01")


def _range_of(start: str | None, end: str | None) -> DateRange | None:
    if not start and not end:
        return None
    first = label_range(start or end or "")
    last = label_range(end or start or "", end=True)
    size = len(start or end or "")
    precision: Precision = "day" if size == 10 else "month" if size == 7 else "year"
    return DateRange(first, last, precision)


# --- the builder ----------------------------------------------------------------------------


class _Builder:
    def __init__(self, extractions: Sequence[Extraction], lookup: Lookup | None) -> None:
        by_id = {e.document.id: e for e in extractions}
        self.extractions = [by_id[k] for k in sorted(by_id)]
        self.lookup = lookup
        self.kinds = {k: _Kind(k) for k in ("person", "organization", "program", "place")}
        self.known: dict[int, Candidate] = {}
        for ex in self.extractions:
            for mention in ex.places:
                res = mention.resolution
                for cand in (*res.candidates, *([res.place] if isinstance(res, Resolved) else [])):
                    if cand.geonameid is not None:
                        self.known.setdefault(cand.geonameid, cand)
        self.overrides: dict[tuple[str, str], Candidate | None] = {}
        self.added_places: list[Candidate] = []
        self.trips: list[_Trip] = []
        self.ties: list[AtlasTie] = []

    # mention corrections

    def mention_corrections(self, records: Sequence[Correction]) -> None:
        for record in records:
            p = record.payload
            if record.op == "place":
                cand = corr.place_candidate(p, self.lookup, self.known)
                if cand is not None:
                    self.overrides[(p["document"], text_key(p["text"]))] = cand
            elif record.op == "not_place":
                self.overrides[(p["document"], text_key(p["text"]))] = None
            elif record.op == "place_add":
                cand = corr.place_candidate(p, self.lookup, self.known)
                if cand is not None:
                    self.added_places.append(cand)

    # atoms

    @functools.cached_property
    def overrides_by_doc(self) -> dict[str, dict[str, Candidate | None]]:
        out: dict[str, dict[str, Candidate | None]] = {}
        for (document, key), cand in self.overrides.items():
            out.setdefault(document, {})[key] = cand
        return out

    def corpus_aliases(self) -> None:
        """Names that one document ties to an entity, applied in every document: an acronym a document
        defines ("CPAFFC") is that body wherever it stands alone; a surname alone ("Biden") is the one
        person of the corpus with that surname, when their articles share a country."""
        orgs = self.kinds["organization"]
        defined: dict[str, set[str]] = {}
        for ex in self.extractions:
            for m in ex.organizations:
                if m.span.text != m.name and _ACRONYM.match(m.span.text):
                    defined.setdefault(m.span.text, set()).add(entity_id("organization", m.name))
        for atom in orgs.atoms.values():
            targets = defined.get(atom.name, set())
            if len(targets) == 1 and atom.gid == atom.natural:
                atom.gid = next(iter(targets))
        countries = {ex.document.id: {p.resolution.place.country for p in ex.places
                                      if isinstance(p.resolution, Resolved) and p.resolution.place.country}
                     for ex in self.extractions}
        people = self.kinds["person"]
        full: dict[str, dict[str, set[str]]] = {}  # surname -> full-name id -> documents
        for atom in people.atoms.values():
            words = atom.name.split()
            if len(words) > 1:
                for word in {words[-1], words[0]}:
                    full.setdefault(word, {}).setdefault(atom.natural, set()).add(atom.document)
        for atom in people.atoms.values():
            if len(atom.name.split()) != 1 or atom.gid != atom.natural:
                continue
            found = full.get(atom.name, {})
            if len(found) == 1:
                gid, documents = next(iter(found.items()))
                if any(countries.get(d, set()) & countries.get(atom.document, set()) for d in documents):
                    atom.gid = gid

    def _entity_atom(self, kind: str, document: str, name: str) -> _Atom:
        natural = entity_id(kind, name)
        return self.kinds[kind].add((document, natural), document, name, natural)

    def _place_atom(self, document: str, text: str, cand: Candidate | None) -> _Atom:
        natural = place_id(cand, text)
        return self.kinds["place"].add((document, text_key(text), natural), document, text, natural)

    def collect(self) -> list[list[_Atom | None]]:
        """Make every atom; return, per extraction, the atom of each place mention (None: not a place)."""
        place_atoms: list[list[_Atom | None]] = []
        for ex in self.extractions:
            doc = ex.document.id
            for kind, mentions in (("person", ex.people), ("organization", ex.organizations),
                                   ("program", ex.programs)):
                for m in mentions:
                    self._entity_atom(kind, doc, m.name).mentions.append(_ref(doc, m))
            for person, roles in ex.roles.items():
                atom = self._entity_atom("person", doc, person)
                atom.roles.extend(r for r in roles if r not in atom.roles)
            for program, organizer in ex.program_organizers.items():
                org = self._entity_atom("organization", doc, organizer)
                self._entity_atom("program", doc, program).organizer = (doc, org.natural)
            atoms: list[_Atom | None] = []
            for mention in ex.places:
                atoms.append(self._mention_atom(doc, mention))
            self._add_missed(ex, atoms)
            for trip in ex.trips:
                for name in trip.participants:
                    self._entity_atom("person", doc, name)
                if trip.organizer:
                    self._entity_atom("organization", doc, trip.organizer)
                if trip.program:
                    self._entity_atom("program", doc, trip.program)
            place_atoms.append(atoms)
        for cand in self.added_places:
            natural = place_id(cand, cand.name)
            atom = self.kinds["place"].add(("", text_key(cand.name), natural), "", cand.name, natural)
            atom.resolutions.append(Resolved(cand, 1.0, (), "manual"))
            atom.manual = True
        return place_atoms

    def _mention_atom(self, doc: str, mention: PlaceMention) -> _Atom | None:
        key = (doc, text_key(mention.span.text))
        res: Resolved | Unresolved = mention.resolution
        manual = key in self.overrides
        if manual:
            cand = self.overrides[key]
            if cand is None:
                return None
            res = Resolved(cand, 1.0, mention.resolution.candidates, "manual")
        cand = res.place if isinstance(res, Resolved) else None
        if mention.implied and cand is not None:
            # "a Chinese delegation": the country is the travellers' home, but "Chinese" names no place
            atom = self._place_atom(doc, cand.name, cand)
            atom.resolutions.append(res)
            return atom
        atom = self._place_atom(doc, mention.span.text, cand)
        atom.mentions.append(MentionRef(doc, mention.span.text, mention.span.start, mention.span.end,
                                        mention.sentence.text))
        atom.resolutions.append(res)
        atom.manual = atom.manual or manual
        return atom

    def _add_missed(self, ex: Extraction, atoms: list[_Atom | None]) -> None:
        """A place correction for words the extraction did not take as a place adds their mentions."""
        doc = ex.document.id
        seen = {text_key(m.span.text) for m in ex.places}
        for key, cand in self.overrides_by_doc.get(doc, {}).items():
            if cand is None or key in seen:
                continue
            pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, key.split())) + r"(?!\w)"
            for match in re.finditer(pattern, ex.document.text, flags=re.IGNORECASE):
                sentence = next((s for s in ex.sentences if s.start <= match.start() < s.end), None)
                atom = self._place_atom(doc, match.group(0), cand)
                atom.mentions.append(MentionRef(doc, match.group(0), match.start(), match.end(),
                                                sentence.text if sentence else ""))
                atom.resolutions.append(Resolved(cand, 1.0, (), "manual"))
                atom.manual = True

    # entity corrections

    def not_entities(self, records: Sequence[Correction]) -> None:
        """What a curator marked as no person or no organisation leaves the atlas (and the trips)."""
        for record in records:
            kind = self.kinds[record.payload["kind"]]
            gone = record.payload["id"]
            for key in [k for k, a in kind.atoms.items() if a.gid == gone]:
                del kind.atoms[key]

    def entity_corrections(self, records: Sequence[Correction]) -> None:
        for record in records:
            p = record.payload
            if record.op == "merge":
                self.kinds[p["kind"]].merge(p["ids"])
            elif record.op == "split":
                self.kinds[p["kind"]].split(p["id"], p.get("atoms"))

    # trips

    def trip_parts(self, place_atoms: list[list[_Atom | None]]) -> None:
        for ex, atoms in zip(self.extractions, place_atoms, strict=True):
            doc = ex.document.id
            used: set[str] = set()
            for trip in ex.trips:
                def places(indices: Iterable[int], atoms: list[_Atom | None] = atoms) -> list[str]:
                    found = (atoms[i] for i in indices if 0 <= i < len(atoms))
                    return _union(a.gid for a in found if a is not None)

                texts = sorted({text_key(ex.places[i].span.text) for i in trip.destinations or trip.origins
                                if 0 <= i < len(ex.places)})
                key = f"{doc}#{'|'.join(texts)}"
                if key in used:
                    key += f"@{trip.evidence[0].start if trip.evidence else len(used)}"
                used.add(key)
                self.trips.append(_Trip(
                    keys=[key],
                    documents=[doc],
                    origins=places(trip.origins),
                    destinations=places(trip.destinations),
                    date=trip.date,
                    date_text=trip.date_text,
                    organizer=self._gid("organization", doc, trip.organizer),
                    program=self._gid("program", doc, trip.program),
                    participants=_union(g for n in trip.participants
                                        if (g := self._gid("person", doc, n)) is not None),
                    participant_text=trip.participant_text,
                    evidence=[Evidence(doc, s.text, s.start, s.end) for s in trip.evidence],
                    status=trip.status,
                    kind=trip.kind,
                    participant_roles={g: role for n, role in trip.participant_roles
                                       if (g := self._gid("person", doc, n)) is not None},
                ))
        self.trips = _cluster(self.trips)

    def tie_parts(self, place_atoms: list[list[_Atom | None]]) -> None:
        """One tie per pair of places across documents; the latest article's status wins."""
        parts: dict[frozenset[str], list[tuple[Extraction, TieRecord, str | None]]] = {}
        for ex, atoms in zip(self.extractions, place_atoms, strict=True):
            for tie in ex.ties:
                ends = [atoms[i] for i in tie.places if 0 <= i < len(atoms)]
                gids = [a.gid for a in ends if a is not None]
                if len(gids) != 2 or gids[0] == gids[1]:
                    continue
                program = self._gid("program", ex.document.id, tie_name(tie, ex.places))
                parts.setdefault(frozenset(gids), []).append((ex, tie, program))
        self.ties = [_atlas_tie(pair, found, self.trips) for pair, found in parts.items()]

    def tie_corrections(self, records: Sequence[Correction]) -> None:
        """Ties added, edited, ended or removed by hand, in the order recorded."""
        for record in records:
            p = record.payload
            if record.op == "tie_add":
                self._add_tie(p["tie"])
                continue
            found = self._find_tie(p)
            if found is None:
                continue
            if record.op == "tie_delete":
                self.ties.remove(found)
            elif record.op == "tie_edit":
                fields = {k: p["set"][k] for k in corr.TIE_FIELDS if k in p["set"]}
                self.ties[self.ties.index(found)] = replace(found, **fields, manual=True)

    def _find_tie(self, p: Mapping[str, Any]) -> AtlasTie | None:
        """The tie a correction names: by its id, else by its two places."""
        pair = frozenset(p.get("places", ()))
        return (next((t for t in self.ties if t.id == p["id"]), None)
                or next((t for t in self.ties if len(pair) == 2 and frozenset(t.places) == pair), None))

    def _add_tie(self, fields: Mapping[str, Any]) -> None:
        gids = sorted({self._place_ref(ref) for ref in fields["places"]})
        if len(gids) != 2:
            return
        tie_id = fields.get("id") or "ti:" + _short_hash("|".join(gids))
        evidence = tuple(Evidence(e["document"], e["sentence"], int(e.get("start", 0)), int(e.get("end", 0)))
                         for e in fields.get("evidence", ()))
        documents = tuple(_union([*fields.get("documents", ()), *(e.document for e in evidence)]))
        existing = next((t for t in self.ties if t.id == tie_id or set(t.places) == set(gids)), None)
        wanted = {k: fields[k] for k in corr.TIE_FIELDS if k in fields}
        if existing is not None:  # the articles state it already: the hand's fields win, sources add up
            self.ties[self.ties.index(existing)] = replace(
                existing, **wanted, documents=tuple(_union([*existing.documents, *documents])),
                evidence=tuple(dict.fromkeys((*existing.evidence, *evidence))), manual=True)
            return
        pair = set(gids)
        trips = tuple(sorted(t.id for t in self.trips
                             if pair & set(t.origins) and pair & set(t.destinations)
                             and pair <= {*t.origins, *t.destinations}))
        self.ties.append(AtlasTie(
            id=tie_id, places=(gids[0], gids[1]), kind=wanted.get("kind", "sister city"),
            status=wanted.get("status", "active"), since=wanted.get("since"), until=wanted.get("until"),
            documents=documents, evidence=evidence, trips=trips, manual=True))

    def _gid(self, kind: str, doc: str, name: str | None) -> str | None:
        if not name:
            return None
        atom = self.kinds[kind].atoms.get((doc, entity_id(kind, name)))
        return atom.gid if atom else None

    def _find_trip(self, p: Mapping[str, Any]) -> _Trip | None:
        sources = set(p.get("sources", ()))
        for trip in self.trips:
            if trip.id == p["id"]:
                return trip
        for trip in self.trips:
            if sources & set(trip.keys):
                return trip
        return None

    def trip_corrections(self, records: Sequence[Correction]) -> None:
        for record in records:
            p = record.payload
            if record.op == "trip_delete":
                found = self._find_trip(p)
                if found is not None:
                    self.trips.remove(found)
            elif record.op == "trip_edit":
                found = self._find_trip(p)
                if found is not None:
                    self._set(found, p["set"])
            elif record.op == "trip_add":
                self._add_trip(p["trip"], record)

    def _set(self, trip: _Trip, fields: Mapping[str, Any]) -> None:
        trip.manual = True
        trip.fixed_id = trip.id
        if "origins" in fields:
            trip.origins = _union(self._place_ref(r) for r in fields["origins"])
        if "destinations" in fields:
            trip.destinations = _union(self._place_ref(r) for r in fields["destinations"])
        if "participants" in fields:
            trip.participants = _union(self._entity_ref("person", r) for r in fields["participants"])
        for name, kind in (("organizer", "organization"), ("program", "program")):
            if name in fields:
                value = fields[name]
                setattr(trip, name, self._entity_ref(kind, value) if value else None)
        if "start" in fields or "end" in fields:
            start = fields.get("start", trip.labels[0] if trip.labels else _labels(trip.date)[0])
            end = fields.get("end", trip.labels[1] if trip.labels else _labels(trip.date)[1])
            trip.labels = (start, end)
            trip.date = _range_of(start, end)
        if "date_text" in fields:
            trip.date_text = fields["date_text"] or ""
        if "participant_text" in fields:
            trip.participant_text = fields["participant_text"] or ""
        if fields.get("status"):
            trip.status = str(fields["status"])
        if fields.get("kind"):
            trip.kind = str(fields["kind"])

    def _add_trip(self, fields: Mapping[str, Any], record: Correction) -> None:
        canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False)
        trip_id = fields.get("id") or "tr:m" + _short_hash(canonical)[:9]
        existing = next((t for t in self.trips if t.id == trip_id), None)
        if existing is not None:
            self.trips.remove(existing)
        trip = _Trip(keys=[f"manual#{record.key}"], documents=list(fields.get("documents", [])),
                     origins=[], destinations=[], date=None, date_text="", organizer=None, program=None,
                     participants=[], participant_text="",
                     evidence=[Evidence(e["document"], e["sentence"], int(e.get("start", 0)),
                                        int(e.get("end", 0))) for e in fields.get("evidence", [])],
                     fixed_id=trip_id)
        self._set(trip, {k: v for k, v in fields.items() if k in corr.TRIP_FIELDS})
        trip.documents = _union([*trip.documents, *(e.document for e in trip.evidence)])
        self.trips.append(trip)

    def _place_ref(self, ref: str | Mapping[str, Any]) -> str:
        places = self.kinds["place"]
        if isinstance(ref, str):
            ref = {"id": ref}
        pid = ref.get("id")
        if pid and pid in places.gids():
            return str(pid)
        geonameid = ref.get("geonameid")
        if geonameid is None and isinstance(pid, str) and pid.startswith("gn:") and pid[3:].isdigit():
            geonameid = int(pid[3:])
        cand = None
        if geonameid is not None or "lat" in ref:
            cand = corr.place_candidate({**ref, "geonameid": geonameid}, self.lookup, self.known)
        if cand is None:  # no point: a place known by its name (or id) only
            name = str(ref.get("name") or pid or "?")
            natural = str(pid) if pid else place_id(None, name)
            found = next((a.gid for a in places.atoms.values() if a.natural == natural), None)
            return found or places.add(("", text_key(name), natural), "", name, natural).gid
        if cand.geonameid is None:
            name = text_key(cand.name)
            for atom in places.atoms.values():
                res = next((r for r in atom.resolutions if isinstance(r, Resolved)), None)
                if (res and text_key(res.place.name) == name and abs(res.place.lat - cand.lat) < 0.01
                        and abs(res.place.lon - cand.lon) < 0.01):
                    return atom.gid
        return self._manual_place(cand)

    def _manual_place(self, cand: Candidate) -> str:
        natural = place_id(cand, cand.name)
        for atom in self.kinds["place"].atoms.values():
            if atom.natural == natural:
                return atom.gid
        atom = self.kinds["place"].add(("", text_key(cand.name), natural), "", cand.name, natural)
        atom.resolutions.append(Resolved(cand, 1.0, (), "manual"))
        atom.manual = True
        return atom.gid

    def _entity_ref(self, kind: str, ref: str) -> str:
        entities = self.kinds[kind]
        if ref in entities.gids():
            return ref
        if ref.startswith(PREFIX[kind] + ":"):  # an id no article names (any more): kept, by its words
            name = ref.split(":", 1)[1].split("~")[0].replace("-", " ").title() or ref
            return entities.add(("", ref), "", name, ref).gid
        natural = entity_id(kind, ref)
        for atom in entities.atoms.values():
            if atom.natural == natural:
                return atom.gid
        return entities.add(("", natural), "", ref, natural).gid

    # the result

    def atlas(self) -> Atlas:
        documents = tuple(
            AtlasDocument(id=e.document.id, title=e.document.meta.title, outlet=e.document.meta.outlet,
                          published=e.document.meta.published, url=e.document.meta.url,
                          path=e.document.path, author=e.document.meta.author,
                          language=e.document.meta.language, text=e.document.text)
            for e in self.extractions
        )
        people = tuple(
            AtlasPerson(id=gid, name=_best_name(_leaders(gid, atoms)),
                        roles=tuple(dict.fromkeys(r for a in atoms for r in a.roles)),
                        mentions=_mentions(atoms))
            for gid, atoms in sorted(self.kinds["person"].groups().items())
        )
        organizations = tuple(
            AtlasOrganization(id=gid, name=_best_name(_leaders(gid, atoms)), mentions=_mentions(atoms))
            for gid, atoms in sorted(self.kinds["organization"].groups().items())
        )
        orgs = self.kinds["organization"].atoms
        programs = tuple(
            AtlasProgram(id=gid, name=_best_name(_leaders(gid, atoms)),
                         organizer=next((orgs[a.organizer].gid for a in atoms
                                         if a.organizer and a.organizer in orgs), None),
                         mentions=_mentions(atoms))
            for gid, atoms in sorted(self.kinds["program"].groups().items())
        )
        places = tuple(_place(gid, atoms) for gid, atoms in sorted(self.kinds["place"].groups().items()))
        trips = tuple(sorted((_atlas_trip(t) for t in self.trips), key=lambda t: t.id))
        ties = tuple(sorted(self.ties, key=lambda t: t.id))
        return Atlas(documents=documents, places=places, people=people, organizations=organizations,
                     programs=programs, trips=trips, ties=ties)


def _atlas_tie(pair: frozenset[str], found: list[tuple[Extraction, TieRecord, str | None]],
               trips: Sequence[_Trip]) -> AtlasTie:
    """One tie from every document that states it: the earliest beginning, the latest news's status."""
    by_date = sorted(found, key=lambda f: f[0].document.meta.published or "")
    latest = by_date[-1][1]
    statuses = [t.status for _, t, _ in by_date if t.status != "unknown"]
    since = min((t.since for _, t, _ in found if t.since is not None), key=lambda d: d.start, default=None)
    until = max((t.until for _, t, _ in found if t.until is not None), key=lambda d: d.end, default=None)
    programs = {p for _, _, p in found if p}
    places = sorted(pair)
    kind = next((t.kind for _, t, _ in found if t.kind != "other"), latest.kind)
    return AtlasTie(
        id="ti:" + _short_hash("|".join(places)), places=(places[0], places[1]), kind=kind,
        status=statuses[-1] if statuses else "unknown",
        since=date_label(since.start, since.precision) if since else None,
        until=date_label(until.end, until.precision) if until else None,
        documents=tuple(dict.fromkeys(ex.document.id for ex, _, _ in by_date)),
        evidence=tuple(dict.fromkeys(Evidence(ex.document.id, s.text, s.start, s.end)
                                     for ex, t, _ in by_date for s in t.evidence)),
        trips=tuple(sorted({t.id for t in trips if t.program and t.program in programs})),
        program=min(programs) if programs else None,
    )


def tie_dict(t: AtlasTie) -> dict[str, Any]:
    """A tie as the contract writes it (plus the trips made under it and its program id)."""
    return {"id": t.id, "places": list(t.places), "kind": t.kind, "status": t.status, "since": t.since,
            "until": t.until, "documents": list(t.documents),
            "evidence": [{"document": e.document, "sentence": e.sentence, "start": e.start, "end": e.end}
                         for e in t.evidence],
            "trips": list(t.trips), "program": t.program, "manual": t.manual}


def _ref(doc: str, m: EntityMention) -> MentionRef:
    return MentionRef(doc, m.span.text, m.span.start, m.span.end, m.sentence.text)


def _mentions(atoms: Iterable[_Atom]) -> tuple[MentionRef, ...]:
    refs = {m for a in atoms for m in a.mentions}
    return tuple(sorted(refs, key=lambda m: (m.document, m.start, m.end)))


def _candidate_key(c: Candidate) -> tuple[Any, ...]:
    return (c.geonameid,) if c.geonameid is not None else (c.name, round(c.lat, 2), round(c.lon, 2))


def _place(gid: str, atoms: list[_Atom]) -> AtlasPlace:
    leaders = _leaders(gid, atoms)
    resolved = [r for a in atoms for r in a.resolutions if isinstance(r, Resolved)]
    own = [r for a in leaders for r in a.resolutions if isinstance(r, Resolved)]
    manual = [r for r in (own or resolved) if r.reason == "manual"]
    best = max(manual or own or resolved, key=lambda r: r.confidence, default=None)
    candidates: dict[tuple[Any, ...], Candidate] = {}
    for atom in atoms:
        for res in atom.resolutions:
            for cand in res.candidates:
                key = _candidate_key(cand)
                if key not in candidates or cand.score > candidates[key].score:
                    candidates[key] = cand
    ranked = tuple(sorted(candidates.values(), key=lambda c: (-c.score, -c.population, c.name)))
    mentions = _mentions(atoms)
    confidences = [r.confidence for r in resolved]
    reasons = Counter(r.reason for r in resolved)
    if best is None:
        unresolved = next((r for a in atoms for r in a.resolutions if isinstance(r, Unresolved)), None)
        return AtlasPlace(id=gid, name=_best_name(leaders), kind="other", country=None, admin1=None,
                          lat=None, lon=None, geonameid=None, confidence=0.0, mentions=mentions,
                          candidates=ranked[:_MAX_CANDIDATES],
                          reason=unresolved.reason if unresolved else "")
    place = best.place
    return AtlasPlace(
        id=gid, name=place.name, kind=place.kind, country=place.country, admin1=place.admin1,
        lat=place.lat, lon=place.lon, geonameid=place.geonameid,
        confidence=1.0 if manual else round(sum(confidences) / len(confidences), 4),
        mentions=mentions, candidates=ranked[:_MAX_CANDIDATES],
        reason="manual" if manual else min(reasons, key=lambda r: (-reasons[r], r)),
    )


def _labels(date: DateRange | None) -> tuple[str | None, str | None]:
    if date is None:
        return None, None
    return date_label(date.start, date.precision), date_label(date.end, date.precision)


def _atlas_trip(t: _Trip) -> AtlasTrip:
    start, end = t.labels if t.labels is not None else _labels(t.date)
    return AtlasTrip(
        id=t.id, origins=tuple(t.origins), destinations=tuple(t.destinations), start=start, end=end,
        date_text=t.date_text, organizer=t.organizer, program=t.program,
        participants=tuple(t.participants), participant_text=t.participant_text,
        documents=tuple(t.documents), evidence=tuple(t.evidence), manual=t.manual,
        sources=tuple(sorted(t.keys)), status=t.status, kind=t.kind,  # type: ignore[arg-type]
        participant_roles=tuple(sorted(t.participant_roles.items())),
    )


# --- public --------------------------------------------------------------------------------


def build_atlas(extractions: Sequence[Extraction], corrections: Sequence[Correction] = (),
                lookup: Lookup | None = None) -> Atlas:
    """Merge every extraction into one atlas and apply the corrections in force, in order.

    ``lookup`` (e.g. ``Gazetteer.get``) turns the geonameid of a place correction into a point;
    without it, only geonameids already among the extraction's candidates can be used.
    """
    records = corr.active(corrections)
    builder = _Builder(extractions, lookup)
    builder.mention_corrections([r for r in records if r.op in ("place", "not_place", "place_add")])
    place_atoms = builder.collect()
    builder.corpus_aliases()
    builder.entity_corrections([r for r in records if r.op in ("merge", "split")])
    builder.not_entities([r for r in records if r.op == "not_entity"])
    builder.trip_parts(place_atoms)
    builder.trip_corrections([r for r in records if r.op in ("trip_edit", "trip_add", "trip_delete")])
    builder.tie_parts(place_atoms)
    builder.tie_corrections([r for r in records if r.op in corr.TIE_OPS])
    return builder.atlas()


def _mention_dict(m: MentionRef) -> dict[str, Any]:
    return {"document": m.document, "text": m.text, "start": m.start, "end": m.end, "sentence": m.sentence}


def place_dict(p: AtlasPlace) -> dict[str, Any]:
    """A place as the contract writes it (plus its ``reason``)."""
    return {"id": p.id, "name": p.name, "kind": p.kind, "country": p.country, "admin1": p.admin1,
            "lat": p.lat, "lon": p.lon, "geonameid": p.geonameid, "confidence": p.confidence,
            "reason": p.reason, "mentions": [_mention_dict(m) for m in p.mentions]}


def trip_dict(t: AtlasTrip) -> dict[str, Any]:
    """A trip as the contract writes it (plus ``manual``)."""
    return {"id": t.id, "origins": list(t.origins), "destinations": list(t.destinations),
            "start": t.start, "end": t.end, "date_text": t.date_text, "organizer": t.organizer,
            "program": t.program, "participants": list(t.participants),
            "participant_text": t.participant_text, "documents": list(t.documents),
            "evidence": [{"document": e.document, "sentence": e.sentence, "start": e.start, "end": e.end}
                         for e in t.evidence],
            "status": t.status, "kind": t.kind,
            "participant_roles": [{"person": pid, "role": role} for pid, role in t.participant_roles],
            "manual": t.manual}


def atlas_to_dict(atlas: Atlas) -> dict[str, Any]:
    """The atlas in the shape of the contract's ``export --format json``."""
    return {
        "documents": [{"id": d.id, "title": d.title, "outlet": d.outlet, "published": d.published,
                       "url": d.url, "path": d.path, "author": d.author, "language": d.language,
                       "text": d.text} for d in atlas.documents],
        "places": [place_dict(p) for p in atlas.places],
        "people": [{"id": p.id, "name": p.name,
                    "roles": [{"title": r.title, "organization": r.organization} for r in p.roles],
                    "mentions": [_mention_dict(m) for m in p.mentions]} for p in atlas.people],
        "organizations": [{"id": o.id, "name": o.name, "mentions": [_mention_dict(m) for m in o.mentions]}
                          for o in atlas.organizations],
        "programs": [{"id": p.id, "name": p.name, "organizer": p.organizer,
                      "mentions": [_mention_dict(m) for m in p.mentions]} for p in atlas.programs],
        "trips": [trip_dict(t) for t in atlas.trips],
        "ties": [tie_dict(t) for t in atlas.ties],
    }


def candidate_dict(c: Candidate) -> dict[str, Any]:
    """A candidate as a plain dict (for corrections' ``before`` and the Curate page)."""
    return asdict(c)
