"""Ties: sister-city, sister-state, friendship-city and twinning relationships told by one document.

A sentence with a tie cue ("sister city", "twinned with", "friendship city") ties two of its places: the
only two it names, "X and Y became sister cities", "X's sister city of Y", "Y, X's sister city", "X's
sister cities Y and Z". Its status comes from the words around ("ended", "suspended", "will sign"), its
beginning from a year that founds it ("signed in 1988", "since 1994") or an anniversary ("the 30th
anniversary" in a 2019 article: 1989). Places inside an organisation's name tie nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from geo.language.lexicon import rows_by_kind
from geo.models import (
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
from geo.trips.drafts import _candidate, _contains, _place_key
from geo.trips.layout import _DATELINE, _is_headline

PATTERNS = Path(__file__).resolve().parent.parent.parent / "data" / "patterns" / "ties.jsonl"
_TIE_PLACE_KINDS = frozenset({"city", "admin1"})
_ORDINALS = {
    "first": 1, "fifth": 5, "tenth": 10, "fifteenth": 15, "twentieth": 20, "twenty-fifth": 25,
    "thirtieth": 30, "thirty-fifth": 35, "fortieth": 40, "forty-fifth": 45, "fiftieth": 50, "sixtieth": 60,
    "seventieth": 70,
}
_ANNIVERSARY = re.compile(
    r"\b(\d{1,3})(?:st|nd|rd|th)?[- ]?(?:year[- ])?anniversary|\b(" + "|".join(_ORDINALS) + r")\s+anniversary"
    r"|\b(\d{1,3})[- ]years?[- ](?:old\s+)?(?:relationship|friendship|partnership|tie|ties|bond|sisterhood)"
    r"|\bfor\s+(?:more\s+than\s+|over\s+|nearly\s+|almost\s+)?(\d{1,3})\s+years",
    re.IGNORECASE,
)
# "Y, Z and W", also with each one's country after it: "Accra, Ghana, Ahmedabad, India", "Salzgitter in
# Germany and Ocotal in Nicaragua"
_LIST_GAP = re.compile(r"^\s*(?:(?:,|\s+in)\s*[A-Z][\w.'’ -]{1,25}?\s*(?=,|and\b))?"
                       r"(?:,|and|or|&|as well as)?\s*(?:,|and|or|&)?\s*$", re.IGNORECASE)
_OF_GAP = re.compile(r"^\s*(?:,|of|:|-|–|—|is|was|in [A-Z][\w ]{0,30},?|the city of|the town of"
                     r"|include|includes|included|are|were|with)?\s*:?\s*$")
_WITH = re.compile(r"\s+(?:(?:relationship|agreement|ties?|partnership|relations|links?|status)\s+)?with\s+"
                   r"(?:the\s+(?:city|town|county|province|state|prefecture)\s+of\s+)?([A-Z][\w’'-]+)")
_OWN = re.compile(r"\b(?:our|the (?:city|town|county|state|province)['’]s)\s*$", re.IGNORECASE)
_POSSESSIVE_GAP = re.compile(r"^['’]s\s+(?:[\w-]+\s+){0,3}$")


@dataclass(frozen=True)
class TieCues:
    """The word lists of the ties rules, from ``data/patterns/ties.jsonl``."""

    cues: tuple[tuple[str, TieKind], ...]  # longest first
    statuses: tuple[tuple[str, TieStatus], ...]
    founding: frozenset[str]
    pair_anaphors: tuple[str, ...] = ()  # "the two", "both cities": the pair the sentences before named


@lru_cache(maxsize=4)
def load_tie_cues(path: str = "") -> TieCues:
    """Read the ties' cue words once (cached per file); a malformed line names its file."""
    lists = rows_by_kind(Path(path) if path else PATTERNS)
    cues: list[tuple[str, TieKind]] = [(str(r["text"]).lower(), r["tie"]) for r in lists.get("tie_cue", ())]
    statuses: list[tuple[str, TieStatus]] = [(str(r["text"]).lower(), r["status"])
                                             for r in lists.get("status_cue", ())]
    founding = {str(r["text"]).lower() for r in lists.get("founding_verb", ())}
    anaphors = tuple(str(r["text"]).lower() for r in lists.get("pair_anaphor", ()))
    return TieCues(tuple(sorted(cues, key=lambda c: -len(c[0]))), tuple(statuses), frozenset(founding),
                   anaphors)


def _cue_spans(sentence: Sentence, cues: TieCues) -> list[tuple[int, int, TieKind]]:
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
    return sorted(found)


def _status(sentence: Sentence, cues: TieCues) -> TieStatus:
    lower = sentence.text.lower()
    for wanted in ("ended", "suspended", "proposed"):
        if any(status == wanted and re.search(r"(?<![\w-])" + re.escape(text) + r"(?![\w-])", lower)
               for text, status in cues.statuses):
            return wanted
    return "active"


def _year_before(published: str | None, years: int) -> DateRange | None:
    if not published or not 0 < years < 300:
        return None
    year = int(published[:4]) - years
    return DateRange(f"{year:04d}-01-01", f"{year:04d}-12-31", "year")


def _since(sentence: Sentence, dates: Sequence[DateMention], published: str | None,
           cues: TieCues, text: str) -> DateRange | None:
    """When the tie began: a founding year of the sentence ("became sister cities in 1988", "since 1994"),
    else an anniversary counted back from the publication year."""
    lower = sentence.text.lower()
    founding = any(re.search(r"\b" + re.escape(w) + r"\b", lower) for w in cues.founding)
    chosen: DateRange | None = None
    for mention in dates:
        if not (sentence.start <= mention.span.start < sentence.end) or mention.resolved is None:
            continue
        resolved = mention.resolved
        if resolved.precision in ("decade", "unknown"):
            continue
        if published and resolved.start[:4] > published[:4]:
            continue
        before = text[max(0, mention.span.start - 8):mention.span.start].lower()
        if ("since" in before or founding) and (chosen is None or resolved.start < chosen.start):
            chosen = resolved
    if chosen is not None:
        return chosen
    match = _ANNIVERSARY.search(sentence.text)
    if match:
        number = match.group(1) or match.group(3) or match.group(4)
        years = int(number) if number else _ORDINALS.get((match.group(2) or "").lower(), 0)
        return _year_before(published, years)
    return None


def _usable(places: Sequence[PlaceMention], i: int, blocked: Sequence[tuple[int, int]]) -> bool:
    cand = _candidate(places, i)
    span = places[i].span
    return cand is not None and cand.kind in _TIE_PLACE_KINDS and not any(
        a <= span.start and span.end <= b for a, b in blocked)


def _pairs(order: list[int], places: Sequence[PlaceMention], text: str, cue: tuple[int, int, TieKind],
           dateline: int | None) -> list[tuple[int, int]]:
    """Which places of a sentence a cue ties together."""
    start, end, _ = cue
    if len(order) == 1 and dateline is not None and _place_key(places[dateline]) != _place_key(
            places[order[0]]) and _OWN.search(text[max(0, start - 24):start]):
        return [(dateline, order[0])]  # "the city's sister city X", under the city's dateline
    if len(order) < 2:
        return []
    partner = _WITH.match(text[end:end + 60])
    if partner and not any(p.span.start == end + partner.start(1) for p in places):
        return []  # "established a sister-city relationship with Gyeongsan": a partner that is no place found
    if len(order) == 2:
        return [(order[0], order[1])]
    before = [i for i in order if places[i].span.end <= start]
    after = [i for i in order if places[i].span.start >= end]
    owner = before[-1] if before and _POSSESSIVE_GAP.match(text[places[before[-1]].span.end:start]) else None
    listed: list[int] = []
    last = end
    for i in after:
        gap = text[last:places[i].span.start]
        if (not listed and _OF_GAP.match(gap)) or (listed and _LIST_GAP.match(gap)):
            listed.append(i)
            last = places[i].span.end
        else:
            break
    if owner is not None and listed:
        return [(owner, i) for i in listed]  # "X's sister cities Y and Z"
    if owner is not None and len(before) >= 2:
        return [(before[-2], owner)]  # "Y, X's sister city"
    if len(before) >= 2 and not listed:
        return [(before[-2], before[-1])]  # "X and Y became sister cities"
    if before and listed:
        return [(before[-1], i) for i in listed]  # "X is twinned with Y in Germany and Z in Nicaragua"
    if before and after:
        return [(before[-1], after[0])]
    return [(after[0], after[1])] if len(after) >= 2 else []


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
                 published: str | None = None, text: str = "") -> tuple[TieRecord, ...]:
    """The ties a document states, one per pair of places, with their evidence, kind, status and since."""
    cues = load_tie_cues()
    # "the Dayton Sister City Committee": the words of a tie inside a name tie nothing; a town inside a
    # name ("Oxford city council suspended its twinning") still stands for the town
    names = [(m.span.start, m.span.end) for m in (*parsed.organizations, *parsed.programs)]
    blocked = [(p.qualifier.start, p.qualifier.end) for p in places if p.qualifier is not None]
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
    usable = [i for i in range(len(places)) if _usable(places, i, blocked)]
    sentences = parsed.sentences
    for number, sentence in enumerate(sentences):
        spans = [c for c in _cue_spans(sentence, cues)
                 if not any(a <= c[0] and c[1] <= b and (a, b) != (c[0], c[1]) for a, b in names)]
        if not spans:
            continue
        inside = [i for i in usable if sentence.start <= places[i].span.start < sentence.end]
        if len({_place_key(places[i]) for i in inside}) < 2 and _names_the_pair(sentence, cues):
            # "Mayor X welcomed the Xiamen delegation to Richmond. The two have been Friendship Cities
            # since 2008": the two places just named, in the two sentences before
            start, end = sentences[max(0, number - 2)].start, sentences[max(0, number - 1)].end
            inside = _last_two([i for i in usable if number and start <= places[i].span.start < end], places)
        order: list[int] = []
        seen: set[object] = set()
        for i in sorted(inside, key=lambda i: places[i].span.start):
            key = _place_key(places[i])
            if key not in seen:
                seen.add(key)
                order.append(i)
        cities = [c for i in order if (c := _candidate(places, i)) is not None and c.kind == "city"]
        status = _status(sentence, cues)
        since = _since(sentence, dates, published, cues, text or sentence.text)
        for cue in spans:
            keep = order if cue[2] in ("sister state", "sister province") else [
                i for i in order if not ((c := _candidate(places, i)) is not None and c.kind == "admin1"
                                         and any(_contains(c, city) for city in cities))]
            for a, b in _pairs(keep, places, text, cue, dateline):
                ca, cb = _candidate(places, a), _candidate(places, b)
                if ca is None or cb is None or _place_key(places[a]) == _place_key(places[b]) or (
                        _contains(ca, cb) or _contains(cb, ca)):
                    continue
                pair = frozenset({_place_key(places[a]), _place_key(places[b])})
                draft = found.setdefault(pair, _TieDraft(
                    places=(a, b), kind=_kind(cue[2], places, a, b),
                    cue=Span(cue[0], cue[1], text[cue[0]:cue[1]] if text else "")))
                if sentence not in draft.evidence:
                    draft.evidence.append(sentence)
                draft.statuses.append(status)
                if since is not None and (draft.since is None or since.start < draft.since.start):
                    draft.since = since
    return tuple(d.record() for d in found.values())


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
    since: DateRange | None = None

    def record(self) -> TieRecord:
        # a later "ended" or "suspended" wins; "proposed" only when nothing says it exists
        status: TieStatus = next(
            (s for s in ("ended", "suspended") if s in self.statuses),
            "proposed" if self.statuses and all(s == "proposed" for s in self.statuses) else "active")
        return TieRecord(places=self.places, evidence=tuple(self.evidence), kind=self.kind, status=status,
                         since=self.since, cue=self.cue)


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
                 sentences: Sequence[Sentence] = (), text: str = "") -> tuple[TieRecord, ...]:
    """The ties that trips told as a tie's imply ("Chinese sister city delegation coming to Toledo" above "a
    delegation from Nanchong"): their home and the first place they went, where no tie the text states joins
    them already, and the tie's words are the headline's or the travellers' own."""
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
    return tuple(out)


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
