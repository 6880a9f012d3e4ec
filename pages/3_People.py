"""People, organisations and programs: each entity's panel."""

import streamlit as st

from geo import ui
from geo.views import filters

with ui.error_boundary("people, organisations and programs"):
    view = ui.view()
    shown = view.shown
    st.title("People, organisations and programs")
    st.caption(ui.filter_summary(view.filters))
    groups = {"People": shown.people, "Organisations": shown.organizations, "Programs": shown.programs}
    everything = ui.entities(shown)
    asked = st.query_params.get("entity")
    if not everything:
        st.info("No person, organisation or program matches the filters.")
    else:
        left, right = st.columns([2, 3], gap="medium")
        with left:
            kinds = [k for k, items in groups.items() if items]
            start = next((k for k, items in groups.items() if any(e.id == asked for e in items)), kinds[0])
            kind = st.radio("Show", kinds, index=kinds.index(start), horizontal=True)
            items = groups[kind]
            rows = [{"name": e.name, "mentions": len(e.mentions), "trips": len(filters.trips_of(shown, e.id))}
                    for e in items]
            ids = [e.id for e in items]
            event = st.dataframe(rows, hide_index=True, on_select="rerun", selection_mode="single-row",
                                 key=f"entities_{kind}", width="stretch")
            chosen = event.selection.rows if event is not None else []
        with right, st.container(key="entity_panel", border=True):
            entity_id = ids[chosen[0]] if chosen else (asked if asked in ids else ids[0])
            ui.entity_panel(shown, entity_id)
            ui.not_entity_control(entity_id)
