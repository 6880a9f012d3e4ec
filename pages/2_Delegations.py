"""Delegations: a table of trips; selecting a row shows its route and evidence."""

import streamlit as st
from streamlit_folium import st_folium

from geo import ui
from geo.models import Atlas
from geo.views import maps

MISSING = "—"

with ui.error_boundary("the delegations"):
    view = ui.view()
    shown = view.shown
    st.title("Delegations")
    st.caption(ui.filter_summary(view.filters))
    ui.panel_style()
    trips = shown.trips
    if st.query_params.get("undrawn"):
        trips = maps.undrawn_trips(shown)
        st.info(f"{len(trips)} trips that the map cannot draw (no located origin or destination).")
        ui.link("delegations", "Show every trip")
    places = {p.id: p for p in shown.places}
    names = {e.id: e.name for e in ui.entities(shown)}
    titles = {d.id: d.title or d.id for d in shown.documents}

    def _names(ids: tuple[str | None, ...]) -> str:
        return ", ".join(names.get(i, i) for i in ids if i) or MISSING

    rows = [{"from": t.start or MISSING, "to": t.end or MISSING, "route": maps.trip_label(t, places),
             "participants": _names(t.participants) if t.participants else t.participant_text or MISSING,
             "organiser": _names((t.organizer,)), "program": _names((t.program,)),
             "sources": "; ".join(titles.get(d, d) for d in t.documents) or MISSING} for t in trips]
    if not rows:
        st.info("No trip matches the filters.")
    else:
        event = st.dataframe(rows, hide_index=True, on_select="rerun", selection_mode="single-row",
                             key="trips_table", width="stretch")
        chosen = event.selection.rows if event is not None else []
        trip_id = trips[chosen[0]].id if chosen else st.query_params.get("trip")
        trip = next((t for t in trips if t.id == trip_id), None)
        if trip is None:
            st.caption("Select a row to see the trip's route and evidence.")
        else:
            ids = set(trip.origins + trip.destinations)
            one = Atlas(places=tuple(p for p in shown.places if p.id in ids), trips=(trip,))
            left, right = st.columns([3, 2], gap="medium")
            with left:
                st_folium(maps.build_map(one, tiles=ui.config().tiles), key="trip_map",  # type: ignore[arg-type]
                          height=460, width="stretch", returned_objects=[])
            with right, st.container(key="trip_panel", height=460, border=True):
                ui.trip_panel(shown, trip.id)
