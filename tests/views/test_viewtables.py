"""The view tables: written from the atlas once per store version, read back, indexed, on both databases."""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select, text, update

from geo.models import Atlas
from geo.store.corrections import make
from geo.store.database import Store
from geo.views import viewtables
from tests.atlas_factory import small_atlas, synthetic_atlas
from tests.extraction_factory import make_extraction


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = (f"sqlite:///{tmp_path / 'atlas.db'}" if request.param == "sqlite"
           else str(request.getfixturevalue("pg_database")))
    with Store(url) as opened:
        yield opened


def test_refresh_writes_what_the_views_need(store: Store) -> None:
    atlas = small_atlas()
    viewtables.refresh(store, atlas, store.version())
    with store.engine.connect() as conn:
        places = dict(conn.execute(text("SELECT id, mentions FROM view_places")).all())
        roles = dict(conn.execute(text("SELECT id, role FROM view_places")).all())
        legs = conn.execute(text("SELECT trip_id, from_place, to_place FROM view_legs "
                                 "ORDER BY trip_id, seq")).all()
        label = conn.execute(text("SELECT route_label FROM view_trips WHERE id = 'tr:one'")).scalar()
        span = conn.execute(text("SELECT span_start, span_end, year FROM view_trips "
                                 "WHERE id = 'tr:one'")).one()
        docs = conn.execute(text("SELECT count(*) FROM view_documents")).scalar()
        keys = dict(conn.execute(text("SELECT id, name_key FROM view_entities")).all())
    assert places["gn:2"] == 2  # Boise is named in both articles
    assert places["gn:1"] == 1
    assert roles == {"gn:1": "origin", "gn:2": "both", "gn:3": "destination", "gn:4": "destination",
                     "gn:5": "origin", "gn:6": "mentioned", "pl:nowhere": "mentioned"}
    assert [tuple(r) for r in legs] == [("tr:one", "gn:1", "gn:3"), ("tr:one", "gn:2", "gn:3"),
                                        ("tr:one", "gn:3", "gn:4"), ("tr:two", "gn:5", "gn:2")]
    assert label == "Tulsa, Boise → Osaka → Kobe (2023-03)"
    assert tuple(span) == ("2023-03-01", "2023-03-31", 2023)
    assert docs == 2
    assert keys["or:hfc"] == "heartland friendship council"


def test_the_tables_have_the_indexes_the_filters_use(store: Store) -> None:
    viewtables.create(store)
    names = {ix["name"] for t in ("view_trips", "view_legs", "view_trip_places", "view_entities")
             for ix in inspect(store.engine).get_indexes(t)}
    assert {"ix_view_trips_span", "ix_view_legs_pair", "ix_view_trip_places_place",
            "ix_view_entities_kind_key"} <= names


def test_the_snapshot_is_the_atlas_while_the_store_is_unchanged(store: Store) -> None:
    atlas = synthetic_atlas(documents=40, places=30)
    assert viewtables.load_atlas(store) is None  # never built
    viewtables.refresh(store, atlas, store.version())
    assert viewtables.is_fresh(store)
    assert viewtables.load_atlas(store) == atlas
    store.save_extraction(make_extraction())  # any write makes the tables stale
    assert not viewtables.is_fresh(store)
    assert viewtables.load_atlas(store) is None


def test_ensure_builds_once_per_version(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import geo.views.atlas

    builds: list[int] = []
    real = geo.views.atlas.build_atlas

    def counted(*args: Any, **kwargs: Any) -> Atlas:
        builds.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(geo.views.atlas, "build_atlas", counted)
    store.save_extraction(make_extraction())
    first = viewtables.ensure(store)
    again = viewtables.ensure(store)
    assert first == again
    assert first.trips
    assert len(builds) == 1
    store.add_correction(make("trip_delete", {"id": first.trips[0].id}, by="test"))
    corrected = viewtables.ensure(store)
    assert len(builds) == 2
    assert first.trips[0].id not in {t.id for t in corrected.trips}


def test_the_dates_the_articles_name_are_kept(store: Store) -> None:
    extraction = make_extraction()
    store.save_extraction(extraction)
    assert viewtables.dated_events(store) is None  # not built yet
    viewtables.rebuild(store)
    events = viewtables.dated_events(store)
    expected = [(m.span.text, m.resolved.start) for m in extraction.dates if m.resolved is not None]
    assert expected
    assert [(e["text"], e["start"]) for e in events or []] == expected
    assert {e["document_id"] for e in events or []} == {extraction.document.id}


def test_rebuild_applies_the_corrections(store: Store) -> None:
    store.save_extraction(make_extraction())
    atlas = viewtables.rebuild(store)
    assert atlas.trips
    trip = atlas.trips[0].id
    store.add_correction(make("trip_delete", {"id": trip}, by="test"))
    corrected = viewtables.rebuild(store)
    assert trip not in {t.id for t in corrected.trips}
    with store.engine.connect() as conn:
        left = conn.execute(text("SELECT count(*) FROM view_trips WHERE id = :id"), {"id": trip}).scalar()
    assert left == 0
    assert viewtables.load_atlas(store) == corrected


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (print, ("this must never run",))


def test_a_tampered_snapshot_is_refused_not_run(store: Store) -> None:
    viewtables.refresh(store, small_atlas(), store.version())
    with store.engine.begin() as conn:
        conn.execute(update(viewtables.view_state).values(atlas=zlib.compress(pickle.dumps(_Boom()))))
    with pytest.raises(viewtables.ViewTablesError, match=r"builtins\.print"):
        viewtables.load_atlas(store)


def _contents(store: Store) -> dict[str, Any]:
    """Every view table's rows, as a user of them sees them: without the surrogate ids of the mentions
    and dates, the dates in the order the Timeline reads them, each item and the snapshot unpickled."""
    out: dict[str, Any] = {}
    with store.engine.connect() as conn:
        for table in (*viewtables._ROWS, *viewtables._DERIVED):
            columns = [c for c in table.columns
                       if not (c.name == "id" and table in (viewtables.view_mentions, viewtables.view_dates))]
            rows = [tuple(r) for r in conn.execute(select(*columns))]
            if table is viewtables.view_items:
                rows = [(i, viewtables.load_item(blob)) for i, blob in rows]
            out[table.name] = sorted(rows, key=repr)
        state = conn.execute(select(viewtables.view_state.c.id, viewtables.view_state.c.version)).all()
    out["view_dates"] = viewtables.dated_events(store)
    out["view_state"] = sorted(tuple(r) for r in state)
    out["atlas"] = viewtables.load_atlas(store)
    return out


def _refreshed(store: Store, *, whole: bool = False) -> viewtables.Written:
    from geo.views.atlas import build_atlas

    extractions = store.load_extractions()
    atlas = build_atlas(extractions, store.load_corrections())
    return viewtables.refresh(store, atlas, store.version(), extractions, whole=whole)


def test_a_build_after_a_change_writes_what_changed_and_ends_as_a_whole_build(store: Store) -> None:
    """An ingest of a few articles, a re-ingest that replaces one, a correction applied after: each build
    writes by difference, and the tables end exactly as a build that writes them whole."""
    from dataclasses import replace as changed

    from tests.extraction_factory import synthetic_extractions

    corpus = synthetic_extractions(90)
    for extraction in corpus[:80]:
        if extraction is not corpus[40]:
            store.save_extraction(extraction)
    assert _refreshed(store).whole  # never built: written whole

    # new articles after those held, and one among them (what follows it moves down one place)
    steps: list[tuple[str, Any]] = [("ingest", [*corpus[80:], corpus[40]])]
    first = corpus[1]
    renamed = changed(first, document=changed(first.document, meta=changed(first.document.meta,
                                                                          title="A replaced article")),
                      trips=(), dates=first.dates[:1])
    steps.append(("re-ingest", [renamed]))
    steps.append(("correction", None))
    for name, extractions in steps:
        if extractions is None:
            trip = viewtables.load_atlas(store).trips[3].id  # type: ignore[union-attr]
            store.add_correction(make("trip_delete", {"id": trip}, by="test"))
        else:
            for extraction in extractions:
                store.save_extraction(extraction)
        written = _refreshed(store)
        assert not written.whole, name
        shown = _contents(store)
        # what changed is written, not the rest
        assert sum(written.inserted.values()) < sum(len(shown[t.name]) for t in viewtables._ROWS) / 2, name
        assert written.inserted["view_trips"] > 0 or written.deleted["view_trips"] > 0, name
        assert viewtables.is_fresh(store)
        assert _refreshed(store, whole=True).whole
        assert _contents(store) == shown, name
    atlas = viewtables.load_atlas(store)
    assert atlas is not None
    assert "A replaced article" in {d.title for d in atlas.documents}
    assert trip not in {t.id for t in atlas.trips}


def test_a_build_with_nothing_changed_writes_no_row(store: Store) -> None:
    from tests.extraction_factory import synthetic_extractions

    for extraction in synthetic_extractions(30):
        store.save_extraction(extraction)
    _refreshed(store)
    again = _refreshed(store)
    assert not again.whole
    assert sum(again.inserted.values()) == sum(again.deleted.values()) == 0
