"""Places the model missed, found in the gazetteer in a locative context (invented sentences)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from geo.language.nlp import parse
from geo.language.recognise import (
    ACRONYM_LABEL,
    DEMONYM_LABEL,
    LABEL,
    acronym_toponyms,
    demonym_toponyms,
    gazetteer_toponyms,
    in_name_toponyms,
    refined_spans,
)

if TYPE_CHECKING:
    from spacy.language import Language

    from geo.models import ParsedText
    from geo.places.gazetteer import Gazetteer


def recognise(nlp: Language, gazetteer: Gazetteer, text: str) -> ParsedText:
    doc = nlp(text)
    return gazetteer_toponyms(doc, parse(doc), gazetteer)


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("The committee will visit Toowoomba in October.", {"Toowoomba"}),
        ("Council members from Muncie and Elkhart joined the visit.", {"Muncie", "Elkhart"}),
        ("Senator Maria Lopez of Waukesha said the deal was good.", {"Waukesha"}),
        ("Ikeda's mayor welcomed the guests.", {"Ikeda"}),
        ("The delegation also stopped in nearby Toyokawa.", {"Toyokawa"}),
        ("An Oshawa woman won the prize.", {"Oshawa"}),
        ("Tbilisi says the talks failed.", {"Tbilisi"}),  # a city of millions needs no context
        ("The city has a sister-city tie with Knokke-Heist in Belgium.", {"Knokke-Heist"}),
        ("The students left on Friday morning for Oshawa.", {"Oshawa"}),
        # two towns and a possessive taken for one organisation
        ("The mayor will visit Adelaide to commemorate the 45th anniversary of Christchurch and Adelaide’s "
         "sister city relationship.", {"Christchurch", "Adelaide"}),
        # a unit after the name says it is a place, whatever the model called it (all sentences invented)
        ("The official delegation from Syrdarya region of Uzbekistan signed the memorandum.", {"Syrdarya"}),
        ("The delegation of Jalal-Abad Oblast of Kyrgyzstan arrived on Monday.", {"Jalal-Abad"}),
        # a first name's look is no person after "the province of"
        ("A delegation from the central province of Thanh Hoa arrived on Monday.", {"Thanh Hoa"}),
        # two towns taken for one person, who is then nobody's surname
        ("Coun Smith praised the bond between Alnwick and Voerde. Their visit to Voerde was the first since "
         "2009.", {"Alnwick", "Voerde"}),
        # invented: in a tie's sentence, a town taken for a person, one with its possessive or the "in" after
        # it taken for an organisation, two towns taken for one, and the town a tie's body is named after
        ("Prince George will have a formal sister city in Jiangmen by next spring.", {"Prince George"}),
        ("Pupils from Sierra Vista's sister city in Radebeul will arrive in May.", {"Sierra Vista"}),
        ("Adelaide's sister cities are Austin in Texas and Christchurch in New Zealand.", {"Christchurch"}),
        ("Leeds and Perm signed an agreement of friendship and cooperation in 2004.", {"Leeds", "Perm"}),
        ("The Keokuk Sister Cities exchange to Kai City, Japan, will go ahead.", {"Keokuk"}),
        ("The Sister Cities Association of Ames welcomed eight students.", {"Ames"}),
    ],
)
def test_towns_the_model_missed_are_places(
    nlp: Language, gazetteer: Gazetteer, text: str, places: set[str]
) -> None:
    parsed = recognise(nlp, gazetteer, text)
    assert places <= {t.span.text for t in parsed.toponyms}
    assert not places & {m.span.text for m in parsed.people}  # no longer a person


@pytest.mark.parametrize(
    "text",
    [
        "Hope said she talked to Chase about the budget.",  # common words that are towns too
        "She spoke to Perry on Monday and wrote to Lincoln.",  # "to" after speaking: a person
        "The Durango pulled up next to the Honda.",  # "the X": a thing
        "Finance director David Hopkins spoke. Later the report was sent from Hopkins to the board.",
        "The officer worked in Room Talla 2 of the centre.",  # a room number
        "Shots were fired near Lakeview and Harrison streets.",  # street names
        "The board met representatives from Fulton & Reyes LLC on Monday.",  # a firm
        "During their stay in Beijing, Amb. Li Zhaoxing hosted a luncheon.",  # a title's abbreviation
        # invented: a hyphened name before a body's words, in a tie's sentence, is no pair of towns
        "The trip was run by the Hudson-Yangtze Youth Council under its twin cities program.",
    ],
)
def test_people_and_things_stay_out(nlp: Language, gazetteer: Gazetteer, text: str) -> None:
    parsed = recognise(nlp, gazetteer, text)
    assert not [t.span.text for t in parsed.toponyms if t.label == LABEL]


def test_a_place_the_model_found_is_a_place_at_its_other_mentions(
    nlp: Language, gazetteer: Gazetteer
) -> None:
    text = "The mayor visited Sochi last week. Sochi officials said the games would go on."
    parsed = recognise(nlp, gazetteer, text)
    assert [t.span.text for t in parsed.toponyms].count("Sochi") == 2


def in_names(nlp: Language, gazetteer: Gazetteer, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    parsed = in_name_toponyms(doc, gazetteer_toponyms(doc, parse(doc), gazetteer), gazetteer)
    return [(t.span.text, t.label) for t in parsed.toponyms]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Officers of the Mansfield Police Department arrived on Monday.", "Mansfield"),
        ("She teaches at the University of Minnesota in the winter.", "Minnesota"),
        ("The Dublin City Council met on Tuesday.", "Dublin"),
        ("The S.C. Highway Patrol is looking for leads.", "S.C."),  # a state's body, whatever its head
    ],
)
def test_the_place_an_organisation_serves_is_a_place(
    nlp: Language, gazetteer: Gazetteer, text: str, place: str
) -> None:
    assert (place, "IN_NAME") in in_names(nlp, gazetteer, text)


@pytest.mark.parametrize(
    "text",
    [
        "Parents met at the Webb Center on Monday.",  # named after a person
        "Top administrators at Wright State University will give up raises.",
        "Classes at East Bank Middle School were canceled.",  # a direction
        "The Commerce Department reported the figures.",  # a common word that is a town too
        "The mayor told the Dayton Daily News about the trip.",  # a newspaper's town is not the story's
    ],
)
def test_names_of_people_and_words_inside_organisations_stay_out(
    nlp: Language, gazetteer: Gazetteer, text: str
) -> None:
    assert not [name for name, label in in_names(nlp, gazetteer, text) if label == "IN_NAME"]


def test_nationality_words_are_mentions_of_their_country(nlp: Language, gazetteer: Gazetteer) -> None:
    doc = nlp("Russian troops entered the town, and the Israelis protested.")
    parsed = demonym_toponyms(doc, parse(doc), gazetteer)
    assert [(t.span.text, t.label) for t in parsed.toponyms] == [
        ("Russian", DEMONYM_LABEL), ("Israelis", DEMONYM_LABEL)
    ]


def test_one_sense_per_story(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "The mayor flew to Toowoomba on Monday. Toowoomba has 140,000 people."
    parsed = recognise(nlp, gazetteer, text)
    assert [t.span.text for t in parsed.toponyms].count("Toowoomba") == 2


@pytest.mark.parametrize(
    ("text", "place", "qualifier"),
    [
        ("Officials from Kokomo, a city in the U.S. state of Indiana, arrived.", "Kokomo", "Indiana"),
        ("A team from Toowoomba, a regional city in Queensland, arrived.", "Toowoomba", "Queensland"),
    ],
)
def test_an_apposition_qualifies_the_town(
    nlp: Language, gazetteer: Gazetteer, text: str, place: str, qualifier: str
) -> None:
    parsed = recognise(nlp, gazetteer, text)
    found = {t.span.text: t.qualifier.text if t.qualifier else None for t in parsed.toponyms}
    assert found[place] == qualifier


def test_nothing_to_add_leaves_the_parse_alone(nlp: Language, gazetteer: Gazetteer) -> None:
    doc = nlp("The council met on Tuesday.")
    parsed = parse(doc)
    assert gazetteer_toponyms(doc, parsed, gazetteer) == parsed


def steps(nlp: Language, gazetteer: Gazetteer, text: str) -> list[tuple[str, str]]:
    """The ingest's recognition steps after the model's parse, as the pipeline runs them."""
    doc = nlp(text)
    parsed = in_name_toponyms(doc, gazetteer_toponyms(doc, parse(doc), gazetteer), gazetteer)
    parsed = refined_spans(doc, acronym_toponyms(doc, parsed, gazetteer), gazetteer)
    return [(t.span.text, t.label) for t in parsed.toponyms]


def test_a_country_written_as_an_acronym_is_a_place(nlp: Language, gazetteer: Gazetteer) -> None:
    assert ("DRC", ACRONYM_LABEL) in steps(nlp, gazetteer, "Aid reached the DRC on Monday, officials said.")


@pytest.mark.parametrize(
    "text",
    [
        "The grant was $US 15 billion.",  # a currency
        "The UN said the talks failed.",  # a town's name first, an organisation here
        "US TRADE DEAL SIGNED",  # a headline in capitals
    ],
)
def test_acronyms_that_are_no_country_stay_out(nlp: Language, gazetteer: Gazetteer, text: str) -> None:
    assert not [name for name, label in steps(nlp, gazetteer, text) if label == ACRONYM_LABEL]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("He learned of the position taken by Trinidad and Tobago.", "Trinidad and Tobago"),
        ("Work on the Tijuana River in Baja California will start.", "Baja California"),
        ("Cases rose in the Democratic Republic of the Congo.", "Democratic Republic of the Congo"),
        # a town's or county's whole name the model cut in two (invented sentences)
        ("The Consul General visited Hidalgo del Parral, Chihuahua.", "Hidalgo del Parral"),
        ("Contra Costa County and Taichung became sister counties in 1983.", "Contra Costa County"),
        # a unit in capitals is part of the name when the gazetteer knows it so ("Jalal-Abad Oblast" is not)
        ("The group travels on to Ishikawa Prefecture before ending the tour.", "Ishikawa Prefecture"),
        # invented: a hyphened name the gazetteer knows whole, of which the model found the first part
        ("Officials of Polanica-Zdrój in Poland signed the agreement.", "Polanica-Zdrój"),
    ],
)
def test_a_place_gets_its_whole_name(nlp: Language, gazetteer: Gazetteer, text: str, place: str) -> None:
    names = [name for name, _ in steps(nlp, gazetteer, text)]
    assert place in names
    assert not [n for n in names if n != place and n in place]  # no part of it left as a place of its own


def test_the_council_of_a_city_keeps_the_citys_name(nlp: Language, gazetteer: Gazetteer) -> None:
    assert [name for name, _ in steps(nlp, gazetteer, "Dublin City Council met on Monday.")] == ["Dublin"]


def test_a_possessor_is_not_part_of_the_place(nlp: Language, gazetteer: Gazetteer) -> None:
    text = "The Corvette will be built at GM’s Bowling Green, Kentucky facility, which would lead to jobs."
    assert [name for name, _ in steps(nlp, gazetteer, text)] == ["Bowling Green", "Kentucky"]


def test_a_town_whose_name_ends_in_a_possessive_keeps_it_and_its_qualifier(
    nlp: Language, gazetteer: Gazetteer
) -> None:
    doc = nlp("The energy ministers meet in late June in St. John's, Newfoundland, for two days.")
    parsed = in_name_toponyms(doc, gazetteer_toponyms(doc, parse(doc), gazetteer), gazetteer)
    parsed = refined_spans(doc, acronym_toponyms(doc, parsed, gazetteer), gazetteer)
    town = next(t for t in parsed.toponyms if t.span.text.startswith("St."))
    assert town.span.text == "St. John's"
    assert town.qualifier is not None
    assert town.qualifier.text == "Newfoundland"


def test_a_kind_of_place_with_no_name_is_no_place(nlp: Language, gazetteer: Gazetteer) -> None:
    # invented: the model cut "City of" off "the City of Fort Worth"
    text = "The delegation was welcomed by the City of Fort Worth and the City of Toluca on Monday."
    names = [name for name, _ in steps(nlp, gazetteer, text)]
    assert "Fort Worth" in names
    assert not [name for name in names if name.lower() in ("city", "city of", "county")]


def test_a_state_of_millions_needs_no_context(nlp: Language, gazetteer: Gazetteer) -> None:
    names = [name for name, _ in steps(nlp, gazetteer, "Tamil Nadu on Saturday moved the court.")]
    assert "Tamil Nadu" in names


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Eastern China saw a large number of cases.", ["China"]),
        ("Birds were found in North-Western Sydney on Monday.", ["Sydney"]),
        ("It may spread to Central Africa - Nigeria, Cameroon and Chad - next.",
         ["Central Africa", "Nigeria", "Cameroon", "Chad"]),
        ("The lane at South Charleston reopened.", ["South Charleston"]),  # a town's own name stays whole
        ("Eastern China - ", ["China"]),  # nothing of the dash, nor the space before it
    ],
)
def test_part_words_and_dashed_lists(
    nlp: Language, gazetteer: Gazetteer, text: str, places: list[str]
) -> None:
    assert [name for name, _ in steps(nlp, gazetteer, text)] == places


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Cholera hit Guinea, Guinea-Bissau and Mali.", ["Guinea", "Guinea-Bissau", "Mali"]),
        ("In the Indian state of Jammu and Kashmir, 1,300 died.", ["Jammu and Kashmir"]),
        ("Cases rose in Rio Grande do Sul and Tocantins.", ["Rio Grande do Sul", "Tocantins"]),
        ("The man died in Hebei province on Monday.", ["Hebei"]),  # "province" said in passing
        ("The number of people killed in the West Midlands has risen.", ["West Midlands"]),  # not Zimbabwe's
    ],
)
def test_names_joined_and_units_dropped(
    nlp: Language, gazetteer: Gazetteer, text: str, places: list[str]
) -> None:
    assert [name for name, _ in steps(nlp, gazetteer, text)] == places


def test_a_verb_and_a_place_taken_for_a_name_leaves_the_place_a_place(nlp: Language,
                                                                        gazetteer: Gazetteer) -> None:
    # the model read "Saying Chengdu" as a person and, later, "Chengdu" as their surname
    text = "Saying Chengdu is ready, the mayor agreed. He received the minister in Chengdu yesterday."
    doc = nlp(text)
    at = text.index("Chengdu yesterday")
    doc.ents = [doc.char_span(0, 14, label="PERSON"), doc.char_span(at, at + 7, label="PERSON")]
    parsed = gazetteer_toponyms(doc, parse(doc), gazetteer)
    assert ("Chengdu", at) in [(t.span.text, t.span.start) for t in parsed.toponyms]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # invented: the model reads a suffixed town as a person or an organisation, or cuts the suffix off
        ("A delegation from Whanganui flew to its sister city Nagaizumi-cho last week.", "Nagaizumi-cho"),
        ("A delegation from Harima-cho, Japan is visiting the city.", "Harima-cho"),
        ("Students from Yokote-shi arrived in Ohio on Monday.", "Yokote-shi"),
    ],
)
def test_a_name_with_a_municipal_suffix_is_a_place(
    nlp: Language, gazetteer: Gazetteer, text: str, place: str
) -> None:
    parsed = recognise(nlp, gazetteer, text)
    assert place in {t.span.text for t in parsed.toponyms}
    assert place not in {m.span.text for m in parsed.people}


def test_a_hyphenated_surname_is_no_suffixed_place(nlp: Language, gazetteer: Gazetteer) -> None:
    # invented: "-Gu" glued to a name the gazetteer does not know in Korea
    parsed = recognise(nlp, gazetteer, "Mr. Kim-Gu agreed with the plan on Monday.")
    assert "Kim-Gu" not in {t.span.text for t in parsed.toponyms}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # invented: the place of a municipal body is a place, even when its name is a common word
        ("On Monday Oxford city council suspended its twinning with a Russian city.", "Oxford"),
        ("Investors plan a cocoa plant in Ikom LGA next year.", "Ikom LGA"),  # the unit, named so
        ("She was joined by Mike Holmes, a former Auburn City Councilman.", "Auburn"),
        ("The Lord Mayor of Kanifing Municipality led the delegation.", "Kanifing"),
    ],
)
def test_the_place_of_a_municipal_body_is_a_place(
    nlp: Language, gazetteer: Gazetteer, text: str, place: str
) -> None:
    doc = nlp(text)
    parsed = refined_spans(doc, in_name_toponyms(doc, gazetteer_toponyms(doc, parse(doc), gazetteer),
                                                 gazetteer), gazetteer)
    assert place in {t.span.text for t in parsed.toponyms}
    assert place not in {m.span.text for m in parsed.people}


def test_a_council_with_no_name_gives_no_place(nlp: Language, gazetteer: Gazetteer) -> None:
    # invented: "The City Council" names no town
    doc = nlp("The City Council met on Monday. Our City Council agreed.")
    parsed = in_name_toponyms(doc, gazetteer_toponyms(doc, parse(doc), gazetteer), gazetteer)
    assert not parsed.toponyms


@pytest.mark.parametrize(("text", "town", "qualifier"), [
    # invented: the state after a town the model did not take for a place qualifies it
    ("Guests from Warminster, Pennsylvania, came to mark 10 years of the twinning.", "Warminster",
     "Pennsylvania"),
    ("Members of Karasu Municipality (Sakarya) signed a sister city protocol.", "Karasu", "Sakarya"),
])
def test_the_state_after_a_town_qualifies_it(nlp: Language, gazetteer: Gazetteer, text: str, town: str,
                                             qualifier: str) -> None:
    parsed = recognise(nlp, gazetteer, text)
    found = [t for t in parsed.toponyms if t.span.text.startswith(town)]
    assert found, parsed.toponyms
    assert found[0].qualifier is not None, found
    assert found[0].qualifier.text == qualifier
