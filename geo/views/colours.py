"""What colours the routes: a facet of the trips (direction, program, organiser, year) and its palette.

Pure: ``flow_category`` names the category of one flow (a leg and the trips that travel it), and
``palette`` gives each category a colour that the map's lines and its legend share. Markers keep
their role colours (``geo.views.maps.ROLE_STYLES``); only routes are coloured by facet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from geo.models import AtlasPlace, AtlasTrip

Facet = Literal["none", "direction", "program", "organiser", "year"]
FACETS: tuple[Facet, ...] = get_args(Facet)
FACET_LABELS: dict[Facet, str] = {"none": "one colour", "direction": "direction into or out of a country",
                                  "program": "program", "organiser": "organiser", "year": "year"}

# Tableau 10, colour-blind-safe enough and distinct from the markers' role colours' meaning
COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f")
OTHER_COLOUR = "#8c8c8c"
SEVERAL = "several"  # a flow whose trips fall in different categories
OTHER = "other"
ROUTE_COLOUR = "#e6550d"


@dataclass(frozen=True, slots=True)
class Colouring:
    """The facet that colours the routes; ``country`` (ISO code) for the direction facet."""

    facet: Facet = "none"
    country: str | None = None

    def __post_init__(self) -> None:
        if self.facet not in FACETS:
            raise ValueError(f"colour facet must be one of {', '.join(FACETS)}, got: {self.facet!r}")


def trip_category(trip: AtlasTrip, facet: Facet, names: Mapping[str, str]) -> str:
    """The category of one trip under a facet other than direction."""
    if facet == "program":
        return names.get(trip.program, trip.program) if trip.program else "no program"
    if facet == "organiser":
        return names.get(trip.organizer, trip.organizer) if trip.organizer else "no organiser"
    if facet == "year":
        return (trip.start or "")[:4] or "undated"
    return "route"


def direction(origin: AtlasPlace, destination: AtlasPlace, country: str | None) -> str:
    """Whether a leg goes into, out of or within a country, or neither ("choose a country" if none)."""
    if not country:
        return "choose a country"
    inside, outside = origin.country == country, destination.country == country
    if inside and outside:
        return f"within {country}"
    if inside:
        return f"out of {country}"
    if outside:
        return f"into {country}"
    return f"neither end in {country}"


def flow_category(leg: tuple[AtlasPlace, AtlasPlace], trips: Sequence[AtlasTrip], colouring: Colouring,
                  names: Mapping[str, str]) -> str:
    """The category of a flow: its direction, or its trips' one category (``SEVERAL`` if they differ)."""
    if colouring.facet == "direction":
        return direction(leg[0], leg[1], colouring.country)
    found = {trip_category(t, colouring.facet, names) for t in trips}
    return found.pop() if len(found) == 1 else SEVERAL


def palette(categories: Sequence[str], facet: Facet) -> dict[str, str]:
    """A colour for each category, most frequent first; past nine they share the colour of "other"."""
    if facet == "none":
        return dict.fromkeys(categories, ROUTE_COLOUR)
    counts = Counter(categories)
    special = (SEVERAL, OTHER, "undated", "no program", "no organiser")
    ranked = sorted((c for c in counts if c not in special),
                    key=lambda c: (c if facet == "year" else "", -counts[c], c))
    colours = {c: COLOURS[i] if i < len(COLOURS) else OTHER_COLOUR for i, c in enumerate(ranked)}
    colours.update((c, OTHER_COLOUR) for c in counts if c in special)
    return colours


def legend_rows(colours: Mapping[str, str], limit: int = len(COLOURS)) -> list[tuple[str, str]]:
    """The legend's (label, colour) rows: one per colour, "other" for the categories past ``limit``."""
    rows = [(label, colour) for label, colour in colours.items() if colour != OTHER_COLOUR]
    shown = rows[:limit]
    greys = [label for label, colour in colours.items() if colour == OTHER_COLOUR]
    if greys:
        shown.append((", ".join(greys[:3]) + (" …" if len(greys) > 3 else ""), OTHER_COLOUR))
    return shown
