"""Hand-made atlases for the dashboard's tests: small and invented, large and synthetic.

The names here are invented for the tests (the seed article's are never used).
"""

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
    Candidate,
    Evidence,
    MentionRef,
    Role,
)
from tests.extraction_factory import HOSTILE


def mention(document: str, text: str, sentence: str) -> MentionRef:
    """A mention of ``text`` inside ``sentence`` (offsets are the sentence's)."""
    start = max(sentence.find(text), 0)
    return MentionRef(document=document, text=text, start=start, end=start + len(text), sentence=sentence)


def place(pid: str, name: str, lat: float | None, lon: float | None, country: str, admin1: str | None,
          mentions: tuple[MentionRef, ...], kind: str = "city", confidence: float = 0.9) -> AtlasPlace:
    """An atlas place with one alternative candidate."""
    geonameid = int(pid[3:]) if pid.startswith("gn:") else None
    other = Candidate(name=name, kind="city", lat=(lat or 0) + 5, lon=(lon or 0) + 5, country="ZZ")
    return AtlasPlace(id=pid, name=name, kind=kind, country=country, admin1=admin1,  # type: ignore[arg-type]
                      lat=lat, lon=lon, geonameid=geonameid, confidence=confidence, mentions=mentions,
                      candidates=(other,), reason="qualifier")


S1 = "Mayors from Tulsa, Oklahoma, and Boise, Idaho, travelled to Osaka in March 2023."
S2 = "The delegation then visited Kobe and met business leaders."
S3 = "The Prairie Pacific Exchange is run by the Heartland Friendship Council, said Dana Ortiz."
S4 = "A team from Kaohsiung will visit Boise in 2025, according to Lee Wen."
S5 = "Officials in Canberra said nothing."

SMALL_TEXT_A = " ".join((S1, S2, S3, S5))
SMALL_TEXT_B = S4


def small_atlas() -> Atlas:
    """Two invented articles: one trip of two origins to two destinations, one trip the other way."""
    docs = (
        AtlasDocument(id="doc_a", title="Mayors go to Osaka", outlet="The Test Times",
                      published="2023-04-02", url="https://example.org/a", path="doc_a.txt"),
        AtlasDocument(id="doc_b", title="Kaohsiung team plans a visit", outlet="Test Wire",
                      published="2024-06", url=None, path="doc_b.txt"),
    )
    places = (
        place("gn:1", "Tulsa", 36.154, -95.993, "US", "OK", (mention("doc_a", "Tulsa", S1),)),
        place("gn:2", "Boise", 43.614, -116.203, "US", "ID",
              (mention("doc_a", "Boise", S1), mention("doc_b", "Boise", S4))),
        place("gn:3", "Osaka", 34.694, 135.502, "JP", "Osaka", (mention("doc_a", "Osaka", S1),)),
        place("gn:4", "Kobe", 34.691, 135.183, "JP", "Hyogo", (mention("doc_a", "Kobe", S2),)),
        place("gn:5", "Kaohsiung", 22.617, 120.312, "TW", None, (mention("doc_b", "Kaohsiung", S4),)),
        place("gn:6", "Canberra", -35.283, 149.128, "AU", "ACT", (mention("doc_a", "Canberra", S5),)),
        place("pl:nowhere", "Nowhere Creek", None, None, "AU", None,
              (mention("doc_a", "Canberra", S5),), kind="feature", confidence=0.2),
    )
    people = (
        AtlasPerson(id="pe:dana-ortiz", name="Dana Ortiz",
                    roles=(Role("director", "Heartland Friendship Council"),),
                    mentions=(mention("doc_a", "Dana Ortiz", S3),)),
        AtlasPerson(id="pe:lee-wen", name="Lee Wen", roles=(), mentions=(mention("doc_b", "Lee Wen", S4),)),
    )
    orgs = (AtlasOrganization(id="or:hfc", name="Heartland Friendship Council",
                              mentions=(mention("doc_a", "Heartland Friendship Council", S3),)),)
    programs = (AtlasProgram(id="pr:ppe", name="Prairie Pacific Exchange", organizer="or:hfc",
                             mentions=(mention("doc_a", "Prairie Pacific Exchange", S3),)),)
    trips = (
        AtlasTrip(id="tr:one", origins=("gn:1", "gn:2"), destinations=("gn:3", "gn:4"),
                  start="2023-03", end=None, date_text="in March 2023", organizer="or:hfc",
                  program="pr:ppe", participants=("pe:dana-ortiz",), participant_text="Mayors",
                  documents=("doc_a",),
                  evidence=(Evidence("doc_a", S1, 0, len(S1)), Evidence("doc_a", S2, len(S1) + 1,
                                                                         len(S1) + 1 + len(S2)))),
        AtlasTrip(id="tr:two", origins=("gn:5",), destinations=("gn:2",), start="2025", end=None,
                  date_text="in 2025", organizer=None, program=None, participants=("pe:lee-wen",),
                  participant_text="A team from Kaohsiung", documents=("doc_b",),
                  evidence=(Evidence("doc_b", S4, 0, len(S4)),)),
    )
    return Atlas(documents=docs, places=places, people=people, organizations=orgs, programs=programs,
                 trips=trips)


def hostile_atlas() -> Atlas:
    """An atlas whose every text field carries markup that must be shown as text."""
    sentence = f"The mayor of {HOSTILE} visited {HOSTILE}."
    doc = AtlasDocument(id="evil", title=HOSTILE, outlet=HOSTILE, published="2023-01-01",
                        url="javascript:alert(1)", path="evil.txt")
    p1 = place("gn:10", HOSTILE, 10.0, 10.0, "US", HOSTILE, (mention("evil", HOSTILE, sentence),))
    p2 = place("gn:11", HOSTILE + "2", 20.0, 20.0, "CN", None, (mention("evil", HOSTILE, sentence),))
    person = AtlasPerson(id="pe:evil", name=HOSTILE, roles=(Role(HOSTILE, HOSTILE),),
                         mentions=(mention("evil", HOSTILE, sentence),))
    trip = AtlasTrip(id="tr:evil", origins=("gn:10",), destinations=("gn:11",), start="2023-01",
                     end=None, date_text=HOSTILE, organizer=None, program=None, participants=("pe:evil",),
                     participant_text=HOSTILE, documents=("evil",),
                     evidence=(Evidence("evil", sentence, 0, len(sentence)),))
    return Atlas(documents=(doc,), places=(p1, p2), people=(person,), trips=(trip,))


def synthetic_atlas(documents: int = 300, places: int = 400, seed: int = 7) -> Atlas:
    """A large invented atlas: ``documents`` articles, ``places`` places, a trip per article."""
    rng = random.Random(seed)
    countries = ("US", "CN", "JP", "AU", "TW")
    all_places: list[AtlasPlace] = []
    for i in range(places):
        all_places.append(AtlasPlace(
            id=f"gn:{1000 + i}", name=f"Town {i}", kind="city", country=countries[i % 5], admin1=None,
            lat=rng.uniform(-60, 70), lon=rng.uniform(-180, 180), geonameid=1000 + i,
            confidence=rng.random(), mentions=()))
    docs: list[AtlasDocument] = []
    trips: list[AtlasTrip] = []
    people: list[AtlasPerson] = []
    mentions_of: dict[str, list[MentionRef]] = {p.id: [] for p in all_places}
    orgs = tuple(AtlasOrganization(id=f"or:{k}", name=f"Council {k}", mentions=()) for k in range(10))
    programs = tuple(AtlasProgram(id=f"pr:{k}", name=f"Exchange {k}", organizer=f"or:{k}", mentions=())
                     for k in range(10))
    for d in range(documents):
        doc_id = f"syn_{d:04d}"
        year, month = 2015 + d % 10, 1 + d % 12
        docs.append(AtlasDocument(id=doc_id, title=f"Article {d}", outlet="Synthetic",
                                  published=f"{year}-{month:02d}-15", url=None, path=f"{doc_id}.txt"))
        stops = rng.sample(all_places, 3)
        sentence = f"Leaders from {stops[0].name} visited {stops[1].name} and {stops[2].name}."
        for p in stops:
            mentions_of[p.id].append(mention(doc_id, p.name, sentence))
        person = AtlasPerson(id=f"pe:{d}", name=f"Person {d}", roles=(),
                             mentions=(mention(doc_id, f"Person {d}", sentence),))
        people.append(person)
        trips.append(AtlasTrip(
            id=f"tr:{d}", origins=(stops[0].id,), destinations=(stops[1].id, stops[2].id),
            start=f"{year}-{month:02d}", end=None, date_text="", organizer=f"or:{d % 10}",
            program=f"pr:{d % 10}", participants=(person.id,), participant_text="Leaders",
            documents=(doc_id,), evidence=(Evidence(doc_id, sentence, 0, len(sentence)),)))
    filled = tuple(replace(p, mentions=tuple(mentions_of[p.id])) for p in all_places)
    return Atlas(documents=tuple(docs), places=filled, people=tuple(people), organizations=orgs,
                 programs=programs, trips=tuple(trips))



def tied_atlas() -> Atlas:
    """The small atlas with three invented ties: one active, one ended, one proposed without a date."""
    from geo.models import AtlasTie

    s6 = "Tulsa and Osaka became sister cities in 1990."
    s7 = "Boise ended its friendship city ties with Kaohsiung in 2020; they began in 2001."
    ties = (
        AtlasTie(id="ti:tulsa-osaka", places=("gn:1", "gn:3"), kind="sister city", status="active",
                 since="1990", until=None, documents=("doc_a",),
                 evidence=(Evidence("doc_a", s6, 0, len(s6)),), trips=("tr:one",), program="pr:ppe"),
        AtlasTie(id="ti:boise-kaohsiung", places=("gn:2", "gn:5"), kind="friendship city", status="ended",
                 since="2001", until="2020", documents=("doc_b",),
                 evidence=(Evidence("doc_b", s7, 0, len(s7)),),
                 trips=("tr:two",)),
        AtlasTie(id="ti:boise-kobe", places=("gn:2", "gn:4"), kind="sister state", status="proposed",
                 since=None, until=None, documents=("doc_a",), evidence=()),
    )
    return replace(small_atlas(), ties=ties)


# Invented places on every continent but Antarctica: the widest empty stretch of longitude is the Pacific
# between Auckland and Boston (111°), so the narrowest view that holds them all is 249°.
GLOBE = (
    ("gn:901", "Boston", 42.36, -71.06, "US"), ("gn:902", "Philadelphia", 39.95, -75.17, "US"),
    ("gn:903", "São Paulo", -23.55, -46.63, "BR"), ("gn:904", "Buenos Aires", -34.6, -58.38, "AR"),
    ("gn:905", "Lyon", 45.76, 4.84, "FR"), ("gn:906", "Hamburg", 53.55, 9.99, "DE"),
    ("gn:907", "Nairobi", -1.29, 36.82, "KE"), ("gn:908", "Accra", 5.56, -0.2, "GH"),
    ("gn:909", "Wuhan", 30.58, 114.27, "CN"), ("gn:910", "Chengdu", 30.66, 104.07, "CN"),
    ("gn:911", "Osaka", 34.69, 135.5, "JP"), ("gn:912", "Sapporo", 43.06, 141.35, "JP"),
    ("gn:913", "Perth", -31.95, 115.86, "AU"), ("gn:914", "Brisbane", -27.47, 153.03, "AU"),
    ("gn:915", "Auckland", -36.85, 174.76, "NZ"), ("gn:916", "Christchurch", -43.53, 172.64, "NZ"),
)


def globe_atlas() -> Atlas:
    """Sixteen invented places round the world and trips between them, over the Pacific among them."""
    sentence = "Officials travelled."
    places = tuple(place(pid, name, lat, lon, cc, None, (mention("g", name, sentence),))
                   for pid, name, lat, lon, cc in GLOBE)
    pairs = (("gn:901", "gn:911"), ("gn:902", "gn:909"), ("gn:915", "gn:903"), ("gn:905", "gn:907"),
             ("gn:906", "gn:910"), ("gn:914", "gn:904"), ("gn:908", "gn:913"), ("gn:912", "gn:916"),
             ("gn:909", "gn:901"), ("gn:911", "gn:906"))
    trips = tuple(AtlasTrip(id=f"tr:g{i}", origins=(a,), destinations=(b,), start="2024", end=None,
                            date_text="in 2024", organizer=None, program=None, participants=(),
                            participant_text="Officials", documents=("g",),
                            evidence=(Evidence("g", sentence, 0, len(sentence)),))
                  for i, (a, b) in enumerate(pairs))
    doc = AtlasDocument(id="g", title="Round the world", outlet="Test Wire", published="2024-05-01",
                        url=None, path="g.txt")
    return Atlas(documents=(doc,), places=places, trips=trips)
