"""Delegations: a table of trips; selecting a row shows its route and evidence."""

import streamlit as st
from streamlit_folium import st_folium

from geo import ui
from geo.models import Atlas, AtlasTrip
from geo.views import maps
from geo.views.filters import Filters

MISSING = "—"
PAGE = 200  # trips a page of the table


def trip_rows(shown: Atlas, trips: tuple[AtlasTrip, ...]) -> list[dict[str, str]]:
    """The table's rows from the atlas (a search, a tie, the undrawn trips: what the database cannot say)."""
    places = {p.id: p for p in shown.places}
    names = {e.id: e.name for e in ui.entities(shown)}
    titles = {d.id: d.title or d.id for d in shown.documents}

    def _names(ids: tuple[str | None, ...]) -> str:
        return ", ".join(names.get(i, i) for i in ids if i) or MISSING

    return [{"from": t.start or MISSING, "to": t.end or MISSING, "route": maps.trip_label(t, places),
             "participants": _names(t.participants) if t.participants else t.participant_text or MISSING,
             "organiser": _names((t.organizer,)), "program": _names((t.program,)),
             "sources": "; ".join(titles.get(d, d) for d in t.documents) or MISSING} for t in trips]


def table_page(filters: Filters, drawn: ui.MapShown, trips: tuple[AtlasTrip, ...], number: int
               ) -> tuple[int, list[str], list[dict[str, str]]]:
    """Page ``number`` of the table: the trips in all, the page's trip ids and rows.

    Asked of the database's view tables (a page of the filter's trips, or the labels of the view's
    trips), else cut from the filtered atlas's trips.
    """
    asked = None if st.query_params.get("undrawn") else ui.trip_page(filters, number, PAGE)
    if asked is None:
        page = trips[(number - 1) * PAGE:number * PAGE]
        if not drawn.from_tables:
            return len(trips), [t.id for t in page], trip_rows(drawn.atlas, page)
        asked = ui.trip_rows([t.id for t in page]), len(trips)
    found, total = asked
    return total, [r.id for r in found], [
        {"from": r.start or MISSING, "to": r.end or MISSING, "route": r.route, "participants": r.participants,
         "organiser": r.organiser, "program": r.program, "sources": r.sources} for r in found]


with ui.error_boundary("the delegations"):
    view = ui.view()
    # the view's trips as the Map page draws them (from the view tables when they can answer)
    drawn = ui.map_shown(view.filters)
    shown = drawn.atlas
    st.title("Delegations")
    st.caption(ui.filter_summary(view.filters))
    ui.panel_style()
    trips = shown.trips
    if st.query_params.get("undrawn"):
        trips = maps.undrawn_trips(shown)
        st.info(f"{len(trips)} trips that the map cannot draw (no located origin or destination).")
        ui.link("delegations", "Show every trip")
    number = int(st.session_state.get("trips_page") or 1)
    total, ids, rows = table_page(view.filters, drawn, trips, number)
    if not rows and total:  # fewer pages than before, under other filters: back to the first
        st.session_state["trips_page"] = number = 1
        total, ids, rows = table_page(view.filters, drawn, trips, number)
    if not rows:
        st.info("No trip matches the filters.")
    else:
        if total > PAGE:
            last = -(-total // PAGE)
            st.number_input(f"Page (of {last}; {total} trips, {PAGE} a page)", min_value=1, max_value=last,
                            key="trips_page")
        event = st.dataframe(rows, hide_index=True, on_select="rerun", selection_mode="single-row",
                             key="trips_table", width="stretch")
        chosen = event.selection.rows if event is not None else []
        trip_id = ids[chosen[0]] if chosen and chosen[0] < len(ids) else st.query_params.get("trip")
        # the trip whole (its evidence and sources) loaded by id, as the Map page's panel is
        panel = ui.panel_atlas(view, ("trip", trip_id)) if trip_id else Atlas()
        trip = next((t for t in panel.trips if t.id == trip_id), None)
        if trip is None:
            st.caption("Select a row to see the trip's route and evidence.")
        else:
            ids = set(trip.origins + trip.destinations)
            one = Atlas(places=tuple(p for p in panel.places if p.id in ids), trips=(trip,))
            left, right = st.columns([3, 2], gap="medium")
            with left:
                st_folium(maps.build_map(one, tiles=ui.config().tiles), key="trip_map",  # type: ignore[arg-type]
                          height=460, width="stretch", returned_objects=[])
            with right, st.container(key="trip_panel", height=460, border=True):
                ui.trip_panel(panel, trip.id)
