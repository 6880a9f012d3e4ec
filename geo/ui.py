"""The only Streamlit-aware module: cached getters, first-start ingest, sidebar filters, error boundary.

Pages call ``view()`` first: it returns the whole atlas, the filters in force and the filtered atlas.
When the entry script (dashboard.py) runs a page inside ``shared_sidebar()``, the sidebar is drawn
once there (so that its widgets, bound to the URL, live across page switches); a page run on its own
(AppTest's ``switch_page``) draws it itself.
"""

from __future__ import annotations

import contextlib
import html
import logging
import threading
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import streamlit as st

from geo import filters as flt
from geo.config import Config, load_config
from geo.models import Atlas
from geo.search import QuerySyntaxError
from geo.search import parse as parse_query

if TYPE_CHECKING:
    from spacy.language import Language

    from geo.gazetteer import Gazetteer
    from geo.store import Store

log = logging.getLogger(__name__)

_INGEST_LOCK = threading.Lock()
_CURRENT: ContextVar[View | None] = ContextVar("atlas_view", default=None)


@dataclass(frozen=True)
class View:
    """What a page shows: the whole atlas, the filters in force, and what they keep."""

    atlas: Atlas
    filters: flt.Filters
    shown: Atlas


# --- cached getters ---------------------------------------------------------------------


def config() -> Config:
    """The settings in force (read from the environment on every run: cheap, and tests change it)."""
    return load_config()


@st.cache_resource(show_spinner=False)
def get_store(url: str) -> Store:
    """One Store (engine and connection pool) per database URL, shared by every session."""
    from geo.store import Store

    return Store(url)


@st.cache_resource(show_spinner="Loading the language model …")
def get_nlp(model: str) -> Language:
    """The spaCy pipeline, loaded once per process."""
    from geo.nlp import load_nlp

    return load_nlp(model)


@st.cache_resource(show_spinner="Loading the gazetteer …")
def get_gazetteer(cache_dir: str) -> Gazetteer:
    """The offline gazetteer, loaded once per process."""
    from pathlib import Path

    from geo.gazetteer import load_gazetteer

    return load_gazetteer(Path(cache_dir))


# The atlas is immutable (frozen dataclasses), so it is shared rather than copied as st.cache_data
# would do on every call; the store's version in the key rebuilds it after any write.
@st.cache_resource(show_spinner="Building the atlas …", max_entries=4)
def _atlas(url: str, version: str, cache_dir: str) -> Atlas:
    from geo.atlas import build_atlas

    store = get_store(url)
    corrections = store.load_corrections()
    lookup = get_gazetteer(cache_dir).get if corrections else None
    return build_atlas(store.load_extractions(), corrections, lookup)


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


def search_results(atlas: Atlas, query: str, limit: int = 20) -> list[str]:
    """Show the best articles for a search among those ``atlas`` keeps, each with its snippet; their ids."""
    docs = _documents(atlas)
    hits = [(d, snippet) for d, _, snippet in search_hits(query, limit=max(limit, 200)) if d in docs]
    st.markdown(f"**{len(atlas.documents)} article(s) match** “{md(query)}”"
                + (f"; the best {limit}:" if len(atlas.documents) > limit else ":"))
    for doc_id, snippet in hits[:limit]:
        link("sources", docs[doc_id].title or doc_id, doc=doc_id, q=query)
        st.html(f'<div style="margin:-.4em 0 .6em 1em;color:#444">{snippet_html(snippet)}</div>')
    return [d for d, _ in hits]


def snippet_html(snippet: str) -> str:
    """A search snippet escaped, its matches in <mark>."""
    from geo.store import SNIPPET_END, SNIPPET_START

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
    from geo.reading import discover

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


def _names(items: tuple[Any, ...]) -> list[str]:
    return sorted({item.name for item in items}, key=str.casefold)


def _canonical(value: str | None, options: list[str]) -> str | None:
    """The option that ``value`` names (case and spacing aside), or None."""
    if value is None:
        return None
    wanted = " ".join(value.casefold().split())
    return next((o for o in options if " ".join(o.casefold().split()) == wanted), None)


_SEEN = "_atlas_url_values_applied"


def _clear_filters() -> None:
    """Reset every filter widget (a callback: it runs before the widgets are drawn)."""
    for key in _KEYS:
        st.session_state[key] = "" if key == "q" else None


def _sidebar(atlas: Atlas) -> flt.Filters:
    """Draw the filters in the sidebar, seeded from and written back to the URL; return them."""
    raw = flt.from_query_params(st.query_params.to_dict())
    problems = [p for p in raw.problems if not p.startswith("ignored search")]  # the search box says it
    choices = {
        "program": _names(atlas.programs),
        "organization": _names(atlas.organizations),
        "person": _names(atlas.people),
        "country": sorted({p.country for p in atlas.places if p.country}),
        "type": list(flt.ENTITY_TYPES),
    }
    by_id: dict[str, str] = {}
    for group in (atlas.programs, atlas.organizations, atlas.people):
        by_id.update((e.id, e.name) for e in group)
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
    if any(v is not None for v in values.values()):
        side.button("Clear filters", on_click=_clear_filters)
    start, end = values["from"], values["to"]
    if isinstance(start, date) and isinstance(end, date) and start > end:
        side.warning("“From” is after “To”: the dates are ignored.")
        start = end = None
    return flt.Filters(program=values["program"], start=start if isinstance(start, date) else None,
                       end=end if isinstance(end, date) else None, organization=values["organization"],
                       person=values["person"], country=values["country"], entity_type=values["type"],
                       q=values["q"])


def _make_view() -> View:
    ensure_database()
    atlas = get_atlas()
    filters = _sidebar(atlas)
    shown = filtered_atlas(filters)
    return View(atlas=atlas, filters=filters, shown=shown)


_FAILED = View(atlas=Atlas(), filters=flt.Filters(), shown=Atlas())


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


def filter_summary(filters: flt.Filters) -> str:
    """One line for people: what the filters keep."""
    parts = [f"{k}: {v}" for k, v in flt.to_query_params(filters).items()]
    return "Filtered by " + md(", ".join(parts)) if parts else "No filter"


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
    """Escape Markdown (and HTML) in a text so that a label shows it as written."""
    out = esc(text)
    for ch in "\\`*_{}[]()#+-.!|~>":
        out = out.replace(ch, "\\" + ch)
    return out


PAGES = {
    "map": "pages/1_Map.py",
    "delegations": "pages/2_Delegations.py",
    "people": "pages/3_People.py",
    "sources": "pages/4_Sources.py",
    "timeline": "pages/7_Timeline.py",
}


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


def mentions_list(atlas: Atlas, mentions: tuple[Any, ...], limit: int = 20) -> None:
    """Each mention with its sentence and a link to its source."""
    docs = _documents(atlas)
    for m in mentions[:limit]:
        quote(m.sentence, m.text)
        doc = docs.get(m.document)
        title = (doc.title if doc is not None and doc.title else None) or m.document
        link("sources", f"Source: {title}", doc=m.document)
    if len(mentions) > limit:
        st.caption(f"… and {len(mentions) - limit} more mentions")


def trip_lines(atlas: Atlas, trips: tuple[Any, ...]) -> None:
    """Each trip as a link to its panel on the Delegations page."""
    from geo.maps import located, trip_label

    places = {p.id: p for p in atlas.places} | located(atlas)
    for trip in trips:
        link("delegations", "Trip: " + trip_label(trip, places), trip=trip.id)


def entity_lines(items: tuple[Any, ...], what: str) -> None:
    """Each person, organisation or program as a link to its panel."""
    if items:
        st.markdown(f"**{what}**")
        for item in items:
            link("people", item.name, entity=item.id)


def place_panel(atlas: Atlas, place_id: str) -> None:
    """The place: where it is, how sure, its mentions, its trips, the people and organisations tied to it."""
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
    st.markdown(f"**Mentions ({len(place.mentions)})**")
    mentions_list(atlas, place.mentions)
    if tied.trips:
        st.markdown(f"**Trips through {md(place.name)} ({len(tied.trips)})**")
        trip_lines(atlas, tied.trips)
    entity_lines(tied.people, "People")
    entity_lines(tied.organizations, "Organisations")
    entity_lines(tied.programs, "Programs")


def trip_panel(atlas: Atlas, trip_id: str) -> None:
    """The trip: route, dates, who, organiser, program, evidence and sources."""
    from geo.maps import trip_label

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


def entity_panel(atlas: Atlas, entity_id: str) -> None:
    """A person, organisation or program: roles, organiser, mentions, trips, places, related entities."""
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
    st.markdown(f"**Mentions ({len(entity.mentions)})**")
    mentions_list(atlas, entity.mentions)
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
                start, end = m.start, m.end
                if text[start:end] != m.text:  # offsets from another version of the text: find it
                    start = text.find(m.text)
                    end = start + len(m.text)
                if start < 0 or not m.text:
                    continue
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


@dataclass(frozen=True, slots=True)
class DatedEvent:
    """A date expression of an article, resolved: what the Timeline shows besides trips."""

    document: str
    text: str
    sentence: str
    start: str
    end: str
    precision: str


@st.cache_resource(show_spinner=False, max_entries=4)
def _dated_events(url: str, version: str) -> tuple[DatedEvent, ...]:
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
