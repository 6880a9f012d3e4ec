"""The trips stage end to end: sentences read, drafts merged, each journey finished into a ``TripRecord``."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from datetime import date

from geo.language.dates import parse_published, resolve_date_text
from geo.language.doctext import doc_text
from geo.models import (
    DateMention,
    DateRange,
    ParsedText,
    PlaceMention,
    Sentence,
    TieRecord,
    TripKind,
    TripRecord,
    TripStatus,
)
from geo.trips.cues import (
    CITY_OFFICES,
    COUNTY_OFFICES,
    GOVERNMENT_HEADS,
    KIND_CUES,
    SIGNING_WORDS,
    STATE_OFFICES,
    TRANSIT_WORDS,
    TRIP_NOUNS,
    Doc,
)
from geo.trips.discourse import _Reader
from geo.trips.drafts import (
    _best_date,
    _candidate,
    _contains,
    _dedupe,
    _Draft,
    _keys,
    _merge,
    _named_alike,
    _new_draft,
    _overlaps,
    _place_key,
    _Reading,
    _refine,
    _to_home,
)
from geo.trips.layout import _is_headline
from geo.trips.merge import (
    _abroad,
    _attached_rank,
    _combine,
    _dateline_date,
    _lead_in_date,
    _local_travellers,
    _paragraph_date,
    _participant_text,
    _pick_draft,
    _within,
    bare_word,
)
from geo.trips.signings import with_signing_trips
from geo.trips.ties import implied_tie_name, tie_name


def extract_trips(
    doc: Doc,
    parsed: ParsedText,
    places: Sequence[PlaceMention],
    dates: Sequence[DateMention],
    published: str | None = None,
    ties: Sequence[TieRecord] = (),
) -> tuple[TripRecord, ...]:
    """The journeys a document tells of, each with its places, dates, people and evidence (journeys only
    planned, hoped for or dated after ``published`` are left out)."""
    reader = _Reader(doc, parsed, places, dates)
    sentences = parsed.sentences
    text: str = doc_text(doc)
    drafts: list[_Draft] = []
    readings: dict[int, _Reading] = {}
    for index, sentence in enumerate(sentences):
        if _is_headline(sentence, text, index, len(sentences)):
            continue
        current = [d for d in drafts if not d.background and d.planned]
        if current and reader.calls_off(sentence) and _keys(
            (i for i, p in enumerate(places) if sentence.start <= p.span.start < sentence.end), places
        ) <= _keys(current[-1].destinations, places):
            # "The students and their chaperones are not going to take the trip this year"
            current[-1].cancelled = True
            current[-1].evidence.append(sentence)
            continue
        found = reader.read_all(index, sentence)
        if not found:
            if drafts and drafts[-1].last_sentence != index - 1 and reader.lists_travellers(sentence):
                # "Participants will include A, B and C" further down: the journey the story is about
                draft = ([d for d in drafts if not d.background] or drafts)[-1]
                members = [m for m in reader.members_near(sentence) if m not in draft.participants]
                if members:
                    draft.participants.extend(members)
                    draft.evidence.append(sentence)
            elif drafts and drafts[-1].last_sentence == index - 1:
                draft = drafts[-1]
                dest_keys = _keys(draft.destinations, places)
                origins = [
                    i for i in reader.origins_near(index, sentence) if _place_key(places[i]) not in dest_keys
                ]
                if origins:
                    draft.origins.extend(origins)
                    draft.evidence.append(sentence)
                if draft.origins and not draft.destinations:
                    # "X's mayor signed an agreement with his Nairobi counterpart. During the ceremony in
                    # Nairobi, ...": the signing took place there
                    venues = [
                        i for i in reader.venues_near(sentence) if not _overlaps([i], draft.origins, places)
                    ]
                    if venues:
                        draft.destinations.extend(venues)
                        draft.evidence.append(sentence)
                members = [m for m in reader.members_near(sentence) if m not in draft.participants]
                if members:
                    draft.participants.extend(members)
                    draft.evidence.append(sentence)
                program = reader.program_near(sentence)
                if program and drafts[-1].program is None:
                    drafts[-1].program = program
                    if sentence not in drafts[-1].evidence:
                        drafts[-1].evidence.append(sentence)
            continue
        readings[index] = next((r for r in found if r.here), found[-1])
        for reading in (part for whole in found for part in _each_trip(whole)):
            target = _pick_draft(drafts, reading, places)
            if target is None:
                drafts.append(_new_draft(reading))
            else:
                _merge(target, reading, places)
    drafts = _combine(drafts, places)

    records: list[TripRecord] = []
    dateline_date = _dateline_date(parsed, dates)
    lead_at = _lead_sentence(sentences, reader.dateline_span)
    lead = next((d for d in drafts if not d.planned and not d.background and d.destinations), None)
    if lead is not None:
        # the headline names the home of the travellers of the journey the article is about
        lead.origins[:0] = [
            i for i in reader.headline_homes() if not _overlaps([i], lead.destinations, places)
        ]
    for draft in drafts:
        if not draft.origins:
            # "Our teachers who went to X in 2019": a journey to the visitors' home starts from their hosts
            hosts = next((d for d in drafts if d is not draft and _to_home(d, draft, places)), None)
            if hosts is not None:
                draft.origins = [
                    i for i in _refine(_dedupe(hosts.destinations, places), places)
                    if not _overlaps([i], draft.destinations, places)
                ][:1]
    for draft in drafts:
        if not draft.destinations and not any(
            readings[i].here for i in readings if draft.first_sentence <= i <= draft.last_sentence
        ) and reader.dateline_place is None:
            continue
        if not draft.origins:
            # "Perth Lord Mayor X led a delegation to Y": the travellers' offices tell where they are from
            dest_keys = _keys(draft.destinations, places)
            draft.origins = [
                i for name in draft.participants for i in reader.homes(name)
                if _place_key(places[i]) not in dest_keys
            ]
        else:
            # "a delegation from Kansas led by Wichita Mayor X": the leader's city inside the broad home
            broad = [c for i in draft.origins if (c := _candidate(places, i)) and c.kind != "city"]
            draft.origins.extend(
                i for name in draft.participants for i in reader.homes(name)
                if (inner := _candidate(places, i)) is not None and any(_contains(b, inner) for b in broad)
            )
        origins = _refine(_dedupe(draft.origins, places), places)
        origin_keys = _keys(origins, places)
        destinations = [
            i for i in _refine(_dedupe(draft.destinations, places), places)
            if _place_key(places[i]) not in origin_keys
            and not any(_named_alike(i, j, places) for j in origins)
        ]
        if len(destinations) > 1:
            # "headed off to Dublin Airport for their trip to Saint-Contest": an airport is on the way
            destinations = [i for i in destinations if not _transit(places[i])] or destinations
        stops = reader.stops_within(destinations, draft.first_sentence, draft.last_sentence)
        if stops:
            # "a delegation to India ... In New Delhi they met ...; in Hyderabad ...": the cities visited;
            # a country with no city named stays ("to Australia and New Zealand ... leaders of Melbourne")
            stops = [i for i in stops if _place_key(places[i]) not in origin_keys]
            destinations = [
                *stops,
                *(i for i in destinations if (outer := _candidate(places, i)) is not None
                  and outer.kind == "country" and not any(
                    (inner := _candidate(places, j)) is not None and _contains(outer, inner) for j in stops)),
            ]
        elif (sister := _sister_within(origins, destinations, ties, places)) is not None:
            # "Richmond's mayor will lead a delegation to China ... the signing of a Sister City Agreement
            # between Xiamen and Richmond": the trip goes to its home's sister city in that country
            destinations = [sister]
        if not destinations and reader.dateline_place is not None and (
            _place_key(places[reader.dateline_place]) not in origin_keys
        ) and (origins or draft.participants or draft.participant_texts) and (
                draft.first_sentence <= max(2, lead_at + 1)):
            # a wire story's lead: "A delegation from X arrived on Tuesday" happened where it is datelined
            destinations = [reader.dateline_place]
        if not destinations:
            continue
        home = reader.dateline_place
        if home is not None and not origins and len(destinations) > 1:
            # "SIERRA VISTA — ... seniors went to Radebeul, Germany ... the club will soon be welcoming its
            # German counterparts": the dateline's town among places abroad is where the travellers set out
            abroad = [i for i in destinations if _place_key(places[i]) != _place_key(places[home])]
            if len(abroad) < len(destinations) and abroad and _abroad(home, abroad, places):
                origins, destinations = [home], abroad
        if home is not None and _local_travellers(draft, sentences) and _abroad(home, destinations,
                                                                                places) and (
            not origins or (_abroad(home, origins, places) and _within(origins, destinations, places))
        ):
            # "ROCHESTER, Minn. — A delegation of city officials spent five days in Kanazawa": a local
            # paper's dateline is the travellers' home when they went abroad; "the ferry from Piraeus to
            # Mytilene" is a leg inside the visited country, not where they came from
            destinations = [*origins, *(i for i in destinations if i not in origins)]
            origins = [home]
        for sentence in [*draft.evidence, *_signings_after(draft, sentences)]:
            # "Cape Town mayor X signed the agreement": people of the travellers' home on the journey's lines,
            # and on the lines just after that tell who signed what it came for
            draft.participants.extend(
                n for n in reader.people_from(sentence, origins, destinations) if n not in draft.participants)
        tie = _tie_of(origins, destinations, ties, places, draft.evidence)
        if tie is not None and not origins:
            # "a delegation from its sister city": the tie's other end is where the travellers come from
            origins = [i for i in tie.places if not _overlaps([i], destinations, places)][:1]
        if not origins:
            # "Governor Brown ... Oregon's exports": an office's holder comes from the one place of the
            # office's kind that the story keeps naming
            origins = _office_home(draft, parsed, places, destinations)
            tie = tie or _tie_of(origins, destinations, ties, places, draft.evidence)  # now with its home
        if draft.weak and (not origins or _overlaps(origins, destinations, places)):
            continue  # doings somewhere by travellers of no known home, or at home: no journey told
        if draft.program is None and tie is not None:
            draft.program = tie_name(tie, places)
        if draft.program is None:
            for i in range(max(0, draft.first_sentence - 1), min(len(sentences), draft.last_sentence + 2)):
                program = reader.program_near(sentences[i])
                if program:
                    draft.program = program
                    break
        if draft.program is None and origins:
            # "Chinese sister city delegation coming to Toledo" (a headline), "students from our twin town"
            told = [s.text for s in draft.evidence] + draft.participant_texts
            if sentences and _is_headline(sentences[0], text, 0, len(sentences)):
                told.append(sentences[0].text)
            draft.program = implied_tie_name(origins[0], destinations, told, places)
        organizer = draft.organizer
        if organizer is None and draft.program is not None:
            organizer = parsed.program_organizers.get(draft.program)
        if organizer is None:
            # an official journey is its home's government's: "the Invercargill City Council", "City of X"
            organizer = _home_government(origins, places, parsed)
        if not origins and organizer is not None:
            # "the government of Goiás started meetings to form a delegation": the organiser's home
            origins = [i for i in reader.places_of(organizer) if not _overlaps([i], destinations, places)][:1]
        best = _best_date(draft.dates)
        if best is None or _attached_rank(draft.dates) >= 2:
            # "Last fall, ... Mayor X was in Harbin. He was one of three mayors on a tour ...": the date of
            # the sentence that leads into the journey beats one hanging on another verb
            best = _lead_in_date(draft, sentences, dates, places) or best
        if best is None:
            best = _paragraph_date(draft, sentences, dates, text)
        if best is None and dateline_date is not None and draft.first_sentence <= 1:
            best = dateline_date
        later = bool(published and best is not None and best.resolved is not None and (
            best.resolved.start[:len(published[:10])] > published[:10]
        ))  # dated after the article: planned, not made
        status: TripStatus = (
            "cancelled" if draft.cancelled
            else "planned" if draft.planned or later else "ongoing" if draft.ongoing else "completed"
        )
        if status == "planned" and published and len(published) >= 10 and best is not None and (
                best.resolved is not None and best.resolved.end < published[:10]):
            # "Daniel met the ambassador on the 2nd of May ... the delegation will leave in June": a journey
            # still to come is not dated by a day already past
            best = next((m for _, _, m in sorted(draft.dates, key=lambda d: (d[0], d[1]))
                         if m.resolved is not None and m.resolved.end >= published[:10]), None) or _ahead(
                best, published)
        if status == "cancelled" and published and len(published) >= 10 and best is not None and (
                best.resolved is not None and best.resolved.end < published[:10]):
            # "In July, students from Tsubame were supposed to come", in June: the July that was to come
            ahead = _ahead(best, published)
            if ahead is not None and ahead.resolved is not None and _days_from(
                    ahead.resolved, published) < _days_from(best.resolved, published):
                best = ahead
        evidence = tuple(sorted(dict.fromkeys(draft.evidence), key=lambda s: s.start))
        date = best.resolved if best is not None else None
        if date is None and status == "ongoing" and published and len(published) >= 10:
            # "the delegation is visiting ...", undated: it is under way when the article appears
            date = DateRange(published[:10], published[:10], "week")
        records.append(TripRecord(
            origins=tuple(origins),
            destinations=tuple(destinations),
            evidence=evidence,
            date=date,
            date_text=best.span.text if best is not None else "",
            organizer=organizer,
            program=draft.program,
            participants=tuple(draft.participants),
            participant_text=_participant_text(draft.participant_texts),
            status=status,
            kind=_kind(draft, draft.program),
            participant_roles=tuple((n, _role_on_trip(n, draft, parsed)) for n in draft.participants),
        ))
    # "Mandaue and Mosul signed a sister-city pact yesterday": the visitors' journey the news implies
    return with_signing_trips(ties, records, places, parsed, dates, published, text)


def _ahead(mention: DateMention, published: str) -> DateMention | None:
    """A planned journey's date without a year, read as the next one ("confirmed a trip to China in June",
    in May: this June), or ``None`` when the words name a year or nothing to come."""
    if re.search(r"\b\d{4}\b", mention.span.text):
        return None
    reference, _ = parse_published(published)
    found = resolve_date_text(mention.span.text, reference, future=True)
    if found is None or found.end < published[:10]:
        return None
    return DateMention(mention.span, mention.sentence, found)


def _transit(place: PlaceMention) -> bool:
    """A place named as a way point: "Dublin Airport", "the Central Station"."""
    words = place.span.text.lower().split()
    return bool(words) and words[-1] in TRANSIT_WORDS


def _days_from(span: DateRange, published: str) -> int:
    """How many days a range lies from the publication day (0 when it holds it)."""
    day = date.fromisoformat(published[:10])
    start, end = date.fromisoformat(span.start), date.fromisoformat(span.end)
    return 0 if start <= day <= end else min(abs((start - day).days), abs((end - day).days))


def _each_trip(reading: _Reading) -> list[_Reading]:
    """ "with trips planned to Brussels, Bucharest, Beijing and Taiwan": journeys told only in the plural, one
    per place (a single "trip" or verb in the sentence keeps them one journey)."""
    plural = [t for t in reading.events if t.tag_ == "NNS" and t.lemma_.lower() in TRIP_NOUNS]
    if not plural or len(plural) != len(reading.events) or len(reading.destinations) < 2:
        return [reading]
    return [
        dataclasses.replace(
            reading, destinations=[i], origins=list(reading.origins), dates=list(reading.dates),
            participants=list(reading.participants), roles=dict(reading.roles),
            participant_texts=list(reading.participant_texts),
        )
        for i in reading.destinations
    ]


def _sister_within(origins: Sequence[int], destinations: Sequence[int], ties: Sequence[TieRecord],
                   places: Sequence[PlaceMention]) -> int | None:
    """The one place tied to the travellers' home that lies inside the country or state they went to."""
    broad = [c for i in destinations if (c := _candidate(places, i)) is not None]
    if not origins or not broad or any(c.kind not in ("country", "admin1") for c in broad):
        return None
    found = []
    for tie in ties:
        for near, far in (tie.places, tie.places[::-1]):
            inner = _candidate(places, near)
            if inner is not None and _place_key(places[far]) in _keys(origins, places) and any(
                    _contains(b, inner) for b in broad):
                found.append(near)
    return found[0] if len({_place_key(places[i]) for i in found}) == 1 else None


_SIGNING_WINDOW = 3  # sentences after a journey's last telling that may say who signed during it


def _signings_after(draft: _Draft, sentences: Sequence[Sentence]) -> list[Sentence]:
    """The sentences just after a journey's last telling that tell of a signing ("The agreement was signed
    by X and Y"), before another journey is told."""
    out: list[Sentence] = []
    for sentence in sentences[draft.last_sentence + 1:draft.last_sentence + 1 + _SIGNING_WINDOW]:
        words = {w.lower().strip(".,;:\"'") for w in sentence.text.split()}
        if words & SIGNING_WORDS:
            out.append(sentence)
    return out


def _tie_of(origins: Sequence[int], destinations: Sequence[int], ties: Sequence[TieRecord],
            places: Sequence[PlaceMention], evidence: Sequence[Sentence] = ()) -> TieRecord | None:
    """The tie a journey travels under: one that joins its home and where it went, or, when its home is not
    told, the one tie of the document that reaches where it went."""
    if not destinations:
        return None
    for tie in ties:
        a, b = ([i] for i in tie.places)
        if (_overlaps(a, destinations, places) and _overlaps(b, origins, places)) or (
                _overlaps(b, destinations, places) and _overlaps(a, origins, places)):
            return tie
    if origins:
        return None
    reaching = [t for t in ties if any(_overlaps([i], destinations, places) for i in t.places)
                and not all(_overlaps([i], destinations, places) for i in t.places)]
    told = [t for t in reaching if set(t.evidence) & set(evidence)]  # stated where the journey is
    if len(told) == 1:
        return told[0]
    return reaching[0] if len(reaching) == 1 else None


def _lead_sentence(sentences: Sequence[Sentence], dateline: tuple[int, int] | None) -> int:
    """The index of the story's first sentence after its dateline ("SHEBOYGAN — In July, ..." may be cut
    into several by the parser), 1 when there is none."""
    if dateline is None:
        return 1
    return next((i for i, s in enumerate(sentences) if s.end > dateline[1]), 1)


def _office_home(draft: _Draft, parsed: ParsedText, places: Sequence[PlaceMention],
                 destinations: Sequence[int]) -> list[int]:
    """The home of travellers known by an office ("the governor", "Mayor X", "Commissioner X"): the place of
    that office's kind (a state for a governor, a city for a mayor, a county for a commissioner) named most
    often in the story, when one leads."""
    words = {w.lower().strip(".,") for name in draft.participants for r in parsed.roles.get(name, ())
             for w in r.title.split()}
    words |= {bare_word(w) for t in draft.participant_texts for w in t.split()}
    words |= {w.lower().strip(".,;:") for s in draft.evidence for w in s.text.split()} & STATE_OFFICES
    kinds = ({"admin1"} if words & STATE_OFFICES else {"city"} if words & CITY_OFFICES
             else {"region"} if words & COUNTY_OFFICES else set())
    if not kinds:
        return []
    counts: dict[object, list[int]] = {}
    for i, place in enumerate(places):
        cand = _candidate(places, i)
        if cand is None or cand.kind not in kinds or place.implied or _overlaps([i], destinations, places):
            continue
        counts.setdefault(_place_key(place), []).append(i)
    ranked = sorted(counts.values(), key=len, reverse=True)
    if not ranked or (len(ranked) > 1 and len(ranked[0]) == len(ranked[1])):
        return []
    return ranked[0][:1]


def _role_on_trip(name: str, draft: _Draft, parsed: ParsedText) -> str:
    """A participant's role on the journey: heading it ("led by X"), else the title the story gives them."""
    if name in draft.roles:
        return draft.roles[name]
    role = next(iter(parsed.roles.get(name, ())), None)
    if role is None:
        return ""
    return f"{role.title}, {role.organization}" if role.organization else role.title


def _kind(draft: _Draft, program: str | None) -> TripKind:
    """What kind of journey the words tell: a trade mission; else a delegation when one is named; else an
    exchange, a conference or an official visit by their cue words; else other."""
    text = " ".join([*(s.text for s in draft.evidence), *draft.participant_texts, program or ""]).lower()
    words = set(re.findall(r"[a-z]+", text))

    def says(cues: frozenset[str]) -> bool:
        return any((cue in text) if " " in cue else (cue in words) for cue in cues)

    named = "delegation" in words or "delegates" in words
    for kind, cues in KIND_CUES:
        if named and kind != "trade_mission":
            return "delegation"  # "a delegation of students", "a delegation to the expo"
        if says(cues):
            return kind  # type: ignore[return-value]
    return "other"


_CITY_OF = re.compile(r"(?:the )?(?:city|county|state|town|district) of ")


def _home_government(origins: Sequence[int], places: Sequence[PlaceMention],
                     parsed: ParsedText) -> str | None:
    """The government body of the travellers' home that the story names ("Kisii County Government", "the
    California Legislature", "City of Bunbury"): the one named most often, if the story names one."""
    names = {places[i].span.text.lower() for i in origins if not places[i].implied}
    names |= {c.name.lower() for i in origins
              if (c := _candidate(places, i)) is not None and not places[i].implied}
    if not names:
        return None
    counts: dict[str, int] = {}
    for org in parsed.organizations:
        lower = org.name.lower()
        words = re.findall(r"[a-z]+", lower)
        governs = bool(words and words[-1] in GOVERNMENT_HEADS) or bool(_CITY_OF.match(lower))
        if governs and any(name in lower for name in names):
            counts[org.name] = counts.get(org.name, 0) + 1
    return max(counts, key=lambda n: (counts[n], len(n))) if counts else None
