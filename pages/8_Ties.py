"""Ties: sister cities, sister states and friendship cities in a table, filtered through the URL."""

import streamlit as st

from geo import ui
from geo.views import filters as flt

with ui.error_boundary("the Ties page"):
    view = ui.view()
    st.title("Ties")
    st.caption("Sister-city, sister-state and friendship ties read from the articles, imported (Import page) "
               "or curated (Curate page). " + ui.filter_summary(view.filters))
    shown = ui.ties_shown(view)  # from the view tables: the page does not load the whole atlas
    if not shown.ties:
        st.info("No tie in the current view: articles that state one (“X and Y became sister cities in "
                "1988”) or a ties CSV on the Import page add them.")
    else:
        chosen = ui.tie_table_filters(shown)
        ties = flt.select_ties(shown, chosen)
        st.caption(f"{len(ties)} of {len(shown.ties)} ties.")
        table = st.dataframe(flt.tie_rows(shown, ties), hide_index=True, width="stretch",
                             on_select="rerun", selection_mode="single-row", key="ties_table")
        rows = table.selection.rows if table is not None else []
        asked = ties[rows[0]].id if rows and rows[0] < len(ties) else st.query_params.get("tie")
        if asked:
            with st.container(border=True, key="tie_panel"):
                ui.tie_panel(ui.panel_atlas(view, ("tie", asked)), asked)
        else:
            st.caption("Select a row to see the tie's sources and trips.")
