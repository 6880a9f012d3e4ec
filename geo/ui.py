"""The only Streamlit-aware module: cached getters, first-start ingest, sidebar filters, error boundary.

Pages call ``view()`` first: it returns the whole atlas, the filters in force and the filtered atlas.
When the entry script (dashboard.py) runs a page inside ``shared_sidebar()``, the sidebar is drawn
once there (so that its widgets, bound to the URL, live across page switches); a page run on its own
(AppTest's ``switch_page``) draws it itself.
"""

from __future__ import annotations

import contextlib
import functools
import html
import logging
import re
import threading
from collections.abc import Callable, Collection, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import streamlit as st
from streamlit_folium import st_folium

from geo.config import Config, load_config
from geo.models import TIE_KINDS, TIE_STATUSES, Atlas, AtlasPlace, AtlasTie, AtlasTrip
from geo.store import corrections as corr
from geo.store import users
from geo.store.corrections import Correction, CorrectionError
from geo.store.search import QuerySyntaxError
from geo.store.search import parse as parse_query
from geo.views import curation as cur
from geo.views import filters as flt
from geo.views import maps, viewsql
from geo.views.colours import Colouring
from geo.views.maps import MapParts
from geo.views.pagesql import DatedEvent, EntityRow

if TYPE_CHECKING:
    from spacy.language import Language

    from geo.models import Candidate
    from geo.places.gazetteer import Gazetteer
    from geo.store.database import Store
    from geo.views.imports import Holdings

log = logging.getLogger(__name__)

_INGEST_LOCK = threading.Lock()
_Item = TypeVar("_Item")  # an item a Curate tab loads whole by id
_CURRENT: ContextVar[View | None] = ContextVar("atlas_view", default=None)


class View:
    """What a page shows: the filters in force; the whole atlas and what the filters keep.

    The atlas is loaded (and filtered) when a page first asks for it: the Map page draws from the view
    tables (``map_shown``) and needs it only for a panel, so that its first paint and a filter change
    do not hold every extraction in memory.
    """

    def __init__(self, filters: flt.Filters, atlas: Atlas | None = None, shown: Atlas | None = None) -> None:
        self.filters = filters
        self._atlas = atlas
        self._shown = shown

    @property
    def atlas(self) -> Atlas:
        """The whole atlas (loaded on first use, once per store version)."""
        if self._atlas is None:
            self._atlas = get_atlas()
        return self._atlas

    @property
    def shown(self) -> Atlas:
        """What the filters keep of the atlas."""
        if self._shown is None:
            self._shown = filtered_atlas(self.filters)
        return self._shown


# --- cached getters ---------------------------------------------------------------------


def config() -> Config:
    """The settings in force (read from the environment on every run: cheap, and tests change it)."""
    return load_config()


@st.cache_resource(show_spinner=False)
def get_store(url: str) -> Store:
    """One Store (engine and connection pool) per database URL, shared by every session."""
    from geo.store.database import Store

    return Store(url)


@st.cache_resource(show_spinner="Loading the language model …")
def get_nlp(model: str) -> Language:
    """The spaCy pipeline, loaded once per process."""
    from geo.language.nlp import load_nlp

    return load_nlp(model)


@st.cache_resource(show_spinner="Loading the gazetteer …")
def get_gazetteer(cache_dir: str) -> Gazetteer:
    """The offline gazetteer, loaded once per process."""
    from pathlib import Path

    from geo.places.gazetteer import load_gazetteer

    return load_gazetteer(Path(cache_dir))


# The atlas is immutable (frozen dataclasses), so it is shared rather than copied as st.cache_data
# would do on every call; the store's version in the key rebuilds it after any write.
@st.cache_resource(show_spinner="Loading the atlas …", max_entries=4)
def _atlas(url: str, version: str, cache_dir: str) -> Atlas:
    from geo.views import viewtables

    def lookup(geonameid: int) -> Candidate | None:  # loads the gazetteer only if a correction needs it
        return get_gazetteer(cache_dir).get(geonameid)

    # the view tables hold the atlas of this version when an ingest or another server built it
    return viewtables.ensure(get_store(url), lookup)


@st.cache_resource(show_spinner=False, max_entries=32)
def _filtered(url: str, version: str, cache_dir: str, params: tuple[tuple[str, str], ...]) -> Atlas:
    filters = flt.from_query_params(dict(params))
    matches = None if filters.q is None else {h.document_id for h in get_store(url).search(filters.q)}
    return flt.apply(_atlas(url, version, cache_dir), filters, matches)


@st.cache_data(show_spinner=False, max_entries=64)
def _search_hits(url: str, version: str, query: str, limit: int) -> list[tuple[str, float, str]]:
    hits = get_store(url).search(query, limit=limit, snippets=True)
    return [(h.document_id, h.rank, h.snippet) for h in hits]


def search_hits(query: str, limit: int = 50) -> list[tuple[str, float, str]]:
    """The best ``limit`` articles for a search: (document id, rank, snippet with its matches marked)."""
    cfg = config()
    return _search_hits(cfg.db_url, get_store(cfg.db_url).version(), query, limit)


def search_results(kept: Collection[str], query: str, documents: Callable[[list[str]], Mapping[str, Any]],
                   limit: int = 20) -> list[str]:
    """Show the best articles for a search among those the view keeps (``kept``), each with its snippet
    (``documents``: their metadata by id); their ids."""
    hits = [(d, snippet) for d, _, snippet in search_hits(query, limit=max(limit, 200)) if d in kept]
    docs = documents([d for d, _ in hits[:limit]])
    st.markdown(f"**{len(kept):,} article(s) match** “{md(query)}”"
                + (f"; the best {limit}:" if len(kept) > limit else ":"))
    for doc_id, snippet in hits[:limit]:
        doc = docs.get(doc_id)
        link("sources", (doc.title if doc is not None else None) or doc_id, doc=doc_id, q=query)
        st.html(f'<div style="margin:-.4em 0 .6em 1em;color:#444">{snippet_html(snippet)}</div>')
    return [d for d, _ in hits]


def snippet_html(snippet: str) -> str:
    """A search snippet escaped, its matches in <mark>."""
    from geo.store.database import SNIPPET_END, SNIPPET_START

    return esc(snippet).replace(SNIPPET_START, "<mark>").replace(SNIPPET_END, "</mark>")


def get_atlas() -> Atlas:
    """The whole atlas of the configured database, rebuilt only when the store has changed."""
    cfg = config()
    return _atlas(cfg.db_url, get_store(cfg.db_url).version(), str(cfg.cache_dir))


def filtered_atlas(filters: flt.Filters) -> Atlas:
    """The atlas under ``filters`` (cached per store version and filters)."""
    cfg = config()
    params = tuple(sorted(flt.to_query_params(filters).items()))
    return _filtered(cfg.db_url, get_store(cfg.db_url).version(), str(cfg.cache_dir), params)


@st.cache_resource(show_spinner=False, max_entries=32)
def _map_parts(url: str, version: str, cache_dir: str, params: tuple[tuple[str, str], ...], facet: str,
               country: str | None, group: bool) -> MapParts:
    shown = _map_shown(url, version, cache_dir, params)
    return maps.map_parts(shown.atlas, Colouring(facet, country), members=False,  # type: ignore[arg-type]
                          max_places=maps.MAX_PLACES, group=group, mentions=shown.mentions)


def map_parts(filters: flt.Filters, colouring: Colouring, group: bool) -> MapParts:
    """The Map page's layer data for ``filters`` (cached per store version, filters and colouring): a
    rerun that draws the same view again (a click, a reload) does not go through every trip again."""
    cfg = config()
    params = tuple(sorted(flt.to_query_params(filters).items()))
    return _map_parts(cfg.db_url, get_store(cfg.db_url).version(), str(cfg.cache_dir), params,
                      colouring.facet, colouring.country, group)


def _fresh_store(url: str, cache_dir: str) -> Store | None:
    """The store, its view tables built for its version (by the atlas's first reader if need be);
    None when they cannot be (a database that cannot be written)."""
    from geo.views import viewtables

    store = get_store(url)
    version = store.version()
    if viewtables.built_version(store) != version:
        _atlas(url, version, cache_dir)  # builds the atlas and writes the tables
    return store if viewtables.built_version(store) == store.version() else None


@st.cache_resource(show_spinner=False, max_entries=4)
def _choices(url: str, version: str, cache_dir: str) -> viewsql.Choices:
    store = _fresh_store(url, cache_dir)
    if store is None:
        return viewsql.choices_of(_atlas(url, version, cache_dir))
    return viewsql.choices(store)


def sidebar_choices() -> viewsql.Choices:
    """What the sidebar offers (``viewsql.Choices``), asked of the view tables once per store version."""
    cfg = config()
    return _choices(cfg.db_url, get_store(cfg.db_url).version(), str(cfg.cache_dir))


@dataclass(frozen=True)
class MapShown:
    """What the Map page draws: the view's places, trips and ties (from the view tables, without their
    sentences, when they can answer), each place's mentions in the view, how many sources it keeps."""

    atlas: Atlas
    mentions: Mapping[str, int] | None  # None: count each place's own mentions
    documents: int
    from_tables: bool


@st.cache_resource(show_spinner=False, max_entries=16)
def _map_shown(url: str, version: str, cache_dir: str, params: tuple[tuple[str, str], ...]) -> MapShown:
    filters = flt.from_query_params(dict(params))
    store = _fresh_store(url, cache_dir) if viewsql.covers_map(filters) else None
    if store is None:
        shown = _filtered(url, version, cache_dir, params)
        return MapShown(shown, None, len(shown.documents), from_tables=False)
    matches = None if filters.q is None else {h.document_id for h in store.search(filters.q)}
    found = viewsql.map_view(store, filters, matches)
    return MapShown(found.atlas, found.mentions, found.documents, from_tables=True)


@st.cache_resource(show_spinner=False, max_entries=64)
def _panel_atlas(url: str, version: str, cache_dir: str, params: tuple[tuple[str, str], ...], kind: str,
                 item: str) -> Atlas | None:
    from geo.views import panels

    filters = flt.from_query_params(dict(params))
    store = _fresh_store(url, cache_dir) if viewsql.covers_map(filters) else None
    if store is None:
        return None
    matches = None if filters.q is None else {h.document_id for h in store.search(filters.q)}
    return panels.panel_atlas(store, filters, (kind, item), matches)


def panel_atlas(view: View, selection: tuple[str, str]) -> Atlas:
    """What the panel of ``selection`` reads of the view: loaded by id from the view tables when they
    can answer, else the filtered atlas."""
    cfg = config()
    params = tuple(sorted(flt.to_query_params(view.filters).items()))
    found = _panel_atlas(cfg.db_url, get_store(cfg.db_url).version(), str(cfg.cache_dir), params, *selection)
    return found if found is not None else view.shown


@st.cache_resource(show_spinner=False, max_entries=16)
def _ties_shown(url: str, version: str, cache_dir: str, params: tuple[tuple[str, str], ...]) -> Atlas | None:
    filters = flt.from_query_params(dict(params))
    store = _fresh_store(url, cache_dir) if viewsql.covers_map(filters) else None
    if store is None:
        return None
    matches = None if filters.q is None else {h.document_id for h in store.search(filters.q)}
    return viewsql.tie_view(store, filters, matches)


def ties_shown(view: View) -> Atlas:
    """What the Ties page lists of the view (its ties and their places): asked of the view tables when
    they can answer, else the filtered atlas."""
    cfg = config()
    params = tuple(sorted(flt.to_query_params(view.filters).items()))
    found = _ties_shown(cfg.db_url, get_store(cfg.db_url).version(), str(cfg.cache_dir), params)
    return found if found is not None else view.shown


def has_documents() -> bool:
    """Whether the database holds any article."""
    cfg = config()
    return get_store(cfg.db_url).count_documents() > 0


def map_shown(filters: flt.Filters) -> MapShown:
    """What the Map page draws for ``filters`` (cached per store version and filters)."""
    cfg = config()
    params = tuple(sorted(flt.to_query_params(filters).items()))
    return _map_shown(cfg.db_url, get_store(cfg.db_url).version(), str(cfg.cache_dir), params)


def trip_page(filters: flt.Filters, page: int, size: int) -> tuple[list[Any], int] | None:
    """A page of the trips' table asked of the view tables: (rows, how many in all).

    None when the database cannot answer alone (a search, one tie, another entity type) or its view
    tables do not show the atlas this run uses; the page then lists the filtered atlas's trips.
    """
    from geo.views import viewsql, viewtables

    if not viewsql.covers(filters):
        return None
    cfg = config()
    store = get_store(cfg.db_url)
    if viewtables.built_version(store) != store.version():
        return None
    return viewsql.trip_page(store, filters, offset=(page - 1) * size, limit=size)


def _fresh_view(filters: flt.Filters) -> tuple[Store, set[str] | None] | None:
    """The store and a search's matches, when the view tables can answer ``filters`` alone."""
    if not viewsql.covers_map(filters):
        return None
    cfg = config()
    store = _fresh_store(cfg.db_url, str(cfg.cache_dir))
    if store is None:
        return None
    matches = None if filters.q is None else {h.document_id for h in store.search(filters.q)}
    return store, matches


def trip_rows(ids: list[str]) -> list[Any]:
    """The Delegations table's rows of the trips ``ids``, as the view tables keep them (``TripRow``)."""
    from geo.views import pagesql

    cfg = config()
    return pagesql.trip_rows(get_store(cfg.db_url), ids)


@st.cache_resource(show_spinner=False, max_entries=16)
def _source_ids(url: str, version: str, cache_dir: str, params: tuple[tuple[str, str], ...]
                ) -> list[str] | None:
    from geo.views import pagesql

    filters = flt.from_query_params(dict(params))
    found = _fresh_view(filters)
    return None if found is None else pagesql.document_ids(found[0], filters, found[1])


def source_ids(filters: flt.Filters) -> list[str] | None:
    """The ids of the view's sources in the atlas's order, from the view tables (None when they cannot
    answer: the Sources page then reads the filtered atlas)."""
    cfg = config()
    params = tuple(sorted(flt.to_query_params(filters).items()))
    return _source_ids(cfg.db_url, get_store(cfg.db_url).version(), str(cfg.cache_dir), params)


def sources(ids: list[str]) -> dict[str, Any]:
    """The metadata of the documents ``ids`` (``AtlasDocument``, without text), by id, in that order."""
    from geo.views import pagesql

    cfg = config()
    return pagesql.documents(get_store(cfg.db_url), ids)


def source_marks(filters: flt.Filters, document_id: str) -> list[Mark] | None:
    """What the Sources page highlights in a document of the view, from the view tables (None when they
    cannot answer)."""
    from urllib.parse import urlencode

    from geo.views import pagesql

    found = _fresh_view(filters)
    if found is None:
        return None
    params = flt.to_query_params(filters)
    text = document_text(document_id) or ""
    marks = []
    for m in pagesql.document_marks(found[0], filters, document_id, found[1]):
        where = _located(text, m.start, m.end, m.text)
        if where is None:
            continue
        start, end = where
        query = urlencode({**params, ("place" if m.kind == "place" else "entity"): m.item})
        marks.append(Mark(start, end, m.kind, f"{'./' if m.kind == 'place' else 'people'}?{query}",
                          f"{m.kind}: {m.name}"))
    return marks


@st.cache_resource(show_spinner=False, max_entries=16)
def _view_events(url: str, version: str, cache_dir: str, params: tuple[tuple[str, str], ...]
                 ) -> tuple[DatedEvent, ...] | None:
    from geo.views import pagesql

    filters = flt.from_query_params(dict(params))
    found = _fresh_view(filters)
    if found is None:
        return None
    return tuple(pagesql.dated_events(found[0], filters, found[1]))


def view_events(filters: flt.Filters) -> list[DatedEvent] | None:
    """The dates the view's sources name, from the view tables (None when they cannot answer)."""
    cfg = config()
    params = tuple(sorted(flt.to_query_params(filters).items()))
    found = _view_events(cfg.db_url, get_store(cfg.db_url).version(), str(cfg.cache_dir), params)
    return None if found is None else list(found)


ENTITY_KINDS = {"person": "People", "organization": "Organisations", "program": "Programs"}


def _entity_group(shown: Atlas, kind: str) -> tuple[flt.Entity, ...]:
    if kind == "person":
        return shown.people
    return shown.organizations if kind == "organization" else shown.programs


@st.cache_resource(show_spinner=False, max_entries=16)
def _entity_counts(url: str, version: str, cache_dir: str, params: tuple[tuple[str, str], ...]
                   ) -> dict[str, int] | None:
    from geo.views import pagesql

    filters = flt.from_query_params(dict(params))
    found = _fresh_view(filters)
    return None if found is None else pagesql.entity_counts(found[0], filters, found[1])


def entity_counts(view: View) -> dict[str, int]:
    """How many people, organisations and programs the view keeps, by kind: counted by the view tables
    when they can answer, else in the filtered atlas."""
    cfg = config()
    params = tuple(sorted(flt.to_query_params(view.filters).items()))
    found = _entity_counts(cfg.db_url, get_store(cfg.db_url).version(), str(cfg.cache_dir), params)
    if found is not None:
        return found
    return {k: len(_entity_group(view.shown, k)) for k in ENTITY_KINDS if _entity_group(view.shown, k)}


@st.cache_resource(show_spinner=False, max_entries=64)
def _entity_page(url: str, version: str, cache_dir: str, params: tuple[tuple[str, str], ...], kind: str,
                 offset: int, limit: int, only: str | None) -> list[EntityRow] | None:
    from geo.views import pagesql

    filters = flt.from_query_params(dict(params))
    found = _fresh_view(filters)
    if found is None:
        return None
    return pagesql.entity_page(found[0], filters, kind, found[1], offset=offset, limit=limit, only=only)


def entity_page(view: View, kind: str, page: int, size: int, only: str | None = None) -> list[EntityRow]:
    """Page ``page`` of the view's entities of ``kind`` (or the one ``only``), with their mentions and
    trips in the view: asked of the view tables when they can answer, else cut from the filtered atlas."""
    cfg = config()
    params = tuple(sorted(flt.to_query_params(view.filters).items()))
    offset = (page - 1) * size
    found = _entity_page(cfg.db_url, get_store(cfg.db_url).version(), str(cfg.cache_dir), params, kind,
                         offset, size, only)
    if found is not None:
        return found
    group = tuple(e for e in _entity_group(view.shown, kind) if only is None or e.id == only)
    return [EntityRow(id=e.id, kind=kind, name=e.name, mentions=len(e.mentions),
                      trips=len(flt.trips_of(view.shown, e.id))) for e in group[offset:offset + size]]


ENTITY_PREFIXES = {"pe": "person", "or": "organization", "pr": "program"}  # an entity id's kind


def entity_mentions(view: View, entity_id: str) -> int | None:
    """How many mentions of ``entity_id`` the view keeps (None when it keeps none)."""
    kind = ENTITY_PREFIXES.get(entity_id[:2])
    found = entity_page(view, kind, 1, 1, only=entity_id) if kind else []
    return found[0].mentions if found else None


def place_mentions(view: View, place_id: str) -> int | None:
    """How many mentions of ``place_id`` the view keeps, as the map counts them (None: count them in the
    panel's atlas)."""
    drawn = map_shown(view.filters)
    return drawn.mentions.get(place_id) if drawn.from_tables and drawn.mentions else None


@st.cache_resource(show_spinner=False, max_entries=16)
def _network_atlas(url: str, version: str, cache_dir: str, params: tuple[tuple[str, str], ...]
                   ) -> Atlas | None:
    from geo.views import pagesql

    filters = flt.from_query_params(dict(params))
    found = _fresh_view(filters)
    return None if found is None else pagesql.network_atlas(found[0], filters, found[1])


def network_atlas(view: View) -> Atlas:
    """What the Network page draws of the view (names and ids, no sentence): asked of the view tables
    when they can answer, else the filtered atlas."""
    cfg = config()
    params = tuple(sorted(flt.to_query_params(view.filters).items()))
    found = _network_atlas(cfg.db_url, get_store(cfg.db_url).version(), str(cfg.cache_dir), params)
    return found if found is not None else view.shown


def holdings(view: View) -> Holdings:
    """What an import or a link to Curate is checked against (``imports.Holdings``): the view tables,
    item by item, when they show the store as it is; else the whole atlas."""
    from geo.views import pagesql
    from geo.views.imports import AtlasHoldings

    cfg = config()
    store = _fresh_store(cfg.db_url, str(cfg.cache_dir))
    return pagesql.StoreHoldings(store) if store is not None else AtlasHoldings(view.atlas)


def view_counts(view: View) -> tuple[int, int]:
    """How many places and trips the view keeps, as the map counts them."""
    drawn = map_shown(view.filters)
    return len(drawn.atlas.places), len(drawn.atlas.trips)


# --- first start ----------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _bootstrap_done() -> set[str]:
    return set()


def ensure_database() -> None:
    """On first start with an empty database, ingest the corpus (GEO_CORPUS) with a visible progress."""
    cfg = config()
    done = _bootstrap_done()
    if cfg.db_url in done:
        return
    store = get_store(cfg.db_url)
    if store.count_documents() > 0 or not cfg.corpus.is_dir():
        done.add(cfg.db_url)
        return
    from geo.read.reading import discover

    files = discover([cfg.corpus])
    if not files:
        done.add(cfg.db_url)
        return
    with _INGEST_LOCK:  # two sessions opening at once ingest once
        if cfg.db_url in done or store.count_documents() > 0:
            done.add(cfg.db_url)
            return
        _ingest_corpus(cfg, store, len(files))
        done.add(cfg.db_url)


def _ingest_corpus(cfg: Config, store: Store, count: int) -> None:
    from geo.pipeline import Extractor, ingest

    with st.status(f"First start: building the database from {cfg.corpus.name}/ ({count} files) …",
                   expanded=True) as status:
        st.write("Loading the language model and the gazetteer …")
        extractor = Extractor(get_nlp(cfg.spacy_model), get_gazetteer(str(cfg.cache_dir)))
        bar = st.progress(0.0, text="Reading the articles …")

        def progress(done: int, total: int, path: str) -> None:
            total = total or count
            bar.progress(min(done / max(total, 1), 1.0), text=f"{done} of {total}: {path}")

        report = ingest([cfg.corpus], store, extractor, progress)
        for path, why in report.failed:
            st.warning(f"Could not ingest {md(path)}: {md(why)}")
        status.update(label=f"Database ready: {report.summary()}", state="complete", expanded=False)


# --- sidebar filters, bound to the URL --------------------------------------------------

_KEYS = ("program", "from", "to", "organization", "person", "country", "type", "q")


def _names(items: tuple[tuple[str, str], ...]) -> list[str]:
    return sorted({name for _, name in items}, key=str.casefold)


def _canonical(value: str | None, options: list[str]) -> str | None:
    """The option that ``value`` names (case and spacing aside), or None."""
    if value is None:
        return None
    wanted = " ".join(value.casefold().split())
    return next((o for o in options if " ".join(o.casefold().split()) == wanted), None)


_SEEN = "_atlas_url_values_applied"


def _clear_filters() -> None:
    """Reset every filter widget (a callback: it runs before the widgets are drawn)."""
    for key in (*_KEYS, "tie"):
        st.session_state[key] = "" if key == "q" else None


def _sidebar(offered: viewsql.Choices) -> flt.Filters:
    """Draw the filters in the sidebar, seeded from and written back to the URL; return them."""
    raw = flt.from_query_params(st.query_params.to_dict())
    problems = [p for p in raw.problems if not p.startswith("ignored search")]  # the search box says it
    choices = {
        "program": _names(offered.programs),
        "organization": _names(offered.organizations),
        "person": _names(offered.people),
        "country": list(offered.countries),
        "type": list(flt.ENTITY_TYPES),
    }
    by_id: dict[str, str] = {}
    for group in (offered.programs, offered.organizations, offered.people):
        by_id.update(group)
    asked = {"program": raw.program, "organization": raw.organization, "person": raw.person,
             "country": raw.country, "type": raw.entity_type}
    # seed the widgets from the URL before they are drawn (names match whatever their case, ids work
    # too), once per value: a value already applied is not applied again over the user's later choice
    seen: dict[str, str] = st.session_state.setdefault(_SEEN, {})
    for key, value in asked.items():
        if value is None or seen.get(key) == value:
            continue
        seen[key] = value
        found = _canonical(by_id.get(value, value), choices[key])
        if found is None:
            problems.append(f"ignored {key}: nothing is called {value!r}")
        else:
            st.session_state[key] = found
    for key, day in (("from", raw.start), ("to", raw.end)):
        if day is not None and seen.get(key) != day.isoformat():
            seen[key] = day.isoformat()
            st.session_state[key] = day

    side = st.sidebar
    side.header("Filters")
    for problem in problems:
        side.warning(problem)
    values: dict[str, Any] = {}
    asked_q = (side.text_input("Search the articles", key="q", bind="query-params",
                               placeholder='"sister city" AND Wuhan',
                               help='Words, "phrases", prefix*, AND, OR, A NOT B, (brackets)') or "").strip()
    values["q"] = None
    if asked_q:
        try:
            parse_query(asked_q)
        except QuerySyntaxError as exc:
            side.warning(f"Search ignored: {exc}")
        else:
            values["q"] = asked_q
    labels = {"program": "Program", "organization": "Organisation", "person": "Person",
              "country": "Country (ISO code)", "type": "Entity type"}
    for key in ("program", "organization", "person"):
        values[key] = side.selectbox(labels[key], choices[key], index=None, key=key, bind="query-params",
                                     placeholder="any")
    values["from"] = side.date_input("From", value=None, key="from", bind="query-params",
                                     min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
    values["to"] = side.date_input("To", value=None, key="to", bind="query-params",
                                   min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
    for key in ("country", "type"):
        values[key] = side.selectbox(labels[key], choices[key], index=None, key=key, bind="query-params",
                                     placeholder="any")
    values["tie"] = _tie_filter(dict(offered.ties), raw.tie, problems)
    if any(v is not None for v in values.values()):
        side.button("Clear filters", on_click=_clear_filters)
    start, end = values["from"], values["to"]
    if isinstance(start, date) and isinstance(end, date) and start > end:
        side.warning("“From” is after “To”: the dates are ignored.")
        start = end = None
    return flt.Filters(program=values["program"], start=start if isinstance(start, date) else None,
                       end=end if isinstance(end, date) else None, organization=values["organization"],
                       person=values["person"], country=values["country"], entity_type=values["type"],
                       tie=values["tie"], q=values["q"])


def _tie_filter(ties: Mapping[str, str], asked: str | None, problems: list[str]) -> str | None:
    """The sidebar's "Tie" choice (one tie kept: its places, trips and sources), kept in ``?tie=ID``;
    ``ties`` are the label of each tie by id."""
    seen: dict[str, str] = st.session_state.setdefault(_SEEN, {})
    if asked is not None and seen.get("tie") != asked:
        seen["tie"] = asked
        if asked in ties:
            st.session_state["tie"] = asked
        else:
            problems.append(f"ignored tie: there is no tie {asked!r}")
    if st.session_state.get("tie") not in (None, *ties):
        st.session_state["tie"] = None
    if not ties:
        return None
    chosen: str | None = st.sidebar.selectbox("Tie", list(ties), index=None, key="tie", placeholder="any",
                                              format_func=lambda i: ties[i])
    if chosen is None:
        st.query_params.pop("tie", None)
    elif st.query_params.get("tie") != chosen:
        st.query_params["tie"] = chosen
    return chosen


def tie_table_filters(atlas: Atlas) -> flt.TieFilters:
    """The Ties page's filters (country, status, kind, years), seeded from and written back to the URL."""
    from geo.models import TIE_KINDS, TIE_STATUSES

    raw = flt.tie_filters_from_query_params(st.query_params.to_dict())
    for problem in raw.problems:
        st.warning(problem)
    ids = {p.id: p.country for p in atlas.places}
    countries = sorted({c for t in atlas.ties for p in t.places if (c := ids.get(p))})
    years = sorted({int(d[:4]) for t in atlas.ties for d in (t.since, t.until) if d})
    low, high = min([*years, raw.year_from or 9999, date.today().year]), date.today().year
    seen: dict[str, str] = st.session_state.setdefault(_SEEN, {})
    asked = {"tie_country": raw.country, "tie_status": raw.status, "tie_kind": raw.kind}
    for key, value in asked.items():
        if value is not None and seen.get(key) != value:
            seen[key] = st.session_state[key] = value
    wanted = (raw.year_from or low, raw.year_to or high)
    if seen.get("tie_years") != str(wanted):
        seen["tie_years"] = str(wanted)
        st.session_state["tie_years"] = wanted
    cols = st.columns([1, 1, 1, 2])
    choices: dict[str, list[str]] = {
        "tie_country": sorted({*countries, *([raw.country] if raw.country else [])}),
        "tie_status": list(TIE_STATUSES), "tie_kind": list(TIE_KINDS)}
    values: dict[str, Any] = {
        key: col.selectbox(key.removeprefix("tie_").capitalize(), choices[key], index=None, key=key,
                           placeholder="any")
        for col, key in zip(cols, choices, strict=False)}
    span: Any = cols[3].slider("Years the tie lasted", low, max(high, low + 1), key="tie_years")
    first, last = int(span[0]), int(span[1])
    values["tie_from"] = first if first > low else None
    values["tie_to"] = last if last < high else None
    for key, value in values.items():
        if value is None:
            st.query_params.pop(key, None)
        elif st.query_params.get(key) != str(value):
            st.query_params[key] = str(value)
    return flt.TieFilters(country=values["tie_country"], status=values["tie_status"], kind=values["tie_kind"],
                          year_from=values["tie_from"], year_to=values["tie_to"])


def _set_years(key: str, years: tuple[int, int]) -> None:
    """The year slider's callback: its range becomes the From and To filters (and so the URL)."""
    first, last = st.session_state[key]
    whole = (first, last) == years
    st.session_state["from"] = None if whole else date(first, 1, 1)
    st.session_state["to"] = None if whole else date(last, 12, 31)


def year_slider(filters: flt.Filters, key: str = "years") -> None:
    """A range of years over the trips' years, bound to the URL's ``from`` and ``to`` (the sidebar's)."""
    years = sidebar_choices().years
    if len(years) < 2:
        return
    span = (years[0], years[-1])
    first = filters.start.year if filters.start else span[0]
    last = filters.end.year if filters.end else span[1]
    value = (min(max(first, span[0]), span[1]), max(min(last, span[1]), span[0]))
    st.session_state[key] = value  # follows the filters whichever widget set them
    st.slider("Years", min_value=span[0], max_value=span[1], key=key, on_change=_set_years,
              args=(key, span), help="Sets the From and To filters to whole years")


def brush_to_dates(key: str) -> None:
    """A chart's callback: the dates its brush covers become the From and To filters (and the URL)."""
    from geo.views.timeline import brushed

    event = st.session_state.get(key)
    selection = event.get("selection") if isinstance(event, Mapping) else getattr(event, "selection", None)
    chosen = brushed(dict(selection)) if selection else None
    if chosen is not None:
        st.session_state["from"], st.session_state["to"] = chosen


def _make_view() -> View:
    ensure_database()
    signed_in()  # any page counts as activity for the inactivity timeout
    return View(_sidebar(sidebar_choices()))


_FAILED = View(flt.Filters(), atlas=Atlas(), shown=Atlas())


@contextlib.contextmanager
def shared_sidebar() -> Iterator[None]:
    """Draw the sidebar once for the page run inside this block (the entry script's job)."""
    current = _FAILED
    with error_boundary("the filters"):
        current = _make_view()
    token = _CURRENT.set(current)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def view() -> View:
    """The atlas, the filters and the filtered atlas for the page being drawn."""
    current = _CURRENT.get()
    if current is _FAILED:
        raise RuntimeError("the atlas could not be loaded (see the message above)")
    return current if current is not None else _make_view()


def filter_note(filters: flt.Filters) -> str:
    """The filters in plain text, for an export: "Filtered by program: X, from: 2024-01-01"."""
    parts = [f"{k}: {v}" for k, v in flt.to_query_params(filters).items()]
    return "Filtered by " + ", ".join(parts) if parts else "No filter"


def filter_summary(filters: flt.Filters) -> str:
    """One line for people: what the filters keep."""
    parts = [f"{k}: {v}" for k, v in flt.to_query_params(filters).items()]
    return "Filtered by " + md(", ".join(parts)) if parts else "No filter"


# --- who may change data ------------------------------------------------------------------------------

_SESSION = "atlas_signed_in"
_NOTE = "atlas_signin_note"


@dataclass(frozen=True, slots=True)
class Editor:
    """Who changes data on a page: the name recorded in each correction's ``by``, and the role."""

    name: str | None
    role: str
    signed_in: bool

    def can(self, action: str) -> bool:
        """Whether this person may ``action`` (curate, import, delete_documents)."""
        return users.can(self.role, action)


@st.cache_resource(show_spinner=False)
def get_authenticator(path: str) -> users.Authenticator:
    """One authenticator per users file and process: its throttle sees every session's attempts."""
    from pathlib import Path

    return users.Authenticator(Path(path))


def signed_in() -> users.Session | None:
    """The person signed in in this browser session (None when nobody is, or the session has ended)."""
    cfg = config()
    if cfg.users_file is None:
        return None
    auth = get_authenticator(str(cfg.users_file))
    if cfg.signin == "oidc":
        return _oidc_session(auth)
    session: users.Session | None = st.session_state.get(_SESSION)
    if session is None:
        return None
    now = auth.clock()
    user = auth.user(session.name)
    if user is None or user.role != session.role or session.expired(now):
        del st.session_state[_SESSION]
        st.session_state[_NOTE] = (f"Signed out after {cfg.session_minutes:g} minutes without activity."
                                   if user is not None else "Signed out: your account has changed.")
        return None
    session.touch(now)
    return session


def _oidc_logged_in() -> bool:
    # st.user is a mapping; read as one, since AppTest's lacks the attribute when nobody is logged in
    return bool(st.user.get("is_logged_in"))


def _oidc_session(auth: users.Authenticator) -> users.Session | None:
    """The identity provider's signed-in person, with the role the users file gives their e-mail."""
    if not _oidc_logged_in():
        return None
    email = str(st.user.get("email") or "")
    user = auth.user(email)
    if user is None:
        return None
    return users.Session(user.name, user.role, auth.clock(), idle=float("inf"))


def sign_out() -> None:
    """End this browser session's sign-in (a callback of the "Sign out" button)."""
    st.session_state.pop(_SESSION, None)
    if config().signin == "oidc" and _oidc_logged_in():
        st.logout()


def editor(page: str, action: str, *, author_label: str = "Your name (recorded with each correction)",
           open_note: bool = False) -> Editor | None:
    """Who may change data on this page; None, after drawing the sign-in form, when nobody signed in may.

    Without a users file (GEO_USERS) the page is open as it always was, with a free-text author field
    (``{page}_author``) and, with ``open_note``, a note saying so.
    """
    cfg = config()
    if cfg.users_file is None:
        if open_note:
            st.warning("Anyone who can open this page can change the data. To let only curators change it, "
                       "add them with `python -m geo users add NAME --role curator` and start the dashboard "
                       "with `GEO_USERS` set to the users file (see the README, “Curators and readers”).")
        name = st.text_input(author_label, key=f"{page}_author")
        return Editor(name.strip() or None, "admin", False)
    session = signed_in()
    if session is None:
        _sign_in_form(page, cfg)
        return None
    left, right = st.columns([6, 1], vertical_alignment="center")
    left.markdown(f"Signed in as **{md(session.name)}** ({session.role}); your corrections carry your name.")
    right.button("Sign out", key=f"{page}_sign_out", on_click=sign_out)
    if not users.can(session.role, action):
        st.info(f"A {session.role} cannot do this here.")
        return None
    return Editor(session.name, session.role, True)


def _sign_in_form(page: str, cfg: Config) -> None:
    note = st.session_state.pop(_NOTE, None)
    if note:
        st.info(note)
    st.markdown("**Sign in to change data.** Reading stays open to everyone: the map, delegations, people, "
                "sources, the timeline and the downloads.")
    if cfg.signin == "oidc":
        if _oidc_logged_in():
            st.warning(f"{md(st.user.get('email') or 'This account')} is not a curator of this dashboard: "
                       "an operator can add it with `python -m geo users add EMAIL --role curator "
                       "--no-password`.")
            st.button("Sign out", key=f"{page}_sign_out", on_click=sign_out)
        elif st.button("Sign in with your organisation's account", key=f"{page}_oidc"):
            try:
                st.login()
            except st.errors.StreamlitAPIException as exc:
                st.error(f"Sign-in through the identity provider is not set up: {md(exc)}")
        return
    with st.form(f"{page}_sign_in", clear_on_submit=True):
        name = st.text_input("Name", key=f"{page}_sign_in_name", autocomplete="username")
        password = st.text_input("Password", type="password", key=f"{page}_sign_in_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button("Sign in")
    if not submitted:
        return
    auth = get_authenticator(str(cfg.users_file))
    try:
        result = auth.sign_in(name, password)
    except users.UsersError as exc:  # a broken users file: the operator's to fix, named in the message
        st.error(md(str(exc)))
        return
    if result.user is None:
        st.error(result.message)
        return
    st.session_state[_SESSION] = users.Session(result.user.name, result.user.role, auth.clock(),
                                               idle=cfg.session_minutes * 60)
    st.rerun()


# --- errors ---------------------------------------------------------------------------


@contextlib.contextmanager
def error_boundary(what: str = "this page") -> Iterator[None]:
    """Turn any exception in the block into an st.error message (Streamlit's own control flow passes)."""
    try:
        yield
    except Exception as exc:  # the one place where errors become what the user sees
        log.exception("error while drawing %s", what)
        st.error(f"Something went wrong while drawing {what}: {type(exc).__name__}: {exc}")


# --- small rendering helpers shared by the pages ---------------------------------------------


def esc(text: object) -> str:
    """HTML-escape any value for st.markdown(..., unsafe_allow_html=True) and st.html."""
    return html.escape("" if text is None else str(text), quote=True)


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None (a javascript: URL never becomes a link)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def md(text: object) -> str:
    """Escape Markdown (and HTML) in a text so that a label shows it as written.

    Quotes stay as they are (Markdown needs no entity for them): the backslash put before ``#`` would
    turn ``&#x27;`` into the text "&#x27;" where an apostrophe was meant.
    """
    out = html.escape("" if text is None else str(text), quote=False)
    for ch in "\\`*_{}[]()#+-.!|~>":
        out = out.replace(ch, "\\" + ch)
    return re.sub(r"(?<!&)#", r"\\#", out)  # not the "#" of "&#x27;": it would show the entity, not the quote


PAGES = {
    "map": "pages/1_Map.py",
    "delegations": "pages/2_Delegations.py",
    "people": "pages/3_People.py",
    "sources": "pages/4_Sources.py",
    "timeline": "pages/7_Timeline.py",
    "ties": "pages/8_Ties.py",
    "network": "pages/9_Network.py",
    "curate": "pages/5_Curate.py",
}

# long links and words from articles wrap inside the panels instead of running past their edge
PANEL_CSS = """<style>
[class*="st-key-"][class*="_panel"] a, [class*="st-key-"][class*="_panel"] p,
[class*="st-key-"][class*="_panel"] blockquote, [data-testid="stPageLink"] span,
[data-testid="stPageLink"] p { white-space: normal !important; overflow-wrap: anywhere; }
[data-testid="stPageLink-NavLink"] { height: auto !important; }
</style>"""


def panel_style() -> None:
    """The panels' CSS: long links wrap (call once per page that shows panels)."""
    st.html(PANEL_CSS)


def link(page: str, label: str, **params: str) -> None:
    """A link to another page of the dashboard with query parameters (the filters stay in the URL)."""
    try:
        st.page_link(PAGES[page], label=md(label), query_params=params or None)
    except st.errors.StreamlitAPIException:
        # a page run on its own (tests) has no navigation to link through
        st.caption(md(label))


def _sentence_html(sentence: str, marks: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for start, end in sorted(marks):
        if start < pos or end > len(sentence):
            continue
        out.append(esc(sentence[pos:start]))
        out.append(f"<mark>{esc(sentence[start:end])}</mark>")
        pos = end
    out.append(esc(sentence[pos:]))
    return "".join(out)


def quote(sentence: str, text: str = "") -> None:
    """A sentence from an article, escaped, with ``text`` marked in it."""
    start = sentence.find(text) if text else -1
    marks = [(start, start + len(text))] if start >= 0 else []
    st.html(f'<blockquote style="margin:.2em 0 .4em 0;border-left:3px solid #ccc;padding-left:.6em">'
            f"{_sentence_html(sentence, marks)}</blockquote>")


def entities(atlas: Atlas) -> tuple[flt.Entity, ...]:
    """Every person, organisation and program of the atlas."""
    return (*atlas.people, *atlas.organizations, *atlas.programs)


def _documents(atlas: Atlas) -> dict[str, Any]:
    return {d.id: d for d in atlas.documents}


def mentions_list(atlas: Atlas, mentions: tuple[Any, ...], limit: int = 20, total: int | None = None) -> None:
    """Each mention with its sentence and a link to its source (``total``: how many there are, when
    ``mentions`` holds only the first ones)."""
    docs = _documents(atlas)
    for m in mentions[:limit]:
        quote(m.sentence, m.text)
        doc = docs.get(m.document)
        title = (doc.title if doc is not None and doc.title else None) or m.document
        link("sources", f"Source: {title}", doc=m.document)
    total = len(mentions) if total is None else total
    if total > limit:
        st.caption(f"… and {total - limit:,} more mentions")


LINES_LISTED = 30  # the trips, people, organisations or programs a panel lists under one heading


def _more(items: tuple[Any, ...], what: str) -> None:
    if len(items) > LINES_LISTED:
        st.caption(f"… and {len(items) - LINES_LISTED:,} more {what}")


def trip_lines(atlas: Atlas, trips: tuple[Any, ...]) -> None:
    """Each trip (the first ``LINES_LISTED``; a count of the others) as a link to its panel on the
    Delegations page."""
    from geo.views.maps import located, trip_label

    places = {p.id: p for p in atlas.places} | located(atlas)
    for trip in trips[:LINES_LISTED]:
        link("delegations", "Trip: " + trip_label(trip, places), trip=trip.id)
    _more(trips, "trips")


def entity_lines(items: tuple[Any, ...], what: str) -> None:
    """Each person, organisation or program (the first ``LINES_LISTED``; a count of the others) as a
    link to its panel."""
    if items:
        st.markdown(f"**{what}** ({len(items)})" if len(items) > LINES_LISTED else f"**{what}**")
        for item in items[:LINES_LISTED]:
            link("people", item.name, entity=item.id)
        _more(items, what.lower())


def place_panel(atlas: Atlas, place_id: str, mentions: int | None = None) -> None:
    """The place: where it is, how sure, its mentions, its trips, the people and organisations tied to it.

    ``mentions``: how many mentions the view keeps, when ``atlas`` holds only those the panel lists
    (``geo.views.panels``); else the place's own are counted.
    """
    place = next((p for p in atlas.places if p.id == place_id), None)
    if place is None:
        st.info("This place is not in the current view.")
        return
    st.subheader(md(place.name))
    where = ", ".join(x for x in (place.admin1, place.country) if x)
    coords = f"{place.lat:.4f}, {place.lon:.4f}" if place.lat is not None and place.lon is not None else "—"
    st.markdown(f"{md(place.kind)} · {md(where) or '—'} · coordinates {coords}")
    st.markdown(f"Confidence **{place.confidence:.2f}**" + (f" ({md(place.reason)})" if place.reason else "")
                + (f" · GeoNames {place.geonameid}" if place.geonameid else ""))
    if place.candidates:
        with st.expander(f"Gazetteer candidates ({len(place.candidates)})"):
            st.dataframe([{"name": c.name, "kind": c.kind, "admin1": c.admin1, "country": c.country,
                           "lat": c.lat, "lon": c.lon, "population": c.population, "score": c.score}
                          for c in place.candidates], hide_index=True)
    tied = flt.related(atlas, place_id)
    tie_links(atlas, flt.ties_of(atlas, place_id), f"Ties of {place.name}")
    total = len(place.mentions) if mentions is None else mentions
    st.markdown(f"**Mentions ({total:,})**")
    mentions_list(atlas, place.mentions, total=total)
    if tied.trips:
        st.markdown(f"**Trips through {md(place.name)} ({len(tied.trips)})**")
        trip_lines(atlas, tied.trips)
    entity_lines(tied.people, "People")
    entity_lines(tied.organizations, "Organisations")
    entity_lines(tied.programs, "Programs")
    link("curate", "Correct this place on Curate", place=place.id)


def flow_panel(atlas: Atlas, flow_id: str) -> None:
    """A leg that several trips share: the two places and each trip, leading to its panel."""
    from geo.views.maps import flow_trips, trip_label

    found = flow_trips(atlas, flow_id)
    if found is None:
        st.info("This route is not in the current view.")
        return
    (origin, destination), trips = found
    places = {p.id: p for p in atlas.places}
    st.subheader(f"{md(places[origin].name)} → {md(places[destination].name)}")
    st.markdown(f"**{len(trips)} trips** travel this leg:")
    for trip in trips:
        link("delegations", "Trip: " + trip_label(trip, places), trip=trip.id)


def tie_links(atlas: Atlas, ties: tuple[Any, ...], what: str = "Ties") -> None:
    """Each tie as a link to its panel on the map (``?tie=ID``)."""
    from geo.views.tie_layer import tie_label

    if ties:
        places = {p.id: p for p in atlas.places}
        st.markdown(f"**{md(what)} ({len(ties)})**")
        for tie in ties:
            link("map", "Tie: " + tie_label(tie, places), tie=tie.id)


def tie_panel(atlas: Atlas, tie_id: str) -> None:
    """The tie: both places, kind, status, since and until, each sentence with its source, its trips."""
    from geo.views.maps import place_label

    tie = next((t for t in atlas.ties if t.id == tie_id), None)
    if tie is None:
        st.info("This tie is not in the current view.")
        return
    places = {p.id: p for p in atlas.places}
    names = [place_label(places[p]) if p in places else p for p in tie.places]
    st.subheader("Tie: " + md(" – ".join(places[p].name if p in places else p for p in tie.places)))
    st.markdown(f"**{md(tie.kind.capitalize())}** · status **{md(tie.status)}** · "
                f"since {md(tie.since or '—')} · until {md(tie.until or '—')}")
    st.markdown("**Places**")
    for pid, name in zip(tie.places, names, strict=True):
        link("map", name, place=pid)
    st.markdown(f"**Evidence ({len(tie.evidence)})**")
    docs = _documents(atlas)
    for ev in tie.evidence:
        quote(ev.sentence)
        doc = docs.get(ev.document)
        title = (doc.title if doc is not None and doc.title else None) or ev.document
        when = " ".join(x for x in (doc.outlet, doc.published) if x) if doc is not None else ""
        link("sources", f"Source: {title}" + (f" ({when})" if when else ""), doc=ev.document)
        url = safe_url(doc.url) if doc is not None else None
        if url:
            st.markdown(f'<small><a href="{esc(url)}" target="_blank" rel="noopener">{esc(url)}</a>'
                        "</small>", unsafe_allow_html=True)
    trips = tuple(t for t in atlas.trips if t.id in tie.trips)
    if trips:
        st.markdown(f"**Trips made under it ({len(trips)})**")
        trip_lines(atlas, trips)
    if tie.manual:
        st.caption("Added or edited by hand (Curate).")


def trip_panel(atlas: Atlas, trip_id: str) -> None:
    """The trip: route, dates, who, organiser, program, evidence and sources."""
    from geo.views.maps import trip_label

    trip = next((t for t in atlas.trips if t.id == trip_id), None)
    if trip is None:
        st.info("This trip is not in the current view.")
        return
    places = {p.id: p for p in atlas.places}
    names = {e.id: e.name for e in entities(atlas)}
    st.subheader("Trip")
    st.markdown(md(trip_label(trip, places)))
    when = " – ".join(dict.fromkeys(x for x in (trip.start, trip.end) if x)) or "undated"
    st.markdown(f"**When** {md(when)}" + (f" (“{md(trip.date_text)}”)" if trip.date_text else ""))
    st.markdown(f"**Status** {md(trip.status)} · **Kind** {md(trip.kind.replace('_', ' '))}")
    if trip.participant_text:
        st.markdown(f"**Who** {md(trip.participant_text)}")
    for label, ids in (("Participants", trip.participants), ("Organiser", (trip.organizer,)),
                       ("Program", (trip.program,))):
        shown = [i for i in ids if i]
        if shown:
            st.markdown(f"**{label}**")
            for item in shown:
                link("people", names.get(item, item), entity=item)
    st.markdown(f"**Evidence ({len(trip.evidence)})**")
    docs = _documents(atlas)
    for ev in trip.evidence:
        quote(ev.sentence)
        doc = docs.get(ev.document)
        link("sources", f"Source: {(doc.title if doc is not None and doc.title else None) or ev.document}",
             doc=ev.document)
    if trip.manual:
        st.caption("Added or edited by hand.")


def not_entity_control(entity_id: str) -> None:
    """A button that marks a person or an organisation as none: a correction, undoable on Curate. With
    sign-in configured, only a signed-in curator sees it, and the correction carries their name."""
    kind = {"pe": "person", "or": "organization"}.get(entity_id.split(":", 1)[0])
    if kind is None:
        return
    by = None
    if config().users_file is not None:
        session = signed_in()
        if session is None or not users.can(session.role, "curate"):
            return
        by = session.name
    label = "Not a person" if kind == "person" else "Not an organisation"
    if st.button(label, key=f"not_entity_{entity_id}",
                 help="Takes it out of the atlas and its trips; undo it on Curate → Corrections"):
        from geo.store import corrections as corr

        record = corr.make("not_entity", {"kind": kind, "id": entity_id}, by=by)
        get_store(config().db_url).add_correction(record)
        st.rerun()


def entity_panel(atlas: Atlas, entity_id: str, mentions: int | None = None) -> None:
    """A person, organisation or program: roles, organiser, mentions, trips, places, related entities.

    ``mentions``: how many mentions the view keeps, when ``atlas`` holds only those the panel lists
    (``geo.views.panels``); else the entity's own are counted.
    """
    entity = next((e for e in entities(atlas) if e.id == entity_id), None)
    if entity is None:
        st.info("This entity is not in the current view.")
        return
    kind = {"pe": "Person", "or": "Organisation", "pr": "Program"}.get(entity_id[:2], "Entity")
    st.subheader(md(entity.name))
    st.caption(kind)
    for role in getattr(entity, "roles", ()):
        st.markdown(f"- {md(role.title)}" + (f", {md(role.organization)}" if role.organization else ""))
    organizer = getattr(entity, "organizer", None)
    if organizer:
        orgs = {o.id: o.name for o in atlas.organizations}
        st.markdown("**Organised by**")
        link("people", orgs.get(organizer, organizer), entity=organizer)
    tied = flt.related(atlas, entity_id)
    total = len(entity.mentions) if mentions is None else mentions
    st.markdown(f"**Mentions ({total:,})**")
    mentions_list(atlas, entity.mentions, total=total)
    if tied.trips:
        st.markdown(f"**Trips ({len(tied.trips)})**")
        trip_lines(atlas, tied.trips)
    if tied.places:
        st.markdown("**Places**")
        st.markdown(", ".join(md(p.name) for p in tied.places))
    entity_lines(tied.people, "People")
    entity_lines(tied.organizations, "Organisations")
    entity_lines(tied.programs, "Programs")


@st.cache_resource(show_spinner=False, max_entries=64)
def _document_text(url: str, version: str, document_id: str) -> str | None:
    extraction = get_store(url).load_extraction(document_id)
    return None if extraction is None else extraction.document.text


def document_text(document_id: str) -> str | None:
    """The text of a stored document as ingested (None if it is not stored)."""
    cfg = config()
    return _document_text(cfg.db_url, get_store(cfg.db_url).version(), document_id)


@dataclass(frozen=True, slots=True)
class Mark:
    """A stretch of a text to highlight, and where it leads."""

    start: int
    end: int
    kind: str  # place, person, organization, program
    href: str
    title: str


MARK_COLORS = {"place": "#fde2a7", "person": "#cfe8ff", "organization": "#d9f2d0", "program": "#f3d6f5"}


def _located(text: str, start: int, end: int, quoted: str) -> tuple[int, int] | None:
    """Where a mention's words are in the text: at its offsets, or, when they come from another version of
    the text, where the words are found; None when they are not."""
    if not quoted:
        return None
    if text[start:end] == quoted:
        return start, end
    found = text.find(quoted)
    return None if found < 0 else (found, found + len(quoted))


def marks_for(atlas: Atlas, document_id: str, text: str, params: dict[str, str]) -> list[Mark]:
    """The highlights of a document: every mention of a place or entity, each linking to its page."""
    from urllib.parse import urlencode

    found: list[Mark] = []
    groups: list[tuple[str, str, tuple[Any, ...]]] = [
        ("place", "./", atlas.places), ("person", "people", atlas.people),
        ("organization", "people", atlas.organizations), ("program", "people", atlas.programs)]
    for kind, page, items in groups:
        for item in items:
            for m in item.mentions:
                if m.document != document_id:
                    continue
                where = _located(text, m.start, m.end, m.text)
                if where is None:
                    continue
                start, end = where
                query = urlencode({**params, ("place" if kind == "place" else "entity"): item.id})
                found.append(Mark(start, end, kind, f"{page}?{query}", f"{kind}: {item.name}"))
    return found


def highlight_html(text: str, marks: list[Mark]) -> str:
    """The text escaped, each mark a link to its entity; overlapping marks keep the first and longest."""
    out, pos = [], 0
    for mark in sorted(marks, key=lambda m: (m.start, -(m.end - m.start))):
        if mark.start < pos or mark.end > len(text):
            continue
        out.append(esc(text[pos:mark.start]))
        color = MARK_COLORS.get(mark.kind, "#eee")
        out.append(f'<a href="{esc(mark.href)}" target="_self" title="{esc(mark.title)}" '
                   f'class="atlas-mark atlas-{mark.kind}" style="background:{color};'
                   f'color:inherit;text-decoration:none;border-radius:3px;padding:0 2px">'
                   f"{esc(text[mark.start:mark.end])}</a>")
        pos = mark.end
    out.append(esc(text[pos:]))
    return '<div style="white-space:pre-wrap;line-height:1.6">' + "".join(out) + "</div>"



@st.cache_resource(show_spinner=False, max_entries=4)
def _dated_events(url: str, version: str) -> tuple[DatedEvent, ...]:
    from geo.views import viewtables

    stored = viewtables.dated_events(get_store(url))
    if stored is not None:
        return tuple(DatedEvent(r["document_id"], r["text"], r["sentence"], r["start"], r["end"],
                                r["precision"]) for r in stored)
    events = []
    for extraction in get_store(url).load_extractions():
        for mention in extraction.dates:
            when = mention.resolved
            if when is not None:
                events.append(DatedEvent(extraction.document.id, mention.span.text,
                                         mention.sentence.text.strip(), when.start, when.end, when.precision))
    return tuple(events)


def dated_events(documents: set[str]) -> list[DatedEvent]:
    """The resolved date expressions of the given documents."""
    cfg = config()
    every = _dated_events(cfg.db_url, get_store(cfg.db_url).version())
    return [e for e in every if e.document in documents]


# --- Curate: the tabs' widgets (what each button decides and records is geo.views.curation) ------------

def _curate_pick(label: str, what: str, labels: dict[str, str], key: str,
                 load: Callable[[str], _Item | None]) -> tuple[str, _Item | None]:
    """One item chosen by its label (the last choice kept while it is offered), loaded whole by id; a
    warning when it is no longer held."""
    if st.session_state.get(key) not in labels:
        st.session_state[key] = next(iter(labels))
    chosen = st.selectbox(label, list(labels), format_func=lambda i: labels[i], key=key)
    item = load(chosen)
    if item is None:
        st.warning(f"The {what} {md(chosen)} is no longer held.")
    return chosen, item


def _curate_save(record: Correction | None) -> None:
    """Record a correction, remember what was done, and redraw with it applied."""
    if record is None:
        st.info("Nothing changed.")
        return
    store = get_store(config().db_url)
    new = store.add_correction(record)
    st.session_state["curate_flash"] = ("Saved: " if new else "Already recorded: ") + corr.describe(record)
    st.rerun()


def _curate_save_checked(build: Callable[[], Correction | None]) -> None:
    """Build and record a correction; a refused one (a bad date, a missing field) says why."""
    try:
        _curate_save(build())
    except CorrectionError as exc:
        st.error(md(str(exc)))


def review_items(view: View) -> list[corr.ReviewItem]:
    """Curate's Review queue: asked of the view tables when they show the store as it is (the places
    and the trips missing a part), else ranked over the whole atlas."""

    cfg = config()
    store = _fresh_store(cfg.db_url, str(cfg.cache_dir))
    if store is None:
        return corr.review_queue(view.atlas, limit=cur.REVIEW_LIMIT)
    return _review_items(cfg.db_url, store.version())


@st.cache_data(show_spinner=False, max_entries=4)
def _review_items(url: str, version: str) -> list[corr.ReviewItem]:
    from geo.views import pagesql

    return pagesql.review_queue(get_store(url), limit=cur.REVIEW_LIMIT)


def curate_review(items: list[corr.ReviewItem]) -> None:
    """The least certain items first; a button opens each in its tab."""
    if not items:
        st.success("Nothing to review.")
        return
    st.caption("Least certain first: unplaced or low-confidence places, trips without origin, date or "
               "destination. “Open” shows it in its tab.")
    for item in items:
        left, right = st.columns([5, 1])
        left.markdown(f"**{md(item.label)}** · {item.kind} · {md(item.why)}")
        if right.button("Open", key=f"review_{item.kind}_{item.id}"):
            key, st.session_state["curate_goto"] = cur.review_target(item)
            st.session_state[key] = item.id
            st.rerun()


def curate_places(view: View, by: str | None) -> None:
    """Another candidate, a gazetteer search, a click on the map, or "not a place". The places are listed
    by label and the one chosen loaded whole, from the view tables when they show the store as it is."""
    from geo.views import pagesql

    cfg = config()
    store = _fresh_store(cfg.db_url, str(cfg.cache_dir))
    if store is not None:
        labels = pagesql.place_labels(store)
        load: Callable[[str], AtlasPlace | None] = functools.partial(pagesql.place_whole, store)
    else:
        every = {p.id: p for p in view.atlas.places}
        labels = {i: cur.place_label(p) for i, p in every.items()}
        load = every.get
    if not labels:
        st.info("No places yet.")
        return
    pid, place = _curate_pick("Place", "place", labels, "curate_place", load)
    if place is None:
        return
    groups = corr.mention_groups(place)
    if not groups:
        st.caption("This place has no mention (added by hand): merge it or use it in trips.")
        return
    doc, text = st.selectbox("Mention to fix (every mention with this text in this document)", groups,
                             format_func=cur.mention_label, key=f"curate_mention_{pid}")
    quote(cur.mention_sentence(place, doc, text), text)
    fixes = {"Candidates": _curate_fix_by_candidate, "Search the gazetteer": _curate_fix_by_search,
             "Click the map": _curate_fix_by_click, "Not a place": _curate_fix_not_a_place}
    # stateful and lazy: the gazetteer and the map are loaded only when their tab is open
    for name, tab in zip(fixes, st.tabs(list(fixes), key="curate_fix_tab", on_change="rerun"), strict=True):
        if tab.open:
            with tab:
                fixes[name](place, doc, text, by)


def _curate_fix_by_candidate(place: AtlasPlace, doc: str, text: str, by: str | None) -> None:
    if not place.candidates:
        st.caption("The gazetteer offered no candidate.")
        return
    index = st.radio("Candidates", range(len(place.candidates)), key=f"curate_cand_{place.id}",
                     format_func=lambda i: cur.candidate_label(place.candidates[i]))
    if st.button("Use this candidate", key=f"curate_use_{place.id}"):
        _curate_save(corr.place_fix(doc, text, place.candidates[index], by=by,
                             before=corr.place_summary(place)))


def _curate_fix_by_search(place: AtlasPlace, doc: str, text: str, by: str | None) -> None:
    query = st.text_input("Name to look up", value=text, key=f"curate_query_{place.id}")
    found = get_gazetteer(str(config().cache_dir)).search(query)[:25] if query.strip() else []
    if found:
        pick = st.radio("Results", range(len(found)), format_func=lambda i: cur.candidate_label(found[i]),
                        key=f"curate_found_{place.id}")
        if st.button("Use this result", key=f"curate_use_found_{place.id}"):
            _curate_save(corr.place_fix(doc, text, found[pick], by=by, before=corr.place_summary(place)))
    elif query.strip():
        st.caption(f"Nothing in the gazetteer is called “{md(query)}”.")


def _curate_fix_by_click(place: AtlasPlace, doc: str, text: str, by: str | None) -> None:
    result = st_folium(maps.build_map(Atlas(places=(place,)), tiles=config().tiles),  # type: ignore[arg-type]
                       key=f"curate_map_{place.id}", height=360, width="stretch",
                       returned_objects=["last_clicked"])
    point = (result or {}).get("last_clicked")
    name = st.text_input("Name of the point", value=place.name, key=f"curate_pointname_{place.id}")
    if not point:
        st.caption("Click the map where the place is.")
        return
    st.write(f"Clicked: {point['lat']:.5f}, {point['lng']:.5f}")
    if st.button("Set the point here", key=f"curate_setpoint_{place.id}"):
        _curate_save(cur.point_correction(place, doc, text, point["lat"], point["lng"], name, by))


def _curate_fix_not_a_place(place: AtlasPlace, doc: str, text: str, by: str | None) -> None:
    st.markdown(f"“{md(text)}” in {md(doc)} is not a place: its mentions leave the map and its trips.")
    if st.button("Not a place", key=f"curate_notplace_{place.id}"):
        _curate_save(cur.not_place_correction(place, doc, text, by))


def curate_merge_split(view: View, by: str | None) -> None:
    """Merge entities of one kind into the first chosen; split names back out. The entities are listed
    by label and those chosen loaded whole, from the view tables when they show the store as it is."""
    from geo.views import pagesql

    kind = st.radio("Kind", list(cur.KINDS), format_func=cur.KINDS.get, horizontal=True, key="curate_kind")
    cfg = config()
    store = _fresh_store(cfg.db_url, str(cfg.cache_dir))
    if store is not None:
        labels = pagesql.entity_labels(store, kind)
        load: Callable[[str], Any] = functools.partial(pagesql.entity_whole, store)
    else:
        every = cur.entities_of(view.atlas, kind)
        labels = {i: cur.entity_label(e) for i, e in every.items()}
        load = every.get
    if not labels:
        st.info(f"No {cur.KINDS[kind].lower()} yet.")
        return

    def label(i: str) -> str:
        return labels[i]

    st.subheader("Merge")
    chosen = st.multiselect("The same one (the first keeps its id and name)", list(labels),
                            format_func=label, key=f"curate_merge_{kind}")
    if st.button("Merge", disabled=len(chosen) < 2, key=f"curate_merge_go_{kind}"):
        _curate_save(cur.merge_correction(kind, chosen, {i: load(i) for i in chosen}, by))
    st.subheader("Split")
    eid = st.selectbox("Entity", list(labels), format_func=label, key=f"curate_split_{kind}")
    entity = load(eid)  # whole, with its mentions: the names a split takes off
    if entity is None:
        st.warning(f"{md(eid)} is no longer held.")
        return
    leaving = st.multiselect("Names that are someone (or somewhere) else", cur.entity_mentions(entity),
                             format_func=cur.mention_label, key=f"curate_split_parts_{kind}")
    left, right = st.columns(2)
    if left.button("Split these off", disabled=not leaving, key=f"curate_split_go_{kind}"):
        _curate_save(cur.split_correction(kind, entity, leaving, by))
    if right.button("Undo every merge into it", key=f"curate_unmerge_{kind}"):
        _curate_save(cur.split_correction(kind, entity, None, by))
    button = cur.not_entity_button(kind)
    if button and st.button(button, key=f"curate_not_{kind}"):
        _curate_save(cur.not_entity_correction(kind, entity, by))


CURATE_TRIPS_SHOWN = 200  # the Trips tab's choices: the first that match what is typed


def _curate_trip_choices(view: View, contains: str, asked: str | None) -> tuple[Any, Callable[[str], Any]]:
    """The Trips tab's choices (``pagesql.TripChoices``) and how to load one trip whole: asked of the view
    tables when they show the store as it is, else of the atlas."""
    from geo.views import pagesql

    cfg = config()
    store = _fresh_store(cfg.db_url, str(cfg.cache_dir))
    keep = [asked] if asked else []
    if store is not None:
        return (pagesql.trip_choices(store, contains, limit=CURATE_TRIPS_SHOWN, keep=keep),
                pagesql.StoreHoldings(store).trip)
    atlas = view.atlas
    every = {t.id: t for t in atlas.trips}
    found = [t for t in atlas.trips if contains.strip().lower() in
             f"{cur.trip_choice_label(atlas, t)}".lower()]
    shown = found[:CURATE_TRIPS_SHOWN] + [every[i] for i in keep if i in every
                                          and i not in {t.id for t in found[:CURATE_TRIPS_SHOWN]}]
    choices = pagesql.TripChoices(
        trips=[(t.id, cur.trip_choice_label(atlas, t)) for t in shown], total=len(found),
        places={p.id: p.name for p in atlas.places}, people={p.id: p.name for p in atlas.people},
        organizations={o.id: o.name for o in atlas.organizations},
        programs={p.id: p.name for p in atlas.programs}, documents=[d.id for d in atlas.documents])
    return choices, every.get


def curate_trips(view: View, by: str | None) -> None:
    """Edit a trip's places, dates, people, organiser and program; delete it; add one by hand. The trips
    are found by what is typed (route or id), the first 200 offered."""
    contains = st.text_input("Find trips (route or id)", key="curate_trip_find")
    choices, load = _curate_trip_choices(view, contains, st.session_state.get("curate_trip"))
    places, people = choices.places, choices.people
    orgs, programs = choices.organizations, choices.programs
    labels = dict(choices.trips)
    if choices.total > CURATE_TRIPS_SHOWN:
        st.caption(f"The first {CURATE_TRIPS_SHOWN:,} of {choices.total:,} trips: type to find others.")
    if labels:
        tid, trip = _curate_pick("Trip", "trip", labels, "curate_trip", load)
        if trip is None:
            return
        for e in trip.evidence[:3]:
            st.caption(md(e.document))
            quote(e.sentence)
        with st.form(f"curate_trip_form_{tid}"):
            wanted = _curate_trip_fields(trip, places, people, orgs, programs, f"edit_{tid}")
            saved = st.form_submit_button("Save the trip")
        if saved:
            _curate_save_checked(lambda: corr.trip_edit(trip, wanted, by=by))
        if st.button("Delete this trip", key=f"curate_delete_{tid}"):
            _curate_save(cur.trip_delete_correction(trip, by))
    else:
        st.info("No trips yet: add one below." if not contains.strip()
                else f"No trip matches “{md(contains)}”.")
    with st.expander("Add a trip by hand"), st.form("curate_trip_add"):
        fields = _curate_trip_fields(None, places, people, orgs, programs, "add")
        docs = choices.documents
        document = st.selectbox("Source document", docs, index=None, key="curate_add_doc")
        sentence = st.text_area("Evidence (the sentence that tells of it)", key="curate_add_evidence")
        added = st.form_submit_button("Add the trip")
    if added:
        _curate_save_checked(lambda: cur.trip_add_correction(fields, document, sentence, by))


def _curate_trip_fields(trip: AtlasTrip | None, places: dict[str, str], people: dict[str, str],
                 orgs: dict[str, str], programs: dict[str, str], key: str) -> dict[str, Any]:
    """The trip form's widgets; returns the values in the shape of a trip's fields."""
    def name(table: dict[str, str]) -> Any:
        return lambda i: cur.id_label(table, i)

    origins = st.multiselect("From (origins)", list(places),
                             default=[o for o in trip.origins if o in places] if trip else [],
                             format_func=name(places), key=f"{key}_origins")
    destinations = st.multiselect("To (destinations, in the order visited: pick them in order)", list(places),
                                  default=[d for d in trip.destinations if d in places] if trip else [],
                                  format_func=name(places),
                                  key=f"{key}_destinations")
    left, right = st.columns(2)
    start = left.text_input("Start (YYYY-MM-DD, YYYY-MM or YYYY)", value=(trip.start or "") if trip else "",
                            key=f"{key}_start")
    end = right.text_input("End", value=(trip.end or "") if trip else "", key=f"{key}_end")
    participants = st.multiselect("Participants", list(people),
                                  default=[p for p in (trip.participants if trip else ()) if p in people],
                                  format_func=name(people), key=f"{key}_participants")
    extra = st.text_input("Other participants, by name (separated by ;)", key=f"{key}_new_people")
    participant_text = st.text_input("The travellers as written", key=f"{key}_participant_text",
                                     value=trip.participant_text if trip else "")
    org_ids = [None, *orgs]
    organizer = st.selectbox("Organiser", org_ids, format_func=name(orgs), key=f"{key}_organizer",
                             index=cur.option_index(org_ids, trip.organizer if trip else None))
    program_ids = [None, *programs]
    program = st.selectbox("Program", program_ids, format_func=name(programs), key=f"{key}_program",
                           index=cur.option_index(program_ids, trip.program if trip else None))
    return cur.trip_form_values(origins, destinations, start, end, participants, extra, participant_text,
                                organizer, program)


def curate_ties_atlas(view: View) -> Atlas:
    """What the Ties tab lists (every tie whole, every place by name): asked of the view tables when
    they show the store as it is, else the whole atlas."""

    cfg = config()
    store = _fresh_store(cfg.db_url, str(cfg.cache_dir))
    return view.atlas if store is None else _curate_ties_atlas(cfg.db_url, store.version())


@st.cache_resource(show_spinner=False, max_entries=2)
def _curate_ties_atlas(url: str, version: str) -> Atlas:
    from geo.views import pagesql

    return pagesql.curate_ties(get_store(url))


def curate_ties(atlas: Atlas, by: str | None) -> None:
    """Edit, end or remove a tie; add one between two places."""
    places = {p.id: p for p in atlas.places}
    ties = {t.id: t for t in atlas.ties}
    if ties:
        tid = st.selectbox("Tie", list(ties), key="curate_tie",
                           format_func=lambda i: cur.tie_choice_label(ties[i], places))
        tie = ties[tid]
        for e in tie.evidence[:3]:
            quote(e.sentence)
        with st.form(f"curate_tie_form_{tid}"):
            wanted = _curate_tie_fields(tie, f"tie_{tid}")
            saved = st.form_submit_button("Save the tie")
        if saved:
            _curate_save_checked(lambda: corr.tie_edit(tie, wanted, by=by))
        left, middle, right = st.columns([2, 1, 1], vertical_alignment="bottom")
        until = left.text_input("Ended in (YYYY, YYYY-MM or YYYY-MM-DD)", key=f"curate_tie_until_{tid}")
        if middle.button("End this tie", key=f"curate_tie_end_{tid}"):
            _curate_save_checked(lambda: corr.tie_end(tie, until or None, by=by))
        if right.button("Remove this tie", key=f"curate_tie_delete_{tid}"):
            _curate_save(corr.tie_delete(tie, by=by))
    else:
        st.info("No ties yet: add one below.")
    with st.expander("Add a tie by hand"), st.form("curate_tie_add"):
        pair = st.multiselect("The two places", list(places), max_selections=2, key="curate_tie_places",
                              format_func=lambda i: cur.place_label(places[i]))
        fields = _curate_tie_fields(None, "tie_add")
        added = st.form_submit_button("Add the tie")
    if added:
        _curate_save_checked(lambda: cur.tie_add_correction(pair, fields, by))


def _curate_tie_fields(tie: AtlasTie | None, key: str) -> dict[str, Any]:
    """The tie form's widgets: kind, status, since, until."""
    left, right = st.columns(2)
    kind = left.selectbox("Kind", TIE_KINDS, index=TIE_KINDS.index(tie.kind) if tie else 0, key=f"{key}_kind")
    status = right.selectbox("Status", TIE_STATUSES, key=f"{key}_status",
                             index=TIE_STATUSES.index(tie.status) if tie else 0)
    since = left.text_input("Since (YYYY, YYYY-MM or YYYY-MM-DD)", value=(tie.since or "") if tie else "",
                            key=f"{key}_since")
    until = right.text_input("Until", value=(tie.until or "") if tie else "", key=f"{key}_until")
    return {"kind": kind, "status": status, "since": since, "until": until}


def curate_corrections() -> None:
    """Every correction, newest first, with undo and redo."""
    records = get_store(config().db_url).load_corrections()
    if not records:
        st.info("No corrections yet.")
        return
    active = sum(not r.undone for r in records)
    st.caption(f"{len(records)} correction(s), {active} in force. They are kept apart from what was "
               "extracted: re-ingesting the articles keeps them. `python -m geo corrections export` "
               "writes them as JSON lines.")
    for record in reversed(records[-cur.CORRECTIONS_SHOWN:]):
        left, right = st.columns([6, 1])
        when, who, undone = cur.correction_meta(record)
        left.markdown(f"{md(corr.describe(record))}  \n<small>{md(when)}{md(who)}</small>"
                      f"{' · **undone**' if undone else ''}", unsafe_allow_html=True)
        label = "Redo" if record.undone else "Undo"
        if right.button(label, key=f"curate_undo_{record.key}"):
            get_store(config().db_url).set_undone(record.key, not record.undone)
            st.session_state["curate_flash"] = f"{label}: {corr.describe(record)}"
            st.rerun()


CURATE_DOCUMENTS_SHOWN = 200  # the Documents tab's choices: the first that match what is typed


def curate_documents(view: View) -> None:
    """Delete articles (admins): what was extracted from them goes, their corrections stay. The
    documents are found by what is typed (title, outlet or id), the first 200 offered: asked of the
    view tables, else of the atlas."""
    from geo.views import pagesql

    cfg = config()
    store = _fresh_store(cfg.db_url, str(cfg.cache_dir))
    contains = st.text_input("Find documents (title, outlet or id)", key="curate_delete_find")
    if store is not None:
        found, total = pagesql.document_choices(store, contains, limit=CURATE_DOCUMENTS_SHOWN)
    else:
        every = [d for d in view.atlas.documents if contains.strip().lower() in
                 f"{d.title or ''}\n{d.outlet or ''}\n{d.id}".lower()]
        found, total = every[:CURATE_DOCUMENTS_SHOWN], len(every)
    # what was chosen stays offered while another word is typed
    chosen_before = [str(i) for i in st.session_state.get("curate_delete_docs", [])]
    docs = {d.id: d for d in found}
    if store is not None:
        docs |= pagesql.documents(store, [i for i in chosen_before if i not in docs])
    else:
        docs |= {d.id: d for d in view.atlas.documents if d.id in chosen_before and d.id not in docs}
    if not docs:
        st.info("No documents." if not contains.strip() else f"No document matches “{md(contains)}”.")
        return
    if total > len(found):
        st.caption(f"The first {len(found):,} of {total:,} documents: type to find others.")
    chosen = st.multiselect("Documents to delete", list(docs), key="curate_delete_docs",
                            format_func=lambda i: cur.document_label(docs[i]))
    sure = st.checkbox("Delete them: their places, people and trips leave the atlas (ingesting the file "
                       "again brings them back, with their corrections)", key="curate_delete_sure")
    if st.button("Delete the documents", disabled=not (chosen and sure), key="curate_delete_docs_go"):
        store = get_store(config().db_url)
        gone = sum(store.delete_document(i) for i in chosen)
        st.session_state["curate_flash"] = f"Deleted {gone} document(s)."
        st.rerun()
