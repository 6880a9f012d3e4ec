"""Ties: sister-city, sister-state, friendship-city and twinning relationships told by one document.

A sentence with a tie cue ("sister city", "twinned with", "friendship city") ties two of its places: the
only two it names, "X and Y became sister cities", "X's sister city of Y", "Y, X's sister city", "X's
sister cities Y and Z". Its status comes from the words around ("ended", "suspended", "will sign"), its
beginning from a year that founds it ("signed in 1988", "since 1994") or an anniversary ("the 30th
anniversary" in a 2019 article: 1989). Places inside an organisation's name tie nothing.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from geo.language.lexicon import load_lexicon, rows_by_kind
from geo.models import (
    Candidate,
    DateMention,
    DateRange,
    EntityMention,
    ParsedText,
    PlaceMention,
    Sentence,
    Span,
    TieKind,
    TieRecord,
    TieStatus,
    TripRecord,
)
from geo.places.geometry import haversine_km
from geo.trips.drafts import _candidate, _contains, _place_key
from geo.trips.layout import _DATELINE, _is_headline

PATTERNS = Path(__file__).resolve().parent.parent.parent / "data" / "patterns" / "ties.jsonl"
_TIE_PLACE_KINDS = frozenset({"city", "admin1"})
_SAME_PLACE_KM = 30.0  # "Taipei City" (the municipality) and "Taipei" (the town) are one end of a tie
_ORDINALS = {
    "first": 1, "fifth": 5, "tenth": 10, "fifteenth": 15, "twentieth": 20, "twenty-fifth": 25,
    "thirtieth": 30, "thirty-fifth": 35, "fortieth": 40, "forty-fifth": 45, "fiftieth": 50, "sixtieth": 60,
    "seventieth": 70,
}
# "forty years as sister cities", "a fifty-year friendship"
_CARDINALS = {
    "ten": 10, "fifteen": 15, "twenty": 20, "twenty-five": 25, "thirty": 30, "thirty-five": 35, "forty": 40,
    "forty-five": 45, "fifty": 50, "fifty-five": 55, "sixty": 60, "sixty-five": 65, "seventy": 70,
}
_COUNT = r"(\d{1,3}|" + "|".join(sorted(_CARDINALS, key=len, reverse=True)) + r")"
_TIE_NOUNS = (r"relationship|relations|friendship|partnership|tie|ties|bond|sisterhood|connection|association"
              r"|twinning|link|links|agreement|sister")
_ANNIVERSARY = re.compile(
    r"\b(\d{1,3})(?:st|nd|rd|th)?[- ]?(?:year[- ])?anniversary|\b(" + "|".join(_ORDINALS) + r")\s+anniversary"
    r"|\b" + _COUNT + r"[- ]years?[- ](?:(?:of|for)\s+)?(?:old\s+)?(?:[\w'’-]+\s+){0,3}?(?:"
    + _TIE_NOUNS + r")\b"
    r"|\bfor\s+(?:more\s+than\s+|over\s+|nearly\s+|almost\s+)?" + _COUNT + r"\s+years"
    r"|\b(\d{1,3})(?:st|nd|rd|th)\s+year\s+of\s+(?:[\w'’-]+\s+){0,3}?(?:" + _TIE_NOUNS + r")\b",
    re.IGNORECASE,
)
# an anniversary or a founding that speaks of a tie: "the 25th anniversary of our friendship"
_OF_A_TIE = re.compile(r"^.{0,60}?\b(?:" + _TIE_NOUNS + r")\b", re.IGNORECASE | re.DOTALL)
_YEAR = re.compile(r"(?<![\w-])(?:19|20)\d\d(?![\w-])")
_PRECISE = frozenset({"day", "week", "month", "season", "year"})
# "Y, Z and W", also with each one's country after it: "Accra, Ghana, Ahmedabad, India", "Salzgitter in
# Germany and Ocotal in Nicaragua"
# "Suwon, South Korea; Lima, Peru; and Bangalore", "Suwon (South Korea), Lima (Peru) and Bangalore"
_LIST_GAP = re.compile(r"^\s*(?:(?:,|\s+in)\s*[A-Z][\w.'’ -]{1,25}?\s*(?=[,;]|and\b)|\([^()]{1,30}\))?"
                       r"\s*(?:[,;]|and|or|&|as well as)?\s*(?:[,;]|and|or|&)?\s*$", re.IGNORECASE)
# the words between a tie's and the first place it lists: "sister cities include", "a sister city to",
# "sister city relationships with"
_OF_GAP = re.compile(r"^\s*(?:(?:relationships?|relations|ties|links?|agreements?|partnerships?|pacts?"
                     r"|arrangements?)\s+(?=with\b))?"
                     r"(?:,|of|:|-|–|—|is|was|in [A-Z][\w ]{0,30},?|the city of|the town of"
                     r"|include|includes|included|are|were|with|to)?\s*:?\s*$")
_WITH = re.compile(r"\s+(?:(?:relationship|agreement|ties?|partnership|relations|links?|status)\s+)?with\s+"
                   r"(?:the\s+(?:city|town|county|province|state|prefecture)\s+of\s+)?([A-Z][\w’'-]+)")
_WITH_NO_PLACE = re.compile(r"\s+(?:(?:relationships?|relations|agreements?|ties|links?)\s+)?with\s+"
                            r"(?:[a-z\d]|the\s+(?:city|town)\b)")
_NATIONALITY = re.compile(r"\b([A-Z][a-z]{3,})\s+$")  # "its Hungarian sister city"
_IN_GAP = re.compile(r"^\s+in\s+(?:the\s+)?$")
_LIST_VERB = re.compile(r"\s*(?:include|includes|included|are|were|comprise|:)\s")
# "before the end of his term": an end that is no tie's
_NOUN_END = re.compile(r"\b(?:the|an?) end of\b")
_AND = re.compile(r"\s*(?:,|,?\s*(?:and|or|&))\s*$")
_ITS = re.compile(r"\b(?:its|their)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_SINCE_BEFORE = re.compile(r"\b(?:since|back to|from)\s+$")  # a date a tie ended is not one it began
_JOINED = re.compile(r"^\s*(?:,|/|and|or|&)\s*$", re.IGNORECASE)
_OWN = re.compile(r"\b(?:our|the (?:city|town|county|state|province)['’]s)\s*$", re.IGNORECASE)
_CIVIC = frozenset({
    "council", "city", "town", "county", "borough", "government", "municipality", "municipalities",
    "municipal", "administration", "akimat", "khokimiyat", "mayor", "mayoralty", "assembly", "prefecture",
    "province", "state", "region", "district", "twinning", "twin", "sister", "friendship", "commune",
})
_BETWEEN = re.compile(
    r"^\s*(?:(?:relationships?|relations|ties|links?|agreements?|partnerships?)\s+)?between\s")
_LEADS = re.compile(r"^\s*(?:the\s+(?:cities|towns|provinces|states|prefectures)\s+of\s+)?$", re.IGNORECASE)
_PAIR_GAP = re.compile(r"^\s*(?:and|&|-|–)\s*$")
_PAIRS_GAP = re.compile(r"^\s*[,;]?\s*(?:and|as well as|,|;)\s*(?:also\s+)?(?:between\s+)?$")
_PLURAL = re.compile(r"(?:cities|towns|states|provinces|prefectures|municipalities|counties)$", re.IGNORECASE)
_COUNTED = re.compile(r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|"
                      r"other|dozens?|more)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
_POSSESSIVE_GAP = re.compile(r"^['’]s\s+(?:[\w-]+\s+){0,3}$")


@dataclass(frozen=True)
class TieCues:
    """The word lists of the ties rules, from ``data/patterns/ties.jsonl``."""

    cues: tuple[tuple[str, TieKind], ...]  # longest first
    statuses: tuple[tuple[str, TieStatus], ...]
    founding: frozenset[str]
    pair_anaphors: tuple[str, ...] = ()  # "the two", "both cities": the pair the sentences before named
    since_cues: tuple[str, ...] = ("since",)  # "since 1994", "dates back to 1984": the year it began
    references: tuple[str, ...] = ()  # "the agreement", "the document": a tie the sentences before told
    same_year: tuple[str, ...] = ()  # "in the same year": the year of the tie told just before
    documents: tuple[str, ...] = ()  # "agreement", "memorandum": what a tie is signed as
    direct: frozenset[str] = frozenset()  # "friendship between": a tie only of the two places right after


@lru_cache(maxsize=4)
def load_tie_cues(path: str = "") -> TieCues:
    """Read the ties' cue words once (cached per file); a malformed line names its file."""
    lists = rows_by_kind(Path(path) if path else PATTERNS)
    cues: list[tuple[str, TieKind]] = [(str(r["text"]).lower(), r["tie"]) for r in lists.get("tie_cue", ())]
    statuses: list[tuple[str, TieStatus]] = [(str(r["text"]).lower(), r["status"])
                                             for r in lists.get("status_cue", ())]
    founding = {str(r["text"]).lower() for r in lists.get("founding_verb", ())}
    def texts(kind: str) -> tuple[str, ...]:
        return tuple(str(r["text"]).lower() for r in lists.get(kind, ()))

    return TieCues(tuple(sorted(cues, key=lambda c: -len(c[0]))), tuple(statuses), frozenset(founding),
                   texts("pair_anaphor"), texts("since_cue"), texts("tie_reference"), texts("same_year"),
                   texts("tie_document"),
                   frozenset(str(r["text"]).lower() for r in lists.get("tie_cue", ()) if r.get("direct")))


@lru_cache(maxsize=4096)  # a sentence is scanned by the pairing, the name lists and the dating
def _cue_spans(sentence: Sentence, cues: TieCues) -> tuple[tuple[int, int, TieKind], ...]:
    """Every tie cue of a sentence, as document offsets, longest first where they overlap."""
    lower = sentence.text.lower()
    found: list[tuple[int, int, TieKind]] = []
    for text, kind in cues.cues:
        if text not in lower:
            continue  # no need to build and run its pattern: most sentences hold no cue at all
        for match in re.finditer(r"(?<![\w-])" + re.escape(text) + r"(?![\w-])", lower):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            if not any(a <= start < b for a, b, _ in found):
                found.append((start, end, kind))
    return tuple(sorted(found))


def _status(sentence: Sentence, cues: TieCues) -> TieStatus:
    lower = sentence.text.lower()
    for wanted in ("ended", "suspended", "proposed"):
        if any(status == wanted and re.search(r"(?<![\w-])" + re.escape(text) + r"(?![\w-])", _NOUN_END.sub(
                "", lower)) for text, status in cues.statuses):
            return wanted
    return "active"


def _year_before(published: str | None, years: int) -> DateRange | None:
    if not published or not 0 < years < 300:
        return None
    year = int(published[:4]) - years
    return DateRange(f"{year:04d}-01-01", f"{year:04d}-12-31", "year")


@dataclass(frozen=True)
class _Since:
    """When a tie began, and whether the text says it (a founding year) or counts it (an anniversary)."""

    date: DateRange
    told: bool


def _words_at(lower: str, words: Sequence[str]) -> list[int]:
    """Where each of the words ends in a lower-cased text."""
    return [m.end() for w in words for m in re.finditer(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", lower)]


def _founded(sentence: Sentence, dates: Sequence[DateMention], published: str | None, cues: TieCues,
             text: str) -> DateRange | None:
    """The date a sentence founds a tie on: one after "since" or "back to" (the earliest), else the one
    nearest after a founding verb ("signed a friendship city agreement in May 2012, following ... 1999"),
    else the nearest before one ("in 1988 the two towns were twinned")."""
    held = [m for m in dates if sentence.start <= m.span.start < sentence.end and m.resolved is not None
            and m.resolved.precision in _PRECISE and not (published and m.resolved.start[:4] > published[:4])]
    cue = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(c) for c in cues.since_cues)
                     + r")\s+(?:(?:in|the year|early|late|mid-?)\s+)?$")
    since = [m for m in held if cue.search(text[max(0, m.span.start - 24):m.span.start].lower())]
    if since:
        return min((m.resolved for m in since if m.resolved is not None), key=lambda r: r.start)
    verbs = [sentence.start + at for at in _words_at(sentence.text.lower(), sorted(cues.founding))]
    if not verbs or not held:
        return None
    return _nearest_date(held, verbs)


def _counted(sentence: Sentence, dates: Sequence[DateMention], published: str | None) -> DateRange | None:
    """A beginning counted back from an anniversary: from the year the sentence dates it ("2022 marked the
    40th anniversary", "next year ... the 45th anniversary"), else from the publication year."""
    match = _ANNIVERSARY.search(sentence.text)
    if not match:
        return None
    number = match.group(1) or match.group(3) or match.group(4) or match.group(5)
    years = (int(number) if number.isdigit() else _CARDINALS[number.lower()]) if number else _ORDINALS.get(
        (match.group(2) or "").lower(), 0)
    at, to = sentence.start + match.start(), sentence.start + match.end()
    held = [m for m in dates if sentence.start <= m.span.start < sentence.end and m.resolved is not None
            and m.resolved.precision in _PRECISE and not (m.span.start < to and at < m.span.end)]
    if held:
        nearest = min(held, key=lambda m: abs(m.span.start - at)).resolved
        return _year_before(nearest.start if nearest is not None else published, years)
    # a bare year the date reader left ("2022 marked the 40th anniversary")
    bare = [m for m in _YEAR.finditer(sentence.text)
            if not (m.start() < match.end() and match.start() < m.end())]
    if bare:
        return _year_before(min(bare, key=lambda m: abs(m.start() - match.start())).group(0), years)
    return _year_before(published, years)


def _ended(sentence: Sentence, dates: Sequence[DateMention], published: str | None,
           cues: TieCues) -> DateRange | None:
    """When a tie ended: the date nearest the word that ends it ("In March 2022 the council cut its ties")."""
    words = [sentence.start + at for at in _words_at(
        _NOUN_END.sub(lambda m: " " * len(m.group(0)), sentence.text.lower()),
        [t for t, status in cues.statuses if status == "ended"])]
    held = [m for m in dates if sentence.start <= m.span.start < sentence.end and m.resolved is not None
            and m.resolved.precision in _PRECISE and not (published and m.resolved.start > published[:10])
            and not _SINCE_BEFORE.search(sentence.text[:m.span.start - sentence.start])]
    if not words or not held:
        return None
    return _nearest_date(held, words)


def _nearest_date(held: Sequence[DateMention], words: Sequence[int]) -> DateRange | None:
    """The date told after one of the words, nearest first ("cut its ties with Perm on Tuesday", under
    "LEEDS, June 1 -"), else the nearest before them ("In March 2022 the council ended ...")."""
    after = [(m.span.start - w, n) for n, m in enumerate(held) for w in words if m.span.start >= w]
    before = [(w - m.span.end, n) for n, m in enumerate(held) for w in words if m.span.end <= w]
    _, nearest = min(after or before)
    return held[nearest].resolved


def _since(sentence: Sentence, dates: Sequence[DateMention], published: str | None,
           cues: TieCues, text: str) -> _Since | None:
    """When the tie began: a founding year of the sentence ("became sister cities in 1988", "since 1994"),
    else an anniversary counted back ("the 30th anniversary" in a 2019 article: 1989)."""
    founded = _founded(sentence, dates, published, cues, text)
    if founded is not None:
        return _Since(founded, told=True)
    counted = _counted(sentence, dates, published)
    return _Since(counted, told=False) if counted is not None else None


def _tieable(cand: Candidate | None) -> bool:
    """A town, a state or province, or a county ("Contra Costa County and Taichung became sister counties"),
    not a country or a vague region."""
    return cand is not None and (cand.kind in _TIE_PLACE_KINDS or (
        cand.kind == "region" and cand.country is not None and cand.feature_code.startswith("ADM")))


def _holds(outer: Candidate, inner: Candidate) -> bool:
    """Whether a country or state holds a town or county (by codes)."""
    county = inner.kind == "region" and outer.kind == "admin1" and inner.country == outer.country and (
        inner.admin1 is not None and inner.admin1 == outer.admin1)
    return county or _contains(outer, inner)


def _qualifiers(places: Sequence[PlaceMention]) -> list[tuple[int, int]]:
    """The spans that qualify a place ("Paju, Gyeonggi Province"): they are no partner of a tie. A
    "qualifier" of another country is none ("Placer County, Fujian Province is similar to ...")."""
    at = {p.span.start: n for n, p in enumerate(places)}
    out: list[tuple[int, int]] = []
    for n, place in enumerate(places):
        if place.qualifier is None:
            continue
        inner, outer = _candidate(places, n), (
            _candidate(places, at[place.qualifier.start]) if place.qualifier.start in at else None)
        if inner is None or outer is None or inner.country == outer.country or _holds(outer, inner):
            out.append((place.qualifier.start, place.qualifier.end))
    return out


def _one_place(a: Candidate | None, b: Candidate | None) -> bool:
    """Whether two readings name one place: "Taipei City" (the municipality) and "Taipei" (the town)."""
    if a is None or b is None:
        return False
    x, y = a.name.lower(), b.name.lower()
    return a == b or (a.country == b.country and (x in y or y in x) and (
        haversine_km(a.lat, a.lon, b.lat, b.lon) <= _SAME_PLACE_KM or _holds(a, b) or _holds(b, a)))


def _same_pair(told: tuple[int, int], new: tuple[int, int], places: Sequence[PlaceMention]) -> bool:
    """Whether two pairs are one tie, told with an end named two ways."""
    (a, b), (c, d) = ((_candidate(places, i) for i in pair) for pair in (told, new))
    return (_one_place(a, c) and _one_place(b, d)) or (_one_place(a, d) and _one_place(b, c))


def _among_countries(i: int, places: Sequence[PlaceMention], text: str,
                     blocked: Sequence[tuple[int, int]]) -> bool:
    """Whether a place is listed among countries ("towns in such far-flung places as Romania, Tibet, Israel
    and Bangladesh"): a country just before it that qualifies no town."""
    start = places[i].span.start
    return any(
        (c := _candidate(places, n)) is not None and c.kind == "country"
        and (p.span.start, p.span.end) not in blocked and _AND.match(text[p.span.end:start]) is not None
        and not text[max(0, p.span.start - 3):p.span.start].endswith("in ")  # "Salzgitter in Germany and"
        for n, p in enumerate(places) if start - 40 < p.span.end <= start)


def _usable(places: Sequence[PlaceMention], i: int, blocked: Sequence[tuple[int, int]]) -> bool:
    span = places[i].span
    return _tieable(_candidate(places, i)) and not any(a <= span.start and span.end <= b for a, b in blocked)


def _pairs(order: list[int], places: Sequence[PlaceMention], text: str, cue: tuple[int, int, TieKind],
           dateline: int | None) -> list[tuple[int, int]]:
    """Which places of a sentence a cue ties together."""
    start, end, _ = cue
    if len(order) == 1 and dateline is not None and _place_key(places[dateline]) != _place_key(
            places[order[0]]) and _OWN.search(text[max(0, start - 24):start]):
        return [(dateline, order[0])]  # "the city's sister city X", under the city's dateline
    if len(order) < 2:
        return []
    between = _BETWEEN.match(text[end:end + 60])
    paired = _between_pairs([i for i in order if places[i].span.start >= end + between.end()], places,
                            text) if between else []
    if len(paired) > 1:
        return paired  # "relations between Sahiwal and Wuzhong as well as Bahawalpur and Zhongwei"
    partner = _WITH.match(text[end:end + 60])
    if partner and not any(p.span.start == end + partner.start(1) for p in places):
        return []  # "established a sister-city relationship with Gyeongsan": a partner that is no place found
    if len(order) == 2:
        return [(order[0], order[1])]
    before = [i for i in order if places[i].span.end <= start]
    after = [i for i in order if places[i].span.start >= end]
    owner = before[-1] if before and _POSSESSIVE_GAP.match(text[places[before[-1]].span.end:start]) else None
    listed = _listed(after, places, text, end)
    if owner is not None and listed:
        return [(owner, i) for i in listed]  # "X's sister cities Y and Z"
    if owner is not None and len(before) >= 2:
        return [(before[-2], owner)]  # "Y, X's sister city"
    if len(before) >= 2 and not listed:
        return [(before[-2], before[-1])]  # "X and Y became sister cities"
    if before and listed:
        # "X is twinned with Y in Germany and Z in Nicaragua"; "a delegation from X arrived in W on its way
        # to its sister city of Y": "its" is the subject's town, the first named
        first = before[0] if _ITS.search(text[max(0, start - 30):start]) else before[-1]
        return [(first, i) for i in listed]
    if before and after:
        return [(before[-1], after[0])]
    return [(after[0], after[1])] if len(after) >= 2 else []


def _between_pairs(after: Sequence[int], places: Sequence[PlaceMention], text: str,
                   start: int | None = None) -> list[tuple[int, int]]:
    """The pairs listed after "between": "A and B as well as C and D", "A and B, and C and D" (the first
    right at ``start`` when given)."""
    pairs: list[tuple[int, int]] = []
    for n in range(0, len(after) - 1, 2):
        a, b = after[n], after[n + 1]
        joined = _PAIR_GAP.match(text[places[a].span.end:places[b].span.start])
        gap = text[places[pairs[-1][1]].span.end:places[a].span.start] if pairs else ""
        if start is not None and not pairs and not _LEADS.match(text[start:places[a].span.start]):
            break
        if not joined or (pairs and not _PAIRS_GAP.match(gap)):
            break
        pairs.append((a, b))
    return pairs


def _listed(after: Sequence[int], places: Sequence[PlaceMention], text: str, end: int) -> list[int]:
    """The places listed right after a tie's words: "sister cities include Accra, Ghana, Ahmedabad, India"."""
    listed: list[int] = []
    last = end
    for i in after:
        gap = text[last:places[i].span.start]
        if not ((not listed and _OF_GAP.match(gap)) or (listed and _LIST_GAP.match(gap))):
            break
        listed.append(i)
        last = places[i].span.end
    return listed


def _name_lists(sentence: Sentence, names: Sequence[EntityMention], order: Sequence[int],
                places: Sequence[PlaceMention], usable: Sequence[int], cues: TieCues,
                text: str) -> list[tuple[int, int, tuple[int, int, TieKind]]]:
    """A list of ties after a name that ends with a tie's words: "The current 10 Columbus Sister Cities
    include Accra, Ghana, Ahmedabad, India": the town the name begins with, and each town listed."""
    out: list[tuple[int, int, tuple[int, int, TieKind]]] = []
    for name in names:
        start, end = name.span.start, name.span.end
        if not (sentence.start <= start < sentence.end) or not _LIST_VERB.match(text[end:end + 24]):
            continue
        cue = next((c for c in _cue_spans(sentence, cues) if start < c[0] and c[1] == end), None)
        if cue is None:
            continue
        town = text[start:cue[0]].strip()
        owner = next((i for i in usable if places[i].span.text == town and not (
            start <= places[i].span.start < end)), None)
        if owner is not None:
            after = [i for i in order if places[i].span.start >= end]
            out += [(owner, i, cue) for i in _listed(after, places, text, end)]
    return out


def _only_places(name: EntityMention, places: Sequence[PlaceMention], text: str) -> bool:
    """Whether a "name" is no more than places ("The Toledo-Szeged" of "The Toledo-Szeged sister city
    relationship")."""
    if name.name != name.span.text:
        return False  # "BHS" for "Buena High School": an organisation's short name
    chars = list(text[name.span.start:name.span.end])
    for p in places:
        for k in range(max(p.span.start, name.span.start), min(p.span.end, name.span.end)):
            chars[k - name.span.start] = " "
    # "Mesa Ariz.": a town and its state, written without the comma
    lexicon = load_lexicon()
    rest = " ".join(w for w in "".join(chars).split()
                    if lexicon.qualifier(w) is None and lexicon.qualifier(f"{w}.") is None)
    return not re.search(r"[^\W\d_]", re.sub(r"(?i)\bthe\b|['’]s\b", "", rest))


def _civic(name: str, cues: TieCues) -> bool:
    """Whether an organisation's name is a town's own body: its council, government or sister-city society
    ("Oxford City Council", "Akimat of Akmola region", "Keokuk Sister Cities")."""
    lower = name.lower()
    return bool(set(re.findall(r"[a-z]+", lower)) & _CIVIC) or any(cue in lower for cue, _ in cues.cues)


def _body_ties(sentence: Sentence, names: Sequence[EntityMention], order: Sequence[int],
               places: Sequence[PlaceMention],
               cues: TieCues) -> list[tuple[int, int, tuple[int, int, TieKind]]]:
    """A town's sister-city society and the one town abroad its sentence names: "the Keokuk Sister Cities
    trip to Kai City, Japan", "the Sister Cities Association of Ames welcomed students from Koshigaya"."""
    out: list[tuple[int, int, tuple[int, int, TieKind]]] = []
    for name in names:
        start, end = name.span.start, name.span.end
        if not (sentence.start <= start < sentence.end):
            continue
        cue = next((c for c in _cue_spans(sentence, cues) if start <= c[0] and c[1] <= end), None)
        towns = [i for i in order if start <= places[i].span.start and places[i].span.end <= end]
        abroad = {_place_key(places[j]): j for j in order if not (start <= places[j].span.start < end)
                  and towns and all(_abroad(t, j, places) for t in towns)}
        if cue is not None and len(towns) == 1 and len(abroad) == 1:
            out.append((towns[0], next(iter(abroad.values())), cue))
        elif cue is not None and len(towns) == 2 and _abroad(towns[0], towns[1], places):
            out.append((towns[0], towns[1], cue))  # "the Medford-Alba Sister City Association"
    return out


def _kind(kind: TieKind, places: Sequence[PlaceMention], ia: int, ib: int) -> TieKind:
    """The cue's kind, told more exactly by the places: two states or provinces are sister states."""
    ca, cb = _candidate(places, ia), _candidate(places, ib)
    if ca is None or cb is None:
        return kind
    both = ca.kind == "admin1" and cb.kind == "admin1"
    if both and kind in ("sister city", "sister state", "sister province"):
        return "sister state" if "US" in (ca.country, cb.country) else "sister province"
    if both and kind == "friendship city":
        return "other"
    return kind


def extract_ties(parsed: ParsedText, places: Sequence[PlaceMention], dates: Sequence[DateMention],
                 published: str | None = None, text: str = "",
                 country_of: Callable[[str], Candidate | None] | None = None) -> tuple[TieRecord, ...]:
    """The ties a document states, one per pair of places, with their evidence, kind, status and since
    (``country_of`` reads a nationality word: "Hungarian" -> Hungary)."""
    cues = load_tie_cues()
    # "the Dayton Sister City Committee": the words of a tie inside a name tie nothing; a town inside a
    # name ("Oxford city council suspended its twinning") still stands for the town
    named = (*parsed.organizations, *parsed.programs)
    names = [(m.span.start, m.span.end) for m in named]
    blocked = _qualifiers(places)
    dateline = None
    filed = parsed.dateline.place if parsed.dateline is not None else None
    found_line = _DATELINE.search(text[:800]) if filed is None and text else None
    if found_line is not None:
        filed = Span(found_line.start(1), found_line.end(1), found_line.group(1))
    if filed is not None:
        # a dateline says where the story was filed, not a partner of a tie
        blocked.append((filed.start, filed.end))
    if parsed.dateline is not None and parsed.dateline.place is not None:
        dateline = next((i for i, p in enumerate(places) if p.span.start == parsed.dateline.place.start
                         and _candidate(places, i) is not None), None)
    found: dict[frozenset[object], _TieDraft] = {}
    owners: dict[object, int] = {}  # the towns whose ties the story speaks of ("Harpenden's twin towns")
    lone: list[tuple[int, tuple[int, int, TieKind], int, TieStatus, _Since | None]] = []
    # "according to the Embassy of Nepal in Beijing": where an organisation sits is no end of a tie
    seats = [(p.span.start, p.span.end) for p in places if any(
        m.span.start < p.span.start and p.span.end <= m.span.end
        and text[max(m.span.start, p.span.start - 4):p.span.start] in (" in ", " at ") for m in named)]
    # "the Shanghai Cooperation Organization", "Buena High School" (and its "BHS"): a town that only names a
    # body of some other kind is no end; its council, government or sister-city society stands for it
    foreign = [(p.span.start, p.span.end) for p in places if any(
        m.span.start <= p.span.start and p.span.end <= m.span.end and not _civic(m.name, cues)
        and not _only_places(m, places, text) for m in named)]
    usable = [i for i in range(len(places)) if _usable(places, i, [*blocked, *seats, *foreign])]
    sentences = parsed.sentences
    for number, sentence in enumerate(sentences):
        spans = [c for c in _cue_spans(sentence, cues)
                 if not any(a <= c[0] and c[1] <= b and (a, b) != (c[0], c[1]) for a, b in names)]
        # "the 10 years of Friendship of Guanajuato and Hiroshima": these words tie the two places after them
        # and nothing else ("the traditional friendship between the two provinces")
        direct = [c for c in spans if text[c[0]:c[1]].lower() in cues.direct]
        spans = [c for c in spans if c not in direct]
        inside = [i for i in usable if sentence.start <= places[i].span.start < sentence.end
                  and not _among_countries(i, places, text, blocked)]
        listed = _name_lists(sentence, named, _first_of_each(inside, places), places, usable, cues, text)
        listed += _body_ties(sentence, named, inside, places, cues)
        for word in direct:
            after = [i for i in _first_of_each(inside, places) if places[i].span.start >= word[1]]
            listed += [(a, b, word) for a, b in _between_pairs(after, places, text, word[1])[:1]]
        if not spans and not listed:
            continue
        around = _context(number, sentences, text)
        before = [i for i in usable if around[0] <= places[i].span.start < around[1]]
        if len({_place_key(places[i]) for i in inside}) < 2 and _names_the_pair(sentence, cues):
            # "Mayor X welcomed the Xiamen delegation to Richmond. The two have been Friendship Cities
            # since 2008": the two places just named, in the two sentences before
            inside = _last_two(before, places)
        elif not inside and spans and _two_abroad(before, places) and not _tied(before, found, places):
            # "A delegation from Suwon arrived in Cleveland. The visit marks the 30th anniversary of the
            # sister city relationship": the only two places just named, one abroad from the other (not
            # an end of a tie told before, which "the relationship" may be)
            inside = before
        order = _first_of_each(inside, places)
        cities = [c for i in order if (c := _candidate(places, i)) is not None and c.kind != "admin1"]
        status = _status(sentence, cues)
        until = _ended(sentence, dates, published, cues) if status == "ended" else None
        since = _since(sentence, dates, published, cues, text or sentence.text)
        if status == "proposed" and since is not None and not since.told:
            # "it is proposed the Mayor should visit Adelaide to commemorate the 45th anniversary of their
            # sister city relationship": the journey is proposed; a tie with an anniversary exists
            status = "active"
        if since is None and _has_any(sentence, cues.same_year) and _has_any(sentence, sorted(cues.founding)):
            # "... also established sister city relations in the same year": the year just told
            since = next((d.since for d in reversed(found.values()) if d.since is not None and d.since.told),
                         None)
        pairs = list(listed)
        shares = _own_places(order, spans, places)
        alone: list[tuple[int, tuple[int, int, TieKind]]] = []
        for cue in spans:
            one = shares.get(cue) if shares else _which_tie(order, places, text, cue)
            if one is not None:
                # "to Ainaro as part of the city's friendship agreement, and to Inagawa to celebrate their
                # sister council relationship", "Zhongshan, which became a sister city in 2011": one town
                # whose partner the words leave unsaid
                alone.append((one, cue))
                continue
            keep = order if cue[2] in ("sister state", "sister province") else [
                i for i in order if not ((c := _candidate(places, i)) is not None and c.kind == "admin1"
                                         and any(_holds(c, city) for city in cities))]
            pairs += [(a, b, cue) for a, b in _pairs(keep, places, text, cue, dateline)]
            owner = _possessive_owner(sorted(inside, key=lambda i: places[i].span.start), places, text, cue)
            if owner is not None:
                owners.setdefault(_place_key(places[owner]), owner)
        # one town named ("Toledo, Ohio has had a sister city in Hungary": the state only says where it is)
        towns = [i for i in order if not ((c := _candidate(places, i)) is not None and any(
            _holds(c, t) for j in order if j != i and (t := _candidate(places, j)) is not None))]
        if not pairs and spans and len(towns) == 1 and towns[0] != dateline and len(
                places[towns[0]].span.text) > 2 and not alone:  # "Ch": a name cut short, no town
            lone.append((towns[0], spans[0], number, status, since))
        lone += [(x, cue, number, status, since) for x, cue in alone if x != dateline]
        # "friendship cities in 1986 and sister cities in 1996" tells two ties; "Sister City and Friendship
        # City partnerships" one, of either name
        families = {_family(text[c[0]:c[1]]) for c in spans} - {None}
        joined = any(_JOINED.match(text[c[1]:d[0]]) for c, d in itertools.pairwise(spans))
        if joined:
            families = set()
        for a, b, cue in pairs:
            ca, cb = _candidate(places, a), _candidate(places, b)
            if ca is None or cb is None or _place_key(places[a]) == _place_key(places[b]) or (
                    _holds(ca, cb) or _holds(cb, ca)):
                continue
            when = _since_of_cue(sentence, spans, cue, dates, published) if len(families) > 1 else since
            draft = _add(found, (a, b), cue, sentence, status, when, places, text, split=not joined)
            draft.until = until or draft.until
    hub = _hub(list(found.values()), owners, places)
    partner_of: dict[int, int] = {}  # the partner found for a sentence's first lone town
    for x, cue, number, status, since in lone:
        # "Harpenden's twin towns in Germany. The mayor went to Alzey for the anniversary of the
        # town-twinning partnership": the one town named, and the town the story's ties all share; else
        # the town the story is filed from, else the one town abroad that the two sentences before name
        other = hub if hub is not None and _abroad(hub, x, places) else None
        if other is None and number in partner_of and _abroad(partner_of[number], x, places):
            other = partner_of[number]  # "to Ainaro as part of ..., and to Inagawa ...": one partner for both
        if other is None:
            # "Toledo has had a sister city in Hungary since 1990": the one town of that country named
            other = _of_the_country(x, cue, places, usable, text, country_of)
        around = _context(number, sentences, text)
        told = {s for s in sentences if around[0] <= s.start < around[1]} | {sentences[number]}
        if other is not None or _WITH_NO_PLACE.match(text[cue[1]:cue[1] + 60]):
            pass  # "established friendly exchange relations with more than 60 cities": no partner told
        elif dateline is not None and _abroad(dateline, x, places):
            other = dateline
        elif (hub is None or _place_key(places[hub]) == _place_key(places[x])) and not any(
                told & set(d.evidence) for d in found.values()):  # "the sister-city relationship" just told
            near = {_place_key(places[i]): i for i in usable if around[0] <= places[i].span.start < around[1]
                    and _abroad(i, x, places)}
            other = next(iter(near.values())) if len(near) == 1 and not _tied(
                [x, *near.values()], found, places) else None
        if other is not None:
            partner_of.setdefault(number, other)
            sentence = sentences[number]
            _add(found, (other, x), cue, sentence, status, since, places, text).until = (
                _ended(sentence, dates, published, cues) if status == "ended" else None)
        elif _PLURAL.search(text[cue[0]:cue[1]]) and number + 1 < len(sentences) and not _COUNTED.search(
                text[max(0, cue[0] - 30):cue[0]]):  # "with 16 sister cities": counted, not named
            # "... strengthening ties with Bunbury's sister cities. The group's trip takes in Setagaya in
            # Japan and China's Jiaxing": the towns abroad that the next sentence names
            following = sentences[number + 1]
            partners = {_place_key(places[i]): i for i in usable
                        if following.start <= places[i].span.start < following.end
                        and _place_key(places[i]) != _place_key(places[x])}
            if partners and all(_abroad(i, x, places) for i in partners.values()) and not _cue_spans(
                    following, cues):
                for i in partners.values():
                    _add(found, (x, i), cue, sentences[number], status, since, places, text)
    _date_from_other_sentences(list(found.values()), parsed.sentences, places, dates, published, cues, names,
                               text)
    return tuple(d.record() for d in found.values())


def _own_places(order: Sequence[int], spans: Sequence[tuple[int, int, TieKind]],
                places: Sequence[PlaceMention]) -> dict[tuple[int, int, TieKind], int]:
    """The one town each of a sentence's cues has to itself when each follows a town of its own and none
    comes after the last ("to Ainaro as part of the city's friendship agreement, and to Inagawa to celebrate
    their sister council relationship"); nothing for any other sentence ("X and Y became friendship cities
    in 1986 and sister cities in 1996")."""
    if len(spans) < 2 or any(places[i].span.start >= spans[-1][1] for i in order):
        return {}
    shares: dict[tuple[int, int, TieKind], int] = {}
    low = -1
    for cue in spans:
        own = {_place_key(places[i]): i for i in order if low <= places[i].span.start < cue[0]}
        if len(own) != 1:
            return {}
        shares[cue] = next(iter(own.values()))
        low = cue[1]
    return shares


_WHICH = re.compile(r"^\s*,\s*(?:which|that)\s+(?:[\w’'-]+\s+){0,5}(?:an?\s+)?$")
_CLAUSE_END = re.compile(r"[;,.]|\s(?:with|of|to|and)\s")


def _which_tie(order: Sequence[int], places: Sequence[PlaceMention], text: str,
               cue: tuple[int, int, TieKind]) -> int | None:
    """ "Zhongshan, which became a sister city in 2011": the one town a relative clause says is a partner,
    with no partner named in the clause ("Taipei, which signed a friendship agreement with Burnaby")."""
    before = [i for i in order if places[i].span.end <= cue[0]]
    if not before or not _WHICH.match(text[places[before[-1]].span.end:cue[0]]):
        return None
    stop = _CLAUSE_END.search(text, cue[1])
    if stop is not None and stop.group().strip() in ("with", "of", "to", "and"):
        return None
    return before[-1]


def _of_the_country(x: int, cue: tuple[int, int, TieKind], places: Sequence[PlaceMention],
                    usable: Sequence[int], text: str,
                    country_of: Callable[[str], Candidate | None] | None = None) -> int | None:
    """The partner a tie's words place only in a country ("its sister city in Hungary", "its Hungarian sister
    city"): the one town of that country the story names, when it names one only."""
    word = _NATIONALITY.search(text[max(0, cue[0] - 30):cue[0]])
    nation = country_of(word.group(1)) if word and country_of is not None else None
    country = nation.country if nation is not None else None
    for n, p in enumerate(places):
        cand = _candidate(places, n)
        if country is not None or cand is None or cand.kind != "country":
            continue
        if (p.span.start >= cue[1] and _IN_GAP.match(text[cue[1]:p.span.start])) or (
                p.implied and 0 <= cue[0] - p.span.end <= 2):
            country = cand.country
            break
    home = _candidate(places, x)
    if country is None or home is None or home.country == country:
        return None
    towns = {_place_key(places[i]): i for i in usable if (c := _candidate(places, i)) is not None
             and c.country == country}
    return next(iter(towns.values())) if len(towns) == 1 else None


def _context(number: int, sentences: Sequence[Sentence], text: str) -> tuple[int, int]:
    """Where a tie's words that name too few places find the rest: the two sentences before, or for a
    headline the lead under it ("Sister city delegation arrives" over "A delegation from Suwon arrived in
    Cleveland")."""
    if number:
        return sentences[max(0, number - 2)].start, sentences[number - 1].end
    if len(sentences) > 1 and _is_headline(sentences[0], text, 0, len(sentences)):
        return sentences[1].start, sentences[min(3, len(sentences) - 1)].end
    return 0, 0


def _abroad(a: int, b: int, places: Sequence[PlaceMention]) -> bool:
    """Whether two places lie in different countries (a tie joins a town with one abroad)."""
    ca, cb = _candidate(places, a), _candidate(places, b)
    return ca is not None and cb is not None and ca.country != cb.country


def _tied(indices: Sequence[int], found: dict[frozenset[object], _TieDraft],
          places: Sequence[PlaceMention]) -> bool:
    """Whether any of the places is an end of a tie already told."""
    keys = {_place_key(places[i]) for i in indices}
    return any(_place_key(places[j]) in keys for d in found.values() for j in d.places)


def _two_abroad(indices: Sequence[int], places: Sequence[PlaceMention]) -> bool:
    """Whether a stretch names two places only, in two countries."""
    ends = list({_place_key(places[i]): i for i in indices}.values())
    return len(ends) == 2 and _abroad(ends[0], ends[1], places)


def _possessive_owner(order: Sequence[int], places: Sequence[PlaceMention], text: str,
                      cue: tuple[int, int, TieKind]) -> int | None:
    """The town whose ties a cue speaks of: "Harpenden's twin towns", "Alberta's oldest sister province"."""
    before = [i for i in order if places[i].span.end <= cue[0]]
    if before and _POSSESSIVE_GAP.match(text[places[before[-1]].span.end:cue[0]]):
        return before[-1]
    return None


def _hub(drafts: Sequence[_TieDraft], owners: dict[object, int],
         places: Sequence[PlaceMention]) -> int | None:
    """The place a story's ties share: the one end common to all its ties (two at least), else the one
    town whose ties it speaks of ("Harpenden's twin towns")."""
    ends: dict[object, int] = {}
    common: set[object] | None = None
    for draft in drafts:
        keys: set[object] = set()
        for i in draft.places:
            keys.add(_place_key(places[i]))
            ends.setdefault(_place_key(places[i]), i)
        common = keys if common is None else common & keys
    if common is not None and len(common) == 1:
        return ends[next(iter(common))]
    if common and len(common & set(owners)) == 1:
        return ends[next(iter(common & set(owners)))]
    return next(iter(owners.values())) if len(owners) == 1 and not drafts else None


def _add(found: dict[frozenset[object], _TieDraft], ends: tuple[int, int], cue: tuple[int, int, TieKind],
         sentence: Sentence, status: TieStatus, since: _Since | None, places: Sequence[PlaceMention],
         text: str, split: bool = True) -> _TieDraft:
    """Add a sentence's word on a tie: a new tie, or the one told before (its ends perhaps named another
    way)."""
    a, b = ends
    words = text[cue[0]:cue[1]] if text else ""
    family = _family(words)
    pair: frozenset[object] = frozenset({_place_key(places[a]), _place_key(places[b])})
    told = [k for k, d in found.items() if _same_pair(d.places, (a, b), places)]
    # "became friendship cities in 1986 and sister cities in 1996": two ties of one pair, one of each kind
    def fits(key: frozenset[object]) -> bool:
        other = _family(found[key].cue.text)
        return not split or None in (family, other) or family == other

    pair = next((k for k in told if fits(k)), pair | {family} if told else pair)
    draft = found.setdefault(pair, _TieDraft(places=(a, b), kind=_kind(cue[2], places, a, b),
                                             cue=Span(cue[0], cue[1], words)))
    if sentence not in draft.evidence:
        draft.evidence.append(sentence)
    draft.statuses.append(status)
    if since is not None:
        draft.date(since)
    return draft


def _family(cue: str) -> str | None:
    """A tie's words as one of the two kinds a pair can hold both of: "friendship city" (a friendship city,
    province or state) and "sister city" ("sister city", "twinned"); none for looser words ("friendship
    agreement")."""
    words = set(re.split(r"[\s/-]+", cue.lower()))
    if words & {"friendship", "friendly"} and words & {"city", "cities", "province", "provinces", "state"}:
        return "friendship city"
    return "sister city" if any(w.startswith(("sister", "twin")) for w in words) else None


def _since_of_cue(sentence: Sentence, spans: Sequence[tuple[int, int, TieKind]],
                  cue: tuple[int, int, TieKind], dates: Sequence[DateMention],
                  published: str | None) -> _Since | None:
    """In a sentence telling a pair's two kinds of tie, each one's year: the date after its words, up to the
    next tie's words, else the nearest before ("friendship cities in 1986 and sister cities in 1996")."""
    held = [m for m in dates if sentence.start <= m.span.start < sentence.end and m.resolved is not None
            and m.resolved.precision in _PRECISE and not (published and m.resolved.start[:4] > published[:4])]
    later = [c[0] for c in spans if c[0] > cue[0]]
    stop = min(later) if later else sentence.end
    after = [m for m in held if cue[1] <= m.span.start < stop]
    before = [m for m in held if m.span.end <= cue[0]]
    date = after[0].resolved if after else before[-1].resolved if before else None
    return _Since(date, told=True) if date is not None else None


def _first_of_each(indices: Sequence[int], places: Sequence[PlaceMention]) -> list[int]:
    """The first mention of each place, in text order."""
    order: list[int] = []
    seen: set[object] = set()
    for i in sorted(indices, key=lambda i: places[i].span.start):
        key = _place_key(places[i])
        if key not in seen:
            seen.add(key)
            order.append(i)
    return order


def _has_any(sentence: Sentence, words: Sequence[str]) -> bool:
    return bool(_words_at(sentence.text.lower(), words))


def _speaks_of_a_tie(sentence: Sentence, cues: TieCues, names: Sequence[tuple[int, int]]) -> bool:
    """Whether a sentence tells of a tie without naming both ends: its words ("our sister city
    relationship"), an anniversary of a bond ("the 25 years association with Harima"), or "the agreement
    was signed"."""
    if any(not any(a <= c[0] and c[1] <= b for a, b in names) for c in _cue_spans(sentence, cues)):
        return True
    match = _ANNIVERSARY.search(sentence.text)
    if match and _OF_A_TIE.match(sentence.text[match.start():]):
        return True
    return _has_any(sentence, cues.references) and _has_any(sentence, [*cues.founding, *cues.since_cues])


def _date_from_other_sentences(drafts: Sequence[_TieDraft], sentences: Sequence[Sentence],
                               places: Sequence[PlaceMention], dates: Sequence[DateMention],
                               published: str | None, cues: TieCues, names: Sequence[tuple[int, int]],
                               text: str) -> None:
    """Dates ties from sentences that name one end or none ("Lima ... will celebrate the 25 years
    association with Harima", "The document was signed in Tashkent on 8 February"): the tie of the end
    named, else the document's only tie, else the tie told in the two sentences before."""
    if not drafts:
        return
    for number, sentence in enumerate(sentences):
        told_of_tie = _speaks_of_a_tie(sentence, cues, names)
        since = _since(sentence, dates, published, cues, text or sentence.text)
        if since is None:
            continue
        keys: set[object] = {_place_key(p) for n, p in enumerate(places) if sentence.start <= p.span.start
                             < sentence.end and _candidate(places, n) is not None}
        named = _tie_named(drafts, keys, places)
        if not told_of_tie:
            # no words of a tie, but both ends and the signing of a document ("Tainan and Arizona ... since
            # signing an agreement on friendship in 2013")
            named = [d for d in named if {_place_key(places[i]) for i in d.places} <= keys]
            if not since.told or len(named) != 1 or not _has_any(sentence, cues.documents):
                continue
        if not named and not keys & {_place_key(places[i]) for d in drafts for i in d.places}:
            before = set(sentences[max(0, number - 2):number + 1])
            named = list(drafts) if len(drafts) == 1 else [d for d in drafts if before & set(d.evidence)]
        if len(named) != 1 or (named[0].since is not None and (named[0].since.told or not since.told)):
            continue
        named[0].since = since
        if sentence not in named[0].evidence:
            named[0].evidence.append(sentence)


def _tie_named(drafts: Sequence[_TieDraft], keys: set[object],
               places: Sequence[PlaceMention]) -> list[_TieDraft]:
    """The ties a sentence names an end of: the one it names both ends of, else the one of the end only one
    tie has ("... its 30 years association with Szeged", in a story of Toledo's two twins)."""
    def ends(draft: _TieDraft) -> set[object]:
        return {_place_key(places[i]) for i in draft.places}

    named = [d for d in drafts if keys & ends(d)]
    if len(named) < 2:
        return named
    both = [d for d in named if ends(d) <= keys]
    own = [d for d in named if any(sum(k in ends(e) for e in drafts) == 1 for k in ends(d) & keys)]
    return both if len(both) == 1 else own


def _names_the_pair(sentence: Sentence, cues: TieCues) -> bool:
    lower = sentence.text.lower()
    return any(re.search(r"(?<![\w-])" + re.escape(a) + r"(?![\w-])", lower) for a in cues.pair_anaphors)


def _last_two(indices: Sequence[int], places: Sequence[PlaceMention]) -> list[int]:
    """The last two distinct places of a stretch, in text order."""
    out: list[int] = []
    keys: list[object] = []
    for i in sorted(indices, key=lambda i: -places[i].span.start):
        key = _place_key(places[i])
        if key not in keys:
            keys.append(key)
            out.append(i)
        if len(out) == 2:
            break
    return sorted(out, key=lambda i: places[i].span.start) if len(out) == 2 else []


@dataclass
class _TieDraft:
    """A tie in the making: the sentences that state it so far."""

    places: tuple[int, int]
    kind: TieKind
    cue: Span
    evidence: list[Sentence] = field(default_factory=list)
    statuses: list[TieStatus] = field(default_factory=list)
    since: _Since | None = None
    until: DateRange | None = None

    def date(self, since: _Since) -> None:
        """Keep the beginning the text tells over one counted from an anniversary, and the earliest."""
        if self.since is None or (since.told and not self.since.told) or (
                since.told == self.since.told and since.date.start < self.since.date.start):
            self.since = since

    def record(self) -> TieRecord:
        # a later "ended" or "suspended" wins; "proposed" only when nothing says it exists
        status: TieStatus = next(
            (s for s in ("ended", "suspended") if s in self.statuses),
            "proposed" if self.statuses and all(s == "proposed" for s in self.statuses) else "active")
        return TieRecord(places=self.places, evidence=tuple(self.evidence), kind=self.kind, status=status,
                         since=self.since.date if self.since else None,
                         until=self.until if status == "ended" else None, cue=self.cue)


def tie_name(tie: TieRecord, places: Sequence[PlaceMention]) -> str:
    """A tie as a program's name: "Toledo–Nanchong sister city"."""
    names = []
    for i in tie.places:
        cand = _candidate(places, i)
        names.append(cand.name if cand is not None else places[i].span.text)
    return f"{names[0]}–{names[1]} {tie.kind}"


_TIE_KINDS: tuple[TieKind, ...] = ("sister city", "sister state", "sister province", "friendship city")


def implied_tie_name(origin: int, destinations: Sequence[int], texts: Sequence[str],
                     places: Sequence[PlaceMention]) -> str | None:
    """The tie a journey's own words put it under without naming both ends ("a Chinese sister city delegation
    coming to Toledo", "students from our twin town"): its home and the first place it went, by the cue's
    kind."""
    lower = " ".join(texts).lower()
    kind = next((k for text, k in load_tie_cues().cues if re.search(rf"\b{re.escape(text)}\b", lower)), None)
    home = _candidate(places, origin)
    target = next((c for c in (_candidate(places, i) for i in destinations) if c is not None), None)
    if kind is None or home is None or target is None or home.country == target.country or (
            "country" in (home.kind, target.kind)):
        return None  # towns and states are twinned, not countries ("a twinning visit to Germany")
    return f"{target.name}–{home.name} {kind}"


def implied_ties(trips: Sequence[TripRecord], ties: Sequence[TieRecord], places: Sequence[PlaceMention],
                 sentences: Sequence[Sentence] = (), text: str = "", dates: Sequence[DateMention] = (),
                 published: str | None = None,
                 names: Sequence[EntityMention] = ()) -> tuple[TieRecord, ...]:
    """The ties that trips told as a tie's imply ("Chinese sister city delegation coming to Toledo" above "a
    delegation from Nanchong"): their home and the first place they went, where no tie the text states joins
    them already, and the tie's words are the headline's or the travellers' own; dated, as told ties are,
    by the sentences that speak of them ("since signing an agreement on friendship in 2013")."""
    joined = {frozenset({_place_key(places[a]), _place_key(places[b])}) for a, b in (t.places for t in ties)}
    headline = sentences[0].text if sentences and _is_headline(sentences[0], text, 0, len(sentences)) else ""
    out: list[TieRecord] = []
    for trip in trips:
        if not trip.program or not trip.origins or not trip.evidence:
            continue
        home = trip.origins[0]
        target = next((i for i in trip.destinations if _candidate(places, i) is not None), None)
        ends = (_candidate(places, target) if target is not None else None, _candidate(places, home))
        if target is None or ends[0] is None or ends[1] is None:
            continue
        kind = next((k for k in _TIE_KINDS if trip.program == f"{ends[0].name}–{ends[1].name} {k}"), None)
        pair = frozenset({_place_key(places[target]), _place_key(places[home])})
        # the headline speaks of this trip when it names where it went ("... coming to Toledo", "... visits
        # New Zealand friendship city"), not of another the story tells ("a separate delegation to Stuttgart")
        named = [c for p in places if headline and p.span.end <= len(headline) and (c := _candidate(
            places, places.index(p))) is not None]
        told = [trip.participant_text]
        if any(c == ends[0] or _contains(c, ends[0]) for c in named):
            told.append(headline)
        if kind is None or pair in joined or implied_tie_name(home, [target], told, places) is None:
            continue
        joined.add(pair)
        out.append(TieRecord(places=(target, home), evidence=trip.evidence[:1], kind=kind, status="active"))
    if not (dates and out):
        return tuple(out)
    return _dated(out, ties, sentences, places, dates, published, names, text)


def _dated(implied: Sequence[TieRecord], told: Sequence[TieRecord], sentences: Sequence[Sentence],
           places: Sequence[PlaceMention], dates: Sequence[DateMention], published: str | None,
           names: Sequence[EntityMention], text: str) -> tuple[TieRecord, ...]:
    """Implied ties with the beginning the story's sentences give them, read beside the ties it states
    (which keep theirs): "Tainan and Arizona ... since signing an agreement on friendship in 2013"."""
    def draft(tie: TieRecord) -> _TieDraft:
        return _TieDraft(places=tie.places, kind=tie.kind, cue=tie.cue or Span(0, 0, ""),
                         evidence=list(tie.evidence), statuses=[tie.status],
                         since=_Since(tie.since, told=True) if tie.since else None)

    drafts = [draft(t) for t in (*told, *implied)]
    spans = [(m.span.start, m.span.end) for m in names]
    _date_from_other_sentences(drafts, sentences, places, dates, published, load_tie_cues(), spans, text)
    return tuple(dataclasses.replace(tie, since=d.since.date if d.since else None, evidence=tuple(d.evidence))
                 for tie, d in zip(implied, drafts[len(told):], strict=True))


def tie_programs(trips: Sequence[TripRecord], ties: Sequence[TieRecord],
                 places: Sequence[PlaceMention]) -> tuple[EntityMention, ...]:
    """The ties that trips travel under, as program mentions (the words that state each tie)."""
    named = {t.program for t in trips if t.program}
    out: list[EntityMention] = []
    for tie in ties:
        name = tie_name(tie, places)
        if name in named and tie.cue is not None and tie.evidence:
            out.append(EntityMention("program", name, tie.cue, tie.evidence[0]))
            named.discard(name)
    return tuple(out)
