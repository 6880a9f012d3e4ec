"""Curate: fix places, merge and split entities, edit or add trips and ties; each change can be undone."""

import streamlit as st

from geo import ui
from geo.views import curation as cur


def main() -> None:
    """Title, who is signed in, then the tabs; only the sign-in form when nobody may change data.

    Each tab asks the view tables (the items it lists by label, the one chosen whole by id) when they
    show the store as it is, and the whole atlas only when they cannot be written (a read-only database);
    the Corrections tab reads the corrections alone."""
    view = ui.view()
    st.title("Curate")
    st.caption("Every change is a correction: stored apart from the extraction, applied after it, listed "
               "below with undo. Corrections act on every document, whatever the filters.")
    editor = ui.editor("curate", "curate", open_note=True)
    if editor is None:
        return
    flash = st.session_state.pop("curate_flash", None)
    if flash:
        st.success(ui.md(flash))
    if not ui.has_documents() and not view.atlas.trips:  # (an empty store's atlas costs nothing)
        st.info("The database is empty: ingest articles first (Import page or `python -m geo ingest PATH`).")
    names = cur.tab_names(editor.can("delete_documents"))
    goto = st.session_state.pop("curate_goto", None)
    # a place panel links here with ?place=ID: open that place in the Places tab, once per link
    asked = st.query_params.get("place")
    if asked and st.session_state.get("curate_place_asked") != asked:
        st.session_state["curate_place_asked"] = asked
        if ui.holdings(view).places([asked]):
            st.session_state["curate_place"] = asked
            goto = "Places"
    if goto in names:
        st.session_state["curate_tab"] = goto
    # stateful tabs: the one in use stays open after a save, and only it is drawn
    tabs = dict(zip(names, st.tabs(names, key="curate_tab", on_change="rerun"), strict=True))
    by = editor.name
    draw = {"Review queue": lambda: ui.curate_review(ui.review_items(view)),
            "Places": lambda: ui.curate_places(view, by),
            "Merge and split": lambda: ui.curate_merge_split(view, by),
            "Trips": lambda: ui.curate_trips(view, by),
            "Ties": lambda: ui.curate_ties(ui.curate_ties_atlas(view), by),
            "Corrections": ui.curate_corrections, "Documents": lambda: ui.curate_documents(view)}
    for name, tab in tabs.items():
        if tab.open:
            with tab:
                draw[name]()


with ui.error_boundary("the Curate page"):
    main()
