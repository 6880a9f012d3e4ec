"""The Curate and Import pages under Streamlit's AppTest: they run on any database, and fixes are recorded."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from streamlit.testing.v1 import AppTest

from geo.models import Atlas
from geo.store.database import Store
from geo.views.atlas import build_atlas
from tests.conftest import NewDatabases
from tests.extraction_factory import LAKEVIEW, LAKEVIEW_OR, corpus

if TYPE_CHECKING:
    from spacy.language import Language

    from geo.places.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parents[2]
TABS = ["Review queue", "Places", "Merge and split", "Trips", "Corrections"]


@pytest.fixture(scope="module")
def databases(module_databases: NewDatabases, nlp: Language, gazetteer: Gazetteer) -> dict[str, str]:
    """An empty database, the seed corpus ingested, and the invented articles (SQLite, then PostgreSQL)."""
    from geo.pipeline import Extractor, ingest

    urls = {name: module_databases.url(name) for name in ("empty", "seed", "invented")}
    Store(urls["empty"]).close()
    seed = Store(urls["seed"])
    report = ingest([ROOT / "seeds"], seed, Extractor(nlp, gazetteer))
    assert report.ok, report.failed
    seed.close()
    return urls


@pytest.fixture
def invented(new_databases: NewDatabases) -> str:
    """A fresh database of the invented articles (each test changes it)."""
    return new_databases.saved("invented", corpus())


def _run(page: str) -> AppTest:
    return AppTest.from_file(str(ROOT / page), default_timeout=120).run()


def _tab(app: AppTest, name: str) -> AppTest:
    """Open a tab of the Curate page (as the review queue's "Open" does)."""
    app.session_state["curate_goto"] = name
    return app.run()


def _ok(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


@pytest.mark.parametrize("database", ["empty", "seed"])
def test_import_page_runs_without_exception(app_env: pytest.MonkeyPatch, databases: dict[str, str],
                                            database: str) -> None:
    app_env.setenv("GEO_DB_URL", databases[database])
    app = _run("pages/6_Import.py")
    _ok(app)
    assert app.selectbox(key="export_format").options == ["JSON", "GEOJSON", "CSV", "KML (Google Earth)",
                                                          "HTML map", "Ties (CSV)"]


@pytest.mark.parametrize("database", ["empty", "seed"])
def test_curate_page_runs_without_exception_on_every_tab(app_env: pytest.MonkeyPatch,
                                                         databases: dict[str, str], database: str) -> None:
    app_env.setenv("GEO_DB_URL", databases[database])
    app = _run("pages/5_Curate.py")
    _ok(app)
    for name in TABS[1:]:
        _ok(_tab(app, name))


def _atlas(url: str) -> Atlas:
    store = Store(url)
    try:
        return build_atlas(store.load_extractions(), store.load_corrections())
    finally:
        store.close()


def test_choosing_another_candidate_records_a_correction_and_undo_restores(
        app_env: pytest.MonkeyPatch, invented: str) -> None:
    app_env.setenv("GEO_DB_URL", invented)
    pid = f"gn:{LAKEVIEW.geonameid}"
    app = _tab(_run("pages/5_Curate.py"), "Places")
    _ok(app)
    app.selectbox(key="curate_place").set_value(pid).run()
    app.selectbox(key=f"curate_mention_{pid}").set_value(("inv_one", "Lakeview")).run()
    candidates = app.radio(key=f"curate_cand_{pid}")
    other = next(i for i, label in enumerate(candidates.options) if "OR" in label)
    candidates.set_value(other).run()
    app.text_input(key="curate_author").input("ana").run()
    app.button(key=f"curate_use_{pid}").click().run()
    _ok(app)
    assert any("Saved: place “Lakeview” in inv" in s.value for s in app.success)
    store = Store(invented)
    [record] = store.load_corrections()
    assert (record.op, record.by, record.payload["geonameid"]) == ("place", "ana", LAKEVIEW_OR.geonameid)
    store.close()
    places = {p.id: p for p in _atlas(invented).places}
    assert {m.document for m in places[f"gn:{LAKEVIEW_OR.geonameid}"].mentions} == {"inv_one"}
    # undo on the corrections tab
    _tab(app, "Corrections").button(key=f"curate_undo_{record.key}").click().run()
    _ok(app)
    places = {p.id: p for p in _atlas(invented).places}
    assert f"gn:{LAKEVIEW_OR.geonameid}" not in places
    assert {m.document for m in places[pid].mentions} == {"inv_one", "inv_three"}


def test_not_a_place_and_merge(app_env: pytest.MonkeyPatch, invented: str) -> None:
    app_env.setenv("GEO_DB_URL", invented)
    app = _tab(_run("pages/5_Curate.py"), "Places")
    app.selectbox(key="curate_place").set_value("pl:zanthia").run()
    app.session_state["curate_fix_tab"] = "Not a place"
    app.run().button(key="curate_notplace_pl:zanthia").click().run()
    _ok(app)
    assert "pl:zanthia" not in {p.id for p in _atlas(invented).places}
    _tab(app, "Merge and split").radio(key="curate_kind").set_value("person").run()
    app.multiselect(key="curate_merge_person").set_value(["pe:ada-ruiz", "pe:bo-chen"]).run()
    app.button(key="curate_merge_go_person").click().run()
    _ok(app)
    assert [p.id for p in _atlas(invented).people] == ["pe:ada-ruiz"]
    app.selectbox(key="curate_split_person").set_value("pe:ada-ruiz").run()
    app.button(key="curate_unmerge_person").click().run()
    _ok(app)
    assert [p.id for p in _atlas(invented).people] == ["pe:ada-ruiz", "pe:bo-chen"]


def test_editing_a_trip(app_env: pytest.MonkeyPatch, invented: str) -> None:
    app_env.setenv("GEO_DB_URL", invented)
    trip = next(t for t in _atlas(invented).trips if "pl:zanthia" in t.destinations)
    app = _tab(_run("pages/5_Curate.py"), "Trips")
    app.selectbox(key="curate_trip").set_value(trip.id).run()
    app.text_input(key=f"edit_{trip.id}_start").set_value("2025-04")
    app.text_input(key=f"edit_{trip.id}_end").set_value("2025-04")
    app.button(key=f"FormSubmitter:curate_trip_form_{trip.id}-Save the trip").click().run()
    _ok(app)
    edited = next(t for t in _atlas(invented).trips if t.id == trip.id)
    assert (edited.start, edited.end, edited.manual) == ("2025-04", "2025-04", True)
    assert edited.destinations == trip.destinations


def test_review_queue_lists_the_unplaced_first(app_env: pytest.MonkeyPatch, invented: str) -> None:
    app_env.setenv("GEO_DB_URL", invented)
    app = _run("pages/5_Curate.py")
    first = next(m.value for m in app.markdown if " · place · " in m.value or " · trip · " in m.value)
    assert first.startswith("**Zanthia**")
    app.button(key="review_place_pl:zanthia").click().run()  # "Open" shows it in the Places tab
    _ok(app)
    assert app.selectbox(key="curate_place").value == "pl:zanthia"


def test_a_gazetteer_search_result_can_be_chosen(app_env: pytest.MonkeyPatch, invented: str,
                                                gazetteer: Gazetteer) -> None:
    app_env.setenv("GEO_DB_URL", invented)
    app = _tab(_run("pages/5_Curate.py"), "Places")
    app.selectbox(key="curate_place").set_value("pl:zanthia").run()
    app.session_state["curate_fix_tab"] = "Search the gazetteer"
    app.run().text_input(key="curate_query_pl:zanthia").set_value("Springfield").run()
    _ok(app)
    wanted = gazetteer.search("Springfield")[1]
    app.radio(key="curate_found_pl:zanthia").set_value(1).run()
    app.button(key="curate_use_found_pl:zanthia").click().run()
    _ok(app)
    [place] = [p for p in _atlas(invented).places if p.id == f"gn:{wanted.geonameid}"]
    assert (place.lat, place.lon, place.reason) == (wanted.lat, wanted.lon, "manual")
    assert {m.text for m in place.mentions} == {"Zanthia"}


def test_import_and_curate_read_the_store_item_by_item_without_the_atlas(
        app_env: pytest.MonkeyPatch, new_databases: NewDatabases) -> None:
    from geo.views import export, filters, imports, pagesql, viewtables
    from tests.extraction_factory import synthetic_extractions

    url = new_databases.saved("views", synthetic_extractions(60))
    with Store(url) as store:
        atlas = viewtables.rebuild(store)  # as `python -m geo ingest` does at its end
    shown = filters.apply(atlas, filters.Filters(country="CN"))
    trips = export.to_csv(atlas)

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page loaded the atlas")

    app_env.setattr(viewtables, "ensure", refused)
    app_env.setattr(filters, "apply", refused)
    app_env.setenv("GEO_DB_URL", url)
    app = AppTest.from_file(str(ROOT / "pages/6_Import.py"), default_timeout=120)
    app.query_params["country"] = "CN"
    app.run()
    _ok(app)
    # the view counted by the view tables; the export itself is written only when it is downloaded
    captions = " ".join(c.value for c in app.caption)
    assert f": {len(shown.places)} places, {len(shown.trips)} trips." in captions
    assert [b.proto.label for b in app.main.get("download_button")] == [
        "Download json", "Download the corrections"]
    # the trips of the atlas's own export, imported again: each found unchanged, item by item
    with Store(url) as store:
        found = imports.trips_from_csv(trips, atlas=pagesql.StoreHoldings(store))
    assert found.unchanged == imports.trips_from_csv(trips, atlas=atlas).unchanged

    # the Corrections tab and a link to a place ask the store, not the atlas
    app = AppTest.from_file(str(ROOT / "pages/5_Curate.py"), default_timeout=120)
    app.session_state["curate_tab"] = "Corrections"
    app.run()
    _ok(app)
    assert "No corrections yet." in [i.value for i in app.info]


def test_curates_tabs_read_the_view_tables_without_the_atlas(
        app_env: pytest.MonkeyPatch, new_databases: NewDatabases) -> None:
    from geo.store import corrections as corr
    from geo.store.corrections import review_queue, tie_add
    from geo.views import curation, filters, viewtables
    from tests.extraction_factory import synthetic_extractions

    url = new_databases.saved("views", synthetic_extractions(60))
    with Store(url) as store:
        first = viewtables.rebuild(store)
        store.add_correction(tie_add([first.places[0].id, first.places[1].id], since="2001", by="test"))
        atlas = viewtables.rebuild(store)  # as `python -m geo ingest` does at its end
    wanted = review_queue(atlas, limit=curation.REVIEW_LIMIT)
    assert wanted

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page loaded the atlas")

    app_env.setattr(viewtables, "ensure", refused)
    app_env.setattr(filters, "apply", refused)
    app_env.setenv("GEO_DB_URL", url)
    app = AppTest.from_file(str(ROOT / "pages/5_Curate.py"), default_timeout=120)
    app.run()  # the Review queue is the first tab
    _ok(app)
    assert [b.proto.id.split("review_", 1)[-1] for b in app.main.get("button")
            if "review_" in b.proto.id] == [f"{i.kind}_{i.id}" for i in wanted]

    app.session_state["curate_tab"] = "Documents"
    app.run()
    _ok(app)
    assert app.multiselect(key="curate_delete_docs").options == [
        curation.document_label(d) for d in atlas.documents]
    app.text_input(key="curate_delete_find").input("article 1").run()
    _ok(app)
    assert app.multiselect(key="curate_delete_docs").options == [
        curation.document_label(d) for d in atlas.documents if "article 1" in (d.title or "").lower()]

    app.session_state["curate_tab"] = "Ties"
    app.run()
    _ok(app)
    places = {p.id: p for p in atlas.places}
    assert atlas.ties
    assert app.selectbox(key="curate_tie").options == [curation.tie_choice_label(t, places)
                                                        for t in atlas.ties]
    assert app.multiselect(key="curate_tie_places").options == [curation.place_label(p)
                                                                 for p in atlas.places]

    app.session_state["curate_tab"] = "Trips"
    app.run()
    _ok(app)
    assert app.selectbox(key="curate_trip").options == [curation.trip_choice_label(atlas, t)
                                                         for t in atlas.trips]
    trip = atlas.trips[-1]
    app.selectbox(key="curate_trip").set_value(trip.id).run()
    _ok(app)
    assert trip.evidence
    assert any(trip.evidence[0].sentence in str(h.proto.body) for h in app.get("html")) or any(
        trip.evidence[0].sentence in str(m.value) for m in (*app.markdown, *app.caption))
    assert app.multiselect(key=f"edit_{trip.id}_destinations").value == list(trip.destinations)

    app.session_state["curate_tab"] = "Places"
    app.run()
    _ok(app)
    assert app.selectbox(key="curate_place").options == [curation.place_label(p) for p in atlas.places]
    place = max(atlas.places, key=lambda p: len(p.mentions))
    app.selectbox(key="curate_place").set_value(place.id).run()
    _ok(app)
    assert app.selectbox(key=f"curate_mention_{place.id}").options == [
        curation.mention_label(g) for g in corr.mention_groups(place)]

    app.session_state["curate_tab"] = "Merge and split"
    app.run()
    _ok(app)
    for kind in ("person", "place"):
        app.radio(key="curate_kind").set_value(kind).run()
        _ok(app)
        entities = curation.entities_of(atlas, kind)  # type: ignore[arg-type]
        assert app.multiselect(key=f"curate_merge_{kind}").options == [
            curation.entity_label(e) for e in entities.values()]
        entity = list(entities.values())[-1]
        app.selectbox(key=f"curate_split_{kind}").set_value(entity.id).run()
        _ok(app)
        assert app.multiselect(key=f"curate_split_parts_{kind}").options == [
            curation.mention_label(m) for m in curation.entity_mentions(entity)]
