"""geopy geocoders: the offline gazetteer behind geopy's contract, and online services cached with a fallback.

``make_geocoder(config, gazetteer, cache)`` gives the geocoder the configuration names:

* ``gazetteer`` (default): :class:`GazetteerGeocoder`, offline, instant;
* ``nominatim`` (or any other name in :data:`SERVICES`): the online service behind geopy's
  ``RateLimiter``, its answers kept in ``cache``, and on any error, timeout or empty answer the
  gazetteer answers instead (:class:`FallbackGeocoder`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Protocol

from geopy.exc import GeocoderNotFound, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location

from geo.config import Config
from geo.models import Candidate, PlaceKind, Resolved
from geo.places.gazetteer import Gazetteer, normalize
from geo.places.toponyms import resolve_name

log = logging.getLogger(__name__)


class GeocodeCache(Protocol):
    """Where answers of online geocoders are kept (the store provides a database-backed one)."""

    def get(self, service: str, query: str) -> list[Candidate] | None:
        """The candidates stored for ``query`` ([] for a known miss), or None when never asked."""

    def put(self, service: str, query: str, candidates: Sequence[Candidate]) -> None:
        """Remember the candidates a service gave for ``query``."""


class MemoryCache:
    """A GeocodeCache in a dict, for tests and single runs."""

    def __init__(self) -> None:
        self._data: dict[tuple[str, str], list[Candidate]] = {}

    def get(self, service: str, query: str) -> list[Candidate] | None:
        """The candidates stored for ``query``, or None."""
        found = self._data.get((service, normalize(query)))
        return None if found is None else list(found)

    def put(self, service: str, query: str, candidates: Sequence[Candidate]) -> None:
        """Remember the candidates for ``query``."""
        self._data[(service, normalize(query))] = list(candidates)

    def __len__(self) -> int:
        return len(self._data)


def _location(cand: Candidate, **extra: Any) -> Location:
    parts = [cand.name]
    if cand.admin1 and cand.kind not in ("admin1", "country"):
        parts.append(cand.admin1)
    if cand.country and cand.kind != "country":
        parts.append(cand.country)
    return Location(", ".join(parts), (cand.lat, cand.lon), {"candidate": cand, **extra})


def _query_text(query: Any) -> str:
    if isinstance(query, dict):
        return ", ".join(str(v) for v in query.values() if v)
    if not isinstance(query, str) or not query.strip():
        raise ValueError(f"a geocoding query must be a non-empty string or dict, got: {query!r}")
    return query.strip()


class GazetteerGeocoder(Geocoder):
    """The offline GeoNames gazetteer, answering like any geopy geocoder."""

    # resolution asks no offline geocoder: it would only repeat the gazetteer's own answer
    offline: ClassVar[bool] = True

    def __init__(
        self,
        gazetteer: Gazetteer,
        *,
        timeout: Any = DEFAULT_SENTINEL,
        user_agent: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(timeout=timeout, user_agent=user_agent, **kwargs)
        self.gazetteer = gazetteer

    def geocode(
        self,
        query: Any,
        *,
        exactly_one: bool = True,
        timeout: Any = DEFAULT_SENTINEL,
        country_codes: str | Sequence[str] | None = None,
    ) -> Location | list[Location] | None:
        """Resolve ``query`` ("Columbia, Mo.", "Lafayette, Ind.", "Chengdu"); None when nothing matches."""
        text = _query_text(query)
        resolution = resolve_name(text, self.gazetteer)
        if not isinstance(resolution, Resolved):
            return None
        ranked = list(resolution.candidates) or [resolution.place]
        if country_codes:
            wanted = (
                {country_codes.upper()}
                if isinstance(country_codes, str)
                else {c.upper() for c in country_codes}
            )
            ranked = [c for c in ranked if c.country in wanted]
            if not ranked:
                return None
        locations = [
            _location(c, confidence=resolution.confidence if i == 0 else c.score, reason=resolution.reason)
            for i, c in enumerate(ranked)
        ]
        return locations[0] if exactly_one else locations


SERVICES: dict[str, type[Geocoder]] = {"gazetteer": GazetteerGeocoder, "nominatim": Nominatim}

_NOMINATIM_KINDS: dict[str, PlaceKind] = {
    "country": "country",
    "state": "admin1",
    "province": "admin1",
    "region": "region",
    "county": "region",
    "city": "city",
    "town": "city",
    "village": "city",
    "hamlet": "city",
    "municipality": "city",
    "suburb": "city",
    "borough": "city",
    "river": "feature",
    "lake": "feature",
    "sea": "feature",
    "peak": "feature",
    "island": "feature",
    "continent": "region",
}


def candidate_from_location(loc: Location) -> Candidate:
    """A Candidate from an online geocoder's answer (kind guessed from its raw record where it says)."""
    raw = loc.raw if isinstance(loc.raw, dict) else {}
    if isinstance(raw.get("candidate"), Candidate):
        cand: Candidate = raw["candidate"]
        return cand
    kind = _NOMINATIM_KINDS.get(str(raw.get("addresstype") or raw.get("type") or ""), "other")
    name = str(raw.get("name") or str(loc.address).split(",")[0]).strip() or str(loc.address)
    found_address = raw.get("address")
    address: dict[str, Any] = found_address if isinstance(found_address, dict) else {}
    code = str(address.get("country_code") or "").upper() or None
    return Candidate(
        name=name,
        kind=kind,
        lat=float(loc.latitude),
        lon=float(loc.longitude),
        country=code,
        score=float(raw.get("importance") or 0.0),
    )


class FallbackGeocoder(Geocoder):
    """An online service, rate-limited and cached; the gazetteer answers on any error, timeout or miss."""

    def __init__(
        self, service: str, online: Callable[..., Any], fallback: Geocoder, cache: GeocodeCache | None = None
    ) -> None:
        super().__init__()
        self.service = service
        self.online = online
        self.fallback = fallback
        self.cache: GeocodeCache = cache if cache is not None else MemoryCache()

    def geocode(
        self, query: Any, *, exactly_one: bool = True, timeout: Any = DEFAULT_SENTINEL, **kwargs: Any
    ) -> Location | list[Location] | None:
        """Ask the online service (or its cache); the gazetteer answers when it fails or finds nothing."""
        text = _query_text(query)
        cached = self.cache.get(self.service, text)
        if cached is None:
            try:
                found = self.online(text, exactly_one=False, timeout=timeout)
            except (GeopyError, OSError, ValueError) as exc:
                log.warning("%s failed for %r (%s); the gazetteer answers", self.service, text, exc)
                return self.fallback.geocode(text, exactly_one=exactly_one, timeout=timeout)
            cached = [candidate_from_location(loc) for loc in (found or [])]
            self.cache.put(self.service, text, cached)
        if not cached:
            return self.fallback.geocode(text, exactly_one=exactly_one, timeout=timeout)
        locations = [_location(c, service=self.service) for c in cached]
        return locations[0] if exactly_one else locations


def make_geocoder(
    config: Config,
    gazetteer: Gazetteer,
    cache: GeocodeCache | None = None,
    *,
    services: dict[str, type[Geocoder]] | None = None,
) -> Geocoder:
    """The geocoder ``config.geocoder`` names: the gazetteer, or an online service falling back to it."""
    registry = SERVICES if services is None else services
    name = config.geocoder.strip().lower()
    offline = GazetteerGeocoder(gazetteer)
    if name == "gazetteer":
        return offline
    cls = registry.get(name)
    if cls is None:
        raise GeocoderNotFound(f"unknown geocoder {config.geocoder!r}; known: {', '.join(sorted(registry))}")
    service = cls(user_agent=config.user_agent, timeout=config.geocoder_timeout)
    limited = RateLimiter(
        service.geocode, min_delay_seconds=config.geocoder_min_delay, max_retries=0, swallow_exceptions=False
    )
    return FallbackGeocoder(name, limited, offline, cache)
