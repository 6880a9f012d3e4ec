"""Extraction <-> dict: JSON-safe and lossless."""

from __future__ import annotations

import json

import pytest

from geo.models import DocumentMeta, Extraction, SourceDocument
from geo.store.serialize import SerializationError, extraction_from_dict, extraction_to_dict
from tests.extraction_factory import make_extraction


def test_round_trip_through_json_is_lossless() -> None:
    extraction = make_extraction()
    data = json.loads(json.dumps(extraction_to_dict(extraction)))
    assert extraction_from_dict(data) == extraction


def test_every_kind_of_item_survives() -> None:
    back = extraction_from_dict(json.loads(json.dumps(extraction_to_dict(make_extraction()))))
    assert [type(p.resolution).__name__ for p in back.places] == ["Resolved", "Resolved", "Unresolved"]
    assert back.places[0].qualifier is not None
    assert back.places[0].qualifier.text == "Oklahoma"
    assert back.trips[0].date is not None
    assert back.trips[0].date.label() == "2023-03"
    assert back.roles["Dana Ortiz"][0].organization == "Heartland Friendship Council"
    assert back.program_organizers == {"Prairie Pacific Exchange": "Heartland Friendship Council"}
    assert isinstance(back.trips[0].origins, tuple)


def test_empty_extraction_round_trips() -> None:
    document = SourceDocument(id="x", path="x.txt", text="Nothing here.", meta=DocumentMeta(),
                              content_hash="0" * 64)
    empty = Extraction(document=document, sentences=(), places=(), people=(), organizations=(), programs=(),
                       dates=(), trips=())
    assert extraction_from_dict(extraction_to_dict(empty)) == empty


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"schema": 99, "document": {}}, "unknown extraction schema"),
        ({"sentences": []}, "not an extraction"),
    ],
)
def test_bad_dicts_are_refused(data: dict[str, object], words: str) -> None:
    with pytest.raises(SerializationError, match=words):
        extraction_from_dict(data)
