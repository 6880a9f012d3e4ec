"""Settings: each one has a default that loads, and each one is documented in the README."""

from __future__ import annotations

import pytest

from geo.config import SETTINGS, load_config
from tests.conftest import ROOT


def test_defaults_load() -> None:
    config = load_config({})
    assert config.db_url.startswith("sqlite:///")
    assert config.db_url.endswith("data/atlas.db")
    assert config.geocoder == "gazetteer"
    assert config.tiles == "offline"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.env)
def test_every_setting_is_documented_in_the_readme(setting) -> None:  # type: ignore[no-untyped-def]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`{setting.env}`" in readme, f"{setting.env} is not in the README's settings table"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"GEO_TILES": "satellite"}, "GEO_TILES must be 'offline' or 'osm', got: 'satellite'"),
        ({"GEO_GEOCODER_TIMEOUT": "soon"}, "GEO_GEOCODER_TIMEOUT must be a number, got: 'soon'"),
        ({"GEO_SIGNIN": "ldap"}, "GEO_SIGNIN must be 'password' or 'oidc', got: 'ldap'"),
        ({"GEO_SESSION_MINUTES": "0"}, "GEO_SESSION_MINUTES must be positive, got: 0.0"),
    ],
)
def test_bad_values_are_named_in_the_error(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match="got:") as info:
        load_config(env)
    assert str(info.value) == message


def test_environment_overrides_default() -> None:
    config = load_config({"GEO_DB_URL": "postgresql+psycopg://u@h/db", "GEO_TILES": "OSM"})
    assert config.db_url == "postgresql+psycopg://u@h/db"
    assert config.tiles == "osm"
