"""The NLP step: rules on a blank pipeline (entities set by hand), then the full model on invented
sentences and on the seed article (checked against ../shared/eval/seed_gold.json)."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from geo.language.nlp import COMPONENTS, add_components, embedded_toponyms, parse
from geo.models import ParsedText, Role
from tests.conftest import ROOT, SHARED


@pytest.fixture(scope="module")
def blank() -> Language:
    """No model: the rules alone, on entities set by the test."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return add_components(nlp)


def run(nlp: Language, text: str, ents: Sequence[tuple[str, str]] = ()) -> Doc:
    """Tokenise, set the given (substring, label) entities, then run the project's components."""
    doc = nlp.make_doc(text)
    spans, cursor = [], 0
    for sub, label in ents:  # in text order
        start = text.index(sub, cursor)
        cursor = start + len(sub)
        span = doc.char_span(start, start + len(sub), label=label)
        assert span is not None, sub
        spans.append(span)
    doc.ents = spans
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def toponyms(parsed: ParsedText) -> list[tuple[str, str | None]]:
    return [(t.span.text, t.qualifier.text if t.qualifier else None) for t in parsed.toponyms]


def test_components_are_registered_and_added(blank: Language) -> None:
    assert [name for name in blank.pipe_names if name in COMPONENTS] == list(COMPONENTS)


# --- places (all sentences invented) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        # the model calls the town a date ("from Warminster, Pennsylvania"): the ", State" makes it a place
        (
            "Guests came from Lakewood, Ohio, last autumn.",
            [("Lakewood", "DATE"), ("Ohio", "GPE"), ("last autumn", "DATE")],
            [("Lakewood", "Ohio"), ("Ohio", None)],
        ),
        # the model calls the town an organisation: the ", State" makes it a place
        (
            "The mayors came from Lakewood, Ohio, last year.",
            [("Lakewood", "ORG"), ("Ohio", "GPE")],
            [("Lakewood", "Ohio"), ("Ohio", None)],
        ),
        (
            "Leaders from Tupelo, Mississippi, and Fishers, Indiana, met.",
            [("Tupelo", "GPE"), ("Fishers", "ORG")],
            [("Tupelo", "Mississippi"), ("Mississippi", None), ("Fishers", "Indiana"), ("Indiana", None)],
        ),
        ("He flew to Fishers, Ind., on Monday.", [], [("Fishers", "Ind."), ("Ind.", None)]),
        (
            "A team from Columbia, Mo., and Rochester, N.Y., arrived.",
            [],
            [("Columbia", "Mo."), ("Mo.", None), ("Rochester", "N.Y."), ("N.Y.", None)],
        ),
        (
            "Officials from Hangzhou, Zhejiang Province, arrived.",
            [],
            [("Hangzhou", "Zhejiang Province"), ("Zhejiang Province", None)],
        ),
        ("The tour ended in Sendai, Japan.", [], [("Sendai", "Japan"), ("Japan", None)]),
        # a town named like a country or a state: the abbreviated state says "town"
        ("Like Holland, Mich., it is Dutch.", [("Holland", "GPE"), ("Mich.", "GPE")],
         [("Holland", "Mich."), ("Mich.", None)]),
        ("They visited Ballarat, Victoria.", [], [("Ballarat", "Victoria"), ("Victoria", None)]),
        # lists of states or countries are not "Town, State"
        (
            "Ohio, Indiana and Illinois sent governors.",
            [("Ohio", "GPE"), ("Indiana", "GPE"), ("Illinois", "GPE")],
            [("Ohio", None), ("Indiana", None), ("Illinois", None)],
        ),
        (
            "Japan, China and Korea signed.",
            [("Japan", "GPE"), ("China", "GPE"), ("Korea", "GPE")],
            [("Japan", None), ("China", None), ("Korea", None)],
        ),
        # "U.S.-China" is two places; "Winston-Salem" is one
        ("U.S.-China ties improved.", [("U.S.-China", "GPE")], [("U.S.", None), ("China", None)]),
        ("Winston-Salem hosted them.", [("Winston-Salem", "GPE")], [("Winston-Salem", None)]),
        # nationalities and dates are not places; "the" is not part of a place
        (
            "Chinese and American mayors met in the Great Lakes region.",
            [("Chinese", "NORP"), ("American", "NORP"), ("the Great Lakes", "LOC")],
            [("Great Lakes", None)],
        ),
        (
            "The visit on Tuesday, China said, went well.",
            [("Tuesday", "DATE"), ("China", "GPE")],
            [("China", None)],
        ),
        # buildings every town has, state universities and ports are not places; a state is
        (
            "They met at City Hall, then at the Capitol.",
            [("City Hall", "FAC"), ("the Capitol", "FAC")],
            [],
        ),
        ("A Boise State economist spoke.", [("Boise State", "GPE")], []),
        ("Washington State signed.", [("Washington State", "GPE")], [("Washington State", None)]),
        ("Ships left the Port of Seattle.", [("the Port of Seattle", "LOC")], [("Seattle", None)]),
        # a given name alone, with another given name, is a person; after "from" it is a town
        ("Kristina and Tim left for Ohio.", [("Kristina", "GPE"), ("Ohio", "GPE")], [("Ohio", None)]),
        ("They came from Augusta and Tim drove.", [("Augusta", "GPE")], [("Augusta", None)]),
        # streets are not on the map; "X city" is X
        ("Pipes burst on Elm and Oak streets.", [("Oak", "GPE")], []),
        ("The office on Malta Road reopened.", [("Malta Road", "GPE")], []),
        ("Ann Lee, Akron city administrator, spoke.", [("Akron city", "GPE")], [("Akron", None)]),
        ("They met at Lakewood City Hall.", [("Lakewood City Hall", "FAC")], [("Lakewood", None)]),
    ],
)
def test_places(
    blank: Language, text: str, ents: list[tuple[str, str]], expected: list[tuple[str, str | None]]
) -> None:
    parsed = parse(run(blank, text, ents))
    assert toponyms(parsed) == expected
    assert not parsed.organizations


def test_a_town_found_by_rule_is_labelled_so(blank: Language) -> None:
    parsed = parse(run(blank, "The mayors came from Lakewood, Ohio.", [("Lakewood", "ORG")]))  # invented
    labels = {t.span.text: t.label for t in parsed.toponyms}
    assert labels == {"Lakewood": "RULE", "Ohio": "QUALIFIER"}


@pytest.mark.parametrize(
    ("text", "place", "date"),
    [
        ("WUHAN, Oct. 31 (Xinhua) -- A delegation arrived on Tuesday.", "WUHAN", "Oct. 31"),
        ("BEIJING (Reuters) - Officials met the visitors.", "BEIJING", None),
        ("SHANGHAI, April 3 — The governors signed an agreement.", "SHANGHAI", "April 3"),
        ("COLUMBIA, Mo. (AP) — The council voted.", "COLUMBIA", None),
        ("Headline of the story\nNEW YORK, Jan. 5, 2024 (Xinhua) -- Text.", "NEW YORK", "Jan. 5, 2024"),
        ("CITY OF LAKEWOOD — NEWS RELEASE\nThe council met.", "LAKEWOOD", None),  # a town's letterhead
        # after a headline on the same line (as in many news feeds)
        ("Council approves the budget. LAKEWOOD — The council voted.", "LAKEWOOD", None),
        ("Floods hit farms . TYRE: Farmers said the water rose.", "TYRE", None),
        ("BEIRUT (AP) Kurdish militia spokesmen said the talks failed.", "BEIRUT", None),  # no dash
        ("KOSTANAY. KAZINFORM The regional akimat signed a memorandum.", "KOSTANAY", None),  # capitals
        ("ASTANA. KAZINFORM - A delegation arrived.", "ASTANA", None),
    ],
)
def test_datelines(blank: Language, text: str, place: str, date: str | None) -> None:  # invented
    parsed = parse(run(blank, text))
    assert parsed.dateline is not None
    assert parsed.dateline.place is not None
    assert parsed.dateline.place.text == place
    assert (parsed.dateline.date.text if parsed.dateline.date else None) == date
    assert any(t.label == "DATELINE" and t.span.text == place for t in parsed.toponyms)
    if "Mo." in text:
        assert ("COLUMBIA", "Mo.") in toponyms(parsed)
    if date:
        assert date in [d.span.text for d in parsed.dates]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("COLUMBIA, Mo. (AP) — The council voted. Prices fell.\nOMAHA -- A report came out.", "OMAHA"),
        ("COLUMBIA, Mo. (AP) — The council voted. It said so. SAN DIEGO (AP) - The guard came.", "SAN DIEGO"),
    ],
)
def test_the_datelines_of_a_digests_other_stories(blank: Language, text: str, place: str) -> None:  # invented
    parsed = parse(run(blank, text))
    assert parsed.dateline is not None
    assert parsed.dateline.place is not None
    assert parsed.dateline.place.text == "COLUMBIA"  # the story's own dateline stays the first
    assert (place, "DATELINE") in [(t.span.text, t.label) for t in parsed.toponyms]


@pytest.mark.parametrize("disease", ["virus", "fever", "disease", "flu"])
def test_a_disease_named_after_a_place_is_no_place(blank: Language, disease: str) -> None:  # invented
    ents = [("Marburg", "GPE"), ("Uganda", "GPE")]
    parsed = parse(run(blank, f"Cases of Marburg {disease} rose in Uganda.", ents))
    assert [t.span.text for t in parsed.toponyms] == ["Uganda"]


def test_a_later_heading_with_a_colon_is_no_dateline(blank: Language) -> None:  # invented
    parsed = parse(run(blank, "COLUMBIA, Mo. (AP) — The council voted.\nUPDATE: The vote was put off."))
    assert "UPDATE" not in [t.span.text for t in parsed.toponyms]


@pytest.mark.parametrize(
    "text",
    [
        "The mayors of six cities - all Democrats - met.",
        "We met the CEO - he was late.",
        "USA - a country.",
        "They agreed. AP - the agency - said so.",  # too short for a town
    ],
)
def test_no_dateline(blank: Language, text: str) -> None:  # invented
    assert parse(run(blank, "Some text first.\n" + text)).dateline is None


# --- people and organisations (invented) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ents", "person"),
    [
        (
            "Mary-Kate Olsen is a professor at the University of Leeds.",
            [("Mary-Kate Olsen", "ORG"), ("the University of Leeds", "ORG")],
            "Mary-Kate Olsen",
        ),
        ("Ms. Wen Hao said the trip went well.", [("Wen Hao", "ORG")], "Wen Hao"),
        (
            "Zhang Wei, director of the Hubei Trade Office, spoke.",
            [("Zhang Wei", "ORG"), ("the Hubei Trade Office", "ORG")],
            "Zhang Wei",
        ),
        ("Laura Bennet said the exchange mattered.", [("Laura Bennet", "ORG")], "Laura Bennet"),
        ("Tom Ruiz met the mayor. Later, Ruiz left.", [("Tom Ruiz", "PERSON"), ("Ruiz", "ORG")], "Tom Ruiz"),
    ],
)
def test_a_person_is_not_an_organisation(
    blank: Language, text: str, ents: list[tuple[str, str]], person: str
) -> None:
    parsed = parse(run(blank, text, ents))
    assert person in {m.name for m in parsed.people}
    assert person not in {m.name for m in parsed.organizations}
    assert "Ruiz" not in {m.name for m in parsed.organizations}


@pytest.mark.parametrize(
    ("text", "ents", "org"),
    [
        ("Morgan Hall Partners said prices rose.", [("Morgan Hall Partners", "ORG")], "Morgan Hall Partners"),
        (
            "The Ohio Valley Association said it agreed.",
            [("The Ohio Valley Association", "ORG")],
            "Ohio Valley Association",
        ),
        ("A report by The Washington Post said so.", [("The Washington Post", "ORG")], "The Washington Post"),
        ("The New York Times reported it.", [("The New York Times", "ORG")], "The New York Times"),
    ],
)
def test_organisations_stay_organisations(
    blank: Language, text: str, ents: list[tuple[str, str]], org: str
) -> None:
    parsed = parse(run(blank, text, ents))
    assert [m.name for m in parsed.organizations] == [org]
    assert not parsed.people


def test_spellings_of_one_organisation_meet(blank: Language) -> None:  # invented
    text = "The U.S Midwest Trade Association met. Later the U.S. Midwest Trade Association spoke."
    parsed = parse(
        run(
            blank,
            text,
            [("U.S Midwest Trade Association", "ORG"), ("the U.S. Midwest Trade Association", "ORG")],
        )
    )
    assert {m.name for m in parsed.organizations} == {"U.S. Midwest Trade Association"}
    assert [m.span.text for m in parsed.organizations] == [
        "U.S Midwest Trade Association",
        "U.S. Midwest Trade Association",
    ]


def test_institution_tagged_as_place_is_an_organisation(blank: Language) -> None:  # invented
    text = "She works at the Japanese Consulate in Seattle."
    parsed = parse(run(blank, text, [("the Japanese Consulate", "FAC"), ("Seattle", "GPE")]))
    assert [m.name for m in parsed.organizations] == ["Japanese Consulate in Seattle"]
    assert toponyms(parsed) == [("Seattle", None)]


@pytest.mark.parametrize(
    ("text", "ents", "person", "role"),
    [
        (
            "Lin Qiao, executive director of the Prairie China Council, spoke.",
            [("Lin Qiao", "PERSON"), ("the Prairie China Council", "ORG")],
            "Lin Qiao",
            ("executive director", "Prairie China Council"),
        ),
        (
            "Ruth Ames is a professor at the University of Otago in New Zealand.",
            [("Ruth Ames", "ORG"), ("the University of Otago", "ORG"), ("New Zealand", "GPE")],
            "Ruth Ames",
            ("professor", "University of Otago"),
        ),
        (
            "Paul Kerr, head of Asia studies at Tulane University, agrees.",
            [("Paul Kerr", "PERSON"), ("Asia", "LOC"), ("Tulane University", "ORG")],
            "Paul Kerr",
            ("head of Asia studies", "Tulane University"),
        ),
        (
            "Wu Dan, head of local affairs at the Chinese Consulate in Houston, said so.",
            [("Wu Dan", "PERSON"), ("the Chinese Consulate", "FAC"), ("Houston", "GPE")],
            "Wu Dan",
            ("head of local affairs", "Chinese Consulate in Houston"),
        ),
        (
            "Mayor Jane Doe of Columbia welcomed them.",
            [("Jane Doe", "PERSON"), ("Columbia", "GPE")],
            "Jane Doe",
            ("mayor", "Columbia"),
        ),
        ("Gov. Alan Price led the mission.", [("Alan Price", "PERSON")], "Alan Price", ("Gov.", None)),
        (
            "Wuhan Mayor Cheng Li welcomed the visitors.",
            [("Wuhan", "GPE"), ("Cheng Li", "PERSON")],
            "Cheng Li",
            ("mayor", "Wuhan"),
        ),
        ("Rob Smith, a spokesman, agreed.", [("Rob Smith", "PERSON")], "Rob Smith", ("spokesman", None)),
        (
            "Amy Stone, who is the president of the Kansas Export Club, came.",
            [("Amy Stone", "PERSON"), ("the Kansas Export Club", "ORG")],
            "Amy Stone",
            ("president", "Kansas Export Club"),
        ),
    ],
)
def test_roles(
    blank: Language, text: str, ents: list[tuple[str, str]], person: str, role: tuple[str, str | None]
) -> None:
    parsed = parse(run(blank, text, ents))
    assert role in [(r.title, r.organization) for r in parsed.roles[person]]


def test_no_role_from_an_ordinary_clause(blank: Language) -> None:  # invented
    parsed = parse(
        run(
            blank,
            "Rob Smith, tired of waiting, left the Kansas Export Club.",
            [("Rob Smith", "PERSON"), ("the Kansas Export Club", "ORG")],
        )
    )
    assert parsed.roles == {}


def test_surname_joins_full_name(blank: Language) -> None:  # invented
    text = "Ruth Ames spoke first. Zhou Ming agreed. According to Ames, it worked. Zhou disagreed."
    parsed = parse(
        run(
            blank,
            text,
            [("Ruth Ames", "PERSON"), ("Zhou Ming", "PERSON"), ("Ames", "PERSON"), ("Zhou", "PERSON")],
        )
    )
    assert [(m.span.text, m.name) for m in parsed.people] == [
        ("Ruth Ames", "Ruth Ames"),
        ("Zhou Ming", "Zhou Ming"),
        ("Ames", "Ruth Ames"),
        ("Zhou", "Zhou Ming"),
    ]


@pytest.mark.parametrize(
    ("text", "ents", "places", "people"),
    [
        # a city the model took for a person: after "in", before a title, or named as a place elsewhere
        ("They arrived in Weifang on Monday.", [("Weifang", "PERSON")], ["Weifang"], []),
        (
            "The group was led by Oita vice governor Jiro Sato.",
            [("Oita", "PERSON"), ("Jiro Sato", "PERSON")],
            ["Oita"],
            ["Jiro Sato"],
        ),
        ("Nagaoka Mayor Ken Ito spoke.", [("Nagaoka Mayor Ken Ito", "PERSON")], ["Nagaoka"], ["Ken Ito"]),
        (
            "Visitors from Lakewood, Ohio, came. Lakewood officials smiled.",
            [("Lakewood", "GPE"), ("Lakewood", "ORG")],
            ["Lakewood", "Ohio", "Lakewood"],
            [],
        ),
        (
            "Weifang, Shandong Province, sent a team. Weifang hosted them in May.",
            [("Weifang", "GPE"), ("Weifang", "PERSON")],
            ["Weifang", "Shandong Province", "Weifang"],
            [],
        ),
        (
            "Sri Lanka sent a team to Ohio.",
            [("Sri Lanka", "PERSON"), ("Ohio", "GPE")],
            ["Sri Lanka", "Ohio"],
            [],
        ),
        ("An Opelousas woman was charged.", [("Opelousas", "PERSON")], ["Opelousas"], []),
        # a first name after "to" stays a person
        ("The letter went to Linda.", [("Linda", "PERSON")], [], ["Linda"]),
    ],
)
def test_one_name_one_reading(
    blank: Language, text: str, ents: list[tuple[str, str]], places: list[str], people: list[str]
) -> None:  # invented
    parsed = parse(run(blank, text, ents))
    assert [t.span.text for t in parsed.toponyms] == places
    assert [m.name for m in parsed.people] == people
    assert not parsed.organizations


def test_place_before_honorific_is_the_affiliation(blank: Language) -> None:  # invented
    parsed = parse(run(blank, "Nagaoka Mayor Ken Ito spoke.", [("Nagaoka Mayor Ken Ito", "PERSON")]))
    assert parsed.roles["Ken Ito"] == (Role("mayor", "Nagaoka"),)


def test_possessive_is_not_part_of_a_name(blank: Language) -> None:  # invented
    text = "Western Australia's premier met Roy Jones' team at the Perth Trade Office's door."
    parsed = parse(
        run(
            blank,
            text,
            [("Western Australia's", "LOC"), ("Roy Jones'", "PERSON"), ("the Perth Trade Office's", "ORG")],
        )
    )
    assert [t.span.text for t in parsed.toponyms] == ["Western Australia"]
    assert [m.name for m in parsed.people] == ["Roy Jones"]
    assert [m.name for m in parsed.organizations] == ["Perth Trade Office"]


def test_lower_case_organisations_are_not_names(blank: Language) -> None:  # invented
    parsed = parse(
        run(blank, "He called the international affairs bureau.", [("international affairs bureau", "ORG")])
    )
    assert parsed.organizations == ()


def test_short_program_name_joins_the_full_one(blank: Language) -> None:  # invented
    text = "Tempe joined the Arizona Trade Partnership in May. The Trade Partnership grew."
    parsed = parse(run(blank, text))
    assert [m.name for m in parsed.programs] == ["Arizona Trade Partnership", "Arizona Trade Partnership"]


def test_a_surname_tagged_as_place_is_a_person(blank: Language) -> None:  # invented
    parsed = parse(run(blank, "Ruth Ames spoke. Ames agreed.", [("Ruth Ames", "PERSON"), ("Ames", "GPE")]))
    assert toponyms(parsed) == []
    assert [m.name for m in parsed.people] == ["Ruth Ames", "Ruth Ames"]


# --- programs (invented) -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ents", "program", "organizer"),
    [
        (
            "The Prairie China Council said the trip was part of a program called "
            "the “Ohio-Yellow River Clean Water "
            "Exchange Project.”",
            [("The Prairie China Council", "ORG")],
            "Ohio-Yellow River Clean Water Exchange Project",
            "Prairie China Council",
        ),
        (
            "Students joined the Sister Cities International Youth Exchange last summer.",
            [],
            "Sister Cities International Youth Exchange",
            None,
        ),
        (
            "Officials attended the U.S.-China Governors Forum in Kentucky.",
            [("Kentucky", "GPE")],
            "U.S.-China Governors Forum",
            None,
        ),
        (
            "The Kyoto-Boston Student Exchange Program, organized by the Japan Society, began.",
            [("the Japan Society", "ORG")],
            "Kyoto-Boston Student Exchange Program",
            "Japan Society",
        ),
        (
            "The Nagoya Club's Teacher Exchange Program grew.",
            [("The Nagoya Club", "ORG")],
            "Teacher Exchange Program",
            "Nagoya Club",
        ),
        ("Their project, known as “Green Harbors,” is new.", [], "Green Harbors", None),
        ('The "Bluegrass Pacific Partnership" started in 2019.', [], "Bluegrass Pacific Partnership", None),
    ],
)
def test_programs(
    blank: Language, text: str, ents: list[tuple[str, str]], program: str, organizer: str | None
) -> None:
    parsed = parse(run(blank, text, ents))
    assert [m.name for m in parsed.programs] == [program]
    assert parsed.program_organizers.get(program) == organizer
    assert program not in {m.name for m in parsed.organizations}


@pytest.mark.parametrize(
    "text",
    [
        "He said “it was wonderful” and left.",
        "The New York Stock Exchange fell.",
        "Exchange programs are popular.",
        "The Program ended.",
    ],
)
def test_not_programs(blank: Language, text: str) -> None:  # invented
    assert parse(run(blank, text)).programs == ()


def test_place_names_inside_a_program_are_not_places(blank: Language) -> None:  # invented
    text = "They joined the Ohio River Exchange Program."
    parsed = parse(run(blank, text, [("Ohio River", "LOC")]))
    assert toponyms(parsed) == []


@pytest.mark.parametrize(
    ("text", "org", "place"),
    [
        ("He called the Mansfield Police Department.", "the Mansfield Police Department", "Mansfield"),
        ("She studied at the University of Otago.", "the University of Otago", "Otago"),
        ("Crews from Douglas County Public Works came.", "Douglas County Public Works", "Douglas County"),
        ("He joined the Chinese Embassy.", "the Chinese Embassy", None),
        (
            "He joined the Prairie Heartland Trade Association.",
            "the Prairie Heartland Trade Association",
            None,
        ),
        ("He joined Microsoft.", "Microsoft", None),
    ],
)
def test_embedded_toponyms(blank: Language, text: str, org: str, place: str | None) -> None:  # invented
    doc = run(blank, text, [(org, "ORG")])
    assert [t.span.text for t in embedded_toponyms(doc)] == ([place] if place else [])
    assert all(t.label == "IN_NAME" for t in embedded_toponyms(doc))
    assert parse(doc).toponyms == ()  # not part of parse()'s places


# --- dates (invented) ------------------------------------------------------------------------------


def test_dates_skip_durations(blank: Language) -> None:
    text = "Last November the 20 years old students stayed three days; on Tuesday night they left in 2019."
    parsed = parse(
        run(
            blank,
            text,
            [
                ("Last November", "DATE"),
                ("20 years old", "DATE"),
                ("three days", "DATE"),
                ("Tuesday night", "TIME"),
                ("2019", "DATE"),
            ],
        )
    )
    assert [d.span.text for d in parsed.dates] == ["Last November", "Tuesday night", "2019"]


def test_sentences_have_offsets(blank: Language) -> None:
    text = "One sentence here. Another one there."
    parsed = parse(run(blank, text))
    assert [(s.start, s.end, s.text) for s in parsed.sentences] == [
        (0, 18, "One sentence here."),
        (19, 37, "Another one there."),
    ]


def test_parse_needs_the_components() -> None:
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="load_nlp"):
        parse(nlp("Text."))


# --- the full model ------------------------------------------------------------------------------------


def test_model_fixes_on_invented_text(nlp: Language) -> None:
    # invented article
    text = (
        "WUHAN, Oct. 31 (Xinhua) -- A delegation of mayors from Columbia, Mo., and Fishers, Ind., arrived "
        "on Tuesday. Mayor Jane Doe of Columbia said the visit was part of the "
        "Great Rivers Exchange Program. "
        "Ruth Ames is a professor at the University of Otago in New Zealand. "
        "According to Ames, U.S.-China ties matter."
    )
    parsed = parse(nlp(text))
    assert parsed.dateline is not None
    assert parsed.dateline.place is not None
    assert parsed.dateline.place.text == "WUHAN"
    places = toponyms(parsed)
    assert ("Columbia", "Mo.") in places
    assert ("Fishers", "Ind.") in places
    assert ("U.S.", None) in places
    assert ("China", None) in places
    assert "Ames" not in {p for p, _ in places}
    assert parsed.roles["Jane Doe"][0] == Role("mayor", "Columbia")
    assert ("professor", "University of Otago") in [
        (r.title, r.organization) for r in parsed.roles["Ruth Ames"]
    ]
    assert {m.name for m in parsed.people} == {"Jane Doe", "Ruth Ames"}
    assert "Great Rivers Exchange Program" in {m.name for m in parsed.programs}
    assert {"Oct. 31", "Tuesday"} <= {d.span.text for d in parsed.dates}


def test_seed_article_matches_gold(nlp: Language) -> None:
    gold = json.loads((SHARED / "eval" / "seed_gold.json").read_text(encoding="utf-8"))
    text = (ROOT / "seeds" / f"{gold['document']}.txt").read_text(encoding="utf-8")
    parsed = parse(nlp(text))

    names = {m.name for m in parsed.people}
    for person in gold["people"]:
        assert person["name"] in names
        roles = [(r.title.lower(), r.organization) for r in parsed.roles[person["name"]]]
        affiliation = person["affiliation"]
        assert any(
            title == person["role"].lower()
            and org is not None
            and org.startswith(affiliation.split(" in ")[0])
            for title, org in roles
        ), (person, roles)
        for alias in person.get("also_called", ()):
            assert all(m.name == person["name"] for m in parsed.people if m.span.text == alias)

    orgs = {m.name for m in parsed.organizations}
    for org in gold["organizations"]:
        assert org.split(" (")[0] in {o.split(" in ")[0] for o in orgs}, (org, orgs)
    assert not orgs & names
    assert "Carmel" not in orgs

    programs = {m.name for m in parsed.programs}
    for program in gold["programs"]:
        assert program["name"] in programs
        assert parsed.program_organizers[program["name"]] == program["organizer"]

    places = toponyms(parsed)
    for place in gold["places"]["required"]:
        assert any(
            text == place["text"] and (qualifier == place.get("qualifier")) for text, qualifier in places
        ), place

    dates = {d.span.text for d in parsed.dates}
    for event in gold["dated_events"]:
        assert event["text"] in dates


def test_a_given_name_between_title_and_surname_is_no_place(nlp: Language) -> None:  # invented
    doc = nlp("Mayor Dallas Fenwick-Rowe has returned from a visit to Lishui.")
    doc.ents = [e for e in doc.ents if e.text != "Dallas"] + [doc.char_span(6, 12, label="GPE")]
    assert [t.span.text for t in parse(doc).toponyms] == ["Lishui"]


# --- paragraphs (invented) -------------------------------------------------------------


def test_a_blank_line_ends_a_sentence(nlp: Language) -> None:
    text = ("U.S. Consul General Maria Lund visits Torreon\n\nConsul General Lund Visits Torreon\n\n"
            "The U.S. Consul General in Monterrey, Maria Lund, visited Torreon with her staff.\n")
    parsed = parse(nlp(text))
    assert not any("\n\n" in s.text.strip() for s in parsed.sentences)
    assert parsed.sentences[-1].text.startswith("The U.S. Consul General in Monterrey")
    assert all(not o.name[-1:].isspace() for o in parsed.organizations)


def test_a_date_the_model_stops_at_and_takes_its_second_day(nlp: Language) -> None:  # invented
    parsed = parse(nlp("On March 22 and 23, the governor of the region paid a visit to Almaty.\n"))
    assert "March 22 and 23" in [d.span.text for d in parsed.dates]


@pytest.mark.parametrize(("text", "days"), [
    ("The delegation will be in Kumamoto between August 24-28, and then go home.\n", "August 24-28"),
    ("Guests from Tartu join the celebrations from Oct 21-23 to mark the anniversary.\n", "Oct 21-23"),
    ("The council meets its guests on 3-5 May 2025 in the town hall.\n", "3-5 May 2025"),
])
def test_calendar_days_the_model_leaves_untagged_are_dates(nlp: Language, text: str, days: str) -> None:
    # invented
    assert days in [d.span.text for d in parse(nlp(text)).dates]


def test_a_heading_on_its_own_line_is_a_sentence_of_its_own(nlp: Language) -> None:  # invented
    text = ("Alnwick councillors return from twinning visit to Germany\n"
            "The town's civic party has returned from a visit to Voerde.\n"
            "The visit marked the 40th anniversary of the district, and the mayor spoke of the\n"
            "Council of Europe and its awards.\n")
    parsed = parse(nlp(text))
    starts = [s.text.strip()[:12] for s in parsed.sentences]
    assert starts[:2] == ["Alnwick coun", "The town's c"]
    assert "Council of E" not in starts  # a line cut mid-sentence after "the" goes on


def test_a_ties_words_capitalised_are_no_place(nlp: Language) -> None:  # invented
    for text in ("In 1989 the Friendship City delegation visited San Leandro.\n",
                 "Officials from the Sister City visited Lima.\n"):
        names = [t.span.text for t in parse(nlp(text)).toponyms]
        assert "Friendship City" not in names, names
        assert "Sister City" not in names, names
        assert names[-1] in ("San Leandro", "Lima")


def test_a_dateline_under_a_headline(blank: Language) -> None:  # invented
    parsed = parse(run(blank, "Mandaue, Mosul sign sister-city agreement\nCEBU, Philippines - Both cities "
                              "signed a pact yesterday."))
    assert parsed.dateline is not None
    assert parsed.dateline.place is not None
    assert parsed.dateline.place.text == "CEBU"
