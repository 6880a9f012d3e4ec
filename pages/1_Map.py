"""Map: every place and trip of the current view; a click opens its panel beside the map."""

import streamlit as st
from streamlit_folium import st_folium

from geo import maps, ui
from geo.models import Atlas

MAP_KEY = "atlas_map"
SELECTABLE = ("place", "trip", "flow")  # what a click selects, and its query parameter


def _asked(shown: Atlas) -> tuple[str, str] | None:
    """The selection from the last click (written into the URL, to share), else from the URL."""
    clicked = maps.selection_from_click(shown, st.session_state.get(MAP_KEY))
    if clicked is not None:
        kind, item = clicked
        if st.query_params.get(kind) != item:
            for other in SELECTABLE:
                st.query_params.pop(other, None)
            st.query_params[kind] = item
        return clicked
    for kind in SELECTABLE:
        if st.query_params.get(kind):
            return kind, st.query_params[kind]
    return None


def undrawn_note(shown: Atlas) -> None:
    """How many trips the map cannot draw, with a link to them: nothing is left out silently."""
    undrawn = maps.undrawn_trips(shown)
    if undrawn:
        one = len(undrawn) == 1
        st.caption(f"{len(undrawn)} of {len(shown.trips)} trips {'is' if one else 'are'} not drawn: "
                   f"{'it has' if one else 'they have'} no located origin or destination.")
        ui.link("delegations", "See the trip not drawn" if one else f"See the {len(undrawn)} trips not drawn",
                undrawn="1")


@st.fragment
def map_and_panel(shown: Atlas, tiles: maps.Tiles) -> None:
    """The map and the detail panel; a click reruns only this fragment."""
    selection = _asked(shown)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        st_folium(maps.build_map(shown, tiles=tiles), key=MAP_KEY, height=620, width="stretch",
                  returned_objects=["last_object_clicked", "last_active_drawing"],
                  feature_group_to_add=maps.highlight(shown, selection))
        undrawn_note(shown)
    with right, st.container(key="detail_panel", height=620, border=True):
        if selection is None:
            # through st.html, as the panels' quotes are: its code is then loaded before the first click
            st.html("<p><b>Click a marker or a route</b> to see its details here.</p>")
            counts = f"{len(maps.located(shown))} places on the map, {len(shown.trips)} trips"
            st.caption(f"{counts}, {len(shown.documents)} sources.")
        elif selection[0] == "place":
            ui.place_panel(shown, selection[1])
        elif selection[0] == "flow":
            ui.flow_panel(shown, selection[1])
        else:
            ui.trip_panel(shown, selection[1])


with ui.error_boundary("the map"):
    view = ui.view()
    st.title("Delegation Atlas")
    st.caption(ui.filter_summary(view.filters))
    ui.panel_style()
    if not view.atlas.documents:
        st.info("The database is empty: ingest articles with `python -m geo ingest PATH` or the Import page.")
    elif not maps.located(view.shown):
        st.warning("No place matches the filters.")
    map_and_panel(view.shown, ui.config().tiles)  # type: ignore[arg-type]
