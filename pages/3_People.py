"""People, organisations and programs: a table of each kind, a page at a time; each entity's panel."""

import streamlit as st

from geo import ui

PAGE = 200  # entities a page of the table

with ui.error_boundary("people, organisations and programs"):
    view = ui.view()
    st.title("People, organisations and programs")
    st.caption(ui.filter_summary(view.filters))
    # counted by the database (the view tables), a page of the table and the panel loaded by id
    counts = ui.entity_counts(view)
    asked = st.query_params.get("entity")
    if not counts:
        st.info("No person, organisation or program matches the filters.")
    else:
        left, right = st.columns([2, 3], gap="medium")
        with left:
            kinds = list(counts)
            start = ui.ENTITY_PREFIXES.get((asked or "")[:2])
            kind = st.radio("Show", kinds, index=kinds.index(start) if start in kinds else 0, horizontal=True,
                            format_func=lambda k: f"{ui.ENTITY_KINDS[k]} ({counts[k]:,})")
            number = 1
            if counts[kind] > PAGE:
                last = -(-counts[kind] // PAGE)
                number = int(st.number_input(f"Page (of {last}; {PAGE} a page)", min_value=1, max_value=last,
                                             key=f"entities_page_{kind}"))
            rows = ui.entity_page(view, kind, number, PAGE)
            event = st.dataframe([{"name": r.name, "mentions": r.mentions, "trips": r.trips} for r in rows],
                                 hide_index=True, on_select="rerun", selection_mode="single-row",
                                 key=f"entities_{kind}_{number}", width="stretch")
            chosen = event.selection.rows if event is not None else []
        with right, st.container(key="entity_panel", border=True):
            if chosen and chosen[0] < len(rows):
                row = rows[chosen[0]]
            else:  # the one the URL names, else the page's first
                named = ui.entity_page(view, kind, 1, 1, only=asked) if asked and start == kind else []
                row = named[0] if named else rows[0]
            ui.entity_panel(ui.panel_atlas(view, ("entity", row.id)), row.id, mentions=row.mentions)
            ui.not_entity_control(row.id)
