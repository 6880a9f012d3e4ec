"""Place names the model missed, found in the gazetteer when the words around them say "a place".

The small spaCy model gives many towns no entity, or calls them people or organisations ("from Lafayette",
"in Lawton and Enid"). ``gazetteer_toponyms`` looks at runs of capitalised proper nouns that no place entity
covers and adds them as toponyms (label ``GAZETTEER``) when all of these hold:

* a locative context: after "in", "to", "from", "near", "visited", "city of", "Senator X of", in a list with
  another place ("Lawton and Enid", "Japan, Ashikaga"), or before ", a city", "-based", "'s mayor";
* no sign of a person or an organisation: no honorific or title before, no given name first, no organisation
  head noun last;
* the gazetteer knows the name as a country, a first-level unit or a town of some size, and the name is not a
  common English word ("Hope", "Chase", "Strong" are towns too).

A name found so is a place in its other mentions too (one sense per story), unless a sign says otherwise.
Only candidate runs are looked up (a few per document), each name once.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan
from wordfreq import zipf_frequency

from geo.language.doctext import doc_text
from geo.language.lexicon import PATTERNS_DIR, Lexicon, load_lexicon, rows_by_kind
from geo.language.nlp import embedded_toponyms
from geo.models import EntityMention, ParsedText, Span, Toponym
from geo.places.gazetteer import Gazetteer, normalize
from geo.places.suffixes import split_suffix, suffix_pattern
from geo.places.toponyms import qualifier_span

LABEL = "GAZETTEER"
DEMONYM_LABEL = "DEMONYM"
IN_NAME_LABEL = "IN_NAME"  # as geo.language.nlp.embedded_toponyms labels them
ACRONYM_LABEL = "ACRONYM"
_ACRONYM_LABELS = frozenset({"ORG", "NORP", "PRODUCT"})  # what the model calls "DRC", "UAE" when not a place
_MAX_EXTENSION = 4
_LIST_DASH = re.compile(r" [-–—] ")
_LINK_WORDS = frozenset(
    {"and", "of", "the", "de", "del", "do", "da", "dos", "das", "du", "des", "di", "la", "el"}
)
# "Hebei province", "the Artibonite region": the unit said in passing, not part of the name
_UNIT_AFTER = re.compile(r"\s+(?:province|region|prefecture|governorate)$")
_PART_WORDS = frozenset(
    {
        f"{word}{suffix}"
        for word in ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                     "north-east", "north-west", "south-east", "south-west")
        for suffix in ("", "ern")
    }
    | {"central", "upper", "lower", "inner", "outer", "greater", "coastal", "rural", "mainland"}
)
_UNIT_WORDS = frozenset({"province", "prefecture", "region", "district", "municipality", "oblast"})
CIVIC_TAILS_FILE = PATTERNS_DIR / "civic_tails.jsonl"


@lru_cache(maxsize=2)
def civic_tail(kind: str = "civic_tail") -> re.Pattern[str]:
    """The words that make a place name the name of its municipal body ("Oxford city council", "Kanifing
    Municipality"), or with ``kind="unit_tail"`` of the unit itself ("Ikom LGA"), at the end of a text
    (data: ``data/patterns/civic_tails.jsonl``)."""
    words = sorted((r["text"] for r in rows_by_kind(CIVIC_TAILS_FILE).get(kind, [])), key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in words)
    return re.compile(rf"\s+(?:{alternatives})$", re.IGNORECASE)


_KIND_ONLY = re.compile(r"(?:the\s+)?(?:city|county)(?:\s+of)?", re.IGNORECASE)
_POSSESSOR = re.compile(r"^[A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*)?(?:'s|’s)\s+(?=[A-Z])")
_ACRONYM_SCORE = 0.9  # the gazetteer's own prior: "UK", "DRC" are countries first, "UN" is a town first
MIN_POPULATION = 5_000  # a town smaller than this is more often a surname or a street in the news
BIG_CITY = 1_000_000
_TIE_TOWN = 20_000  # "Coventry", "Dubuque": a town a tie sentence names
_TIE_ZIPF = 5.0
# words of a tie sentence that name no town: "Sister City", "Friendship", "the Twinning Association"
_TIE_STOPS = frozenset({
    "sister", "sisters", "twin", "twinning", "city", "cities", "town", "towns", "friendship", "partner",
    "state", "province", "county", "agreement", "relationship", "association", "committee", "society",
    "council", "international", "program", "programme", "exchange",
})  # "Oxford" (4.38) is a town there; "Sister", "Friday" are too common
MIN_SERVED_POPULATION = 1_000  # "Brownsboro Police": a town's own police, schools or board
COMMON_ZIPF = 4.1  # "hope", "chase", "eagle" are above; "adelaide" (3.99), "lafayette" (3.52) below
_MAX_TOKENS = 4
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_MODEL_PLACES = frozenset({"GPE", "LOC"})
# Entities that may be relabelled when they are exactly the run; others (DATE, CARDINAL) may contain it.
_EXACT_LABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"})
_BEFORE = frozenset(
    {
        "in", "to", "from", "near", "across", "throughout", "outside", "around", "toward", "towards",
        "into", "via", "between", "visit", "visits", "visited", "visiting", "toured", "tour", "tours",
        "touring", "nearby", "neighbouring", "neighboring",
    }
)
# "city of X", "the middle of X", "Mayor of X"
_OF_HEADS = frozenset(
    {
        "city", "town", "village", "port", "province", "state", "county", "prefecture", "region", "capital",
        "cities", "towns", "villages", "hometown",
        "municipality", "suburb", "district", "middle", "heart", "outskirts", "centre", "center", "edge",
        "rest", "north", "south", "east", "west", "people", "residents", "citizens",
    }
)
# the kinds of place whose "of" names one: "the province of X" (not "the people of X")
_OF_KINDS = frozenset({"city", "town", "village", "port", "province", "state", "county", "prefecture",
                       "region", "municipality", "district"})
# words between the cue and the name: "in nearby Hakusan", "to the northern city of"
_SKIPPABLE = frozenset(
    {
        "nearby", "neighbouring", "neighboring", "northern", "southern", "eastern", "western", "central",
        "coastal", "rural", "suburban", "downtown", "sister", "partner", "twin",
    }
)
_AFTER_APPOSITION = frozenset({"city", "town", "village", "port", "suburb", "municipality", "county"})
_LEAVE_FOR = frozenset({"leave", "depart", "head", "bind", "sail", "fly", "set"})
_AFTER_POSSESSIVE = frozenset(
    {
        "mayor", "city", "council", "governor", "town", "police", "downtown", "county", "suburbs", "aldermen",
        "councillors", "councilors", "selectmen", "commissioners", "sister", "twin", "partner", "friendship",
        "civic", "twinning",  # "Alnwick's civic party", "Harpenden's twinning association"
    }
)
# "twinned with X", "X was twinned with", "its sister city X": the words of a tie say a place
_TIE_BEFORE = frozenset({"twinned", "twinning", "partnered", "paired"})
_TIE_HEADS = frozenset({"city", "cities", "town", "towns", "state", "province", "prefecture", "county"})
_TIE_BONDS = frozenset({"link", "links", "arrangement", "relationship", "relations", "agreement", "ties",
                        "partnership", "pact", "bond"})
_TIE_MODIFIERS = frozenset({"sister", "twin", "partner", "friendship", "friendly"})
_LIST_WORDS = frozenset({",", "and", "or"})
# titles that a place's name comes before: "Kisumu Governor X", "Perth Lord Mayor X"
_OFFICE_AFTER = frozenset({
    "governor", "gov", "mayor", "lord", "premier", "magistrate", "councillor", "county",
})
# the word after a place name inside an organisation's name when the organisation serves that place
_CIVIC_HEADS = frozenset(
    {
        "police", "sheriff", "sheriff's", "sheriff’s", "fire", "department", "city", "county", "public",
        "high", "school", "schools", "hospital", "community", "municipal", "area", "council", "commission",
        "board", "chamber", "state", "district", "township", "parish", "metro", "regional", "transit",
        "housing", "health", "water", "airport", "port", "convention", "visitors", "association",
        "government", "assembly", "legislature", "mayor's", "mayor’s", "emergency", "bureau",
    }
)
# "the New York Times", "China Daily": where a newspaper is printed is not what the story is about
_OUTLET_WORDS = frozenset({"daily", "news", "journal-constitution", "sentinel", "democrat", "republican"})
_CIVIC_PAIRS = frozenset({("national", "guard"), ("army", "national"), ("air", "national")})
_ORG_READINGS = 3  # a name the model calls an organisation this often needs more than a list to be a place
# "Iowa City", "Jackson County": the run is the start of a longer place name
_NAME_GOES_ON = frozenset(
    {
        "city", "county", "state", "town", "village", "township", "parish", "island", "islands", "valley",
        "lake", "river", "mountains", "beach", "heights", "falls", "springs", "bay",
    }
)
# "a Camarillo resident", "an Alexandria woman": where people live
_AFTER_RESIDENT = frozenset(
    {
        "resident", "residents", "native", "natives", "man", "woman", "men", "women", "boy", "girl", "teen",
        "teenager", "couple", "family", "families", "homeowners", "voters",
    }
)
# "Lafayette, a city in the U.S. state of Indiana": the state qualifies the town as "Lafayette, Indiana" would
# ("Boston, a sister city of Taipei" is a tie, not a qualifier)
_APPOSITION = re.compile(
    r",\s+(?:a|an|the)\s+(?:(?!(?:sister|twin|partner|friendship|friendly)\b)[\w-]+\s+){0,3}?(?:city|town|village|port|suburb|municipality|community|county)"
    r"\s+(?:in|of)\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern|-?central)?\s+|central\s+)?"
    r"(?:(?:U\.S\.|US|[A-Z][a-z]+)\s+)?"
    r"(?:(?:state|province|prefecture|region|county)\s+of\s+)?"
)
# "talked to Roy", "according to Hopkins", "turned over to Carlow": "to" before a person
_TO_PERSON = frozenset(
    {
        "talk", "speak", "say", "tell", "write", "listen", "reply", "respond", "according", "turn", "over",
        "give", "send", "hand", "report", "explain", "refer", "introduce", "apologize", "apologise", "thank",
        "thanks", "married", "related", "letter", "attention", "close", "next", "due", "belong", "pay",
        "sell", "lose", "loss", "donate", "vote", "appeal", "complain", "ask", "message", "call", "email",
        "marry",
    }
)
_STREET_WORDS = frozenset(
    {
        "street", "streets", "st", "avenue", "avenues", "ave", "road", "roads", "rd", "drive", "dr",
        "boulevard", "blvd", "lane", "ln", "highway", "parkway", "pkwy", "way", "court", "place", "circle",
        "trail",
    }
)


def gazetteer_toponyms(doc: Doc, parsed: ParsedText, gazetteer: Gazetteer) -> ParsedText:
    """``parsed`` with the gazetteer's places that the model missed added as toponyms (label GAZETTEER)."""
    return _with_trailing_qualifiers(doc_text(doc), _gazetteer_toponyms(doc, parsed, gazetteer), gazetteer)


def _with_trailing_qualifiers(text: str, parsed: ParsedText, gazetteer: Gazetteer) -> ParsedText:
    """Toponyms without a qualifier get the state or country named in full right after them ("from
    Warminster, Pennsylvania", where the model read the town as a date; "Karasu Municipality (Sakarya)"),
    when that state is a toponym of its own or in brackets ("Bentley Park, Trinity Beach" is a list)."""
    starts = {t.span.start: t for t in parsed.toponyms}
    toponyms: list[Toponym] = []
    for topo in parsed.toponyms:
        after = None if topo.qualifier or topo.label == "QUALIFIER" or gazetteer.admin1_of(
            topo.span.text) or gazetteer.country_code(topo.span.text) else _state_after(
                text, topo.span.end, gazetteer)
        bracketed = after is not None and text[after.start - 1] == "("
        if after is not None and (bracketed or (
                after.start in starts and starts[after.start].span.end == after.end)):
            topo = dataclasses.replace(topo, qualifier=after)
        toponyms.append(topo)
    return dataclasses.replace(parsed, toponyms=tuple(toponyms))


def _state_after(text: str, end: int, gazetteer: Gazetteer) -> Span | None:
    """ ", Pennsylvania" or " (Sakarya)" right after a name: a state's or a country's whole name."""
    found = re.match(r"(?:,\s*|\s\()([A-Z][\w'’-]{3,}(?:\s[A-Z][\w'’-]*)?)(?=\)|[,.;:]|\s+[a-z(]|$)",
                     text[end:end + 40])
    if found is None or (text[end:end + 2] == " (" and not text[end + found.end():].startswith(")")):
        return None
    name = found.group(1)
    if not (gazetteer.admin1_of(name) or gazetteer.country_code(name)):
        return None
    return Span(end + found.start(1), end + found.end(1), name)


def _gazetteer_toponyms(doc: Doc, parsed: ParsedText, gazetteer: Gazetteer) -> ParsedText:
    parsed = _suffixed_toponyms(doc_text(doc), parsed, gazetteer)
    lexicon = load_lexicon()
    taken = sorted((t.span.start, t.span.end) for t in parsed.toponyms)
    place_tokens = _place_token_ends(doc, taken)
    text, ents = doc_text(doc), doc.ents  # spaCy builds the entities anew at each access
    full_names: dict[str, set[str]] = {}  # surname -> the people's full names: "Hopkins" -> {"David Hopkins"}
    for full in [m.name for m in parsed.people] + [e.text for e in ents if e.label_ == "PERSON"]:
        first = full.split()[0]
        if first.lower().endswith("ing") and first not in lexicon.first_names:
            continue  # "Saying Chengdu ...", "Highlighting Baku": a verb and a place, no one's name
        if any(word in _LIST_WORDS for word in full.lower().replace(",", " , ").split()):
            continue  # "Alnwick and Voerde" taken for a person: two names, no one's surname
        if " " in full:
            full_names.setdefault(full.split()[-1], set()).add(full)
    ent_of = {i: ent for ent in ents for i in range(ent.start, ent.end)}
    organisations = Counter(ent.text for ent in ents if ent.label_ == "ORG")
    runs = [
        run
        for run in _runs(doc, lexicon, ent_of)
        if not _overlaps(taken, run.start_char, run.end_char)
    ]
    tie_runs = list(_tie_names(doc, lexicon, ent_of, taken))
    if not runs and not tie_runs:
        return _with_appositions(text, parsed, lexicon)
    known: dict[str, bool] = {}
    big: dict[str, bool] = {}
    accepted: dict[tuple[int, int], SpacySpan] = {}
    names: set[str] = set()

    def surname(name: str) -> bool:  # of a person in the story, unless that "person" is a place found here
        return not full_names.get(name, set()) <= names

    for _ in range(2):  # twice: "from Muncie and Elkhart" once Muncie is known, "Wagga" once "Wagga Wagga" is
        for run in runs:
            key = (run.start_char, run.end_char)
            if key in accepted or surname(run.text) or any(
                    a <= run.start_char and run.end_char <= b for a, b in accepted):
                continue
            strong = _locative(doc, run, place_tokens, lexicon)
            if not strong and not _in_list(doc, run, place_tokens):
                if _is_big_city(run.text, gazetteer, lexicon, big):
                    accepted[key] = run
                    names.add(run.text)
                continue
            if not strong and organisations[run.text] >= _ORG_READINGS:
                continue  # "Israel and Hamas": a list alone does not outweigh the model's repeated reading
            if _is_place_name(run.text, gazetteer, lexicon, known):
                whole = doc[run.start:run.end + 1] if run.end < len(doc) else run
                unit = whole[-1]
                if len(whole) > len(run) and unit.lower_ in _UNIT_WORDS and unit.text[:1].isupper() and (
                        _is_place_name(whole.text, gazetteer, lexicon, known)):
                    run, key = whole, (whole.start_char, whole.end_char)  # "Ishikawa Prefecture" whole
                accepted[key] = run
                names.add(run.text)
                place_tokens[run.start] = "both" if len(run) == 1 else "start"
                place_tokens[run.end - 1] = "both" if len(run) == 1 else "end"
    for run, named in tie_runs:
        # "Coventry ended its link with its twin city": towns of some size named where a tie is told; a
        # smaller one where it names a tie's body ("the Keokuk Sister Cities")
        key = (run.start_char, run.end_char)
        if key not in accepted and not surname(run.text) and _is_tie_town(
                run.text, gazetteer, lexicon, MIN_POPULATION if named else _TIE_TOWN):
            accepted[key] = run
            names.add(run.text)
    # one sense per story: the other mentions of a name the model or a locative context made a place
    names |= {t.span.text for t in parsed.toponyms if t.label in _MODEL_PLACES}
    for run in runs:
        if run.text in names and run[0].ent_type_ != "PERSON" and not surname(run.text) and not any(
                a <= run.start_char and run.end_char <= b for a, b in accepted):
            accepted.setdefault((run.start_char, run.end_char), run)
    if not accepted:
        return _with_appositions(text, parsed, lexicon)
    spans = set(accepted)

    def kept(mentions: tuple[EntityMention, ...]) -> tuple[EntityMention, ...]:
        return tuple(m for m in mentions if (m.span.start, m.span.end) not in spans and not any(
            a == m.span.start and text[b:m.span.end].strip().lower() in _UNIT_WORDS for a, b in spans))

    without = dataclasses.replace(parsed, people=kept(parsed.people),
                                  organizations=kept(parsed.organizations))  # nor "Jalal-Abad Oblast"
    return _with_appositions(text, _with_toponyms(without, text, sorted(spans), LABEL), lexicon)


def _suffixed_toponyms(text: str, parsed: ParsedText, gazetteer: Gazetteer) -> ParsedText:
    """Names with a municipal suffix ("Nagaizumi-cho", "Suwon-si") are places when the gazetteer knows the
    stem in the suffix's countries, whatever the model called them (it reads "Nagaizumi-cho" as a person);
    a toponym of the stem alone ("Harima" of "Harima-cho") gets the whole name."""
    toponyms = list(parsed.toponyms)
    added: list[tuple[int, int]] = []
    for match in suffix_pattern().finditer(text):
        start, end = match.span()
        named = split_suffix(match.group())
        found = [*gazetteer.search(named.stem), *gazetteer.search(match.group())] if named else []
        if named is None or not any(c.country in named.countries for c in found):
            continue
        inside = [i for i, t in enumerate(toponyms) if t.span.start < end and start < t.span.end]
        if not inside:
            added.append((start, end))
            continue
        stem = toponyms[inside[0]]
        if len(inside) == 1 and stem.span.start == start and stem.span.end < end:
            toponyms[inside[0]] = dataclasses.replace(stem, span=Span(start, end, text[start:end]))
    if not added and toponyms == list(parsed.toponyms):
        return parsed

    def kept(mentions: tuple[EntityMention, ...]) -> tuple[EntityMention, ...]:
        return tuple(m for m in mentions if not _overlaps(added, m.span.start, m.span.end))

    parsed = dataclasses.replace(parsed, toponyms=tuple(toponyms), people=kept(parsed.people),
                                 organizations=kept(parsed.organizations))
    return _with_toponyms(parsed, text, added, LABEL)


def in_name_toponyms(doc: Doc, parsed: ParsedText, gazetteer: Gazetteer) -> ParsedText:
    """``parsed`` with the places that organisations are named after added as toponyms (label ``IN_NAME``).

    "Mansfield" in "the Mansfield Police Department", "Kenton County" in "Kenton County Sheriff's Office",
    "Minnesota" in "University of Minnesota", "S.C." in "the S.C. Highway Patrol": the organisation serves
    or stands in that place, and a reader of the story would place it there. Kept only when the name is a
    state or a country ("U.S. Army"), the word after it is one of a public body's ("Police", "City",
    "County", "Schools", "Fire", ...) or the name follows "of"; and the gazetteer knows it as a country, a
    state, a county or a town of a thousand people that is not a common word: "Webb Center", "Wright State
    University" or "East Bank" are named after people or directions.
    """
    lexicon = load_lexicon()
    taken = [(t.span.start, t.span.end) for t in parsed.toponyms]
    known: dict[str, bool] = {}
    added: list[tuple[int, int]] = []
    candidates = [doc.char_span(t.span.start, t.span.end, alignment_mode="expand")
                  for t in embedded_toponyms(doc)]
    candidates += _leading_states(doc, lexicon)
    for span in candidates:
        if span is None or not len(span):
            continue
        if span[0].lower_ == "the":
            span = span[1:]
        name = span.text
        if not name or _overlaps(taken, span.start_char, span.end_char):
            continue
        after = [t.lower_ for t in doc[span.end : span.end + 2]]
        if after and (after[0] in lexicon.outlet_heads or after[0] in _OUTLET_WORDS):
            continue
        civic = bool(after) and (after[0] in _CIVIC_HEADS or tuple(after) in _CIVIC_PAIRS)
        after_of = span.start > 0 and doc[span.start - 1].lower_ == "of"
        civic = civic or lexicon.qualifier(name) is not None  # "U.S. Army", "Texas Forest Service"
        if not (after_of or civic) or not _is_served_place(name, gazetteer, lexicon, known):
            continue
        taken.append((span.start_char, span.end_char))
        added.append((span.start_char, span.end_char))
    parsed = _with_toponyms(parsed, doc_text(doc), added, IN_NAME_LABEL)
    return _civic_places(doc, parsed, gazetteer, taken)


def _civic_places(
    doc: Doc, parsed: ParsedText, gazetteer: Gazetteer, taken: list[tuple[int, int]]
) -> ParsedText:
    """``parsed`` with the place of each municipal body the text names ("Oxford" of "Oxford city council"):
    the body says the name is a town, so a common word ("Reading", "Oxford") is one too, when the gazetteer
    knows it as a town of a thousand people, a county or a state; a "person" of that name is none."""
    lexicon = load_lexicon()
    added: list[tuple[int, int]] = []
    for span in _civic_bodies(doc):
        if _overlaps(taken, span.start_char, span.end_char) or span.text in lexicon.first_names:
            continue
        unit = civic_tail("unit_tail").search(span.text)
        name = span.text[: unit.start()] if unit else span.text
        if any(c.kind in ("admin1", "country") or c.feature_code == "ADM2"
               or (c.kind == "city" and c.population >= MIN_SERVED_POPULATION)
               for c in gazetteer.search(name)):
            taken.append((span.start_char, span.end_char))
            added.append((span.start_char, span.end_char))
    if not added:
        return parsed
    people = tuple(m for m in parsed.people if not _overlaps(added, m.span.start, m.span.end))
    return _with_toponyms(dataclasses.replace(parsed, people=people), doc_text(doc), added, LABEL)


def _civic_bodies(doc: Doc) -> list[SpacySpan]:
    """The place of an entity that names a municipal body: "Oxford" of "Oxford city council", "Ikom" of
    "Ikom LGA", "Auburn" of "Auburn City Councilman" (a name of one to three capitalised words)."""
    out: list[SpacySpan] = []
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "PERSON", "GPE", "FAC", "NORP"):
            continue
        tail = civic_tail().search(ent.text)
        unit = civic_tail("unit_tail").search(ent.text)
        if tail is None and unit is None:
            continue
        end = ent.end_char if tail is None else ent.start_char + tail.start()  # "Ikom LGA" names the unit
        head = doc.char_span(ent.start_char, end, alignment_mode="contract")
        while head is not None and len(head) and head[0].is_stop:  # "The City Council": no name
            head = head[1:]
        if head is not None and 0 < len(head) <= 3 + (tail is None) and all(
                t.text[:1].isupper() or t.text == "-" for t in head):
            out.append(head)
    return out


_HYPHEN_TAIL = re.compile(r"[-–][A-Z][^\W\d_]+(?:[-–][a-z]+[-–][A-Z][^\W\d_]+)?")
_PAIR_HYPHEN = re.compile(r"(?<=[a-z])[-–](?=[A-Z])")
_PAIR_AFTER = re.compile(r"\s+(?:sister|twin|twinning|twinned|partnership|friendship|relationship|relations"
                         r"|ties|link|links|agreement|pact|exchange|partner)\b", re.IGNORECASE)


def _paired(text: str, start: int, end: int, gazetteer: Gazetteer, lexicon: Lexicon,
            known: dict[str, bool]) -> re.Match[str] | None:
    """The hyphen of two towns read as one name before a tie's words: "the Saint Paul-Nagasaki partnership"
    (not "Kara-Suu", a name the gazetteer knows whole)."""
    hyphen = _PAIR_HYPHEN.search(text, start, end)
    if hyphen is None or not _PAIR_AFTER.match(text, end) or gazetteer.search(text[start:end]):
        return None
    parts = (text[start:hyphen.start()], text[hyphen.end():end])
    # before a tie's words a town's name may be a common word too ("Richmond", "Reading")
    return hyphen if all(_is_place_name(part, gazetteer, lexicon, known) or _is_tie_town(
        part, gazetteer, lexicon, MIN_POPULATION) for part in parts) else None


def refined_spans(doc: Doc, parsed: ParsedText, gazetteer: Gazetteer) -> ParsedText:
    """``parsed`` with toponym spans set to the place's whole name as the gazetteer knows it.

    * a longer name around the span: "Trinidad and Tobago" (not "Trinidad"), "Baja California" (not "Baja"),
      "Democratic Republic of the Congo" (not "Congo"), when the gazetteer knows the longer one as a
      country or a state;
    * no possessor or part words in front: "Bowling Green" of "GM's Bowling Green", "China" of "Eastern
      China" (a name the gazetteer does not know, whose tail is a country or a city of millions);
    * no span that only says what a place is ("City of" cut off "the City of Fort Worth", "County");
    * no dash at the end ("Calif." of "Calif.--"), no unit said in passing ("Hebei" of "Hebei province"),
      and two places for "Central Africa - Nigeria".
    """
    lexicon = load_lexicon()
    known: dict[str, bool] = {}
    taken = [(t.span.start, t.span.end) for t in parsed.toponyms]
    text = doc_text(doc)
    changed = False
    toponyms: list[Toponym] = []
    for topo in parsed.toponyms:
        if _only_kind_words(topo.span.text):
            changed = True  # "City", "City of", "County": what a place is, with no name
            continue
        start, end = topo.span.start, topo.span.end
        possessor = _POSSESSOR.match(topo.span.text)
        rest = topo.span.text[possessor.end() :] if possessor else ""
        if possessor and not gazetteer.search(topo.span.text) and _is_place_name(rest, gazetteer, lexicon,
                                                                                  known):
            start += possessor.end()  # "GM's Bowling Green", but not "St. Patrick's Day"
        elif not possessor:
            start += _unknown_head(topo.span.text, gazetteer, lexicon)  # "Eastern China"
        while end > start and (text[end - 1] in "-–—" or text[end - 1].isspace()):
            end -= 1
        unit = _UNIT_AFTER.search(text, start, end) or civic_tail().search(text, start, end)
        if unit is not None and gazetteer.search(text[start : unit.start()]):
            end = unit.start()  # "Hebei" of "Hebei province", "Kanifing" of "Kanifing Municipality"
        inner = _PAIR_AFTER.search(text, start, end)
        cut = inner.start() if inner is not None else start
        if cut > start and _PAIR_HYPHEN.search(text, start, cut) and _paired(
                text, start, cut, gazetteer, lexicon, known):
            end = cut  # "the Richmond-Zhoushan Sister City Relationship" read as one place
        dash = _LIST_DASH.search(text, start, end) or _paired(text, start, end, gazetteer, lexicon, known)
        if dash is not None and topo.label != "QUALIFIER":  # "Central Africa - Nigeria": two places
            first = Span(start, dash.start(), text[start : dash.start()])
            toponyms.append(dataclasses.replace(topo, span=first))
            start, changed = dash.end(), True
        suffix = re.match(r"-([a-z]+)\b", text[end : end + 8], re.IGNORECASE)
        if suffix and suffix.group(1).lower() in lexicon.name_suffixes and gazetteer.search(
                text[start : end + suffix.end()]):
            end += suffix.end()  # "Gyeongsangbuk" of "Gyeongsangbuk-do", "Songpa" of "Songpa-gu"
        joined = _HYPHEN_TAIL.match(text, end)
        if joined and topo.label != "QUALIFIER" and gazetteer.search(text[start : joined.end()]):
            end = joined.end()  # "Polanica" of "Polanica-Zdrój": the whole name the gazetteer knows
        owned = re.match(r"['’]s(?!\w)", text[end : end + 3])
        if owned and _is_named_so(text[start : end + 2], gazetteer):
            end += 2  # "St. John" of "St. John's, Newfoundland": the possessive is the town's own
            if topo.qualifier is None:  # and the province after it is its qualifier
                topo = dataclasses.replace(topo, qualifier=qualifier_span(text, end, gazetteer))
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span) and topo.label != "QUALIFIER":
            others = [t for t in taken if t != (topo.span.start, topo.span.end)]
            longer = _longer_name(span, gazetteer, others)
            if longer is not None:
                start, end = longer.start_char, longer.end_char
        if (start, end) != (topo.span.start, topo.span.end) and end > start:
            topo = dataclasses.replace(topo, span=Span(start, end, text[start:end]))
            changed = True
        toponyms.append(topo)
    if not changed:
        return parsed
    # "Tobago" of "Trinidad and Tobago" is no mention of its own any more; each span once
    spans = {(t.span.start, t.span.end) for t in toponyms}
    kept: dict[tuple[int, int], Toponym] = {}
    for t in toponyms:
        key = (t.span.start, t.span.end)
        inside = any(s <= key[0] and key[1] <= e and (s, e) != key for s, e in spans)
        if not inside:
            kept.setdefault(key, t)
    return dataclasses.replace(parsed, toponyms=tuple(kept.values()))


def _unknown_head(name: str, gazetteer: Gazetteer, lexicon: Lexicon) -> int:
    """How many characters to drop in front of a name the gazetteer does not know: words for a part of a
    country, of a state the news names as such, or of a city of millions ("Eastern China" -> "China",
    "Northeast Georgia" -> "Georgia", "North-Western Sydney" -> "Sydney"; not "West Midlands" -> "Midlands",
    a province of Zimbabwe); 0 when there are none."""
    words = name.split(" ")
    if len(words) < 2 or gazetteer.search(name):
        return 0
    for k in range(1, min(3, len(words))):
        if words[k - 1].lower() not in _PART_WORDS:
            break
        tail = " ".join(words[k:])
        top = gazetteer.search(tail)[:1]
        if lexicon.qualifier(tail) is not None or any(
            c.kind == "country" or (c.kind == "city" and c.population >= BIG_CITY) for c in top
        ):
            return len(name) - len(tail)
    return 0


def _straddles(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether a span overlaps ``start..end`` without lying inside it."""
    return any(s < end and start < e and not (start <= s and e <= end) for s, e in spans)


def _only_kind_words(text: str) -> bool:
    """A span that says what a place is and names none ("City", "City of", "County"); not "Falls Village", a
    town, nor "the Valley" or "the State", which the news use for one."""
    return _KIND_ONLY.fullmatch(text.strip()) is not None


def _longer_name(span: SpacySpan, gazetteer: Gazetteer, others: list[tuple[int, int]]) -> SpacySpan | None:
    """The longest run around ``span`` (names, "and", "of", "the") that the gazetteer knows as a big place."""
    doc = span.doc
    best: SpacySpan | None = None
    # what the 24 extensions ask of each token around the span, read once per token
    window = range(max(0, span.start - _MAX_EXTENSION), min(len(doc), span.end + _MAX_EXTENSION))
    tokens = [doc[i] for i in window]
    joins = {t.i: _joins_a_name(t) for t in tokens}
    lower = {t.i: t.lower_ for t in tokens}
    upper = {t.i: t.text[:1].isupper() for t in tokens}
    for left in range(0, _MAX_EXTENSION + 1):
        for right in range(0, _MAX_EXTENSION + 1):
            if not left and not right:
                continue
            first, last = span.start - left, span.end + right
            if first < 0 or last > len(doc):
                continue
            added = [*range(first, span.start), *range(span.end, last)]
            if not all(joins[i] for i in added):
                continue
            if all(lower[i] in _NAME_GOES_ON or lower[i] in _UNIT_WORDS for i in added):
                continue  # "Dublin City Council": "City" says what Dublin is, the name stays "Dublin"
            capitalised = upper[first] and upper[last - 1]
            if lower[first] == "the" or not capitalised:
                continue
            candidate = doc[first:last]
            if _straddles(others, candidate.start_char, candidate.end_char):
                continue
            if best is not None and len(candidate) <= len(best):
                continue
            if _is_big_name(candidate.text, gazetteer) or _is_whole_name(candidate.text, gazetteer):
                best = candidate
    return best


def _is_named_so(name: str, gazetteer: Gazetteer) -> bool:
    """A town the gazetteer writes with this very ending ("St. John's")."""
    key = name.replace("’", "'").casefold()
    return any(c.kind == "city" and c.name.replace("’", "'").casefold() == key
               for c in gazetteer.search(name)[:3])


def _is_whole_name(name: str, gazetteer: Gazetteer) -> bool:
    """A town's or a county's whole name, as the gazetteer writes it, that the model cut in two ("Hidalgo"
    and "Parral" of "Hidalgo del Parral", "Costa County" of "Contra Costa County")."""
    key = normalize(name)
    return len(name.split()) >= 3 and any(
        normalize(c.name) == key for c in gazetteer.search(name)[:3] if c.kind in ("city", "region"))


def _joins_a_name(token: Token) -> bool:
    """A word of a place's name: a capitalised word, a linking word ("and", "of", "do"), a tight hyphen."""
    if token.text == "-":
        return not token.whitespace_ and token.i > 0 and not token.doc[token.i - 1].whitespace_
    return (token.text[:1].isupper() and token.is_alpha) or token.lower_ in _LINK_WORDS


def _is_big_name(name: str, gazetteer: Gazetteer) -> bool:
    """A country's or a state's name ("Trinidad and Tobago", "Baja California"), as written or an alias."""
    key = normalize(name)
    return any(
        normalize(c.name) == key or c.score >= _ACRONYM_SCORE
        for c in gazetteer.search(name)[:3]
        if c.kind in ("country", "admin1")
    )


def acronym_toponyms(doc: Doc, parsed: ParsedText, gazetteer: Gazetteer) -> ParsedText:
    """``parsed`` with countries written as acronyms that the model took for organisations ("the DRC", "UAE").

    Only a token of capitals (dots allowed) that the gazetteer knows first as a country, standing alone:
    not inside a run of capitals (a headline), not glued to other words by a hyphen.
    """
    taken = [(t.span.start, t.span.end) for t in parsed.toponyms]
    added: list[tuple[int, int]] = []
    known: dict[str, bool] = {}
    whole = doc_text(doc)
    for token in doc:
        text = token.text
        letters = text.replace(".", "")
        if not (2 <= len(letters) <= 4 and letters.isalpha() and letters.isupper()):
            continue
        if token.ent_type_ and token.ent_type_ not in _ACRONYM_LABELS:
            continue
        neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
        if any((n.is_upper and n.is_alpha and len(n) > 1) or n.text == "-" for n in neighbours):
            continue
        if _overlaps(taken, token.idx, token.idx + len(text)) or whole[token.idx - 1 : token.idx] == "$":
            continue  # "$US 15 billion": a currency
        if text not in known:
            top = gazetteer.search(text)[:1]
            known[text] = bool(top) and top[0].kind == "country" and top[0].score >= _ACRONYM_SCORE
        if known[text]:
            added.append((token.idx, token.idx + len(text)))
    return _with_toponyms(parsed, whole, added, ACRONYM_LABEL)


def demonym_toponyms(doc: Doc, parsed: ParsedText, gazetteer: Gazetteer) -> ParsedText:
    """``parsed`` with nationality words added as mentions of their country (label ``DEMONYM``).

    "Russian troops", "the Israelis": LGL, GeoWebNews and TR-News annotate these as toponyms with the
    country's point, GeoVirus and the project's own articles do not. Off in the ingest; ``python -m geo
    evaluate --demonyms`` turns it on for corpora whose guidelines count them.
    """
    taken = [(t.span.start, t.span.end) for t in parsed.toponyms]
    added: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ != "NORP" or _overlaps(taken, ent.start_char, ent.end_char):
            continue
        word = ent.text
        singular = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
        if gazetteer.demonym_country(word) is None and gazetteer.demonym_country(singular) is None:
            continue
        added.append((ent.start_char, ent.end_char))
    return _with_toponyms(parsed, doc_text(doc), added, DEMONYM_LABEL)


def _leading_states(doc: Doc, lexicon: Lexicon) -> list[SpacySpan]:
    """ "U.S." of "the U.S. House of Representatives", "S.C." of "the S.C. Highway Patrol"."""
    found: list[SpacySpan] = []
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        body = ent[1:] if ent[0].lower_ == "the" else ent
        for size in (3, 2, 1):
            if len(body) <= size or lexicon.qualifier(body[:size].text) is None:
                continue
            if body[size].lower_ not in _NAME_GOES_ON:  # "Guernsey County Court" names the county
                found.append(body[:size])
            break
    return found


def _is_served_place(name: str, gazetteer: Gazetteer, lexicon: Lexicon, known: dict[str, bool]) -> bool:
    """A country, a state, a county, or a town of a thousand people that is not a common word or a name."""
    if name not in known:
        if lexicon.qualifier(name) is not None:
            known[name] = True
        elif name.isupper() or name in lexicon.first_names or (
            " " not in name and zipf_frequency(name.lower(), "en") >= COMMON_ZIPF
        ):
            known[name] = False
        else:
            known[name] = any(
                c.kind in ("admin1", "country")
                or c.feature_code == "ADM2"
                or (c.kind == "city" and c.population >= MIN_SERVED_POPULATION)
                for c in gazetteer.search(name)
            )
    return known[name]


def _with_toponyms(parsed: ParsedText, text: str, spans: list[tuple[int, int]], label: str) -> ParsedText:
    """``parsed`` with a toponym labelled ``label`` for each (start, end) span, each in its sentence."""
    if not spans:
        return parsed
    starts = [s.start for s in parsed.sentences]
    added = [
        Toponym(Span(start, end, text[start:end]), parsed.sentences[max(bisect_right(starts, start) - 1, 0)],
                None, label)
        for start, end in spans
    ]
    return dataclasses.replace(
        parsed, toponyms=tuple(sorted((*parsed.toponyms, *added), key=lambda t: t.span.start))
    )


def _with_appositions(text: str, parsed: ParsedText, lexicon: Lexicon) -> ParsedText:
    """Toponyms without a qualifier get the state or country of an apposition ("X, a city in Y")."""
    by_start = {t.span.start: t for t in parsed.toponyms}
    changed = False
    toponyms: list[Toponym] = []
    for topo in parsed.toponyms:
        found = None if topo.qualifier else _APPOSITION.match(text, topo.span.end, topo.span.end + 80)
        place = by_start.get(found.end()) if found else None
        if place is not None and lexicon.qualifier(place.span.text) is not None:
            topo = dataclasses.replace(topo, qualifier=place.span)
            changed = True
        toponyms.append(topo)
    return dataclasses.replace(parsed, toponyms=tuple(toponyms)) if changed else parsed


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _place_token_ends(doc: Doc, taken: list[tuple[int, int]]) -> dict[int, str]:
    """Token index -> "start"/"end"/"both" for tokens that begin or end a known toponym."""
    marks: dict[int, str] = {}
    for start, end in taken:
        first = doc.char_span(start, end, alignment_mode="expand")
        if first is None or not len(first):
            continue
        marks[first.start] = "both" if marks.get(first.start) == "end" else "start"
        last = first.end - 1
        marks[last] = "both" if last == first.start or marks.get(last) == "start" else "end"
    return marks


def _runs(doc: Doc, lexicon: Lexicon, ent_of: dict[int, SpacySpan]) -> Iterator[SpacySpan]:
    """Maximal runs of capitalised proper nouns that could be a place the model missed."""
    stops = lexicon.title_words | lexicon.org_heads | lexicon.institution_heads | lexicon.facility_heads
    n = len(doc)

    def inside(j: int) -> bool:  # a name word, or the hyphen of "Knokke-Heist"
        token = doc[j]
        if token.is_sent_start or token.lower_ in _UNIT_WORDS:
            return False  # "Jalal-Abad Oblast": the unit after the name says it is a place
        if token.text == "-" and not doc[j - 1].whitespace_ and not token.whitespace_:
            following = doc[j + 1] if j + 1 < n else None
            return following is not None and (
                _name_token(following, stops) or following.lower_ in lexicon.name_suffixes)
        if token.lower_ in lexicon.name_suffixes and doc[j - 1].text == "-" and not doc[j - 1].whitespace_:
            return True  # "Gyeongsangbuk-do", "Songpa-gu", "Nagaizumi-cho"
        return _name_token(token, stops)

    def before_unit(i: int) -> bool:  # "from Syrdarya region": the model's adjective of a nationality
        token = doc[i]
        return bool(token.text[:1].isupper() and token.text.isalpha() and not token.is_sent_start
                    and i + 1 < n and doc[i + 1].lower_ in _UNIT_WORDS and token.lower_ not in stops)

    i = 0
    while i < n:
        if not _name_token(doc[i], stops) and not before_unit(i):
            i += 1
            continue
        j = i + 1
        while j < n and j - i < _MAX_TOKENS and inside(j):
            j += 1
        if j < n and inside(j):
            while j < n and inside(j):  # too long for a place name: skip it whole
                j += 1
            i = j
            continue
        run = doc[i:j]
        if _eligible(doc, run, lexicon, ent_of):
            yield run
        i = j


def _named_by_kind(doc: Doc, run: SpacySpan) -> bool:
    """ "the province of Thanh Hoa", "the city of Santa Rosa", "Jalal-Abad Oblast": a run after a kind of
    place and "of", or before a unit."""
    if run.end < len(doc) and doc[run.end].lower_ in _UNIT_WORDS:
        return True
    if run.start < 2 or doc[run.start - 1].lower_ != "of":
        return False
    return doc[run.start - 2].lower_ in _OF_KINDS


def _name_token(token: Token, stops: frozenset[str]) -> bool:
    text = token.text
    return (
        token.pos_ == "PROPN"
        and text[:1].isupper()
        and text.isalpha()
        and not (text.isupper() and len(text) > 1)  # letterheads, acronyms
        and token.lower_ not in stops
    )


def _eligible(doc: Doc, run: SpacySpan, lexicon: Lexicon, ent_of: dict[int, SpacySpan]) -> bool:
    """No place entity covers the run; a person or organisation entity only when it is exactly the run."""
    for token in run:
        if not token.ent_type_:
            continue
        ent = ent_of[token.i]
        if ent.label_ in _PLACE_LABELS:
            return False
        if ent.label_ in _EXACT_LABELS:
            body = ent[1:] if ent[0].lower_ == "the" else ent
            suffixed = len(run) > 2 and run[-2].text == "-" and run[-1].lower_ in lexicon.name_suffixes and (
                body.start, body.end) == (run.start, run.end - 2)  # the model's "Gyeongsangbuk" of "-do"
            united = body.start == run.start and body.end == run.end + 1 and (
                doc[run.end].lower_ in _UNIT_WORDS)  # the model's "Jalal-Abad Oblast" organisation
            if (body.start, body.end) != (run.start, run.end) and not (suffixed or united or _is_list(body)):
                return False
    before = doc[run.start - 1] if run.start > 0 else None
    if before is not None and (
        before.text in lexicon.honorifics
        or before.lower_ in lexicon.title_words
        or (before.text[:1].isupper() and before.pos_ == "PROPN")
        or before.lower_ == "the"
    ):
        return False  # "Mayor Enid Smith", "Dr. Lafayette", "Port Adelaide", "the Durango" (a car)
    if len(run) > 1 and run[0].text in lexicon.first_names and not _named_by_kind(doc, run):
        return False  # "Carl Ostrowski" (but "the central province of Thanh Hoa")
    after = doc[run.end] if run.end < len(doc) else None
    if after is None:
        return True
    if after.text == "." and run.text + "." in lexicon.honorifics:
        return False  # "Amb. Chen Yonglong": a title's abbreviation, not Ambilobe
    if (after.lower_ in _NAME_GOES_ON and after.text[:1].isupper()) or after.text == "&":
        return False  # "Iowa City", "McPherson & Jacobsen"
    following = doc[run.end + 1] if run.end + 1 < len(doc) else None
    if after.text == "-" and not after.whitespace_ and following is not None and following.is_lower:
        return following.lower_ == "based"  # "Agro-defense", but "Sheboygan-based"
    if after.lower_ in lexicon.title_words:
        return True  # "Lafayette Mayor Douglas Venner": the place of an office
    if after.like_num or after.lower_ in _STREET_WORDS:
        return False  # "Room Talla 2", "Harrison streets"
    first = following.text[:1] if following is not None else ""
    if after.text == "." and (first.isdigit() or first.islower()):
        return False  # "Pct. 4": an abbreviation
    if after.lower_ in _UNIT_WORDS:
        return True  # "Jalal-Abad Oblast", "Houaphan Province"
    if after.text[:1].isupper() and after.pos_ == "PROPN":
        return False  # part of a longer name that the run could not hold: "Rolla Chamber"
    return after.lower_ not in lexicon.org_heads | lexicon.institution_heads


def _is_list(ent: SpacySpan) -> bool:
    """ "Muncie and Elkhart" taken for one organisation: names and list words only."""
    if len(ent) > 1 and ent[-1].lower_ in ("'s", "’s"):
        ent = ent[:-1]  # "Christchurch and Adelaide's sister city relationship"
    words = [token.lower_ in _LIST_WORDS for token in ent]
    return any(words) and all(
        is_word or (token.text[:1].isupper() and token.pos_ == "PROPN")
        for token, is_word in zip(ent, words, strict=True)
    )


def _locative(doc: Doc, run: SpacySpan, places: dict[int, str], lexicon: Lexicon) -> bool:
    """Whether the words around ``run`` say that it is a place."""
    i = run.start - 1
    while i >= 0 and doc[i].lower_ in _SKIPPABLE and run.start - i <= 3:
        i -= 1
    if i >= 0:
        word = doc[i].lower_
        if word == "with" and i > 0 and doc[i - 1].lower_ in _TIE_BEFORE:
            return True  # "twinned with X"
        if word == "with" and i > 1 and doc[i - 1].lower_ in _TIE_BONDS and (
                doc[i - 2].lower_ in _TIE_MODIFIERS):
            return True  # "its friendship arrangement with X", "a sister-city link with X"
        if word in _TIE_HEADS and i > 0 and doc[i - 1].lower_ in _TIE_MODIFIERS:
            return True  # "its sister city X"
        if word in _BEFORE:
            return not (word == "to" and i > 0 and doc[i - 1].lemma_.lower() in _TO_PERSON)
        if word == "for" and doc[i].head.lemma_.lower() in _LEAVE_FOR:
            return True  # "left Thursday morning for X"
        if word == "of" and i > 0:
            head = doc[i - 1]
            if head.lower_ in _OF_HEADS or head.lower_ in lexicon.title_words or _person_before(doc, i):
                return True  # "the city of X", "the mayor of X", "Senator Carl Ostrowski of X"
    j = run.end
    if j < len(doc):
        word = doc[j].lower_
        if word == "," and j + 2 < len(doc) and doc[j + 1].lower_ in ("a", "an", "the"):
            words = doc[j + 2 : j + 4]  # ", a city", ", a small town"
            return any(token.lower_ in _AFTER_APPOSITION for token in words)
        if word in ("-", "–") and j + 1 < len(doc) and doc[j + 1].lower_ == "based":
            return True
        if word in _AFTER_RESIDENT and doc[j].pos_ == "NOUN":
            return True
        if word in _UNIT_WORDS:
            return True  # "Uzbekistan's Syrdarya region", "Houaphan province": the unit says a place
        if word in ("'s", "’s") and j + 1 < len(doc) and doc[j + 1].lower_ in _AFTER_POSSESSIVE:
            return True
        if doc[j].text[:1].isupper() and word.strip(".") in _OFFICE_AFTER and j + 1 < len(doc) and (
                doc[j + 1].text[:1].isupper()):
            return True  # "Kisumu Governor Peter Anyang", "Perth Lord Mayor Basil Zempilas"
        if word == "in" and j + 1 < len(doc) and places.get(j + 1) in ("start", "both"):
            return True  # "San Pedro Garza García in Mexico"
        if any(token.lower_ == "twinned" for token in doc[j:j + 4]):
            return True  # "X remains twinned with", "X had been twinned"
    return False


def _in_list(doc: Doc, run: SpacySpan, places: dict[int, str]) -> bool:
    """Listed with a known place: "Lawton and Enid", "in Japan, Ashikaga", "Rolla and Jefferson City"."""
    before, after = run.start - 1, run.end
    if before >= 0 and doc[before].lower_ in _LIST_WORDS and _place_before(doc, before, places):
        return True
    return after < len(doc) and doc[after].lower_ in _LIST_WORDS and _place_after(doc, after, places)


def _person_before(doc: Doc, of: int) -> bool:
    """ "Carl Ostrowski of", "Jane Roe, 41, of", "said Roe, of": where a person lives."""
    i = of - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
        if i >= 1 and doc[i].like_num and doc[i - 1].text == ",":
            i -= 2
    return i >= 0 and doc[i].ent_type_ == "PERSON"


def _place_before(doc: Doc, i: int, places: dict[int, str]) -> bool:
    while i >= 0 and doc[i].lower_ in _LIST_WORDS:
        i -= 1
    return i >= 0 and places.get(i) in ("end", "both")


def _place_after(doc: Doc, j: int, places: dict[int, str]) -> bool:
    while j < len(doc) and doc[j].lower_ in _LIST_WORDS:
        j += 1
    return j < len(doc) and places.get(j) in ("start", "both")


def _tie_names(doc: Doc, lexicon: Lexicon, ent_of: dict[int, SpacySpan],
               taken: list[tuple[int, int]]) -> Iterator[tuple[SpacySpan, bool]]:
    """Capitalised words of the sentences that tell of a tie, whatever the tagger made of them (it often
    takes a town that opens a sentence for a common noun), each with whether it begins the name of a tie's
    body ("the Keokuk Sister Cities")."""
    for sent in doc.sents:
        if not lexicon.ties_places(sent.text):
            continue
        yield from _hyphened_pair(doc, sent, taken)
        i = sent.start
        while i < sent.end:
            tok = doc[i]
            if not (tok.text[:1].isupper() and tok.text.isalpha() and tok.pos_ in ("PROPN", "NOUN")):
                i += 1
                continue
            j = i + 1
            while j < sent.end and j - i < 3 and doc[j].text[:1].isupper() and doc[j].text.isalpha() and (
                    doc[j].pos_ in ("PROPN", "NOUN")):
                j += 1
            # "the Keokuk Sister Cities", "Gangwon State", "Warminster Town Council": the town the name begins
            # with
            cut = next((k for k in range(i + 1, j) if doc[k].lower_ in _TIE_STOPS), j)
            run, named = doc[i:cut], cut < j
            # "the Sister Cities Association of Ames": the town a tie's body is named after
            body_of = i - 2 >= sent.start and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in _TIE_STOPS
            # "Skawina's Czech Twin Town Roztoky", "their German twin-city, Telgte": the town the tie's words
            # name, a small one too
            named = named or body_of or _after_tie_head(doc, i, sent.start)
            ents = {ent_of[k] for k in range(i, cut) if k in ent_of}
            before = doc[i - 1] if i > sent.start else None
            if before is not None and _after_tie_head(doc, i, sent.start):
                before = None
            if not (
                any(e.label_ in _PLACE_LABELS or (not _names_listed(e) and (
                    (e.start < i and not _only_article(doc, e.start, i) and not body_of) or (
                        e.end > cut and not named and not _council_of(doc, cut)
                        and not _tail_of_town(doc, cut, e.end)))) for e in ents)
                or _overlaps(taken, run.start_char, run.end_char)
                or (run[0].text in lexicon.first_names and not (len(run) > 1 and len(run) == j - i))
                or any(t.lower_ in lexicon.title_words or t.lower_ in _TIE_STOPS for t in run)
                or (before is not None and (
                    (before.lower_ == "the" and not named)
                    or (before.text[:1].isupper() and before.lower_ != "the")
                    or before.text in lexicon.honorifics))
                or (j < sent.end and doc[j].text[:1].isupper() and doc[j].pos_ == "PROPN" and not named)
                or (before is not None and before.text == "(")  # "JIAXING, June 12 (Xinhua) --": the agency
            ):
                yield run, named
            i = j


def _after_tie_head(doc: Doc, i: int, start: int) -> bool:
    """Whether a name follows a tie's words: "Twin Town Roztoky", "twin-city, Telgte", "sister cities,
    Mesa"."""
    k = i - 1
    if k >= start and doc[k].text == ",":
        k -= 1
    if k - 1 < start or doc[k].lower_ not in _TIE_HEADS:
        return False
    if doc[k - 1].text in ("-", "–") and k - 2 >= start:
        k -= 1
    return doc[k - 1].lower_ in _TIE_MODIFIERS


def _hyphened_pair(doc: Doc, sent: SpacySpan,
                   taken: list[tuple[int, int]]) -> Iterator[tuple[SpacySpan, bool]]:
    """ "The Toledo-Szeged sister city relationship", "the Fort Wayne-Plock partnership": the two towns a
    hyphen joins before a tie's words."""
    def capital(t: Token) -> bool:
        return t.text[:1].isupper() and t.text.isalpha()

    for k in range(sent.start + 1, sent.end - 2):
        if doc[k].text not in ("-", "–") or doc[k].whitespace_ or doc[k - 1].whitespace_:
            continue
        start, end = k, k + 1
        while start > max(sent.start, k - 3) and capital(doc[start - 1]) and doc[start - 1].lower_ != "the":
            start -= 1
        while end < min(sent.end, k + 4) and capital(doc[end]) and doc[end].lower_ not in _TIE_STOPS:
            end += 1
        after = doc[end] if end < sent.end else None
        if start == k or end == k + 1 or after is None or not (
                after.lower_ in _TIE_MODIFIERS or after.lower_ in _TIE_BONDS or after.lower_ in (
                    "twinning", "twinned")):
            continue
        for run in (doc[start:k], doc[k + 1:end]):
            if not _overlaps(taken, run.start_char, run.end_char):
                yield run, False


def _names_listed(ent: SpacySpan) -> bool:
    """ "Leeds and Perm" read as one organisation: two names joined, each perhaps a town."""
    return any(t.lower_ in ("and", "&") for t in ent[1:-1])


def _only_article(doc: Doc, start: int, i: int) -> bool:
    """ "The Keokuk Sister Cities": an entity that takes in no more than the article before the town."""
    return i - start == 1 and doc[start].lower_ == "the"


def _tail_of_town(doc: Doc, end: int, ent_end: int) -> bool:
    """ "Sierra Vista's", "Christchurch in": an entity that runs on only into a possessive or an "in"."""
    return ent_end - end == 1 and doc[end].lower_ in ("'s", "’s", "in")


def _council_of(doc: Doc, j: int) -> bool:
    """ "Oxford city council", "Coventry Council": a town's own council stands for the town."""
    return j < len(doc) and doc[j].lower_ in ("city", "council", "borough", "town", "county")


def _is_tie_town(name: str, gazetteer: Gazetteer, lexicon: Lexicon, population: int = _TIE_TOWN) -> bool:
    """A town of tens of thousands or a state named where a tie is told ("Oxford", "Coventry")."""
    if lexicon.qualifier(name) is not None:
        return True
    return zipf_frequency(name.lower(), "en") < _TIE_ZIPF and any(
        (c.kind == "city" and c.population >= population) or c.kind == "admin1"
        for c in gazetteer.search(name)[:3])


def _is_big_city(name: str, gazetteer: Gazetteer, lexicon: Lexicon, known: dict[str, bool]) -> bool:
    """A city, a state or a country of a million people or more ("Tbilisi says", "Tamil Nadu moved the
    court"): a place wherever it stands."""
    if name not in known:
        known[name] = (
            name not in lexicon.first_names
            and zipf_frequency(name.lower(), "en") < COMMON_ZIPF
            and any(c.kind in ("city", "admin1", "country") and c.population >= BIG_CITY
                    for c in gazetteer.search(name)[:3])
        )
    return known[name]


def _is_place_name(name: str, gazetteer: Gazetteer, lexicon: Lexicon, known: dict[str, bool]) -> bool:
    """A country, a first-level unit, or a town of some size that is not a common word."""
    if name in known:
        return known[name]
    qualifier = lexicon.qualifier(name)
    if qualifier is not None:
        found = True
    elif " " not in name and zipf_frequency(name.lower(), "en") >= COMMON_ZIPF:
        found = False
    else:
        found = any(
            (c.kind == "city" and c.population >= MIN_POPULATION) or c.kind in ("admin1", "country")
            for c in gazetteer.search(name)
        )
    known[name] = found
    return found
