"""The Delegations, Sources and Timeline pages' reads of the view tables: what the filtered atlas shows."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import insert

from geo.models import Atlas
from geo.store.database import Store
from geo.views import filters as flt
from geo.views import pagesql, viewsql, viewtables
from tests.views.test_viewsql import ATLASES, MAP_CASES


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def stores(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Store]]:
    """A store with the view tables of each test atlas, and two dated events in each of its documents."""
    from tests.conftest import fresh_pg_database

    with contextlib.ExitStack() as stack:
        opened: dict[str, Store] = {}
        for name, atlas in ATLASES.items():
            url = (f"sqlite:///{tmp_path_factory.mktemp(name) / 'atlas.db'}" if request.param == "sqlite"
                   else stack.enter_context(fresh_pg_database(request.getfixturevalue("pg_url"))))
            store = stack.enter_context(Store(url))
            viewtables.refresh(store, atlas, store.version())
            with store.engine.begin() as conn:
                conn.execute(insert(viewtables.view_dates), [
                    {"document_id": d.id, "text": f"{year}", "sentence": f"In {year}, {d.id}.",
                     "start": f"{year}-01-01", "end": f"{year}-12-31", "precision": "year"}
                    for d in reversed(atlas.documents) for year in (2001, 2019)])
            opened[name] = store
        yield opened


def _matches(atlas: Atlas, filters: flt.Filters) -> frozenset[str] | None:
    return frozenset(d.id for d in atlas.documents[::3]) if filters.q else None


def _marks(atlas: Atlas, document_id: str) -> list[tuple[str, str, str, str, int, int]]:
    """What the Sources page marks in a document of ``atlas`` (``geo.ui.marks_for``'s mentions)."""
    groups = (("place", atlas.places), ("person", atlas.people), ("organization", atlas.organizations),
              ("program", atlas.programs))
    return [(kind, item.id, item.name, m.text, m.start, m.end) for kind, items in groups for item in items
            for m in item.mentions if m.document == document_id]


@pytest.mark.parametrize(("atlas_name", "filters"), MAP_CASES)
def test_the_sources_of_a_view_are_those_of_the_filtered_atlas(
        stores: dict[str, Store], atlas_name: str, filters: flt.Filters) -> None:
    atlas = ATLASES[atlas_name]
    matches = _matches(atlas, filters)
    shown = flt.apply(atlas, filters, matches)
    store = stores[atlas_name]
    ids = pagesql.document_ids(store, filters, matches)
    assert ids == [d.id for d in shown.documents]
    assert list(pagesql.documents(store, reversed(ids[:7]))) == list(reversed(ids[:7]))
    assert [(d.title, d.published, d.path) for d in pagesql.documents(store, ids[:7]).values()] == [
        (d.title, d.published, d.path) for d in shown.documents[:7]]
    for document in shown.documents[:10]:
        got = pagesql.document_marks(store, filters, document.id, matches)
        assert [(m.kind, m.item, m.name, m.text, m.start, m.end) for m in got] == _marks(shown, document.id)


@pytest.mark.parametrize(("atlas_name", "filters"), MAP_CASES)
def test_the_timeline_reads_the_dates_of_the_views_sources(
        stores: dict[str, Store], atlas_name: str, filters: flt.Filters) -> None:
    atlas = ATLASES[atlas_name]
    matches = _matches(atlas, filters)
    kept = {d.id for d in flt.apply(atlas, filters, matches).documents}
    events = pagesql.dated_events(stores[atlas_name], filters, matches)
    assert {e.document for e in events} == kept
    assert [e.start for e in events[:2]] == (["2001-01-01", "2019-01-01"] if kept else [])


def test_trip_rows_are_the_tables_rows_in_the_order_asked(stores: dict[str, Store]) -> None:
    store = stores["small"]
    rows, _ = viewsql.trip_page(store, flt.Filters(), limit=50)
    ids = [r.id for r in reversed(rows)]
    assert pagesql.trip_rows(store, [*ids, "tr:no-such-trip"]) == list(reversed(rows))


def test_what_needs_the_atlas_is_refused(stores: dict[str, Store]) -> None:
    with pytest.raises(ValueError, match="need the atlas"):
        pagesql.document_ids(stores["small"], flt.Filters(tie="ti:x"))
    with pytest.raises(ValueError, match="needs the documents that match"):
        pagesql.dated_events(stores["small"], flt.Filters(q="Osaka"))


@pytest.mark.parametrize(("atlas_name", "filters"), MAP_CASES)
def test_the_people_pages_table_is_that_of_the_filtered_atlas(
        stores: dict[str, Store], atlas_name: str, filters: flt.Filters) -> None:
    atlas = ATLASES[atlas_name]
    matches = _matches(atlas, filters)
    shown = flt.apply(atlas, filters, matches)
    store = stores[atlas_name]
    groups = {"person": shown.people, "organization": shown.organizations, "program": shown.programs}
    assert pagesql.entity_counts(store, filters, matches) == {k: len(v) for k, v in groups.items() if v}
    for kind, items in groups.items():
        # what the page shows of each: name, mentions in the view, the view's trips it takes part in
        wanted = [(e.id, e.name, len(e.mentions), len(flt.trips_of(shown, e.id))) for e in items]
        got = pagesql.entity_page(store, filters, kind, matches, limit=1000)
        assert [(r.id, r.name, r.mentions, r.trips) for r in got] == wanted, kind
        # a page of it, further on
        assert [r.id for r in pagesql.entity_page(store, filters, kind, matches, offset=2, limit=3)] == [
            e.id for e in items[2:5]]


def test_the_people_page_refuses_an_unknown_kind_or_page(stores: dict[str, Store]) -> None:
    with pytest.raises(ValueError, match="got: 'place'"):
        pagesql.entity_page(stores["small"], flt.Filters(), "place")
    with pytest.raises(ValueError, match="offset=-1"):
        pagesql.entity_page(stores["small"], flt.Filters(), "person", offset=-1)


@pytest.mark.parametrize(("atlas_name", "filters"), MAP_CASES)
@pytest.mark.parametrize("max_nodes", [8, 120])
def test_the_network_is_that_of_the_filtered_atlas(
        stores: dict[str, Store], atlas_name: str, filters: flt.Filters, max_nodes: int) -> None:
    from geo.views.network import build_network

    atlas = ATLASES[atlas_name]
    matches = _matches(atlas, filters)
    shown = flt.apply(atlas, filters, matches)
    found = pagesql.network_atlas(stores[atlas_name], filters, matches)
    # the same nodes (names, kinds, trips), links and count of nodes left out, capped or not
    assert build_network(found, max_nodes) == build_network(shown, max_nodes)


@pytest.mark.parametrize("atlas_name", list(ATLASES))
def test_an_import_finds_in_the_view_tables_what_the_atlas_holds(
        stores: dict[str, Store], atlas_name: str) -> None:
    from geo.views import export, imports

    atlas = ATLASES[atlas_name]
    held, known = pagesql.StoreHoldings(stores[atlas_name]), imports.AtlasHoldings(atlas)
    for trip in atlas.trips[:10]:
        assert held.trip(trip.id) == known.trip(trip.id)
    assert held.trip("no such trip") is None
    ids = [p.id for p in atlas.places[:10]] + ["gn:0"]
    assert {k: replace(p, mentions=(), candidates=(), reason="") for k, p in held.places(ids).items()} == {
        k: replace(p, mentions=(), candidates=(), reason="") for k, p in known.places(ids).items()}
    names = [e.id for e in (*atlas.people, *atlas.organizations, *atlas.programs)][:20]
    assert held.names(names) == known.names(names)
    for place in atlas.places[:10]:
        asked = f"  {place.name.upper()} "  # case and spaces do not matter
        assert [p.id for p in held.places_named(asked)] == [p.id for p in known.places_named(asked)]
    for tie in atlas.ties:
        for a, b in (tie.places, tie.places[::-1]):
            found, wanted = held.tie_between(a, b), known.tie_between(a, b)
            assert wanted is not None
            assert found is not None
            assert (found.id, found.kind, found.status, found.since, found.until) == (
                wanted.id, wanted.kind, wanted.status, wanted.since, wanted.until)
    # the atlas's own export imported again: every trip and tie found unchanged, as against the atlas
    trips = export.to_csv(atlas)
    assert (imports.trips_from_csv(trips, atlas=held).unchanged
            == imports.trips_from_csv(trips, atlas=atlas).unchanged)
    ties = export.to_ties_csv(atlas)
    assert (imports.ties_from_csv(ties, atlas=held).unchanged
            == imports.ties_from_csv(ties, atlas=atlas).unchanged)
    assert imports.places_from_geojson(export.to_geojson(atlas), atlas=held).summary() == (
        imports.places_from_geojson(export.to_geojson(atlas), atlas=atlas).summary())


@pytest.mark.parametrize("atlas_name", list(ATLASES))
def test_each_countrys_people_organisations_and_programs_are_kept_at_build(
        stores: dict[str, Store], atlas_name: str) -> None:
    """The People and Network pages of a country read its entities and their mentions in the view from
    ``view_country_entities`` (the step ``ke``), written when the tables are built, rather than asking
    entity by entity."""
    from sqlalchemy import text

    atlas = ATLASES[atlas_name]
    store = stores[atlas_name]
    countries = sorted({p.country for p in atlas.places if p.country})
    assert countries
    with store.engine.connect() as conn:
        kept = {c: dict(conn.execute(text("SELECT id, mentions FROM view_country_entities "
                                          "WHERE country = :c"), {"c": c}).all()) for c in countries}
    for country in countries:
        shown = flt.apply(atlas, flt.Filters(country=country))
        with_mentions = {e.id: len(e.mentions) for group in (shown.people, shown.organizations,
                                                             shown.programs) for e in group if e.mentions}
        assert kept[country] == with_mentions, country
    assert any(kept.values())


def test_tables_written_without_the_countrys_entities_are_rebuilt(tmp_path: Path) -> None:
    """A store whose view tables an earlier version wrote (no format mark) is read as stale, so that a
    country's People page never reads a step the build did not write."""
    from sqlalchemy import delete

    from tests.atlas_factory import small_atlas

    with Store(f"sqlite:///{tmp_path}/old.db") as store:
        viewtables.refresh(store, small_atlas(), store.version())
        assert viewtables.is_fresh(store)
        with store.engine.begin() as conn:
            conn.execute(delete(viewtables.view_state).where(viewtables.view_state.c.id == 2))
            conn.execute(delete(viewtables.view_country_entities))
    with Store(f"sqlite:///{tmp_path}/old.db") as store:
        assert not viewtables.is_fresh(store)
        assert viewtables.load_atlas(store) is None
        assert viewtables.refresh(store, small_atlas(), store.version()).whole  # rebuilt whole
        assert viewtables.is_fresh(store)


@pytest.mark.parametrize("atlas_name", list(ATLASES))
def test_curates_review_queue_is_that_of_the_atlas(stores: dict[str, Store], atlas_name: str) -> None:
    from geo.store.corrections import review_queue

    atlas = ATLASES[atlas_name]
    wanted = review_queue(atlas, limit=40)
    assert wanted
    assert pagesql.review_queue(stores[atlas_name], limit=40) == wanted
    assert pagesql.review_queue(stores[atlas_name]) == review_queue(atlas)


@pytest.mark.parametrize("atlas_name", list(ATLASES))
@pytest.mark.parametrize("contains", ["", "1", "ARTICLE", "%", "no such words"])
def test_curates_documents_tab_offers_the_atlases_documents_a_page_at_a_time(
        stores: dict[str, Store], atlas_name: str, contains: str) -> None:
    atlas = ATLASES[atlas_name]
    wanted = [d for d in atlas.documents
              if contains.lower() in f"{d.title or ''}\n{d.outlet or ''}\n{d.id}".lower()]
    found, total = pagesql.document_choices(stores[atlas_name], contains, limit=5)
    assert total == len(wanted)
    assert [(d.id, d.title, d.outlet) for d in found] == [(d.id, d.title, d.outlet) for d in wanted[:5]]


@pytest.mark.parametrize("atlas_name", list(ATLASES))
def test_curates_ties_tab_lists_the_atlases_ties_whole_and_its_places(
        stores: dict[str, Store], atlas_name: str) -> None:
    from geo.views import curation

    atlas = ATLASES[atlas_name]
    found = pagesql.curate_ties(stores[atlas_name])
    assert found.ties == atlas.ties
    assert [curation.place_label(p) for p in found.places] == [curation.place_label(p) for p in atlas.places]
    places = {p.id: p for p in found.places}
    every = {p.id: p for p in atlas.places}
    assert [curation.tie_choice_label(t, places) for t in found.ties] == [
        curation.tie_choice_label(t, every) for t in atlas.ties]


@pytest.mark.parametrize("atlas_name", list(ATLASES))
@pytest.mark.parametrize("contains", ["", "→", "TR:", "no such route"])
def test_curates_trips_tab_offers_the_atlases_trips_a_page_at_a_time(
        stores: dict[str, Store], atlas_name: str, contains: str) -> None:
    from geo.views import curation

    atlas = ATLASES[atlas_name]
    labels = [(t.id, curation.trip_choice_label(atlas, t)) for t in atlas.trips]
    wanted = [(i, label) for i, label in labels if contains.lower() in label.lower()]
    found = pagesql.trip_choices(stores[atlas_name], contains, limit=3, keep=[labels[-1][0]])
    assert found.total == len(wanted)
    assert found.trips == list(dict.fromkeys([*wanted[:3], labels[-1]]))
    assert found.places == {p.id: p.name for p in atlas.places}
    assert found.people == {p.id: p.name for p in atlas.people}
    assert found.organizations == {o.id: o.name for o in atlas.organizations}
    assert found.programs == {p.id: p.name for p in atlas.programs}
    assert found.documents == [d.id for d in atlas.documents]


@pytest.mark.parametrize("atlas_name", list(ATLASES))
def test_curates_places_tab_lists_the_places_and_loads_each_whole(
        stores: dict[str, Store], atlas_name: str) -> None:
    from geo.views import curation

    atlas = ATLASES[atlas_name]
    store = stores[atlas_name]
    assert pagesql.place_labels(store) == {p.id: curation.place_label(p) for p in atlas.places}
    for place in atlas.places:
        assert pagesql.place_whole(store, place.id) == place
    assert pagesql.place_whole(store, "gn:no-such-place") is None


@pytest.mark.parametrize("atlas_name", list(ATLASES))
@pytest.mark.parametrize("kind", ["place", "person", "organization", "program"])
def test_curates_merge_and_split_lists_each_kind_and_loads_each_whole(
        stores: dict[str, Store], atlas_name: str, kind: str) -> None:
    from geo.views import curation

    atlas = ATLASES[atlas_name]
    store = stores[atlas_name]
    entities = curation.entities_of(atlas, kind)  # type: ignore[arg-type]
    assert pagesql.entity_labels(store, kind) == {i: curation.entity_label(e) for i, e in entities.items()}
    for entity in list(entities.values())[:20]:
        assert pagesql.entity_whole(store, entity.id) == entity
    with pytest.raises(ValueError, match="Merge and split lists"):
        pagesql.entity_labels(store, "trip")
