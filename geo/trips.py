"""Trips: who travelled from where to where, when, organised by whom, under which program.

The rules read the dependency parse of the sentences that tell of travel (a visit, a tour, a delegation,
a mission; someone hosting, welcoming or receiving visitors) and give each place in them a role:

* origin: "a delegation *from* X", "Mayor Doe *of* X led ...", "*X* Mayor Doe visited ...",
  "*X* sent a delegation ...";
* destination: "visited X", "a trip *to* X", "stopping *in* X", "toured cities such as X",
  "*X* welcomed a delegation", "Mayor Roe *of* X hosted ...".

Sentences about the same journey ("the visit", "the delegation", "they", the same destinations) are
merged into one record; several journeys in one article give several records. A meeting with no travel
("met by video") is not a trip; headlines and reader comments do not create trips.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from geo.models import (
    Candidate,
    Dateline,
    DateMention,
    DateRange,
    EntityMention,
    ParsedText,
    PlaceMention,
    Resolved,
    Sentence,
    Span,
    TripRecord,
)

# spaCy is untyped: tokens and docs are ``Any`` here.
Token = Any
Doc = Any

Role = Literal["origin", "destination"]
Side = Literal["traveller", "host"]

# Verbs whose subject travels and whose object or prepositional phrase is where to.
_TRAVEL_VERBS = frozenset({
    "visit", "tour", "travel", "fly", "arrive", "journey", "stop", "land", "head", "trek", "sail",
    "go", "come", "return", "depart", "leave", "embark", "venture", "reach", "stay", "spend",
})
# Of these, the ones that announce a journey by themselves (``go``, ``come``, ``stay`` ... need a place).
_STRONG_TRAVEL_VERBS = frozenset({"visit", "tour", "travel", "fly", "arrive", "journey", "embark"})
# Verbs whose direct object is the place visited.
_VISIT_OBJECT_VERBS = frozenset({"visit", "tour", "reach", "explore"})
# Verbs whose direct object is the place left.
_LEAVE_VERBS = frozenset({"leave", "depart"})
# Verbs whose subject is the place (or person) receiving visitors.
_HOST_VERBS = frozenset({"host", "welcome", "receive", "greet", "accommodate"})
# Verbs that make a journey when their object is a trip or a group of travellers ("led a mission").
_LEAD_VERBS = frozenset({
    "lead", "head", "send", "dispatch", "make", "pay", "undertake", "organize", "organise", "take", "bring",
})
# Nouns that name a journey.
_TRIP_NOUNS = frozenset({
    "visit", "trip", "tour", "journey", "mission", "travel", "stop", "stopover", "excursion", "junket",
    "expedition", "voyage", "delegation", "stay", "leg", "itinerary",
})
# Nouns that name the travellers (a delegation is both a journey and its members).
_TRAVELLER_NOUNS = frozenset({
    "delegation", "delegate", "mayor", "governor", "official", "leader", "member", "representative",
    "businessman", "businesswoman", "businesspeople", "executive", "student", "teacher", "visitor",
    "group", "team", "lawmaker", "legislator", "councilman", "councilwoman", "councilor", "councillor",
    "secretary", "minister", "envoy", "guest", "entrepreneur", "chairman", "chairwoman", "president",
    "commissioner", "ambassador", "consul", "vice", "people", "investor", "officer", "head", "director",
    "artist", "athlete", "youth", "scholar", "journalist", "senator", "party",
    "musician", "orchestra", "troupe", "choir", "band", "player", "performer", "child", "alderman",
    "alderwoman", "staff", "researcher", "farmer", "winemaker", "engineer", "family",
})
# "from X" in a travel sentence is where travellers come from, except after these words
_FROM_NOT_ORIGIN = frozenset({
    "letter", "message", "support", "grant", "investment", "fund", "money", "export", "import", "data",
    "report", "statement", "product", "good", "tariff", "revenue", "loan", "donation", "translation",
    "lesson", "benefit", "distance", "far", "away", "apart", "different", "date", "year", "month",
    "range", "mile", "kilometer", "kilometre", "hour", "minute", "day", "week",
})
# Subjects of "arrive", "come", "go" that are no travellers.
_THING_SUBJECTS = frozenset({
    "invitation", "letter", "message", "email", "e-mail", "shipment", "package", "parcel", "news", "word",
    "report", "request", "order", "product", "fund", "funding", "money", "grant", "check", "cheque", "reply",
    "response", "answer", "proposal", "offer", "call", "bill", "invoice", "container", "cargo", "time",
    "moment", "day", "season", "opportunity", "chance", "decision", "result", "approval",
})
# Words that make a journey hypothetical: considered, hoped for, invited, proposed
_HYPOTHETICAL = frozenset({
    "consider", "hope", "wish", "propose", "suggest", "dream", "invite", "would-be",
    "hopes", "hoped", "hoping",  # the model's lemma of "hopes" is "hop"
})
# Auxiliaries that put a journey in the future or in doubt: "will visit", "may travel", "would host"
_MODALS = frozenset({
    "will", "'ll", "’ll", "shall", "may", "might", "could", "would", "should", "must", "can",
})
# Verbs and adjectives whose complement is a journey not (yet) made: "plans to visit", "is due to lead"
_PLAN_WORDS = frozenset({
    "plan", "expect", "schedule", "intend", "aim", "hope", "want", "seek", "set", "due", "prepare",
    "propose", "consider", "wish", "try", "attempt", "vote", "likely", "eager", "keen", "ready", "going",
    "invite", "ask", "urge", "encourage", "would-be",
})
_PLAN_NOUNS = frozenset({"plan", "proposal", "invitation", "offer", "hope", "idea"})
# Modifiers of a journey noun that say it has not happened: "a planned visit", "an upcoming trip"
_PLAN_MODIFIERS = frozenset({
    "planned", "proposed", "upcoming", "future", "possible", "potential", "scheduled", "expected",
    "prospective", "forthcoming", "next", "intended", "anticipated",
})
# Collective traveller nouns that are travellers unless the parse says otherwise.
_GROUP_NOUNS = frozenset({"delegation", "delegate", "visitor", "mayor", "guest"})
# Prepositions that lead to a destination when they hang on a journey.
_DESTINATION_PREPS = frozenset({
    "to", "in", "at", "into", "through", "throughout", "across", "around", "toward", "towards", "for",
    "via", "inside", "within", "on",
})
# "cities such as X", "places including X", "stops like X": the examples stand for their head noun.
_EXAMPLE_PREPS = frozenset({"as", "including", "like", "among", "namely"})
# Nouns of which "the N of X" means X itself ("the city of Sendai").
_PLACE_NOUNS = frozenset({
    "city", "town", "village", "state", "province", "prefecture", "county", "capital", "municipality",
    "district", "region", "island", "port", "territory", "metropolis", "hometown",
})
# Words that say the meeting happened without travel.
_REMOTE_WORDS = frozenset({
    "video", "videoconference", "teleconference", "videolink", "virtual", "virtually", "online", "phone",
    "telephone", "zoom", "webinar", "remotely", "livestream",
})
# Words that say the journey did not (or may not) happen.
_CANCEL_LEMMAS = frozenset({"cancel", "postpone", "scrap", "shelve", "abandon", "suspend", "call"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those", "their", "his", "her", "its", "our", "such"})
_PRONOUNS = frozenset({"they", "he", "she", "we"})
_FIRST_SECOND_PERSON = frozenset({"i", "me", "my", "we", "us", "our", "you", "your"})
# Words naming who organised a journey, and the preposition or relation that ties the organiser.
_ORGANIZER_WORDS = frozenset({
    "organize", "organise", "organizer", "organiser", "sponsor", "arrange", "coordinate", "invitation",
    "invite", "facilitate", "host", "convene",
})
_PROGRAM_CUES = (
    "part of", "under", "program", "programme", "initiative", "project", "exchange", "dialogue", "through",
)
# Special administrative regions count as inside the country for refining "a visit to China".
_PART_OF_COUNTRY = {"HK": "CN", "MO": "CN"}
_ACCEPTED_KINDS = frozenset({"city", "admin1", "country", "region"})
# Anaphoric stand-ins for the dateline's place: "arrived here", "arrived in the city".
_HERE_NOUNS = frozenset({"city", "town", "province", "prefecture", "capital"})

_MAX_PARTICIPANT_TOKENS = 14
_NUMBER_WORDS = frozenset({
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "dozen",
    "fifteen", "twenty", "thirty", "forty", "fifty", "several", "many",
})


# --- the parse, read around one token ----------------------------------------------------------


def _climb(tok: Token) -> tuple[str, Token]:
    """The relation that ties a noun to the rest of its clause: a preposition or a dependency label."""
    cur = tok
    for _ in range(12):
        head = cur.head
        if head is cur or head.i == cur.i:
            return "root", cur
        dep = cur.dep_
        if dep in ("conj", "appos", "flat"):
            cur = head
            continue
        if dep == "pobj":
            prep = head
            word = prep.lower_
            if word in _EXAMPLE_PREPS and prep.head.i != prep.i:
                cur = prep.head
                continue
            if word == "of" and prep.head.lemma_.lower() in _PLACE_NOUNS:
                cur = prep.head
                continue
            if word == "in" and prep.head.lemma_.lower() in _PLACE_NOUNS and prep.head.dep_ == "appos":
                cur = prep.head  # "Zhuhai, a city in Guangdong": Guangdong stands where Zhuhai does
                continue
            return word, prep.head
        if dep == "dobj" and head.lower_ in ("including", "like"):
            cur = head.head
            continue
        return dep, head
    return "root", cur


def _dobj_lemmas(verb: Token) -> set[str]:
    """Lemmas of a verb's direct objects (and their conjuncts)."""
    out: set[str] = set()
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            out.add(child.lemma_.lower())
            out.update(c.lemma_.lower() for c in child.conjuncts)
    return out


def _is_person_token(tok: Token, people_tokens: set[int]) -> bool:
    return bool(tok.i in people_tokens)


def _is_travel_event(tok: Token, people_tokens: set[int]) -> bool:
    """A verb or noun that tells of a journey (or of receiving one)."""
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("NOUN", "PROPN"):
        return lemma in _TRIP_NOUNS and not _is_person_token(tok, people_tokens)
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if lemma in _TRAVEL_VERBS:
        # "an invitation arrived", "the letter came": things travel, people make journeys
        if tok.dep_ in ("acl", "relcl") and tok.head.lemma_.lower() in _THING_SUBJECTS:
            return False  # "confirmed an invitation arrived"
        return not any(c.dep_ == "nsubj" and c.lemma_.lower() in _THING_SUBJECTS for c in tok.children)
    objects = _dobj_lemmas(tok)
    if lemma in _HOST_VERBS:
        return bool(objects & (_TRAVELLER_NOUNS | _TRIP_NOUNS)) or any(
            c.dep_ in ("dobj", "nsubjpass") and c.i in people_tokens for c in tok.children
        )
    if lemma in _LEAD_VERBS:
        return bool(objects & (_TRIP_NOUNS | _GROUP_NOUNS))
    return False


def _governing_event(tok: Token, people_tokens: set[int]) -> Token | None:
    """The journey a word hangs on, climbing through nouns and chained verbs, not through other clauses."""
    cur = tok
    for _ in range(10):
        if _is_travel_event(cur, people_tokens):
            return cur
        if cur.dep_ in ("relcl", "csubj", "ccomp", "parataxis"):
            return None
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ not in ("conj", "advcl", "xcomp", "pcomp", "acl"):
            return None
        if cur.head is cur or cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _side(tok: Token, people_tokens: set[int]) -> Side | None:
    """Whether a person or group is among the travellers or among their hosts."""
    cur = tok
    for _ in range(10):
        head = cur.head
        if head.i == cur.i:
            break
        dep = cur.dep_
        if dep in ("conj", "appos", "compound", "flat", "poss"):
            cur = head
            continue
        if dep == "pobj":
            prep = head
            word = prep.lower_
            if word in _EXAMPLE_PREPS:
                cur = prep.head
                continue
            target = prep.head
            if word == "by":
                return _agent_side(target, people_tokens)
            if word in ("of", "from", "with") and (
                target.lemma_.lower() in _TRAVELLER_NOUNS | _TRIP_NOUNS
            ):
                cur = target
                continue
            if word == "with" and target.lemma_.lower() in ("meet", "talk", "hold", "sign"):
                return "host"
            break
        if dep == "agent":
            return "host" if head.lemma_.lower() in _HOST_VERBS else "traveller"
        if dep == "nsubj":
            lemma = head.lemma_.lower()
            if lemma in _HOST_VERBS:
                return "host"
            if lemma in ("send", "dispatch"):
                break
            if _is_travel_event(head, people_tokens) or lemma in ("lead", "head", "join", "accompany"):
                return "traveller"
            if _plans_travel(head, people_tokens):
                return "traveller"  # "plans to visit", "hopes to lead"
            if _own_journey(head, cur):
                return "traveller"  # "During his stay in X, Mayor Y met ..."
            break
        if dep in ("dobj", "nsubjpass", "dative"):
            lemma = head.lemma_.lower()
            if dep == "nsubjpass" and _plans_travel(head, people_tokens):
                return "traveller"  # "is expected to lead"
            if lemma in _HOST_VERBS:
                return "traveller"
            if lemma in ("meet", "greet", "thank"):
                return "host"
            if lemma in ("lead", "include", "join", "accompany"):
                cur = head
                continue
            break
        if dep in ("attr", "acl", "relcl", "nmod", "amod", "npadvmod"):
            cur = head
            continue
        break
    if tok.lemma_.lower() in _GROUP_NOUNS:
        return "traveller"
    return None


def _own_journey(verb: Token, subject: Token) -> bool:
    """A clause that tells of its subject's own journey: "during her visit", "on their trip"."""
    inside = {t.i for t in subject.subtree}
    return any(
        t.i not in inside and t.lemma_.lower() in _TRIP_NOUNS and t.lemma_.lower() != "delegation"
        and any(c.dep_ == "poss" and c.lower_ in ("his", "her", "their") for c in t.children)
        for t in verb.subtree
    )


def _plans_travel(verb: Token, people_tokens: set[int]) -> bool:
    """A verb whose complement is a journey: "plans to visit", "is expected to lead"."""
    return any(
        c.dep_ == "xcomp" and (_is_travel_event(c, people_tokens) or c.lemma_.lower() in ("lead", "head"))
        for c in verb.children
    )


def _modal(verb: Token) -> bool:
    """ "will visit", "may travel", "would host", "is going to visit"."""
    return any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children)


def _unrealised(event: Token) -> bool:
    """A journey told as planned, hoped for or possible, not as made: "will visit", "plans to travel",
    "is due to lead a delegation", "a proposed trip", "would host a return visit"."""
    if event.pos_ in ("NOUN", "PROPN") and any(
        c.lower_ in _PLAN_MODIFIERS and c.dep_ in ("amod", "compound", "nmod") for c in event.children
    ):
        return True
    cur = event
    for _ in range(8):
        if cur.pos_ in ("VERB", "AUX", "ADJ"):
            if cur.i != event.i and (cur.lemma_.lower() in _PLAN_WORDS or cur.lower_ in _PLAN_WORDS):
                return True
            if _modal(cur):
                return True
            if cur.dep_ not in ("xcomp", "conj", "acomp") or cur.head.i == cur.i:
                return False
            if cur.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children):
                return False  # "X could not attend, but a delegation visited": a clause of its own
        elif cur.i != event.i and cur.pos_ == "NOUN" and cur.lemma_.lower() in _PLAN_NOUNS:
            return True  # "plans for a visit", "an invitation to visit"
        elif cur.dep_ not in ("dobj", "pobj", "prep", "nsubj", "nsubjpass", "conj", "compound", "attr") or (
            cur.head.i == cur.i
        ):
            return False
        cur = cur.head
    return False


def _homeward(tok: Token) -> bool:
    """A verb of going home: "return", "fly back", "head home"."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.lower_ == "forth" for c in tok.subtree):
        return False  # "traveled back and forth"
    if tok.lemma_.lower() == "return":
        return True
    return any(
        c.lower_ in ("back", "home") and c.dep_ in ("advmod", "prt", "npadvmod", "dobj") for c in tok.children
    )


def _agent_side(target: Token, people_tokens: set[int]) -> Side | None:
    """The side of "by X": "led by X", "a visit by X" (travellers); "welcomed by X" (hosts)."""
    cur = target
    for _ in range(6):
        lemma = cur.lemma_.lower()
        if lemma in _HOST_VERBS | {"meet", "greet", "organize", "organise", "sponsor", "arrange"}:
            return "host"
        if lemma in ("lead", "head", "accompany", "join") or _is_travel_event(cur, people_tokens):
            return "traveller"
        if cur.pos_ in ("VERB", "AUX") or cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _place_role(tok: Token, people_tokens: set[int]) -> Role | None:
    """Whether the place a token stands for is where travellers came from or where they went."""
    rel, attach = _climb(tok)
    attach_lemma = attach.lemma_.lower()
    if _homeward(attach):
        # "returned from X", "flying home from X": X was visited; "flew back to X": X is home
        if rel in ("from",):
            return "destination"
        if rel in ("to", "for", "dobj"):
            return "origin"
        if rel in ("via", "through"):
            return None  # a change of planes on the way home
    if rel == "from":
        if attach_lemma in _FROM_NOT_ORIGIN or attach.ent_type_ in ("DATE", "TIME", "MONEY", "QUANTITY"):
            return None
        if _governing_event(attach, people_tokens) is not None:
            return "origin"
        if attach_lemma in _TRAVELLER_NOUNS or attach.i in people_tokens or attach.pos_ in ("AUX",):
            return "origin"
        if attach_lemma in ("come", "hail", "be"):
            return "origin"
        if attach.pos_ in ("NOUN", "PROPN"):
            return "origin"  # "a youth orchestra from X played ...", in a sentence that tells of travel
        return None
    if rel in _DESTINATION_PREPS:
        side = _side(attach, people_tokens) if (
            attach.i in people_tokens or attach_lemma in _TRAVELLER_NOUNS
        ) else None
        if side == "host":
            return "destination" if rel in ("in", "at", "from") else None
        if attach_lemma in _TRAVELLER_NOUNS and attach_lemma not in _TRIP_NOUNS:
            # "mayors in Ohio": where they are from, unless they go "to" it
            if rel == "to":
                return "destination"
            return None
        if rel == "on" and attach_lemma not in ("stop", "leg", "visit", "trip", "tour"):
            return None
        if rel == "for" and attach_lemma not in ("leave", "depart", "head", "set", "bind"):
            return None
        if _governing_event(attach, people_tokens) is not None:
            return "destination"
        return None
    if rel == "of":
        if not (attach.i in people_tokens or attach_lemma in _TRAVELLER_NOUNS or attach_lemma in _TRIP_NOUNS):
            return None
        side = _side(attach, people_tokens)
        if side == "traveller":
            return "origin"
        if side == "host":
            return "destination"
        if attach_lemma in _TRIP_NOUNS and attach_lemma != "delegation":
            return "destination"  # "a tour of Japan"
        return None
    if rel == "dobj":
        if attach_lemma in _VISIT_OBJECT_VERBS:
            return "destination"
        if attach_lemma in ("include", "cover") and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in _TRIP_NOUNS for c in attach.children
        ):
            return "destination"  # "the itinerary included X"
        if attach_lemma in _LEAVE_VERBS:
            return "origin"
        return None
    if rel == "nsubjpass" and attach_lemma in _VISIT_OBJECT_VERBS:
        return "destination"
    if rel in ("npadvmod", "oprd", "attr") and attach_lemma in _VISIT_OBJECT_VERBS:
        # "visited Richmond, Va., and ...", misread when a headline is glued to the lead: the place right
        # after the verb is its object
        first = tok
        while first.dep_ in ("conj", "appos", "flat", "compound") and first.head.i != first.i:
            first = first.head
        if first.i == attach.i + 1:
            return "destination"
    if rel == "nsubj":
        if attach_lemma in _HOST_VERBS and _is_travel_event(attach, people_tokens):
            return "destination"
        if attach_lemma in ("send", "dispatch"):
            return "origin"
        return None
    if rel in ("compound", "poss", "nmod", "amod"):
        if attach_lemma in _TRIP_NOUNS and attach_lemma != "delegation":
            return "destination"  # "an Osaka trip"
        side = _side(attach, people_tokens)
        if side == "traveller":
            return "origin"
        if side == "host":
            return "destination"
        return None
    return None


# --- sentences --------------------------------------------------------------------------------


def _quote_ranges(text: str, offset: int) -> list[tuple[int, int]]:
    """Character ranges (document offsets) of short quoted names in a sentence ("the “X Project”")."""
    ranges: list[tuple[int, int]] = []
    for match in re.finditer(r"[“\"]([^”\"]{1,120})[”\"]", text):
        inner = match.group(1)
        if len(inner.split()) <= 12:
            ranges.append((offset + match.start(), offset + match.end()))
    return ranges


def _is_commentary(sent: Any) -> bool:
    """A reader's remark rather than reported text: first or second person outside quotes, or a question."""
    text = sent.text.strip()
    if any(q in text for q in "“”\""):
        return False
    if text.endswith("?") or text.endswith("!"):
        return True
    return any(t.lower_ in _FIRST_SECOND_PERSON for t in sent)


def _is_headline(sentence: Sentence, doc_text: str, index: int, total: int) -> bool:
    """The first line of a text, when it lacks closing punctuation and more text follows."""
    if index != 0 or total < 2:
        return False
    line_end = doc_text.find("\n", sentence.start)
    if line_end == -1 or line_end > sentence.end + 1:
        return False
    stripped = sentence.text.strip()
    return bool(stripped) and stripped[-1] not in ".!?\"”'’)"


def _front_matter(text: str) -> tuple[int, int] | None:
    """The headline and byline lines that open an article ("Councillors back from X", "By Jo Roe | Outlet"):
    their places and names tell of no journey by themselves, whatever sentence the parser glued them to."""
    lines = text.split("\n")
    if len(lines) < 2:
        return None
    end, offset = 0, 0
    for number, line in enumerate(lines[:4]):
        stripped = line.strip()
        if stripped and (
            (number == 0 and stripped[-1] not in ".!?\"”'’)")
            or (re.match(r"(?:By|From)\s+[A-Z]", stripped) and len(stripped.split()) <= 14)
            or ("|" in stripped and len(stripped.split()) <= 14)
        ):
            end = offset + len(line)
        elif stripped and number > 0:
            break
        offset += len(line) + 1
    return (0, end) if end else None


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Paragraphs: split at blank lines when the text has them, else at line breaks."""
    sep = r"\n\s*\n" if re.search(r"\n\s*\n", text) else r"\n"
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(sep, text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


# --- drafts -----------------------------------------------------------------------------------


@dataclass
class _Draft:
    origins: list[int] = field(default_factory=list)
    destinations: list[int] = field(default_factory=list)
    evidence: list[Sentence] = field(default_factory=list)
    dates: list[tuple[int, int, DateMention]] = field(default_factory=list)  # (rank, distance, mention)
    organizer: str | None = None
    program: str | None = None
    participants: list[str] = field(default_factory=list)
    participant_texts: list[str] = field(default_factory=list)
    first_sentence: int = 0
    last_sentence: int = 0
    background: bool = False  # a journey recalled in passing: "a previous delegation", "in 2018"
    planned: bool = False  # told only as planned, hoped for or possible: not a trip (yet)


@dataclass
class _Reading:
    """What one sentence says about a journey."""

    index: int
    sentence: Sentence
    events: list[Token]
    anaphoric: bool
    fresh: bool = False  # "a return trip", "a previous delegation": another journey than the one told
    anaphors: set[str] = field(default_factory=set)  # "delegation" in "the delegation left ..."
    origins: list[int] = field(default_factory=list)
    destinations: list[int] = field(default_factory=list)
    here: bool = False  # "arrived here", "arrived in the city": the dateline's place
    participants: list[str] = field(default_factory=list)
    participant_texts: list[str] = field(default_factory=list)
    dates: list[tuple[int, int, DateMention]] = field(default_factory=list)
    organizer: str | None = None
    program: str | None = None
    planned: bool = False  # every journey the sentence tells of is to come or in doubt
    whole: Sentence | None = None  # the sentence, when this reading is one of its clauses

    def contributes(self) -> bool:
        return bool(
            self.origins or self.destinations or self.participants or self.dates or self.organizer
            or self.program or self.here
        )


def _place_key(place: PlaceMention) -> tuple[object, ...] | None:
    res = place.resolution
    if not isinstance(res, Resolved):
        return None
    cand = res.place
    if cand.geonameid is not None:
        return ("gn", cand.geonameid)
    return ("pt", cand.name.lower(), round(cand.lat, 2), round(cand.lon, 2))


def _candidate(places: Sequence[PlaceMention], index: int) -> Candidate | None:
    res = places[index].resolution
    return res.place if isinstance(res, Resolved) else None


def _country_of(cand: Candidate) -> str | None:
    if cand.country is None:
        return None
    return _PART_OF_COUNTRY.get(cand.country, cand.country)


def _contains(outer: Candidate, inner: Candidate) -> bool:
    """Whether a country, state or region holds a city (by codes, not geometry)."""
    if outer.kind == "country":
        # China holds Hong Kong, but Hong Kong does not hold Chinese cities
        return inner.kind != "country" and outer.country is not None and outer.country in (
            inner.country, _country_of(inner)
        )
    if outer.kind == "admin1":
        return (
            inner.kind == "city" and inner.country == outer.country
            and inner.admin1 is not None and inner.admin1 == outer.admin1
        )
    return False


def _dedupe(indices: Iterable[int], places: Sequence[PlaceMention]) -> list[int]:
    seen: set[tuple[object, ...]] = set()
    out: list[int] = []
    for i in indices:
        key = _place_key(places[i])
        if key is None or key in seen:
            continue
        seen.add(key)
        out.append(i)
    return out


def _refine(indices: list[int], places: Sequence[PlaceMention]) -> list[int]:
    """Drop a country, state or region when places inside it are named ("China" once "Chengdu" is known)."""
    cands = {i: _candidate(places, i) for i in indices}
    kept: list[int] = []
    for i in indices:
        outer = cands[i]
        if outer is None:
            continue
        if outer.kind in ("country", "admin1") and any(
            j != i and (inner := cands[j]) is not None and _contains(outer, inner) for j in indices
        ):
            continue
        if outer.kind == "region" and any(
            (c := cands[j]) is not None and c.kind != "region" for j in indices if j != i
        ):
            continue
        kept.append(i)
    return kept


def _keys(indices: Iterable[int], places: Sequence[PlaceMention]) -> set[tuple[object, ...]]:
    return {k for i in indices if (k := _place_key(places[i])) is not None}


def _overlaps(a: Sequence[int], b: Sequence[int], places: Sequence[PlaceMention]) -> bool:
    """Same places, or one inside the other ("China" and "Chengdu")."""
    if _keys(a, places) & _keys(b, places):
        return True
    for i in a:
        for j in b:
            ci, cj = _candidate(places, i), _candidate(places, j)
            if ci is not None and cj is not None and (_contains(ci, cj) or _contains(cj, ci)):
                return True
    return False


def _month(d: _Draft | _Reading) -> str | None:
    """The month of a journey, when its words are that precise."""
    best = _best_date(d.dates)
    if best is None or best.resolved is None or best.resolved.precision not in ("day", "week", "month"):
        return None
    return best.resolved.start[:7]


def _best_date(dates: Sequence[tuple[int, int, DateMention]]) -> DateMention | None:
    """A date hanging on the journey first; among equals, the earliest sentence's, then the nearest."""
    ranked = sorted(
        (d for d in dates if d[2].resolved is not None), key=lambda d: (d[0], d[2].sentence.start, d[1])
    )
    return ranked[0][2] if ranked else None


def _conflicts(draft: _Draft, reading: _Reading, places: Sequence[PlaceMention]) -> bool:
    """Two tellings that cannot be the same journey: other travellers, other homes, other months, or a
    journey to the first one's home ("our teachers who went to X", X being where the visitors came from)."""
    if reading.destinations and draft.origins and places:
        homes = _keys(draft.origins, places)
        if all(_place_key(places[i]) in homes for i in reading.destinations):
            return True
    if draft.participants and reading.participants and not (
        set(draft.participants) & set(reading.participants)
    ):
        return True
    year_a, year_b = _year(draft), _year(reading)
    if year_a is not None and year_b is not None and year_a != year_b:
        return True  # "the group visited X last year": another journey than this year's
    if reading.anaphoric:
        return False  # "the delegation left on Friday", "arrived from X": a later day or stop of the journey
    if draft.origins and reading.origins and not _overlaps(draft.origins, reading.origins, places):
        return True
    m1, m2 = _month(draft), _month(reading)
    return m1 is not None and m2 is not None and m1 != m2


def _merge(draft: _Draft, reading: _Reading, places: Sequence[PlaceMention] = ()) -> None:
    # a place keeps the role it was first given ("from X" later in an aside does not make X a home)
    dest_keys = _keys(draft.destinations, places) if places else set()
    origin_keys = _keys(draft.origins, places) if places else set()
    if reading.anaphoric and draft.origins and places:
        # "the delegation arrived from X": once the home is known, X is an earlier stop
        stops = [i for i in reading.origins if not _overlaps([i], draft.origins, places)]
        reading.origins = [i for i in reading.origins if i not in stops]
        reading.destinations = stops + reading.destinations
    draft.origins.extend(i for i in reading.origins if not places or _place_key(places[i]) not in dest_keys)
    draft.destinations.extend(
        i for i in reading.destinations if not places or _place_key(places[i]) not in origin_keys
    )
    if reading.contributes() or not draft.evidence:
        evidence = reading.whole or reading.sentence
        if evidence not in draft.evidence:
            draft.evidence.append(evidence)
    # a date hanging on the journey wins; among equals, the first sentence's; a stop to come dates nothing
    draft.dates.extend((rank + (30 if reading.planned else 1), dist, m) for rank, dist, m in reading.dates)
    draft.organizer = draft.organizer or reading.organizer
    draft.program = draft.program or reading.program
    draft.participants.extend(p for p in reading.participants if p not in draft.participants)
    draft.participant_texts.extend(reading.participant_texts)
    draft.last_sentence = reading.index
    if not reading.planned and (reading.destinations or reading.origins or reading.here) and any(
        t.tag_ in ("VBD", "VBN") for t in reading.events
    ):
        draft.planned = False  # a journey announced, then told as made ("we're flying there" is not)


def _new_draft(reading: _Reading) -> _Draft:
    draft = _Draft(first_sentence=reading.index, last_sentence=reading.index, planned=reading.planned)
    _merge(draft, reading)
    draft.dates = list(reading.dates)
    best = _best_date(draft.dates)
    draft.background = (reading.fresh and not reading.anaphoric) or (
        best is not None and best.resolved is not None and best.resolved.precision in ("year", "decade")
    )
    return draft


# --- one sentence -----------------------------------------------------------------------------


class _Reader:
    """Reads the sentences of one document against its places, people, organisations and dates."""

    def __init__(
        self,
        doc: Doc,
        parsed: ParsedText,
        places: Sequence[PlaceMention],
        dates: Sequence[DateMention],
    ) -> None:
        self.doc = doc
        self.text: str = doc.text  # spaCy rebuilds ``doc.text`` at each access
        self.parsed = parsed
        self.places = places
        self.dates = dates
        self.people_tokens: set[int] = set()
        self.person_at: dict[int, EntityMention] = {}
        for person in parsed.people:
            span = doc.char_span(person.span.start, person.span.end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                self.people_tokens.add(tok.i)
                self.person_at[tok.i] = person
        self.blocked: list[tuple[int, int]] = [
            (m.span.start, m.span.end) for m in (*parsed.organizations, *parsed.programs)
        ]
        for place in places:
            if place.qualifier is not None:
                self.blocked.append((place.qualifier.start, place.qualifier.end))
        self.front = _front_matter(self.text)
        self.exclude: tuple[int, int] | None = None  # a relative clause read apart
        if self.front is not None:
            self.blocked.append((self.front[0], self.front[1] + 1))
        self.dateline_place: int | None = None
        self.dateline_span: tuple[int, int] | None = None
        dateline = parsed.dateline
        if (dateline is None or dateline.place is None) and (found := _DATELINE.search(self.text[:800])):
            # "ROCHESTER, Minn. —" below a headline and a byline, which the NLP step may not read as one
            dateline = Dateline(Span(found.start(1), found.end(1), found.group(1)), None)
        if dateline is not None and dateline.place is not None:
            self.dateline_span = (dateline.place.start, dateline.place.end)
            for i, place in enumerate(places):
                if place.span.start == dateline.place.start and self._usable(i):
                    self.dateline_place = i
                    if place.qualifier is not None:  # "MADISON, Wis. —": the state is part of the dateline
                        end = max(dateline.place.end, place.qualifier.end)
                        self.dateline_span = (dateline.place.start, end)
                    break

    def headline_homes(self) -> list[int]:
        """Places a headline gives the travellers: "Rochester delegation finds ...", "X governor returns"."""
        if self.front is None:
            return []
        out: list[int] = []
        for i, place in enumerate(self.places):
            if place.span.end > self.front[1] or not self._usable(i):
                continue
            span = self.doc.char_span(place.span.start, place.span.end, alignment_mode="expand")
            if span is None:
                continue
            rel, attach = _climb(span.root)
            if rel in ("compound", "poss", "nmod", "amod") and attach.lemma_.lower() in _TRAVELLER_NOUNS:
                out.append(i)
        return out

    def _usable(self, index: int) -> bool:
        cand = _candidate(self.places, index)
        return cand is not None and cand.kind in _ACCEPTED_KINDS

    def _blocked(self, start: int, end: int, extra: Sequence[tuple[int, int]] = ()) -> bool:
        for a, b in (*self.blocked, *extra):
            if a <= start and end <= b and not (a == start and b == end and (a, b) not in extra):
                return True
        return False

    def read_all(self, index: int, sentence: Sentence) -> list[_Reading]:
        """What a sentence tells of journeys: one reading per clause that tells of its own ("In April, a
        delegation from X visited Y, and last month officials from Z travelled to W")."""
        whole = self.doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if whole is None or len(whole) == 0 or _is_commentary(whole):
            return []
        relative = self._relative_journey(whole)
        if relative is not None:
            found = self._read_relative(index, sentence, *relative)
            if found:
                return found
        parts = self._clauses(sentence, whole)
        if len(parts) < 2:
            reading = self.read(index, sentence)
            return [reading] if reading is not None else []
        readings = [r for part in parts if (r := self.read(index, part, whole=sentence)) is not None]
        if sum(1 for r in readings if r.destinations) < 2:
            reading = self.read(index, sentence)  # one journey after all
            return [reading] if reading is not None else []
        return readings

    def _relative_journey(self, sent: Any) -> tuple[Token, tuple[int, int]] | None:
        """ "Mayor X, who visited Y in 2019, welcomed the delegation": a journey told in a relative clause
        about a person, beside another journey or welcome in the main clause."""
        for tok in sent:
            if tok.dep_ != "relcl" or tok.pos_ not in ("VERB", "AUX"):
                continue
            if not _is_travel_event(tok, self.people_tokens):
                continue
            head = tok.head
            if not (head.i in self.people_tokens or head.lemma_.lower() in _TRAVELLER_NOUNS):
                continue
            inside = {t.i for t in tok.subtree}
            if not any(
                _is_travel_event(t, self.people_tokens) for t in sent if t.i not in inside and t.i != head.i
            ):
                continue
            first, last = min(inside), max(inside)
            start, end = self.doc[first].idx, self.doc[last].idx + len(self.doc[last].text)
            if not any(start <= p.span.start < end for p in self.places):
                continue
            return head, (start, end)
        return None

    def _read_relative(self, index: int, sentence: Sentence, antecedent: Token,
                       bounds: tuple[int, int]) -> list[_Reading]:
        """The main clause and the relative clause read apart, the clause's traveller its antecedent."""
        start, end = bounds
        self.exclude = bounds
        try:
            main = self.read(index, sentence)
        finally:
            self.exclude = None
        part = Sentence(start, end, self.text[start:end])
        inner = self.read(index, part, whole=sentence)
        if inner is None or not inner.destinations:
            return []
        person = self.person_at.get(antecedent.i)
        if person is not None and person.name not in inner.participants:
            inner.participants.append(person.name)
            inner.origins.extend(
                i for i in self.homes(person.name) if i not in inner.origins and i not in inner.destinations
            )
        inner.anaphoric = False
        return [r for r in (main, inner) if r is not None]

    def _excluded(self, start: int) -> bool:
        return self.exclude is not None and self.exclude[0] <= start < self.exclude[1]

    def _clauses(self, sentence: Sentence, sent: Any) -> list[Sentence]:
        """The sentence cut before a last conjoined clause with its own subject and its own journey."""
        for tok in sent:
            if not (tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX") and tok.head.pos_ in ("VERB", "AUX")):
                continue
            if not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
                continue
            if not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.head.children):
                continue
            inside = sorted(t.i for t in tok.subtree)
            tail = [t for t in sent if t.i > inside[-1] and not t.is_punct]
            if tail:
                continue  # the clause is not the sentence's end
            cut = self.doc[inside[0]].idx
            first = self.text[sentence.start:cut].rstrip()
            first = re.sub(r"[,;]?\s*(?:and|but|while|whereas)$", "", first).rstrip(" ,;")
            if not first:
                continue
            return [
                Sentence(sentence.start, sentence.start + len(first), first),
                Sentence(cut, sentence.end, self.text[cut:sentence.end]),
            ]
        return [sentence]

    def read(self, index: int, sentence: Sentence, whole: Sentence | None = None) -> _Reading | None:
        """What a sentence (or one of its clauses) tells of a journey, or ``None`` when it tells of none."""
        sent = self.doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if sent is None or len(sent) == 0:
            return None
        if _is_commentary(sent):
            return None
        lemmas = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
        if lemmas & _REMOTE_WORDS or lemmas & _HYPOTHETICAL or self._cancelled(sent):
            return None
        events = [
            t for t in sent
            if _is_travel_event(t, self.people_tokens) and not self._negated(t)
            and not (self.front is not None and t.idx < self.front[1]) and not self._excluded(t.idx)
        ]
        if not events:
            return None
        anaphoric = any(self._definite(t) for t in events) or any(
            ((t.lower_ in _PRONOUNS and not self._named_before(t, sent))
             or (t.lemma_.lower() in _TRAVELLER_NOUNS and self._definite(t)))
            and t.dep_ in ("nsubj", "nsubjpass")
            for t in sent
        )
        fresh = any(
            c.lower_ in ("return", "reciprocal", "another", "next", "previous", "earlier", "prior")
            and c.dep_ in ("amod", "compound", "det")
            for t in events if t.pos_ == "NOUN" for c in t.children
        )
        reading = _Reading(index=index, sentence=sentence, events=events, anaphoric=anaphoric and not fresh,
                           fresh=fresh, planned=all(_unrealised(t) for t in events), whole=whole)
        reading.anaphors = {
            t.lower_ for t in sent
            if t.pos_ == "NOUN" and self._definite(t) and t.lemma_.lower() in _TRAVELLER_NOUNS
        }
        quotes = _quote_ranges(sentence.text, sentence.start)
        self._read_places(reading, sentence, quotes)
        self._read_here(reading, sent)
        here = self.dateline_place
        if reading.here and here is not None and here not in reading.destinations:
            reading.destinations.append(here)  # "arrived here", "welcomed ... to the city"
        self._read_travellers(reading, sent)
        self._read_dates(reading, sent, events)
        self._read_organizer(reading, sent)
        self._read_program(reading, sentence)
        strong = any(
            t.pos_ in ("NOUN", "PROPN") or t.lemma_.lower() in _STRONG_TRAVEL_VERBS
            or t.lemma_.lower() in _HOST_VERBS | _LEAD_VERBS
            for t in events
        )
        if not strong and not reading.destinations and not reading.origins:
            return None
        return reading

    @staticmethod
    def _cancelled(sent: Any) -> bool:
        """ "The visit was canceled", "postponed", "called off"."""
        for t in sent:
            lemma = t.lemma_.lower()
            if lemma in _CANCEL_LEMMAS and t.pos_ == "VERB" and (
                lemma != "call" or any(c.lower_ == "off" for c in t.children)
            ):
                return True
        return False

    def _negated(self, tok: Token) -> bool:
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in tok.children):
            return True
        if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ == "neg" for c in tok.head.children
        ):
            return True  # "a trip to Japan is not in the budget"
        head = tok.head
        return bool(head.i != tok.i and head.lemma_.lower() in _CANCEL_LEMMAS | {"invite"})

    def _named_before(self, pronoun: Token, sent: Any) -> bool:
        """ "Mayor X led a delegation to Y, where he met ...": the pronoun's antecedent is in its sentence."""
        return any(
            t.i < pronoun.i and (
                t.i in self.people_tokens
                or (t.lemma_.lower() in _TRAVELLER_NOUNS and t.pos_ == "NOUN"
                    and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.children))
            )
            for t in sent
        )

    def _definite(self, tok: Token) -> bool:
        if tok.pos_ not in ("NOUN",):
            return False
        return any(c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in tok.children)

    def _read_places(self, reading: _Reading, sentence: Sentence, quotes: list[tuple[int, int]]) -> None:
        for i, place in enumerate(self.places):
            if (place.sentence.start, place.sentence.end) != (sentence.start, sentence.end) and not (
                sentence.start <= place.span.start < sentence.end
            ):
                continue
            if not self._usable(i) or self._excluded(place.span.start):
                continue
            if self._blocked(place.span.start, place.span.end, quotes):
                continue
            if self.dateline_span is not None and place.span.start < self.dateline_span[1] and (
                place.span.end > self.dateline_span[0]
            ):
                continue
            span = self.doc.char_span(place.span.start, place.span.end, alignment_mode="expand")
            if span is None:
                continue
            role = _place_role(span.root, self.people_tokens)
            if role == "origin":
                reading.origins.append(i)
            elif role == "destination":
                reading.destinations.append(i)
        # the same place named twice in one sentence: visiting it wins ("to X, where they met X's mayor")
        dest_keys = _keys(reading.destinations, self.places)
        reading.origins = [i for i in reading.origins if _place_key(self.places[i]) not in dest_keys]

    def _read_here(self, reading: _Reading, sent: Any) -> None:
        if self.dateline_place is None:
            return
        for tok in sent:
            word = tok.lower_
            if (word == "here" and _is_travel_event(tok.head, self.people_tokens)) or (
                tok.lemma_.lower() in _HERE_NOUNS
                and any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children)
                and not any(c.dep_ in ("prep", "compound", "amod") for c in tok.children)
                and _place_role(tok, self.people_tokens) == "destination"
            ):
                reading.here = True

    def _read_travellers(self, reading: _Reading, sent: Any) -> None:
        seen: set[str] = set()
        for tok in sent:
            person = self.person_at.get(tok.i)
            if person is None or person.name in seen:
                continue
            if self.front is not None and person.span.end <= self.front[1]:
                continue  # the byline's author
            if self._excluded(person.span.start):
                continue
            span = self.doc.char_span(person.span.start, person.span.end, alignment_mode="expand")
            if span is None or tok.i != span.root.i:
                continue
            if _side(span.root, self.people_tokens) == "traveller":
                seen.add(person.name)
                reading.participants.append(person.name)
                self._affiliation_origins(reading, person)
        for tok in sent:
            # "Mayor X of Y ... He will lead a return trip": the pronoun is the last person named
            if tok.lower_ in ("he", "she") and _side(tok, self.people_tokens) == "traveller":
                person = self._antecedent(tok)
                if person is not None and person.name not in seen:
                    seen.add(person.name)
                    reading.participants.append(person.name)
                    reading.origins.extend(
                        i for i in self.homes(person.name)
                        if i not in reading.origins and i not in reading.destinations
                    )
        for event in reading.events:
            for noun in self._traveller_nouns(event):
                text = self._np_text(noun)
                if text:
                    reading.participant_texts.append(text)

    def _antecedent(self, pronoun: Token) -> EntityMention | None:
        """The person a "he" or "she" stands for: the last one named before it, within two sentences."""
        start = pronoun.idx
        earlier = [p for p in self.parsed.people if p.span.end <= start]
        if not earlier:
            return None
        last = max(earlier, key=lambda p: p.span.start)
        sentence_starts = [s.start for s in self.parsed.sentences if last.span.start <= s.start <= start]
        return last if len(sentence_starts) <= 2 else None

    def homes(self, name: str) -> list[int]:
        """The places a person's title ties them to in any of their mentions: "Y Mayor X", "Mayor X of Y"."""
        out: list[int] = []
        for mention in self.parsed.people:
            if mention.name == name:
                out.extend(i for i in self._homes(mention) if i not in out)
        return out

    def _homes(self, person: EntityMention) -> list[int]:
        """The places tied to one mention of a person by their title."""
        span = self.doc.char_span(person.span.start, person.span.end, alignment_mode="expand")
        if span is None:
            return []
        near = {t.i for t in span} | {span.root.head.i}
        near |= {c.i for t in span for c in t.children if c.dep_ in ("compound", "appos", "prep")}
        out: list[int] = []
        for i, place in enumerate(self.places):
            if place.sentence.start != person.sentence.start or not self._usable(i):
                continue
            pspan = self.doc.char_span(place.span.start, place.span.end, alignment_mode="expand")
            if pspan is None:
                continue
            rel, attach = _climb(pspan.root)
            # "Perth Lord Mayor X": up a chain of title words to the person
            while rel == "compound" and attach.i not in near and attach.dep_ == "compound" and (
                attach.head.i != attach.i and attach.i < span.start
            ):
                attach = attach.head
            if rel in ("compound", "poss", "of", "nmod") and attach.i in near:
                out.append(i)
        return out

    def _affiliation_origins(self, reading: _Reading, person: EntityMention) -> None:
        """ "Mayor X of Y": a traveller's home is the place their office belongs to."""
        for role in self.parsed.roles.get(person.name, ()):
            if not role.organization:
                continue
            for i, place in enumerate(self.places):
                if (
                    reading.sentence.start <= place.span.start < reading.sentence.end
                    and place.span.text == role.organization and self._usable(i)
                    and i not in reading.destinations and i not in reading.origins
                ):
                    reading.origins.append(i)

    def _traveller_nouns(self, event: Token) -> list[Token]:
        lemma = event.lemma_.lower()
        out: list[Token] = []
        if event.pos_ in ("NOUN", "PROPN"):
            if lemma in _TRAVELLER_NOUNS:
                out.append(event)
            for child in event.children:
                if child.dep_ == "prep" and child.lower_ == "by":
                    out.extend(c for c in child.children if c.dep_ == "pobj")
            return [t for t in out if t.i not in self.people_tokens and t.pos_ != "PRON"]
        for child in event.children:
            hosted = lemma in _HOST_VERBS and child.dep_ in ("dobj", "nsubjpass")
            going = lemma not in _HOST_VERBS and child.dep_ == "nsubj" and lemma not in ("send", "dispatch")
            if hosted or going:
                out.append(child)
            elif child.dep_ == "agent" and lemma not in _HOST_VERBS:
                out.extend(c for c in child.children if c.dep_ == "pobj")
            elif lemma in _LEAD_VERBS and child.dep_ == "dobj" and child.lemma_.lower() in _GROUP_NOUNS:
                out.append(child)
        return [
            t for t in out
            if t.i not in self.people_tokens and t.pos_ in ("NOUN",)
            and (t.lemma_.lower() in _TRAVELLER_NOUNS or any(c.lower_ == "from" for c in t.children))
        ]

    def _np_text(self, noun: Token) -> str:
        """The travellers as written: "mayors from six American cities"."""
        skip: set[int] = set()
        for child in noun.children:
            if child.dep_ in ("relcl", "acl", "punct", "cc", "conj", "appos") and child.i > noun.i:
                skip.update(t.i for t in child.subtree)
            if child.dep_ == "prep" and child.lower_ not in ("from", "of", "in"):
                skip.update(t.i for t in child.subtree)
        for tok in noun.subtree:
            if tok.i in skip or tok.i == noun.i:
                continue
            if tok.dep_ in ("appos", "relcl", "acl") or (
                tok.dep_ == "prep" and tok.lower_ not in ("from", "of")
            ):
                skip.update(t.i for t in tok.subtree)
        toks = [t for t in noun.subtree if t.i not in skip]
        # "a visit ... by mayors from six cities": the parser often hangs "from" on the visit
        if toks and noun.dep_ == "pobj" and noun.head.lower_ == "by":
            nxt = toks[-1].i + 1
            doc = noun.doc
            if nxt < len(doc) and doc[nxt].lower_ == "from" and doc[nxt].head.i == noun.head.head.i:
                toks.extend(doc[nxt].subtree)
        while toks and (
            toks[0].dep_ in ("det", "punct", "case") or toks[0].lower_ in _DEFINITE
            or (toks[0].dep_ == "poss" and toks[0].pos_ == "PRON")
        ):
            toks = toks[1:]
        while toks and (toks[-1].dep_ == "punct" or toks[-1].ent_type_ in ("DATE", "TIME")):
            toks = toks[:-1]
        if not toks or len(toks) > _MAX_PARTICIPANT_TOKENS:
            return ""
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        return self.text[start:end]

    def _read_dates(self, reading: _Reading, sent: Any, events: list[Token]) -> None:
        event_ids = {t.i for t in events}
        first = min(t.i for t in events)
        for mention in self.dates:
            if not (reading.sentence.start <= mention.span.start < reading.sentence.end):
                continue
            if mention.resolved is None or self._excluded(mention.span.start):
                continue
            if self.dateline_span is not None and mention.span.start < reading.sentence.start + 40 and (
                self.parsed.dateline is not None and self.parsed.dateline.date is not None
                and mention.span.start == self.parsed.dateline.date.start
            ):
                continue
            span = self.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            if any(t.lower_ == "since" for t in span) or (
                root.dep_ == "pobj" and root.head.lower_ in ("since", "until", "by")
            ):
                continue
            rank = 0 if self._date_attached(root, event_ids) else 2
            if rank == 0 and self._homecoming(root):
                rank = 2  # "returned Saturday": the journey's end, not its start
            reading.dates.append((rank, abs(root.i - first), mention))

    @staticmethod
    def _homecoming(root: Token) -> bool:
        """Whether a date hangs on a verb of going home ("returned on Friday", "flew back Sunday")."""
        for anc in root.ancestors:
            if anc.pos_ in ("VERB", "AUX"):
                return _homeward(anc)
        return False

    def _date_attached(self, root: Token, event_ids: set[int]) -> bool:
        """Whether a date hangs on the journey ("visited in May", "the November trip"), not on a verb or on
        another thing ("at its August meeting")."""
        if root.dep_ in ("compound", "amod", "nmod", "poss") and root.head.pos_ in ("NOUN", "PROPN") and (
            root.head.i not in event_ids and not _is_travel_event(root.head, self.people_tokens)
        ):
            return False
        for anc in root.ancestors:
            if anc.i in event_ids or _is_travel_event(anc, self.people_tokens):
                return True
            if anc.pos_ in ("VERB", "AUX"):
                return False
        return False

    def _read_organizer(self, reading: _Reading, sent: Any) -> None:
        cues = [
            t for t in sent
            if t.lemma_.lower() in _ORGANIZER_WORDS
            and not (t.lemma_.lower() == "host" and not self._by_agent(t))
        ]
        if not cues:
            return
        best: tuple[int, str] | None = None
        for org in self.parsed.organizations:
            if not (reading.sentence.start <= org.span.start < reading.sentence.end):
                continue
            span = self.doc.char_span(org.span.start, org.span.end, alignment_mode="expand")
            if span is None:
                continue
            tied = [c for c in cues if self._tied(span.root, c)]
            if not tied:
                continue
            distance = min(abs(span.root.i - c.i) for c in tied)
            if best is None or distance < best[0]:
                best = (distance, org.name)
        if best is not None:
            reading.organizer = best[1]

    @staticmethod
    def _tied(org: Token, cue: Token) -> bool:
        """ "organized by ORG", "ORG organized", "the organizer of the visit, ORG", "ORG, which arranged"."""
        if any(a.i == cue.i for a in org.ancestors):
            return True  # the organisation hangs on the cue: agent, appositive, object of "of"
        if any(a.i == org.i for a in cue.ancestors):
            return True  # the cue hangs on the organisation: "ORG, which organized ..."
        return bool(cue.head.i == org.head.i and cue.pos_ == "NOUN")  # "ORG is the organizer"

    @staticmethod
    def _by_agent(tok: Token) -> bool:
        """ "hosted by X", "led by X": the verb's agent names the organiser."""
        return any(c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by") for c in tok.children)

    def _read_program(self, reading: _Reading, sentence: Sentence) -> None:
        lower = sentence.text.lower()
        if not any(cue in lower for cue in _PROGRAM_CUES):
            return
        for program in self.parsed.programs:
            if sentence.start <= program.span.start < sentence.end:
                reading.program = program.name
                return

    def program_near(self, sentence: Sentence) -> str | None:
        """A program named in a sentence next to a trip's ("the visit was part of a program called ...")."""
        lower = sentence.text.lower()
        if not any(cue in lower for cue in _PROGRAM_CUES):
            return None
        for program in self.parsed.programs:
            if sentence.start <= program.span.start < sentence.end:
                return program.name
        return None

    def origins_near(self, index: int, sentence: Sentence) -> list[int]:
        """ "The visiting mayors were from X and Y": origins in a sentence right after a trip's."""
        sent = self.doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if sent is None or _is_commentary(sent):
            return []
        if any(t.lemma_.lower() in _HYPOTHETICAL | _REMOTE_WORDS for t in sent) or self._cancelled(sent):
            return []
        if not any(t.lemma_.lower() in _TRAVELLER_NOUNS for t in sent):
            return []
        out: list[int] = []
        quotes = _quote_ranges(sentence.text, sentence.start)
        for i, place in enumerate(self.places):
            if not (sentence.start <= place.span.start < sentence.end) or not self._usable(i):
                continue
            if self._blocked(place.span.start, place.span.end, quotes):
                continue
            span = self.doc.char_span(place.span.start, place.span.end, alignment_mode="expand")
            if span is None:
                continue
            rel, attach = _climb(span.root)
            if rel == "from" and (
                attach.lemma_.lower() in _TRAVELLER_NOUNS or attach.pos_ == "AUX"
                or attach.lemma_.lower() in ("be", "come", "hail", "include")
            ):
                out.append(i)
        return out


# --- the document -----------------------------------------------------------------------------


def _pick_draft(drafts: list[_Draft], reading: _Reading, places: Sequence[PlaceMention]) -> _Draft | None:
    """The journey a sentence continues, if any."""
    if not drafts or reading.fresh:
        return None
    for draft in reversed(drafts):
        if (
            reading.destinations and draft.destinations
            and _overlaps(draft.destinations, reading.destinations, places)
            and not _conflicts(draft, reading, places)
        ):
            return draft
    if reading.participants:
        for draft in reversed(drafts):
            if set(draft.participants) & set(reading.participants):
                return draft
    if reading.origins and reading.anaphoric:
        # "After leaving X, the delegation ...": the journey that had X as a stop
        for draft in reversed(drafts):
            if _keys(reading.origins, places) & _keys(draft.destinations, places) and not (
                _conflicts(draft, reading, places)
            ):
                return draft
    latest = drafts[-1]
    if reading.anaphoric:
        # "the delegation" is the journey the story is about, not one recalled in passing ("in 2018")
        current = [d for d in drafts if not d.background] or drafts
        # "the delegation" is the latest journey told of a delegation, if one was
        named = [d for d in current if any(
            word in text.lower().split() for text in d.participant_texts for word in reading.anaphors
        )]
        target = (named or current)[-1]
        if not _conflicts(target, reading, places):
            return target
    if not reading.destinations and not reading.origins and not reading.participants:
        return latest if not _conflicts(latest, reading, places) else None
    return None


def _same_journey(a: _Draft, b: _Draft, places: Sequence[PlaceMention]) -> bool:
    """Two drafts with shared destinations and no conflicting homes, travellers or months."""
    if not (a.destinations and b.destinations and _overlaps(a.destinations, b.destinations, places)):
        return False
    if a.origins and b.origins and not _overlaps(a.origins, b.origins, places):
        return False
    if a.participants and b.participants and not set(a.participants) & set(b.participants):
        return False
    if _to_home(a, b, places) or _to_home(b, a, places):
        return False
    ya, yb = _year(a), _year(b)
    if ya is not None and yb is not None and ya != yb:
        return False
    ma, mb = _month(a), _month(b)
    return ma is None or mb is None or ma == mb


def _to_home(a: _Draft, b: _Draft, places: Sequence[PlaceMention]) -> bool:
    """Whether every place ``b`` went to is a home of ``a``'s travellers: a journey the other way."""
    homes = _keys(a.origins, places)
    return bool(homes and b.destinations) and all(_place_key(places[i]) in homes for i in b.destinations)


def _year(d: _Draft | _Reading) -> str | None:
    """The year of a journey, from a date that hangs on it (not "the Expo the city will host next year")."""
    best = _best_date([x for x in d.dates if x[0] in (0, 1)])
    if best is None or best.resolved is None or best.resolved.precision == "decade":
        return None
    return best.resolved.start[:4] if best.resolved.start[:4] == best.resolved.end[:4] else None


def _combine(drafts: list[_Draft], places: Sequence[PlaceMention]) -> list[_Draft]:
    """Merge drafts told apart in the text but with the same destinations, homes and month."""
    out: list[_Draft] = []
    for draft in drafts:
        target = None
        for other in out:
            if _same_journey(draft, other, places):
                target = other
                break
        if target is None:
            out.append(draft)
            continue
        target.origins.extend(draft.origins)
        target.destinations.extend(draft.destinations)
        target.evidence.extend(s for s in draft.evidence if s not in target.evidence)
        target.dates.extend((r + 20, d, m) for r, d, m in draft.dates)
        target.organizer = target.organizer or draft.organizer
        target.program = target.program or draft.program
        target.participants.extend(p for p in draft.participants if p not in target.participants)
        target.participant_texts.extend(draft.participant_texts)
        target.planned = target.planned and draft.planned
    return out


def _paragraph_date(
    draft: _Draft, sentences: Sequence[Sentence], dates: Sequence[DateMention], text: str,
) -> DateMention | None:
    """The date mention nearest to a trip's first sentence, within its paragraph."""
    first = sentences[draft.first_sentence]
    for start, end in _paragraph_bounds(text):
        if start <= first.start <= end:
            candidates = [
                m for m in dates
                if m.resolved is not None and start <= m.span.start <= end
                and not _since(text, m) and m.resolved.precision in ("day", "week", "month")
            ]
            if not candidates:
                return None
            return min(candidates, key=lambda m: abs(m.span.start - first.start))
    return None


def _attached_rank(dates: Sequence[tuple[int, int, DateMention]]) -> int:
    """The rank of a draft's best date: 0 hangs on the journey's first telling, 2 and up on another verb."""
    ranks = [r for r, _, m in dates if m.resolved is not None]
    return min(ranks) if ranks else 99


def _lead_in_date(
    draft: _Draft,
    sentences: Sequence[Sentence],
    dates: Sequence[DateMention],
    places: Sequence[PlaceMention],
) -> DateMention | None:
    """A date in the sentence just before a journey's first telling that names one of its places."""
    if draft.first_sentence == 0:
        return None
    before = sentences[draft.first_sentence - 1]
    keys = _keys(draft.destinations, places) | _keys(draft.origins, places)
    if not any(
        before.start <= p.span.start < before.end and _place_key(p) in keys for p in places
    ):
        return None
    found = [
        m for m in dates
        if before.start <= m.span.start < before.end and m.resolved is not None
        and m.resolved.precision not in ("decade", "unknown")
    ]
    return found[0] if found else None


def _since(text: str, mention: DateMention) -> bool:
    """ "sister cities since 2014", "until 2019": a date that bounds a state, not an event."""
    before = text[max(0, mention.span.start - 7):mention.span.start].lower().split()
    return bool(before) and before[-1] in ("since", "until", "till", "by", "before")


def _participant_text(texts: Sequence[str]) -> str:
    """The fullest description of the travellers: who they are and where they come from."""
    def score(text: str) -> tuple[bool, bool, int]:
        words = text.lower().split()
        return ("from" in words or "of" in words, any(w[0].isdigit() or w in _NUMBER_WORDS for w in words),
                len(text))
    return max(texts, key=score, default="")


def extract_trips(
    doc: Doc,
    parsed: ParsedText,
    places: Sequence[PlaceMention],
    dates: Sequence[DateMention],
    published: str | None = None,
) -> tuple[TripRecord, ...]:
    """The journeys a document tells of, each with its places, dates, people and evidence (journeys only
    planned, hoped for or dated after ``published`` are left out)."""
    reader = _Reader(doc, parsed, places, dates)
    sentences = parsed.sentences
    text: str = doc.text
    drafts: list[_Draft] = []
    readings: dict[int, _Reading] = {}
    for index, sentence in enumerate(sentences):
        if _is_headline(sentence, text, index, len(sentences)):
            continue
        found = reader.read_all(index, sentence)
        if not found:
            if drafts and drafts[-1].last_sentence == index - 1:
                draft = drafts[-1]
                dest_keys = _keys(draft.destinations, places)
                origins = [
                    i for i in reader.origins_near(index, sentence) if _place_key(places[i]) not in dest_keys
                ]
                if origins:
                    draft.origins.extend(origins)
                    draft.evidence.append(sentence)
                program = reader.program_near(sentence)
                if program and drafts[-1].program is None:
                    drafts[-1].program = program
                    if sentence not in drafts[-1].evidence:
                        drafts[-1].evidence.append(sentence)
            continue
        readings[index] = next((r for r in found if r.here), found[-1])
        for reading in found:
            target = _pick_draft(drafts, reading, places)
            if target is None:
                drafts.append(_new_draft(reading))
            else:
                _merge(target, reading, places)
    drafts = _combine(drafts, places)

    records: list[TripRecord] = []
    dateline_date = _dateline_date(parsed, dates)
    lead = next((d for d in drafts if not d.planned and not d.background and d.destinations), None)
    if lead is not None:
        # the headline names the home of the travellers of the journey the article is about
        lead.origins[:0] = [
            i for i in reader.headline_homes() if not _overlaps([i], lead.destinations, places)
        ]
    for draft in drafts:
        if not draft.origins:
            # "Our teachers who went to X in 2019": a journey to the visitors' home starts from their hosts
            hosts = next((d for d in drafts if d is not draft and _to_home(d, draft, places)), None)
            if hosts is not None:
                draft.origins = [
                    i for i in _refine(_dedupe(hosts.destinations, places), places)
                    if not _overlaps([i], draft.destinations, places)
                ][:1]
    for draft in drafts:
        if draft.planned:
            continue
        if not draft.destinations and not any(
            readings[i].here for i in readings if draft.first_sentence <= i <= draft.last_sentence
        ) and reader.dateline_place is None:
            continue
        if not draft.origins:
            # "Perth Lord Mayor X led a delegation to Y": the travellers' offices tell where they are from
            dest_keys = _keys(draft.destinations, places)
            draft.origins = [
                i for name in draft.participants for i in reader.homes(name)
                if _place_key(places[i]) not in dest_keys
            ]
        else:
            # "a delegation from Kansas led by Wichita Mayor X": the leader's city inside the broad home
            broad = [c for i in draft.origins if (c := _candidate(places, i)) and c.kind != "city"]
            draft.origins.extend(
                i for name in draft.participants for i in reader.homes(name)
                if (inner := _candidate(places, i)) is not None and any(_contains(b, inner) for b in broad)
            )
        origins = _refine(_dedupe(draft.origins, places), places)
        origin_keys = _keys(origins, places)
        destinations = [
            i for i in _refine(_dedupe(draft.destinations, places), places)
            if _place_key(places[i]) not in origin_keys
        ]
        if not destinations and reader.dateline_place is not None and (
            _place_key(places[reader.dateline_place]) not in origin_keys
        ) and (origins or draft.participants or draft.participant_texts) and draft.first_sentence <= 2:
            # a wire story's lead: "A delegation from X arrived on Tuesday" happened where it is datelined
            destinations = [reader.dateline_place]
        if not destinations:
            continue
        home = reader.dateline_place
        if home is not None and _local_travellers(draft, sentences) and _abroad(home, destinations,
                                                                                places) and (
            not origins or (_abroad(home, origins, places) and _within(origins, destinations, places))
        ):
            # "ROCHESTER, Minn. — A delegation of city officials spent five days in Kanazawa": a local
            # paper's dateline is the travellers' home when they went abroad; "the ferry from Piraeus to
            # Mytilene" is a leg inside the visited country, not where they came from
            destinations = [*origins, *(i for i in destinations if i not in origins)]
            origins = [home]
        if draft.program is None:
            for i in range(max(0, draft.first_sentence - 1), min(len(sentences), draft.last_sentence + 2)):
                program = reader.program_near(sentences[i])
                if program:
                    draft.program = program
                    break
        organizer = draft.organizer
        if organizer is None and draft.program is not None:
            organizer = parsed.program_organizers.get(draft.program)
        best = _best_date(draft.dates)
        if best is None or _attached_rank(draft.dates) >= 2:
            # "Last fall, ... Mayor X was in Harbin. He was one of three mayors on a tour ...": the date of
            # the sentence that leads into the journey beats one hanging on another verb
            best = _lead_in_date(draft, sentences, dates, places) or best
        if best is None:
            best = _paragraph_date(draft, sentences, dates, text)
        if best is None and dateline_date is not None and draft.first_sentence <= 1:
            best = dateline_date
        if published and best is not None and best.resolved is not None and (
            best.resolved.start[:len(published[:10])] > published[:10]
        ):
            continue  # dated after the article: planned, not made
        evidence = tuple(sorted(dict.fromkeys(draft.evidence), key=lambda s: s.start))
        records.append(TripRecord(
            origins=tuple(origins),
            destinations=tuple(destinations),
            evidence=evidence,
            date=best.resolved if best is not None else None,
            date_text=best.span.text if best is not None else "",
            organizer=organizer,
            program=draft.program,
            participants=tuple(draft.participants),
            participant_text=_participant_text(draft.participant_texts),
        ))
    return tuple(records)


# A dateline opening a line: "ROCHESTER, Minn. —", "MADISON, Wis. (AP) --".
_DATELINE = re.compile(
    r"^\s*([A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*)(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?"
    r"(?: \([A-Za-z]+\))? ?(?:—|–|--)",
    re.MULTILINE,
)
_LOCAL_WORDS = frozenset({
    "mayor", "governor", "gov.", "council", "councillor", "councilor", "councilman", "councilwoman", "city",
    "county", "state", "shire", "municipal", "legislator", "lawmaker", "commissioner", "alderman",
})


def _local_travellers(draft: _Draft, sentences: Sequence[Sentence]) -> bool:
    """Travellers told of as a place's own: named officials, "city officials", "the governor"."""
    if draft.participants:
        return True
    words = {w.strip(".,;:'’s").lower() for s in draft.evidence for w in s.text.split()}
    texts = {w.lower() for t in draft.participant_texts for w in t.split()}
    return bool((words | texts) & _LOCAL_WORDS)


def _abroad(home: int, destinations: Sequence[int], places: Sequence[PlaceMention]) -> bool:
    """Whether every destination lies in another country than ``home``."""
    cand = _candidate(places, home)
    if cand is None or _country_of(cand) is None:
        return False
    others = [_candidate(places, i) for i in destinations]
    return all(c is not None and _country_of(c) not in (None, _country_of(cand)) for c in others)


def _within(origins: Sequence[int], destinations: Sequence[int], places: Sequence[PlaceMention]) -> bool:
    """Whether every origin lies in the one country of all the destinations."""
    countries = {_country_of(c) for i in destinations if (c := _candidate(places, i)) is not None}
    if len(countries) != 1 or None in countries:
        return False
    return all((c := _candidate(places, i)) is not None and _country_of(c) in countries for i in origins)


def _dateline_date(parsed: ParsedText, dates: Sequence[DateMention]) -> DateMention | None:
    dateline = parsed.dateline
    if dateline is None or dateline.date is None:
        return None
    for mention in dates:
        if mention.span.start == dateline.date.start and mention.resolved is not None:
            return mention
    return None


def same_trip(a: TripRecord, b: TripRecord, a_places: Sequence[PlaceMention],
              b_places: Sequence[PlaceMention]) -> bool:
    """Whether two records (of one or two documents) tell of one journey, compared on simple keys."""
    # a shared destination; no conflicting homes or named travellers; overlapping dates
    if not _keys(a.destinations, a_places) & _keys(b.destinations, b_places):
        return False
    ao, bo = _keys(a.origins, a_places), _keys(b.origins, b_places)
    if ao and bo and not ao & bo:
        return False
    if a.participants and b.participants and not set(a.participants) & set(b.participants):
        return False
    return _dates_overlap(a.date, b.date)


def _dates_overlap(a: DateRange | None, b: DateRange | None) -> bool:
    if a is None or b is None:
        return True
    return a.start <= b.end and b.start <= a.end
