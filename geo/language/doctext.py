"""A parsed document's text, joined once: spaCy's ``Doc.text`` joins every token's text at each access."""

from __future__ import annotations

from spacy.tokens import Doc

_EXTENSION = "atlas_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built on the first call and kept on the doc (a doc's text never changes: merging or
    splitting tokens keeps every character)."""
    if not Doc.has_extension(_EXTENSION):
        Doc.set_extension(_EXTENSION, default=None)
    text: str | None = doc._.atlas_text
    if text is None:
        text = doc.text
        doc._.atlas_text = text
    return text
