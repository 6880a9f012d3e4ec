"""A synthetic atlas of any size, for the map and filter benchmarks (invented names, random points)."""

from __future__ import annotations

import random
from dataclasses import replace

from geo.models import (
    Atlas,
    AtlasDocument,
    AtlasOrganization,
    AtlasPerson,
    AtlasPlace,
    AtlasProgram,
    AtlasTrip,
    Evidence,
    MentionRef,
)

COUNTRIES = ("US", "CN", "JP", "AU", "TW")


def synthetic_atlas(places: int, trips: int = 2000, seed: int = 11) -> Atlas:
    """``places`` places spread over the world and ``trips`` trips (one article each) between them."""
    rng = random.Random(seed)
    all_places = [
        AtlasPlace(
            id=f"gn:{100000 + i}", name=f"Town {i}", kind="city", country=COUNTRIES[i % len(COUNTRIES)],
            admin1=None, lat=round(rng.uniform(-55, 70), 5), lon=round(rng.uniform(-179, 179), 5),
            geonameid=100000 + i, confidence=round(rng.random(), 3), mentions=(),
        )
        for i in range(places)
    ]
    mentions: dict[str, list[MentionRef]] = {p.id: [] for p in all_places}
    organizations = tuple(AtlasOrganization(id=f"or:council-{k}", name=f"Council {k}", mentions=())
                          for k in range(20))
    programs = tuple(AtlasProgram(id=f"pr:exchange-{k}", name=f"Exchange {k}", organizer=f"or:council-{k}",
                                  mentions=()) for k in range(20))
    documents: list[AtlasDocument] = []
    people: list[AtlasPerson] = []
    all_trips: list[AtlasTrip] = []
    for t in range(trips):
        doc_id = f"syn_{t:05d}"
        year, month = 2010 + t % 15, 1 + t % 12
        documents.append(AtlasDocument(id=doc_id, title=f"Delegation {t}", outlet="Synthetic Wire",
                                       published=f"{year}-{month:02d}-15", url=None, path=f"{doc_id}.txt"))
        stops = rng.sample(all_places, min(3, places))
        sentence = f"Leaders from {stops[0].name} visited {' and '.join(p.name for p in stops[1:])}."
        for p in stops:
            start = sentence.find(p.name)
            mentions[p.id].append(MentionRef(doc_id, p.name, start, start + len(p.name), sentence))
        person = AtlasPerson(id=f"pe:person-{t}", name=f"Person {t}", roles=(), mentions=())
        people.append(person)
        all_trips.append(AtlasTrip(
            id=f"tr:{t:05d}", origins=(stops[0].id,), destinations=tuple(p.id for p in stops[1:]),
            start=f"{year}-{month:02d}", end=None, date_text=f"{year}-{month:02d}",
            organizer=f"or:council-{t % 20}", program=f"pr:exchange-{t % 20}", participants=(person.id,),
            participant_text="Leaders", documents=(doc_id,),
            evidence=(Evidence(doc_id, sentence, 0, len(sentence)),),
        ))
    # Places no trip passes through are still mentioned once, as in a real corpus.
    for i, p in enumerate(all_places):
        if not mentions[p.id]:
            doc = documents[i % len(documents)] if documents else None
            if doc is not None:
                sentence = f"Officials in {p.name} said nothing."
                mentions[p.id].append(MentionRef(doc.id, p.name, 13, 13 + len(p.name), sentence))
    filled = tuple(replace(p, mentions=tuple(mentions[p.id])) for p in all_places)
    return Atlas(documents=tuple(documents), places=filled, people=tuple(people),
                 organizations=organizations, programs=programs, trips=tuple(all_trips))
