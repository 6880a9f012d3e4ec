"""Programs: the ``atlas_programs`` component (titled or quoted names of projects, programs, exchanges,
initiatives, partnerships, agreements, with their organiser) and canonical names."""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from geo.language.doctext import doc_text
from geo.language.lexicon import Lexicon
from geo.language.people import org_extent

_QUOTED = re.compile(r"[“\"]([^“”\"\n]{3,160})[”\"]")
_FUNCTION_WORDS = frozenset(
    {"of", "for", "and", "on", "in", "to", "a", "an", "the", "&", "-", "–", "with", "between"}
)
_CONNECTORS = frozenset({"of", "for", "and", "on", "&", "-", "–"})
_LEADING = frozenset({"the", "a", "an", "this", "that", "our", "their", "its", "his", "her", "new"})
_STOP = frozenset({",", ";", ":", "(", ")", "“", "”", '"', ".", "'s", "’s"})
_ORGANIZER_VERBS = frozenset(
    {
        "organize",
        "organise",
        "host",
        "sponsor",
        "launch",
        "run",
        "fund",
        "found",
        "create",
        "start",
        "establish",
        "lead",
        "coordinate",
        "initiate",
        "arrange",
        "support",
    }
)
_MAX_NAME = 12


def canonical_key(text: str) -> str:
    """A key under which spellings of one name meet: "U.S Midwest Council" and "the U.S. Midwest Council"."""
    lower = text.strip().lower()
    if lower.startswith("the "):
        lower = lower[4:]
    return re.sub(r"[^0-9a-z]+", "", lower) or lower


def canonical_names(texts: Iterable[str]) -> dict[str, str]:
    """Key -> the most complete spelling seen (the longest; the first among equals)."""
    best: dict[str, str] = {}
    for text in texts:
        key = canonical_key(text)
        if key not in best or len(text) > len(best[key]):
            best[key] = text
    return best


class ProgramRules:
    """Find named programs and their organisers."""

    def __init__(self, name: str, lexicon: Lexicon) -> None:
        self.name = name
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        """Record the programs of ``doc`` and who organises them."""
        spans = self._quoted(doc)
        taken = {i for span in spans for i in range(span.start, span.end)}
        for span in self._titled(doc):
            if not any(i in taken for i in range(span.start, span.end)):
                spans.append(span)
        spans.sort(key=lambda span: span.start)
        doc._.atlas_programs = tuple((span.start_char, span.end_char) for span in spans)
        organizers = []
        for span in spans:
            org = self._organizer(span)
            if org is not None:
                organizers.append((span.start_char, span.end_char, org.start_char, org.end_char))
        doc._.atlas_program_organizers = tuple(organizers)
        return doc

    def _quoted(self, doc: Doc) -> list[SpacySpan]:
        found: list[SpacySpan] = []
        heads = self.lexicon.program_heads
        text_of_doc = doc_text(doc)
        for match in _QUOTED.finditer(text_of_doc):
            start, end = match.span(1)
            text = match.group(1)
            stripped = text.rstrip(" .,;:!?")
            end -= len(text) - len(stripped)
            words = stripped.split()
            if not words or len(words) > _MAX_NAME + 2 or not words[0][:1].isupper():
                continue
            content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
            if not content or sum(w[:1].isupper() for w in content) < 0.75 * len(content):
                continue
            before = text_of_doc[max(0, match.start() - 40) : match.start()].lower().split()
            before = [w for w in before if w not in ("the", "a", "an")]
            after = text_of_doc[match.end() : match.end() + 20].lower().split()
            cued = bool(before) and (
                before[-1] in self.lexicon.naming_cues or " ".join(before[-2:]) in self.lexicon.naming_cues
            )
            head_after = bool(after) and after[0].strip(".,;:") in heads
            if not (cued or head_after or words[-1].lower() in heads):
                continue
            span = doc.char_span(start, end, alignment_mode="contract")
            if span is not None and len(span):
                found.append(span)
        return found

    def _titled(self, doc: Doc) -> Iterable[SpacySpan]:
        heads = self.lexicon.program_heads
        n = len(doc)
        for i, token in enumerate(doc):
            if not heads.get(token.lower_) or not token.text[:1].isupper():
                continue
            if (
                i + 1 < n
                and (doc[i + 1].text[:1].isupper() or doc[i + 1].lower_ == "of")
                and not doc[i + 1].is_punct
            ):
                continue  # the name goes on: the head is further right
            start = i
            while start > 0 and i - start < _MAX_NAME:
                prev = doc[start - 1]
                if prev.text in _STOP or prev.is_sent_end:
                    break
                capitalised = prev.text[:1].isupper() and not prev.is_punct
                connector = (
                    prev.lower_ in _CONNECTORS
                    and start >= 2
                    and doc[start - 2].text[:1].isupper()
                    and doc[start - 2].lower_ not in self.lexicon.org_heads  # "Health Department and ..."
                )
                if capitalised or connector:
                    start -= 1
                else:
                    break
            while start < i and (doc[start].lower_ in _LEADING or doc[start].lower_ in _CONNECTORS):
                start += 1
            if start == i or doc[i - 1].lower_ in self.lexicon.not_program_before:
                continue
            yield doc[start : i + 1]

    def _organizer(self, program: SpacySpan) -> SpacySpan | None:
        doc = program.doc
        sent = program.sent if doc.has_annotation("SENT_START") else doc[:]
        ents = [e for e in doc.ents if e.label_ == "ORG" and e.start >= sent.start and e.end <= sent.end]
        # "... organized by X", "... hosted by X"
        for k in range(program.end, min(program.end + 8, sent.end - 1)):
            if doc[k].lower_ in self.lexicon.organizer_cues and doc[k + 1].lower_ == "by":
                org = next((e for e in ents if k + 2 <= e.start <= k + 4), None)
                if org is not None:
                    return org_extent(org, self.lexicon)
        # "X's Youth Exchange Program"
        lead = program.start - 1
        if lead > 0 and doc[lead].lower_ in ("'s", "’s"):
            org = next((e for e in ents if e.end == lead), None)
            if org is not None:
                return org_extent(org, self.lexicon)
        # "X said the visit was part of a program called ...", "X launched the ... Initiative"
        before = [e for e in ents if e.end <= program.start]
        if not before:
            return None
        org = before[-1]
        if doc.has_annotation("DEP") and org.root.dep_ not in ("nsubj", "nsubjpass"):
            return None
        between = doc[org.end : program.start]
        words = {t.lower_ for t in between}
        tied = (
            bool(words & self.lexicon.naming_cues)
            or "part of" in between.text.lower()
            or any(t.lemma_ in _ORGANIZER_VERBS for t in between)
            or (len(between) > 0 and between[-1].lower_ in ("its", "their"))
        )
        return org_extent(org, self.lexicon) if tied else None
