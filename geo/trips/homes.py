"""Homes told by nationality words: "a Chinese delegation", "Korean legislators", "the Japanese visitors".

Such a word names no place, so it is no place mention; but it says where the travellers come from. Each
becomes an *implied* ``PlaceMention`` of its country, which the trips stage reads like a place that
modifies a traveller noun ("an Ohio delegation"), and which the atlas keeps out of the place's mentions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from geo.models import Candidate, PlaceMention, Resolved, Sentence, Span
from geo.trips.cues import TRAVELLER_NOUNS, Doc

CountryOf = Callable[[str], Candidate | None]
"""A nationality word ("Chinese", "Koreans") -> its country's gazetteer entry, or None."""


def nationality_places(doc: Doc, places: Sequence[PlaceMention],
                       country_of: CountryOf) -> tuple[PlaceMention, ...]:
    """Implied place mentions for the nationality words that qualify travellers or are travellers."""
    taken = [(p.span.start, p.span.end) for p in places]
    out: list[PlaceMention] = []
    for tok in doc:
        if tok.ent_type_ != "NORP" or not tok.text[:1].isupper():
            continue
        head = tok.head
        qualifies = tok.dep_ in ("amod", "compound", "nmod") and head.lemma_.lower() in TRAVELLER_NOUNS
        travels = tok.dep_ in ("nsubj", "nsubjpass") and tok.tag_ in ("NNPS", "NNS")  # "the Koreans visited"
        if not (qualifies or travels):
            continue
        start, end = tok.idx, tok.idx + len(tok.text)
        if any(a < end and start < b for a, b in taken):
            continue
        country = country_of(tok.text)
        if country is None:
            continue
        sent = tok.sent
        sentence = Sentence(sent.start_char, sent.end_char, sent.text)
        resolution = Resolved(country, 0.8, (), "nationality")
        out.append(PlaceMention(Span(start, end, tok.text), sentence, resolution, implied=True))
        taken.append((start, end))
    return tuple(out)


def country_by_nationality(demonym_country: Callable[[str], str | None],
                           country: Callable[[str], Candidate | None]) -> CountryOf:
    """A ``CountryOf`` from the gazetteer's demonyms ("American" -> "US") and its country entries."""
    def find(word: str) -> Candidate | None:
        singular = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
        code = demonym_country(word) or demonym_country(singular)
        return country(code) if code else None
    return find
