"""geopy geocoders: the gazetteer behind geopy's contract; online services cached, falling back to it.

No test touches the network: online services are stand-in classes.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from geopy.exc import GeocoderNotFound, GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location

from geo.config import load_config
from geo.models import Candidate
from geo.places.gazetteer import Gazetteer
from geo.places.geocoders import (
    SERVICES,
    FallbackGeocoder,
    GazetteerGeocoder,
    MemoryCache,
    candidate_from_location,
    make_geocoder,
)


class _Stub(Geocoder):  # type: ignore[misc]
    """A stand-in online service: raises ``error`` if set, else answers with ``answer``."""

    error: ClassVar[Exception | None] = None
    answer: ClassVar[list[Location]] = []
    calls: ClassVar[list[str]] = []

    def __init__(self, *, user_agent: str | None = None, timeout: Any = DEFAULT_SENTINEL) -> None:
        super().__init__(user_agent=user_agent, timeout=timeout)

    def geocode(self, query: str, *, exactly_one: bool = True, timeout: Any = DEFAULT_SENTINEL) -> Any:
        type(self).calls.append(query)
        if self.error is not None:
            raise self.error
        if not self.answer:
            return None
        return self.answer[0] if exactly_one else list(self.answer)


def _stub(error: Exception | None = None, answer: list[Location] | None = None) -> type[_Stub]:
    return type("Stub", (_Stub,), {"error": error, "answer": answer or [], "calls": []})


def _config(service: str) -> Any:
    return load_config({"GEO_GEOCODER": service, "GEO_GEOCODER_MIN_DELAY": "0", "GEO_GEOCODER_TIMEOUT": "1"})


def test_gazetteer_geocoder_follows_geopy_contract(gazetteer: Gazetteer) -> None:
    geocoder = GazetteerGeocoder(gazetteer)
    location = geocoder.geocode("Oxford, Mississippi")
    assert isinstance(location, Location)
    assert location.latitude == pytest.approx(34.37, abs=0.05)
    assert location.longitude == pytest.approx(-89.52, abs=0.05)
    assert isinstance(location.raw["candidate"], Candidate)
    assert location.raw["candidate"].geonameid == 4440076
    many = geocoder.geocode("Springfield", exactly_one=False)
    assert isinstance(many, list)
    assert len(many) > 1
    assert all(isinstance(loc, Location) for loc in many)
    assert geocoder.geocode("Qwertyzzburg") is None


@pytest.mark.parametrize(
    ("query", "admin1"),
    [("Carmel, Ind.", "IN"), ("Portland, Maine", "ME"), ({"city": "Rochester", "state": "Minn."}, "MN")],
)
def test_gazetteer_geocoder_reads_qualifiers(gazetteer: Gazetteer, query: Any, admin1: str) -> None:
    location = GazetteerGeocoder(gazetteer).geocode(query)
    assert location is not None
    assert location.raw["candidate"].admin1 == admin1


def test_gazetteer_geocoder_country_codes_filter(gazetteer: Gazetteer) -> None:
    location = GazetteerGeocoder(gazetteer).geocode("Perth", country_codes="GB")
    assert location is not None
    assert location.raw["candidate"].country == "GB"


@pytest.mark.parametrize("query", ["", "   ", None, 42])
def test_gazetteer_geocoder_rejects_empty_queries(gazetteer: Gazetteer, query: Any) -> None:
    with pytest.raises(ValueError, match="non-empty"):
        GazetteerGeocoder(gazetteer).geocode(query)


def test_registry_names_the_services() -> None:
    assert SERVICES["gazetteer"] is GazetteerGeocoder
    assert SERVICES["nominatim"].__name__ == "Nominatim"


def test_default_configuration_is_offline(gazetteer: Gazetteer) -> None:
    assert isinstance(make_geocoder(load_config({}), gazetteer, MemoryCache()), GazetteerGeocoder)


def test_online_service_is_rate_limited_and_falls_back(gazetteer: Gazetteer) -> None:
    geocoder = make_geocoder(_config("nominatim"), gazetteer, MemoryCache())  # built, never called
    assert isinstance(geocoder, FallbackGeocoder)
    assert isinstance(geocoder.online, RateLimiter)
    assert isinstance(geocoder.fallback, GazetteerGeocoder)


def test_unknown_service_is_a_clear_error(gazetteer: Gazetteer) -> None:
    with pytest.raises(GeocoderNotFound, match="'mapquest-ish'"):
        make_geocoder(_config("mapquest-ish"), gazetteer)
    with pytest.raises(ValueError, match="known: gazetteer, nominatim"):
        make_geocoder(_config("mapquest-ish"), gazetteer)


@pytest.mark.parametrize(
    "error",
    [GeocoderTimedOut("slow"), GeocoderUnavailable("down"), GeocoderServiceError("500"), OSError("no route")],
)
def test_any_error_or_timeout_falls_back_to_the_gazetteer(gazetteer: Gazetteer, error: Exception) -> None:
    stub = _stub(error=error)
    geocoder = make_geocoder(_config("stub"), gazetteer, MemoryCache(), services={"stub": stub})
    location = geocoder.geocode("Carmel, Ind.")
    assert stub.calls == ["Carmel, Ind."]
    assert location is not None
    assert location.raw["candidate"].admin1 == "IN"


def test_online_answers_are_cached(gazetteer: Gazetteer) -> None:
    answer = Location(
        "Wuhan, Hubei, China", (30.59, 114.31), {"name": "Wuhan", "addresstype": "city", "importance": 0.7}
    )
    stub = _stub(answer=[answer])
    cache = MemoryCache()
    geocoder = make_geocoder(_config("stub"), gazetteer, cache, services={"stub": stub})
    first = geocoder.geocode("Wuhan")
    second = geocoder.geocode("WUHAN")
    assert stub.calls == ["Wuhan"]  # the second answer came from the cache
    assert first is not None
    assert second is not None
    assert (second.latitude, second.longitude) == (30.59, 114.31)
    assert second.raw["candidate"].kind == "city"
    assert cache.get("stub", "wuhan") == [first.raw["candidate"]]


def test_empty_online_answer_falls_back_and_is_remembered(gazetteer: Gazetteer) -> None:
    stub = _stub(answer=[])
    cache = MemoryCache()
    geocoder = make_geocoder(_config("stub"), gazetteer, cache, services={"stub": stub})
    assert geocoder.geocode("Oxford, Mississippi") is not None
    assert geocoder.geocode("Oxford, Mississippi") is not None
    assert stub.calls == ["Oxford, Mississippi"]
    assert cache.get("stub", "Oxford, Mississippi") == []


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ({"addresstype": "state", "name": "Hubei"}, "admin1"),
        ({"addresstype": "country"}, "country"),
        ({"addresstype": "town"}, "city"),
        ({}, "other"),
    ],
)
def test_candidate_from_an_online_answer(raw: dict[str, Any], kind: str) -> None:
    cand = candidate_from_location(Location("Somewhere, Far", (1.0, 2.0), raw))
    assert (cand.kind, cand.lat, cand.lon) == (kind, 1.0, 2.0)
    assert cand.name == raw.get("name", "Somewhere")


def test_resolver_asks_the_geocoder_only_for_names_the_gazetteer_lacks(gazetteer: Gazetteer) -> None:
    from geo.places.toponyms import resolve_name

    answer = Location(
        "Qwertyzzburg, Nowhere", (10.0, 20.0), {"name": "Qwertyzzburg", "addresstype": "village"}
    )
    stub = _stub(answer=[answer])
    geocoder = make_geocoder(_config("stub"), gazetteer, MemoryCache(), services={"stub": stub})
    res = resolve_name("Qwertyzzburg", gazetteer, geocoder=geocoder)
    assert getattr(res, "place", None) is not None
    assert resolve_name("Wuhan", gazetteer, geocoder=geocoder).place.country == "CN"  # type: ignore[union-attr]
    assert stub.calls == ["Qwertyzzburg"]
