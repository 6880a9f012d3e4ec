"""Network: people, organisations, programs and places as a graph; a click on a node opens its panel."""

import streamlit as st
from streamlit_cytoscape import EdgeStyle, Event, NodeStyle, streamlit_cytoscape

from geo import ui
from geo.views import network

GRAPH_KEY = "network_graph"
SELECTABLE = ("place", "entity")  # the query parameters a node's panel is opened by
LAYOUT = {"name": "cose", "animate": False, "fit": True, "padding": 30, "nodeDimensionsIncludeLabels": True,
          "nodeRepulsion": 6000, "idealEdgeLength": 50, "componentSpacing": 30}
# names big enough to read at the zoom that fits a hundred nodes; long ones cut with an ellipsis
NODE_STYLE = {"width": "data(_size)", "height": "data(_size)", "font-size": 22, "min-zoomed-font-size": 5,
              "text-wrap": "ellipsis", "text-max-width": "160px"}
NODE_STYLES = [
    NodeStyle(label, color=network.KIND_COLOURS[kind], caption="_name", custom_styles=NODE_STYLE)
    for kind, label in network.KIND_LABELS.items()
]
EDGE_STYLES = [
    EdgeStyle(relation, color=colour, directed=relation not in ("travelled with", "tie"),
              custom_styles={"width": "data(_width)",
                             "line-style": "dashed" if relation == "tie" else "solid"})
    for relation, colour in network.RELATION_COLOURS.items()
]


def _asked(graph: network.Network) -> tuple[str, str] | None:
    """The node clicked last (written into the URL, to share), else the one the URL names."""
    clicked = network.node_from_event(graph, st.session_state.get(GRAPH_KEY))
    if clicked is not None:
        kind, item = network.panel_target(clicked)
        if st.query_params.get(kind) != item:
            for other in SELECTABLE:
                st.query_params.pop(other, None)
            st.query_params[kind] = item
        return kind, item
    return next(((k, st.query_params[k]) for k in SELECTABLE if st.query_params.get(k)), None)


def legend() -> None:
    """What the colours of the nodes and the lines mean."""
    dot = "<span style='color:{}'>●</span> {}"
    dash = "<span style='color:{}'>━</span> {}"
    st.html("<p style='font-size:0.85rem'>"
            + " &nbsp; ".join(dot.format(network.KIND_COLOURS[k], v) for k, v in network.KIND_LABELS.items())
            + "<br>" + " &nbsp; ".join(dash.format(c, r) for r, c in network.RELATION_COLOURS.items())
            + "</p>")


with ui.error_boundary("the network"):
    view = ui.view()
    st.title("Network")
    st.caption("Who travelled with whom, who organised what, where delegations went and which places are "
               f"tied. A node's size grows with its trips; at most {network.MAX_NODES} nodes are drawn, "
               "those with the most trips; click one for its panel. " + ui.filter_summary(view.filters))
    ui.panel_style()
    # the view's items and trips from the view tables (names and ids), the panels loaded by id
    graph = network.build_network(ui.network_atlas(view))
    if not graph.nodes:
        st.info("No trip, tie or program in the current view to draw a network of.")
    else:
        left, right = st.columns([3, 2], gap="medium")
        with left:
            streamlit_cytoscape(network.to_elements(graph), layout=LAYOUT, node_styles=NODE_STYLES,
                                edge_styles=EDGE_STYLES, height=620, key=GRAPH_KEY,
                                events=[Event("open", "tap", "node")])
            legend()
            shown = f"{len(graph.nodes)} nodes, {len(graph.edges)} links"
            if graph.left_out:
                shown += (f"; the {graph.left_out} nodes with the fewest trips are left out "
                          "(filter to see them)")
            st.caption(shown + ".")
        asked = _asked(graph)
        with right, st.container(key="network_panel", height=620, border=True):
            if asked is None:
                st.html("<p><b>Click a node</b> to see its details here.</p>")
            elif asked[0] == "place":
                ui.place_panel(ui.panel_atlas(view, asked), asked[1],
                               mentions=ui.place_mentions(view, asked[1]))
                ui.link("map", "Show it on the map", place=asked[1])
            else:
                ui.entity_panel(ui.panel_atlas(view, asked), asked[1],
                                mentions=ui.entity_mentions(view, asked[1]))
                ui.link("people", "Open it on the People page", entity=asked[1])
