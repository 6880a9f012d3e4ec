"""The network view, pure: people, organisations, programs and places as a graph of what ties them.

Edges say who travelled with whom (people on the same trip), who went where (a participant, organiser
or program to the trip's destinations), who organised what (an organisation and the programs it
runs), where delegations came from (a trip's origins to its destinations) and which places are tied
(sister cities and the like). A node is sized by the trips it takes part in.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from geo.models import Atlas, AtlasTrip

NodeKind = Literal["person", "organization", "program", "place"]
Relation = Literal["travelled with", "went to", "organised a trip to", "trip under it to", "runs",
                   "delegation to", "tie"]

KIND_LABELS: dict[NodeKind, str] = {
    "person": "Person", "organization": "Organisation", "program": "Program", "place": "Place"}
KIND_COLOURS: dict[NodeKind, str] = {
    "person": "#1f77b4", "organization": "#ff7f0e", "program": "#9467bd", "place": "#2ca02c"}
RELATION_COLOURS: dict[Relation, str] = {
    "travelled with": "#1f77b4", "went to": "#7f7f7f", "organised a trip to": "#ff7f0e",
    "trip under it to": "#9467bd", "runs": "#d62728", "delegation to": "#bcbd22", "tie": "#2ca02c"}
MAX_NODES = 120  # beyond this a force layout in a 620-pixel box is a hairball whose names cannot be read
_BASE_SIZE, _SIZE_STEP = 18.0, 10.0


@dataclass(frozen=True, slots=True)
class Node:
    """A person, organisation, program or place, with the number of trips it takes part in."""

    id: str
    kind: NodeKind
    name: str
    trips: int

    @property
    def size(self) -> float:
        """Its diameter in pixels: grows with the square root of its trips, so area follows trips."""
        return round(_BASE_SIZE + _SIZE_STEP * math.sqrt(self.trips), 1)


@dataclass(frozen=True, slots=True)
class Edge:
    """A relation between two nodes, ``weight`` times (trips shared, or 1 for a tie or a program)."""

    source: str
    target: str
    relation: Relation
    weight: int

    @property
    def id(self) -> str:
        """Unique within a network: one edge per pair and relation."""
        return f"{self.source}|{self.relation}|{self.target}"


@dataclass(frozen=True, slots=True)
class Network:
    """The graph of a view; ``left_out`` counts the nodes dropped to keep it readable."""

    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    left_out: int = 0


def _undirected(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _trip_edges(trip: AtlasTrip) -> Iterable[tuple[str, str, Relation]]:
    people = sorted(set(trip.participants))
    for i, first in enumerate(people):
        for second in people[i + 1:]:
            yield first, second, "travelled with"
    destinations = list(dict.fromkeys(trip.destinations))
    for place in destinations:
        for person in people:
            yield person, place, "went to"
        if trip.organizer:
            yield trip.organizer, place, "organised a trip to"
        if trip.program:
            yield trip.program, place, "trip under it to"
        for origin in dict.fromkeys(trip.origins):
            if origin != place:
                yield origin, place, "delegation to"


def build_network(atlas: Atlas, max_nodes: int = MAX_NODES) -> Network:
    """The graph of ``atlas`` (already filtered): nodes that take part in a trip, a tie or a program."""
    names: dict[str, tuple[NodeKind, str]] = {p.id: ("place", p.name) for p in atlas.places}
    names.update((p.id, ("person", p.name)) for p in atlas.people)
    names.update((o.id, ("organization", o.name)) for o in atlas.organizations)
    names.update((p.id, ("program", p.name)) for p in atlas.programs)
    trips: Counter[str] = Counter()
    weights: Counter[tuple[str, str, Relation]] = Counter()
    for trip in atlas.trips:
        own = {*trip.participants, *trip.origins, *trip.destinations, trip.organizer, trip.program}
        trips.update(i for i in own if i is not None and i in names)
        for source, target, relation in _trip_edges(trip):
            if source in names and target in names:
                if relation == "travelled with":
                    source, target = _undirected(source, target)
                weights[source, target, relation] += 1
    for program in atlas.programs:
        if program.organizer is not None and program.organizer in names:
            weights[program.organizer, program.id, "runs"] = 1
    for tie in atlas.ties:
        a, b = _undirected(*tie.places)
        if a in names and b in names and a != b:
            weights[a, b, "tie"] = 1
    linked = {i for source, target, _ in weights for i in (source, target)}
    ranked = sorted(linked, key=lambda i: (-trips[i], names[i][1].casefold(), i))
    kept = set(ranked[:max_nodes])
    nodes = tuple(Node(i, names[i][0], names[i][1], trips[i]) for i in ranked if i in kept)
    edges = tuple(Edge(s, t, r, w) for (s, t, r), w in sorted(weights.items())
                  if s in kept and t in kept)
    return Network(nodes, edges, left_out=len(ranked) - len(kept))


def panel_target(node_id: str) -> tuple[str, str]:
    """The query parameter that opens a node's panel: ``("place", id)`` or ``("entity", id)``."""
    return ("place", node_id) if node_id.startswith(("gn:", "pl:")) else ("entity", node_id)


def to_elements(network: Network) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape.js elements: ``label`` is the node's kind or the edge's relation (the style groups).

    Data starting with "_" is hidden from the component's side panel: the drawing's sizes, and the name,
    which comes from an article and which that panel would turn into a link if it held ``<a href>``
    (the canvas label draws it as plain text).
    """
    nodes = [{"data": {"id": n.id, "label": KIND_LABELS[n.kind], "_name": n.name, "trips": n.trips,
                       "_size": n.size}} for n in network.nodes]
    edges = [{"data": {"id": e.id, "source": e.source, "target": e.target, "label": e.relation,
                       "weight": e.weight, "_width": round(1.5 + 1.5 * math.log2(e.weight), 1)}}
             for e in network.edges]
    return {"nodes": nodes, "edges": edges}


def node_from_event(network: Network, event: object) -> str | None:
    """The id of the node a click (the component's ``{"action": "open", "data": {...}}``) chose."""
    if not isinstance(event, dict) or event.get("action") != "open":
        return None
    data = event.get("data")
    target = data.get("target_id") if isinstance(data, dict) else None
    return target if any(n.id == target for n in network.nodes) else None
