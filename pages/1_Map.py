"""Map: every place and trip of the current view; a click opens its panel beside the map."""

import streamlit as st
from streamlit_folium import st_folium

from geo import ui
from geo.models import Atlas
from geo.views import maps, tie_layer
from geo.views.colours import FACET_LABELS, FACETS, Colouring

MAP_KEY = "atlas_map"
SELECTABLE = ("place", "trip", "flow")  # what a click selects, and its query parameter


def _asked(shown: Atlas) -> tuple[str, str] | None:
    """The selection from the last click (written into the URL, to share), else from the URL."""
    tie = tie_layer.tie_from_click(shown, st.session_state.get(MAP_KEY))
    if tie is not None:
        if st.query_params.get("tie") != tie:
            for other in SELECTABLE:
                st.query_params.pop(other, None)
            st.query_params["tie"] = tie
        return "tie", tie
    clicked = maps.selection_from_click(shown, st.session_state.get(MAP_KEY))
    if clicked is not None:
        kind, item = clicked
        if st.query_params.get(kind) != item:
            for other in SELECTABLE:
                st.query_params.pop(other, None)
            st.query_params[kind] = item
        return clicked
    for kind in (*SELECTABLE, "tie"):
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


def aggregated_note(shown: Atlas, group: bool) -> None:
    """What the map draws in aggregate rather than one by one: nothing is left out silently."""
    total = len(maps.located(shown))
    parts = []
    if total > maps.MAX_PLACES:
        parts.append(f"the {maps.MAX_PLACES:,} most mentioned of {total:,} places are drawn one by one")
    if group:
        parts.append(f"below zoom {maps.GROUP_ZOOM}, places are grouped on a {maps.GROUP_CELL:g}° grid and "
                     "routes drawn between the groups (click a group to zoom in)")
    if parts:
        st.caption("Aggregated: " + "; ".join(parts) + ".")


@st.fragment
def map_and_panel(view: ui.View, tiles: maps.Tiles, colouring: Colouring, group: bool) -> None:
    """The map and the detail panel; a click reruns only this fragment.

    The map draws what the view tables say of the view (``ui.map_shown``); a panel loads its item by id
    (``ui.panel_atlas``).
    """
    drawn = ui.map_shown(view.filters)
    shown = drawn.atlas
    selection = _asked(shown)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        # computed once per view and colouring; a flow of several trips sends its count, not its trips
        parts = ui.map_parts(view.filters, colouring, group)
        # the same base map from one view to the next: the browser keeps it and swaps the layers
        live = maps.live_map(shown, parts, tiles=tiles, colouring=colouring)
        tie = selection is not None and selection[0] == "tie"
        chosen = (tie_layer.tie_highlight(shown, selection[1], parts.lons) if tie and selection
                  else maps.highlight(shown, selection, parts.lons, drawn.mentions))
        st_folium(live.base, key=MAP_KEY, height=620, width="stretch",
                  returned_objects=["last_object_clicked", "last_active_drawing"],
                  feature_group_to_add=[*live.layers, chosen], layer_control=live.control)
        undrawn_note(shown)
        aggregated_note(shown, group)
    with right, st.container(key="detail_panel", height=620, border=True):
        if selection is None:
            # through st.html, as the panels' quotes are: its code is then loaded before the first click
            st.html("<p><b>Click a marker, a route or a tie</b> to see its details here.</p>")
            counts = f"{len(maps.located(shown))} places on the map, {len(shown.trips)} trips"
            st.caption(f"{counts}, {drawn.documents} sources.")
        else:
            found = ui.panel_atlas(view, selection)
            if selection[0] == "place":  # the panel lists the first mentions; the map has counted them
                counted = drawn.mentions.get(selection[1]) if drawn.from_tables and drawn.mentions else None
                ui.place_panel(found, selection[1], counted)
            else:
                panel = {"tie": ui.tie_panel, "flow": ui.flow_panel, "trip": ui.trip_panel}[selection[0]]
                panel(found, selection[1])


def choose_colouring(countries: list[str]) -> Colouring:
    """What colours the routes, chosen above the map and kept in the URL (?colour=, ?towards=)."""
    left, middle, right = st.columns([2, 2, 3])
    # the options as they are (no format_func): the URL carries what the box shows
    facet = left.selectbox("Colour routes by", FACETS, key="colour", bind="query-params",
                           help="; ".join(f"{k}: {v}" for k, v in FACET_LABELS.items()))
    country = None
    if facet == "direction":
        country = middle.selectbox("Into or out of", countries, key="towards", bind="query-params",
                                   index=countries.index("US") if "US" in countries else 0)
    with right:
        ui.year_slider(view.filters)
    return Colouring(facet or "none", country)


with ui.error_boundary("the map"):
    view = ui.view()
    st.title("Delegation Atlas")
    st.caption(ui.filter_summary(view.filters))
    ui.panel_style()
    on_map = len(maps.located(ui.map_shown(view.filters).atlas))
    if not ui.has_documents():
        st.info("The database is empty: ingest articles with `python -m geo ingest PATH` or the Import page.")
    elif not on_map:
        st.warning("No place matches the filters.")
    colouring = choose_colouring(list(ui.sidebar_choices().countries))
    grouped = st.toggle("Group places at low zoom", key="group", bind="query-params",
                        value=on_map > maps.GROUP_ABOVE,
                        help=f"Below zoom {maps.GROUP_ZOOM}: groups of nearby places and the routes between "
                             "them, rather than every place")
    map_and_panel(view, ui.config().tiles, colouring, grouped)  # type: ignore[arg-type]
