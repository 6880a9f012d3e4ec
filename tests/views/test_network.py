"""The network view's graph: who travelled with whom, who organised what, which places are tied."""

from dataclasses import replace

import pytest

from geo.models import AtlasTrip
from geo.views.filters import Filters, apply
from geo.views.network import (
    Edge,
    build_network,
    node_from_event,
    panel_target,
    to_elements,
)
from tests.atlas_factory import hostile_atlas, small_atlas, synthetic_atlas, tied_atlas


def _edges(atlas_edges: tuple[Edge, ...]) -> set[tuple[str, str, str]]:
    return {(e.source, e.target, e.relation) for e in atlas_edges}


def test_the_small_atlas_as_a_graph() -> None:
    network = build_network(tied_atlas())
    edges = _edges(network.edges)
    assert ("or:hfc", "pr:ppe", "runs") in edges
    assert ("or:hfc", "gn:3", "organised a trip to") in edges
    assert ("pr:ppe", "gn:4", "trip under it to") in edges
    assert ("pe:dana-ortiz", "gn:3", "went to") in edges
    assert ("gn:1", "gn:3", "delegation to") in edges
    assert ("gn:1", "gn:3", "tie") in edges
    assert ("gn:2", "gn:5", "tie") in edges
    # Canberra is only mentioned: no trip, no tie, no node
    assert "gn:6" not in {n.id for n in network.nodes}


def test_people_on_the_same_trip_travelled_with_each_other_once_per_trip() -> None:
    atlas = small_atlas()
    second = replace(atlas.trips[0], id="tr:again", participants=("pe:lee-wen", "pe:dana-ortiz"))
    first = replace(atlas.trips[0], participants=("pe:lee-wen", "pe:dana-ortiz"))
    network = build_network(replace(atlas, trips=(first, second, atlas.trips[1])))
    together = [e for e in network.edges if e.relation == "travelled with"]
    assert [(e.source, e.target, e.weight) for e in together] == [("pe:dana-ortiz", "pe:lee-wen", 2)]


def test_nodes_are_sized_by_their_trips() -> None:
    network = build_network(small_atlas())
    by_id = {n.id: n for n in network.nodes}
    assert by_id["gn:2"].trips == 2  # Boise: an origin of one trip, the destination of the other
    assert by_id["gn:1"].trips == 1
    assert by_id["gn:2"].size > by_id["gn:1"].size
    assert network.nodes[0].id == "gn:2"  # the busiest first


def test_the_graph_follows_the_filters() -> None:
    atlas = tied_atlas()
    kept = apply(atlas, Filters(person="Lee Wen"))
    ids = {n.id for n in build_network(kept).nodes}
    assert "pe:lee-wen" in ids
    assert "pe:dana-ortiz" not in ids


def test_a_large_atlas_keeps_the_busiest_nodes_and_says_how_many_were_left_out() -> None:
    atlas = synthetic_atlas(documents=300, places=400)
    network = build_network(atlas, max_nodes=50)
    assert len(network.nodes) == 50
    assert network.left_out > 0
    kept = {n.id for n in network.nodes}
    assert all(e.source in kept and e.target in kept for e in network.edges)
    dropped = [n.trips for n in build_network(atlas, max_nodes=10_000).nodes if n.id not in kept]
    assert len(dropped) == network.left_out
    assert min(n.trips for n in network.nodes) >= max(dropped)


def test_a_trip_naming_an_unknown_id_draws_no_dangling_edge() -> None:
    atlas = small_atlas()
    odd = AtlasTrip(id="tr:odd", origins=("gn:404",), destinations=("gn:3",), start=None, end=None,
                    date_text="", organizer="or:gone", program=None, participants=("pe:ghost",),
                    participant_text="", documents=("doc_a",), evidence=())
    network = build_network(replace(atlas, trips=(*atlas.trips, odd)))
    ids = {n.id for n in network.nodes}
    assert all(e.source in ids and e.target in ids for e in network.edges)
    assert not ids & {"gn:404", "or:gone", "pe:ghost"}


def test_elements_carry_kind_size_and_name_for_the_component() -> None:
    elements = to_elements(build_network(tied_atlas()))
    boise = next(n["data"] for n in elements["nodes"] if n["data"]["id"] == "gn:2")
    assert boise["label"] == "Place"
    assert boise["_name"] == "Boise"
    assert boise["_size"] > 18
    assert len({e["data"]["id"] for e in elements["edges"]}) == len(elements["edges"])


def test_names_from_articles_stay_out_of_the_side_panel() -> None:
    elements = to_elements(build_network(hostile_atlas()))
    assert elements["nodes"]
    for element in (*elements["nodes"], *elements["edges"]):
        shown = {k: v for k, v in element["data"].items() if not k.startswith("_")}
        assert not any("<" in str(v) for v in shown.values()), shown


@pytest.mark.parametrize(("node", "expected"), [
    ("gn:2", ("place", "gn:2")),
    ("pl:nowhere", ("place", "pl:nowhere")),
    ("pe:lee-wen", ("entity", "pe:lee-wen")),
    ("or:hfc", ("entity", "or:hfc")),
    ("pr:ppe", ("entity", "pr:ppe")),
])
def test_a_node_opens_its_own_panel(node: str, expected: tuple[str, str]) -> None:
    assert panel_target(node) == expected


@pytest.mark.parametrize(("event", "expected"), [
    ({"action": "open", "data": {"target_id": "gn:2"}, "timestamp": 1}, "gn:2"),
    ({"action": "open", "data": {"target_id": "gn:999"}, "timestamp": 1}, None),  # not in this view
    ({"action": "select", "data": {"target_id": "gn:2"}}, None),
    (None, None),
    ("gn:2", None),
])
def test_node_from_event(event: object, expected: str | None) -> None:
    assert node_from_event(build_network(small_atlas()), event) == expected
