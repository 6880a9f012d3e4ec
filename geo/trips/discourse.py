"""Discourse: one document read sentence by sentence against its places, people, homes, dateline and dates."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from geo.language.doctext import doc_text
from geo.models import (
    Dateline,
    DateMention,
    EntityMention,
    ParsedText,
    PlaceMention,
    Sentence,
    Span,
)
from geo.trips.cues import (
    CANCEL_LEMMAS,
    DEFINITE,
    GOVERNMENT_HEADS,
    GROUP_NOUNS,
    HERE_NOUNS,
    HOST_OFFICES,
    HOST_VERBS,
    HYPOTHETICAL,
    INVITED_VERBS,
    JOINT_NOUNS,
    LEAD_VERBS,
    ORGANIZER_AGENT_WORDS,
    ORGANIZER_LEADS,
    ORGANIZER_WORDS,
    PERMISSION_NOUNS,
    PLAN_NOUNS,
    PROGRAM_CUES,
    PRONOUNS,
    REMOTE_WORDS,
    STRONG_TRAVEL_VERBS,
    TIME_MARKS,
    TRAVELLER_NOUNS,
    TRIP_NOUNS,
    VENUE_NOUNS,
    VISIT_OBJECT_VERBS,
    Doc,
    Token,
)
from geo.trips.drafts import _candidate, _contains, _keys, _place_key, _Reading
from geo.trips.events import (
    _homeward,
    _is_presence,
    _is_travel_event,
    _modal,
    _under_way,
    _unrealised,
    arranged,
)
from geo.trips.layout import _DATELINE, _front_matter, _is_commentary, _quote_ranges
from geo.trips.roles import (
    _climb,
    _leads,
    _lift_conj,
    _list_cue,
    _member,
    _part_of_group,
    _place_role,
    _side,
    _speaks,
)

_ACCEPTED_KINDS = frozenset({"city", "admin1", "country", "region"})
_TIME_NOUNS = frozenset({"year", "month", "week", "spring", "summer", "autumn", "fall", "winter"})


_MAX_PARTICIPANT_TOKENS = 14


_STOP_WINDOW = 4  # sentences after a journey's last telling that may name its stops


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
        self.text: str = doc_text(doc)
        self.parsed = parsed
        self.places = places
        self.dates = dates
        self.people_tokens: set[int] = set()
        # what each token or sentence span is, read once per document: the sentence readers ask it of
        # every token, and of some sentences several times (the whole, then each clause)
        self._travel: dict[int, bool] = {}
        self._remarks: dict[tuple[int, int], bool] = {}
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
            if rel in ("compound", "poss", "nmod", "amod") and attach.lemma_.lower() in TRAVELLER_NOUNS:
                out.append(i)
        return out

    def stops_within(self, destinations: Sequence[int], first: int, last: int) -> list[int]:
        """The cities a journey told only as "to India" or "to Shaanxi" stopped at: cities inside those
        destinations named with "in", "at", "to" or as what was visited, in the journey's sentences and
        the few after them, in order."""
        containers = [c for i in destinations if (c := _candidate(self.places, i)) is not None]
        if not containers or any(c.kind not in ("country", "admin1") for c in containers):
            return []
        sentences = self.parsed.sentences
        end = sentences[min(len(sentences) - 1, last + _STOP_WINDOW)].end
        start = sentences[first].start
        out: list[int] = []
        seen: set[object] = set()
        for i, place in enumerate(self.places):
            cand = _candidate(self.places, i)
            if not (start <= place.span.start < end) or cand is None or cand.kind != "city":
                continue
            if not any(_contains(c, cand) for c in containers) or _place_key(place) in seen:
                continue
            if self._blocked(place.span.start, place.span.end) or place.implied:
                continue
            span = self.doc.char_span(place.span.start, place.span.end, alignment_mode="expand")
            if span is None:
                continue
            rel, attach = _climb(span.root)
            if rel in ("in", "at", "to", "through", "via") or (
                    rel == "dobj" and attach.lemma_.lower() in VISIT_OBJECT_VERBS) or (
                    rel == "of" and attach.lemma_.lower() in HOST_OFFICES):  # "sessions with leaders of X"
                seen.add(_place_key(place))
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

    def _travel_event(self, tok: Token) -> bool:
        """``_is_travel_event`` of a token of this document, worked out once."""
        known = self._travel.get(tok.i)
        if known is None:
            known = self._travel[tok.i] = _is_travel_event(tok, self.people_tokens)
        return known

    def _commentary(self, span: Any) -> bool:
        """``_is_commentary`` of a span of this document, worked out once."""
        key = (span.start, span.end)
        known = self._remarks.get(key)
        if known is None:
            known = self._remarks[key] = _is_commentary(span)
        return known

    def read_all(self, index: int, sentence: Sentence) -> list[_Reading]:
        """What a sentence tells of journeys: one reading per clause that tells of its own ("In April, a
        delegation from X visited Y, and last month officials from Z travelled to W")."""
        whole = self.doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if whole is None or len(whole) == 0 or self._commentary(whole):
            return []
        relative = self._relative_journey(whole) or self._recalled_journey(whole)
        if relative is not None:
            found = self._read_relative(index, sentence, *relative)
            if found:
                return found
        leading = self._leading_clause(sentence, whole)
        if leading is not None:
            # "After the mayor of X left Y last week, the city welcomed a delegation from Z": the clause of
            # time tells another journey (kept if it says where to); the sentence's own is read without it
            first, rest = (self.read(index, part, whole=sentence) for part in leading)
            kept = [r for r in (first, rest) if r is not None and (r is rest or r.destinations)]
            if rest is not None:
                return kept
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
            if not self._travel_event(tok):
                continue
            head = tok.head
            if not (head.i in self.people_tokens or head.lemma_.lower() in TRAVELLER_NOUNS):
                continue
            inside = {t.i for t in tok.subtree}
            if not any(
                self._travel_event(t) for t in sent if t.i not in inside and t.i != head.i
            ):
                continue
            first, last = min(inside), max(inside)
            start, end = self.doc[first].idx, self.doc[last].idx + len(self.doc[last].text)
            if not any(start <= p.span.start < end for p in self.places):
                continue
            return head, (start, end)
        return None

    def _recalled_journey(self, sent: Any) -> tuple[Token, tuple[int, int]] | None:
        """ "Smith's stop in Gangwon comes on the heels of last year's visit to Alberta by Governor Kim of
        Gangwon": a journey noun of its own time and traveller beside the journey the sentence tells."""
        for tok in sent:
            if not (self._travel_event(tok) and self._recalled(tok, sent)):
                continue
            agents = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"
                      for g in c.children if g.dep_ == "pobj" and g.i in self.people_tokens]
            if not agents:
                continue
            inside = {t.i for t in tok.subtree}
            if not any(self._travel_event(t) for t in sent if t.i not in inside):
                continue
            first, last = min(inside), max(inside)
            start, end = self.doc[first].idx, self.doc[last].idx + len(self.doc[last].text)
            if not any(start <= p.span.start < end for p in self.places):
                continue
            return agents[0], (start, end)
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
        return self._run_on_clauses(sentence, sent)

    def _leading_clause(self, sentence: Sentence, sent: Any) -> list[Sentence] | None:
        """A sentence that opens with a clause of time with a subject of its own, cut after its comma."""
        for tok in sent:
            if tok.dep_ != "advcl" or tok.head.dep_ != "ROOT" or not any(
                    c.dep_ == "mark" and c.lower_ in TIME_MARKS for c in tok.children):
                continue
            if not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children) or not any(
                    c.dep_ in ("nsubj", "nsubjpass") for c in tok.head.children):
                continue
            inside = sorted(t.i for t in tok.subtree)
            after = inside[-1] + 1
            line = self.dateline_span
            if any(not t.is_punct and not (line is not None and t.idx < line[1])
                   for t in sent.doc[sent.start:inside[0]]):
                continue  # not where the sentence (after its dateline) opens
            if after + 1 >= sent.end or sent.doc[after].text != ",":
                continue
            first = self.text[sentence.start:sent.doc[after].idx].rstrip()
            cut = sent.doc[after + 1].idx
            return [Sentence(sentence.start, sentence.start + len(first), first),
                    Sentence(cut, sentence.end, self.text[cut:sentence.end])]
        return None

    def _run_on_clauses(self, sentence: Sentence, sent: Any) -> list[Sentence]:
        """ "X and residents traveled to A and the President of B visited C that same year": two journeys the
        parser ran together, cut before the "and" that opens a subject and a verb of going of their own."""
        going = [t for t in sent if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in STRONG_TRAVEL_VERBS]
        if len(going) < 2:
            return [sentence]
        for tok in sent:
            if tok.lower_ != "and" or not going[0].i < tok.i < going[-1].i:
                continue
            verb = next(v for v in going if v.i > tok.i)
            between = sent.doc[tok.i + 1:verb.i]
            if not any(t.pos_ in ("PROPN", "NOUN") for t in between) or any(
                    t.pos_ in ("VERB", "AUX") or t.is_punct for t in between):
                continue
            cut = tok.idx
            first = self.text[sentence.start:cut].rstrip(" ,;")
            return [Sentence(sentence.start, sentence.start + len(first), first),
                    Sentence(cut + 4, sentence.end, self.text[cut + 4:sentence.end])]
        return [sentence]

    def read(self, index: int, sentence: Sentence, whole: Sentence | None = None) -> _Reading | None:
        """What a sentence (or one of its clauses) tells of a journey, or ``None`` when it tells of none."""
        sent = self.doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if sent is None or len(sent) == 0:
            return None
        if self._commentary(sent):
            return None
        lemmas = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
        if lemmas & REMOTE_WORDS or lemmas & HYPOTHETICAL:
            return None
        cancelling = bool(lemmas & CANCEL_LEMMAS)
        called_off = cancelling and self._called_off(sent)
        if cancelling and self._cancelled(sent) and not called_off:
            return None  # something else was called off: a meeting, a tie
        events = [
            t for t in sent
            if self._travel_event(t) and not self._negated(t, keep_cancelled=called_off)
            and not (self.front is not None and t.idx < self.front[1]) and not self._excluded(t.idx)
        ]
        if not events:
            return None
        anaphoric = any(self._definite(t) for t in events) or any(
            ((t.lower_ in PRONOUNS and not self._named_before(t, sent))
             or (t.lemma_.lower() in TRAVELLER_NOUNS and self._definite(t)))
            and t.dep_ in ("nsubj", "nsubjpass")
            for t in sent
        )
        fresh = any(
            c.lower_ in ("return", "reciprocal", "another", "next", "previous", "earlier", "prior")
            and c.dep_ in ("amod", "compound", "det")
            for t in events if t.pos_ == "NOUN" for c in t.children
        ) or any(self._recalled(t, sent) for t in events)
        reading = _Reading(index=index, sentence=sentence, events=events, anaphoric=anaphoric and not fresh,
                           fresh=fresh, planned=all(_unrealised(t) for t in events), whole=whole,
                           ongoing=any(_under_way(t) for t in events), cancelled=called_off,
                           weak=all(_is_presence(t, self.people_tokens) for t in events))
        reading.anaphors = {
            t.lower_ for t in sent
            if t.pos_ == "NOUN" and self._definite(t) and t.lemma_.lower() in TRAVELLER_NOUNS
        }
        quotes = _quote_ranges(sentence.text, sentence.start)
        self._read_places(reading, sentence, quotes)
        if not reading.destinations:
            reading.destinations.extend(self._host_places(events, reading))
        self._read_here(reading, sent)
        here = self.dateline_place
        if reading.here and here is not None and here not in reading.destinations:
            reading.destinations.append(here)  # "arrived here", "welcomed ... to the city"
        self._read_travellers(reading, sent)
        self._read_dates(reading, sent, events)
        self._read_organizer(reading, sent, events)
        self._read_program(reading, sentence)
        strong = any(
            t.pos_ in ("NOUN", "PROPN") or t.lemma_.lower() in STRONG_TRAVEL_VERBS
            or t.lemma_.lower() in HOST_VERBS | LEAD_VERBS
            for t in events
        )
        if not strong and not reading.destinations and not reading.origins:
            return None
        return reading

    @staticmethod
    def _recalled(event: Token, sent: Any) -> bool:
        """A journey someone made before, told by its noun: "his visit to X just one month earlier", "last
        year's visit to X by Governor Y"."""
        if event.pos_ != "NOUN":
            return False
        owners = [c for c in event.children if c.dep_ == "poss"]
        if any(o.lemma_.lower() in _TIME_NOUNS and any(a.lower_ in ("last", "previous") for a in o.children)
               for o in owners):
            return True
        return bool(owners) and any(
            t.lower_ in ("earlier", "ago", "before") and t.dep_ in ("advmod", "npadvmod") for t in sent)

    @staticmethod
    def _cancelled(sent: Any) -> bool:
        """ "The visit was canceled", "postponed", "called off"."""
        for t in sent:
            lemma = t.lemma_.lower()
            if lemma in CANCEL_LEMMAS and t.pos_ == "VERB" and (
                lemma != "call" or any(c.lower_ == "off" for c in t.children)
            ):
                return True
        return False

    @staticmethod
    def _called_off(sent: Any) -> bool:
        """A journey told as called off: a verb of cancelling whose object is the journey or its plans
        ("the trip was canceled", "postponed the visit", "had to cancel their plans")."""
        for t in sent:
            lemma = t.lemma_.lower()
            if lemma not in CANCEL_LEMMAS or t.pos_ != "VERB" or (
                lemma == "call" and not any(c.lower_ == "off" for c in t.children)
            ):
                continue
            journeys = TRIP_NOUNS | PLAN_NOUNS | PERMISSION_NOUNS | {"travel"}  # "denied permission to visit"
            if any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in journeys for c in t.children):
                return True
        return False

    def calls_off(self, sentence: Sentence) -> bool:
        """A sentence that takes back a journey told before: "The students are not going to take the trip
        this year", "the mayor will no longer travel" (a journey told as planned)."""
        sent = self.doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if sent is None:
            return False
        for tok in sent:
            if tok.pos_ not in ("VERB", "AUX") or not any(
                c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "longer") for c in tok.children
            ):
                continue
            journey = self._travel_event(tok) or any(
                c.dep_ == "dobj" and c.lemma_.lower() in TRIP_NOUNS for c in tok.children
            ) or any(c.dep_ == "xcomp" and self._travel_event(c) for c in tok.children)
            if not journey:
                continue
            to_come = _modal(tok) or tok.lower_ == "going" or any(
                c.dep_ == "xcomp" for c in tok.children if tok.lower_ == "going")
            if to_come and any(
                c.dep_ == "nsubj" and (c.lower_ in PRONOUNS or self._definite(c)) for c in tok.children
            ):
                return True
        return False

    def _negated(self, tok: Token, keep_cancelled: bool = False) -> bool:
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in tok.children):
            return True
        if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ == "neg" for c in tok.head.children
        ):
            return True  # "a trip to Japan is not in the budget"
        head = tok.head
        stops = {"invite"} if keep_cancelled else CANCEL_LEMMAS | {"invite"}
        return bool(head.i != tok.i and head.lemma_.lower() in stops)

    def _named_before(self, pronoun: Token, sent: Any) -> bool:
        """ "Mayor X led a delegation to Y, where he met ...": the pronoun's antecedent is in its sentence."""
        return any(
            t.i < pronoun.i and (
                t.i in self.people_tokens
                or (t.lemma_.lower() in TRAVELLER_NOUNS and t.pos_ == "NOUN"
                    and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.children))
            )
            for t in sent
        )

    def _definite(self, tok: Token) -> bool:
        if tok.pos_ not in ("NOUN",):
            return False
        return any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in tok.children)

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

    def _host_places(self, events: Sequence[Token], reading: _Reading) -> list[int]:
        """Where the hosts are, when a sentence names them but not the place: "Dunedin City Council hosted a
        delegation", "hosted by the Spokane Sister Cities Association", "Mayor X of Y welcomed them"."""
        out: list[int] = []
        for event in events:
            if event.lemma_.lower() not in HOST_VERBS or event.pos_ not in ("VERB", "AUX"):
                continue
            hosts = [c for c in event.children if c.dep_ == "nsubj"]
            hosts += [g for c in event.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            for host in hosts:
                words = {t.i for t in host.subtree}
                start = min(self.doc[i].idx for i in words)
                end = max(self.doc[i].idx + len(self.doc[i]) for i in words)
                person = self.person_at.get(host.i)
                if person is not None:
                    out.extend(i for i in self.homes(person.name) if i not in out)
                    continue
                if self._local_body(host) and self.dateline_place is not None:
                    out.append(self.dateline_place)  # "TAIPEI — The city government welcomed a delegation"
                    continue
                for org in self.parsed.organizations:
                    if not (start <= org.span.start < end):
                        continue
                    out.extend(i for i, place in enumerate(self.places)
                               if org.span.start <= place.span.start < org.span.end and self._usable(i)
                               and i not in out and i not in reading.origins)
        return out

    @staticmethod
    def _local_body(host: Token) -> bool:
        """ "the city government", "the municipal council", "the provincial government": the body of the
        place the story is datelined in, named by its kind alone."""
        return bool(
            host.lemma_.lower() in GOVERNMENT_HEADS
            and any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in host.children)
            and any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in HERE_NOUNS | {"municipal",
                                                                                         "provincial"}
                    for c in host.children)
        )

    def _read_here(self, reading: _Reading, sent: Any) -> None:
        if self.dateline_place is None:
            return
        for tok in sent:
            word = tok.lower_
            if (word == "here" and self._travel_event(tok.head)) or (
                tok.lemma_.lower() in HERE_NOUNS
                and any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children)
                and not any(c.dep_ in ("prep", "compound", "amod") for c in tok.children)
                and _place_role(tok, self.people_tokens) == "destination"
            ):
                reading.here = True

    def _read_travellers(self, reading: _Reading, sent: Any) -> None:
        seen: set[str] = set()
        cue = _list_cue(sent)
        reading.listing = cue is not None
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
            root = _lift_conj(span.root, self.people_tokens)
            if _side(root, self.people_tokens) == "traveller" or self._listed(root, cue):
                if self._office_visited(reading, person):
                    continue  # "At the invitation of the mayor of Belgrade, X, Y visited Belgrade": X hosts
                seen.add(person.name)
                reading.participants.append(person.name)
                self._affiliation_origins(reading, person)
                if _leads(root):
                    reading.roles[person.name] = "head of delegation"
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

    def members_near(self, sentence: Sentence) -> list[str]:
        """The people a sentence without a journey lists among travellers ("The delegation includes X")."""
        sent = self.doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if sent is None or self._commentary(sent):
            return []
        out: list[str] = []
        cue = _list_cue(sent)
        for person in self.parsed.people:
            if not (sentence.start <= person.span.start < sentence.end) or person.name in out:
                continue
            span = self.doc.char_span(person.span.start, person.span.end, alignment_mode="expand")
            if span is not None and self._listed(_lift_conj(span.root, self.people_tokens), cue):
                out.append(person.name)
        return out

    def people_from(self, sentence: Sentence, origins: Sequence[int],
                    destinations: Sequence[int]) -> list[str]:
        """The people of a journey's sentence whose titles make them of its home and not of a place it went
        to ("Cape Town mayor X on Tuesday signed ...", told of a journey from Cape Town), unless they host."""
        homes, visited = _keys(origins, self.places), _keys(destinations, self.places)
        out: list[str] = []
        for person in self.parsed.people:
            if not (sentence.start <= person.span.start < sentence.end) or person.name in out:
                continue
            if self.front is not None and person.span.end <= self.front[1]:
                continue  # the byline's author
            keys = _keys(self.homes(person.name), self.places)
            if not keys or not keys & homes or keys & visited:
                continue
            span = self.doc.char_span(person.span.start, person.span.end, alignment_mode="expand")
            if span is None or _side(span.root, self.people_tokens) == "host" or _speaks(span.root):
                continue
            out.append(person.name)
        return out

    def lists_travellers(self, sentence: Sentence) -> bool:
        """A sentence that lists travellers by a cue of its own ("The delegation includes", "Participants
        will include", "In the delegation are")."""
        sent = self.doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        return sent is not None and not self._commentary(sent) and _list_cue(sent) is not None

    def _listed(self, root: Token, cue: Token | None) -> bool:
        """A person the sentence lists among the travellers: by the words around them, or after the
        sentence's list cue ("The delegation consists of A, ...; B, ...") unless they host."""
        if _side(root, self.people_tokens) == "host" or _speaks(root):
            return False  # "to meet officials, including Prime Minister X"; "according to X"
        return _member(root) or _part_of_group(root) or (cue is not None and cue.i < root.i) or _invited(root)

    def _antecedent(self, pronoun: Token) -> EntityMention | None:
        """The person a "he" or "she" stands for: the last one named before it, within two sentences."""
        start = pronoun.idx
        earlier = [p for p in self.parsed.people if p.span.end <= start]
        if not earlier:
            return None
        last = max(earlier, key=lambda p: p.span.start)
        sentence_starts = [s.start for s in self.parsed.sentences if last.span.start <= s.start <= start]
        return last if len(sentence_starts) <= 2 else None

    def places_of(self, organization: str) -> list[int]:
        """The places named inside an organisation's mentions ("the government of Goiás")."""
        return [i for org in self.parsed.organizations if org.name == organization
                for i, place in enumerate(self.places)
                if org.span.start <= place.span.start < org.span.end and self._usable(i)]

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
        near = {t.i for t in span} | ({span.root.head.i} if span.root.dep_ != "conj" else set())
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

    def _office_visited(self, reading: _Reading, person: EntityMention) -> bool:
        """Whether a person's office is in a place the journey went to: its host, not a traveller."""
        visited = _keys(reading.destinations, self.places)
        if not visited:
            return False
        offices = set(self.homes(person.name)) | set(self._role_places(reading, person))
        return bool(_keys(offices, self.places) & visited)

    def _role_places(self, reading: _Reading, person: EntityMention) -> list[int]:
        """The places of a reading's sentence that a person's roles name as their body ("Mayor X of Y")."""
        return [
            i for role in self.parsed.roles.get(person.name, ()) if role.organization
            for i, place in enumerate(self.places)
            if reading.sentence.start <= place.span.start < reading.sentence.end
            and place.span.text == role.organization and self._usable(i)
        ]

    def _affiliation_origins(self, reading: _Reading, person: EntityMention) -> None:
        """ "Mayor X of Y": a traveller's home is the place their office belongs to."""
        for i in self._role_places(reading, person):
            if i not in reading.destinations and i not in reading.origins:
                reading.origins.append(i)

    def _traveller_nouns(self, event: Token) -> list[Token]:
        lemma = event.lemma_.lower()
        out: list[Token] = []
        if event.pos_ in ("NOUN", "PROPN"):
            if lemma in TRAVELLER_NOUNS:
                out.append(event)
            for child in event.children:
                if child.dep_ == "prep" and child.lower_ == "by":
                    out.extend(c for c in child.children if c.dep_ == "pobj")
            return [t for t in out if t.i not in self.people_tokens and t.pos_ != "PRON"]
        for child in event.children:
            hosted = lemma in HOST_VERBS and child.dep_ in ("dobj", "nsubjpass")
            going = lemma not in HOST_VERBS and child.dep_ == "nsubj" and lemma not in ("send", "dispatch")
            if hosted or going:
                out.append(child)
            elif child.dep_ == "agent" and lemma not in HOST_VERBS:
                out.extend(c for c in child.children if c.dep_ == "pobj")
            elif lemma in LEAD_VERBS and child.dep_ == "dobj" and child.lemma_.lower() in GROUP_NOUNS:
                out.append(child)
        return [
            t for t in out
            if t.i not in self.people_tokens and t.pos_ in ("NOUN",)
            and (t.lemma_.lower() in TRAVELLER_NOUNS or any(c.lower_ == "from" for c in t.children))
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
            toks[0].dep_ in ("det", "punct", "case") or toks[0].lower_ in DEFINITE
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
        # "to attend the meeting, scheduled for mid August in Seattle": the date the meeting is set for
        event_ids = {t.i for t in events} | {a.i for t in events if t.pos_ in ("VERB", "AUX")
                                             for a in arranged(t)}
        first = min(t.i for t in events)
        for mention in self.dates:
            if not (reading.sentence.start <= mention.span.start < reading.sentence.end):
                continue
            if mention.resolved is None or self._excluded(mention.span.start):
                continue
            if (self.dateline_span is not None and mention.span.end <= self.dateline_span[0]) or (
                    mention.span.start < 40 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", mention.span.text)):
                continue  # "2019-08-12 Hanoi (VNA) – ...": the page's date stamp, before the dateline
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
            ) or any(a.lower_ == "since" and a.dep_ in ("prep", "mark") for a in root.ancestors):
                continue  # "the first visit since local government reorganisation in 2009"
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
            root.head.i not in event_ids and not self._travel_event(root.head)
        ):
            return False
        for anc in root.ancestors:
            if anc.i in event_ids or self._travel_event(anc):
                return True
            if anc.pos_ in ("VERB", "AUX"):
                return False
        return False

    def _read_organizer(self, reading: _Reading, sent: Any, events: Sequence[Token]) -> None:
        cues = [
            t for t in sent
            if (_cue_lemma(t) in ORGANIZER_WORDS | ORGANIZER_AGENT_WORDS
                and not (_cue_lemma(t) in ORGANIZER_AGENT_WORDS and not self._by_agent(t)))
            or (t.lemma_.lower() in ORGANIZER_LEADS and t.pos_ in ("VERB", "AUX"))
            or (t.lemma_.lower() in TRIP_NOUNS and t.pos_ in ("NOUN", "PROPN"))
            or self._attended(t, events)
        ]
        if not cues:
            return
        best: tuple[int, str, bool] | None = None
        named: list[tuple[Token, str]] = []
        for org in self.parsed.organizations:
            if not (reading.sentence.start <= org.span.start < reading.sentence.end):
                continue
            span = self.doc.char_span(org.span.start, org.span.end, alignment_mode="expand")
            if span is not None:
                named.append((span.root, org.name))
        for root, name in named:
            tied = [c for c in cues if self._tied(root, c) and self._organises(root, c)]
            if not tied:
                continue
            distance = min(abs(root.i - c.i) for c in tied)
            if best is None or distance < best[0]:
                best = (distance, name, any(
                    _cue_lemma(c) in ORGANIZER_WORDS | ORGANIZER_AGENT_WORDS for c in tied))
        if best is not None:
            reading.organizer, reading.invited = best[1], best[2]
        else:
            reading.organizer = self._companion_organizer(sent, events)

    def _companion_organizer(self, sent: Any, events: Sequence[Token]) -> str | None:
        """An organisation the journey goes with or belongs to: "the trip is in partnership with ORG",
        "went to X with the ORG group", "ORG ... during the first leg of its mission"."""
        event_ids = {t.i for t in events}
        for org in self.parsed.organizations:
            span = self.doc.char_span(org.span.start, org.span.end, alignment_mode="expand")
            if span is None or not (sent.start <= span.root.i < sent.end):
                continue
            root = span.root
            if root.dep_ in ("nmod", "compound") and root.head.lemma_.lower() in GROUP_NOUNS | {"group"}:
                root = root.head  # "with the Friends of Alzey group"
            head = root.head
            if root.dep_ == "pobj" and head.lower_ == "with" and (
                head.head.lemma_.lower() in JOINT_NOUNS or (head.head.i in event_ids
                and head.head.lemma_.lower() not in ("meet", "talk", "sign"))
            ):
                return org.name
            if root.dep_ == "nsubj" and any(
                t.lower_ == "its" and t.dep_ == "poss" and t.head.lemma_.lower() in TRIP_NOUNS
                for t in head.subtree
            ):
                return org.name
        return None

    def _organises(self, org: Token, cue: Token) -> bool:
        """A leading verb organises when the organisation leads ("ORG will lead the trip", "led by X,
        president of ORG"); a journey noun when the organisation owns it ("ORG's delegation")."""
        lemma = _cue_lemma(cue)
        if lemma in ORGANIZER_WORDS | ORGANIZER_AGENT_WORDS:
            return True
        if cue.pos_ in ("NOUN", "PROPN"):
            if org.head.i == cue.i and org.dep_ in ("poss", "compound", "nmod"):
                return True  # "ORG's delegation", "the ORG annual meeting"
            # "attend the annual meeting of ORG": the body whose meeting the travellers attend
            return bool(cue.lemma_.lower() in VENUE_NOUNS and org.dep_ == "pobj" and org.head.lower_ == "of"
                        and org.head.head.i == cue.i)
        if org.head.i == cue.i:
            return bool(org.dep_ == "nsubj")
        if self._sets_out(org, cue) and org.head.pos_ in ("VERB", "AUX") and any(
                c.dep_ == "dobj" and c.lemma_.lower() in TRIP_NOUNS for c in cue.children):
            return True  # "the government of X started meetings to form a delegation"
        # "led by X, president of ORG": the organisation of the one who leads
        return any(a.i in self.people_tokens and a.head.i != a.i and (
            a.head.dep_ == "agent" or a.head.lower_ == "by") for a in org.ancestors)

    @staticmethod
    def _attended(tok: Token, events: Sequence[Token]) -> bool:
        """A meeting or a conference the journey's travellers attend: its body organised what they went to."""
        return bool(tok.lemma_.lower() in VENUE_NOUNS and tok.dep_ == "dobj"
                    and any(e.i == tok.head.i for e in events))

    @staticmethod
    def _tied(org: Token, cue: Token) -> bool:
        """ "organized by ORG", "ORG organized", "the organizer of the visit, ORG", "ORG, which arranged"."""
        if any(a.i == cue.i for a in org.ancestors):
            return True  # the organisation hangs on the cue: agent, appositive, object of "of"
        if any(a.i == org.i for a in cue.ancestors):
            return True  # the cue hangs on the organisation: "ORG, which organized ..."
        if _Reader._sets_out(org, cue):
            return True  # "ORG started meetings to form a delegation"
        return bool(cue.head.i == org.head.i and cue.pos_ == "NOUN")  # "ORG is the organizer"

    @staticmethod
    def _sets_out(org: Token, cue: Token) -> bool:
        """The organisation is the subject of the verb the cue completes: "ORG started meetings to form"."""
        return bool(cue.head.i == org.head.i and org.dep_ == "nsubj" and cue.dep_ in ("xcomp", "advcl"))

    @staticmethod
    def _by_agent(tok: Token) -> bool:
        """ "hosted by X", "led by X": the verb's agent names the organiser."""
        return any(c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by") for c in tok.children)

    def _read_program(self, reading: _Reading, sentence: Sentence) -> None:
        lower = sentence.text.lower()
        if not any(cue in lower for cue in PROGRAM_CUES):
            return
        for program in self.parsed.programs:
            if sentence.start <= program.span.start < sentence.end:
                reading.program = program.name
                return

    def program_near(self, sentence: Sentence) -> str | None:
        """A program named in a sentence next to a trip's ("the visit was part of a program called ...")."""
        lower = sentence.text.lower()
        if not any(cue in lower for cue in PROGRAM_CUES):
            return None
        for program in self.parsed.programs:
            if sentence.start <= program.span.start < sentence.end:
                return program.name
        return None

    def _climbs(self, sentence: Sentence) -> list[tuple[int, str, Token]]:
        """Each usable place of a sentence outside quotes, with the relation that ties it to its clause."""
        out: list[tuple[int, str, Token]] = []
        quotes = _quote_ranges(sentence.text, sentence.start)
        for i, place in enumerate(self.places):
            if not (sentence.start <= place.span.start < sentence.end) or not self._usable(i):
                continue
            if self._blocked(place.span.start, place.span.end, quotes):
                continue
            span = self.doc.char_span(place.span.start, place.span.end, alignment_mode="expand")
            if span is not None:
                out.append((i, *_climb(span.root)))
        return out

    def venues_near(self, sentence: Sentence) -> list[int]:
        """ "During the ceremony in Nairobi, the mayor said ...": where the event just told took place."""
        sent = self.doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if sent is None or self._commentary(sent):
            return []
        return [i for i, rel, attach in self._climbs(sentence)
                if rel in ("in", "at") and attach.pos_ == "NOUN" and attach.lemma_.lower() in VENUE_NOUNS]

    def origins_near(self, index: int, sentence: Sentence) -> list[int]:
        """ "The visiting mayors were from X and Y": origins in a sentence right after a trip's."""
        sent = self.doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if sent is None or self._commentary(sent):
            return []
        if any(t.lemma_.lower() in HYPOTHETICAL | REMOTE_WORDS for t in sent) or self._cancelled(sent):
            return []
        if not any(t.lemma_.lower() in TRAVELLER_NOUNS for t in sent):
            return []
        return [i for i, rel, attach in self._climbs(sentence) if rel == "from" and (
            attach.lemma_.lower() in TRAVELLER_NOUNS or attach.pos_ == "AUX"
            or attach.lemma_.lower() in ("be", "come", "hail", "include"))]


def _cue_lemma(tok: Token) -> str:
    """A cue word's lemma, also when the tagger left a participle as it is ("co-hosted", tagged an
    adjective, keeps "hosted")."""
    lemma: str = tok.lemma_.lower()
    if lemma == tok.lower_ and lemma.endswith("ed"):
        for stem in (lemma[:-1], lemma[:-2]):
            if stem in ORGANIZER_WORDS | ORGANIZER_AGENT_WORDS:
                return stem
    return lemma


def _invited(root: Token) -> bool:
    """People who were invited to take part, told right after a journey: "Mayor X, deputy mayor Y and town
    clerk Z were invited to help celebrate the anniversary"."""
    while root.dep_ in ("conj", "appos") and root.head.i != root.i:
        root = root.head  # "Mayor X, deputy mayor Y and town clerk Z": the list's first name
    verb = root.head
    return bool(root.dep_ == "nsubjpass" and verb.lemma_.lower() in INVITED_VERBS and any(
        c.dep_ == "xcomp" for c in verb.children))
