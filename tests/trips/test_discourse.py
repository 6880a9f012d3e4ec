"""The discourse reader's answers kept per document: the same as the plain rules give, token by token."""

from __future__ import annotations

from spacy.language import Language

from geo.language.nlp import parse
from geo.trips.discourse import _Reader
from geo.trips.events import _is_travel_event
from geo.trips.layout import _is_commentary

TEXT = (
    "Mayor John Smith of Portland visited Sapporo in May. Did you see the delegation? "
    "We met them there. Governor Ann Lee hosted a delegation from Kaohsiung, and officials from Osaka "
    "traveled to Denver last month."
)


def test_kept_travel_events_and_remarks_are_the_rules_answers(nlp: Language) -> None:
    doc = nlp(TEXT)
    reader = _Reader(doc, parse(doc), (), ())
    assert reader.people_tokens  # the people count: a host verb's object may be one
    plain = [_is_travel_event(tok, reader.people_tokens) for tok in doc]
    assert any(plain)
    assert not all(plain)
    for _ in range(2):  # worked out, then kept
        assert [reader._travel_event(tok) for tok in doc] == plain
    sentences = list(doc.sents)
    remarks = [_is_commentary(sent) for sent in sentences]
    assert any(remarks)
    assert not all(remarks)
    for _ in range(2):
        assert [reader._commentary(sent) for sent in sentences] == remarks
        # a clause of a sentence is a span of its own, not the sentence's
        clauses = [sent[:2] for sent in sentences]
        assert [reader._commentary(c) for c in clauses] == [_is_commentary(c) for c in clauses]
