"""Toponym resolution: tie each place name of a document to a gazetteer entry, with its rivals.

Evidence, strongest first: the qualifier ("Columbia, Missouri", "Lafayette, Ind.", "Portland in the
US state of Oregon"), an earlier qualified mention of the same name, the dateline and the other
places of the document (spatial coherence: the readings of all names that agree on a country, a
state, a neighbourhood support each other; a neighbour a few kilometres away counts on its own),
the capital-for-government reading ("talks between Beijing and Washington"), then importance (kind
of place, population).

Country-wide evidence (the US home bonus, the dateline's country, other names in the same country)
does not make a small town win over a namesake abroad of a million or more ("Melbourne", Florida,
in a Wisconsin story naming Australia) unless its state or a neighbour anchors it. A bare name the
story uses before it qualifies two namesakes of it ("Springfield ... Springfield, Mo., and
Springfield, Mass.") is the story's own place and none of them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from geopy.geocoders.base import Geocoder

from geo.models import Candidate, ParsedText, PlaceMention, Resolution, Resolved, Span, Toponym, Unresolved
from geo.places.gazetteer import Gazetteer, normalize
from geo.places.geometry import haversine_km as _km
from geo.places.geometry import pairwise_km
from geo.places.suffixes import split_suffix

_KEEP = 5  # candidates kept on a resolution, for review
_POOL = 40  # candidates scored per name, by prior
_MAX_JOINT = 1600  # candidates scored together in one document (memory grows with its square)

# Weights of the evidence; tuned on the first half of LGL only (see scripts/eval_gold_spans.py).
W_PRIOR = 1.0
W_COUNTRY = 0.6
W_ADMIN1 = 0.5
W_NEAR = 1.0
W_DATELINE = 0.3
W_CAPITAL = 0.35
# The tool reads American-centred news: a small prior for US readings of an ambiguous name
# (learned on LGL's tuning half; it costs 0.3 point on GeoWebNews, which is international).
HOME_BONUS: dict[str, float] = {"US": 0.05}
W_SHADOW = 0.45
W_CITY_OVER_AREA = 0.15
CITY_OVER_AREA = 100_000  # ... or the area's seat, however small ("Banjul")
SEATS = frozenset({"PPLC", "PPLA"})
# A metropolis wins over the state or province named after it wherever it lies in it ("New York",
# "Sao Paulo", "Lagos"), unless the sentence speaks of the state ("upstate", "the governor").
METROPOLIS = 1_000_000
W_METROPOLIS = 0.35
# A country or state whose namesake city lies on its point, inside it, and holds most of its people (a
# city-state, a city-province: "Singapore", "Hong Kong", "Washington D.C.", "Montevideo") is one place
# with the city, and the map shows the city, unless the name is written with an area word
SAME_SPOT_KM = 15.0
SAME_SPOT_SHARE = 0.4  # ... share of its people (not "Florida", a town at the state's middle)
_AREA_WORDS = (" county", " province", " state", " prefecture", " region", " territory")
W_STATE_CUE = 0.3
# "the Pacific", "the Gulf", a LOC entity: water bodies and regions take the article, towns rarely do
W_FEATURE_CUE = 1.5
# A reading dwarfed by a namesake abroad of a million or more (ten to a hundred times smaller) gets
# less and less of the country-wide evidence (home bonus, dateline country, same-country names)
DWARF_RIVAL = 1_000_000
DWARF_START = 1.0  # log10 of the population ratio where the damping starts
DWARF_FULL = 2.0  # ... and where the country-wide evidence no longer counts
NEAR_KM = 100.0
W_STAND_IN = 0.25
W_AMONG_COUNTRIES = 1.0
W_CLOSE = 0.2
CLOSE_KM = 15.0
# A bare name the story used before it qualified namesakes of it ("Springfield ... Springfield, Mo.")
# is read on its own when it qualified this many, and is then not one of them
ALONE_AFTER = 1
W_TOLD_APART = 0.3
# a reading near one of another name's readings counts even while that reading is unlikely on its own:
# clusters of small towns ("Alexandria", "Brandon", "Nelson" in one county) find each other
NEAR_FLOOR = 0.3
TEMPERATURE = 0.15  # softmax temperature turning scores into each name's reading weights
ROUNDS = 3

_GOVERNMENT = re.compile(
    r"\b(embass(y|ies)|consulate|relations (between|with)|diplomat\w*|talks (between|with)|summit|"
    r"sanctions?|tariffs?|trade war|bilateral|ambassador|state department|foreign minist\w+)\b",
    re.IGNORECASE,
)
_STATE_CUE = re.compile(
    r"\b(state|statewide|upstate|downstate|governor|gov\.|legislat\w+|lawmakers|attorney general|"
    r"state (senate|assembly|house)|province|provincial|premier)\b",
    re.IGNORECASE,
)
# "Syrdarya region", "Houaphan province": the unit named right after says the area, not its namesake city
_UNIT_AFTER = re.compile(r"\s+(?:region|province|oblast|prefecture|governorate|department)\b", re.IGNORECASE)
_INLINE_QUALIFIER = re.compile(
    r"\s+in\s+(?:the\s+)?(?:(?:US|U\.S\.|[A-Z][a-z]+(?:an|ese|ish))\s+)?(?:(?:state|province|prefecture)\s+of\s+)?"
    r"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})"
)
_PREFIXES = ("city of ", "town of ", "village of ", "greater ", "downtown ", "metro ", "metropolitan ")
_SUFFIXES = (
    " city",
    " township",
    " town",
    " village",
    " area",
    " metro area",
    " region",
    " province",
    " state",
    " prefecture",
    " municipality",
    " district",
    " lga",  # Nigeria's local government areas: "Ikom LGA"
    " local government area",
)
# words that name admin areas somewhere ("North", Cameroon) but, after a comma, are just words
_GENERIC = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "central",
        "northern",
        "southern",
        "eastern",
        "western",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "upper",
        "lower",
        "centre",
        "center",
        "capital",
        "city",
        "county",
        "state",
        "province",
        "region",
        "district",
        "the",
        "and",
        "but",
        "said",
        "says",
        "inc",
        "jr",
        "sr",
    ]
)
_COMPASS = {"n": "north", "s": "south", "e": "east", "w": "west"}
_FEATURE_WORDS = (
    " national park",
    " state park",
    " county park",
    " park",
    " lake",
    " river",
    " creek",
    " reservoir",
    " dam",
    " valley",
    " mountain",
    " island",
    " bay",
    " beach",
    " forest",
    " airport",
    " county",
    " parish",
    " twp",
)
_DEMONYM_ENDINGS = ("ians", "ans", "ns", "ian", "an", "n", "ese", "ish", "i", "ers", "er")


@dataclass(frozen=True, slots=True)
class _Reading:
    """A qualifier's reading: a country, or a state/province of a country."""

    country: str
    admin1: str | None = None


def _split_qualified(text: str) -> tuple[str, str | None]:
    """ "Columbia, Missouri" -> ("Columbia", "Missouri"); a name without comma is returned whole."""
    head, sep, tail = text.partition(",")
    if sep and head.strip() and tail.strip():
        return head.strip(), tail.strip()
    return text.strip(), None


def _readings(qualifier: str, gazetteer: Gazetteer) -> list[_Reading]:
    """What a qualifier can mean: states or provinces (by name or abbreviation) and countries."""
    out: list[_Reading] = []
    if normalize(qualifier) in _GENERIC:
        return out
    admin = gazetteer.admin1_of(qualifier)
    if admin:
        out.append(_Reading(admin[0], admin[1]))
    for cand in gazetteer.search(qualifier)[:8]:
        if cand.kind in ("admin1", "region") and cand.country and cand.admin1:
            reading = _Reading(cand.country, cand.admin1)
            if reading not in out:
                out.append(reading)
    code = gazetteer.country_code(qualifier)
    if code:
        out.append(_Reading(code))
    return out


def _fits(cand: Candidate, readings: Sequence[_Reading]) -> bool:
    return any(cand.country == r.country and (r.admin1 is None or cand.admin1 == r.admin1) for r in readings)


def _demonym_lookup(name: str, gazetteer: Gazetteer) -> list[Candidate]:
    """ "Sudanese" -> Sudan, "Minnesotans" -> Minnesota, "African" -> Africa: people named for a place."""
    word = name.strip()
    if not word[:1].isupper() or len(word.split()) > 3:
        return []
    singular = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    for form in (word, singular):
        code = gazetteer.demonym_country(form)
        if code:
            country = gazetteer.country(code)
            if country is not None:
                return [country]
    for ending in _DEMONYM_ENDINGS:
        for form in (singular, word):
            if form.lower().endswith(ending) and len(form) - len(ending) >= 3:
                stem = form[: -len(ending)]
                for tail in ("", "a", "o", "e"):
                    found = [
                        c for c in gazetteer.search(stem + tail) if c.kind in ("country", "admin1", "region")
                    ]
                    if found:
                        return found[:1]
    return []


def _lookup(name: str, gazetteer: Gazetteer) -> list[Candidate]:
    """Candidates for a name, trying a few everyday variants when the name itself is unknown."""
    suffixed = split_suffix(name)
    if suffixed is not None:
        # "Nagaizumi-cho": the place of that stem in the suffix's countries, whatever namesakes lie elsewhere
        inside = {
            _ident(c): c
            for c in [*gazetteer.search(name), *gazetteer.search(suffixed.stem)]
            if c.country in suffixed.countries
        }
        if inside:
            return sorted(inside.values(), key=lambda c: -c.score)
    found = gazetteer.search(name)
    if found and gazetteer.is_abbreviation(name) and ("." in name or name.isupper()):
        # "N.Y.", "Ind.", "NSW": the state or province, not a town that has the letters as a code
        target = gazetteer.admin1_of(name)
        if target is not None:
            found = sorted(found, key=lambda c: c.kind != "admin1" or (c.country, c.admin1) != target)
            found[0] = replace(found[0], score=max(found[0].score, 1.0))
    key = normalize(name)
    if found and key.endswith(" city") and not any(c.kind == "city" for c in found):
        # "Taichung City" is the name of the municipality too: the city of the name without the word
        found += [c for c in gazetteer.search(key[: -len(" city")]) if c.kind == "city"]
    if found:
        code = gazetteer.demonym_country(name)
        country = gazetteer.country(code) if code else None
        if country is not None and all(c.geonameid != country.geonameid for c in found):
            # "Canadian" is a town in Texas, but mostly it means Canada
            found = [replace(country, score=gazetteer.prior(country)), *found]
        return found
    variants: list[str] = []
    if name.endswith(("'s", "’s")):
        variants.append(name[:-2])
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            variants.append(key[len(prefix) :])
    words = key.split()
    if len(words) > 1 and words[-1] == "co":  # "Loudon Co."
        variants.append(" ".join([*words[:-1], "county"]))
    if len(words) > 1 and words[0] in _COMPASS:  # "W. Columbia", "N. Charleston"
        variants.append(" ".join([_COMPASS[words[0]], *words[1:]]))
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 2:
            variants.append(key[: -len(suffix)])
    for variant in variants:
        found = gazetteer.search(variant)
        if found:
            return found
    return _demonym_lookup(name, gazetteer)


def _namesake_lookup(name: str, gazetteer: Gazetteer) -> list[Candidate]:
    """ "Freeborn Lake", "Kanawha River", "Knox Park": the place the feature is named after, as a stand-in."""
    key = normalize(name)
    stems = [
        key[: -len(suffix)]
        for suffix in _FEATURE_WORDS
        if key.endswith(suffix) and len(key) > len(suffix) + 2
    ]
    stems += [key[len(prefix) :] for prefix in ("lake ", "port of ") if key.startswith(prefix)]
    for stem in stems:
        found = gazetteer.search(stem)
        if found:
            return found
    return []


def _geocoder_candidates(name: str, geocoder: Any) -> list[Candidate]:
    """Ask a geopy geocoder (an online one, say) for a name the gazetteer does not know."""
    try:
        found = geocoder.geocode(name, exactly_one=False)
    except Exception:  # any service error leaves the name unresolved, never breaks the document
        return []
    out: list[Candidate] = []
    for loc in found or []:
        raw = getattr(loc, "raw", None)
        cand = raw.get("candidate") if isinstance(raw, dict) else raw
        if isinstance(cand, Candidate):
            out.append(cand)
        else:
            out.append(
                Candidate(
                    name=str(getattr(loc, "address", name)).split(",")[0],
                    kind="other",
                    lat=float(loc.latitude),
                    lon=float(loc.longitude),
                    score=0.3,
                )
            )
    return out


@dataclass
class _Name:
    """One distinct name of a document (all its mentions), with the candidates still in play."""

    key: str
    pool: list[Candidate]
    qualified: bool
    approximate: bool = False  # only the qualifier's area is known ("Smallville, Kan.": Kansas)
    feature_cue: bool = False  # written "the X" or tagged LOC: a sea, river or region is likely meant
    # places the story named with a qualifier to tell them apart from this bare name's own place
    told_apart: frozenset[tuple[int, float, float]] = frozenset()
    # readings that are one place: an area and the namesake city on its point (see _same_spot)
    same_spot: tuple[tuple[int, int], ...] = ()


# "Brussels, Beijing and Taiwan": a city this big that lies outside the "qualifier" is one of a list
_LIST_CITY = 100_000


def _pool_for(
    name: str, qualifier: str | None, gazetteer: Gazetteer, geocoder: Any
) -> tuple[str, list[Candidate], bool, bool]:
    head, inner = _split_qualified(name)
    if inner and not qualifier:
        qualifier = inner
    pool = _lookup(head, gazetteer) if inner else _lookup(name, gazetteer)
    if not pool and inner:
        head, pool = name, _lookup(name, gazetteer)
    if not pool and geocoder is not None and not getattr(geocoder, "offline", False):
        pool = _geocoder_candidates(name, geocoder)
    qualified = approximate = False
    if not pool:
        pool = _namesake_lookup(head if inner else name, gazetteer)
        approximate = bool(pool)
    if qualifier:
        readings = _readings(qualifier, gazetteer)
        fitting = [c for c in pool if _fits(c, readings)]
        if fitting:
            pool, qualified = fitting, True
        elif readings and (
            not pool
            or (readings[0].admin1 is not None and not any(c.kind in ("country", "admin1") for c in pool)
                and not any(c.population >= _LIST_CITY for c in pool))
        ):
            # the town is too small for the gazetteer: its state or country is the best point we have
            area = _area(readings[0], gazetteer)
            if area is not None:
                pool, qualified, approximate = [area], True, True
    return normalize(head if inner else name), pool[:_POOL], qualified, approximate


def _inline_qualifier(topo: Toponym, gazetteer: Gazetteer) -> str | None:
    """ "Portland in the US state of Oregon", "Perth in Western Australia": the state or country named
    right after the place, as a comma would."""
    after = topo.sentence.text[max(topo.span.end - topo.sentence.start, 0) :]
    match = _INLINE_QUALIFIER.match(after)
    if not match:
        return None
    words = match.group(1).split()
    for n in range(len(words), 0, -1):
        candidate = " ".join(words[:n]).rstrip(",;:.")
        if normalize(candidate) in _GENERIC or gazetteer.is_abbreviation(candidate):
            continue
        if gazetteer.admin1_of(candidate) or gazetteer.country_code(candidate):
            return candidate
    return None


def _contrasted(
    parsed: ParsedText, mention_keys: list[tuple[str, bool]], names: dict[str, _Name]
) -> dict[int, frozenset[tuple[int, float, float]]]:
    """Bare mentions set against a qualified namesake further on in their own sentence (not a qualified
    name taken up again), with the readings to keep apart: "Warminster Town Council welcomed guests from
    Warminster, Pennsylvania", "three of Christchurch's sister cities – Christchurch, England" (a
    twinning of namesakes)."""
    out: dict[int, frozenset[tuple[int, float, float]]] = {}
    for i, ((key, qualified), topo) in enumerate(zip(mention_keys, parsed.toponyms, strict=True)):
        if qualified or key not in names:
            continue
        apart = {
            _ident(names[other].pool[0])
            for (other, q), near in zip(mention_keys, parsed.toponyms, strict=True)
            if q and other.split("\x1f")[0] == key and near.sentence.start == topo.sentence.start
            and near.span.start > topo.span.end and names[other].pool
        }
        if apart:
            out[i] = frozenset(apart)
    return out


def _headline_end(parsed: ParsedText) -> int:
    """Where the document's first line ends: a headline names its place before the story qualifies it."""
    if not parsed.sentences:
        return 0
    first = parsed.sentences[0]
    text = first.text.lstrip()
    cut = text.find("\n")
    return first.start + (len(first.text) - len(text)) + (cut if cut >= 0 else len(text))


def _opens_story(topo: Toponym, parsed: ParsedText) -> bool:
    """Whether the mention is the dateline ("ROCHESTER, Minn. — ..."), marked or not."""
    if topo.label == "DATELINE":
        return True
    place = parsed.dateline.place if parsed.dateline is not None else None
    if place is not None and place.start == topo.span.start:
        return True
    head = _split_qualified(topo.span.text)[0]
    line = topo.sentence.text[: max(topo.span.start - topo.sentence.start, 0)].rpartition("\n")[2]
    return not line.strip() and head.isupper() and len(head) > 2


def _ident(cand: Candidate) -> tuple[int, float, float]:
    return (cand.geonameid or 0, round(cand.lat, 3), round(cand.lon, 3))


def _area(reading: _Reading, gazetteer: Gazetteer) -> Candidate | None:
    found = gazetteer.admin1(reading.country, reading.admin1) if reading.admin1 else None
    return found or gazetteer.country(reading.country)


def _feature_cue(topo: Toponym) -> bool:
    """Whether the mention reads like a natural feature or region: "the Pacific", a LOC entity."""
    before = topo.sentence.text[: max(topo.span.start - topo.sentence.start, 0)]
    return topo.label == "LOC" or before.lower().endswith("the ")


def _government_reading(sentence: str) -> bool:
    return bool(_GOVERNMENT.search(sentence))


def _state_cue(scores: Sequence[float], pool: Sequence[Candidate]) -> list[float]:
    """The sentence speaks of a state or province: its admin1 reading gains on the city named alike."""
    cities = {(c.country, c.admin1) for c in pool if c.kind == "city"}
    areas = {(c.country, c.admin1) for c in pool if c.kind == "admin1"} & cities
    return [
        s + (W_STATE_CUE if c.kind == "admin1" and (c.country, c.admin1) in areas else 0.0)
        for s, c in zip(scores, pool, strict=True)
    ]


def _joint_scores(names: Sequence[_Name], dateline: Candidate | None,
                  home_country: str | None = None) -> list[np.ndarray]:
    """Score every candidate of every name with the support of the other names' readings; the home bonus
    goes to ``home_country`` (the outlet's) when it is known, else to the US."""
    sizes = [len(n.pool) for n in names]
    flat = [c for n in names for c in n.pool]
    if not flat:
        return [np.zeros(0) for _ in names]
    owner = np.repeat(np.arange(len(names)), sizes)
    # a town named after a country ("China, Texas") rarely means itself when the country is a reading too
    shadowed = [any(c.kind == "country" for c in n.pool) for n in names]
    # a province named after its big city or its seat and centred on it ("Osaka", "Kaohsiung", "Banjul"):
    # the news means the city
    big_cities = [
        {
            (c.country, c.admin1)
            for c in n.pool
            if c.kind == "city" and (c.population >= CITY_OVER_AREA or c.feature_code in SEATS)
            for area in n.pool
            if area.kind == "admin1"
            and (area.country, area.admin1) == (c.country, c.admin1)
            and _km(c.lat, c.lon, area.lat, area.lon) < NEAR_KM
        }
        for n in names
    ]
    metropolises = [
        {
            (c.country, c.admin1)
            for c in n.pool
            if c.kind == "city" and c.population >= METROPOLIS
            for area in n.pool
            if area.kind == "admin1"
            and (area.country, area.admin1) == (c.country, c.admin1)
            and normalize(area.name) == n.key  # the state's name written out, not "N.Y."
        }
        for n in names
    ]
    damp = np.array([d for n in names for d in _dwarf_damping(n.pool)])
    prior = np.array(
        [
            c.score
            - (W_SHADOW if shadowed[i] and c.kind == "city" else 0.0)
            - (W_CITY_OVER_AREA if c.kind == "admin1" and (c.country, c.admin1) in big_cities[i] else 0.0)
            - (W_METROPOLIS if c.kind == "admin1" and (c.country, c.admin1) in metropolises[i] else 0.0)
            + (W_FEATURE_CUE if n.feature_cue and c.kind == "feature" else 0.0)
            - (W_TOLD_APART if _ident(c) in n.told_apart else 0.0)
            for i, n in enumerate(names)
            for c in n.pool
        ]
    )
    lat = np.radians([c.lat for c in flat])
    lon = np.radians([c.lon for c in flat])
    countries = np.array([c.country or "" for c in flat], dtype=object)
    admin1s = np.array(
        [f"{c.country}.{c.admin1}" if c.admin1 and c.kind != "country" else "" for c in flat], dtype=object
    )
    pointlike = np.array(
        [c.kind in ("city", "region") and c.feature_code not in ("CONT", "RGN") for c in flat]
    )
    # pairwise support matrices (candidate x candidate)
    dist = pairwise_km(lat, lon)
    near = np.exp(-dist / NEAR_KM) * (pointlike[:, None] & pointlike[None, :])
    close = np.exp(-dist / CLOSE_KM) * (pointlike[:, None] & pointlike[None, :])
    same_country = (countries[:, None] == countries[None, :]) & (countries[:, None] != "")
    same_admin1 = (admin1s[:, None] == admin1s[None, :]) & (admin1s[:, None] != "")
    # an admin1 entry supports (and is supported by) the places inside it
    admin_entry = np.array([c.kind == "admin1" for c in flat])
    inside = np.array([f"{c.country}.{c.admin1}" if c.admin1 else "" for c in flat], dtype=object)
    same_admin1 |= (
        (inside[:, None] == inside[None, :])
        & (inside[:, None] != "")
        & (admin_entry[:, None] | admin_entry[None, :])
    )
    # a name does not corroborate itself: "Springfield, Mo." lends no support to a bare "Springfield"
    base = np.array([n.key.split("\x1f")[0] for n in names], dtype=object)[owner]
    # a stand-in ("Hunter" for "Hunter River") is a guess: it lends less support than a name read as written
    credence = np.array([W_STAND_IN if n.approximate and not n.qualified else 1.0 for n in names])[owner]
    other = (owner[:, None] != owner[None, :]) & (base[:, None] != base[None, :])
    n_others = max(len(names) - 1, 0)

    # country-wide evidence (home bonus, dateline country, same-country names) counts fully only for a
    # reading that is not dwarfed by a namesake abroad, or that something local anchors
    bonus = {home_country: max(HOME_BONUS.values())} if home_country else HOME_BONUS
    home = np.array([bonus.get(c.country or "", 0.0) for c in flat])
    extra = np.zeros(len(flat))
    local_dateline = np.zeros(len(flat))
    if dateline is not None:
        home = home + W_DATELINE * (countries == (dateline.country or "\x00"))
        local_dateline = (admin1s == f"{dateline.country}.{dateline.admin1}").astype(float)
        extra += W_DATELINE * local_dateline
    local = same_admin1 | ((dist < NEAR_KM) & pointlike[:, None] & pointlike[None, :])

    score = prior + extra + damp * home
    weights = _softmax_by_owner(score, owner, len(names))
    for _ in range(ROUNDS):
        if n_others == 0:
            break
        support = np.zeros(len(flat))
        anchor = np.maximum(local_dateline, np.max(np.where(other & local, weights[None, :], 0.0), axis=1))
        anchored = damp + (1 - damp) * anchor
        for matrix, w, floor, scale in (
            (near, W_NEAR, NEAR_FLOOR, 1.0),
            (same_country, W_COUNTRY, 0.0, anchored),
            (same_admin1, W_ADMIN1, 0.0, 1.0),
        ):
            lent = (floor + (1 - floor) * weights) * credence
            contrib = np.where(other, matrix * lent[None, :], 0.0)
            # best reading of each other name, summed over names, averaged
            per_name = np.zeros((len(flat), len(names)))
            np.maximum.at(per_name.T, owner, contrib.T)
            support += w * scale * per_name.sum(axis=1) / n_others
        # a neighbour a few kilometres away (a suburb and its city) is evidence of its own, not averaged
        support += W_CLOSE * np.max(np.where(other, close * (weights * credence)[None, :], 0.0), axis=1)
        score = prior + extra + anchored * home + support
        weights = _softmax_by_owner(score, owner, len(names))
    out = []
    start = 0
    for size in sizes:
        out.append(score[start : start + size])
        start += size
    return out


def _same_spot(
    pool: Sequence[Candidate], key: str, gazetteer: Gazetteer
) -> tuple[tuple[int, int], ...]:
    """(area, city) positions in ``pool`` of an area and the namesake city that lies on its point, inside
    it, and holds most of its people ("Singapore", "Banjul" are the city the news means).

    A unit coded under an older province (Taiwan's counties under TW.04) is left out, as its code does not
    say which of the province's cities lie inside it; so is a name written with an area word."""
    if key.split("\x1f")[0].endswith(_AREA_WORDS):
        return ()
    out: list[tuple[int, int]] = []
    for i, area in enumerate(pool):
        if area.kind == "admin1":
            entry = gazetteer.admin1(area.country or "", area.admin1 or "")
            if entry is None or entry.geonameid != area.geonameid:
                continue
        elif area.kind != "country" or normalize(area.name) != key:
            continue  # a country by its own name ("Singapore"), not by an old one of its capital's
        for j, city in enumerate(pool):
            if (
                city.kind == "city"
                and city.country == area.country
                and (area.kind == "country" or city.admin1 == area.admin1)
                and _km(city.lat, city.lon, area.lat, area.lon) < SAME_SPOT_KM
                and city.population >= SAME_SPOT_SHARE * area.population
            ):
                out.append((i, j))
                break
    return tuple(out)


def _city_on_the_spot(
    scores: Sequence[float], pool: Sequence[Candidate], spots: Sequence[tuple[int, int]]
) -> list[float]:
    """The scores with each same-spot city in its area's place and the area just below: the two readings are
    one place, and the map shows the city (the evidence for the area, as a country among countries, counts
    for it); no other reading gains on either."""
    out = [float(s) for s in scores]
    for area, city in spots:
        if area < len(out) and city < len(out):
            out[city] = max(out[city], out[area])
            out[area] = min(out[area], out[city]) - 1e-6
    return out


def _dwarf_damping(pool: Sequence[Candidate]) -> list[float]:
    """How much country-wide evidence counts for each reading: little for a town dwarfed by a namesake
    abroad ("Melbourne", Florida, beside Melbourne of 5 million), which needs its state or neighbours."""
    out = []
    for c in pool:
        rival = max(
            (o.population for o in pool if o.country != c.country and o.kind in ("city", "admin1")),
            default=0,
        )
        if rival < DWARF_RIVAL or not (c.kind in ("city", "admin1") or c.feature_code == "ADM2"):
            out.append(1.0)
            continue
        ratio = math.log10(rival / max(c.population, 1))
        out.append(min(1.0, max(0.0, (DWARF_FULL - ratio) / (DWARF_FULL - DWARF_START))))
    return out


def _softmax_by_owner(score: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    z = score / TEMPERATURE
    top = np.full(n, -np.inf)
    np.maximum.at(top, owner, z)
    e = np.exp(z - top[owner])
    sums = np.zeros(n)
    np.add.at(sums, owner, e)
    return np.asarray(e / sums[owner])


def _confidence(scores: Sequence[float], qualified: bool) -> float:
    if not scores:
        return 0.0
    z = np.array(scores) / TEMPERATURE
    p = np.exp(z - z.max())
    prob = float(p[0] / p.sum())
    if qualified:
        prob = 0.8 + 0.2 * prob
    return round(max(0.05, min(prob, 0.99)), 3)


def _resolution(
    pool: Sequence[Candidate], scores: Sequence[float], qualified: bool, reason: str
) -> Resolution:
    if not pool:
        return Unresolved("not in the gazetteer", ())
    order = sorted(range(len(pool)), key=lambda i: (-scores[i], -pool[i].population))
    ranked = [pool[i] for i in order]
    ranked_scores = [float(scores[i]) for i in order]
    z = np.array(ranked_scores[:_KEEP]) / TEMPERATURE
    probs = np.exp(z - z.max())
    probs = probs / probs.sum()
    kept = tuple(replace(c, score=round(float(p), 4)) for c, p in zip(ranked[:_KEEP], probs, strict=True))
    return Resolved(kept[0], _confidence(ranked_scores, qualified), kept, reason)


def _reason(best: Candidate, name: _Name, dateline: Candidate | None, government: bool, n_names: int) -> str:
    if name.qualified:
        return "qualifier"
    if len(name.pool) == 1:
        return "importance"
    if government and best.feature_code == "PPLC":
        return "capital"
    if dateline is not None and best.country == dateline.country:
        return "dateline"
    return "context" if n_names > 1 else "importance"


def resolve_toponyms(
    parsed: ParsedText, gazetteer: Gazetteer, geocoder: Geocoder | None = None, home: str | None = None
) -> tuple[PlaceMention, ...]:
    """One PlaceMention per toponym of ``parsed``, in order, resolved with the document as context (``home``:
    the country of the outlet, whose namesakes are favoured as the US's are when it is unknown)."""
    names: dict[str, _Name] = {}
    mention_keys: list[tuple[str, bool]] = []  # per toponym: its name key, and whether it carried a qualifier
    qualified_for: dict[str, str] = {}  # bare name -> key of its first (best) qualified mention
    readings: dict[str, set[tuple[int, float, float]]] = {}  # bare name -> places its qualified mentions name
    home_named: set[str] = set()  # bare names qualified in the dateline
    for topo in parsed.toponyms:
        qualifier = topo.qualifier.text if topo.qualifier else _inline_qualifier(topo, gazetteer)
        base, pool, qualified, approximate = _pool_for(topo.span.text, qualifier, gazetteer, geocoder)
        if not qualified:
            mention_keys.append((base, False))
            name = names.setdefault(base, _Name(base, pool, False, approximate))
            name.feature_cue = name.feature_cue or _feature_cue(topo)
            continue
        # "Portland, Maine" and "Portland, Ore." in one story are two places: one name per qualifier
        _head, inner = _split_qualified(topo.span.text)
        key = f"{base}\x1f{normalize(qualifier or inner or '')}"
        mention_keys.append((key, True))
        names.setdefault(key, _Name(key, pool, True, approximate))
        held = qualified_for.get(base)
        if held is None or (names[held].approximate and not approximate):
            qualified_for[base] = key
        if pool:
            readings.setdefault(base, set()).add(_ident(pool[0]))
        if _opens_story(topo, parsed):
            home_named.add(base)  # "ROCHESTER, Minn. —": the story's own place, not a namesake told apart
    # "Columbia, Missouri" then "Columbia": a bare mention means the qualified place; but a bare name the
    # story used before it told several namesakes apart ("Springfield ... Springfield, Mo., and
    # Springfield, Mass.") is the story's own place, read on its own
    first_bare: dict[str, int] = {}  # the first bare mention below the headline
    headline_end = _headline_end(parsed)
    for i, ((key, own_qualifier), topo) in enumerate(zip(mention_keys, parsed.toponyms, strict=True)):
        if not own_qualifier and topo.span.start >= headline_end:
            first_bare.setdefault(key, i)
    own_place = {
        key
        for key, i in first_bare.items()
        if len(readings.get(key, ())) >= ALONE_AFTER
        and key not in home_named
        and i < min(j for j, (k, q) in enumerate(mention_keys) if q and k.split("\x1f")[0] == key)
    }
    for key in own_place:
        names[key].told_apart = frozenset(readings[key])
    contrasted = _contrasted(parsed, mention_keys, names)
    for i, (key, own_qualifier) in enumerate(mention_keys):
        if i in contrasted:
            bare = names.get(key)
            if bare is not None:  # its own name, apart from the namesake it is set against
                mention_keys[i] = (f"{key}\x1f~{i}", False)
                others = [c for c in bare.pool if _ident(c) not in contrasted[i]]
                names[mention_keys[i][0]] = replace(bare, key=mention_keys[i][0], pool=others or bare.pool,
                                                    told_apart=contrasted[i])
        elif not own_qualifier and key in qualified_for and key not in own_place:
            mention_keys[i] = (qualified_for[key], False)
    for key in {k for k, _ in mention_keys} ^ set(names):
        names.pop(key, None)  # bare names every mention of which now reads a qualified one

    dateline: Candidate | None = None
    if parsed.dateline is not None and parsed.dateline.place is not None:
        found = _lookup(parsed.dateline.place.text, gazetteer)
        dateline = found[0] if found else None
        # "AURORA, Colo." in the story: a bare dateline "AURORA" is that Aurora, not the likeliest one
        written = normalize(parsed.dateline.place.text)
        bases = {written, *(written[len(p) :] for p in _PREFIXES if written.startswith(p))}
        for n in names.values():
            if n.qualified and n.pool and n.key.split("\x1f")[0] in bases:
                dateline = n.pool[0]
                break

    resolvable = [n for n in names.values() if n.pool]
    per_name = max(3, min(_POOL, _MAX_JOINT // max(len(resolvable), 1)))
    for n in resolvable:
        n.pool = n.pool[:per_name]
        n.same_spot = _same_spot(n.pool, n.key, gazetteer)
    scores = dict(zip((n.key for n in resolvable), _joint_scores(resolvable, dateline, home), strict=True))

    top: dict[str, Candidate] = {}
    for n in resolvable:
        best = int(np.argmax(scores[n.key]))
        top[n.key] = n.pool[best]
    by_sentence: dict[int, set[str]] = {}
    for topo, (key, _q) in zip(parsed.toponyms, mention_keys, strict=True):
        by_sentence.setdefault(topo.sentence.start, set()).add(key)

    mentions: list[PlaceMention] = []
    for topo, (key, own_qualifier) in zip(parsed.toponyms, mention_keys, strict=True):
        name = names[key]
        if not name.pool:
            mentions.append(
                PlaceMention(topo.span, topo.sentence, Unresolved("not in the gazetteer"), topo.qualifier)
            )
            continue
        own = [float(s) for s in scores[key]]
        partners = [top[k] for k in by_sentence.get(topo.sentence.start, ()) if k != key and k in top]
        government = _government_reading(topo.sentence.text) or any(
            p.feature_code == "PPLC" for p in partners
        )
        if government:
            own = [
                s + (W_CAPITAL if c.feature_code == "PPLC" else 0.0)
                for s, c in zip(own, name.pool, strict=True)
            ]
        if _STATE_CUE.search(topo.sentence.text) or _UNIT_AFTER.match(
                topo.sentence.text[max(topo.span.end - topo.sentence.start, 0):]):
            own = _state_cue(own, name.pool)  # "the governor", "from Syrdarya region": the province
        if sum(p.kind == "country" for p in partners) >= 2:
            # "cities in Ethiopia, Mexico and South Korea": a name listed among countries is one
            own = [
                s + (W_AMONG_COUNTRIES if c.kind == "country" else 0.0)
                for s, c in zip(own, name.pool, strict=True)
            ]
        own = _city_on_the_spot(own, name.pool, name.same_spot)
        resolution = _resolution(name.pool, own, name.qualified, "")
        if isinstance(resolution, Resolved):
            reason = _reason(resolution.place, name, dateline, government, len(resolvable))
            if name.qualified and not own_qualifier:
                reason = "context"  # the same name, qualified earlier in the story
            resolution = replace(resolution, reason=reason)
            if name.approximate:
                resolution = replace(resolution, confidence=min(resolution.confidence, 0.35))
            if (
                _postal_only(resolution.place)
                and not name.qualified
                and not _corroborated(resolution.place, key, top, dateline)
            ):
                # "Darfur" is also a hamlet in Minnesota: a town known only from the US postal data
                # needs its state or a neighbour in the story, else it stays a candidate for review
                resolution = Unresolved(
                    "only a US postal town, nothing in the story near it", resolution.candidates
                )
        mentions.append(PlaceMention(topo.span, topo.sentence, resolution, topo.qualifier))
    return tuple(mentions)


def _postal_only(cand: Candidate) -> bool:
    """A town or county from the US postal data (no GeoNames id), not a hand-picked region."""
    return cand.geonameid is None and cand.kind in ("city", "region") and cand.feature_code in ("PPL", "ADM2")


def _corroborated(cand: Candidate, key: str, top: dict[str, Candidate], dateline: Candidate | None) -> bool:
    """Whether another place of the story (or its dateline) lies in the same state or near ``cand``."""
    others = [c for k, c in top.items() if k != key]
    if dateline is not None:
        others.append(dateline)
    for other in others:
        if other.country != cand.country:
            continue
        if other.admin1 == cand.admin1 and other.kind != "country":
            return True
        if other.kind in ("city", "region") and _km(cand.lat, cand.lon, other.lat, other.lon) < 2 * NEAR_KM:
            return True
    return False


def resolve_name(
    name: str,
    gazetteer: Gazetteer,
    *,
    qualifier: str | None = None,
    context: Sequence[str] = (),
    sentence: str = "",
    geocoder: Geocoder | None = None,
) -> Resolution:
    """Resolve one name, optionally with its qualifier, its sentence and the document's other places."""
    key, pool, qualified, approximate = _pool_for(name, qualifier, gazetteer, geocoder)
    if not pool:
        return Unresolved("not in the gazetteer", ())
    target = _Name(key, pool, qualified, approximate, same_spot=_same_spot(pool, key, gazetteer))
    others: list[_Name] = []
    for other in context:
        other_key, other_pool, other_q, _approx = _pool_for(other, None, gazetteer, None)
        if other_pool and other_key != key and all(o.key != other_key for o in others):
            others.append(_Name(other_key, other_pool, other_q))
    own = [float(s) for s in _joint_scores([target, *others], None)[0]]
    if _STATE_CUE.search(sentence):
        own = _state_cue(own, pool)
    government = _government_reading(sentence)
    if government:
        own = [s + (W_CAPITAL if c.feature_code == "PPLC" else 0.0) for s, c in zip(own, pool, strict=True)]
    resolution = _resolution(pool, _city_on_the_spot(own, pool, target.same_spot), qualified, "")
    if isinstance(resolution, Resolved):
        resolution = replace(
            resolution, reason=_reason(resolution.place, target, None, government, len(others) + 1)
        )
        if approximate:
            resolution = replace(resolution, confidence=0.35)
    return resolution


def qualifier_span(text: str, end: int, gazetteer: Gazetteer) -> Span | None:
    """The ", State" or ", Country" right after ``text[:end]``, if there is one."""
    match = re.match(r",\s*((?:[A-Z][\w.'’-]*\.?)(?:\s+[A-Z][\w.'’-]*\.?){0,2})", text[end:])
    if not match:
        return None
    words = match.group(1).split()
    for n in range(len(words), 0, -1):
        candidate = " ".join(words[:n]).rstrip(",;:")
        if normalize(candidate) in _GENERIC:
            continue
        if gazetteer.admin1_of(candidate) or gazetteer.country_code(candidate):
            start = end + match.start(1)
            return Span(start, start + len(candidate), candidate)
    return None


# GeoNames writes some first-level names with their administrative type: "Hubei Sheng", "Seoul-teukbyeolsi"
_ADMIN_TYPE = re.compile(
    r"(?:\s+(?:Sheng|Shi|Zizhiqu|Huizu|Zhuangzu)|-(?:gwangyeoksi|teukbyeolsi|teukbyeoljachisi|"
    r"teukbyeoljachido|do))+$"
)


def readable_admin1(candidate: Candidate, gazetteer: Gazetteer) -> Candidate:
    """The candidate with its admin1 as people read it: US postal codes stay, elsewhere the name."""
    if not candidate.admin1 or not candidate.country or candidate.country == "US":
        return candidate
    name = gazetteer.admin1_name(candidate.country, candidate.admin1)
    if name is None:
        return candidate
    return replace(candidate, admin1=_ADMIN_TYPE.sub("", name) or name)


def with_readable_admin1(places: Sequence[PlaceMention], gazetteer: Gazetteer) -> tuple[PlaceMention, ...]:
    """Every candidate of every mention with a readable admin1 ("Hubei", not GeoNames' code "12")."""
    out = []
    for mention in places:
        res = mention.resolution
        cands = tuple(readable_admin1(c, gazetteer) for c in res.candidates)
        if isinstance(res, Resolved):
            res = replace(res, place=readable_admin1(res.place, gazetteer), candidates=cands)
        else:
            res = replace(res, candidates=cands)
        out.append(replace(mention, resolution=res))
    return tuple(out)
