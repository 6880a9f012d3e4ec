"""People and organisations as real reporting names them: junk out, acronyms and short names tied in.

A step after the NLP step and place recognition, pure, on ``ParsedText``:

* names cut where they run on: across a line break, into a byline ("X / China Daily"), into a headline's
  verb ("Eastern Africa Business Council Facilitates Study Mission");
* not people: places ("Glasgow"), titles alone ("Consul General"), lower-case phrases; companies and
  schools taken for people become organisations;
* not organisations: single common words ("Party", "State"), non-organisation acronyms ("MOU"), places,
  lists of places, a person's surname, news agencies that only report the story (in a dateline, in
  brackets, "according to Xinhua", "AP contributed"), seats ("District IV"), headings ("BACKGROUND"), a
  headline's title-case words, a name that modifies a thing ("the X program") or is an office's field
  ("Secretary of Foreign Affairs"), an acronym of a thing the model named nowhere;
* acronyms: "Full Name (ACR)" and "ACR (Full Name)" make ACR that body wherever the document writes it;
  "the Association" is the one association the document names;
* people: "Mr Surname", "Gov. Surname", "Cr Surname" are the full name named before.

The word lists are data (``data/patterns/entities.jsonl``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from wordfreq import zipf_frequency

from geo.language.lexicon import PATTERNS_DIR, Lexicon, load_lexicon, rows_by_kind
from geo.language.programs import canonical_key
from geo.models import EntityMention, ParsedText, Role, Span, Toponym

IsPlace = Callable[[str], bool]
"""Whether a name is a place's ("Glasgow", "County Durham"), e.g. by the gazetteer."""

COMMON_WORD = 3.0  # single words at least this frequent ("party", "state", "trade") name no body
HEADING_WORD = 4.0  # a capitalised word at least this frequent ("BACKGROUND", "FINALE") is a heading
_NUMBERED = re.compile(r"(?:\d+[A-Za-z]?|[IVXL]+)")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z&]{1,9}$")
_DEFINED = re.compile(
    r"((?:[Tt]he\s+)?[A-Z][\w’'&.-]*(?:\s+(?:of|for|and|the|on|in|with|to|&|[A-Z][\w’'&.-]*))*\s+[A-Z][\w’'&.-]*)"
    r"\s*\(\s*([A-Z][A-Za-z&]{1,9})\s*\)"
)
_DEFINED_AFTER = re.compile(r"\b([A-Z][A-Z&]{1,9})\s*\(\s*((?:[Tt]he\s+)?[A-Z][^()\n]{4,120}?)\s*\)")
_ORDINAL = re.compile(
    r"(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|\d+(?:st|nd|rd|th))\s+(?=[A-Z])")
_GLUED = re.compile(r"(?<![A-Z])(?<!Ma)(?<!Mc)(?<!De)(?<!La)[a-z][A-Z][a-z]")
_SEPARATOR = re.compile(r"\s(?:/|\||•|–|—|-{1,2})\s")
_UNIT_SUFFIX = re.compile(r"-(?:cho|machi|ken|shi|gun|si|do|gu|ku|mura)$", re.IGNORECASE)
_UNIT_WORDS = frozenset(
    {"state", "city", "county", "province", "prefecture", "district", "shire", "region", "lga"})
_TITLES = frozenset({"cr", "cllr", "mr", "mrs", "ms", "dr", "gov", "sen", "rep", "prof"})
_PERSON_AS_ORG = frozenset({
    "engineering", "co.", "co", "ltd.", "ltd", "restaurant", "school", "forum", "hotel", "inc.", "inc", "llc",
    "corp.", "group", "university", "college", "academy", "centre", "center", "bank", "foundation",
})


@dataclass(frozen=True)
class EntityWords:
    """The word lists of the step."""

    headline_verbs: frozenset[str]
    not_person: frozenset[str]
    not_org_acronyms: frozenset[str]
    news_agencies: frozenset[str]
    reporting_words: frozenset[str]
    short_form_heads: frozenset[str]
    not_org_heads: frozenset[str] = frozenset()  # "Memorandum of Understanding", "World Cities Summit"
    place_bodies: frozenset[str] = frozenset()  # "City" of "the City of Bunbury signed": a place's body
    local_titles: frozenset[str] = frozenset()  # "mayor", "town clerk": an office of the town's council
    leading_org_heads: frozenset[str] = frozenset()  # "Agência" of "Agência Brasil": a head written first
    place_body_suffixes: frozenset[str] = frozenset()  # "city council" of "Exeter city council"
    not_org_names: frozenset[str] = frozenset()  # "friendship cities": a tie or a program, named alike
    office_titles: frozenset[str] = frozenset()  # "commissioner" of "Commissioner for Trade": an office
    not_org_leads: frozenset[str] = frozenset()  # "Typhoon" of "Typhoon Gaemi": an event named head first
    place_features: frozenset[str] = frozenset()  # "Lake" of "Imuta Lake": a name that ends so is a place
    seat_words: frozenset[str] = frozenset()  # "District" of "District IV": a seat or an area by its number
    body_occasions: frozenset[str] = frozenset()  # "Meeting" of "X City Council Meeting": the body's, not it
    thing_nouns: frozenset[str] = frozenset()  # "project" of "the Harbourwood project": a thing, not a body
    venue_heads: frozenset[str] = frozenset()  # "Hotel" of "Marriott Marquis Hotel": a venue, event or file
    parent_heads: frozenset[str] = frozenset()  # "Council" of "City Council Rules Committee": a body's parent
    text_languages: tuple[str, ...] = ()  # the languages other than English a story may be written in
    name_particles: frozenset[str] = frozenset()  # "van" of "Daan van Dijk": lower case, yet of the name


@lru_cache(maxsize=4)
def load_entity_words(path: str = "") -> EntityWords:
    """Read ``entities.jsonl`` once (cached per file); a malformed line names its file."""
    lists = rows_by_kind(Path(path) if path else PATTERNS_DIR / "entities.jsonl")

    def words(kind: str, lower: bool = True) -> frozenset[str]:
        texts = (str(r["text"]) for r in lists.get(kind, ()))
        return frozenset(w.lower() if lower else w for w in texts)

    return EntityWords(
        headline_verbs=words("headline_verb"), not_person=words("not_person"),
        not_org_acronyms=words("not_org_acronym", lower=False), news_agencies=words("news_agency"),
        reporting_words=words("reporting_word"), short_form_heads=words("short_form_head"),
        not_org_heads=words("not_org_head"), place_bodies=words("place_body", lower=False),
        local_titles=words("local_title"), leading_org_heads=words("leading_org_head"),
        place_body_suffixes=words("place_body_suffix", lower=False), not_org_names=words("not_org_name"),
        office_titles=words("office_title"), not_org_leads=words("not_org_lead"),
        place_features=words("place_feature"), seat_words=words("seat_word"),
        body_occasions=words("body_occasion"), thing_nouns=words("thing_noun"),
        venue_heads=words("venue_head"), name_particles=words("name_particle"),
        parent_heads=words("parent_head"),
        text_languages=tuple(str(r["text"]) for r in lists.get("text_language", ())),
    )


# --- spans --------------------------------------------------------------------------------------


def trimmed(span: Span, text: str, words: EntityWords, lexicon: Lexicon, kind: str) -> Span | None:
    """A name cut where it runs on: a line break, a byline separator, a headline's verb, a title in front
    of an organisation ("Chairperson for X Board"); ``None`` when nothing of a name is left."""
    start, end = span.start, span.end
    chunk = text[start:end]
    if "\n" in chunk:
        lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", chunk) if m.group().strip()]
        chosen = next(((o, line) for o, line in lines if line.strip()[:1].isupper()), None)
        if chosen is None:
            return None
        offset, line = chosen
        start += offset + len(line) - len(line.lstrip())
        end = start + len(line.strip())
        chunk = text[start:end]
    cut = _SEPARATOR.search(chunk)
    if cut:
        end = start + cut.start()
        chunk = text[start:end]
    # "Kate FieldingSouth Western Times", "Editor:Wang LeiResource:": a page's parts run together (not
    # "DiCaprio", "DongKwang": the word after the join is no common word)
    glue = _GLUED.search(chunk)
    tail = re.match(r"[A-Z][a-z]+", chunk[glue.start() + 1 :]) if glue else None
    common = tail is not None and zipf_frequency(tail.group().lower(), "en") >= COMMON_WORD
    if glue and common and " " in chunk[: glue.start()]:
        if kind == "organization" and chunk.split()[0] in lexicon.first_names:
            start += glue.start() + 1  # a byline, then the outlet
        else:
            end = start + glue.start() + 1
        chunk = text[start:end]
    tokens = list(re.finditer(r"\S+", chunk))
    for number, token in enumerate(tokens):
        word = token.group()
        if number and word[:1].isupper() and word.lower().strip(".,:;") in words.headline_verbs:
            end = start + tokens[number - 1].end()
            chunk = text[start:end]
            break
    if kind == "organization":
        owner = re.search(r"(\w+)['’]s\s+[A-Z]", chunk)
        if owner and owner.group(1).lower() in lexicon.org_heads:  # "X City Council's Relations Policy"
            end = start + owner.end(1)
            chunk = text[start:end]
        adjective = re.match(r"(?:[a-z]+\s+){1,2}(?=[A-Z])", chunk)
        if adjective and adjective.group().split()[0] not in ("de", "von", "van", "du", "la", "al", "el"):
            start += adjective.end()  # "the new University of Bath"
            chunk = text[start:end]
        tail = re.search(r"\s+(?:in|of|for|and|at|on|to|with)$", chunk)
        if tail:
            end = start + tail.start()  # "University of Bath in": the model's cut
            chunk = text[start:end]
        last = re.search(r"\s+(\w+)$", chunk)
        before = chunk[: last.start()].split()[-1].lower() if last else ""
        if last and last.group(1).lower() in words.body_occasions and (
                before in lexicon.org_heads or before in lexicon.institution_heads):
            end = start + last.start()  # "Harbour City Council Meeting": the council's meeting
            chunk = text[start:end]
        ordinal = _ORDINAL.match(chunk)
        seat = ordinal is not None and chunk[ordinal.end():].split()[0].lower() in words.seat_words
        # "the Third X Exposition Foundation": this year's edition (not "Fifth District Board": its seat)
        if ordinal and len(chunk.split()) > 2 and not seat:
            start += ordinal.end()
            chunk = text[start:end]
        lead = re.match(r"(?:[A-Z][a-z]+\s+){1,2}(?:of|for)\s+(?=[A-Z])", chunk)
        if lead and all(w.lower() in lexicon.title_words and w.lower() not in lexicon.org_heads
                        for w in lead.group().split()[:-1]):  # a title, not "Board" of "Board of Trade"
            start += lead.end()
            chunk = text[start:end]
    if chunk.count("(") > chunk.count(")"):
        end = start + chunk.rfind("(")  # "Shaanxi People's Association ... (Shaanxi PAFFC": the model's cut
        chunk = text[start:end]
    while chunk and chunk[-1] in " ,;:.'\"’”)-–—":
        if chunk[-1] == "." and re.search(r"\b(?:[A-Z]|Co|Ltd|Inc|Corp|Jr|Sr|St)\.$", chunk):
            break
        end -= 1
        chunk = text[start:end]
    while chunk and chunk[0] in " \"'“‘(":
        start += 1
        chunk = text[start:end]
    if not chunk.strip() or not re.search(r"[A-Za-z]", chunk):
        return None
    return Span(start, end, chunk)


# --- the story's language -----------------------------------------------------------------------

_FOREIGN = 0.6  # a story with fewer of its lower-case words common in English is written in another language


def text_language(text: str, languages: Sequence[str]) -> str:
    """The language a story is written in, by the share of its lower-case words that are common words of
    each language (wordfreq's short lists); "en" when English fits, or no other fits better."""
    found = [w for w in re.findall(r"[^\W\d_]{2,}", text[:20_000]) if w.islower()][:300]
    if len(found) < 20:
        return "en"

    def share(language: str) -> float:
        return sum(_common(w, language) for w in found) / len(found)

    english = share("en")
    if english >= _FOREIGN or not languages:
        return "en"
    best = max(languages, key=share)
    return best if share(best) > english else "en"


def _common(word: str, language: str, level: float = COMMON_WORD) -> bool:
    return zipf_frequency(word.lower(), language, wordlist="small") >= level


def common_words_only(name: str, language: str, words: EntityWords, lexicon: Lexicon) -> bool:
    """A "name" of a story in another language that is that language's common words: a sentence's first
    word ("Già", "Proseguono"), a heading, or words with a lower-case one that is no name's particle ("Hans
    spontana"); not a given name."""
    tokens = name.split()
    if language == "en" or not tokens:
        return False
    if any(t.islower() and t not in words.name_particles and _common(t, language) for t in tokens[1:]):
        return True  # "Hans spontana"
    # two words or more must both be very common: given names and surnames are words too ("Michela Giuliani")
    level = COMMON_WORD if len(tokens) == 1 else HEADING_WORD
    return tokens[0] not in lexicon.first_names and all(_common(t, language, level) for t in tokens)


# --- people -------------------------------------------------------------------------------------


def not_a_person(name: str, words: EntityWords, lexicon: Lexicon, is_place: IsPlace,
                 places: frozenset[str] = frozenset()) -> bool:
    """A "person" that is a place, a title alone, a lower-case phrase or a news agency; ``places`` are the
    names the document's place recognition took ("Prince George" is a town there, first name or not)."""
    if not name[:1].isupper():
        return True
    lower = name.lower()
    tokens = [t.strip(".,") for t in lower.split()]
    if lower in words.not_person or lower in words.news_agencies:
        return True
    if all(t in lexicon.title_words or t in words.not_person for t in tokens):
        return True
    first = name.split()[0]
    office = tokens[0] in lexicon.title_words or tokens[0] in words.not_person
    if len(tokens) > 2 and tokens[1] == "of" and office:
        return True  # "King of Ga", "Mayor of Dunmore": an office, not a name
    if first.lower() in words.headline_verbs and first not in lexicon.first_names and len(tokens) > 1:
        return True  # "Visits Gyeongsangbuk": a headline's verb and what it visits
    if _UNIT_SUFFIX.search(name) or (len(tokens) <= 3 and _UNIT_WORDS & {tokens[0], tokens[-1]}):
        return True  # "Nagaizumi-cho", "Gangwon State", "Tai-Chung City", "County Durham"
    rest = name[len(first):].strip()
    if (first.lower() in words.headline_verbs or first.endswith("ing")) and first not in lexicon.first_names \
            and rest and is_place(rest):
        return True  # "Visits Gyeongsangbuk", "Highlighting Baku": a headline's verb and its place
    if " and " in name and any(is_place(part.strip()) for part in name.split(" and ")):
        return True  # "Alnwick and Voerde": two towns
    if len(tokens) > 1 and name in places:
        return True
    if len(tokens) > 1 and first not in lexicon.first_names and (
            tokens[-1] in lexicon.title_words or tokens[-1] in words.place_features):
        return True  # "Harbourtown Mayor": a place's office; "Imuta Lake": a place by its last word
    return first not in lexicon.first_names and is_place(name)


def place_after_name(name: str, is_place: IsPlace) -> str:
    """A name with a place stuck to it, as the model reads "González Fort Worth" or "Ann Lee of Akron": the
    name alone (the place must be two words or follow "of", so a surname like "Lincoln" stays)."""
    tokens = name.split()
    if " of " in name:
        head, _, place = name.partition(" of ")
        if head and head[:1].isupper() and is_place(place):
            return head
    if len(tokens) > 2 and is_place(" ".join(tokens[-2:])) and not is_place(" ".join(tokens[-3:])):
        return " ".join(tokens[:-2])
    return name


def an_organisation(name: str, lexicon: Lexicon, words: EntityWords) -> bool:
    """A "person" whose head word says it is a body: "Jusung Engineering", "Liu-jia High School", and in
    languages that put the head first, "Agência Brasil", "Observatorio Ciudadano"."""
    tokens = name.split()
    last = tokens[-1].lower()
    return len(tokens) > 1 and (last in _PERSON_AS_ORG or last in lexicon.org_heads
                                or last in lexicon.institution_heads or last in words.short_form_heads
                                or tokens[0].lower() in words.leading_org_heads)


def _full_name(name: str, full_names: Sequence[str], lexicon: Lexicon) -> str:
    """ "Mr Surname", "Gov. Surname", "Cr Surname": the one full name with that surname named in the
    document; "Cr Fiona Gaskell": the name without the title."""
    tokens = name.split()
    rest = list(tokens)
    while len(rest) > 1 and (rest[0] in lexicon.honorifics or rest[0].lower().strip(".") in _TITLES
                             or rest[0].lower().strip(".") in lexicon.title_words):
        rest = rest[1:]
    if len(rest) == 1:
        found = [f for f in full_names if f.split()[-1] == rest[0] or f.split()[0] == rest[0]]
        if len(set(found)) == 1:
            return found[0]
    return " ".join(rest) if rest != tokens else name


# --- organisations ------------------------------------------------------------------------------


def not_an_organisation(name: str, words: EntityWords, is_place: IsPlace, surnames: set[str],
                        heads: frozenset[str], title_words: frozenset[str] = frozenset()) -> bool:
    """An "organisation" that is a common word, an acronym of no body, a place, a list of places, a
    person's name, a storm or a title alone ("Associate Provost & Dean")."""
    tokens = name.split()
    if len(tokens) > 1 and tokens[0].lower() in words.not_org_leads:
        return True  # "Typhoon Gaemi", "Hurricane Ida"
    if len(tokens) > 1 and tokens[-1].lower() in words.venue_heads:
        return True  # "Marriott Marquis Hotel", "Norton Air Force Base", "Harbour Marathon": where, or what
        # happened, not who (only the last word: "House of Commons" is a body)
    if len(tokens) > 1 and tokens[0].lower() in words.seat_words and _NUMBERED.fullmatch(tokens[1]):
        return True  # "District IV", "Ward 3 Update": a seat or an area by its number
    content = [t.lower() for t in tokens if t.lower() not in _FUNCTION_WORDS]
    if title_words and content and all(t in title_words and t not in heads for t in content):
        return True  # "Associate Provost & Dean": a title the model took for a body
    if name in words.not_org_acronyms or name in surnames or _UNIT_SUFFIX.search(name):
        return True  # "MOU"; "Songpa-Gu": a district
    if name.lower() in words.not_org_names:
        return True  # "Friendship Cities", "Town Twinning": what the story is about, not who
    office = re.match(r"(?:[A-Z][a-z]+ )*([A-Z][a-z]+) (?:for|of) ", name)
    if office and office.group(1).lower() in words.office_titles:
        return True  # "State Commissioner for Commerce and Industry": an office, not its body
    head = next((tokens[i - 1] for i in range(1, len(tokens)) if tokens[i] in ("of", "for", "on")),
                tokens[-1])
    ends = {tokens[-1].lower(), head.lower()}
    if len(tokens) > 1 and ends & (words.not_org_heads | {w + "s" for w in words.not_org_heads}):
        # an event, a document, an award, a group of travellers: "World Cities Summit", "Memorandum of
        # Understanding", "Zayed Award for Human Fraternity"
        return True
    if len(tokens) == 1:
        word = tokens[0].strip("\"'“”")
        if _ACRONYM.match(word) and word.isupper():  # "BACKGROUND", "FINALE": a heading, not "NASA"
            return len(word) >= 5 and zipf_frequency(word.lower(), "en") >= HEADING_WORD
        return zipf_frequency(word.lower(), "en") >= COMMON_WORD or is_place(word)
    if any(t.lower() in heads for t in tokens):
        return False
    if tokens[-1].lower() in _UNIT_WORDS and " of " not in name:
        return True  # "Qujiang New District": a place, not its government
    if ", " in name and is_place(name.rsplit(", ", 1)[-1]):
        return True  # "Hidalgo del Parral, Chihuahua": a town and its state
    if " and " in name and all(is_place(part.strip()) for part in name.split(" and ")):
        return True
    return is_place(name)


_LIST_SEPARATOR = re.compile(r", | plus ")
_COMPANY_TAIL = re.compile(r"(?:Inc|Ltd|LLC|Co|Corp|Corporation|Limited|PLC|Plc|Pty|Jr|Sr|S\.A)\b\.?")


def listed(span: Span, is_place: IsPlace) -> list[Span]:
    """The bodies of a name the model ran across a list ("X College plus Y", "SMHS, Z High School"); the
    span itself when it is one name ("Acme, Inc.", a body and its town: "Trade Centre, Mumbai")."""
    pieces = _LIST_SEPARATOR.split(span.text)
    if len(pieces) < 2:
        return [span]
    last = pieces[-1].strip()
    if _COMPANY_TAIL.fullmatch(last) or is_place(last) or not last[:1].isupper():
        return [span]
    out: list[Span] = []
    cursor = 0
    for piece in pieces:
        start = span.text.index(piece, cursor)
        cursor = start + len(piece)
        if piece.strip():
            out.append(Span(span.start + start, span.start + cursor, piece))
    return out


def acronyms(text: str) -> dict[str, str]:
    """The acronyms a document defines: "Full Name (ACR)" and "ACR (Full Name)" -> {ACR: Full Name}."""
    found: dict[str, str] = {}
    for match in _DEFINED.finditer(text):
        full, acronym = match.group(1), match.group(2)
        full = _fitting(full, acronym)
        if full:
            found.setdefault(acronym, full)
    for match in _DEFINED_AFTER.finditer(text):
        acronym, full = match.group(1), match.group(2)
        full = _fitting(full, acronym)
        if full:
            found.setdefault(acronym, full)
    return found


_FUNCTION_WORDS = frozenset({"of", "for", "and", "the", "on", "in", "with", "to", "&", "de", "du"})


def _fitting(full: str, acronym: str) -> str | None:
    """The tail of ``full`` that ``acronym`` spells: each capitalised word gives its initial and maybe
    more of its letters ("Japan External Trade Organization" -> JETRO); "of", "for" give none."""
    words = re.sub(r"^[Tt]he\s+", "", full).split()
    letters = acronym.upper().replace("&", "")
    for start in range(len(words)):
        tail = words[start:]
        if not tail[0][:1].isupper():
            continue
        content = [w for w in tail if w.lower() not in _FUNCTION_WORDS and w[:1].isalpha()]
        if content and _spells(letters, [w.upper() for w in content]):
            return " ".join(tail)
    return None


def _spells(letters: str, words: Sequence[str]) -> bool:
    """Whether ``letters`` are the words' initials in order, each maybe adding later letters of its own."""
    if not words:
        return not letters
    if not letters or letters[0] != words[0][0]:
        return False
    rest = words[0][1:]
    for extra in range(0, len(letters)):
        if extra and not _subsequence(letters[1:1 + extra], rest):
            break
        if _spells(letters[1 + extra:], words[1:]):
            return True
    return False


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def _before_thing(span: Span, text: str, words: EntityWords) -> bool:
    """Whether a name modifies a thing written right after it ("the Harbourwood project")."""
    after = re.match(r"\s+([a-z]+)", text[span.end : span.end + 30])
    return after is not None and after.group(1) in words.thing_nouns


def _no_body_in_context(span: Span, name: str, text: str, words: EntityWords, lexicon: Lexicon,
                        is_place: IsPlace) -> bool:
    """A name with no body's head that its context shows is none: it modifies a thing ("the Harbourwood
    project", "the X campus"), or it is an office's field after its title, in common words only ("the
    Secretary of Foreign Affairs", "deputy chief of Collaboration Promotion")."""
    if _before_thing(span, text, words):
        return True
    # "the Minister of Agriculture and Industrial Development": the office's fields, joined by "and"
    before = re.search(r"(\w+)\s+(?:of|for|to)\s+(?:the\s+)?(?:(?:[A-Z][\w-]*\s+){1,3}(?:and|&)\s+)?$",
                       text[max(0, span.start - 60) : span.start])
    if before is None or before.group(1).lower() not in lexicon.title_words:
        return False
    tokens = [t for t in name.split() if t.lower() not in _FUNCTION_WORDS and t != "&"]
    parts = [p for t in tokens for p in t.split("-") if p]
    lead = [p for p in tokens[0].split("-") if p] if tokens else []  # "Hawaii-Korea X": a place first
    return bool(tokens) and not is_place(" ".join(tokens[:2])) and not any(is_place(p) for p in lead) and all(
        zipf_frequency(p.lower().strip(",’'"), "en") >= COMMON_WORD for p in parts)


def _in_headline(span: Span, text: str) -> bool:
    """Whether ``span`` is in a line written in title case, as headlines are ("Harbour City Rolls Out
    Welcome for Guests"): four words or more, the long ones all capitalised, no full stop, number or list."""
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    line = text[start : end if end >= 0 else len(text)].strip()
    tokens = re.findall(r"[A-Za-z][\w’'-]*", line)
    long = [t for t in tokens if len(t) > 3]
    return (len(tokens) >= 4 and bool(long) and all(t[:1].isupper() for t in long) and not line.endswith(".")
            and not re.search(r"\d", line) and line.count(",") < 2)  # not a source's date, a caption's list


def _reported_only(mention: EntityMention, text: str, words: EntityWords) -> bool:
    """A news agency that only reports the story: in a dateline or brackets, "according to X", "X said"
    about what others did, a byline."""
    before = text[max(0, mention.span.start - 30):mention.span.start].lower()
    after = text[mention.span.end:mention.span.end + 30].lower()
    if before.rstrip().endswith("(") or mention.span.start < 250:
        return True
    near = set(re.findall(r"[a-z]+", before.split("\n")[-1])[-2:]) | set(re.findall(r"[a-z]+", after)[:2])
    return bool(near & words.reporting_words)


def clean_entities(parsed: ParsedText, text: str, is_place: IsPlace,
                   words: EntityWords | None = None, lexicon: Lexicon | None = None) -> ParsedText:
    """``parsed`` with its people and organisations cleaned and tied together (see the module's doc)."""
    words = words or load_entity_words()
    lexicon = lexicon or load_lexicon()
    heads = lexicon.org_heads | lexicon.institution_heads | words.short_form_heads
    places = {t.span.text for t in parsed.toponyms}

    def placelike(name: str) -> bool:
        return name in places or is_place(name)

    kept: list[tuple[str, EntityMention]] = []  # (the name it had, the mention cleaned)
    organizations: list[EntityMention] = []
    for mention in parsed.people:
        span = trimmed(mention.span, text, words, lexicon, "person")
        if span is None:
            continue
        name = mention.name if span == mention.span else span.text
        if an_organisation(name, lexicon, words):
            organizations.append(EntityMention("organization", name, span, mention.sentence))
            continue
        if not_a_person(name, words, lexicon, placelike, frozenset(places)):
            continue
        alone = place_after_name(name, placelike)
        if alone != name:
            name, span = alone, Span(span.start, span.start + len(alone), alone)
        kept.append((mention.name, dataclasses.replace(mention, name=name, span=span)))
    language = text_language(text, words.text_languages)
    if language != "en":  # "Già", "Gemellaggio": an Italian story's common words, not people
        named = {w for _, m in kept if len(m.name.split()) > 1 for w in m.name.split()}
        kept = [(o, m) for o, m in kept
                if m.name in named or not common_words_only(m.name, language, words, lexicon)]
    full_names = [m.name for _, m in kept if len(m.name.split()) > 1
                  and m.name.split()[0].lower().strip(".") not in _TITLES
                  and m.name.split()[0] not in lexicon.honorifics]
    people = [dataclasses.replace(m, name=_full_name(m.name, full_names, lexicon)) for _, m in kept]
    renamed = {old: m.name for (old, _), m in zip(kept, people, strict=True)}
    surnames = {p.name.split()[-1] for p in people} | {p.name for p in people}

    # "United Arab Emirates (UAE)", "Memorandum of Understanding (MOU)": an acronym of no body
    defined = {acronym: full for acronym, full in acronyms(text).items()
               if not not_an_organisation(full, words, placelike, set(), heads)}
    # the names as written out, cut where they run on ("X Council Facilitates Study Mission": a headline)
    cut = [(m, trimmed(m.span, text, words, lexicon, "organization")) for m in parsed.organizations]
    written = [c.text if c != m.span else m.name for m, c in cut if c is not None and len(c.text.split()) > 2
               and not _before_thing(c, text, words)]
    # "the X Y Z program (XYZ)": XYZ is the program, not a body
    things = [c.text for _, c in cut
              if c is not None and len(c.text.split()) > 1 and _before_thing(c, text, words)]
    for mention in parsed.organizations:
        word = mention.span.text
        if _ACRONYM.match(word) and word.isupper() and word not in defined:
            # "ICCC" where the story writes out "Indo-Canada Chamber of Commerce": one name, two spellings
            fits = {f for name in written if (f := _fitting(name, word)) is not None and f == name}
            if len(fits) == 1:
                defined[word] = next(iter(fits))
    full_of = {canonical_key(full): full for full in defined.values()}
    people_spans = [(m.span.start, m.span.end) for m in parsed.people]
    lengthened: dict[str, set[str]] = {}
    reaches: list[tuple[int, int]] = []  # the text a lengthened body took in: no second body there

    def one_body(mention: EntityMention, span: Span) -> list[EntityMention]:
        """The mention of one body, cleaned; none when it names no body."""
        name = mention.name if span == mention.span else span.text
        rest = _broken_word(text, span.end, name)
        if rest is not None:  # "Management Assoc\niation": a word broken at the end of a line
            name, span = name + rest.text, Span(span.start, rest.end, text[span.start : rest.end])
        longer_span = _of_named(span, text, heads, people_spans)
        if longer_span is not None:  # "People's Committee of Harbour City": the model stopped at the head
            lengthened.setdefault(name, set()).add(longer_span.text)
            reaches.append((span.end, longer_span.end))
            name, span = longer_span.text, longer_span
            rest = _broken_word(text, span.end, name)
            if rest is not None:
                name, span = name + rest.text, Span(span.start, rest.end, text[span.start : rest.end])
        name = defined.get(name, full_of.get(canonical_key(name), name))
        if name.split()[0] in lexicon.honorifics and not any(w.lower() in heads for w in name.split()):
            return []  # "Miss Evans": a person the model took for a body (not "Sister City Committee")
        person = next((p.name for p in people if name.endswith(" " + p.name)), None)
        if person is not None:  # "Arizona Republican Party Kelli Ward": the body, then its person
            name = name[: -len(person) - 1].rstrip(" ,")
            span = Span(span.start, span.start + len(name), name)
        if name.lower() in words.news_agencies and _reported_only(mention, text, words):
            return []
        place = _place_before(span, name, text, parsed.toponyms, heads)
        if place is not None:  # "Ho Chi Minh City People's Council": the model cut the place off the body
            span = Span(place.start, span.end, text[place.start : span.end])
            name = f"{place.text} {name}"
        elif (front := _words_before_head(span, name, text, heads, words, lexicon, people_spans)) is not None:
            span, name = front, f"{front.text[: span.start - front.start]}{name}"  # "Elm Bay Area Chamber"
        if name not in defined.values() and not_an_organisation(name, words, placelike, surnames, heads,
                                                                lexicon.title_words):
            return []
        if _ACRONYM.match(name) and name.isupper() and any(_fitting(t, name) == t for t in things):
            return []
        one_word = " " not in name and name not in defined.values()
        if one_word and common_words_only(name, language, words, lexicon):
            return []  # "Città", "Nyttiga": a common word of the story's language
        if span.start > 0 and text[span.start - 1] == "#":
            return []  # "#TransformFreetown": a hashtag, not a body
        if not any(w.lower() in heads for w in name.split()) and _no_body_in_context(
                span, name, text, words, lexicon, placelike):
            return []
        if _in_headline(span, text):
            tokens = name.split()
            last = max((i for i, w in enumerate(tokens) if w.lower() in heads), default=-1)
            if last < 0:
                return []  # "Elmsford Trims Sister-City Ties With Tverograd": a headline's words, no body
            if last + 1 < len(tokens) and tokens[last + 1].lower() not in _FUNCTION_WORDS:
                name = " ".join(tokens[: last + 1])  # "Lakeport Council Cuts Ties": the body, then the news
                span = Span(span.start, span.start + len(name), name)

        return [EntityMention("organization", name, span, mention.sentence)]

    for mention in parsed.organizations:
        span = trimmed(mention.span, text, words, lexicon, "organization")
        if span is None:
            continue
        for part in listed(span, placelike):  # "X College plus Y", "SMHS, Z High School": each body
            organizations.extend(one_body(mention, part))
    organizations = [m for m in organizations
                     if not any(a <= m.span.start and m.span.end <= b for a, b in reaches)]
    organizations = _spelt_out(organizations, defined)
    organizations += _more_mentions(text, parsed, organizations, defined, heads)
    organizations += _bodies_of_places(text, parsed, organizations, words, placelike)
    longer = short_forms([m.name for m in organizations], placelike, words.parent_heads)
    organizations = [dataclasses.replace(m, name=longer.get(m.name, m.name)) for m in organizations]
    organizations.sort(key=lambda m: m.span.start)
    org_names = {canonical_key(m.name): m.name for m in organizations}
    for short, long in longer.items():  # a role's body as the model cut it: "People's Council"
        org_names.setdefault(canonical_key(short), long)
    for short, longs in lengthened.items():
        if len(longs) == 1:
            org_names.setdefault(canonical_key(short), next(iter(longs)))
    roles = _local_bodies(_renamed_roles(parsed.roles, renamed, org_names, defined), organizations, words)
    organizers = {program: defined.get(org, org_names.get(canonical_key(org), org))
                  for program, org in parsed.program_organizers.items()}
    return dataclasses.replace(parsed, people=tuple(people), organizations=tuple(organizations),
                               roles=roles, program_organizers=organizers)


_PLACE_BODY_WORDS = frozenset({"municipality", "city", "town", "county", "district", "shire", "borough"})
_PLACE_KIND_WORDS = frozenset({"city", "town", "district", "county", "municipal", "metropolitan", "regional"})


def short_forms(names: Sequence[str], is_place: IsPlace = lambda name: False,
                heads: frozenset[str] = frozenset()) -> dict[str, str]:
    """Short forms of a longer organisation name of the same story, to that name, when only one fits:
    "Ichinoseki Council" (no "City"), "City Council" (no town), "Korean Cultural Center" (no "of Chicago"),
    "World Trade Centre" (no "Mumbai"), "Rules Committee" (no "City Council", the body it is of, when
    ``heads`` say so); and one name written once in the singular and once in the plural ("Sister City
    Association", "Sister Cities Association"), to the form written more often (the longer on a tie)."""
    distinct = sorted(set(names), key=len)
    out: dict[str, str] = {}
    for short in distinct:
        words = short.split()
        if len(words) < 2:
            continue
        fits = {
            long for long in distinct if long != short and (
                [w for w in long.split() if w.lower() not in _PLACE_KIND_WORDS] == words
                or (long.endswith(" " + short) and words[0].lower() in _PLACE_KIND_WORDS)
                or (long.endswith(" " + short) and long[: -len(short) - 1].split()[-1].lower() in heads)
                or _placed(short, long, is_place)
                # "Harbour Municipality" of "Harbour Municipality Council": the body's name without its head
                or (long.startswith(short + " ") and len(long.split()) == len(words) + 1
                    and words[-1].lower() in _PLACE_BODY_WORDS)
                or (words[-1].lower() in _PLACE_BODY_WORDS
                    and long == f"{words[-1]} of {' '.join(words[:-1])}")
            )
        }
        if len(fits) == 1:
            out[short] = next(iter(fits))
    for a in distinct:
        for b in distinct:
            if a != b and a not in out and b not in out and _plural_of(a, b) and (
                    (names.count(b), len(b)) > (names.count(a), len(a))):
                out[a] = b
    return out


def _plural_of(a: str, b: str) -> bool:
    """Whether two names differ in one word only, written in the singular in one and the plural in the
    other ("City"/"Cities", "Association"/"Associations")."""
    x, y = a.split(), b.split()
    if len(x) != len(y) or len(x) < 2:
        return False
    differ = [(p, q) for p, q in zip(x, y, strict=True) if p != q]
    if len(differ) != 1:
        return False
    p, q = sorted(differ[0], key=len)
    return q in (p + "s", p + "es") or (p.endswith("y") and q == p[:-1] + "ies")


_NAME_WORD = r"[A-Z][\w’'&-]*"
_OF_NAMED = re.compile(
    rf" (?:of|for) (?:the )?{_NAME_WORD}(?: (?:(?:of|for|and|&|the|on|with) ){{0,2}}{_NAME_WORD})*")
_JOINERS = frozenset({"of", "for", "and", "&", "the", "on", "with"})


def _of_named(span: Span, text: str, heads: frozenset[str], people: Sequence[tuple[int, int]]) -> Span | None:
    """A body the model ended at its head, and the capitalised words "of" or "for" it that the text goes on
    with: "People's Committee of Harbour City", "Agency for Rural Development" (not into a person's name)."""
    words = span.text.split()
    if not words or words[-1].lower() not in heads:
        return None
    match = _OF_NAMED.match(text, span.end)
    if match is None:
        return None
    end = match.end()
    for start, stop in people:
        if span.end < stop and start < end:
            end = min(end, start)
    tail = text[span.end:end].split()
    while tail and tail[-1].lower() in _JOINERS:
        tail.pop()
    if len(tail) < 2 or not any(w[:1].isupper() for w in tail[1:]):
        return None
    end = span.end + len(" " + " ".join(tail))
    if text[span.start:end] != span.text + " " + " ".join(tail):
        return None
    return Span(span.start, end, text[span.start:end])


def _spelt_out(organizations: Sequence[EntityMention], defined: Mapping[str, str]) -> list[EntityMention]:
    """An acronym alone ("USAID") is the one body of the story, as cleaned, whose name it spells ("US Agency
    for International Development", which the model had cut at "Agency")."""
    written = {m.name for m in organizations if len(m.name.split()) > 2}
    out: list[EntityMention] = []
    for m in organizations:
        if _ACRONYM.match(m.name) and m.name.isupper() and m.name not in defined:
            fits = {n for n in written if _fitting(n, m.name) == n}
            if len(fits) == 1:
                m = dataclasses.replace(m, name=next(iter(fits)))
        out.append(m)
    return out


def _broken_word(text: str, end: int, name: str) -> Span | None:
    """The rest of a name's last word, broken at the end of a line ("Massach\nusetts"): lower-case letters
    that are no word alone and make one with the piece before."""
    match = re.match(r"[ \t]*\n[ \t]*([a-z]+)\b", text[end:])
    if match is None or not name.split():
        return None
    piece, rest = name.split()[-1], match.group(1)
    whole = zipf_frequency((piece + rest).lower(), "en")
    alone = max(zipf_frequency(rest, "en"), zipf_frequency(piece.lower(), "en"))
    if alone >= COMMON_WORD or whole < COMMON_WORD:
        return None
    return Span(end + match.start(1), end + match.end(1), rest)


def _placed(short: str, long: str, is_place: IsPlace) -> bool:
    """ "Korean Cultural Center of Chicago", "World Trade Centre, Mumbai": the short name and its place."""
    rest = long[len(short):] if long.startswith(short) else ""
    return re.match(r" (?:of|in) [A-Z]", rest) is not None or (
        re.match(r",? [A-Z]", rest) is not None and is_place(rest.lstrip(", ")))


def _more_mentions(text: str, parsed: ParsedText, found: Sequence[EntityMention], defined: Mapping[str, str],
                   heads: frozenset[str]) -> list[EntityMention]:
    """Acronyms the model did not take as names, and "the Association" for the one association named."""
    taken = [(m.span.start, m.span.end) for m in (*found, *parsed.people, *parsed.programs)]
    out: list[EntityMention] = []

    def free(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in taken)

    def add(start: int, end: int, name: str) -> None:
        sentence = next((s for s in parsed.sentences if s.start <= start < s.end), None)
        if sentence is not None and free(start, end):
            out.append(EntityMention("organization", name, Span(start, end, text[start:end]), sentence))
            taken.append((start, end))

    named = {m.name for m in found}
    for acronym, full in defined.items():
        if full not in named and not any(w.lower() in heads for w in full.split()):
            continue  # "the Coastal Resilience Strategy (CRS)": no body's head, and the model named no body
        for match in re.finditer(r"(?<![\w-])" + re.escape(acronym) + r"(?![\w-])", text):
            add(match.start(), match.end(), full)
    by_head: dict[str, set[str]] = {}
    for m in found:
        last = m.name.split()[-1].lower() if m.name.split() else ""
        if last in heads:
            by_head.setdefault(last, set()).add(m.name)
    for match in re.finditer(r"\b[Tt]he ([A-Z][a-z]+)\b(?!\s+(?:of|for|[A-Z]))", text):
        head = match.group(1).lower()
        names = by_head.get(head, set())
        if head in heads and len(names) == 1:
            add(match.start(1), match.end(1), next(iter(names)))
    return out


def _place_before(span: Span, name: str, text: str, toponyms: Sequence[Toponym],
                  heads: frozenset[str]) -> Span | None:
    """The place written just before a body whose name is all common words ("Ho Chi Minh City" of "Ho Chi
    Minh City People's Council", "Gyeonggi Province" of "... World Ceramic Exposition Foundation")."""
    words = name.split()
    if len(words) < 2 or not name[:1].isupper() or words[-1].lower() not in heads:
        return None
    if any(w.lower() not in _FUNCTION_WORDS and zipf_frequency(re.sub(r"['’]s$", "", w).lower(), "en")
           < COMMON_WORD for w in words):
        return None
    return next((t.span for t in toponyms if t.span.end == span.start - 1 and text[t.span.end] == " "
                 and t.span.text[:1].isupper()), None)


_FRONT = re.compile(r"(?:^|(?<=[\s(“\"]))((?:[A-Z][\w’'&.-]*[ \t]+){1,3})$")


def _words_before_head(span: Span, name: str, text: str, heads: frozenset[str], words: EntityWords,
                       lexicon: Lexicon, people: Sequence[tuple[int, int]]) -> Span | None:
    """Capitalised words the model left off the front of a body whose name starts with its head ("Elm Bay
    Area" of "Elm Bay Area Chamber of Commerce", "Norvale" of "Norvale Board of Trade"): the whole name,
    unless they are a sentence's first word, a title, a person or a headline's verb."""
    first = name.split()[0] if name.split() else ""
    if first.lower() not in heads or not first[:1].isupper():
        return None
    line_start = text.rfind("\n", 0, span.start) + 1
    match = _FRONT.search(text, line_start, span.start)
    if match is None or _in_headline(span, text):
        return None
    start = match.start(1)
    front = match.group(1).split()
    if front[0].lower() in ("the", "a", "an"):  # "The Elm Bay Area Chamber": the sentence's article
        start = text.index(front[1], start + len(front[0])) if len(front) > 1 else span.start
        front = front[1:]
    stops = lexicon.title_words | words.headline_verbs
    if not front or any(w.lower() in stops or w in lexicon.honorifics or w.endswith((".", "'s", "’s"))
                        for w in front):
        return None  # not "Korea. Party Committee", "India's Ministry of X"
    before = text[line_start:start].rstrip()
    if not before or before[-1] in ".!?:\"“”":  # a sentence's first word may be any capitalised word
        return None
    if any(a < span.start and start < b for a, b in people):
        return None
    return Span(start, span.end, text[start : span.end])


def _bodies_of_places(text: str, parsed: ParsedText, found: Sequence[EntityMention], words: EntityWords,
                      is_place: IsPlace) -> list[EntityMention]:
    """ "the City of Bunbury signed", "the government of Colombia": a place's council or government, named
    as a body (the place stays a place)."""
    taken = [(m.span.start, m.span.end) for m in (*found, *parsed.people)]
    out: list[EntityMention] = []

    def add(start: int, end: int, name: str = "") -> None:
        sentence = next((s for s in parsed.sentences if s.start <= start < s.end), None)
        if sentence is None or any(a < end and start < b for a, b in taken):
            return
        out.append(EntityMention("organization", name or text[start:end], Span(start, end, text[start:end]),
                                 sentence))
        taken.append((start, end))

    if words.place_body_suffixes:  # "Canterbury city council", "the Taichung City government"
        suffix = re.compile(r" (?:" + "|".join(sorted((re.escape(w) for w in words.place_body_suffixes),
                                                      key=len, reverse=True)) + r")\b")
        for toponym in parsed.toponyms:
            match = suffix.match(text, toponym.span.end)
            if match and toponym.span.text[:1].isupper():
                # the mention is the body's words, so the place stays free for the trip it starts from
                add(match.start() + 1, match.end(), text[toponym.span.start : match.end()])
    if not words.place_bodies:
        return out
    body = "|".join(sorted((re.escape(w) for w in words.place_bodies), key=len, reverse=True))
    for match in re.finditer(rf"\b(?:{body}) of ((?:[A-Z][\w’'-]*)(?: [A-Z][\w’'-]*){{0,2}})", text):
        place = re.sub(r"['’]s?$", "", match.group(1)).split()  # "the City of Columbus’ plan"
        while place and not is_place(" ".join(place)):
            place = place[:-1]  # "the City of Erie Mayor": the place is "Erie"
        if not place:
            continue
        add(match.start(), match.start(1) + len(" ".join(place)))
    return out


_COUNCIL_HEADS = frozenset({"council", "municipality"})


def _local_bodies(roles: Mapping[str, tuple[Role, ...]], organizations: Sequence[EntityMention],
                  words: EntityWords) -> dict[str, tuple[Role, ...]]:
    """ "Mayor X", "town clerk Y" with no body written: the council of the story, when it names one council
    ("Alnwick Town Council", "the City of Bunbury") that no one else holds an office of; a story of two
    towns names two councils, and the other town's mayor holds the other ("Mayor Sato of Ichinoseki")."""
    councils = {m.name for m in organizations if m.name.split()[-1].lower() in _COUNCIL_HEADS}
    if not councils:
        councils = {m.name for m in organizations
                    if m.name.split()[0] in words.place_bodies and " of " in m.name}

    def held(council: str) -> bool:
        return any(r.organization and r.title.lower() in words.local_titles
                   and (r.organization == council or council.startswith(r.organization + " "))
                   for items in roles.values() for r in items)

    free = {c for c in councils if not held(c)}
    if len(free) != 1:
        return dict(roles)
    council = next(iter(free))
    out: dict[str, tuple[Role, ...]] = {}
    for name, items in roles.items():
        if any(r.organization for r in items):
            out[name] = items
            continue
        out[name] = tuple(Role(r.title, council) if r.title.lower() in words.local_titles else r
                          for r in items)
    return out


def _renamed_roles(roles: Mapping[str, tuple[Role, ...]], renamed: Mapping[str, str],
                   org_names: Mapping[str, str], defined: Mapping[str, str]) -> dict[str, tuple[Role, ...]]:
    out: dict[str, list[Role]] = {}
    for name, items in roles.items():
        key = renamed.get(name, name)
        for role in items:
            org = role.organization
            if org:
                org = defined.get(org, org_names.get(canonical_key(org), org))
            fixed = Role(role.title, org)
            if not any(r.title.lower() == fixed.title.lower() and r.organization == org  # "Deputy Mayor"
                       for r in out.setdefault(key, [])):
                out[key].append(fixed)
    return {name: tuple(items) for name, items in out.items()}


def gazetteer_is_place(search: Callable[[str], Iterable[object]], min_population: int = 5_000) -> IsPlace:
    """An ``IsPlace`` from a gazetteer's ``search``: a country, a state, or a town of some size."""
    cache: dict[str, bool] = {}

    def check(name: str) -> bool:
        if name not in cache:
            cache[name] = any(
                getattr(c, "kind", "") in ("country", "admin1")
                or (getattr(c, "kind", "") == "city" and getattr(c, "population", 0) >= min_population)
                for c in list(search(name))[:3]
            )
        return cache[name]
    return check
