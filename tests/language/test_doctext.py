"""A document's text kept on it: the same as spaCy's ``Doc.text``, per document, after tokens are merged."""

from __future__ import annotations

import spacy

from geo.language.doctext import doc_text


def test_kept_text_is_the_docs_own_text_for_each_doc() -> None:
    nlp = spacy.blank("en")
    first, second = nlp("Mayor Ann Lee visited Sapporo.  "), nlp("A delegation from Osaka\n\narrived.")
    assert doc_text(first) == first.text == "Mayor Ann Lee visited Sapporo.  "
    assert doc_text(second) == second.text
    assert doc_text(first) == first.text  # kept, and still its own


def test_kept_text_holds_after_tokens_are_merged_or_split() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Delegates from New York City visited Hangzhou.")
    assert doc_text(doc) == doc.text
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[2:5])
    with doc.retokenize() as retokenizer:
        retokenizer.split(doc[0], ["Dele", "gates"], heads=[(doc[0], 1), doc[1]])
    assert [t.text for t in doc][:3] == ["Dele", "gates", "from"]
    assert doc_text(doc) == doc.text == "Delegates from New York City visited Hangzhou."
