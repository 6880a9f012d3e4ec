"""Every page of the dashboard, run by Streamlit's AppTest on an empty, a small and a large database."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from geo.store.database import Store
from tests.conftest import NewDatabases
from tests.extraction_factory import HOSTILE, make_extraction, synthetic_extractions
from tests.pages.without_atlas import refuse_the_atlas, viewed

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["pages/1_Map.py", "pages/2_Delegations.py", "pages/3_People.py", "pages/4_Sources.py",
         "pages/7_Timeline.py"]


@pytest.fixture(scope="module")
def databases(module_databases: NewDatabases, nlp: Any, gazetteer: Any) -> dict[str, str]:
    """Empty; two invented articles; the seed corpus through the real pipeline; 300 invented articles
    (on SQLite, then on PostgreSQL)."""
    from geo.pipeline import Extractor, ingest

    dbs = module_databases
    seed = dbs.url("seed")
    report = ingest([ROOT / "seeds"], Store(seed), Extractor(nlp, gazetteer))
    assert report.ok, report.failed
    text_b = ("A team from Osaka toured Tulsa, Oklahoma, last March.\nNothing else.\n"
              "Nobody knows where Zorbington is.")
    return {
        "empty": dbs.saved("empty", []),
        "small": dbs.saved("small", [make_extraction("doc_a"), make_extraction("doc_b", text_b)]),
        "seed": seed,
        "large": dbs.saved("large", synthetic_extractions(300)),
    }


def _run(page: str, params: dict[str, str] | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / page), default_timeout=120)
    for key, value in (params or {}).items():
        app.query_params[key] = value
    return app.run()


def _texts(app: AppTest) -> str:
    elements = (*app.markdown, *app.caption, *app.title, *app.subheader, *app.info, *app.warning)
    parts = [e.value for e in elements]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("database", ["empty", "small", "seed", "large"])
@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(app_env: pytest.MonkeyPatch, databases: dict[str, str], database: str,
                                     page: str) -> None:
    app_env.setenv("GEO_DB_URL", databases[database])
    app = _run(page)
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def test_entry_script_runs_the_map(app_env: pytest.MonkeyPatch, databases: dict[str, str]) -> None:
    app_env.setenv("GEO_DB_URL", databases["small"])
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    assert not app.exception
    assert not app.error
    assert "Delegation Atlas" in _texts(app)
    # the filters are drawn once, by the entry script, in the sidebar
    assert [s.label for s in app.sidebar.selectbox] == [
        "Program", "Organisation", "Person", "Country (ISO code)", "Entity type"]


def test_empty_database_says_so(app_env: pytest.MonkeyPatch, databases: dict[str, str]) -> None:
    app_env.setenv("GEO_DB_URL", databases["empty"])
    app = _run("pages/1_Map.py")
    assert "The database is empty" in _texts(app)


def test_program_in_the_url_sets_the_filter(app_env: pytest.MonkeyPatch, databases: dict[str, str]) -> None:
    app_env.setenv("GEO_DB_URL", databases["small"])
    app = _run("pages/2_Delegations.py", {"program": "prairie pacific exchange"})
    assert app.sidebar.selectbox(key="program").value == "Prairie Pacific Exchange"
    assert "program: Prairie Pacific Exchange" in _texts(app)


def test_date_in_the_url_empties_the_view(app_env: pytest.MonkeyPatch, databases: dict[str, str]) -> None:
    app_env.setenv("GEO_DB_URL", databases["small"])
    app = _run("pages/1_Map.py", {"from": "2030-03-01"})
    assert app.sidebar.date_input(key="from").value.isoformat() == "2030-03-01"
    assert "No place matches the filters." in _texts(app)


def test_bad_url_values_are_explained(app_env: pytest.MonkeyPatch, databases: dict[str, str]) -> None:
    app_env.setenv("GEO_DB_URL", databases["small"])
    app = _run("pages/1_Map.py", {"from": "not-a-date", "program": "No Such Thing"})
    assert not app.exception
    warnings = " ".join(w.value for w in app.sidebar.warning)
    assert "expected a date" in warnings
    assert "nothing is called 'No Such Thing'" in warnings


def test_delegations_row_selection_shows_the_trip(
    app_env: pytest.MonkeyPatch, databases: dict[str, str]
) -> None:
    app_env.setenv("GEO_DB_URL", databases["small"])
    app = _run("pages/2_Delegations.py")
    assert app.dataframe, "the trips table"
    assert "Evidence" not in _texts(app)
    from geo.views.atlas import build_atlas

    trip = build_atlas(Store(databases["small"]).load_extractions()).trips[0].id
    app = _run("pages/2_Delegations.py", {"trip": trip})
    assert "**Evidence (2)**" in _texts(app)  # the same trip told by both articles
    assert "**Status** completed · **Kind** " in _texts(app)  # made, not planned or cancelled
    assert "Mayors from Tulsa, Oklahoma, travelled to Osaka last March." in " ".join(
        str(h.proto.body) for h in app.get("html"))


def test_sources_escape_markup(app_env: pytest.MonkeyPatch, databases: dict[str, str]) -> None:
    app_env.setenv("GEO_DB_URL", databases["large"])
    app = _run("pages/4_Sources.py", {"doc": "syn_0017"})
    bodies = " ".join(str(h.proto.body) for h in app.get("html"))
    assert "&lt;script&gt;" in bodies
    assert HOSTILE not in bodies
    assert 'class="atlas-mark atlas-place"' in bodies


def test_people_page_shows_the_asked_entity(app_env: pytest.MonkeyPatch, databases: dict[str, str]) -> None:
    app_env.setenv("GEO_DB_URL", databases["small"])
    from geo.views.atlas import build_atlas

    person = build_atlas(Store(databases["small"]).load_extractions()).people[0]
    app = _run("pages/3_People.py", {"entity": person.id})
    assert person.name in [s.value for s in app.subheader]
    assert "director" in _texts(app)


def test_seed_program_in_the_url_keeps_its_trip(
    app_env: pytest.MonkeyPatch, databases: dict[str, str]
) -> None:
    from geo.views.atlas import build_atlas

    app_env.setenv("GEO_DB_URL", databases["seed"])
    atlas = build_atlas(Store(databases["seed"]).load_extractions())
    program = next(p for p in atlas.programs if any(t.program == p.id for t in atlas.trips))
    app = _run("pages/2_Delegations.py", {"program": program.name})
    assert len(app.dataframe[0].value) == 1
    app = _run("pages/2_Delegations.py", {"from": "2024-03-01"})
    assert "No trip matches the filters." in _texts(app)


def test_clear_filters_empties_the_url(app_env: pytest.MonkeyPatch, databases: dict[str, str]) -> None:
    app_env.setenv("GEO_DB_URL", databases["small"])
    app = _run("pages/1_Map.py", {"from": "2030-01-01", "country": "jp"})
    assert app.sidebar.selectbox(key="country").value == "JP"
    app.sidebar.button[0].click().run()
    assert app.sidebar.date_input(key="from").value is None
    assert app.sidebar.selectbox(key="country").value is None
    assert "No filter" in _texts(app)


@pytest.mark.parametrize("page", PAGES[1:])
def test_switch_page_from_the_entry_script(app_env: pytest.MonkeyPatch, databases: dict[str, str],
                                          page: str) -> None:
    app_env.setenv("GEO_DB_URL", databases["seed"])
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    assert app.sidebar.selectbox(key="program") is not None  # the page drew the filters itself


@pytest.mark.parametrize("params", [{}, {"country": "JP"}, {"q": "Town3*"}, {"place": "first"},
                                    {"country": "CN", "trip": "first"}])
def test_the_map_page_draws_from_the_view_tables_without_the_atlas(
        app_env: pytest.MonkeyPatch, new_databases: NewDatabases, params: dict[str, str]) -> None:
    from geo.views import filters, viewtables

    url = new_databases.saved("views", synthetic_extractions(120))
    with Store(url) as store:
        atlas = viewtables.rebuild(store)  # as `python -m geo ingest` does at its end
    in_china = filters.apply(atlas, filters.Filters(country="CN")).trips
    wanted = {"place": atlas.places[0].id, "trip": in_china[0].id}
    params = {k: wanted.get(k, v) if v == "first" else v for k, v in params.items()}

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the Map page loaded the atlas")

    app_env.setattr(viewtables, "ensure", refused)
    app_env.setattr(filters, "apply", refused)
    app_env.setenv("GEO_DB_URL", url)
    app = _run("pages/1_Map.py", params)
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    text = _texts(app)
    if "place" in params:
        assert any(s.value == atlas.places[0].name for s in app.subheader), text
    elif "trip" in params:
        assert any(s.value == "Trip" for s in app.subheader), text
    else:
        assert "places on the map" in text


@pytest.mark.parametrize("params", [{}, {"country": "CN"}, {"q": "Town3*"}])
def test_delegations_sources_and_timeline_read_the_view_tables_without_the_atlas(
        app_env: pytest.MonkeyPatch, new_databases: NewDatabases, params: dict[str, str]) -> None:
    url, shown = viewed(new_databases, params)
    assert shown.trips
    assert shown.documents

    refuse_the_atlas(app_env, url)
    trip = shown.trips[-1]
    app = _run("pages/2_Delegations.py", {**params, "trip": trip.id})
    assert not app.exception, [e.value for e in app.exception]
    table = app.dataframe[0].value
    assert len(table) == min(len(shown.trips), 200)
    assert any(s.value == "Trip" for s in app.subheader), _texts(app)  # the trip asked for, whole
    assert f"**Evidence ({len(trip.evidence)})**" in _texts(app)

    document = shown.documents[-1]
    app = _run("pages/4_Sources.py", {**params, "doc": document.id})
    assert not app.exception, [e.value for e in app.exception]
    assert app.selectbox[0].value == document.id
    assert len(app.selectbox[0].options) == len(shown.documents)
    marked = [p for p in (*shown.places, *shown.people, *shown.organizations, *shown.programs)
              if any(m.document == document.id for m in p.mentions)]
    page = "\n".join(str(h.proto.body) for h in app.get("html"))
    # each item the view keeps that the document names is marked in its text (its name escaped)
    assert marked
    assert all(html.escape(f": {p.name}") in page for p in marked)

    app = _run("pages/7_Timeline.py", params)
    assert not app.exception, [e.value for e in app.exception]
    assert "No dated trip" not in _texts(app)


@pytest.mark.parametrize("params", [{}, {"country": "CN"}, {"q": "Town3*"}])
def test_the_people_page_reads_the_view_tables_without_the_atlas(
        app_env: pytest.MonkeyPatch, new_databases: NewDatabases, params: dict[str, str]) -> None:
    from geo.views import filters

    url, shown = viewed(new_databases, params)
    assert shown.people
    assert shown.organizations
    person = shown.people[-1]

    refuse_the_atlas(app_env, url)
    app = _run("pages/3_People.py", {**params, "entity": person.id})
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    # the table of people as the filtered atlas counts them, and the asked person's panel
    table = app.dataframe[0].value
    assert list(table["name"]) == [p.name for p in shown.people]
    assert list(table["mentions"]) == [len(p.mentions) for p in shown.people]
    assert list(table["trips"]) == [len(filters.trips_of(shown, p.id)) for p in shown.people]
    assert person.name in [s.value for s in app.subheader]
    assert f"**Mentions ({len(person.mentions):,})**" in _texts(app)
    tied = filters.related(shown, person.id)
    if tied.trips:
        assert f"**Trips ({len(tied.trips)})**" in _texts(app)
    app.radio[0].set_value("organization").run()
    assert list(app.dataframe[0].value["name"]) == [o.name for o in shown.organizations]
