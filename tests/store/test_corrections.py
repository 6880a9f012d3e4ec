"""Corrections: what an analyst changes wins over the machine, survives re-ingestion, and can be undone."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from geo.models import Atlas
from geo.store import corrections as corr
from geo.store.corrections import Correction, CorrectionError, dump_jsonl, make, parse_jsonl
from geo.store.database import Store
from geo.views.atlas import atlas_to_dict, build_atlas
from tests.extraction_factory import (
    LAKEVIEW,
    LAKEVIEW_OR,
    PINEFORD,
    RIVERMOUTH,
    article_one,
    build,
    corpus,
    lookup,
)


def _atlas(*records: Correction) -> Atlas:
    return build_atlas(corpus(), records, lookup=lookup)


def _json(atlas: Atlas) -> str:
    return json.dumps(atlas_to_dict(atlas), sort_keys=True)


def _place(atlas: Atlas, pid: str) -> Any:
    return next((p for p in atlas.places if p.id == pid), None)


def _trip_to(atlas: Atlas, pid: str) -> Any:
    return next(t for t in atlas.trips if pid in t.destinations)


# --- records and files ----------------------------------------------------------------------------


def test_the_contract_line_reads_and_writes_back() -> None:
    line = '{"op": "place", "document": "inv_one", "text": "Lakeview", "geonameid": 90000002}'
    [record] = parse_jsonl(line + "\n\n")
    assert (record.op, record.payload["geonameid"], record.at) == ("place", 90000002, "")
    assert json.loads(dump_jsonl([record])) == json.loads(line)
    assert parse_jsonl(dump_jsonl([record]))[0].key == record.key


def test_made_records_carry_who_when_and_before() -> None:
    record = make("not_place", {"document": "d", "text": "X"}, by="ana", before={"id": "pl:x"})
    again = parse_jsonl(dump_jsonl([record]))[0]
    assert (again.by, again.at, again.before, again.key) == ("ana", record.at, {"id": "pl:x"}, record.key)
    assert again.at.endswith("Z")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"op": "teleport"}', "unknown op 'teleport'"),
        ('{"op": "place", "document": "d", "text": "X"}', "needs 'geonameid' or 'lat'"),
        ('{"op": "place", "document": "d", "text": "X", "geonameid": -3}', "got: -3"),
        ('{"op": "place", "document": "d", "text": "X", "lat": 95, "lon": 0, "name": "N"}', "got: 95"),
        ('{"op": "place", "document": "d", "text": "X", "lat": "north", "lon": 0, "name": "N"}', "'north'"),
        ('{"op": "place", "document": "", "text": "X", "geonameid": 1}', "'document' must be"),
        ('{"op": "merge", "kind": "person", "ids": ["pe:a"]}', "at least 2"),
        ('{"op": "merge", "kind": "planet", "ids": ["a", "b"]}', "'planet'"),
        ('{"op": "trip_edit", "id": "tr:1", "set": {"start": "Nov 2023"}}', "'Nov 2023'"),
        ('{"op": "trip_edit", "id": "tr:1", "set": {"speed": 3}}', "'speed'"),
        ('{"op": "trip_add", "trip": {"participants": ["pe:a"]}}', "at least one origin or destination"),
        ("[1, 2]", "must be a JSON object"),
        ("{not json", "not JSON"),
    ],
)
def test_bad_lines_are_refused_with_line_number_and_value(line: str, message: str) -> None:
    good = '{"op": "not_place", "document": "d", "text": "X"}'
    with pytest.raises(CorrectionError) as info:
        parse_jsonl(f"{good}\n{line}\n")
    assert str(info.value).startswith("line 2:")
    assert message in str(info.value)


# --- places ------------------------------------------------------------------------------------------


def test_place_by_geonameid_re_resolves_every_mention_of_that_text_in_that_document() -> None:
    fix = make("place", {"document": "inv_one", "text": "Lakeview", "geonameid": LAKEVIEW_OR.geonameid})
    atlas = _atlas(fix)
    moved = _place(atlas, f"gn:{LAKEVIEW_OR.geonameid}")
    assert (moved.admin1, moved.lat, moved.confidence, moved.reason) == ("OR", LAKEVIEW_OR.lat, 1.0, "manual")
    assert {m.document for m in moved.mentions} == {"inv_one"}
    # the other document's Lakeview keeps the machine's answer
    assert {m.document for m in _place(atlas, f"gn:{LAKEVIEW.geonameid}").mentions} == {"inv_three"}
    trip = _trip_to(atlas, f"gn:{RIVERMOUTH.geonameid}")
    assert f"gn:{LAKEVIEW_OR.geonameid}" in trip.origins


def test_place_by_point_and_name_needs_no_gazetteer() -> None:
    fix = make("place", {"document": "inv_three", "text": "Zanthia", "lat": 10.5, "lon": 20.25,
                         "name": "Zanthia", "country": "TD"})
    atlas = build_atlas(corpus(), [fix])
    [place] = [p for p in atlas.places if p.name == "Zanthia"]
    assert (place.lat, place.lon, place.country, place.confidence) == (10.5, 20.25, "TD", 1.0)
    assert _place(atlas, "pl:zanthia") is None
    assert place.id in _trip_to(atlas, place.id).destinations


def test_place_by_geonameid_falls_back_on_known_candidates_without_lookup() -> None:
    fix = make("place", {"document": "inv_one", "text": "Lakeview", "geonameid": LAKEVIEW_OR.geonameid})
    atlas = build_atlas(corpus(), [fix])  # no lookup: the alternative candidate is known
    assert _place(atlas, f"gn:{LAKEVIEW_OR.geonameid}") is not None


def test_place_correction_on_a_word_the_extraction_missed_adds_its_mentions() -> None:
    fix = make("place", {"document": "inv_three", "text": "Greyhaven", "lat": 1.0, "lon": 2.0,
                         "name": "Greyhaven"})
    atlas = _atlas(fix)
    [place] = [p for p in atlas.places if p.name == "Greyhaven"]
    [mention] = place.mentions
    text = next(e.document.text for e in corpus() if e.document.id == "inv_three")
    assert text[mention.start:mention.end] == "Greyhaven"


def test_not_a_place_removes_the_mention_and_its_trip_stop() -> None:
    atlas = _atlas(make("not_place", {"document": "inv_three", "text": "Zanthia"}))
    assert _place(atlas, "pl:zanthia") is None
    trip = _trip_to(atlas, f"gn:{LAKEVIEW.geonameid}")
    assert trip.destinations == (f"gn:{LAKEVIEW.geonameid}",)


def test_added_place_stands_alone() -> None:
    atlas = _atlas(make("place_add", {"name": "Quiet Bay", "lat": -10.0, "lon": 140.0, "kind": "feature"}))
    [place] = [p for p in atlas.places if p.name == "Quiet Bay"]
    assert (place.kind, place.mentions, place.confidence) == ("feature", (), 1.0)


# --- undo, merge, split ------------------------------------------------------------------------------------


def test_undo_restores_the_machine_answer() -> None:
    machine = _json(_atlas())
    fix = make("place", {"document": "inv_one", "text": "Lakeview", "geonameid": LAKEVIEW_OR.geonameid})
    assert _json(_atlas(fix)) != machine
    assert _json(_atlas(replace(fix, undone=True))) == machine
    assert corr.set_undone([fix], fix.key)[0].undone


MERGES = [
    ("person", ["pe:ada-ruiz", "pe:bo-chen"]),
    ("organization", ["or:us-delta-council", "or:friends-of-the-delta-council"]),
    ("place", [f"gn:{PINEFORD.geonameid}", f"gn:{LAKEVIEW.geonameid}"]),
    ("place", ["pl:zanthia", f"gn:{RIVERMOUTH.geonameid}"]),
]


@pytest.mark.parametrize(("kind", "ids"), MERGES)
def test_merge_then_split_returns_to_the_start(kind: str, ids: list[str]) -> None:
    start = _json(_atlas())
    merge = make("merge", {"kind": kind, "ids": ids})
    merged = _atlas(merge)
    assert _json(merged) != start
    entities = {"person": merged.people, "organization": merged.organizations, "place": merged.places}[kind]
    assert ids[0] in {e.id for e in entities}
    assert ids[1] not in {e.id for e in entities}
    # split without atoms: every merge into the entity undone
    assert _json(_atlas(merge, make("split", {"kind": kind, "id": ids[0]}))) == start
    # split by naming what leaves
    before = {"person": _atlas().people, "organization": _atlas().organizations, "place": _atlas().places}
    leaving = next(e for e in before[kind] if e.id == ids[1])
    atoms = [{"document": m.document, "name": m.text if kind == "place" else leaving.name}
             for m in leaving.mentions]
    split = make("split", {"kind": kind, "id": ids[0], "atoms": atoms})
    assert _json(_atlas(merge, split)) == start


def test_merge_moves_trip_references() -> None:
    atlas = _atlas(make("merge", {"kind": "place", "ids": [f"gn:{PINEFORD.geonameid}",
                                                          f"gn:{LAKEVIEW.geonameid}"]}))
    trip = _trip_to(atlas, "pl:zanthia")
    assert trip.destinations[0] == f"gn:{PINEFORD.geonameid}"


def test_split_a_machine_merge_by_document() -> None:
    split = make("split", {"kind": "person", "id": "pe:ada-ruiz",
                           "atoms": [{"document": "inv_two", "name": "Ada Ruiz"}]})
    atlas = _atlas(split)
    ids = sorted(p.id for p in atlas.people if p.name == "Ada Ruiz")
    assert ids == ["pe:ada-ruiz", "pe:ada-ruiz~inv-two"]
    assert _json(_atlas(split)) == _json(atlas)  # stable


# --- trips -----------------------------------------------------------------------------------------------


def test_trip_edit_sets_fields_and_wins() -> None:
    base = _trip_to(_atlas(), "pl:zanthia")
    edit = make("trip_edit", {"id": base.id, "sources": list(base.sources), "set": {
        "destinations": ["pl:zanthia", f"gn:{LAKEVIEW.geonameid}"], "start": "2025-04", "end": "2025-05",
        "participants": ["pe:bo-chen", "Eve Stone"], "organizer": "or:us-delta-council",
        "program": "Harbour Friendship Pact"}})
    trip = next(t for t in _atlas(edit).trips if t.id == base.id)
    assert trip.destinations == ("pl:zanthia", f"gn:{LAKEVIEW.geonameid}")
    assert (trip.start, trip.end, trip.manual) == ("2025-04", "2025-05", True)
    atlas = _atlas(edit)
    assert "pe:eve-stone" in trip.participants
    assert any(p.id == "pe:eve-stone" for p in atlas.people)
    assert trip.program == "pr:harbour-friendship-pact"
    assert any(p.id == "pr:harbour-friendship-pact" for p in atlas.programs)


def test_trip_edit_follows_its_trip_when_another_article_joins_it() -> None:
    alone = build_atlas([build(article_one())], lookup=lookup)
    [trip] = alone.trips
    edit = make("trip_edit", {"id": trip.id, "sources": list(trip.sources), "set": {"start": "2023-10"}})
    [joined] = [t for t in build_atlas(corpus(), [edit], lookup=lookup).trips if len(t.documents) == 2]
    assert joined.id != trip.id
    assert joined.start == "2023-10"


def test_trip_delete_and_add() -> None:
    gone = _trip_to(_atlas(), "pl:zanthia")
    add = make("trip_add", {"trip": {
        "origins": [f"gn:{PINEFORD.geonameid}"],
        "destinations": [{"name": "Quiet Bay", "lat": -10.0, "lon": 140.0}],
        "start": "2022-06-01", "end": "2022-06-03", "participants": ["Eve Stone"],
        "documents": ["inv_one"],
        "evidence": [{"document": "inv_one", "sentence": "Eve Stone sailed to Quiet Bay."}]}})
    atlas = _atlas(make("trip_delete", {"id": gone.id}), add)
    assert gone.id not in {t.id for t in atlas.trips}
    added = next(t for t in atlas.trips if t.manual)
    bay = next(p for p in atlas.places if p.name == "Quiet Bay")
    assert added.destinations == (bay.id,)
    assert (added.start, added.end, added.documents) == ("2022-06-01", "2022-06-03", ("inv_one",))
    assert added.evidence[0].sentence == "Eve Stone sailed to Quiet Bay."
    assert added.id == next(t for t in _atlas(add).trips if t.manual).id  # stable


# --- through the store: re-ingestion, restart, files -----------------------------------------------------


def _ingest(store: Store) -> None:
    for extraction in corpus():
        store.save_extraction(extraction)


def _from(store: Store) -> str:
    return _json(build_atlas(store.load_extractions(), store.load_corrections(), lookup=lookup))


SAMPLE = [
    make("place", {"document": "inv_one", "text": "Lakeview", "geonameid": LAKEVIEW_OR.geonameid}, by="ana"),
    make("not_place", {"document": "inv_three", "text": "Zanthia"}),
    make("merge", {"kind": "organization",
                   "ids": ["or:friends-of-the-delta-council", "or:us-delta-council"]}),
]


def test_a_correction_survives_re_ingestion_and_a_restart(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'atlas.db'}"
    store = Store(url)
    _ingest(store)
    for record in SAMPLE:
        assert store.add_correction(record)
    corrected = _from(store)
    assert corrected != _json(_atlas())
    store.close()
    again = Store(url)  # a restart
    _ingest(again)  # and the corpus ingested again
    assert _from(again) == corrected == _json(_atlas(*SAMPLE))
    again.undo(SAMPLE[0].key)
    assert _from(again) == _json(_atlas(*SAMPLE[1:]))
    again.close()


def test_corrections_export_then_import_into_a_fresh_database_gives_the_same_result(tmp_path: Path) -> None:
    first = Store(f"sqlite:///{tmp_path / 'a.db'}")
    _ingest(first)
    for record in SAMPLE:
        first.add_correction(record)
    first.undo(SAMPLE[1].key)
    text = dump_jsonl(first.load_corrections())
    fresh = Store(f"sqlite:///{tmp_path / 'b.db'}")
    _ingest(fresh)
    for _ in range(2):  # importing twice changes nothing
        for record in parse_jsonl(text):
            fresh.add_correction(record)
    assert len(fresh.load_corrections()) == len(SAMPLE)
    assert _from(fresh) == _from(first)
    assert dump_jsonl(fresh.load_corrections()) == text
    first.close()
    fresh.close()


# --- what the Curate page builds ---------------------------------------------------------------------------


def test_review_queue_puts_the_least_certain_first() -> None:
    queue = corr.review_queue(_atlas())
    assert (queue[0].kind, queue[0].id, queue[0].score) == ("place", "pl:zanthia", 0.0)
    assert [i.score for i in queue] == sorted(i.score for i in queue)
    lake = next(i for i in queue if i.id == f"gn:{LAKEVIEW.geonameid}")
    assert "2 candidates" in lake.why
    fixed = _atlas(make("place", {"document": "inv_three", "text": "Zanthia", "lat": 1.0, "lon": 2.0,
                                  "name": "Zanthia"}))
    assert "pl:zanthia" not in {i.id for i in corr.review_queue(fixed)}  # fixed by hand: off the queue


def test_review_queue_lists_trips_missing_origin_or_date() -> None:
    base = _trip_to(_atlas(), "pl:zanthia")
    atlas = _atlas(make("trip_edit", {"id": base.id, "set": {"origins": [], "start": None, "end": None}}))
    assert all(i.kind == "place" for i in corr.review_queue(atlas))  # edited by hand: trusted
    machine = build_atlas([build(replace(article_one(), trips=(replace(article_one().trips[0], origins=(),
                                                                       date=None),)))])
    [item] = [i for i in corr.review_queue(machine) if i.kind == "trip"]
    assert item.why == "no origin, no date"


def test_place_fix_keeps_the_point_so_no_gazetteer_is_needed() -> None:
    record = corr.place_fix("inv_one", "Lakeview", LAKEVIEW_OR, by="ana")
    assert record.payload["geonameid"] == LAKEVIEW_OR.geonameid
    atlas = build_atlas(corpus(), [record])  # no lookup
    moved = _place(atlas, f"gn:{LAKEVIEW_OR.geonameid}")
    assert (moved.lat, moved.admin1) == (LAKEVIEW_OR.lat, "OR")


def test_trip_edit_records_only_what_changed() -> None:
    trip = _trip_to(_atlas(), "pl:zanthia")
    assert corr.trip_edit(trip, {"start": trip.start, "destinations": list(trip.destinations)}) is None
    record = corr.trip_edit(trip, {"start": "2025-05", "destinations": list(reversed(trip.destinations)),
                                   "program": None, "date_text": trip.date_text})
    assert record is not None
    assert record.payload["set"] == {"start": "2025-05", "destinations": list(reversed(trip.destinations))}
    assert record.before["start"] == trip.start


def test_corrections_about_what_no_longer_exists_do_no_harm() -> None:
    records = [
        make("merge", {"kind": "person", "ids": ["pe:nobody", "pe:ghost"]}),
        make("split", {"kind": "place", "id": "gn:1", "atoms": [{"document": "x", "name": "y"}]}),
        make("trip_delete", {"id": "tr:gone"}),
        make("trip_edit", {"id": "tr:gone", "set": {"start": "2020"}}),
        make("not_place", {"document": "no_such_doc", "text": "Lakeview"}),
        make("place", {"document": "inv_one", "text": "Lakeview", "geonameid": 123456789}),  # unknown id
    ]
    assert _json(_atlas(*records)) == _json(_atlas())
    trip = _trip_to(_atlas(), "pl:zanthia")
    edit = make("trip_edit", {"id": trip.id, "set": {"origins": ["pl:atlantis"], "participants": ["pe:ghost"],
                                                     "organizer": "or:lost-club"}})
    atlas = _atlas(edit)
    ids = {e.id for g in (atlas.places, atlas.people, atlas.organizations) for e in g}
    edited = next(t for t in atlas.trips if t.id == trip.id)
    assert {*edited.origins, *edited.participants, edited.organizer} <= ids  # no dangling reference
    assert next(p for p in atlas.people if p.id == "pe:ghost").name == "Ghost"


def test_not_an_entity_leaves_the_atlas_and_its_trips() -> None:
    # invented: the machine took a town for a person and put it on the trip
    from tests.extraction_factory import article_one, build

    built = build(article_one())
    name = built.people[0].name
    extraction = replace(built, trips=(replace(built.trips[0], participants=(name,)), *built.trips[1:]))
    atlas = build_atlas([extraction])
    person = next(p for p in atlas.people if p.name == name)
    assert any(person.id in t.participants for t in atlas.trips)
    record = corr.make("not_entity", {"kind": "person", "id": person.id}, by="ana")
    fixed = build_atlas([extraction], [record])
    assert person.id not in {p.id for p in fixed.people}
    assert all(person.id not in t.participants for t in fixed.trips)
    assert corr.describe(record) == f"{person.id} is not a person"
    undone = corr.set_undone([record], record.key)
    assert person.id in {p.id for p in build_atlas([extraction], undone).people}


def test_not_an_entity_needs_a_person_or_organisation_kind() -> None:
    with pytest.raises(corr.CorrectionError, match="'kind'"):
        corr.make("not_entity", {"kind": "place", "id": "gn:1"})


# --- ties: add, edit, end, remove; undo; re-ingest -----------------------------------------------------

TIES = Path(__file__).resolve().parents[1] / "data" / "ties"


@pytest.mark.parametrize(
    ("op", "payload", "message"),
    [
        ("tie_add", {"tie": {"places": ["gn:1", "gn:2"]}}, None),
        ("tie_add", {"tie": {"places": ["gn:1", {"name": "Sapporo", "lat": 43.06, "lon": 141.35}],
                             "kind": "friendship city", "status": "proposed", "since": "2024-05"}}, None),
        ("tie_add", {"tie": {"places": ["gn:1"]}}, "two places"),
        ("tie_add", {"tie": {"places": ["gn:1", "gn:1"]}}, "the same twice"),
        ("tie_add", {"tie": {"places": ["gn:1", "gn:2"], "kind": "cousin city"}}, "'kind' must be one of"),
        ("tie_add", {"tie": {"places": ["gn:1", "gn:2"], "status": "over"}}, "'status' must be one of"),
        ("tie_add", {"tie": {"places": ["gn:1", "gn:2"], "color": "red"}}, "unknown tie field"),
        ("tie_edit", {"id": "ti:x", "set": {"status": "ended", "until": "2022"}}, None),
        ("tie_edit", {"id": "ti:x", "set": {}}, "non-empty"),
        ("tie_edit", {"id": "ti:x", "set": {"since": "1988", "until": "1980"}}, "before"),
        ("tie_edit", {"id": "ti:x", "set": {"since": "88"}}, "YYYY"),
        ("tie_delete", {"id": "ti:x", "places": ["gn:1", "gn:2"]}, None),
        ("tie_delete", {}, "'id'"),
    ],
)
def test_tie_corrections_are_checked(op: str, payload: dict[str, Any], message: str | None) -> None:
    if message is None:
        record = make(op, payload)
        assert parse_jsonl(dump_jsonl([record])) == [record]  # `corrections export` and back
        assert corr.describe(record)
    else:
        with pytest.raises(CorrectionError, match=message):
            make(op, payload)


@pytest.fixture(scope="module")
def tie_store(tmp_path_factory: pytest.TempPathFactory, nlp: Any, gazetteer: Any) -> tuple[Store, Any]:
    """The invented tie articles ingested by the real pipeline, and the extractor to re-ingest them."""
    from geo.pipeline import Extractor, ingest

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('ties') / 'ties.db'}")
    extractor = Extractor(nlp, gazetteer)
    assert ingest([TIES], store, extractor).ok
    return store, extractor


def _ties(atlas: Atlas) -> dict[frozenset[str], Any]:
    names = {p.id: p.name for p in atlas.places}
    return {frozenset(names[p] for p in t.places): t for t in atlas.ties}


def test_the_invented_articles_state_their_ties(tie_store: tuple[Store, Any]) -> None:
    atlas = build_atlas(tie_store[0].load_extractions())
    ties = _ties(atlas)
    assert set(ties) == {frozenset({"Tulsa", "Beihai"}), frozenset({"Boise", "Nagoya"}),
                         frozenset({"Boise", "Kakegawa"})}
    tulsa = ties[frozenset({"Tulsa", "Beihai"})]  # told by two articles
    assert (tulsa.kind, tulsa.status, tulsa.since) == ("sister city", "active", "1998")
    assert len(tulsa.documents) == 2
    assert tulsa.trips  # the students' visit under it
    nagoya = ties[frozenset({"Boise", "Nagoya"})]
    assert (nagoya.status, nagoya.since) == ("ended", "1988")


def test_tie_corrections_edit_end_remove_and_add_survive_reingest_and_undo(
        tie_store: tuple[Store, Any], tmp_path: Path) -> None:
    from geo.pipeline import ingest

    source, extractor = tie_store
    store = Store(f"sqlite:///{tmp_path / 'curated.db'}")
    for extraction in source.load_extractions():
        store.save_extraction(extraction)
    machine = build_atlas(store.load_extractions())
    ties = _ties(machine)
    tulsa, nagoya, kakegawa = (ties[frozenset(p)] for p in (("Tulsa", "Beihai"), ("Boise", "Nagoya"),
                                                             ("Boise", "Kakegawa")))
    places = {p.name: p.id for p in machine.places}
    edit = corr.tie_edit(tulsa, {"kind": "friendship city", "since": "1998-06", "status": "active"}, by="ana")
    assert edit is not None
    assert edit.payload["set"] == {"kind": "friendship city", "since": "1998-06"}
    assert corr.tie_edit(tulsa, {"kind": "sister city"}) is None  # nothing changed
    end = corr.tie_end(kakegawa, "2024", by="ana")
    remove = corr.tie_delete(nagoya, by="ana")
    add = corr.tie_add([places["Tulsa"], places["Kakegawa"]], kind="sister city", since="2010", by="ana")
    for record in (edit, end, remove, add):
        assert store.add_correction(record)

    def check(atlas: Atlas) -> None:
        now = _ties(atlas)
        assert frozenset({"Boise", "Nagoya"}) not in now
        edited = now[frozenset({"Tulsa", "Beihai"})]
        assert (edited.kind, edited.since, edited.status, edited.manual) == ("friendship city", "1998-06",
                                                                             "active", True)
        assert len(edited.documents) == 2  # its sources and trips stay
        assert edited.trips == tulsa.trips
        ended = now[frozenset({"Boise", "Kakegawa"})]
        assert (ended.status, ended.until, ended.since) == ("ended", "2024", "1981")
        added = now[frozenset({"Tulsa", "Kakegawa"})]
        assert (added.kind, added.status, added.since) == ("sister city", "active", "2010")
        assert added.manual

    check(build_atlas(store.load_extractions(), store.load_corrections()))
    # re-ingesting the articles replaces what was extracted and keeps every correction
    report = ingest([TIES], store, extractor)
    assert report.ok
    assert report.replaced == 3
    check(build_atlas(store.load_extractions(), store.load_corrections()))
    assert {r.op for r in parse_jsonl(dump_jsonl(store.load_corrections()))} == {"tie_edit", "tie_delete",
                                                                                 "tie_add"}
    # undone from the Corrections tab: the machine's reading again
    for record in (edit, end, remove, add):
        store.set_undone(record.key)
    back = build_atlas(store.load_extractions(), store.load_corrections())
    assert [(t.id, t.kind, t.status, t.since, t.until) for t in back.ties] == [
        (t.id, t.kind, t.status, t.since, t.until) for t in machine.ties]
    store.close()


def test_a_second_add_of_the_same_pair_updates_the_tie() -> None:
    atlas = build_atlas(corpus(), lookup=lookup)
    a, b = (p.id for p in atlas.places[:2])
    added = build_atlas(corpus(), [corr.tie_add([a, b], status="proposed", at="")], lookup=lookup)
    again = build_atlas(corpus(), [corr.tie_add([b, a], status="suspended", since="2001", at=""),
                                   corr.tie_add([a, b], status="proposed", at="")], lookup=lookup)
    assert [(t.status, t.manual) for t in added.ties] == [("proposed", True)]
    assert [(t.status, t.since) for t in again.ties] == [("proposed", "2001")]  # one tie, the later wins
