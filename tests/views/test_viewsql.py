"""Filters as SQL over the view tables: the trips filters.apply keeps, and aggregates, on both databases."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest

from geo.models import Atlas
from geo.store.database import Store
from geo.views import filters as flt
from geo.views import maps, viewsql, viewtables
from tests.atlas_factory import small_atlas, synthetic_atlas, tied_atlas

SYNTHETIC = synthetic_atlas(documents=300, places=60)
SMALL = small_atlas()
TIED = tied_atlas()
ATLASES = {"small": SMALL, "synthetic": SYNTHETIC, "tied": TIED}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def stores(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Store]]:
    """A store with the view tables of each test atlas: SQLite files, or databases on the test server."""
    from tests.conftest import fresh_pg_database

    with contextlib.ExitStack() as stack:
        opened: dict[str, Store] = {}
        for name, atlas in ATLASES.items():
            url = (f"sqlite:///{tmp_path_factory.mktemp(name) / 'atlas.db'}" if request.param == "sqlite"
                   else stack.enter_context(fresh_pg_database(request.getfixturevalue("pg_url"))))
            store = stack.enter_context(Store(url))
            viewtables.refresh(store, atlas, store.version())
            opened[name] = store
        yield opened


# (sql, params) of the pure builder: the table a reader checks first
@pytest.mark.parametrize(("filters", "sql", "params"), [
    (flt.Filters(), "1 = 1", {}),
    (flt.Filters(entity_type="trip"), "1 = 1", {}),
    (flt.Filters(country="JP"),
     "EXISTS (SELECT 1 FROM view_trip_places tq JOIN view_places pq ON pq.id = tq.place_id "
     "WHERE tq.trip_id = t.id AND pq.country = :country)", {"country": "JP"}),
    (flt.Filters(start=date(2023, 1, 1)),
     "(t.span_start IS NOT NULL AND t.span_start <= :end AND t.span_end >= :start)",
     {"start": "2023-01-01", "end": "9999-12-31"}),
    (flt.Filters(program="Prairie  Pacific EXCHANGE"),
     "t.program IN (SELECT e.id FROM view_entities e WHERE e.kind = 'program' "
     "AND (e.id = :program OR e.name_key = :program_key))",
     {"program": "Prairie  Pacific EXCHANGE", "program_key": "prairie pacific exchange"}),
])
def test_trip_where_builds(filters: flt.Filters, sql: str, params: dict[str, str]) -> None:
    assert viewsql.trip_where(filters) == (sql, params)


@pytest.mark.parametrize("filters", [
    flt.Filters(q="Osaka"), flt.Filters(tie="ti:x"), flt.Filters(entity_type="person"),
])
def test_what_the_builder_cannot_say_is_refused(filters: flt.Filters) -> None:
    assert not viewsql.covers(filters)
    with pytest.raises(ValueError, match="need the atlas"):
        viewsql.trip_where(filters)


# the same trips as the atlas filter, for each filter alone and combined
CASES = [
    ("small", flt.Filters()),
    ("small", flt.Filters(country="JP")),
    ("small", flt.Filters(country="TW")),
    ("small", flt.Filters(country="ZZ")),
    ("small", flt.Filters(program="prairie pacific exchange")),
    ("small", flt.Filters(program="pr:ppe")),
    ("small", flt.Filters(organization="Heartland Friendship Council")),
    ("small", flt.Filters(person="Lee Wen")),
    ("small", flt.Filters(person="pe:dana-ortiz", country="JP")),
    ("small", flt.Filters(start=date(2024, 1, 1))),
    ("small", flt.Filters(end=date(2023, 3, 1))),
    ("small", flt.Filters(start=date(2023, 4, 1), end=date(2024, 12, 31))),
    ("small", flt.Filters(entity_type="trip", country="US")),
    ("synthetic", flt.Filters(country="CN")),
    ("synthetic", flt.Filters(program="Exchange 3")),
    ("synthetic", flt.Filters(organization="or:4")),  # its own trips and its program's
    ("synthetic", flt.Filters(person="Person 17")),
    ("synthetic", flt.Filters(start=date(2018, 1, 1), end=date(2019, 6, 30), country="AU")),
    ("synthetic", flt.Filters(program="Exchange 2", start=date(2020, 1, 1))),
]


@pytest.mark.parametrize(("atlas_name", "filters"), CASES)
def test_the_database_keeps_the_trips_the_atlas_filter_keeps(
        stores: dict[str, Store], atlas_name: str, filters: flt.Filters) -> None:
    atlas = {"small": SMALL, "synthetic": SYNTHETIC}[atlas_name]
    expected = [t.id for t in flt.apply(atlas, filters).trips]
    assert viewsql.trip_ids(stores[atlas_name], filters) == expected


@pytest.mark.parametrize("filters", [flt.Filters(), flt.Filters(country="JP"),
                                     flt.Filters(program="Exchange 1")])
def test_flows_are_the_maps_flows(stores: dict[str, Store], filters: flt.Filters) -> None:
    shown: Atlas = flt.apply(SYNTHETIC, filters)
    expected = Counter({leg: len(trips) for leg, trips in maps.flows(shown).items()})
    got = viewsql.flows(stores["synthetic"], filters)
    assert Counter({(a, b): n for a, b, n in got}) == expected
    assert [n for _, _, n in got] == sorted((n for _, _, n in got), reverse=True)


def test_trips_per_year_and_country(stores: dict[str, Store]) -> None:
    assert viewsql.trips_per_year(stores["small"], flt.Filters()) == {2023: 1, 2025: 1}
    assert viewsql.trips_per_country(stores["small"], flt.Filters()) == {"US": 2, "JP": 1, "TW": 1}
    years = Counter(int(t.start[:4]) for t in SYNTHETIC.trips if t.start)
    assert viewsql.trips_per_year(stores["synthetic"], flt.Filters()) == dict(sorted(years.items()))


def test_mentions_per_place(stores: dict[str, Store]) -> None:
    assert viewsql.mentions_per_place(stores["small"], limit=1) == [("gn:2", "Boise", 2)]
    assert viewsql.mentions_per_place(stores["small"], country="JP") == [("gn:3", "Osaka", 1),
                                                                         ("gn:4", "Kobe", 1)]


def test_trip_pages_cover_the_trips_once(stores: dict[str, Store]) -> None:
    filters = flt.Filters(country="US")
    expected = [t.id for t in flt.apply(SYNTHETIC, filters).trips]
    seen: list[str] = []
    offset = 0
    while True:
        rows, total = viewsql.trip_page(stores["synthetic"], filters, offset=offset, limit=25)
        assert total == len(expected)
        if not rows:
            break
        seen += [r.id for r in rows]
        offset += 25
    assert seen == expected
    first, _ = viewsql.trip_page(stores["small"], flt.Filters(), limit=1)
    assert first[0].route == "Tulsa, Boise → Osaka → Kobe (2023-03)"
    assert (first[0].participants, first[0].organiser, first[0].program) == (
        "Dana Ortiz", "Heartland Friendship Council", "Prairie Pacific Exchange")
    with pytest.raises(ValueError, match="offset=-1"):
        viewsql.trip_page(stores["small"], flt.Filters(), offset=-1)


def _searched(atlas: Atlas, step: int) -> frozenset[str]:
    """The documents a search might find: every ``step``-th one."""
    return frozenset(d.id for d in atlas.documents[::step])


MAP_CASES = [
    *CASES,
    ("small", flt.Filters(entity_type="place")),
    ("small", flt.Filters(entity_type="place", country="JP")),
    ("synthetic", flt.Filters(entity_type="trip")),
    ("synthetic", flt.Filters(entity_type="place", start=date(2019, 1, 1))),
    ("synthetic", flt.Filters(organization="or:4", country="US")),
    ("small", flt.Filters(q="x")),
    ("small", flt.Filters(q="x", country="JP")),
    ("small", flt.Filters(q="x", person="Lee Wen")),
    ("synthetic", flt.Filters(q="x")),
    ("synthetic", flt.Filters(q="x", country="CN")),
    ("synthetic", flt.Filters(q="x", program="Exchange 3")),
    ("synthetic", flt.Filters(q="x", organization="or:4")),
    ("synthetic", flt.Filters(q="x", start=date(2018, 1, 1), end=date(2020, 6, 30))),
    ("synthetic", flt.Filters(q="x", entity_type="place", country="AU")),
    ("tied", flt.Filters()),
    ("tied", flt.Filters(country="TW")),
    ("tied", flt.Filters(country="JP", entity_type="place")),
    ("tied", flt.Filters(start=date(2021, 1, 1))),
    ("tied", flt.Filters(end=date(1995, 12, 31))),
    ("tied", flt.Filters(entity_type="trip")),
    ("tied", flt.Filters(program="prairie pacific exchange")),
    ("tied", flt.Filters(q="x", country="JP")),
]


@pytest.mark.parametrize(("atlas_name", "filters"), MAP_CASES)
@pytest.mark.parametrize("step", [2, 5])
def test_the_map_view_is_what_the_atlas_filter_keeps(
        stores: dict[str, Store], atlas_name: str, filters: flt.Filters, step: int) -> None:
    atlas = ATLASES[atlas_name]
    matches = _searched(atlas, step) if filters.q else None
    shown = flt.apply(atlas, filters, matches)
    got = viewsql.map_view(stores[atlas_name], filters, matches)
    assert got.mentions == {p.id: len(p.mentions) for p in shown.places}
    assert [(t.id, t.origins, t.destinations, t.start, t.program) for t in got.atlas.trips] == [
        (t.id, t.origins, t.destinations, t.start, t.program) for t in shown.trips]
    assert sorted(t.id for t in got.atlas.ties) == sorted(t.id for t in shown.ties)
    assert got.documents == len(shown.documents)
    assert maps.display_lons(got.atlas) == maps.display_lons(shown)


@pytest.mark.parametrize("filters", [flt.Filters(tie="ti:x"), flt.Filters(entity_type="person")])
def test_the_map_view_refuses_what_needs_the_atlas(stores: dict[str, Store], filters: flt.Filters) -> None:
    assert not viewsql.covers_map(filters)
    with pytest.raises(ValueError, match="need the atlas"):
        viewsql.map_view(stores["small"], filters)


@pytest.mark.parametrize("atlas_name", list(ATLASES))
def test_the_sidebar_choices_are_the_atlas_choices(stores: dict[str, Store], atlas_name: str) -> None:
    assert viewsql.choices(stores[atlas_name]) == viewsql.choices_of(ATLASES[atlas_name])


def _docs(atlas: Atlas, ids: set[str]) -> dict[str, tuple[str | None, ...]]:
    return {d.id: (d.title, d.outlet, d.published, d.url) for d in atlas.documents if d.id in ids}


def _related(atlas: Atlas, item: str) -> tuple[list[str], ...]:
    """What a place's panel lists of what is tied to it: people, organisations, programs, trips."""
    tied = flt.related(atlas, item)
    return tuple([x.id for x in group] for group in (tied.people, tied.organizations, tied.programs,
                                                     tied.trips))


def _what_a_panel_reads(atlas: Atlas, kind: str, item: str) -> dict[str, object]:
    """What ``geo.ui``'s panel of ``item`` reads of an atlas."""
    if kind == "place":
        place = next((p for p in atlas.places if p.id == item), None)
        if place is None:
            return {}
        # the panel lists the first 20 mentions, and counts them all (``map_view``'s count, tested above)
        return {"place": replace(place, mentions=()), "listed": place.mentions[:20],
                "related": _related(atlas, item),
                "ties": [t.id for t in flt.ties_of(atlas, item)],
                "docs": _docs(atlas, {m.document for m in place.mentions[:20]})}
    if kind == "entity":
        entity = next((e for e in (*atlas.people, *atlas.organizations, *atlas.programs) if e.id == item),
                      None)
        if entity is None:
            return {}
        tied = flt.related(atlas, item)
        organizer = getattr(entity, "organizer", None)
        return {"entity": replace(entity, mentions=()), "listed": entity.mentions[:20],
                "organizer": [o.name for o in atlas.organizations if o.id == organizer],
                "related": _related(atlas, item), "places": [p.name for p in tied.places],
                "docs": _docs(atlas, {m.document for m in entity.mentions[:20]})}
    if kind == "trip":
        trip = next((t for t in atlas.trips if t.id == item), None)
        if trip is None:
            return {}
        names = {e.id: e.name for e in (*atlas.people, *atlas.organizations, *atlas.programs)}
        places = {p.id: p for p in atlas.places}
        return {"trip": trip, "label": maps.trip_label(trip, places),
                "names": [names.get(i) for i in (*trip.participants, trip.organizer, trip.program) if i],
                "docs": _docs(atlas, {e.document for e in trip.evidence})}
    if kind == "flow":
        found = maps.flow_trips(atlas, item)
        return {} if found is None else {"trips": [t.id for t in found[1]],
                                         "places": [p.name for p in atlas.places if p.id in found[0]]}
    tie = next((t for t in atlas.ties if t.id == item), None)
    if tie is None:
        return {}
    return {"tie": tie, "places": [maps.place_label(p) for p in atlas.places if p.id in tie.places],
            "trips": [t.id for t in atlas.trips if t.id in tie.trips],
            "docs": _docs(atlas, {e.document for e in tie.evidence})}


@pytest.mark.parametrize(("atlas_name", "filters"), MAP_CASES)
@pytest.mark.parametrize("few", [0, 2000])  # every view read item by item, or through its documents
def test_a_panel_reads_by_id_what_it_reads_of_the_filtered_atlas(
        stores: dict[str, Store], atlas_name: str, filters: flt.Filters, few: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from geo.views import panels

    monkeypatch.setattr(panels, "FEW_DOCUMENTS", few)

    atlas = ATLASES[atlas_name]
    matches = _searched(atlas, 2) if filters.q else None
    shown = flt.apply(atlas, filters, matches)
    selections = [("place", p.id) for p in atlas.places[:12]] + [("trip", t.id) for t in atlas.trips[:8]]
    selections += [("flow", maps.flow_id(*leg)) for leg in list(maps.flows(atlas))[:6]]
    selections += [("tie", t.id) for t in atlas.ties]
    selections += [("entity", e.id) for group in (atlas.people, atlas.organizations, atlas.programs)
                   for e in group[:6]]
    for kind, item in selections:
        panel = panels.panel_atlas(stores[atlas_name], filters, (kind, item), matches)
        assert _what_a_panel_reads(panel, kind, item) == _what_a_panel_reads(shown, kind, item), (kind, item)


@pytest.mark.parametrize(("atlas_name", "filters"), MAP_CASES)
def test_the_ties_page_reads_of_the_view_tables_what_the_atlas_filter_keeps(
        stores: dict[str, Store], atlas_name: str, filters: flt.Filters) -> None:
    atlas = ATLASES[atlas_name]
    matches = _searched(atlas, 2) if filters.q else None
    shown = flt.apply(atlas, filters, matches)
    found = viewsql.tie_view(stores[atlas_name], filters, matches)
    # the table as the Ties page shows it: places by name and country, sources and trips counted
    assert flt.tie_rows(found, found.ties) == flt.tie_rows(shown, shown.ties)
    for chosen in (flt.TieFilters(country="JP"), flt.TieFilters(status="ended"),
                   flt.TieFilters(year_to=1990)):
        assert ([t.id for t in flt.select_ties(found, chosen)]
                == [t.id for t in flt.select_ties(shown, chosen)]), chosen
