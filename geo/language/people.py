"""People: the ``atlas_people`` component (a person is not an organisation; titles and affiliations) and the
joining of surnames to full names."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan
from wordfreq import zipf_frequency

from geo.language.doctext import doc_text
from geo.language.lexicon import PATTERNS_DIR, Lexicon, rows_by_kind

_BOUNDARY = frozenset({",", ";", ".", "(", ")", "“", "”", '"', "—", "–", "--", ":", "?", "!"})
_ROLE_PREPS = frozenset({"of", "at", "for", "with", "from", "in"})
_SKIP = frozenset({"a", "an", "the", "also", "now", "currently", "still", "once"})
_COPULAS = frozenset({"is", "was", "'s", "’s", "remains", "became", "becomes"})
_SPEECH = frozenset(
    {"said", "says", "told", "added", "noted", "explained", "wrote", "argued", "claimed", "believes"}
)
_ORG_LABELS = frozenset({"ORG", "FAC"})
_NAME_LABELS = frozenset({"ORG", "FAC", "GPE", "LOC", "NORP"})  # what the model may take a name for
_PLACE_LABELS = frozenset({"GPE", "LOC"})
_MAX_SEGMENT = 16
_ROMAN = re.compile(r"[IVXL]+")
_INITIALS = re.compile(r"[A-Z]{1,3}")  # "OV" of "OV Mustafa": a name's initials written first
_COMMON_WORD = 3.0  # a word at least this frequent in English ("economic", "forum") may be a body's
# "an Alexandria woman", "Fargo police": a lone name before these nouns is a place
_LOCATIVE_NOUNS = frozenset(
    {
        "woman",
        "man",
        "resident",
        "residents",
        "native",
        "natives",
        "police",
        "officials",
        "area",
        "schools",
        "teen",
        "teenager",
        "girl",
        "boy",
        "couple",
        "family",
        "families",
        "businesses",
        "-based",
        "homeowners",
    }
)
_PLACE_PREPS = frozenset(
    {"in", "to", "from", "at", "near", "visited", "visiting", "toured", "touring", "outside"}
)
_ASIDES = frozenset({"left", "right", "center", "centre", "middle", "front", "back", "l", "r", "c"})
_PLACE_TITLES = frozenset({"mayor", "vice mayor", "deputy mayor", "governor", "lieutenant governor"})


@dataclass(frozen=True)
class RoleWords:
    """The word lists of roles (``roles.jsonl``)."""

    title_modifiers: frozenset[str]  # "vice" of "Vice Chairman X", "deputy" of "Deputy Secretary X"
    delegation_nouns: frozenset[str]  # "the X Association delegation led by Y": Y's body is X
    place_units: frozenset[str] = frozenset()  # "City" of "Ho Chi Minh City": a name that ends so is a place
    heading_verbs: Mapping[str, str] = field(default_factory=dict)  # "heads" of "X, who heads Y": "head"


@lru_cache(maxsize=4)
def load_role_words(path: str = "") -> RoleWords:
    """Read ``roles.jsonl`` once (cached per file); a malformed line names its file."""
    lists = rows_by_kind(Path(path) if path else PATTERNS_DIR / "roles.jsonl")

    def words(kind: str) -> frozenset[str]:
        return frozenset(str(r["text"]).lower() for r in lists.get(kind, ()))

    return RoleWords(title_modifiers=words("title_modifier"), delegation_nouns=words("delegation_noun"),
                     place_units=words("place_unit"),
                     heading_verbs={str(r["text"]).lower(): str(r["title"])
                                    for r in lists.get("heading_verb", ())})


_OPENERS = frozenset({'"', "“", "'", "‘", "(", "[", "—", "–", "-", ":"})


def strip_article(span: SpacySpan, outlet_heads: frozenset[str] = frozenset()) -> SpacySpan:
    """Drop a leading "the" and a trailing "'s". With ``outlet_heads`` (organisations), "The" stays only in a
    newspaper's name ("The Washington Post"); without (places), a capitalised "The" stays mid-sentence
    ("The Hague")."""
    while len(span) > 1 and span[-1].lower_ in ("'s", "’s", "'", "’"):
        span = span[:-1]
    if not len(span) or span[0].lower_ != "the":
        return span
    if span[0].text == "The":
        before = span.doc[span.start - 1].text if span.start > 0 else ""
        opens = span[0].is_sent_start or before in _OPENERS or "\n" in before  # '"The United States'
        keep = span[-1].lower_ in outlet_heads if outlet_heads else not opens
        if keep:
            return span
    return span[1:]


def canonical_people(mentions: Sequence[tuple[int, int, str]]) -> dict[tuple[int, int], str]:
    """Map each person mention (start, end, text) to its canonical name: a lone surname joins a full name."""
    full = [(start, text) for start, _, text in mentions if len(text.split()) > 1]
    names: dict[tuple[int, int], str] = {}
    for start, end, text in mentions:
        words = text.split()
        if len(words) > 1 or not full:
            names[(start, end)] = text
            continue
        word = words[0]
        by_last = [(s, t) for s, t in full if t.split()[-1] == word or t.split()[-1].endswith("-" + word)]
        chosen = by_last or [(s, t) for s, t in full if t.split()[0] == word]
        if not chosen:
            names[(start, end)] = text
            continue
        before = [item for item in chosen if item[0] < start]
        names[(start, end)] = (before[0] if before else chosen[0])[1]  # the first named: the story's subject
    return names


def org_extent(span: SpacySpan, lexicon: Lexicon) -> SpacySpan:
    """The organisation as named: no leading "the"; an embassy keeps its place ("Embassy in Washington")."""
    span = strip_article(span, lexicon.outlet_heads)
    doc = span.doc
    end = span.end
    if (
        len(span)
        and (span[-1].lower_ in lexicon.located_org_heads or span[0].lower_ in lexicon.located_org_heads)
        and end + 1 < len(doc)
        and doc[end].lower_ == "in"
    ):
        place = doc[end + 1]
        if place.ent_type_ in _PLACE_LABELS and place.ent_iob_ == "B":
            stop = end + 2
            while stop < len(doc) and doc[stop].ent_iob_ == "I":
                stop += 1
            return doc[span.start : stop]
    return span


class PeopleRules:
    """Relabel people the model called organisations, trim honorifics, find titles and affiliations."""

    def __init__(self, name: str, lexicon: Lexicon, words: RoleWords | None = None) -> None:
        self.name = name
        self.lexicon = lexicon
        self.words = words or load_role_words()
        seats = rows_by_kind(PATTERNS_DIR / "entities.jsonl").get("seat_word", ())
        self.seat_words = frozenset(str(r["text"]).lower() for r in seats)  # "District" of "Fifth District"
        self._bodies_places: set[str] = set()  # of the document at hand: "Ho Chi Minh City" before a body
        self._cached_doc: Doc | None = None
        self._cached: tuple[set[str], set[str], set[str], set[str], set[int]] = (
            set(),
            set(),
            set(),
            set(),
            set(),
        )

    def __call__(self, doc: Doc) -> Doc:
        """Fix the people of ``doc`` and record their roles."""
        doc.ents = self._names_after_titles(doc)
        honorific_titles: dict[int, str] = {}
        ents: list[SpacySpan] = []
        for ent in self._joined_bodies(doc):
            if ent.label_ == "PERSON":
                trimmed, title = self._trim_honorific(ent)
                if not len(trimmed):
                    continue
                if title:
                    honorific_titles[trimmed.start] = title
                    prefix = self._place_before_honorific(ent, trimmed)
                    if prefix is not None:
                        ents.append(prefix)  # "Kitakyushu Mayor Hideo Tsuchiya": Kitakyushu is a place
                ents.append(SpacySpan(doc, trimmed.start, trimmed.end, label="PERSON"))
            elif ent.label_ == "ORG" and (found := self._titled_person(ent)) is not None:
                person, title, prefix = found  # "Sochi Mayor Anatoly Pakhomov": a place, a title, a name
                honorific_titles[person.start] = title
                if prefix is not None:
                    ents.append(prefix)
                ents.append(person)
            else:
                ents.append(ent)
        self._bodies_places = {
            a.text for a, b in pairwise(ents)
            if a.label_ == "PERSON" and b.label_ == "ORG" and a.end == b.start and len(a) > 1
            and a[-1].text.istitle() and a[-1].lower_ in self.words.place_units
        }
        fixed = [SpacySpan(doc, e.start, e.end, label=self._label(e, ents)) for e in ents]
        # one name, one reading: a lone "Kumamoto" is the place the rules found elsewhere in the text
        places = {e.text for e in fixed if e.label_ in _PLACE_LABELS}
        surnames = self._context(doc, ents)[1]
        fixed = [
            SpacySpan(doc, e.start, e.end, label="GPE")
            if e.label_ == "PERSON" and len(e) == 1 and e.text in places and e.text not in surnames
            else e
            for e in fixed
        ]
        doc.ents = fixed + self._places_of_office(doc, fixed, honorific_titles)
        roles: list[tuple[int, int, str, int, int]] = []
        people = [ent for ent in doc.ents if ent.label_ == "PERSON"]
        for ent in people:
            roles.extend(self._roles(ent, honorific_titles.get(ent.start, "")))
        doc._.atlas_roles = tuple(roles + self._shared_bodies(people, roles))
        return doc

    def _names_after_titles(self, doc: Doc) -> list[SpacySpan]:
        """ "chairman Dr. Le Huu Tho", "Wonju mayor Won Gang Soo": two or three capitalised words right after
        a title or an honorific, that the model left untagged or took for a place or a body, are a name."""
        ents = list(doc.ents)
        owner = {i: e for e in ents for i in range(e.start, e.end)}
        names: list[SpacySpan] = []
        j = 1
        while j < len(doc):
            before = doc[j - 1]
            titled = before.lower_ in self.lexicon.titles or before.text in self.lexicon.honorifics
            end = j
            while end < len(doc) and end - j < 3 and self._name_word(doc[end]):
                end += 1
            body = owner.get(j - 2) if before.text == "," and j >= 2 else None
            if body is not None and body.end == j - 1 and body.label_ in _ORG_LABELS and end - j >= 2 and (
                    self._title_of_at(doc, body.start) and self._name_like(list(doc[j:end]))):
                titled = True  # "the Chairman of the X Forum, Ana Ruiz": the name after the office's body
            # not a modifier of the common noun after it ("its founder France Football magazine")
            whole = end < len(doc) and not doc[end].text[:1].isupper() and doc[end].pos_ != "NOUN"
            inside = {owner[i] for i in range(j, end) if i in owner}
            if (titled and end - j >= 2 and whole and (j - 1) not in owner
                    and doc[j].pos_ != "VERB"  # "Military Official Visits Georgia": a headline's verb
                    and all(e.start >= j and e.end <= end and e.label_ in _NAME_LABELS for e in inside)
                    and not any(e.label_ == "PERSON" for e in inside)):
                names.append(SpacySpan(doc, j, end, label="PERSON"))
                j = end
            j += 1
        if not names:
            return ents
        taken = {i for n in names for i in range(n.start, n.end)}
        kept = [e for e in ents if not any(i in taken for i in range(e.start, e.end))]
        return sorted(kept + names, key=lambda e: e.start)

    def _name_word(self, tok: Token) -> bool:
        return tok.is_alpha and tok.text.istitle() and tok.lower_ not in self.lexicon.title_words and (
            tok.text not in self.lexicon.honorifics)

    def _untagged_place_of(self, doc: Doc, end: int) -> SpacySpan | None:
        """One to three capitalised words the model left untagged, ending at ``end``, right after a title and
        "of" ("Mayor of Elmbury"): the place of the office."""
        start, words = end, 0
        while start > 0 and words < 3 and doc[start - 1].ent_type_ in ("", *_PLACE_LABELS) and (
                self._name_word(doc[start - 1]) or self._hyphen_piece(doc, start - 1)):
            start -= 1
            words += doc[start].text[:1].isupper()
        while start < end and not doc[start].text[:1].isupper():
            start += 1  # "-sur-Seine": a name starts with a capital
        of = start - 1 - (start > 0 and doc[start - 1].lower_ == "the")  # "Governor of the Prefecture of X"
        if start == end or of < 1 or doc[of].lower_ != "of" or doc[of - 1].lower_ not in self.lexicon.titles:
            return None
        return SpacySpan(doc, start, end, label="GPE")

    @staticmethod
    def _hyphen_piece(doc: Doc, i: int) -> bool:
        """A hyphen inside a name, or a lower-case word between two ("Saintry-sur-Seine", "Kara-Suu")."""
        tok = doc[i]
        if tok.text in ("-", "‐") and not tok.whitespace_ and i > 0 and not doc[i - 1].whitespace_:
            return True
        return (tok.is_lower and tok.is_alpha and 0 < i < len(doc) - 1 and doc[i - 1].text == "-"
                and doc[i + 1].text == "-")

    def _shared_bodies(
        self, people: Sequence[SpacySpan], roles: Sequence[tuple[int, int, str, int, int]]
    ) -> list[tuple[int, int, str, int, int]]:
        """Roles of a list that names its body once: "the X Chamber chief executive A, president B and vice
        president C" (the body before the first), "Chairman A and Vice Chairman B of the X Committee" (the
        body after the last)."""
        by_person: dict[int, list[tuple[int, int, str, int, int]]] = {}
        for role in roles:
            by_person.setdefault(role[0], []).append(role)
        def joined(a: SpacySpan, b: SpacySpan) -> bool:
            between = a.doc[a.end : b.start]
            return 0 < len(between) <= 6 and any(t.text in (",", "and") for t in between) and all(
                t.text in (",", "and") or t.lower_ in self.lexicon.title_words for t in between)

        listed = [(a, b) for a, b in pairwise(people) if joined(a, b)]
        out: list[tuple[int, int, str, int, int]] = []

        def share(source: SpacySpan, target: SpacySpan, before: bool) -> None:
            bodies = [r for r in by_person.get(source.start_char, ()) if r[3] >= 0
                      and (r[4] <= source.start_char if before else r[3] >= source.end_char)]
            titles = [r for r in by_person.get(target.start_char, ()) if r[3] < 0]
            if bodies and titles and len(titles) == len(by_person[target.start_char]):
                new = [(r[0], r[1], r[2], bodies[0][3], bodies[0][4]) for r in titles]
                by_person[target.start_char] = new
                out.extend(new)

        for a, b in listed:
            share(a, b, before=True)
        for a, b in reversed(listed):
            share(b, a, before=False)
        return out

    def _whole_people(self, doc: Doc, ents: Sequence[SpacySpan]) -> list[SpacySpan]:
        """People the model cut short: a first name left out in front ("Crs Trish [Boyle]"), or run into the
        body before ("[Arizona Republican Party Kelli] [Ward]")."""
        out: list[SpacySpan] = []
        for ent in ents:
            at = self._place_in_person(ent, ents)
            if at is not None:  # "Mayor of [Harbourtown Ana Ruiz]": the office's place, then the person
                out += [SpacySpan(doc, ent.start, at, label="GPE"),
                        SpacySpan(doc, at, ent.end, label="PERSON")]
                continue
            cut = self._person_in_body(ent)
            if cut is not None:  # "[Arizona Republican Party] [Kelli Ward]" as one name
                # "[Melbourne] [Sally Capp]": a place, then the person
                headed = any(t.lower_ in self.lexicon.org_heads for t in doc[ent.start : cut])
                label = "ORG" if headed else "GPE"
                out += [SpacySpan(doc, ent.start, cut, label=label),
                        SpacySpan(doc, cut, ent.end, label="PERSON")]
                continue
            before = doc[ent.start - 1] if ent.start > 0 else None
            if ent.label_ != "PERSON" or before is None or before.text not in self.lexicon.first_names:
                out.append(ent)
                continue
            if not before.ent_type_:
                out.append(SpacySpan(doc, ent.start - 1, ent.end, label="PERSON"))
            elif out and out[-1].label_ == "ORG" and out[-1].end == ent.start and len(out[-1]) > 2 and (
                    out[-1][-2].lower_ in self.lexicon.org_heads):
                body = out.pop()
                out += [SpacySpan(doc, body.start, body.end - 1, label="ORG"),
                        SpacySpan(doc, ent.start - 1, ent.end, label="PERSON")]
            else:
                out.append(ent)
        return out

    def _place_in_person(self, ent: SpacySpan, ents: Sequence[SpacySpan]) -> int | None:
        """Where the person starts in a "person" written right after a title and "of" ("Mayor of Harbourtown
        Ana Ruiz", "Deputy Mayors of Kara-Suu Ana Ruiz"): its first word, which the story names as a place or
        as the first word of a body elsewhere, is the office's place."""
        doc = ent.doc
        # "Mayor of [Elmport Ana Ruiz]", "Ambassador to [Norvale Ana Ruiz]"
        if ent.label_ not in ("PERSON", "ORG") or ent.start < 2 or (
                doc[ent.start - 1].lower_ not in ("of", "to")):
            return None
        title = doc[ent.start - 2]
        if title.lower_ not in self.lexicon.titles and not self._plural_title(title.text):
            return None
        if not self._name_word(doc[ent.start]) or doc[ent.start].lower_ == "the":
            return None
        at = ent.start + 1
        while at + 1 < ent.end and self._hyphen_piece(doc, at):
            at += 2 if doc[at].text in ("-", "‐") else 1  # "Kara-Suu": one word
        heads = self.lexicon.org_heads | self.lexicon.institution_heads | self.words.place_units
        name = [t for t in doc[at : ent.end] if t.is_alpha]
        if len(name) < 2 or not all(self._name_word(t) and t.lower_ not in heads for t in name) or (
                not self._name_like(name)):
            return None
        lead = doc[ent.start : at].text
        named = any((e.label_ != "PERSON" or e[-1].lower_ in heads) and e.start != ent.start
                    and (e.text == lead or e.text.startswith(lead + " ")) for e in ents)
        places = {strip_article(e).text.lower() for e in ents if e.label_ in _PLACE_LABELS}
        first_names = self.lexicon.first_names
        given = doc[at].text in first_names and doc[ent.start].text not in first_names  # "of Elmport Ana X"
        return at if named or given or lead.lower() in places else None

    def _person_in_body(self, ent: SpacySpan) -> int | None:
        """Where a person's name starts inside a body's: an organisation's head or a place, then a first name
        and one or two capitalised words ("Arizona Republican Party Kelli Ward", "Melbourne Sally Capp")."""
        if ent.label_ != "ORG" or len(ent) < 3:
            return None
        doc = ent.doc
        places = {e.text for e in doc.ents if e.label_ in _PLACE_LABELS}
        titled = self._title_of_at(doc, ent.start)
        for i in range(max(ent.start + 1, ent.end - 3), ent.end - 1):
            # "Lord Mayor of [Melbourne Sally Capp]": a place the story names, then the person
            body = doc[i - 1].lower_ in self.lexicon.org_heads or doc[ent.start : i].text in places
            named = body and doc[i].text in self.lexicon.first_names
            # "chairman of [the X Committee on Trade Kemal Arslan]": after a title "of", a body with its head,
            # then a word that is no English one (a given name the list lacks)
            headed = any(t.lower_ in self.lexicon.org_heads for t in doc[ent.start : i])
            named = named or (headed and titled and doc[i].is_alpha and doc[i].text.istitle()
                              and doc[i - 1].text[:1].isupper()  # not "X of American and Oceanian Affairs"
                              and zipf_frequency(doc[i].lower_, "en") < _COMMON_WORD)
            if named and all(t.text.istitle() and t.lower_ not in self.lexicon.org_heads
                             for t in doc[i + 1 : ent.end]):
                return i
        return None

    def _title_of_at(self, doc: Doc, start: int) -> bool:
        """Whether a title and "of" (maybe "of the") stand right before ``start``: "the chairman of [X]"."""
        k = start - (start > 0 and doc[start - 1].lower_ == "the")
        return k >= 2 and doc[k - 1].lower_ == "of" and doc[k - 2].lower_ in self.lexicon.title_words

    def _joined_bodies(self, doc: Doc) -> list[SpacySpan]:
        """The entities with bodies the model ended at an "and" joined whole: "Chamber of Commerce and
        Industry" (capitalised words after the "and"), "X Foreign Affairs and Overseas Chinese Affairs Office"
        (a name with no head, "and", a name with one)."""
        owned = [self._titled_owner(e) for e in self._whole_people(doc, doc.ents)]
        ents = [e for e in owned if not any(o.start < e.end and e.start < o.end and o is not e
                                            and o.start <= e.start and e.end <= o.end for o in owned)]
        out: list[SpacySpan] = []
        i = 0
        while i < len(ents):
            ent = ents[i]
            i += 1
            nxt = ents[i] if i < len(ents) else None
            if self._place_and_body(ent, nxt):  # "the Kingston and St Andrew Corporation": one body
                assert nxt is not None
                out.append(SpacySpan(doc, ent.start, nxt.end, label="ORG"))
                i += 1
                continue
            if ent.label_ != "ORG" or ent.end + 1 >= len(doc) or doc[ent.end].lower_ not in ("and", "&"):
                out.append(ent)
                continue
            if (
                nxt is not None
                and nxt.label_ in ("ORG", "PERSON", "FAC")  # "X Culture and [Art Centre]", taken for a name
                and nxt.start == ent.end + 1
                and nxt[0].lower_ != "the"  # "the Palacio and the Museum": two bodies
                and ent[-1].lower_ not in self.lexicon.org_heads
                and nxt[-1].lower_ in self.lexicon.org_heads
            ):
                out.append(SpacySpan(doc, ent.start, nxt.end, label="ORG"))
                i += 1
                continue
            end = ent.end + 1
            while (
                any(t.lower_ == "of" for t in ent)
                and end < len(doc)
                and end - ent.end <= 3
                and doc[end].text.istitle()
                and not doc[end].ent_type_
                and doc[end].lower_ not in self.lexicon.title_words
                and doc[end].text not in self.lexicon.honorifics
            ):
                end += 1
            out.append(SpacySpan(doc, ent.start, end, label="ORG") if end > ent.end + 1 else ent)
        return out

    def _titled_owner(self, ent: SpacySpan) -> SpacySpan:
        """ "the Mayor's International Committee", "the Governor's Office of Trade": an office that owns the
        body is part of its name (the model starts the name after the "'s"); so is the number of a seat
        ("the Fifth District Board of Supervisors")."""
        doc = ent.doc
        i = ent.start
        if ent.label_ == "ORG" and i > 0 and doc[i - 1].ent_type_ == "ORDINAL" and (
                ent[0].lower_ in self.seat_words):
            return SpacySpan(doc, i - 1, ent.end, label="ORG")  # "the Fifth District Board": its seat
        if ent.label_ != "ORG" or i < 2 or doc[i - 1].lower_ not in ("'s", "’s") or not (
                doc[i - 2].text.istitle() and doc[i - 2].lower_ in self.lexicon.titles):
            return ent
        return SpacySpan(doc, i - 2, ent.end, label="ORG")

    def _of_a_body(self, ent: SpacySpan, ents: Sequence[SpacySpan]) -> bool:
        """Whether a "person" is written right after a body's head and "of" ("the Municipality of [X Y]") and
        starts with no given name: the body's place."""
        doc = ent.doc
        if ent.start < 2 or doc[ent.start - 1].lower_ != "of" or ent[0].text in self.lexicon.first_names:
            return False
        head = doc[ent.start - 2]
        return (head.lower_ in self.lexicon.org_heads or head.lower_ in self.words.place_units) and any(
            e.label_ in _ORG_LABELS | _PLACE_LABELS and e.end == ent.start - 1 for e in ents)

    def _place_and_body(self, ent: SpacySpan, nxt: SpacySpan | None) -> bool:
        """ "the Kingston and St Andrew Municipal Corporation": "the", a place, "and", a body with a head and
        no article (not "the Palacio and the Museum"), which the model read as a place and a body."""
        doc = ent.doc
        if nxt is None or ent.label_ not in _PLACE_LABELS or nxt.label_ != "ORG" or nxt.start != ent.end + 1:
            return False
        article = ent[0].lower_ == "the" or (ent.start > 0 and doc[ent.start - 1].lower_ == "the")
        return (article and doc[ent.end].lower_ in ("and", "&") and nxt[0].text[:1].isupper()
                and nxt[-1].lower_ in self.lexicon.org_heads and nxt[0].lower_ not in self.lexicon.org_heads)

    def _label(self, ent: SpacySpan, ents: Sequence[SpacySpan]) -> str:
        """The label ``ent`` deserves in the light of the whole document."""
        cache = self._context(ent.doc, ents)
        full_names, surnames, given, places, towns = cache
        label = ent.label_
        single = len(ent) == 1
        if (
            label in ("ORG", "GPE", "NORP", "LOC")
            and single
            and ent.text in surnames
            and ent.start_char not in towns
            and self.lexicon.qualifier(ent.text) is None
        ):
            return "PERSON"  # "Okafor" after "Grace Okafor"
        if label == "PERSON" and ent.text in self._bodies_places:
            return "GPE"  # "Ho Chi Minh City People's Council": no one's name, the place of a body
        if label == "PERSON" and self._of_a_body(ent, ents):
            return "GPE"  # "the City Municipality of Palilula": the body's place, no given name
        if label == "PERSON" and ent.text not in given and ent.text not in surnames:
            known = self.lexicon.qualifier(ent.text)
            if known is not None and len(ent.text) > 3 and not ent.text.isupper():
                return "GPE"  # "Sri Lanka", "Minnesota": a country or state is not a person
        if label == "ORG":
            if self._is_person(ent, full_names, surnames):
                return "PERSON"
            name = strip_article(ent)
            if 0 < len(name) <= 3 and name.text.lower() in places:
                return "GPE"  # "Columbia" here, "Columbia, Mo." elsewhere
        if label == "PERSON" and single and ent.text not in surnames and ent.text not in given:
            before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
            following = ent.doc[ent.end].lower_ if ent.end < len(ent.doc) else ""
            located = before in _PLACE_PREPS or following in _LOCATIVE_NOUNS
            if ent.text.lower() in places or (located and ent.text not in self.lexicon.first_names):
                return "GPE"  # "arrived in Qingdao", "an Alexandria woman"
            doc = ent.doc
            after = ent.end
            while after < len(doc) and after - ent.end < 3 and doc[after].lower_ in self.lexicon.title_words:
                after += 1
            if ent.end < after < len(doc) and doc[after].ent_type_ == "PERSON":
                return "GPE"  # "Kumamoto vice governor Takeshi Kimura"
        return label

    def _context(
        self, doc: Doc, ents: Sequence[SpacySpan]
    ) -> tuple[set[str], set[str], set[str], set[str], set[int]]:
        if self._cached_doc is not doc:
            people = [e for e in ents if e.label_ == "PERSON"]
            full = [e for e in people if len(e) > 1]
            places = {strip_article(e).text.lower() for e in ents if e.label_ in _PLACE_LABELS}
            towns: set[int] = set()
            for start, end, *_ in doc._.atlas_qualified or ():
                towns.add(start)
                places.add(doc_text(doc)[start:end].lower())
            if doc._.atlas_dateline is not None and doc._.atlas_dateline[0] >= 0:
                places.add(doc_text(doc)[doc._.atlas_dateline[0] : doc._.atlas_dateline[1]].lower())
            self._cached_doc = doc
            self._cached = (
                {e.text for e in people},
                {e[-1].text for e in full},
                {e[0].text for e in full},
                places,
                towns,
            )
        return self._cached

    def _places_of_office(
        self, doc: Doc, ents: Sequence[SpacySpan], honorific_titles: dict[int, str]
    ) -> list[SpacySpan]:
        """ "Mayor Jane Doe of Columbia": the model may leave Columbia untagged; it is a place."""
        found: list[SpacySpan] = []
        for ent in ents:
            if ent.label_ != "PERSON" or ent.end + 1 >= len(doc) or doc[ent.end].lower_ != "of":
                continue
            honorific = self._honorific_before(doc, ent.start)
            title = honorific_titles.get(ent.start) or (honorific[1] if honorific else "")
            if title not in _PLACE_TITLES:
                continue
            end = ent.end + 1
            while (
                end < len(doc)
                and end - ent.end <= 3
                and doc[end].text[:1].isupper()
                and not doc[end].ent_type_
            ):
                end += 1
            if end > ent.end + 1:
                found.append(SpacySpan(doc, ent.end + 1, end, label="GPE"))
        return found

    def _honorific_before(self, doc: Doc, index: int) -> tuple[int, str] | None:
        """(first token, title) of an honorific that ends just before ``index``."""
        for width in (2, 1):
            if index - width < 0:
                continue
            text = doc[index - width : index].text
            if text in self.lexicon.honorifics:
                return index - width, self.lexicon.honorifics[text]
        return None

    def _place_before_honorific(self, ent: SpacySpan, trimmed: SpacySpan) -> SpacySpan | None:
        """The capitalised words before an honorific inside a person entity, as a place."""
        end = ent.start
        while (
            end < trimmed.start
            and ent.doc[end].text[:1].isupper()
            and ent.doc[end].text not in (self.lexicon.honorifics)
            and ent.doc[end].lower_ not in self.words.title_modifiers  # "Vice Chairman X": no place
        ):
            end += 1
        if end == ent.start or end - ent.start > 3:
            return None
        return SpacySpan(ent.doc, ent.start, end, label="GPE")

    def _titled_person(self, ent: SpacySpan) -> tuple[SpacySpan, str, SpacySpan | None] | None:
        """A "body" that is a title and a person's name, maybe after the office's place or body ("Harbour
        City Mayor Ana Ruiz", "CPAFFC Vice President Lin Hua"): the person, the title, and the place (or the
        body) written before it."""
        trimmed, title = self._trim_honorific(ent)
        if trimmed is ent or not title or trimmed.start == ent.start:
            return None
        words = [t for t in trimmed if t.text not in ("-", "‐")]
        if not 2 <= len(words) <= 3 or not all(self._name_word(t) or "-" in t.text for t in words) or any(
                t.lower_ in self.lexicon.org_heads for t in words) or not self._name_like(words):
            return None  # not "Ohio Mayors Open Japan Mission": a headline's common words
        prefix = self._place_before_honorific(ent, trimmed)
        if prefix is not None and any(t.like_num or _ROMAN.fullmatch(t.text) for t in prefix):
            prefix = None  # "District V Supervisor Ana Ruiz": a seat, no place
        if prefix is not None and (prefix.text.isupper() or any(t.lower_ in self.lexicon.org_heads
                                                                 for t in prefix)):
            prefix = SpacySpan(ent.doc, prefix.start, prefix.end, label="ORG")
        return SpacySpan(ent.doc, trimmed.start, trimmed.end, label="PERSON"), title, prefix

    def _trim_honorific(self, ent: SpacySpan) -> tuple[SpacySpan, str]:
        while len(ent) > 1 and ent[-1].lower_ in ("'s", "’s", "'", "’"):
            ent = ent[:-1]  # "Roy Jones'"
        for start in range(min(len(ent) - 1, 3)):
            for width in (2, 1):
                if len(ent) > start + width and ent[start : start + width].text in self.lexicon.honorifics:
                    return ent[start + width :], self.lexicon.honorifics[ent[start : start + width].text]
        return ent, ""

    def _is_person(self, ent: SpacySpan, full_names: set[str], surnames: set[str]) -> bool:
        lexicon = self.lexicon
        words = [t for t in ent if t.text not in ("-", "‐")]
        if not 1 <= len(words) <= 4 or ent[0].lower_ == "the":
            return False
        if any(
            not t.text[:1].isupper() or t.lower_ in lexicon.org_heads or lexicon.qualifier(t.text)
            for t in words
        ):
            return False
        if ent.text in full_names or (len(words) > 1 and words[-1].text in surnames):
            return True
        if len(words) == 1:
            return False
        doc = ent.doc
        if self._honorific_before(doc, ent.start) is not None:
            return True
        first_name = words[0].text.split("-")[0] in lexicon.first_names
        if first_name and all(zipf_frequency(t.lower_, "en") < _COMMON_WORD for t in words[1:]) and (
                not ent.text.isupper()):
            return True  # "Samira Vidot Tekin": a given name, then words that are no English ones
        if ent.start and doc[ent.start - 1].lower_ in lexicon.titles and self._name_like(words):
            return True  # "Cape Town mayor Ana Ruiz-Hale": a title in lower case, then the name
        if (ent.start >= 2 and doc[ent.start - 1].text == "," and doc[ent.start - 2].ent_type_ == "PERSON"
                and ent.end + 1 < len(doc) and doc[ent.end].lower_ in (",", "and")
                and doc[ent.end + 1].ent_type_ == "PERSON" and self._name_like(words)):
            return True  # "Deputy Mayors Ana Ruiz, Olek Varga and Ida Brun": one of a list of people
        if (ent.start >= 4 and doc[ent.start - 1].text == "," and doc[ent.start - 2].ent_type_ == "PERSON"
                and doc[ent.start - 3].ent_type_ == "PERSON" and ent.end < len(doc)
                and doc[ent.end].lower_ in (",", "and") and len(words) == 2 and (
                    words[0].text in lexicon.first_names or _INITIALS.fullmatch(words[0].text)
                    or all(zipf_frequency(t.lower_, "en") < _COMMON_WORD for t in words))):
            return True  # "A B, C D, OV Mustafa and a team": the last of a list of people, two-word names
        after = [t for t in doc[ent.end : ent.end + 5]]
        if after and after[0].text == "," and self._has_title(after[1:4]):
            return True
        if after and after[0].lower_ in _COPULAS and self._has_title(after[1:5]):
            return True
        spoken = (bool(after) and after[0].lower_ in _SPEECH) or (
            ent.start >= 2 and doc[ent.start - 2 : ent.start].text.lower() == "according to"
        )
        return first_name and spoken

    def _name_like(self, words: Sequence[Token]) -> bool:
        """Words that may be a person's name: a given name first, or a word that is no common English one."""
        return words[0].text.split("-")[0] in self.lexicon.first_names or any(
            zipf_frequency(t.lower_, "en") < _COMMON_WORD for t in words)

    def _has_title(self, tokens: Sequence[object]) -> bool:
        return any(getattr(t, "lower_", "") in self.lexicon.title_words for t in tokens)

    def _roles(self, person: SpacySpan, honorific_title: str) -> list[tuple[int, int, str, int, int]]:
        doc = person.doc
        sent_end = person.sent.end if doc.has_annotation("SENT_START") else len(doc)
        found: list[tuple[str, SpacySpan | None]] = []
        after = self._after_asides(doc, person.end, sent_end)
        if after < sent_end and doc[after].text in (",", "(", "–", "—", "--", "-"):
            # "X, director of Y", "X (Principal Secretary, Y)", "X – Chairman, Y"
            role = self._role_in_segment(doc, after + 1, sent_end, require_who=False)
            if role:
                found.append(role)
        elif after < sent_end:
            start = after
            if (
                doc[start].lower_ in ("has", "had")
                and start + 1 < sent_end
                and doc[start + 1].lower_ == "been"
            ):
                start += 1
            if doc[start].lower_ in _COPULAS or doc[start].lower_ == "been":
                role = self._role_in_segment(doc, start + 1, sent_end, require_who=False)
                if role:
                    found.append(role)
            elif self._title_starts(doc, start, sent_end):
                # "Ana Ruiz Deputy Mayor of Harbourtown and ...": a name, then its title without a comma
                role = self._role_in_segment(doc, start, sent_end, require_who=False)
                if role:
                    found.append(role)
            elif (
                doc[start].lower_ in ("serves", "served")
                and start + 1 < sent_end
                and doc[start + 1].lower_ == "as"
            ):
                role = self._role_in_segment(doc, start + 2, sent_end, require_who=False)
                if role:
                    found.append(role)
        before = self._role_before(person, honorific_title)
        if before:
            found.append(before)
        of_before = self._title_of_before(person)
        if of_before and of_before not in found:
            found.append(of_before)
        listed = self._listed_of(person) if not found else None
        if listed is not None:
            found.append(listed)
        long = self._long_title_before(person) if not found else None
        if long is not None:
            found.append(long)
        seat = self._party_seat(person)
        if seat is not None:  # "Sen. Ana Ruiz (D-Ohio)": the senator of Ohio
            found = [(title, org if org is not None else seat) for title, org in found]
        return [
            (
                person.start_char,
                person.end_char,
                title,
                org.start_char if org is not None else -1,
                org.end_char if org is not None else -1,
            )
            for title, org in found
        ]

    @staticmethod
    def _after_asides(doc: Doc, end: int, sent_end: int) -> int:
        """Where a name's appositive starts once a caption's place or an age is passed: "X (right), mayor of
        Y", "X, 45, the mayor of Y"."""
        while end + 2 < sent_end:
            if doc[end].text == "(" and doc[end + 2].text == ")" and doc[end + 1].lower_ in _ASIDES:
                end += 3
            elif doc[end].text == "(" and end + 4 < sent_end and doc[end + 4].text == ")" and (
                    doc[end + 2].lower_ == "from" and doc[end + 3].lower_ in _ASIDES):
                end += 5  # "(second from left)"
            elif doc[end].text == "," and doc[end + 1].like_num and doc[end + 2].text == ",":
                end += 2  # ", 45," then the appositive after the second comma
            else:
                break
        return end

    def _envoy_title(self, doc: Doc, i: int, end: int) -> str | None:
        """ "X, the Norlandic ambassador to Ghana,": an envoy's title holds the countries."""
        to = next((j for j in range(i + 1, end) if doc[j].lower_ == "to"), None)
        if to is None or doc[to - 1].lower_ not in self.lexicon.titles or not all(
                t.lower_ in self.lexicon.title_words or t.ent_type_ in ("NORP", *_PLACE_LABELS)
                for t in doc[i : to - 1]):
            return None
        j = to + 1 + (to + 1 < end and doc[to + 1].lower_ == "the")
        places = (e for e in doc.ents if e.start == j and e.end <= end and e.label_ in _PLACE_LABELS)
        place = next(places, None)
        return doc[i : place.end].text if place is not None else None

    @staticmethod
    def _party_seat(person: SpacySpan) -> SpacySpan | None:
        """The place of "Ana Ruiz (D-Ohio)", "(R-Fla.)", "(Lab, Western)": a party's letter or short name,
        then the seat, in brackets right after the name."""
        doc = person.doc
        i = person.end
        if i + 4 >= len(doc) or doc[i].text != "(" or not doc[i + 1].text[:1].isupper() or len(
                doc[i + 1].text.rstrip(".")) > 4 or doc[i + 2].text not in ("-", "–", ","):
            return None
        close = next((j for j in range(i + 3, min(i + 8, len(doc))) if doc[j].text == ")"), None)
        if close is None or close == i + 3 or not all(t.text[:1].isupper() or t.text == "." for t in
                                                      doc[i + 3 : close]):
            return None
        return SpacySpan(doc, i + 3, close, label="GPE")

    def _title_starts(self, doc: Doc, start: int, sent_end: int) -> bool:
        """Whether capitalised title words start at ``start`` and end before "of" or "for" ("Deputy Mayor
        of")."""
        j = start
        while j < sent_end and j - start < 4 and doc[j].text.istitle() and (
                doc[j].lower_ in self.lexicon.title_words):
            j += 1
        return j > start and j < sent_end and doc[j].lower_ in ("of", "for") and (
            doc[start:j].text.lower() in self.lexicon.titles or doc[j - 1].lower_ in self.lexicon.titles)

    def _role_in_segment(
        self, doc: Doc, start: int, sent_end: int, *, require_who: bool
    ) -> tuple[str, SpacySpan | None] | None:
        """ "executive director of the X Association" -> ("executive director", X Association)."""
        end = start
        while end < min(sent_end, start + _MAX_SEGMENT) and doc[end].text not in _BOUNDARY:
            end += 1
        i = start
        if i + 1 < end and doc[i].lower_ == "who" and doc[i + 1].lower_ in self.words.heading_verbs:
            # "X, who heads the Y Association": the verb's title, of the body it governs
            body = next((e for e in doc.ents if e.label_ in _ORG_LABELS and i + 2 <= e.start <= i + 3
                         and all(t.lower_ == "the" for t in doc[i + 2 : e.start])), None)
            if body is not None:
                return self.words.heading_verbs[doc[i + 1].lower_], org_extent(body, self.lexicon)
        if i + 1 < end and doc[i].lower_ == "who" and doc[i + 1].lower_ in ("is", "was", "serves", "served"):
            i += 2 + (doc[i + 1].lower_ in ("serves", "served") and i + 2 < end and doc[i + 2].lower_ == "as")
        elif require_who:
            return None
        while i < end and doc[i].lower_ in _SKIP:
            i += 1
        if i >= end or not doc[i].is_alpha:
            return None
        # the segment ends where the next name begins ("A Deputy Mayor of X and B Deputy Mayor of Y")
        names = (e.start for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 and i < e.start < end)
        end = next(names, end)
        org: SpacySpan | None = None
        prep = end
        for ent in doc.ents:
            if ent.start <= i or ent.start >= end or ent.end > end:
                continue
            if ent.label_ in _ORG_LABELS and ent[0].lower_ in self.lexicon.org_heads:
                front = ent.start  # "of the [Elm Bay Area] Chamber of Commerce": words the model left off
                while front - 1 > i and ent.start - front < 3 and not doc[front - 1].ent_type_ and (
                        self._name_word(doc[front - 1])):
                    front -= 1
                ent = SpacySpan(doc, front, ent.end, label=ent.label_)
            lead = ent.start - 1 if doc[ent.start - 1].lower_ != "the" else ent.start - 2
            if lead < i or doc[lead].lower_ not in _ROLE_PREPS:
                continue
            if ent.label_ in _ORG_LABELS:
                org, prep = org_extent(ent, self.lexicon), lead
                break
            if ent.label_ in _PLACE_LABELS and org is None and doc[lead].lower_ in ("of", "for", "in"):
                org, prep = strip_article(ent), lead
                if prep == i:
                    return None
        title_tokens = doc[i:prep]
        if org is None and (placed := self._placed_title(doc, i, end)) is not None:
            return placed
        if org is None and (envoy := self._envoy_title(doc, i, end)) is not None:
            return envoy, None
        if org is None:
            # No affiliation: keep a short run of lower-case words that ends with a title ("a spokesman").
            run = i
            while run < end and (doc[run].is_lower or doc[run].lower_ in self.lexicon.title_words) and (
                    doc[run].lower_ not in _ROLE_PREPS and run - i < 4):
                run += 1  # "a spokesman", "Vice Chair", "Chief Executive"
            if any(not t.is_lower for t in doc[i:run]) and not all(
                    t.lower_ in self.lexicon.title_words for t in doc[i:run]):
                return None  # "two terms as Mayor": capitals only in a title of title words
            title_tokens = doc[i:run]
            if not len(title_tokens) or title_tokens[-1].lower_ not in self.lexicon.title_words:
                return None
            if run == end:
                org = self._body_after_title(doc, end)  # "X, Vice President – Y Chamber of Commerce"
        if not len(title_tokens) or len(title_tokens) > 8:
            return None
        if not (
            title_tokens[0].lower_ in self.lexicon.title_words
            or title_tokens[-1].lower_ in self.lexicon.title_words
        ):
            return None
        if any(t.pos_ in ("VERB", "AUX") for t in title_tokens):
            return None
        stop = org.end if org is not None and org.start >= title_tokens.end else title_tokens.end
        while stop < min(end, title_tokens.end + 8) and not doc[stop].ent_type_ and (
                doc[stop].lower_ in ("of", "for", "the") or doc[stop].text[:1].isupper()):
            stop += 1  # "of TDBB": a body the model left untagged
        if stop + 1 < len(doc) and doc[stop].ent_type_ == "PERSON" and doc[stop].ent_iob_ == "B" and (
                doc[stop + 1].ent_iob_ == "I"):
            return None  # "A, Secretary General of the X Union B Surname": the title of the next name
        return title_tokens.text, org

    def _placed_title(self, doc: Doc, i: int, end: int) -> tuple[str, SpacySpan] | None:
        """An appositive that names the office's place or body before its title, to the end of the segment:
        "X, Harbourtown's Democratic Governor,", "X, former Elm Bay City Councilman.", "X, Elm County
        Commissioner (District 2)", "X, Elm Bay Chamber of Commerce president", "X, an Elm Bay city
        councilwoman"."""
        if end < len(doc) and doc[end].text not in (",", ".", "(", ";", ")", "—", "–"):
            return None
        start = i + (doc[i].lower_ in self.words.title_modifiers and doc[i].is_lower)  # "former"
        k = end
        while k > start + 1 and end - k < 4 and doc[k - 1].lower_ in self.lexicon.title_words and (
                doc[k - 1].is_lower or doc[k - 1].text.istitle()):
            k -= 1
        while k > start + 1 and doc[k - 1].is_lower and doc[k - 1].lower_ in self.words.title_modifiers:
            k -= 1  # "Harbourtown's former mayor"
        inside = next((e for e in doc.ents if e.start < k < e.end and e.start >= start), None)
        if inside is not None and inside.end < end:
            k = inside.end  # "[Elm Bay City Council] member": the body's name, then the title
        title = doc[k:end]
        if not len(title) or (title.text.lower() not in self.lexicon.titles
                              and title[-1].lower_ not in self.lexicon.titles):
            return None
        m = k
        if m - 1 > start and doc[m - 1].ent_type_ == "NORP":
            m -= 1  # "Harbourtown's Democratic Governor"
        if m - 1 > start and doc[m - 1].lower_ in ("'s", "’s"):
            m -= 1
        body = doc[start:m]
        heads = self.lexicon.org_heads | self.lexicon.institution_heads
        ent = next((e for e in doc.ents if e.start == start and (
            e.label_ in _ORG_LABELS | _PLACE_LABELS or e[-1].lower_ in heads)), None)  # "[Elm Bay Chamber]"
        if not len(body) or not body[0].text[:1].isupper() or not all(
                t.text[:1].isupper() or t.lower_ in ("of", "and", "&", "for", "-")
                or (ent is not None and t.i < ent.end) for t in body):
            return None
        headed = body[-1].lower_ in heads or (ent is not None and ent.label_ == "PERSON")
        if ent is None and not headed:
            return None
        label = "ORG" if headed or (ent is not None and ent.label_ in _ORG_LABELS) else "GPE"
        org = SpacySpan(doc, body.start, body.end, label=label)
        written = doc[i:start].text + " " + title.text if start > i else title.text
        return written, (org_extent(org, self.lexicon) if label == "ORG" else strip_article(org))

    def _body_after_title(self, doc: Doc, end: int) -> SpacySpan | None:
        """The body named right after a bare title and a comma or dash, as captions and lists write it:
        "X, Executive Director, Y Centre", "X – Chairman, Y Commission"."""
        if end >= len(doc) or doc[end].text not in (",", "–", "—", "-", "--"):
            return None
        j = end + 1
        while j < len(doc) and j - end <= 3:
            ent = next((e for e in doc.ents if e.start == j and e.label_ in _ORG_LABELS), None)
            if ent is not None:
                return org_extent(ent, self.lexicon)
            if not (doc[j].is_space or doc[j].lower_ == "the"):
                break
            j += 1
        return self._untagged_body(doc, j)

    def _untagged_body(self, doc: Doc, start: int) -> SpacySpan | None:
        """Capitalised words from ``start`` the model left untagged that end with an organisation's head
        ("Indo Canada Chamber of Commerce" in a caption), as a body."""
        end, last_head = start, -1
        while end < len(doc) and end - start < 8 and not doc[end].ent_type_ and (
                self._name_word(doc[end]) or (end > start and doc[end].lower_ in ("of", "and", "&", "for"))):
            if doc[end].lower_ in self.lexicon.org_heads:
                last_head = end + 1
            end += 1
        while end > start and doc[end - 1].lower_ in ("of", "and", "&", "for"):
            end -= 1
        if last_head <= start + 1:
            return None
        return SpacySpan(doc, start, end, label="ORG")  # "Chamber of Commerce": the head, then its field

    def _listed_under(self, person: SpacySpan) -> tuple[str, int]:
        """The singular of a plural title that heads the list a person stands in ("Councillors A, B and C",
        "Crs A and B"), and where it stands; ("", -1) when there is none."""
        doc = person.doc
        people = {i for e in doc.ents if e.label_ == "PERSON" for i in range(e.start, e.end)}
        i = person.start - 1
        seen_other = False
        while i >= 0 and person.start - i < 16:
            title = self._plural_title(doc[i].text)
            if title:
                goes_on = person.end < len(doc) and doc[person.end].text in (",", "and")
                return (title, i) if seen_other or (i == person.start - 1 and goes_on) else ("", -1)
            if not (doc[i].text in (",", "and") or i in people):
                return "", -1
            seen_other = seen_other or i in people
            i -= 1
        return "", -1

    def _listed_of(self, person: SpacySpan) -> tuple[str, SpacySpan] | None:
        """ "Deputy Mayors of Harbourtown A, B and C", "the Councillors of the Town and Commune: A, B and
        C": a plural title "of" a body or place heads the list a person stands in."""
        doc = person.doc
        people = {i for e in doc.ents if e.label_ == "PERSON" for i in range(e.start, e.end)}
        i, seen_other = person.start - 1, False
        while i >= 0 and person.start - i < 24 and (doc[i].text in (",", "and") or i in people):
            seen_other = seen_other or i in people
            i -= 1
        goes_on = person.end < len(doc) and doc[person.end].text in (",", "and")
        if i < 2 or not (seen_other or (i == person.start - 1 and goes_on)):
            return None
        end = i + 1 - (doc[i].text == ":")
        ent = next((e for e in doc.ents if e.end == end and e.label_ in _ORG_LABELS | _PLACE_LABELS), None)
        if ent is None:
            start = end
            while start > 0 and end - start < 6 and not doc[start - 1].ent_type_ and (
                    self._name_word(doc[start - 1]) or self._hyphen_piece(doc, start - 1)
                    or (doc[start - 1].lower_ in ("and", "&") and start < end)):
                start -= 1
            while start < end and not doc[start].text[:1].isupper():
                start += 1
            if start == end:
                return None
            ent = SpacySpan(doc, start, end, label="GPE")
        k = ent.start - (ent.start > 0 and doc[ent.start - 1].lower_ == "the")
        if k < 2 or doc[k - 1].lower_ != "of" or not (title := self._plural_title(doc[k - 2].text)):
            return None
        title = self._title_prefix(doc, k - 2, title)[1]  # "Deputy Mayors": "deputy mayor"
        return title, (org_extent(ent, self.lexicon) if ent.label_ in _ORG_LABELS else strip_article(ent))

    def _plural_title(self, word: str) -> str:
        """ "Crs" -> "councillor", "Councillors" -> "councillor"; "" for any other word."""
        if word in self.lexicon.honorifics and word.endswith("s") and self.lexicon.honorifics[word]:
            return self.lexicon.honorifics[word]
        singular = word.lower()[:-1] if word.lower().endswith("s") else ""
        return singular if singular in self.lexicon.titles else ""  # "Councillors A, B", "councilors A, B"

    def _role_before(self, person: SpacySpan, honorific_title: str) -> tuple[str, SpacySpan | None] | None:
        """ "Mayor Jane Doe of Columbia", "Gov. X", "Chengdu Mayor X", "association director X"."""
        doc = person.doc
        title = honorific_title
        lead = person.start
        found = self._honorific_before(doc, person.start)
        if found is not None:
            lead, title = found[0], found[1] or title
            written = doc[found[0] : person.start].text
            if found[1] and written.lower() != found[1] and not self._plural_title(written):
                title = written  # "Gov.", "Cr", "Councillor": the title as the text gives it
            office = self._title_run(doc, found[0]) if found[1] else found[0]
            if office < found[0]:  # "Mayor Cr X": the office before the councillor's honorific
                lead, title = office, doc[office : found[0]].text
        if title:
            lead, title = self._title_prefix(doc, lead, title)  # "Vice Chairman X": "vice chairman"
        if not title:
            # "Councillors A, B and C": B and C are councillors too; "the X Association representatives A
            # and B": of the body before the title
            title, listed_at = self._listed_under(person)
            lead = listed_at if title else lead
        if not title:
            # "Health Commissioner Dr. X", "the Managing Director, Mr. X": the title stands before an
            # honorific that holds none
            at = found[0] if found is not None else person.start
            run = self._title_run(doc, at)
            if run == at and at > 1 and doc[at - 1].text == ",":
                # "said Communication Director, Keith Porter" (not a caption's "A, Director, B")
                run = self._title_run(doc, at - 1)
                if run == at - 1 or doc[run - 1].text == "," or doc[run - 1].ent_type_ == "PERSON":
                    return None
                title, lead = doc[run : at - 1].text, run
            elif run == at:
                return None
            else:
                title, lead = doc[run:at].text, run
        org: SpacySpan | None = None
        if person.end + 1 < len(doc) and doc[person.end].lower_ == "of":
            nxt = doc[person.end + 1]
            ent = next(
                (
                    e
                    for e in doc.ents
                    if e.start == person.end + 1 or (nxt.lower_ == "the" and e.start == person.end + 2)
                ),
                None,
            )
            if ent is not None and ent.label_ in _ORG_LABELS | _PLACE_LABELS:
                org = org_extent(ent, self.lexicon) if ent.label_ in _ORG_LABELS else ent
        if org is None and title.lower() in _PLACE_TITLES:
            org = self._place_from(person)
        if org is None:
            org = self._body_ending_at(doc, lead)
        if org is None:
            # "the X City Council international relations senior officer Y": the office's field, in lower
            # case, between the body and the title
            field = lead
            while field > 0 and lead - field < 3 and doc[field - 1].is_lower and doc[field - 1].is_alpha and (
                    doc[field - 1].lower_ not in _ROLE_PREPS | _SKIP | {"and", "to", "or", "by"}) and (
                    doc[field - 1].pos_ not in ("VERB", "AUX", "ADP", "PRON")):
                field -= 1
            body = self._body_ending_at(doc, field) if field < lead else None
            if body is not None and body.label_ in _ORG_LABELS:
                title, org = doc[field:lead].text + " " + title, body
        if org is None:
            org = self._delegation_led_by(doc, lead, title.lower() in _PLACE_TITLES)
        return title, org

    def _place_from(self, person: SpacySpan) -> SpacySpan | None:
        """ "Governor X from the state of Y", "Mayor X from Y": the place a governor or mayor comes from."""
        doc = person.doc
        k = person.end + 1
        if k >= len(doc) or doc[person.end].lower_ != "from":
            return None
        k += doc[k].lower_ == "the"
        units = self.words.place_units | {"state"}
        if k + 2 < len(doc) and doc[k + 1].lower_ == "of" and doc[k].lower_ in units:
            k += 2  # "from the state of New Mexico"
        return next((e for e in doc.ents if e.start == k and e.label_ in _PLACE_LABELS), None)

    def _body_ending_at(self, doc: Doc, lead: int) -> SpacySpan | None:
        """The body or place written just before a title: "Venture Southland Chief Executive X", "the District
        Council's chief executive X", "Hsinchu County Magistrate X" (the model may keep only "Venture" or
        "Hsinchu" as the name)."""
        end = lead - 1 if lead > 1 and doc[lead - 1].lower_ in ("'s", "’s") else lead
        bodies = _ORG_LABELS | _PLACE_LABELS
        ent = next((e for e in doc.ents if e.end in (lead, end) and e.label_ in bodies), None)
        for e in doc.ents if ent is None else ():
            rest = doc[e.end : end]
            if e.label_ in _ORG_LABELS and 0 < len(rest) <= 2 and all(t.text.istitle() and not t.ent_type_
                                                                       for t in rest):
                ent = SpacySpan(doc, e.start, end, label=e.label_)
                break
            if e.label_ in _PLACE_LABELS and len(rest) == 1 and rest[0].text.istitle() and (
                    rest[0].lower_ in self.words.place_units):
                ent = SpacySpan(doc, e.start, end, label=e.label_)
                break
        if ent is None:
            ent = self._untagged_unit_before(doc, end)
        if ent is None:
            return None
        return org_extent(ent, self.lexicon) if ent.label_ in _ORG_LABELS else ent

    def _untagged_unit_before(self, doc: Doc, end: int) -> SpacySpan | None:
        """ "Harbour Prefecture Governor X": capitalised words the model left untagged before a title, the
        last a place's unit ("Prefecture", "County"), are the office's place."""
        if end < 2 or not doc[end - 1].text.istitle() or doc[end - 1].lower_ not in self.words.place_units:
            return None
        def free(tok: Token) -> bool:  # untagged, or tagged as no name of a body, place, person or number
            return tok.ent_type_ not in _NAME_LABELS | {"PERSON", "ORDINAL", "CARDINAL"}

        start = end - 1
        while start > 0 and end - start < 4 and free(doc[start - 1]) and self._name_word(doc[start - 1]) \
                and doc[start - 1].lower_ != "the":
            start -= 1
        if start == end - 1 or not all(free(t) for t in doc[start:end]):
            return None
        return SpacySpan(doc, start, end, label="GPE")

    def _title_run(self, doc: Doc, index: int) -> int:
        """The first token of a title written just before ``index``: lower-case title words ending with one
        ("town clerk X"), or capitalised ones whose tail is a title ("Venture Southland Chief Executive X");
        ``index`` when there is none."""
        def run_of(case: Callable[[str], bool]) -> int:
            run = index
            while (
                run > 0
                and index - run < 4
                and case(doc[run - 1].text)
                and doc[run - 1].lower_ in self.lexicon.title_words
                and doc[run - 1].ent_type_ not in _ORG_LABELS | _PLACE_LABELS
            ):
                run -= 1
            return run

        run = run_of(str.islower)
        if run < index:
            return run
        run = run_of(str.istitle)
        return next((i for i in range(run, index) if doc[i:index].text.lower() in self.lexicon.titles), index)

    def _title_prefix(self, doc: Doc, lead: int, title: str) -> tuple[int, str]:
        """ "Vice Chairman X", "Deputy Secretary X": a capitalised modifier before an honorific joins its
        title."""
        start = lead
        while start > 0 and lead - start < 2 and doc[start - 1].text.istitle() and (
                doc[start - 1].lower_ in self.words.title_modifiers):
            start -= 1
        if start == lead:
            return lead, title
        return start, f"{doc[start:lead].text.lower()} {title}"

    def _delegation_led_by(self, doc: Doc, lead: int, place_title: bool = False) -> SpacySpan | None:
        """The body whose delegation a person leads: "the X Association (XA) delegation led by President Y",
        "a delegation from X Council led by Y"; with ``place_title`` (a governor, a mayor), the place too:
        "the delegation of Elm Valley Oblast led by governor Y"."""
        if lead < 3 or doc[lead - 2 : lead].text.lower() != "led by":
            return None
        i = lead - 3
        if doc[i].lower_ in self.words.delegation_nouns:
            j = i
            if doc[j - 1].text == ")" and j >= 3 and doc[j - 3].text == "(":
                j -= 3  # "(JNMA)"
            ent = next((e for e in doc.ents if e.end == j and e.label_ in _ORG_LABELS), None)
            return org_extent(ent, self.lexicon) if ent is not None else None
        labels = _ORG_LABELS | _PLACE_LABELS if place_title else _ORG_LABELS
        ent = next((e for e in doc.ents if e.end == i + 1 and e.label_ in labels), None)
        if ent is not None and ent.label_ in _PLACE_LABELS and doc[ent.start - 1].lower_ == "of":
            # "the delegation of Elm Valley Oblast of Kyrgyzstan": the first place is the office's
            ent = next((e for e in doc.ents if e.end == ent.start - 1 and e.label_ in labels), ent)
        if ent is None:
            return None
        if ent.label_ in _PLACE_LABELS:
            k = ent.start - (ent.start > 0 and doc[ent.start - 1].lower_ == "the")
            led = k >= 2 and doc[k - 1].lower_ in ("from", "of")
            return ent if led and doc[k - 2].lower_ in self.words.delegation_nouns else None
        k = ent.start
        place = next((e for e in doc.ents if e.end == k and e.label_ in _PLACE_LABELS), None)
        if place is not None:  # "a delegation from Da Nang City People's Council led by X"
            ent = doc[place.start : ent.end]
            k = place.start
        k -= doc[k - 1].lower_ == "the"
        delegation = k >= 2 and doc[k - 2].lower_ in self.words.delegation_nouns
        if delegation and doc[k - 1].lower_ in ("from", "of"):
            return org_extent(ent, self.lexicon)
        return None

    def _long_title_before(self, person: SpacySpan) -> tuple[str, SpacySpan | None] | None:
        """A title "of" or "for" its field, in words, right before the name: "the head of the press service of
        the Harbour region Ana Ruiz", "the director of operations of the X Department Ana Ruiz" (the body at
        its end is the role's)."""
        doc = person.doc
        j = person.start
        if j < 3:
            return None
        before = doc[j - 1]
        if not before.is_alpha or before.lower_ in _ROLE_PREPS | _SKIP | {"and", "or", "by", "to"}:
            return None
        if before.text.istitle() and not before.ent_type_ and before.lower_ not in self.lexicon.title_words:
            return None  # "... Committee Dao [Duc Toan]": a piece of the name the model left out
        i = j
        while i > 0 and j - i < 12 and doc[i - 1].is_alpha and doc[i - 1].ent_type_ != "PERSON":
            i -= 1
        at = next((t for t in range(i, j - 2) if doc[t].lower_ in self.lexicon.titles
                   and doc[t + 1].lower_ in ("of", "for")), None)
        if at is None:
            return None
        start = at
        while start > i and doc[start - 1].lower_ in self.lexicon.title_words:
            start -= 1  # "vice president for X": the whole title
        bodies = [e for e in doc.ents if at < e.start and e.end <= j and e.label_ in _ORG_LABELS]
        if bodies and bodies[-1].end == j:
            body = bodies[-1]
            end = body.start - (doc[body.start - 1].lower_ == "the")
            end -= doc[end - 1].lower_ in ("of", "for", "at")
            return doc[start:end].text, org_extent(body, self.lexicon)
        return doc[start:j].text, None

    def _title_of_before(self, person: SpacySpan) -> tuple[str, SpacySpan | None] | None:
        """ "the president of the X Council Mr Y", "Chairman of the Z Board of Brunei Y", "The Mayor of W,
        Councillor Y": a title "of" a body written before the name."""
        doc = person.doc
        j = person.start
        found = self._honorific_before(doc, j)
        if found is not None:
            j = found[0]
        if j > 0 and doc[j - 1].text == ",":
            j -= 1
        if j >= 3 and doc[j - 1].text == ")" and doc[j - 3].text == "(" and doc[j - 2].text.isupper():
            j -= 3  # "The Chief Executive of the Harbour Metropolitan Assembly (HMA), X"
        inner: SpacySpan | None = None  # the place "of" which the first body is: "Prefecture of Hiroshima"
        for _ in range(2):  # "Chairman of the Board of Brunei": the title may sit one "of" further back
            ent = next((e for e in doc.ents if e.end == j and e.label_ in _ORG_LABELS | _PLACE_LABELS), None)
            if ent is None:
                ent = self._untagged_place_of(doc, j)  # "The Mayor of Elmbury, Councillor X"
                if ent is not None and inner is not None and inner.label_ in _PLACE_LABELS:
                    ent = SpacySpan(doc, ent.start, inner.end, label="GPE")
            if ent is None:
                return None
            inner = ent
            k = ent.start
            while k > 0 and ent.start - k < 2 and doc[k - 1].is_lower and doc[k - 1].is_alpha and (
                    doc[k - 1].lower_ not in _ROLE_PREPS | {"the", "to"}):
                k -= 1  # "the municipal Party Committee": the name as written
            org_start = k
            if k > 0 and doc[k - 1].lower_ == "the":
                k -= 1
            if k < 2 or doc[k - 1].lower_ not in ("of", "to"):
                return None
            run = k - 1
            while run > 0 and k - 1 - run < 4 and doc[run - 1].lower_ in self.lexicon.title_words:
                run -= 1
            if doc[k - 1].lower_ == "to":
                # "Iraqi Ambassador to the Philippines X": the title holds the place
                titled = run < k - 1 and doc[k - 2].lower_ in self.lexicon.titles
                if not titled or ent.label_ not in _PLACE_LABELS:
                    return None
                nations = _PLACE_LABELS | {"NORP"}
                nation = next((e for e in doc.ents if e.end == run and e.label_ in nations), None)
                run = nation.start if nation is not None else run
                run -= run > 0 and doc[run - 1].lower_ in self.words.title_modifiers  # "former"
                return doc[run : ent.end].text, None
            if run < k - 1 and (doc[k - 2].lower_ in self.lexicon.titles  # "Secretary General": two words
                                or doc[run : k - 1].text.lower() in self.lexicon.titles):
                org = org_extent(doc[org_start : ent.end], self.lexicon) if ent.label_ in _ORG_LABELS else ent
                return doc[run : k - 1].text, org
            j = k - 1
        return None
