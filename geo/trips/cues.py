"""The trips stage's cue words, from ``data/patterns/trip_cues.jsonl`` (general data, loaded once).

Each list has a row ``{"kind": "about", "text": KIND, "about": ...}`` that says what its words do.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from geo.language.lexicon import load_lexicon, rows_by_kind

PATTERNS = Path(__file__).resolve().parent.parent.parent / "data" / "patterns" / "trip_cues.jsonl"

# spaCy is untyped: tokens and docs are ``Any`` here.
Token = Any
Doc = Any

Role = Literal["origin", "destination"]
Side = Literal["traveller", "host"]


@lru_cache(maxsize=4)
def load_cues(path: str = "") -> dict[str, frozenset[str]]:
    """Every cue list by kind (cached per file); a malformed line is reported with its file."""
    lists = rows_by_kind(Path(path) if path else PATTERNS)
    return {kind: frozenset(str(r["text"]) for r in rows) for kind, rows in lists.items() if kind != "about"}


def _words(kind: str) -> frozenset[str]:
    found = load_cues().get(kind)
    if found is None:
        raise ValueError(f"{PATTERNS}: no cue words of kind {kind!r}")
    return found


TRAVEL_VERBS = _words("travel_verbs")
STRONG_TRAVEL_VERBS = _words("strong_travel_verbs")
VISIT_OBJECT_VERBS = _words("visit_object_verbs")
LEAVE_VERBS = _words("leave_verbs")
HOST_VERBS = _words("host_verbs")
LEAD_VERBS = _words("lead_verbs")
TRIP_NOUNS = _words("trip_nouns")
TRAVELLER_NOUNS = _words("traveller_nouns")
FROM_NOT_ORIGIN = _words("from_not_origin")
THING_SUBJECTS = _words("thing_subjects")
HYPOTHETICAL = _words("hypothetical")
MODALS = _words("modals")
PLAN_WORDS = _words("plan_words")
PLAN_NOUNS = _words("plan_nouns")
PLAN_MODIFIERS = _words("plan_modifiers")
GROUP_NOUNS = _words("group_nouns")
DESTINATION_PREPS = _words("destination_preps")
EXAMPLE_PREPS = _words("example_preps")
SPREAD_PREPS = _words("spread_preps")
PERMISSION_NOUNS = _words("permission_nouns")
AGENDA_NOUNS = _words("agenda_nouns")
TRANSIT_WORDS = _words("transit_words")
PLACE_NOUNS = _words("place_nouns")
REMOTE_WORDS = _words("remote_words")
CANCEL_LEMMAS = _words("cancel_lemmas")
DEFINITE = _words("definite")
PRONOUNS = _words("pronouns")
FIRST_SECOND_PERSON = _words("first_second_person")
ORGANIZER_WORDS = _words("organizer_words")
ORGANIZER_AGENT_WORDS = _words("organizer_agent_words")
PROGRAM_CUES = _words("program_cues")
HERE_NOUNS = _words("here_nouns")
VISITOR_NOUNS = _words("visitor_nouns")
VENUE_NOUNS = _words("venue_nouns")
OFFICE_MODIFIERS = _words("office_modifiers")
SIGNING_WORDS = _words("signing_words")
NUMBER_WORDS = _words("number_words")
LOCAL_WORDS = _words("local_words")
PRESENT_AUX = _words("present_aux")
PRESENCE_VERBS = _words("presence_verbs")
ARRANGED_VERBS = _words("arranged_verbs")
TIME_MARKS = _words("time_marks")
TIE_MODIFIERS = _words("tie_modifiers")
STATE_OFFICES = _words("state_offices")
CITY_OFFICES = _words("city_offices")
COUNTY_OFFICES = _words("county_offices")
MEMBER_VERBS = _words("member_verbs")
QUANTITY_NOUNS = _words("quantity_nouns")
SPEECH_VERBS = _words("speech_verbs")
JOINT_NOUNS = _words("joint_nouns")
HOST_OFFICES = _words("host_offices")
LEAD_ROLE_VERBS = _words("lead_role_verbs")
ORGANIZER_LEADS = _words("organizer_leads")
KIND_CUES: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (kind, _words(f"kind_{kind}")) for kind in ("trade_mission", "exchange", "conference", "official_visit")
)
GOVERNMENT_HEADS = _words("government_heads")
CAPACITY_PREPS = _words("capacity_preps")
INVITED_VERBS = _words("invited_verbs")
# the last word of a person's title ("chief" of "party chief"): "as party chief of X" tells his post
TITLE_HEADS = frozenset(title.split()[-1] for title in load_lexicon().titles)
