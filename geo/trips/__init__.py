"""Trips: article sentences, places, people and dates in; who travelled from where to where, when, out.

Stages, each a module: ``events`` (travel words and their tense) -> ``roles`` (origin or destination,
traveller or host, in the sentence) -> ``discourse`` (homes, nationality words, datelines, the headline,
earlier sentences) -> ``merge`` (journeys joined within and across documents) -> ``extract``; ``ties``
(sister cities and the like, which trips may travel under). Cue words are data
(``data/patterns/trip_cues.jsonl``, read by ``cues``; ``data/patterns/ties.jsonl``).
"""

from geo.trips.extract import extract_trips
from geo.trips.merge import same_trip
from geo.trips.ties import extract_ties, implied_ties, tie_name, tie_programs

__all__ = ["extract_ties", "extract_trips", "implied_ties", "same_trip", "tie_name", "tie_programs"]
