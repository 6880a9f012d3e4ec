"""Toponym resolution: qualifiers, everyday names, capitals, coherence, datelines, failures as data."""

from __future__ import annotations

import re

import pytest

from geo.models import Dateline, ParsedText, PlaceMention, Resolved, Sentence, Span, Toponym, Unresolved
from geo.places.gazetteer import Gazetteer
from geo.places.toponyms import qualifier_span, resolve_name, resolve_toponyms, with_readable_admin1


def _sentences(text: str) -> list[Sentence]:
    out, start = [], 0
    for m in re.finditer(r"(?<=[.!?])\s+", text):
        out.append(Sentence(start, m.start(), text[start : m.start()]))
        start = m.end()
    if start < len(text):
        out.append(Sentence(start, len(text), text[start:]))
    return out


def parsed(text: str, *names: str, dateline: str | None = None) -> ParsedText:
    """A ParsedText built by hand: each name is found in order; "Name, Qualifier" sets the qualifier."""
    sentences = _sentences(text)
    toponyms = []
    cursor = 0
    for name in names:
        head, _, qual = name.partition("|")
        start = text.index(head, cursor)
        end = start + len(head)
        cursor = end
        qualifier = None
        if qual:
            q_start = text.index(qual, end)
            qualifier = Span(q_start, q_start + len(qual), qual)
        sentence = next(s for s in sentences if s.start <= start < s.end)
        toponyms.append(Toponym(Span(start, end, head), sentence, qualifier))
    line = None
    if dateline:
        d_start = text.index(dateline)
        line = Dateline(Span(d_start, d_start + len(dateline), dateline), None)
    return ParsedText(tuple(sentences), tuple(toponyms), (), (), (), (), dateline=line)


def place(mention: PlaceMention) -> Resolved:
    assert isinstance(mention.resolution, Resolved), mention.resolution
    return mention.resolution


@pytest.mark.parametrize(
    ("text", "name", "country", "admin1"),
    [
        ("She grew up in Oxford, Mississippi.", "Oxford|Mississippi", "US", "MS"),
        ("The firm is based in Carmel, Ind.", "Carmel|Ind.", "US", "IN"),
        ("He moved to Portland, Maine, last year.", "Portland|Maine", "US", "ME"),
        ("He moved to Portland, Ore., last year.", "Portland|Ore.", "US", "OR"),
        ("The mayor of Columbia, S.C., spoke.", "Columbia|S.C.", "US", "SC"),
        ("The mayor of Columbia, Mo., spoke.", "Columbia|Mo.", "US", "MO"),
        ("Officials in Springfield, Ill., agreed.", "Springfield|Ill.", "US", "IL"),
        ("Officials in Springfield, Mass., agreed.", "Springfield|Mass.", "US", "MA"),
        ("A clinic in Rochester, Minn., opened.", "Rochester|Minn.", "US", "MN"),
        ("A bank in Rochester, N.Y., closed.", "Rochester|N.Y.", "US", "NY"),
        ("Visitors came to Jackson, Wyo.", "Jackson|Wyo.", "US", "WY"),
        ("The delegation landed in Wuhan, Hubei.", "Wuhan|Hubei", "CN", None),
        ("A fair in Paris, Texas, drew crowds.", "Paris|Texas", "US", "TX"),
        ("Ships dock at Sydney, Nova Scotia.", "Sydney|Nova Scotia", "CA", None),
        ("He studied in Perth, Scotland.", "Perth|Scotland", "GB", None),
    ],
)
def test_qualifier_decides(
    gazetteer: Gazetteer, text: str, name: str, country: str, admin1: str | None
) -> None:
    (mention,) = resolve_toponyms(parsed(text, name), gazetteer)
    res = place(mention)
    assert res.place.country == country
    if admin1:
        assert res.place.admin1 == admin1
    assert res.reason == "qualifier"
    assert res.confidence >= 0.8


@pytest.mark.parametrize(
    ("span_text", "country", "admin1"),
    [("Oxford, Mississippi", "US", "MS"), ("Carmel, Ind.", "US", "IN"), ("Jackson, Miss.", "US", "MS")],
)
def test_qualifier_inside_the_span_is_read_too(
    gazetteer: Gazetteer, span_text: str, country: str, admin1: str
) -> None:
    text = f"They met in {span_text} on Monday."
    (mention,) = resolve_toponyms(parsed(text, span_text), gazetteer)
    assert (place(mention).place.country, place(mention).place.admin1) == (country, admin1)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("America", "US"),
        ("the U.S.", "US"),
        ("PRC", "CN"),
        ("mainland China", "CN"),
        ("Britain", "GB"),
        ("Taiwan", "TW"),
        ("Japan", "JP"),
        ("Australia", "AU"),
    ],
)
def test_country_everyday_names_resolve_to_the_country(gazetteer: Gazetteer, name: str, code: str) -> None:
    text = f"Trade with {name} grew."
    (mention,) = resolve_toponyms(parsed(text, name), gazetteer)
    res = place(mention)
    assert (res.place.kind, res.place.country) == ("country", code)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Relations between Beijing and Washington have cooled.", ("Beijing", "Washington")),
        ("Talks between Washington and Tokyo resumed.", ("Washington", "Tokyo")),
        ("A spokesman for the embassy in Washington declined to comment.", ("Washington",)),
    ],
)
def test_capital_for_government(gazetteer: Gazetteer, text: str, names: tuple[str, ...]) -> None:
    mentions = resolve_toponyms(parsed(text, *names), gazetteer)
    washington = next(m for m in mentions if m.span.text == "Washington")
    assert (place(washington).place.admin1, place(washington).place.feature_code) == ("DC", "PPLC")


@pytest.mark.parametrize(
    ("text", "names", "target", "country", "admin1"),
    [
        (
            "Georgia lawmakers met in Atlanta and Savannah.",
            ("Georgia", "Atlanta", "Savannah"),
            "Georgia",
            "US",
            "GA",
        ),
        (
            "Georgia and Armenia signed a deal in Tbilisi.",
            ("Georgia", "Armenia", "Tbilisi"),
            "Georgia",
            "GE",
            None,
        ),
        ("Paris welcomed the mayors.", ("Paris",), "Paris", "FR", None),
        (
            "From Dallas the band drove to Paris and then to Tyler, all in Texas.",
            ("Dallas", "Paris", "Tyler", "Texas"),
            "Paris",
            "US",
            "TX",
        ),
        (
            "Birmingham and Montgomery are the largest cities of Alabama.",
            ("Birmingham", "Montgomery", "Alabama"),
            "Birmingham",
            "US",
            "AL",
        ),
        ("Birmingham hosted the games.", ("Birmingham",), "Birmingham", "GB", None),
        (
            "Victoria, the capital of British Columbia, is near Vancouver.",
            ("Victoria", "British Columbia", "Vancouver"),
            "Victoria",
            "CA",
            None,
        ),
        ("Perth welcomed the delegation.", ("Perth",), "Perth", "AU", None),
        (
            "From Edinburgh they went north to Perth and Dundee.",
            ("Edinburgh", "Perth", "Dundee"),
            "Perth",
            "GB",
            None,
        ),
        ("Sydney signed the agreement.", ("Sydney",), "Sydney", "AU", None),
        (
            "Halifax and Sydney are the largest towns of Nova Scotia.",
            ("Halifax", "Sydney", "Nova Scotia"),
            "Sydney",
            "CA",
            None,
        ),
        (
            "Columbia and Charleston are in South Carolina.",
            ("Columbia", "Charleston", "South Carolina"),
            "Columbia",
            "US",
            "SC",
        ),
        (
            "Springfield is the capital of Illinois, south of Chicago.",
            ("Springfield", "Illinois", "Chicago"),
            "Springfield",
            "US",
            "IL",
        ),
        (
            "Portland and Eugene are the biggest cities in Oregon.",
            ("Portland", "Eugene", "Oregon"),
            "Portland",
            "US",
            "OR",
        ),
        (
            "Rochester and Buffalo lie in upstate New York.",
            ("Rochester", "Buffalo", "New York"),
            "Rochester",
            "US",
            "NY",
        ),
        (
            "Jackson and Biloxi voted. Both are in Mississippi.",
            ("Jackson", "Biloxi", "Mississippi"),
            "Jackson",
            "US",
            "MS",
        ),
        (
            "Seattle and Spokane are the largest cities of Washington.",
            ("Seattle", "Spokane", "Washington"),
            "Washington",
            "US",
            "WA",
        ),
    ],
)
def test_the_rest_of_the_document_decides(
    gazetteer: Gazetteer, text: str, names: tuple[str, ...], target: str, country: str, admin1: str | None
) -> None:
    mentions = resolve_toponyms(parsed(text, *names), gazetteer)
    res = place(next(m for m in mentions if m.span.text == target))
    assert res.place.country == country
    if admin1:
        assert res.place.admin1 == admin1


def test_a_bare_name_after_its_qualified_mention_is_the_same_place(gazetteer: Gazetteer) -> None:
    text = "The team flew to Oxford, Mississippi. In Oxford they met students."
    first, second = resolve_toponyms(parsed(text, "Oxford|Mississippi", "Oxford"), gazetteer)
    assert place(first).place.geonameid == place(second).place.geonameid == 4440076


def test_dateline_pulls_ambiguous_names_to_its_country(gazetteer: Gazetteer) -> None:
    text = "HALIFAX, Oct. 31 -- Officials from Sydney joined the talks."
    (sydney,) = resolve_toponyms(parsed(text, "Sydney", dateline="HALIFAX"), gazetteer)
    assert place(sydney).place.country == "CA"
    assert place(sydney).reason == "dateline"


def test_one_mention_per_toponym_in_order(gazetteer: Gazetteer) -> None:
    text = "From Wuhan to Qwertyzzburg and back to Wuhan via Chicago."
    mentions = resolve_toponyms(parsed(text, "Wuhan", "Qwertyzzburg", "Wuhan", "Chicago"), gazetteer)
    assert [m.span.text for m in mentions] == ["Wuhan", "Qwertyzzburg", "Wuhan", "Chicago"]
    assert isinstance(mentions[1].resolution, Unresolved)
    for m in (mentions[0], mentions[2], mentions[3]):
        res = place(m)
        assert 0.0 <= res.confidence <= 1.0
        assert res.place in res.candidates
        assert len(res.candidates) <= 5


@pytest.mark.parametrize("name", ["Qwertyzzburg", "", "   ", "!!!"])
def test_unresolvable_names_are_data(gazetteer: Gazetteer, name: str) -> None:
    res = resolve_name(name, gazetteer)
    assert isinstance(res, Unresolved)
    assert res.reason


def test_unknown_town_with_a_known_state_falls_back_to_the_state(gazetteer: Gazetteer) -> None:
    res = resolve_name("Qwertyzzburg", gazetteer, qualifier="Kan.")
    assert isinstance(res, Resolved)
    assert (res.place.kind, res.place.admin1) == ("admin1", "KS")
    assert res.confidence < 0.5


def test_a_big_city_outside_its_qualifier_is_one_of_a_list(gazetteer: Gazetteer) -> None:
    # "trips planned to Brussels, Beijing and Taiwan": Beijing is no state of a town called Brussels
    res = resolve_name("Brussels", gazetteer, qualifier="Beijing")
    assert isinstance(res, Resolved)
    assert (res.place.name, res.place.country) == ("Brussels", "BE")


@pytest.mark.parametrize(
    ("name", "qualifier", "context", "country", "admin1"),
    [
        ("Carmel", "Ind.", (), "US", "IN"),
        ("Springfield", None, ("Illinois", "Peoria"), "US", "IL"),
        ("Georgia", None, ("Atlanta", "Macon"), "US", "GA"),
        ("Sudanese", None, (), "SD", None),
    ],
)
def test_resolve_name(
    gazetteer: Gazetteer,
    name: str,
    qualifier: str | None,
    context: tuple[str, ...],
    country: str,
    admin1: str | None,
) -> None:
    res = resolve_name(name, gazetteer, qualifier=qualifier, context=context)
    assert isinstance(res, Resolved)
    assert res.place.country == country
    if admin1:
        assert res.place.admin1 == admin1


@pytest.mark.parametrize(
    ("text", "names", "target", "country", "admin1"),
    [
        (
            "Deputies in Loudon Co. and Knoxville, Tennessee, searched.",
            ("Loudon Co.", "Knoxville", "Tennessee"),
            "Loudon Co.",
            "US",
            "TN",
        ),
        (
            "The W. Columbia council met near Columbia, S.C.",
            ("W. Columbia", "Columbia|S.C."),
            "W. Columbia",
            "US",
            "SC",
        ),
        ("Sri Lankan troops advanced.", ("Sri Lankan",), "Sri Lankan", "LK", None),
        ("Minnesotans voted in St. Paul.", ("Minnesotans", "St. Paul"), "Minnesotans", "US", "MN"),
    ],
)
def test_everyday_variants_of_names(
    gazetteer: Gazetteer, text: str, names: tuple[str, ...], target: str, country: str, admin1: str | None
) -> None:
    mentions = resolve_toponyms(parsed(text, *names), gazetteer)
    res = place(next(m for m in mentions if m.span.text == target))
    assert res.place.country == country
    if admin1:
        assert res.place.admin1 == admin1


def test_unknown_feature_is_placed_at_its_namesake_with_low_confidence(gazetteer: Gazetteer) -> None:
    text = "Barges on the Kanawha River reached Charleston, W.Va., on Monday."
    river, _city = resolve_toponyms(parsed(text, "Kanawha River", "Charleston|W.Va."), gazetteer)
    res = place(river)
    assert (res.place.country, res.place.admin1) == ("US", "WV")
    assert res.confidence <= 0.5


def test_a_generic_word_after_a_comma_is_no_qualifier(gazetteer: Gazetteer) -> None:
    text = "Kansas City, North Kansas City and Kansas City, Kan., signed."
    first, _north, second = resolve_toponyms(
        parsed(text, "Kansas City|North", "North Kansas City", "Kansas City|Kan."), gazetteer
    )
    assert place(first).place.country == "US"
    assert (place(second).place.country, place(second).place.admin1) == ("US", "KS")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oxford, Mississippi, is", "Mississippi"),
        ("Carmel, Ind., is", "Ind."),
        ("Wuhan, China, is", "China"),
        ("Kansas City, North Kansas City", None),
        ("Paris, where", None),
    ],
)
def test_qualifier_span(gazetteer: Gazetteer, text: str, expected: str | None) -> None:
    end = text.index(",")
    found = qualifier_span(text, end, gazetteer)
    assert (found.text if found else None) == expected
    if found:
        assert text[found.start : found.end] == found.text


def test_two_qualified_namesakes_in_one_story_stay_apart(gazetteer: Gazetteer) -> None:
    text = "From Portland, Maine, the crew drove to Portland, Ore., and back to Portland."
    maine, oregon, bare = resolve_toponyms(
        parsed(text, "Portland|Maine", "Portland|Ore.", "Portland"), gazetteer
    )
    assert place(maine).place.admin1 == "ME"
    assert place(oregon).place.admin1 == "OR"
    assert place(bare).place.admin1 == "ME"  # the first qualified reading
    assert place(bare).reason == "context"


def test_a_unit_named_after_the_place_reads_the_area(gazetteer: Gazetteer) -> None:
    # INVENTED: "Namangan region" is the region, "Namangan" alone its city
    region, = resolve_toponyms(parsed("Officials from Namangan region arrived.", "Namangan"), gazetteer)
    city, = resolve_toponyms(parsed("Officials from Namangan arrived.", "Namangan"), gazetteer)
    assert (place(region).place.kind, place(city).place.kind) == ("admin1", "city")


def test_a_bare_name_set_against_its_qualified_namesake_in_one_sentence_is_the_other(
    gazetteer: Gazetteer,
) -> None:
    # INVENTED: a twinning of namesakes, the host named bare before the guests' qualified town
    text = "Perth City Council welcomed guests from Perth, Scotland, last week. Perth has many parks."
    host, guests, _scotland, later = resolve_toponyms(
        parsed(text, "Perth", "Perth|Scotland", "Scotland", "Perth"), gazetteer
    )
    assert place(guests).place.country == "GB"
    assert place(host).place.country == "AU"  # not the qualified reading taken up again
    assert place(later).place.country == "GB"  # a bare name further on still reads the qualified one


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Osaka", "JP"),
        ("Kaohsiung", "TW"),
        ("Tianjin", "CN"),
        ("Wuhan", "CN"),
        ("Brisbane", "AU"),
        ("Taipei", "TW"),
        ("Peking", "CN"),
    ],
)
def test_a_big_city_wins_over_the_province_named_after_it(
    gazetteer: Gazetteer, name: str, country: str
) -> None:
    res = resolve_name(name, gazetteer)
    assert isinstance(res, Resolved)
    assert (res.place.kind, res.place.country) == ("city", country)


def test_a_small_seat_wins_over_the_area_named_after_it(gazetteer: Gazetteer) -> None:
    # a capital of under 100,000 whose region bears its name and surrounds it
    res = resolve_name("Banjul", gazetteer)
    assert isinstance(res, Resolved)
    assert (res.place.kind, res.place.country) == ("city", "GM")


@pytest.mark.parametrize(
    ("nickname", "city"),
    [
        ("the Big Apple", "New York City"),
        ("the Windy City", "Chicago"),
        ("Philly", "Philadelphia"),
        ("the Big Easy", "New Orleans"),
        ("Motown", "Detroit"),
        ("Beantown", "Boston"),
        ("the City of Sails", "Auckland"),
        ("the Harbour City", "Sydney"),
    ],
)
def test_city_nicknames(gazetteer: Gazetteer, nickname: str, city: str) -> None:
    res = resolve_name(nickname, gazetteer)
    assert isinstance(res, Resolved)
    assert res.place.name == city


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The mayor flew to New York for talks with investors.", "city"),
        ("Galleries in New York and Los Angeles showed the works.", "city"),
        ("The governor of New York signed the budget.", "admin1"),
        ("Rochester and Buffalo lie in upstate New York.", "admin1"),
        ("New York state lawmakers passed the bill.", "admin1"),
    ],
)
def test_a_metropolis_wins_over_its_state_unless_the_sentence_speaks_of_the_state(
    gazetteer: Gazetteer, text: str, kind: str
) -> None:
    names = sorted(
        (n for n in ("New York", "Los Angeles", "Rochester", "Buffalo") if n in text), key=text.index
    )
    mentions = resolve_toponyms(parsed(text, *names), gazetteer)
    res = place(next(m for m in mentions if m.span.text == "New York"))
    assert (res.place.kind, res.place.country, res.place.admin1) == (kind, "US", "NY")


@pytest.mark.parametrize(("name", "kind"), [("N.Y.", "admin1"), ("Quebec", "admin1"), ("Sao Paulo", "city")])
def test_abbreviations_and_provinces_of_smaller_cities_keep_the_area(
    gazetteer: Gazetteer, name: str, kind: str
) -> None:
    res = resolve_name(name, gazetteer)
    assert isinstance(res, Resolved)
    assert res.place.kind == kind


def test_a_postal_town_needs_its_state_or_a_neighbour_in_the_story(gazetteer: Gazetteer) -> None:
    text = "Officials in Harwinton and Torrington, Connecticut, met. Aid reached Darfur from Khartoum."
    harwinton, _torrington, darfur, _khartoum = resolve_toponyms(
        parsed(text, "Harwinton", "Torrington", "Darfur", "Khartoum"), gazetteer
    )
    assert place(harwinton).place.admin1 == "CT"
    assert isinstance(darfur.resolution, Unresolved)  # not the hamlet in Minnesota
    assert any(c.admin1 == "MN" for c in darfur.resolution.candidates)  # kept for review


def test_a_qualified_postal_town_is_placed(gazetteer: Gazetteer) -> None:
    (lore,) = resolve_toponyms(parsed("Lore City, Ohio, voted.", "Lore City|Ohio"), gazetteer)
    assert place(lore).place.admin1 == "OH"
    assert place(lore).place.kind == "city"


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # invented sentences: a US story where "Pacific" could be Pacific, Missouri
        ("Mayors from Columbia, Missouri, made the trip across the Pacific.", "Pacific", "feature"),
        ("Mayors from Columbia, Missouri, met in Pacific on Monday.", "Pacific", "city"),
    ],
)
def test_the_article_before_a_name_favours_a_sea_over_a_town(
    gazetteer: Gazetteer, text: str, name: str, kind: str
) -> None:
    mentions = resolve_toponyms(parsed(text, "Columbia|Missouri", name), gazetteer)
    assert place(mentions[-1]).place.kind == kind


@pytest.mark.parametrize(
    ("text", "name", "admin1"),
    [
        ("Invented: the mayor of Wuhan arrived.", "Wuhan", "Hubei"),
        ("Invented: she grew up in Oxford, Mississippi.", "Oxford|Mississippi", "MS"),
        ("Invented: the delegation flew to Sapporo.", "Sapporo", "Hokkaido"),
    ],
)
def test_admin1_is_shown_as_people_read_it(gazetteer: Gazetteer, text: str, name: str, admin1: str) -> None:
    (mention,) = with_readable_admin1(resolve_toponyms(parsed(text, name), gazetteer), gazetteer)
    assert place(mention).place.admin1 == admin1
    assert all(not (c.admin1 or "").isdigit() for c in place(mention).candidates)


@pytest.mark.parametrize(
    ("text", "name", "admin1"),
    [
        ("Invented: talks in Shanghai ended.", "Shanghai", "Shanghai"),
        ("Invented: the team reached Busan.", "Busan", "Busan"),
        ("Invented: a visit to Urumqi followed.", "Urumqi", "Xinjiang Uygur"),
    ],
)
def test_administrative_types_are_dropped_from_admin1_names(
    gazetteer: Gazetteer, text: str, name: str, admin1: str
) -> None:
    (mention,) = with_readable_admin1(resolve_toponyms(parsed(text, name), gazetteer), gazetteer)
    assert place(mention).place.admin1 == admin1


def test_a_world_city_is_not_lost_to_a_small_namesake_on_country_evidence_alone(gazetteer: Gazetteer) -> None:
    text = "DES MOINES, Iowa — The Iowa governor, back from Chicago and Omaha, will visit Brisbane."
    names = ("DES MOINES|Iowa", "Iowa", "Chicago", "Omaha", "Brisbane")
    *_, brisbane = resolve_toponyms(parsed(text, *names, dateline="DES MOINES"), gazetteer)
    assert place(brisbane).place.country == "AU"


def test_a_small_namesake_anchored_by_its_neighbours_keeps_its_place(gazetteer: Gazetteer) -> None:
    text = "Brisbane, a small city just south of San Francisco, sits next to Daly City."
    brisbane, *_ = resolve_toponyms(parsed(text, "Brisbane", "San Francisco", "Daly City"), gazetteer)
    assert (place(brisbane).place.country, place(brisbane).place.admin1) == ("US", "CA")


def test_a_bare_name_used_before_namesakes_are_told_apart_is_the_storys_own(gazetteer: Gazetteer) -> None:
    text = (
        "Council news\nThe Columbus council met in Ohio's capital on Monday. "
        "The mayors of Columbus, Ga., and Columbus, Miss., came too."
    )
    bare, _ohio, georgia, mississippi = resolve_toponyms(
        parsed(text, "Columbus", "Ohio", "Columbus|Ga.", "Columbus|Miss."), gazetteer
    )
    assert place(bare).place.admin1 == "OH"
    assert (place(georgia).place.admin1, place(mississippi).place.admin1) == ("GA", "MS")


def test_a_dateline_qualifier_is_the_storys_own_place_not_a_namesake(gazetteer: Gazetteer) -> None:
    text = (
        "Columbus schools reopen\nCOLUMBUS, Ga. — The Columbus board met on Monday. "
        "Officials of Columbus, Ohio, sent greetings."
    )
    _headline, dateline, bare, _ohio = resolve_toponyms(
        parsed(text, "Columbus", "COLUMBUS|Ga.", "Columbus", "Columbus|Ohio"), gazetteer
    )
    assert place(dateline).place.admin1 == "GA"
    assert place(bare).place.admin1 == "GA"


@pytest.mark.parametrize(
    ("text", "name", "country", "admin1"),
    [
        ("The town has a pact with Athens in the US state of Georgia.", "Athens", "US", "GA"),
        ("The club toured Victoria in Canada last year.", "Victoria", "CA", "02"),
        ("The band played Perth in Scotland.", "Perth", "GB", None),
    ],
)
def test_a_state_or_country_after_in_qualifies_the_place(
    gazetteer: Gazetteer, text: str, name: str, country: str, admin1: str | None
) -> None:
    mention, *_ = resolve_toponyms(parsed(text, name), gazetteer)
    assert place(mention).reason == "qualifier"
    assert place(mention).place.country == country
    if admin1:
        assert place(mention).place.admin1 == admin1


def test_a_name_listed_among_countries_is_the_country(gazetteer: Gazetteer) -> None:
    text = "KOKOMO, Ind. — Peru, Ind., and Kokomo have partner cities in Ethiopia, Mexico and South Korea."
    names = ("KOKOMO|Ind.", "Peru|Ind.", "Kokomo", "Ethiopia", "Mexico", "South Korea")
    *_, mexico, _korea = resolve_toponyms(parsed(text, *names, dateline="KOKOMO"), gazetteer)
    assert (place(mexico).place.kind, place(mexico).place.country) == ("country", "MX")


# --- places, fifth session (invented sentences) ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names", "name", "country"),
    [
        # a city-state in a story with other places of its own country's neighbourhood
        ("The mayor will attend a summit in Singapore before visiting Seoul and Tokyo.",
         ("Singapore", "Seoul", "Tokyo"), "Singapore", "SG"),
        ("The trade office in Hong Kong worked with partners in Shenzhen and Guangzhou.",
         ("Hong Kong", "Shenzhen", "Guangzhou"), "Hong Kong", "HK"),
        ("Mayors from Cali and Bogota visited Washington D.C. last week.",
         ("Cali", "Bogota", "Washington D.C."), "Washington D.C.", "US"),
        # listed among countries, the city-state is still the city on the map
        ("Consulates in China, Hong Kong and Japan issued visas.", ("China", "Hong Kong", "Japan"),
         "Hong Kong", "HK"),
    ],
)
def test_a_city_state_is_its_city_not_its_area(
    gazetteer: Gazetteer, text: str, names: tuple[str, ...], name: str, country: str
) -> None:
    # invented: the area and its namesake city lie on one point; the story means the city
    mentions = resolve_toponyms(parsed(text, *names), gazetteer)
    res = place(next(m for m in mentions if m.span.text == name))
    assert (res.place.kind, res.place.country) == ("city", country)


@pytest.mark.parametrize("name", ["Florida", "Oklahoma", "Montana"])
def test_a_state_is_not_a_small_town_at_its_middle(gazetteer: Gazetteer, name: str) -> None:
    # invented: a namesake town near the state's centroid holds few of its people; the state stays
    text = f"Lawmakers from {name} and Texas met in Austin."
    mentions = resolve_toponyms(parsed(text, name, "Texas", "Austin"), gazetteer)
    assert place(mentions[0]).place.kind == "admin1"


def test_a_municipality_written_city_is_its_city(gazetteer: Gazetteer) -> None:
    # invented: "X City" is also the municipality's (admin1) name; the city of the name is meant
    res = resolve_name("Taichung City", gazetteer)
    assert isinstance(res, Resolved)
    assert (res.place.kind, res.place.country) == ("city", "TW")


@pytest.mark.parametrize(
    ("name", "country", "admin1", "lat", "lon"),
    [
        ("Nagaizumi-cho", "JP", "37", 35.14, 138.9),  # Shizuoka
        ("Harima-cho", "JP", "13", 34.72, 134.88),  # Hyogo
        ("Yokote-shi", "JP", "02", 39.32, 140.55),  # Akita
        ("Suwon-si", "KR", "13", 37.29, 127.01),  # Gyeonggi
    ],
)
def test_a_municipal_suffix_names_the_town_of_its_stem(
    gazetteer: Gazetteer, name: str, country: str, admin1: str, lat: float, lon: float
) -> None:
    # invented: the romanised word for town/city glued on by a hyphen; the gazetteer knows the stem
    res = resolve_name(name, gazetteer)
    assert isinstance(res, Resolved)
    assert (res.place.country, res.place.admin1) == (country, admin1)
    assert abs(res.place.lat - lat) < 0.2
    assert abs(res.place.lon - lon) < 0.2
