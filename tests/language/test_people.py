"""Pure helpers of geo.language.people: surnames joined to full names, articles and possessives trimmed."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
import spacy
from spacy.language import Language

from geo.language.nlp import add_components, parse
from geo.language.people import canonical_people, strip_article


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        # (start, text) in text order -> canonical names (all invented)
        ([(0, "Ruth Ames"), (40, "Ames")], ["Ruth Ames", "Ruth Ames"]),
        ([(0, "Ames"), (40, "Ruth Ames")], ["Ruth Ames", "Ruth Ames"]),  # the full name comes later
        ([(0, "Zhou Ming"), (30, "Zhou")], ["Zhou Ming", "Zhou Ming"]),  # family name first
        ([(0, "Mary-Kate Olsen"), (30, "Olsen")], ["Mary-Kate Olsen", "Mary-Kate Olsen"]),
        (
            [(0, "Ann Lee"), (20, "Bob Lee"), (40, "Lee")],
            ["Ann Lee", "Bob Lee", "Ann Lee"],
        ),  # the first named: news gives the story's subject the bare surname, a namesake in full
        ([(0, "Ames")], ["Ames"]),
        ([(0, "Ruth Ames"), (30, "Kerr")], ["Ruth Ames", "Kerr"]),
    ],
)
def test_canonical_people(mentions: list[tuple[int, str]], expected: list[str]) -> None:
    spans = [(start, start + len(text), text) for start, text in mentions]
    names = canonical_people(spans)
    assert [names[(s, e)] for s, e, _ in spans] == expected


OUTLETS = frozenset({"post", "times"})


@pytest.mark.parametrize(
    ("text", "start", "end", "outlets", "expected"),
    [
        ("He met the Ohio Valley Association.", 2, 6, OUTLETS, "Ohio Valley Association"),
        ("A report by The Washington Post said so.", 3, 6, OUTLETS, "The Washington Post"),
        ("He saw The Ohio Valley Association.", 2, 6, OUTLETS, "Ohio Valley Association"),
        ("They flew to The Hague.", 3, 5, frozenset(), "The Hague"),
        ("The Netherlands agreed.", 0, 2, frozenset(), "Netherlands"),
        ("Western Australia's premier came.", 0, 3, frozenset(), "Western Australia"),
        ('He said: "The United States agreed."', 4, 7, frozenset(), "United States"),  # after a quote mark
    ],
)
def test_strip_article(text: str, start: int, end: int, outlets: frozenset[str], expected: str) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    assert strip_article(doc[start:end], outlets).text == expected


# --- roles as real reporting writes them (sentences invented) ------------------------------------


@pytest.fixture(scope="module")
def blank() -> Language:
    """No model: the rules alone, on entities set by the test."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return add_components(nlp)


Roles = dict[str, list[tuple[str, str | None]]]


def roles_of(nlp: Language, text: str, ents: Sequence[tuple[str, str]]) -> Roles:
    """The roles parsed from ``text`` with the given (substring, label) entities, by person."""
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
    roles = parse(doc).roles
    return {name: [(r.title.lower(), r.organization) for r in items] for name, items in roles.items()}


@pytest.mark.parametrize(
    ("text", "ents", "person", "role"),
    [
        # a capitalised title between the body and the name
        (
            "Wakefield Harbour Trust General Manager Ola Brandt joined them.",
            [("Wakefield Harbour Trust", "ORG"), ("Ola Brandt", "PERSON")],
            "Ola Brandt",
            ("general manager", "Wakefield Harbour Trust"),
        ),
        # the office's field in lower case between the body and the title
        (
            "Elm Bay Shire Council international relations senior officer Ola Brandt said so.",
            [("Elm Bay Shire Council", "ORG"), ("Ola Brandt", "PERSON")],
            "Ola Brandt",
            ("international relations senior officer", "Elm Bay Shire Council"),
        ),
        # a caption's body after the title, which the model left untagged
        (
            "From left: Ola Brandt, Vice President – Elm Bay Chamber of Commerce, and others.",
            [("Ola Brandt", "PERSON")],
            "Ola Brandt",
            ("vice president", "Elm Bay Chamber of Commerce"),
        ),
        # a verb that says the office: "X, who heads Y"
        (
            "The trip was planned by Ola Brandt, who heads the Elm Bay Harbour Trust, and her staff.",
            [("Ola Brandt", "PERSON"), ("the Elm Bay Harbour Trust", "ORG")],
            "Ola Brandt",
            ("head", "Elm Bay Harbour Trust"),
        ),
        # a title before an honorific that holds none ("Dr.", "Mr.")
        (
            "Harbourside Health Commissioner Dr. Ola Brandt met the visitors.",
            [("Harbourside Health", "ORG"), ("Ola Brandt", "PERSON")],
            "Ola Brandt",
            ("commissioner", "Harbourside Health"),
        ),
        # an abbreviation or another word for the title stays as the text gives it (a plural does not)
        ("Gov. Ola Brandt led the mission.", [("Ola Brandt", "PERSON")], "Ola Brandt", ("gov.", None)),
        ("Councillor Ola Brandt said so.", [("Ola Brandt", "PERSON")], "Ola Brandt", ("councillor", None)),
        ("Cr Ola Brandt said so.", [("Ola Brandt", "PERSON")], "Ola Brandt", ("cr", None)),
        # the model keeps only the first word of the body
        (
            "Pelham Ventures Chief Executive Ola Brandt will travel too.",
            [("Pelham", "ORG"), ("Ola Brandt", "PERSON")],
            "Ola Brandt",
            ("chief executive", "Pelham Ventures"),
        ),
        # a modifier before an honorific is part of the title
        (
            "The group was led by Vice Chairman Tran Van Minh on Monday.",
            [("Tran Van Minh", "PERSON")],
            "Tran Van Minh",
            ("vice chairman", None),
        ),
        # a title "of" a body, written before the name
        (
            "They met the president of the Lakeside Trade Council Mr Ho Ling in May.",
            [("the Lakeside Trade Council", "ORG"), ("Ho Ling", "PERSON")],
            "Ho Ling",
            ("president", "Lakeside Trade Council"),
        ),
        (
            "The Mayor of Elmbury, Councillor Ada Finch, said so.",  # the model left the town untagged
            [("Ada Finch", "PERSON")],
            "Ada Finch",
            ("mayor", "Elmbury"),
        ),
        (
            "The Mayor of Dunmore, Councillor Ada Finch, said so.",
            [("Dunmore", "GPE"), ("Ada Finch", "PERSON")],
            "Ada Finch",
            ("mayor", "Dunmore"),
        ),
        (
            "It was led by Vice Secretary of the municipal Party Committee Le Thanh Ha in July.",
            [("Party Committee", "ORG"), ("Le Thanh Ha", "PERSON")],
            "Le Thanh Ha",
            ("vice secretary", "municipal Party Committee"),
        ),
        (
            "He met Chairman of the Riverside Municipal Board of Norland Abu Karim bin Said there.",
            [("the Riverside Municipal Board", "ORG"), ("Norland", "GPE"), ("Abu Karim bin Said", "PERSON")],
            "Abu Karim bin Said",
            ("chairman", "Riverside Municipal Board"),
        ),
        # the body whose delegation the person leads
        (
            "They met the Coastal Towns Association (CTA) delegation led by President Sato Ken.",
            [("the Coastal Towns Association", "ORG"), ("CTA", "ORG"), ("Sato Ken", "PERSON")],
            "Sato Ken",
            ("president", "Coastal Towns Association"),
        ),
        (
            "A delegation from the Harbour City People's Council led by Vice Chairman Do Van An arrived.",
            [("the Harbour City People's Council", "ORG"), ("Do Van An", "PERSON")],
            "Do Van An",
            ("vice chairman", "Harbour City People's Council"),
        ),
        # the model ends the body's name at its "and"
        (
            "Elm Bay Chamber of Commerce and Industry chief executive Ola Brandt spoke.",
            [("Elm Bay Chamber of Commerce", "ORG"), ("Ola Brandt", "PERSON")],
            "Ola Brandt",
            ("chief executive", "Elm Bay Chamber of Commerce and Industry"),
        ),
        # a list names its body once, before the first person or after the last
        (
            "They were met by Elm Bay Rotary Club president Ola Brandt, secretary Tim Ross and treasurer "
            "Ann Pike.",
            [("Elm Bay Rotary Club", "ORG"), ("Ola Brandt", "PERSON"), ("Tim Ross", "PERSON"),
             ("Ann Pike", "PERSON")],
            "Ann Pike",
            ("treasurer", "Elm Bay Rotary Club"),
        ),
        (
            "Chairman Wu Gang and Vice Chairman Lin Bo of the Standing Committee of the Provincial Congress "
            "came.",
            [("Wu Gang", "PERSON"), ("Lin Bo", "PERSON"),
             ("the Standing Committee of the Provincial Congress", "ORG")],
            "Wu Gang",
            ("chairman", "Standing Committee of the Provincial Congress"),
        ),
        # a caption names the title, then the body, after commas or dashes
        (
            "From left: Pia Lund, Executive Director, Northgate Trade Centre, and guests.",
            [("Pia Lund", "PERSON"), ("Northgate Trade Centre", "ORG")],
            "Pia Lund",
            ("executive director", "Northgate Trade Centre"),
        ),
        (
            "Also present: Omar Haddad – Chairman,\nthe Commission for Rural Water.",
            [("Omar Haddad", "PERSON"), ("the Commission for Rural Water", "ORG")],
            "Omar Haddad",
            ("chairman", "Commission for Rural Water"),
        ),
        # the model cuts the place off the body whose delegation the person leads
        (
            "A delegation from Harbour City People's Council led by Vice Chairman Do Van An arrived.",
            [("Harbour City", "PERSON"), ("People's Council", "ORG"), ("Do Van An", "PERSON")],
            "Do Van An",
            ("vice chairman", "Harbour City People's Council"),
        ),
        # the model splits a body at its "and"
        (
            "Lishan Foreign Affairs and Overseas Chinese Affairs Office director Ma Li met them.",
            [("Lishan Foreign Affairs", "ORG"), ("Overseas Chinese Affairs Office", "ORG"),
             ("Ma Li", "PERSON")],
            "Ma Li",
            ("director", "Lishan Foreign Affairs and Overseas Chinese Affairs Office"),
        ),
        # the model keeps only the place's first word before a title
        (
            "Lianhu County Magistrate Wu Min-hsien thanked them.",
            [("Lianhu", "GPE"), ("Wu Min-hsien", "PERSON")],
            "Wu Min-hsien",
            ("magistrate", "Lianhu County"),
        ),
        # a title, a comma, the name, after a verb of saying
        (
            '"We are old friends," said Marketing Director, Ola Brandt.',
            [("Ola Brandt", "PERSON")],
            "Ola Brandt",
            ("director", None),
        ),
        # the model leaves the first name out, or runs the body into it
        (
            "The mayor and Crs Petra Lund, Alex Moore and Ben Fry left on Monday.",
            [("Lund", "PERSON"), ("Alex Moore", "PERSON"), ("Ben Fry", "PERSON")],
            "Petra Lund",
            ("councillor", None),
        ),
        (
            "It was led by Chair of Ohio Green Party Kelli Moss last week.",
            [("Ohio Green Party Kelli", "ORG"), ("Moss", "PERSON")],
            "Kelli Moss",
            ("chair", "Ohio Green Party"),
        ),
        (
            "It was led by Chair of Ohio Green Party Kelli Moss last week.",
            [("Ohio Green Party Kelli Moss", "ORG")],
            "Kelli Moss",
            ("chair", "Ohio Green Party"),
        ),
        (
            "They met Lord Mayor of Dunmore Sally Finch in Dunmore on Monday.",
            [("Dunmore Sally Finch", "ORG"), ("Dunmore", "GPE")],
            "Sally Finch",
            ("lord mayor", "Dunmore"),  # the model ran the place into the name
        ),
        # an envoy's title holds the countries
        (
            "They met former Norlandic Ambassador to the Philippines Jon Aro, and others.",
            [("Norlandic", "NORP"), ("the Philippines", "GPE"), ("Jon Aro", "PERSON")],
            "Jon Aro",
            ("former norlandic ambassador to the philippines", None),
        ),
        # a lower-case plural title heads a list of names
        (
            "Elm Bay Rotary Club representatives Ana Cruz and Ben Reyes joined them.",
            [("Elm Bay Rotary Club", "ORG"), ("Ana Cruz", "PERSON"), ("Ben Reyes", "PERSON")],
            "Ben Reyes",
            ("representative", "Elm Bay Rotary Club"),
        ),
        (
            "The signing was witnessed by councilors Ana Cruz, Ben Reyes and Carl Diaz.",
            [("Ana Cruz", "PERSON"), ("Ben Reyes", "PERSON"), ("Carl Diaz", "PERSON")],
            "Carl Diaz",
            ("councilor", None),
        ),
        (
            "The signing was witnessed by councilors Ana Cruz, Ben Reyes and Carl Diaz.",
            [("Ana Cruz", "PERSON"), ("Ben Reyes", "PERSON"), ("Carl Diaz", "PERSON")],
            "Ana Cruz",  # the first of the list too
            ("councilor", None),
        ),
        # a title "of" a place the model left untagged or tagged only in part, before the name
        (
            "They were received by the Governor of the Prefecture of Norvale, Ana Ruiz, at the hall.",
            [("Norvale", "GPE"), ("Ana Ruiz", "PERSON")],
            "Ana Ruiz",
            ("governor", "Prefecture of Norvale"),
        ),
        (
            "The visitors were welcomed by the Mayor of Saint-Aubin-sur-Lac, Ana Ruiz, and others.",
            [("Ana Ruiz", "PERSON")],
            "Ana Ruiz",
            ("mayor", "Saint-Aubin-sur-Lac"),
        ),
        # the body's acronym in brackets between the title and the name
        (
            "The Chief Executive of the Elmbury Metropolitan Assembly (EMA), Ana Ruiz, led them.",
            [("the Elmbury Metropolitan Assembly", "ORG"), ("EMA", "ORG"), ("Ana Ruiz", "PERSON")],
            "Ana Ruiz",
            ("chief executive", "Elmbury Metropolitan Assembly"),
        ),
        # the model ran the office's place into the name after "Title of"
        (
            "It was attended by Mayor of Tal-Suu Ana Ruiz and the staff of Tal-Suu Municipality.",
            [("Tal-Suu Ana Ruiz", "ORG"), ("Tal-Suu Municipality", "ORG")],
            "Ana Ruiz",
            ("mayor", "Tal-Suu"),
        ),
        # a name, then its title and place without a comma; the next name ends the first one's title
        (
            "Ana Ruiz Deputy Mayor of Norvale and Olek Varga Deputy Mayor of Elmport signed it.",
            [("Ana Ruiz", "PERSON"), ("Norvale", "GPE"), ("Olek Varga", "PERSON"), ("Elmport", "ORG")],
            "Ana Ruiz",
            ("deputy mayor", "Norvale"),
        ),
        # an appositive that names the place before the title
        (
            "Ana Ruiz, Norvale's Democratic Governor, will visit in May.",
            [("Ana Ruiz", "PERSON"), ("Norvale", "GPE"), ("Democratic", "NORP")],
            "Ana Ruiz",
            ("governor", "Norvale"),
        ),
        (
            "He came with Olek Varga, former Elmport City Councilman.",
            [("Olek Varga", "PERSON"), ("Elmport City Councilman", "GPE")],
            "Olek Varga",
            ("former city councilman", "Elmport"),
        ),
        (
            "They were joined by Ana Ruiz, Elm County Commissioner (District 2), and others.",
            [("Ana Ruiz", "PERSON"), ("Elm County", "GPE")],
            "Ana Ruiz",
            ("commissioner", "Elm County"),
        ),
        # "Title of the X": the article is no place run into a name
        (
            "Ana Ruiz, director of the Elmport Economic Development Zone, met the Elmport County Bureau.",
            [("Ana Ruiz", "PERSON"), ("the Elmport Economic Development Zone", "ORG"),
             ("the Elmport County Bureau", "ORG")],
            "Ana Ruiz",
            ("director", "Elmport Economic Development Zone"),
        ),
        # one word the model took for a name does not end the title ("Director [Emeritus]")
        (
            "The delegation will be led by Ana Ruiz, Director Emeritus of the Elmport Sister Cities.",
            [("Ana Ruiz", "PERSON"), ("Emeritus", "PERSON"), ("the Elmport Sister Cities", "ORG")],
            "Ana Ruiz",
            ("director emeritus", "Elmport Sister Cities"),
        ),
        # a plural title "of" a place or body heads a list of names
        (
            "It was attended by Deputy Mayors of Elmport Ana Ruiz, Olek Varga and Ida Brun on Monday.",
            [("Elmport", "GPE"), ("Ana Ruiz", "PERSON"), ("Olek Varga", "PERSON"), ("Ida Brun", "PERSON")],
            "Ida Brun",
            ("deputy mayor", "Elmport"),
        ),
        (
            "Elmport was represented by the Councillors of the Town and Parish: Ana Ruiz and Olek Varga.",
            [("Elmport", "GPE"), ("Ana Ruiz", "PERSON"), ("Olek Varga", "PERSON")],
            "Ana Ruiz",
            ("councillor", "Town and Parish"),
        ),
        # the place before a title, with the possessive or in lower case; a body the model cut
        (
            "Ana Ruiz, Elmport's mayor, said the visit went well.",
            [("Ana Ruiz", "PERSON"), ("Elmport", "GPE")],
            "Ana Ruiz",
            ("mayor", "Elmport"),
        ),
        (
            "Ana Ruiz, an Elmport city councilwoman, said so.",
            [("Ana Ruiz", "PERSON"), ("Elmport city", "GPE")],
            "Ana Ruiz",
            ("councilwoman", "Elmport city"),
        ),
        (
            "Ana Ruiz, Elmport Chamber of Commerce president, said so.",
            [("Ana Ruiz", "PERSON"), ("Elmport Chamber", "ORG")],
            "Ana Ruiz",
            ("president", "Elmport Chamber of Commerce"),
        ),
        # "Mayor of [Elmport Ana Ruiz]": a given name after the first word starts the person
        (
            "Mayor of Elmport Ana Ruiz said the visit went well.",
            [("Elmport Ana Ruiz", "PERSON")],
            "Ana Ruiz",
            ("mayor", "Elmport"),
        ),
        # "X (Party-State)": the seat holds the title's place
        (
            "Sen. Ana Ruiz (D-Norvale) joined the trip.",
            [("Ana Ruiz", "PERSON")],
            "Ana Ruiz",
            ("sen.", "Norvale"),
        ),
        # a title "of" a place the model tagged only in part ("[Norvale] Province")
        (
            "Vice Governor of Norvale Province Ana Ruiz met the guests.",
            [("Norvale", "GPE"), ("Ana Ruiz", "PERSON")],
            "Ana Ruiz",
            ("vice governor", "Norvale Province"),
        ),
        # an envoy "to" a country: the place run into the name, or in an appositive
        (
            "Norlandic Ambassador to Ghana Ana Ruiz hosted the dinner.",
            [("Norlandic", "NORP"), ("Ghana Ana Ruiz", "PERSON")],
            "Ana Ruiz",
            ("norlandic ambassador to ghana", None),
        ),
        (
            "Ana Ruiz, the Norlandic ambassador to Ghana, hosted the dinner.",
            [("Ana Ruiz", "PERSON"), ("Norlandic", "NORP"), ("Ghana", "GPE")],
            "Ana Ruiz",
            ("norlandic ambassador to ghana", None),
        ),
        # a caption's place or an age between the name and its appositive
        (
            "Ana Ruiz (right), mayor of Elmport, shakes hands with the guests.",
            [("Ana Ruiz", "PERSON"), ("Elmport", "GPE")],
            "Ana Ruiz",
            ("mayor", "Elmport"),
        ),
        (
            "Ana Ruiz, 45, the mayor of Elmport, said so.",
            [("Ana Ruiz", "PERSON"), ("Elmport", "GPE")],
            "Ana Ruiz",
            ("mayor", "Elmport"),
        ),
        # a modifier between the place's possessive and the title
        (
            "Ana Ruiz, Elmport's former mayor, said so.",
            [("Ana Ruiz", "PERSON"), ("Elmport", "GPE")],
            "Ana Ruiz",
            ("former mayor", "Elmport"),
        ),
        # the body's first words the model left off, after "of the"
        (
            "Ana Ruiz, the president of the Elm Bay Area Chamber of Commerce, said so.",
            [("Ana Ruiz", "PERSON"), ("Chamber of Commerce", "ORG")],
            "Ana Ruiz",
            ("president", "Elm Bay Area Chamber of Commerce"),
        ),
    ],
)
def test_roles_as_reporting_writes_them(  # invented
    blank: Language, text: str, ents: list[tuple[str, str]], person: str, role: tuple[str, str | None]
) -> None:
    assert role in roles_of(blank, text, ents).get(person, [])


def test_a_title_followed_by_the_next_name_is_not_the_one_before(blank: Language) -> None:  # invented
    text = ("It was attended by Ana Ruiz, Secretary General of the Union of Lakeside Towns Olek Varga, and "
            "others.")
    ents = [("Ana Ruiz", "PERSON"), ("the Union of Lakeside Towns", "ORG"), ("Olek Varga", "PERSON")]
    roles = roles_of(blank, text, ents)
    assert ("secretary general", "Union of Lakeside Towns") not in roles.get("Ana Ruiz", [])


def test_a_name_ending_in_city_before_a_body_is_its_place(blank: Language) -> None:  # invented
    text = "A delegation from Harbour City People's Council arrived in Perth."
    doc = blank.make_doc(text)
    doc.ents = [doc.char_span(text.index(sub), text.index(sub) + len(sub), label=label)
                for sub, label in [("Harbour City", "PERSON"), ("People's Council", "ORG"), ("Perth", "GPE")]]
    for _, component in blank.pipeline:
        doc = component(doc)
    assert ("Harbour City", "GPE") in [(e.text, e.label_) for e in doc.ents]


def test_two_bodies_joined_by_and_the_stay_two(blank: Language) -> None:  # invented
    text = "They toured the Casa de Ortega and the Miner's Museum on Monday."
    doc = blank.make_doc(text)
    doc.ents = [doc.char_span(text.index(sub), text.index(sub) + len(sub), label="ORG")
                for sub in ("the Casa de Ortega", "the Miner's Museum")]
    for _, component in blank.pipeline:
        doc = component(doc)
    assert [e.text for e in doc.ents if e.label_ == "ORG"] == ["the Casa de Ortega", "the Miner's Museum"]


@pytest.mark.parametrize(("text", "ents", "person"), [
    # invented: the model left the name untagged, or took part of it for a place, after a title
    ("The guests met harbour chairman Dr. Tran Van Binh on Monday.", [], "Tran Van Binh"),
    ("Elmsford mayor Won Gang Ho said he was glad to come.", [("Elmsford", "GPE")], "Won Gang Ho"),
    ("They were greeted by Governor Bai Runzhi at noon.", [("Bai Runzhi", "GPE")], "Bai Runzhi"),
])
def test_capitalised_words_after_a_title_are_a_name(blank: Language, text: str, ents: list[tuple[str, str]],
                                                    person: str) -> None:
    doc = blank.make_doc(text)
    doc.ents = [doc.char_span(text.index(sub), text.index(sub) + len(sub), label=label)
                for sub, label in ents]
    for _, component in blank.pipeline:
        doc = component(doc)
    assert (person, "PERSON") in [(e.text, e.label_) for e in doc.ents]


@pytest.mark.parametrize(("text", "place"), [
    # invented: a headline's verb after a title, and a place naming the noun after it, are no name
    ("Senior Navy Official Visits Georgia. Adm. Cole arrived in Tbilisi on Monday.", "Georgia"),
    ("The award is now run by its founder France Football magazine, the jury said.", "France"),
])
def test_a_headline_verb_or_a_nouns_modifier_after_a_title_is_no_name(nlp: Language, text: str,
                                                                     place: str) -> None:
    doc = nlp(text)
    assert not [e.text for e in doc.ents if e.label_ == "PERSON" and place in e.text]


@pytest.mark.parametrize(("text", "ents", "person", "title"), [
    # invented: the model took a title and a name, after the office's place, for one body
    ("The deal was signed, Harbourtown Mayor Anatoly Vessko told reporters.",
     [("Harbourtown Mayor Anatoly Vessko", "ORG")], "Anatoly Vessko", "mayor"),
    # invented: a lower-case title just before a name the model took for a body
    ("Elmsford mayor Geordan Hale-Wicks on Tuesday signed the pact.", [("Geordan Hale-Wicks", "ORG")],
     "Geordan Hale-Wicks", None),
    # invented: one name of a list of people, which the model took for a body
    ("They met Deputy Mayors Ola Brandt, Hudavir Agunsk and Ida Moravec on Monday.",
     [("Ola Brandt", "PERSON"), ("Hudavir Agunsk", "ORG"), ("Ida Moravec", "PERSON")],
     "Hudavir Agunsk", None),
    # invented: the last of a list of people, a name with its initials first
    ("The team includes Ravi Menon, Anil Kurup, OV Mustafa and a team of officials.",
     [("Ravi Menon", "PERSON"), ("Anil Kurup", "PERSON"), ("OV Mustafa", "ORG")], "OV Mustafa", None),
    # invented: a given name, then words that are no English ones, with nothing around to say so
    ("Four students went to Elmport: Ola Brandt and Samira Odrevka Talvinen.",
     [("Elmport", "GPE"), ("Ola Brandt", "PERSON"), ("Samira Odrevka Talvinen", "ORG")],
     "Samira Odrevka Talvinen", None),
])
def test_a_body_that_is_a_title_and_a_name_is_a_person(blank: Language, text: str,
                                                       ents: list[tuple[str, str]], person: str,
                                                       title: str | None) -> None:
    doc = blank.make_doc(text)
    doc.ents = [doc.char_span(text.index(sub), text.index(sub) + len(sub), label=label)
                for sub, label in ents]
    for _, component in blank.pipeline:
        doc = component(doc)
    assert (person, "PERSON") in [(e.text, e.label_) for e in doc.ents]
    assert not [e.text for e in doc.ents if e.label_ == "ORG" and person in e.text]
    if title:
        assert title in [r.title.lower() for r in parse(doc).roles.get(person, ())]


@pytest.mark.parametrize(("text", "body", "person", "role"), [
    # invented: after a title and "of", the model ran the body into the name of the person who holds it
    ("They will meet the chairman of the Elmport Advisory Committee on Trade Relations Teodor Welk.",
     "the Elmport Advisory Committee on Trade Relations Teodor Welk", "Teodor Welk",
     ("chairman", "Elmport Advisory Committee on Trade Relations")),
    ("Talks were held with Secretary General of the Union of Coastal Towns Kemal Arslan on Friday.",
     "the Union of Coastal Towns Kemal Arslan", "Kemal Arslan",
     ("secretary general", "Union of Coastal Towns")),
])
def test_a_body_run_into_the_name_after_title_of_is_the_persons(blank: Language, text: str, body: str,
                                                                person: str, role: tuple[str, str]) -> None:
    doc = blank.make_doc(text)
    doc.ents = [doc.char_span(text.index(body), text.index(body) + len(body), label="ORG")]
    for _, component in blank.pipeline:
        doc = component(doc)
    assert (person, "PERSON") in [(e.text, e.label_) for e in doc.ents]
    assert [e.text for e in doc.ents if e.label_ == "ORG"] == [body[: -len(person) - 1]]
    assert role in [(r.title.lower(), r.organization) for r in parse(doc).roles.get(person, ())]


def test_a_bodys_field_with_a_rare_word_is_no_name(blank: Language) -> None:
    # invented: "Oceanian" is no English word, but it follows "and" inside the body's name
    text = "He met the deputy director of the Department of Nordic and Oceanian Affairs on Monday."
    body = "the Department of Nordic and Oceanian Affairs"
    doc = blank.make_doc(text)
    doc.ents = [doc.char_span(text.index(body), text.index(body) + len(body), label="ORG")]
    for _, component in blank.pipeline:
        doc = component(doc)
    assert not [e.text for e in doc.ents if e.label_ == "PERSON"]


@pytest.mark.parametrize(("text", "ents", "body"), [
    # invented: "the", a place, "and", a body: the model read one body's name as a place and a body
    ("A delegation from the Harbourtown and Saint Elm Municipal Corporation is to visit Elmport.",
     [("Harbourtown", "GPE"), ("Saint Elm Municipal Corporation", "ORG"), ("Elmport", "GPE")],
     "Harbourtown and Saint Elm Municipal Corporation"),
    # invented: a name with no head, "and", the head's words, which the model took for a person
    ("Later they visited Dravlik Culture and Art Center with the mayor.",
     [("Dravlik Culture", "ORG"), ("Art Center", "PERSON")], "Dravlik Culture and Art Center"),
])
def test_a_body_the_model_cut_at_and_is_one(blank: Language, text: str, ents: list[tuple[str, str]],
                                            body: str) -> None:
    doc = blank.make_doc(text)
    doc.ents = [doc.char_span(text.index(sub), text.index(sub) + len(sub), label=label)
                for sub, label in ents]
    for _, component in blank.pipeline:
        doc = component(doc)
    assert [e.text for e in doc.ents if e.label_ == "ORG"] == [body]
    assert not [e.text for e in doc.ents if e.label_ == "PERSON"]


def test_a_place_and_a_body_without_the_stay_two(blank: Language) -> None:
    # invented: no article before the place, so it is the place the visitors saw, then a body
    text = "They saw Harbourtown and Saint Elm Municipal Corporation staff."
    doc = blank.make_doc(text)
    doc.ents = [doc.char_span(text.index(sub), text.index(sub) + len(sub), label=label)
                for sub, label in (("Harbourtown", "GPE"), ("Saint Elm Municipal Corporation", "ORG"))]
    for _, component in blank.pipeline:
        doc = component(doc)
    assert [e.text for e in doc.ents if e.label_ == "ORG"] == ["Saint Elm Municipal Corporation"]


@pytest.mark.parametrize(("text", "ents", "body"), [
    # invented: an office that owns the body, which the model left before the "'s"
    ("Ola Brandt, a former member of the Mayor's Harbour Committee, said so.",
     [("Ola Brandt", "PERSON"), ("Harbour Committee", "ORG")], "Mayor's Harbour Committee"),
    # invented: the number of a seat, which the model took for an ordinal of its own
    ("Supervisor Ana Ruiz of the Fifth District Board of Supervisors led them.",
     [("Ana Ruiz", "PERSON"), ("Fifth", "ORDINAL"), ("District Board of Supervisors", "ORG")],
     "Fifth District Board of Supervisors"),
])
def test_a_bodys_owner_or_seat_is_part_of_its_name(blank: Language, text: str, ents: list[tuple[str, str]],
                                                   body: str) -> None:
    doc = blank.make_doc(text)
    doc.ents = [doc.char_span(text.index(sub), text.index(sub) + len(sub), label=label)
                for sub, label in ents]
    for _, component in blank.pipeline:
        doc = component(doc)
    assert [e.text for e in doc.ents if e.label_ == "ORG"] == [body]
    person = ents[0][0]
    assert body in [r.organization for r in parse(doc).roles.get(person, ())]


def test_a_name_after_a_bodys_head_and_of_is_its_place(blank: Language) -> None:
    # invented: "Dravnik Selo" after "the City Municipality of" is the body's place, not a person
    text = "Ola Brandt, the President of the City Municipality of Dravnik Selo, opened the fair."
    ents = [("Ola Brandt", "PERSON"), ("the City Municipality", "GPE"), ("Dravnik Selo", "PERSON")]
    doc = blank.make_doc(text)
    doc.ents = [doc.char_span(text.index(sub), text.index(sub) + len(sub), label=label)
                for sub, label in ents]
    for _, component in blank.pipeline:
        doc = component(doc)
    assert [e.text for e in doc.ents if e.label_ == "PERSON"] == ["Ola Brandt"]


@pytest.mark.parametrize(("text", "ents", "role"), [
    # invented: a place with its unit before the title, which the model left untagged or called an event
    ("Harbour Prefecture Governor Ola Brandt led the delegation.", [("Ola Brandt", "PERSON")],
     ("governor", "Harbour Prefecture")),
    ("Harbour Prefecture Governor Ola Brandt led the delegation.",
     [("Harbour Prefecture", "EVENT"), ("Ola Brandt", "PERSON")], ("governor", "Harbour Prefecture")),
    # invented: a governor leads the delegation of a place, "of" its country
    ("They met the delegation of Elm Valley Oblast of Norland led by governor Ola Brandt on Monday.",
     [("Elm Valley Oblast", "ORG"), ("Norland", "GPE"), ("Ola Brandt", "PERSON")],
     ("governor", "Elm Valley Oblast")),
    # invented: the office before a councillor's honorific is the title
    ("Mayor Cr Ola Brandt moved the motion.", [("Ola Brandt", "PERSON")], ("mayor", None)),
])
def test_the_office_and_its_place_before_a_name(blank: Language, text: str, ents: list[tuple[str, str]],
                                                role: tuple[str, str | None]) -> None:
    assert role in roles_of(blank, text, ents).get("Ola Brandt", [])


def test_a_seat_before_a_title_is_no_place(blank: Language) -> None:
    # invented: "Fifth District" is the supervisor's seat, not the body or place of the office
    text = "Fifth District Supervisor Ola Brandt led the delegation."
    roles = roles_of(blank, text, [("Fifth", "ORDINAL"), ("Ola Brandt", "PERSON")])
    assert ("supervisor", "Fifth District") not in roles.get("Ola Brandt", [])


@pytest.mark.parametrize(("text", "ents", "role"), [
    # invented: a title "of" its field, in words, right before the name
    ("Later the head of the press service of the Elm Valley region Ola Brandt told reporters.",
     [("Elm Valley", "LOC"), ("Ola Brandt", "PERSON")],
     ("head of the press service of the elm valley region", None)),
    # invented: the body at the end of the title's field is the role's
    ("They met the director of operations of the Harbour Waste Department Ola Brandt on Monday.",
     [("the Harbour Waste Department", "ORG"), ("Ola Brandt", "PERSON")],
     ("director of operations", "Harbour Waste Department")),
])
def test_a_long_title_right_before_the_name(blank: Language, text: str, ents: list[tuple[str, str]],
                                           role: tuple[str, str | None]) -> None:
    assert role in roles_of(blank, text, ents).get("Ola Brandt", [])


def test_a_long_title_stops_at_a_piece_of_the_name(blank: Language) -> None:
    # invented: the model left the first word of the name out; it is no part of the title
    text = "A delegation led by Vice Secretary of the municipal Party Committee Tran Van Binh arrived."
    roles = roles_of(blank, text, [("Van Binh", "PERSON")])
    assert not [t for t, _ in roles.get("Van Binh", []) if "tran" in t]


def test_a_name_after_the_body_of_a_title_and_a_comma(blank: Language) -> None:
    # invented: the model tagged the body but left the name after the comma untagged
    text = "The team was led by the Chairman of the Harbour Governors Forum, Kashim Odrevka."
    roles = roles_of(blank, text, [("the Harbour Governors Forum", "ORG")])
    assert roles.get("Kashim Odrevka") == [("chairman", "Harbour Governors Forum")]


def test_common_words_after_the_body_of_a_title_are_no_name(blank: Language) -> None:
    # invented: "Financial Services" are no one's name
    text = "He is the Chairman of the Harbour Trade Board, Financial Services and more."
    roles = roles_of(blank, text, [("the Harbour Trade Board", "ORG")])
    assert roles == {}


@pytest.mark.parametrize(("text", "ents", "role"), [
    # invented: the place a governor or mayor comes from
    ("The group was led by Lieutenant Governor Ola Brandt from the state of Norland.",
     [("Ola Brandt", "PERSON"), ("Norland", "GPE")], ("lieutenant governor", "Norland")),
    ("Mayor Ola Brandt from Harbourtown signed the pact.",
     [("Ola Brandt", "PERSON"), ("Harbourtown", "GPE")], ("mayor", "Harbourtown")),
])
def test_a_governor_or_mayor_from_a_place(blank: Language, text: str, ents: list[tuple[str, str]],
                                         role: tuple[str, str]) -> None:
    assert role in roles_of(blank, text, ents).get("Ola Brandt", [])


def test_a_body_after_a_list_of_people_stays_a_body(blank: Language) -> None:
    # invented: common words after the list are a body's, not a person's
    text = "They met Ana Ruiz, Olek Varga, Harbour Music and the choir."
    doc = blank.make_doc(text)
    ents = (("Ana Ruiz", "PERSON"), ("Olek Varga", "PERSON"), ("Harbour Music", "ORG"))
    doc.ents = [doc.char_span(text.index(sub), text.index(sub) + len(sub), label=label)
                for sub, label in ents]
    for _, component in blank.pipeline:
        doc = component(doc)
    assert ("Harbour Music", "ORG") in [(e.text, e.label_) for e in doc.ents]
