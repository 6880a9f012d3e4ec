"""The Ties page, the tie panel and the sidebar's one-tie filter under AppTest: empty, seed, invented ties."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from geo.store.database import Store
from tests.conftest import NewDatabases

ROOT = Path(__file__).resolve().parents[2]
# the invented tie articles (their sidecars say INVENTED; nothing else there, as every file is ingested):
# t01 "Tulsa and Beihai became sister cities in 1998" and a students' trip under it; t02 the same tie, "the
# 25th anniversary of the sister-city relationship"; t03 an ended tie (Boise-Nagoya, begun in 1988) and a
# friendship city (Boise-Kakegawa, 1981)
TIES = ROOT / "tests" / "data" / "ties"


@pytest.fixture(scope="module")
def databases(module_databases: NewDatabases, nlp: Any, gazetteer: Any) -> dict[str, str]:
    """Empty; the seed corpus; the invented tie articles (all through the real pipeline; on SQLite,
    then on PostgreSQL)."""
    from geo.pipeline import Extractor, ingest

    urls = {name: module_databases.url(name) for name in ("empty", "seed", "ties")}
    extractor = Extractor(nlp, gazetteer)
    for name, corpus in (("seed", ROOT / "seeds"), ("ties", TIES)):
        assert ingest([corpus], Store(urls[name]), extractor).ok
    Store(urls["empty"]).close()
    return urls


def _run(page: str, params: dict[str, str] | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / page), default_timeout=120)
    for key, value in (params or {}).items():
        app.query_params[key] = value
    return app.run()


def _table(app: AppTest) -> list[dict[str, Any]]:
    return app.dataframe[0].value.to_dict("records")  # type: ignore[no-any-return]


def _texts(app: AppTest) -> str:
    return "\n".join(str(e.value) for e in (*app.markdown, *app.caption, *app.subheader, *app.info,
                                              *app.warning))


@pytest.mark.parametrize("database", ["empty", "seed"])
def test_without_ties_the_page_says_how_to_get_some(app_env: pytest.MonkeyPatch, databases: dict[str, str],
                                                    database: str) -> None:
    app_env.setenv("GEO_DB_URL", databases[database])
    app = _run("pages/8_Ties.py")
    assert not app.exception
    assert not app.error
    assert "No tie in the current view" in app.info[0].value  # the seed states no tie


def test_the_table_lists_every_tie(app_env: pytest.MonkeyPatch, databases: dict[str, str]) -> None:
    app_env.setenv("GEO_DB_URL", databases["ties"])
    app = _run("pages/8_Ties.py")
    assert not app.exception
    rows = {frozenset((r["place A"], r["place B"])): r for r in _table(app)}
    assert set(rows) == {frozenset({"Tulsa", "Beihai"}), frozenset({"Boise", "Nagoya"}),
                         frozenset({"Boise", "Kakegawa"})}
    tulsa = rows[frozenset({"Tulsa", "Beihai"})]
    assert (tulsa["kind"], tulsa["status"], tulsa["since"], tulsa["sources"]) == ("sister city", "active",
                                                                                  "1998", 2)
    assert tulsa["trips"] >= 1


def test_the_ties_page_reads_the_view_tables_without_the_atlas(app_env: pytest.MonkeyPatch,
                                                              ties_copy: str) -> None:
    from geo.views import filters, viewtables

    with Store(ties_copy) as store:
        viewtables.rebuild(store)  # as `python -m geo ingest` does at its end

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the Ties page loaded the atlas")

    app_env.setattr(viewtables, "ensure", refused)
    app_env.setattr(filters, "apply", refused)
    app_env.setenv("GEO_DB_URL", ties_copy)
    app = _run("pages/8_Ties.py", {"country": "CN"})
    assert not app.exception, [e.value for e in app.exception]
    assert [{r["place A"], r["place B"]} for r in _table(app)] == [{"Tulsa", "Beihai"}]
    app.session_state["ties_table"] = {"selection": {"rows": [0], "columns": []}}  # a row chosen: its panel
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("Tulsa" in str(s.value) and "Beihai" in str(s.value) for s in app.subheader), \
        [s.value for s in app.subheader]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"tie_status": "ended"}, [{"Boise", "Nagoya"}]),
        ({"tie_country": "CN"}, [{"Tulsa", "Beihai"}]),
        ({"tie_kind": "friendship city"}, [{"Boise", "Kakegawa"}]),
        ({"tie_status": "ended", "tie_country": "CN", "tie_kind": "sister city"}, []),
        ({"tie_to": "1985"}, [{"Boise", "Kakegawa"}]),
        ({"tie_from": "1990", "tie_to": "1999"}, [{"Tulsa", "Beihai"}, {"Boise", "Nagoya"},
                                                  {"Boise", "Kakegawa"}]),
    ],
)
def test_filters_in_the_url_choose_the_rows(app_env: pytest.MonkeyPatch, databases: dict[str, str],
                                            params: dict[str, str], expected: list[set[str]]) -> None:
    app_env.setenv("GEO_DB_URL", databases["ties"])
    app = _run("pages/8_Ties.py", params)
    assert not app.exception
    got = [{r["place A"], r["place B"]} for r in _table(app)]
    assert sorted(map(sorted, got)) == sorted(map(sorted, expected))
    for key, value in params.items():
        if key in ("tie_status", "tie_country", "tie_kind"):
            assert app.selectbox(key=key).value == value
        assert app.query_params[key] == value  # the filters stay in the URL


def test_a_bad_filter_in_the_url_is_named_and_ignored(app_env: pytest.MonkeyPatch,
                                                      databases: dict[str, str]) -> None:
    app_env.setenv("GEO_DB_URL", databases["ties"])
    app = _run("pages/8_Ties.py", {"tie_status": "over"})
    assert "ignored tie_status" in " ".join(w.value for w in app.warning)
    assert len(_table(app)) == 3


def test_the_tie_panel_shows_places_sentences_sources_and_trips(app_env: pytest.MonkeyPatch,
                                                                databases: dict[str, str]) -> None:
    from geo.views.atlas import build_atlas

    app_env.setenv("GEO_DB_URL", databases["ties"])
    atlas = build_atlas(Store(databases["ties"]).load_extractions())
    names = {p.id: p.name for p in atlas.places}
    tie = next(t for t in atlas.ties if {names[p] for p in t.places} == {"Tulsa", "Beihai"})
    app = _run("pages/8_Ties.py", {"tie": tie.id})
    assert not app.exception
    text = _texts(app)
    assert "Tie: " in text
    assert "Tulsa" in text
    assert "Beihai" in text
    assert "status **active**" in text
    assert "Evidence (" in text
    assert "Trips made under it" in text
    html = " ".join(str(h.proto.body) for h in app.get("html"))
    assert "became sister cities in 1998" in html  # the sentence, from its source
    assert "Source: Tulsa celebrates its ties with Beihai" in text
    # the sidebar keeps that one tie: the table lists it alone
    assert [r["id"] for r in _table(app)] == [tie.id]
    assert app.sidebar.selectbox(key="tie").value == tie.id


def test_a_place_panel_lists_its_ties(app_env: pytest.MonkeyPatch, databases: dict[str, str]) -> None:
    from geo.views.atlas import build_atlas

    app_env.setenv("GEO_DB_URL", databases["ties"])
    atlas = build_atlas(Store(databases["ties"]).load_extractions())
    boise = next(p for p in atlas.places if p.name == "Boise")
    app = _run("pages/1_Map.py", {"place": boise.id})
    assert not app.exception
    text = _texts(app)
    assert "Ties of Boise (2)" in text
    # "Boise has ended its sister-city ties with Nagoya, Mayor Dana Holt said on Monday": until that Monday
    assert "Tie: Nagoya, Aichi, JP – Boise, ID, US · sister city · ended · 1988 – 2022\\-03\\-07" in text
    assert "Tie: Kakegawa, Shizuoka, JP – Boise, ID, US · friendship city · active · since 1981" in text


@pytest.fixture
def ties_copy(databases: dict[str, str], new_databases: NewDatabases) -> str:
    """A fresh copy of the invented ties' database (each test changes it)."""
    return new_databases.saved("ties", Store(databases["ties"]).load_extractions())


def _curate_ties(app_env: pytest.MonkeyPatch, url: str) -> AppTest:
    app_env.setenv("GEO_DB_URL", url)
    app = AppTest.from_file(str(ROOT / "pages/5_Curate.py"), default_timeout=120).run()
    app.session_state["curate_goto"] = "Ties"
    return app.run()


def test_curate_ends_edits_and_removes_a_tie_and_the_corrections_tab_undoes_it(
        app_env: pytest.MonkeyPatch, ties_copy: str) -> None:
    from geo.views.atlas import build_atlas

    app = _curate_ties(app_env, ties_copy)
    assert not app.exception
    assert not app.error
    store = Store(ties_copy)
    first = app.selectbox(key="curate_tie").value
    app.text_input(key=f"curate_tie_until_{first}").input("2024")
    app.button(key=f"curate_tie_end_{first}").click().run()
    assert not app.exception
    ended = next(t for t in build_atlas(store.load_extractions(), store.load_corrections()).ties
                 if t.id == first)
    assert (ended.status, ended.until, ended.manual) == ("ended", "2024", True)
    app.button(key=f"curate_tie_delete_{first}").click().run()
    assert first not in {t.id for t in build_atlas(store.load_extractions(), store.load_corrections()).ties}
    records = store.load_corrections()
    assert [r.op for r in records] == ["tie_edit", "tie_delete"]
    app.session_state["curate_goto"] = "Corrections"
    app.run()
    app.button(key=f"curate_undo_{records[1].key}").click().run()
    assert first in {t.id for t in build_atlas(store.load_extractions(), store.load_corrections()).ties}
    store.close()


def test_curate_adds_a_tie_between_two_places(app_env: pytest.MonkeyPatch, ties_copy: str) -> None:
    from geo.views.atlas import build_atlas

    store = Store(ties_copy)
    atlas = build_atlas(store.load_extractions())
    pair = [next(p.id for p in atlas.places if p.name == name) for name in ("Tulsa", "Kakegawa")]
    app = _curate_ties(app_env, ties_copy)
    app.multiselect(key="curate_tie_places").set_value(pair)
    app.selectbox(key="tie_add_kind").set_value("friendship city")
    app.text_input(key="tie_add_since").input("2012")
    app.button(key="FormSubmitter:curate_tie_add-Add the tie").click().run()
    assert not app.exception
    assert not app.error
    added = next(t for t in build_atlas(store.load_extractions(), store.load_corrections()).ties
                 if set(t.places) == set(pair))
    assert (added.kind, added.status, added.since) == ("friendship city", "active", "2012")
    assert added.manual
    store.close()
