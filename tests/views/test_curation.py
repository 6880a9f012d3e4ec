"""The Curate page's decisions without Streamlit: its tabs and labels, and that each button's correction,
applied to the invented corpus, changes the atlas as the button says."""

from __future__ import annotations

from typing import Any

import pytest

from geo.models import Atlas, AtlasDocument, AtlasPlace, Candidate, MentionRef
from geo.store.corrections import Correction, CorrectionError, ReviewItem
from geo.views import curation as cur
from geo.views.atlas import build_atlas
from tests.extraction_factory import HOSTILE, corpus, lookup


def _atlas(*records: Correction) -> Atlas:
    return build_atlas(corpus(), records, lookup=lookup)


def _place(atlas: Atlas, name: str) -> AtlasPlace:
    return next(p for p in atlas.places if p.name == name)


def _person(atlas: Atlas, name: str) -> Any:
    return next(p for p in atlas.people if p.name == name)


@pytest.mark.parametrize(
    ("can_delete", "last"),
    [(False, "Corrections"), (True, "Documents")],
)
def test_only_who_may_delete_documents_gets_the_documents_tab(can_delete: bool, last: str) -> None:
    names = cur.tab_names(can_delete)
    assert names[0] == "Review queue"
    assert names[-1] == last


@pytest.mark.parametrize(
    ("kind", "target"),
    [("place", ("curate_place", "Places")), ("trip", ("curate_trip", "Trips"))],
)
def test_a_review_item_opens_in_its_own_tab(kind: Any, target: tuple[str, str]) -> None:
    assert cur.review_target(ReviewItem(kind, "x", "X", 0.1, "why")) == target


MENTION = MentionRef("doc_a", "Lakeview", 0, 8, "Mayors from Lakeview went.")


@pytest.mark.parametrize(
    ("place", "label"),
    [
        (AtlasPlace("gn:1", "Lakeview", "city", "US", "IL", 41.0, -90.0, 1, 0.834, (MENTION,)),
         "Lakeview (IL, US) · 0.83 · gn:1"),
        (AtlasPlace("pl:zanthia", "Zanthia", "city", None, None, None, None, None, 0.0, (MENTION,)),
         "Zanthia · not placed · pl:zanthia"),
    ],
)
def test_a_place_is_listed_with_where_it_is_and_how_certain(place: AtlasPlace, label: str) -> None:
    assert cur.place_label(place) == label


@pytest.mark.parametrize(
    ("candidate", "label"),
    [
        (Candidate("Lakeview", "city", 41.0, -90.0, "US", "IL", 90000001, 12345),
         "Lakeview (IL, US) · city · 41.000, -90.000 · pop. 12,345 · geonameid 90000001"),
        (Candidate("Somewhere", "region", 1.23456, 2.0), "Somewhere () · region · 1.235, 2.000 · pop. 0"),
    ],
)
def test_a_candidate_says_what_tells_it_from_its_namesakes(candidate: Candidate, label: str) -> None:
    assert cur.candidate_label(candidate) == label


@pytest.mark.parametrize(
    ("doc", "label"),
    [
        (AtlasDocument("d1", "Mayors go", "Test Times", None, None, "d1.txt"), "Mayors go · Test Times · d1"),
        (AtlasDocument("d2", None, None, None, None, "d2.txt"), "d2 · — · d2"),
    ],
)
def test_a_document_is_listed_by_title_outlet_and_id(doc: AtlasDocument, label: str) -> None:
    assert cur.document_label(doc) == label


@pytest.mark.parametrize(
    ("names", "item", "label"),
    [({"or:a": "A Council"}, "or:a", "A Council · or:a"), ({}, "or:b", "or:b · or:b"), ({}, None, "none")],
)
def test_an_id_choice_shows_its_name_and_id(names: dict[str, str], item: str | None, label: str) -> None:
    assert cur.id_label(names, item) == label


@pytest.mark.parametrize(
    ("options", "value", "index"),
    [([None, "a", "b"], "b", 2), ([None, "a"], "gone", 0), ([None, "a"], None, 0)],
)
def test_a_select_box_starts_at_the_current_value_when_it_is_offered(options: list[Any], value: Any,
                                                                    index: int) -> None:
    assert cur.option_index(options, value) == index


def test_the_trip_form_gives_a_trip_s_fields_with_new_people_typed_after_the_chosen() -> None:
    values = cur.trip_form_values(["gn:1"], ["gn:2", "gn:3"], " 2023-11 ", "", ["pe:ada-ruiz"],
                                  " Bo Chen ; ;Li Wei", " Mayors ", None, "pr:x")
    assert values == {"origins": ["gn:1"], "destinations": ["gn:2", "gn:3"], "start": "2023-11", "end": "",
                      "participants": ["pe:ada-ruiz", "Bo Chen", "Li Wei"], "participant_text": "Mayors",
                      "organizer": None, "program": "pr:x"}


def test_each_kind_has_its_entities_and_only_people_and_organisations_a_not_one_button() -> None:
    atlas = _atlas()
    for kind in cur.KINDS:
        entities = cur.entities_of(atlas, kind)
        assert entities
        assert all(e.id == i for i, e in entities.items())
    assert [k for k in cur.KINDS if cur.not_entity_button(k)] == ["person", "organization"]


def test_the_sentence_of_a_mention_is_found_and_missing_is_empty() -> None:
    lakeview = _place(_atlas(), "Lakeview")
    mention = lakeview.mentions[0]
    assert mention.text in cur.mention_sentence(lakeview, mention.document, mention.text)
    assert cur.mention_sentence(lakeview, "no_such_doc", mention.text) == ""


def test_set_the_point_here_puts_the_place_where_the_curator_clicked() -> None:
    atlas = _atlas()
    rivermouth = _place(atlas, "Rivermouth")
    doc, text = rivermouth.mentions[0].document, rivermouth.mentions[0].text
    record = cur.point_correction(rivermouth, doc, text, 10.5, 20.25, "", by="ana")
    assert record.by == "ana"
    assert record.before == {**record.before, "name": "Rivermouth"}
    moved = [p for p in _atlas(record).places if (p.lat, p.lon) == (10.5, 20.25)]
    assert [p.name for p in moved] == ["Rivermouth"]  # no name typed: the mention's text


def test_not_a_place_takes_the_mentions_off_the_map() -> None:
    atlas = _atlas()
    north_cape = _place(atlas, "North Cape")
    mention = north_cape.mentions[0]
    after = _atlas(cur.not_place_correction(north_cape, mention.document, mention.text, None))
    assert "North Cape" not in {p.name for p in after.places}


def test_merge_then_split_back_off_then_not_a_person() -> None:
    atlas = _atlas()
    people = cur.entities_of(atlas, "person")
    ada, bo = _person(atlas, "Ada Ruiz"), _person(atlas, "Bo Chen")
    merge = cur.merge_correction("person", [ada.id, bo.id], people, by="ana")
    assert merge.before == [{"id": ada.id, "name": "Ada Ruiz"}, {"id": bo.id, "name": "Bo Chen"}]
    merged = _atlas(merge)
    assert bo.id not in {p.id for p in merged.people}
    one = cur.entities_of(merged, "person")[ada.id]
    bo_names = [m for m in cur.entity_mentions(one) if m[1] == "Bo Chen"]
    split = cur.split_correction("person", one, bo_names, by="ana")
    assert "Bo Chen" in {p.name for p in _atlas(merge, split).people}
    undo_all = cur.split_correction("person", one, None, by="ana")
    assert "atoms" not in undo_all.payload
    assert "Bo Chen" in {p.name for p in _atlas(merge, undo_all).people}
    gone = _atlas(cur.not_entity_correction("person", bo, by=None))
    assert "Bo Chen" not in {p.name for p in gone.people}


def test_delete_a_trip_then_add_one_by_hand_with_its_source_and_evidence() -> None:
    atlas = _atlas()
    trip = atlas.trips[0]
    assert trip.id not in {t.id for t in _atlas(cur.trip_delete_correction(trip, None)).trips}
    north_cape, lakeview = _place(atlas, "North Cape"), _place(atlas, "Lakeview")
    fields = cur.trip_form_values([north_cape.id], [lakeview.id], "2024-05", "", [], "", "", None, None)
    added = cur.trip_add_correction(fields, "inv_two", "  They flew in.  ", by="ana")
    assert added.payload["trip"]["evidence"] == [{"document": "inv_two", "sentence": "They flew in."}]
    assert "end" not in added.payload["trip"]  # empty fields are left out
    new = [t for t in _atlas(added).trips if t.origins == (north_cape.id,)]
    assert [(t.destinations, t.start, t.documents) for t in new] == [
        ((lakeview.id,), "2024-05", ("inv_two",))]


def test_a_trip_without_a_destination_is_refused_with_the_reason() -> None:
    with pytest.raises(CorrectionError):
        cur.trip_add_correction(cur.trip_form_values([], [], "", "", [], "", "", None, None), None, "", None)


def test_add_a_tie_between_two_places_keeps_only_the_fields_filled_in() -> None:
    atlas = _atlas()
    a, b = _place(atlas, "Lakeview"), _place(atlas, "Rivermouth")
    record = cur.tie_add_correction([a.id, b.id], {"kind": "sister city", "status": "active", "since": "1998",
                                                   "until": ""}, by="ana")
    [tie] = [t for t in _atlas(record).ties if set(t.places) == {a.id, b.id}]
    assert (tie.kind, tie.status, tie.since, tie.until) == ("sister city", "active", "1998", None)
    assert cur.tie_choice_label(tie, {p.id: p for p in atlas.places}).endswith(f" · {tie.id}")


def test_the_corrections_list_says_when_who_and_whether_undone() -> None:
    record = cur.not_entity_correction("person", _person(_atlas(), "Bo Chen"), by=HOSTILE)
    when, who, undone = cur.correction_meta(record)
    assert (when, who, undone) == (record.at, f" · by {HOSTILE}", False)
    assert when  # made now, so dated
    hand_written = Correction("merge", {"kind": "person", "ids": ["pe:a", "pe:b"]}, undone=True)
    assert cur.correction_meta(hand_written) == ("imported", "", True)
