"""Curate: fix places, merge and split entities, edit or add trips and ties; each change can be undone."""

from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

from geo import ui
from geo.models import TIE_KINDS, TIE_STATUSES, Atlas, AtlasPlace, AtlasTie, AtlasTrip
from geo.store import corrections as corr
from geo.store.corrections import Correction, CorrectionError
from geo.views import curation as cur
from geo.views import maps

EDITOR = ui.Editor(None, "curator", False)  # who is changing data in this run (set below)


def _save(record: Correction | None) -> None:
    """Record a correction, remember what was done, and redraw with it applied."""
    if record is None:
        st.info("Nothing changed.")
        return
    store = ui.get_store(ui.config().db_url)
    new = store.add_correction(record)
    st.session_state["curate_flash"] = ("Saved: " if new else "Already recorded: ") + corr.describe(record)
    st.rerun()


def _save_checked(build: Callable[[], Correction | None]) -> None:
    """Build and record a correction; a refused one (a bad date, a missing field) says why."""
    try:
        _save(build())
    except CorrectionError as exc:
        st.error(ui.md(str(exc)))


def _author() -> str | None:
    return EDITOR.name


def review(atlas: Atlas) -> None:
    """The least certain items first; a button opens each in its tab."""
    items = corr.review_queue(atlas, limit=cur.REVIEW_LIMIT)
    if not items:
        st.success("Nothing to review.")
        return
    st.caption("Least certain first: unplaced or low-confidence places, trips without origin, date or "
               "destination. “Open” shows it in its tab.")
    for item in items:
        left, right = st.columns([5, 1])
        left.markdown(f"**{ui.md(item.label)}** · {item.kind} · {ui.md(item.why)}")
        if right.button("Open", key=f"review_{item.kind}_{item.id}"):
            key, st.session_state["curate_goto"] = cur.review_target(item)
            st.session_state[key] = item.id
            st.rerun()


def place_tab(atlas: Atlas) -> None:
    """Another candidate, a gazetteer search, a click on the map, or "not a place"."""
    if not atlas.places:
        st.info("No places yet.")
        return
    places = {p.id: p for p in atlas.places}
    if st.session_state.get("curate_place") not in places:
        st.session_state["curate_place"] = next(iter(places))
    pid = st.selectbox("Place", list(places), format_func=lambda i: cur.place_label(places[i]),
                       key="curate_place")
    place = places[pid]
    groups = corr.mention_groups(place)
    if not groups:
        st.caption("This place has no mention (added by hand): merge it or use it in trips.")
        return
    doc, text = st.selectbox("Mention to fix (every mention with this text in this document)", groups,
                             format_func=cur.mention_label, key=f"curate_mention_{pid}")
    ui.quote(cur.mention_sentence(place, doc, text), text)
    fixes = {"Candidates": _fix_by_candidate, "Search the gazetteer": _fix_by_search,
             "Click the map": _fix_by_click, "Not a place": _fix_not_a_place}
    # stateful and lazy: the gazetteer and the map are loaded only when their tab is open
    for name, tab in zip(fixes, st.tabs(list(fixes), key="curate_fix_tab", on_change="rerun"), strict=True):
        if tab.open:
            with tab:
                fixes[name](place, doc, text)


def _fix_by_candidate(place: AtlasPlace, doc: str, text: str) -> None:
    if not place.candidates:
        st.caption("The gazetteer offered no candidate.")
        return
    index = st.radio("Candidates", range(len(place.candidates)), key=f"curate_cand_{place.id}",
                     format_func=lambda i: cur.candidate_label(place.candidates[i]))
    if st.button("Use this candidate", key=f"curate_use_{place.id}"):
        _save(corr.place_fix(doc, text, place.candidates[index], by=_author(),
                             before=corr.place_summary(place)))


def _fix_by_search(place: AtlasPlace, doc: str, text: str) -> None:
    query = st.text_input("Name to look up", value=text, key=f"curate_query_{place.id}")
    found = ui.get_gazetteer(str(ui.config().cache_dir)).search(query)[:25] if query.strip() else []
    if found:
        pick = st.radio("Results", range(len(found)), format_func=lambda i: cur.candidate_label(found[i]),
                        key=f"curate_found_{place.id}")
        if st.button("Use this result", key=f"curate_use_found_{place.id}"):
            _save(corr.place_fix(doc, text, found[pick], by=_author(), before=corr.place_summary(place)))
    elif query.strip():
        st.caption(f"Nothing in the gazetteer is called “{ui.md(query)}”.")


def _fix_by_click(place: AtlasPlace, doc: str, text: str) -> None:
    result = st_folium(maps.build_map(Atlas(places=(place,)), tiles=ui.config().tiles),  # type: ignore[arg-type]
                       key=f"curate_map_{place.id}", height=360, width="stretch",
                       returned_objects=["last_clicked"])
    point = (result or {}).get("last_clicked")
    name = st.text_input("Name of the point", value=place.name, key=f"curate_pointname_{place.id}")
    if not point:
        st.caption("Click the map where the place is.")
        return
    st.write(f"Clicked: {point['lat']:.5f}, {point['lng']:.5f}")
    if st.button("Set the point here", key=f"curate_setpoint_{place.id}"):
        _save(cur.point_correction(place, doc, text, point["lat"], point["lng"], name, _author()))


def _fix_not_a_place(place: AtlasPlace, doc: str, text: str) -> None:
    st.markdown(f"“{ui.md(text)}” in {ui.md(doc)} is not a place: its mentions leave the map and its trips.")
    if st.button("Not a place", key=f"curate_notplace_{place.id}"):
        _save(cur.not_place_correction(place, doc, text, _author()))


def entity_tab(atlas: Atlas) -> None:
    """Merge entities of one kind into the first chosen; split names back out."""
    kind = st.radio("Kind", list(cur.KINDS), format_func=cur.KINDS.get, horizontal=True, key="curate_kind")
    entities = cur.entities_of(atlas, kind)
    if not entities:
        st.info(f"No {cur.KINDS[kind].lower()} yet.")
        return
    def label(i: str) -> str:
        return cur.entity_label(entities[i])

    st.subheader("Merge")
    chosen = st.multiselect("The same one (the first keeps its id and name)", list(entities),
                            format_func=label, key=f"curate_merge_{kind}")
    if st.button("Merge", disabled=len(chosen) < 2, key=f"curate_merge_go_{kind}"):
        _save(cur.merge_correction(kind, chosen, entities, _author()))
    st.subheader("Split")
    eid = st.selectbox("Entity", list(entities), format_func=label, key=f"curate_split_{kind}")
    leaving = st.multiselect("Names that are someone (or somewhere) else", cur.entity_mentions(entities[eid]),
                             format_func=cur.mention_label, key=f"curate_split_parts_{kind}")
    left, right = st.columns(2)
    if left.button("Split these off", disabled=not leaving, key=f"curate_split_go_{kind}"):
        _save(cur.split_correction(kind, entities[eid], leaving, _author()))
    if right.button("Undo every merge into it", key=f"curate_unmerge_{kind}"):
        _save(cur.split_correction(kind, entities[eid], None, _author()))
    button = cur.not_entity_button(kind)
    if button and st.button(button, key=f"curate_not_{kind}"):
        _save(cur.not_entity_correction(kind, entities[eid], _author()))


def trip_tab(atlas: Atlas) -> None:
    """Edit a trip's places, dates, people, organiser and program; delete it; add one by hand."""
    places = {p.id: p.name for p in atlas.places}
    people = {p.id: p.name for p in atlas.people}
    orgs = {o.id: o.name for o in atlas.organizations}
    programs = {p.id: p.name for p in atlas.programs}
    trips = {t.id: t for t in atlas.trips}
    if trips:
        if st.session_state.get("curate_trip") not in trips:
            st.session_state["curate_trip"] = next(iter(trips))
        tid = st.selectbox("Trip", list(trips), format_func=lambda i: cur.trip_choice_label(atlas, trips[i]),
                           key="curate_trip")
        trip = trips[tid]
        for e in trip.evidence[:3]:
            st.caption(ui.md(e.document))
            ui.quote(e.sentence)
        with st.form(f"curate_trip_form_{tid}"):
            wanted = _trip_fields(trip, places, people, orgs, programs, f"edit_{tid}")
            saved = st.form_submit_button("Save the trip")
        if saved:
            _save_checked(lambda: corr.trip_edit(trip, wanted, by=_author()))
        if st.button("Delete this trip", key=f"curate_delete_{tid}"):
            _save(cur.trip_delete_correction(trip, _author()))
    else:
        st.info("No trips yet: add one below.")
    with st.expander("Add a trip by hand"), st.form("curate_trip_add"):
        fields = _trip_fields(None, places, people, orgs, programs, "add")
        docs = [d.id for d in atlas.documents]
        document = st.selectbox("Source document", docs, index=None, key="curate_add_doc")
        sentence = st.text_area("Evidence (the sentence that tells of it)", key="curate_add_evidence")
        added = st.form_submit_button("Add the trip")
    if added:
        _save_checked(lambda: cur.trip_add_correction(fields, document, sentence, _author()))


def _trip_fields(trip: AtlasTrip | None, places: dict[str, str], people: dict[str, str],
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


def tie_tab(atlas: Atlas) -> None:
    """Edit, end or remove a tie; add one between two places."""
    places = {p.id: p for p in atlas.places}
    ties = {t.id: t for t in atlas.ties}
    if ties:
        tid = st.selectbox("Tie", list(ties), key="curate_tie",
                           format_func=lambda i: cur.tie_choice_label(ties[i], places))
        tie = ties[tid]
        for e in tie.evidence[:3]:
            ui.quote(e.sentence)
        with st.form(f"curate_tie_form_{tid}"):
            wanted = _tie_fields(tie, f"tie_{tid}")
            saved = st.form_submit_button("Save the tie")
        if saved:
            _save_checked(lambda: corr.tie_edit(tie, wanted, by=_author()))
        left, middle, right = st.columns([2, 1, 1], vertical_alignment="bottom")
        until = left.text_input("Ended in (YYYY, YYYY-MM or YYYY-MM-DD)", key=f"curate_tie_until_{tid}")
        if middle.button("End this tie", key=f"curate_tie_end_{tid}"):
            _save_checked(lambda: corr.tie_end(tie, until or None, by=_author()))
        if right.button("Remove this tie", key=f"curate_tie_delete_{tid}"):
            _save(corr.tie_delete(tie, by=_author()))
    else:
        st.info("No ties yet: add one below.")
    with st.expander("Add a tie by hand"), st.form("curate_tie_add"):
        pair = st.multiselect("The two places", list(places), max_selections=2, key="curate_tie_places",
                              format_func=lambda i: cur.place_label(places[i]))
        fields = _tie_fields(None, "tie_add")
        added = st.form_submit_button("Add the tie")
    if added:
        _save_checked(lambda: cur.tie_add_correction(pair, fields, _author()))


def _tie_fields(tie: AtlasTie | None, key: str) -> dict[str, Any]:
    """The tie form's widgets: kind, status, since, until."""
    left, right = st.columns(2)
    kind = left.selectbox("Kind", TIE_KINDS, index=TIE_KINDS.index(tie.kind) if tie else 0, key=f"{key}_kind")
    status = right.selectbox("Status", TIE_STATUSES, key=f"{key}_status",
                             index=TIE_STATUSES.index(tie.status) if tie else 0)
    since = left.text_input("Since (YYYY, YYYY-MM or YYYY-MM-DD)", value=(tie.since or "") if tie else "",
                            key=f"{key}_since")
    until = right.text_input("Until", value=(tie.until or "") if tie else "", key=f"{key}_until")
    return {"kind": kind, "status": status, "since": since, "until": until}


def corrections_tab() -> None:
    """Every correction, newest first, with undo and redo."""
    records = ui.get_store(ui.config().db_url).load_corrections()
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
        left.markdown(f"{ui.md(corr.describe(record))}  \n<small>{ui.md(when)}{ui.md(who)}</small>"
                      f"{' · **undone**' if undone else ''}", unsafe_allow_html=True)
        label = "Redo" if record.undone else "Undo"
        if right.button(label, key=f"curate_undo_{record.key}"):
            ui.get_store(ui.config().db_url).set_undone(record.key, not record.undone)
            st.session_state["curate_flash"] = f"{label}: {corr.describe(record)}"
            st.rerun()


def documents_tab(atlas: Atlas) -> None:
    """Delete articles (admins): what was extracted from them goes, their corrections stay."""
    docs = {d.id: d for d in atlas.documents}
    if not docs:
        st.info("No documents.")
        return
    chosen = st.multiselect("Documents to delete", list(docs), key="curate_delete_docs",
                            format_func=lambda i: cur.document_label(docs[i]))
    sure = st.checkbox("Delete them: their places, people and trips leave the atlas (ingesting the file "
                       "again brings them back, with their corrections)", key="curate_delete_sure")
    if st.button("Delete the documents", disabled=not (chosen and sure), key="curate_delete_docs_go"):
        store = ui.get_store(ui.config().db_url)
        gone = sum(store.delete_document(i) for i in chosen)
        st.session_state["curate_flash"] = f"Deleted {gone} document(s)."
        st.rerun()


def main() -> None:
    """Title, who is signed in, then the tabs; only the sign-in form when nobody may change data."""
    global EDITOR
    atlas = ui.view().atlas
    st.title("Curate")
    st.caption("Every change is a correction: stored apart from the extraction, applied after it, listed "
               "below with undo. Corrections act on every document, whatever the filters.")
    editor = ui.editor("curate", "curate", open_note=True)
    if editor is None:
        return
    EDITOR = editor
    flash = st.session_state.pop("curate_flash", None)
    if flash:
        st.success(ui.md(flash))
    if not atlas.documents and not atlas.trips:
        st.info("The database is empty: ingest articles first (Import page or `python -m geo ingest PATH`).")
    names = cur.tab_names(editor.can("delete_documents"))
    goto = st.session_state.pop("curate_goto", None)
    # a place panel links here with ?place=ID: open that place in the Places tab, once per link
    asked = st.query_params.get("place")
    if asked and st.session_state.get("curate_place_asked") != asked:
        st.session_state["curate_place_asked"] = asked
        if any(p.id == asked for p in atlas.places):
            st.session_state["curate_place"] = asked
            goto = "Places"
    if goto in names:
        st.session_state["curate_tab"] = goto
    # stateful tabs: the one in use stays open after a save, and only it is drawn
    tabs = dict(zip(names, st.tabs(names, key="curate_tab", on_change="rerun"), strict=True))
    draw = {"Review queue": lambda: review(atlas), "Places": lambda: place_tab(atlas),
            "Merge and split": lambda: entity_tab(atlas), "Trips": lambda: trip_tab(atlas),
            "Ties": lambda: tie_tab(atlas),
            "Corrections": corrections_tab, "Documents": lambda: documents_tab(atlas)}
    for name, tab in tabs.items():
        if tab.open:
            with tab:
                draw[name]()


with ui.error_boundary("the Curate page"):
    main()
