"""The trips stage on the patterns of real reporting, each with an invented short article through the whole
per-document pipeline (every text below is INVENTED: real places, made-up people and events)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from geo.models import Extraction, Resolved, TripRecord
from geo.pipeline import Extractor
from geo.read.reading import read_document
from geo.trips.events import _under_way, _unrealised


def extract(nlp: Any, gazetteer: Any, tmp_path: Path, text: str, published: str) -> Extraction:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    path.with_suffix(".json").write_text(json.dumps({"published": published, "notes": "INVENTED"}),
                                         encoding="utf-8")
    return Extractor(nlp, gazetteer).extract(read_document(path))


def place_names(extraction: Extraction, indices: tuple[int, ...]) -> list[str]:
    """The gazetteer's names of places, without diacritics ("Wŏnju" -> "Wonju")."""
    out = []
    for i in indices:
        res = extraction.places[i].resolution
        name = res.place.name if isinstance(res, Resolved) else extraction.places[i].span.text
        out.append(unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode())
    return out


def only_trip(extraction: Extraction) -> TripRecord:
    found = [(place_names(extraction, t.origins), place_names(extraction, t.destinations))
             for t in extraction.trips]
    assert len(extraction.trips) == 1, found
    return extraction.trips[0]


# (what the pattern is, the article, published, origins, destinations, status)
PATTERNS = [
    ("a Korean province named with its suffix",
     "On June 3, a delegation of 13 officials from Hunan Province, headed by Executive Vice Governor Zhang "
     "Lihua, visited Kim Sang-ho, deputy governor for administration, in Gyeongsangbuk-do province.\n",
     "2024-06-05", ["Hunan Sheng"], ["Gyeongsangbuk-do"], "completed"),
    ("a city met in a country visited; a country with no city named stays",
     "A delegation from Ho Chi Minh City is on a working visit to Australia and New Zealand.\n"
     "During their trip to Australia, the delegation is scheduled to have working sessions with leaders of "
     "Melbourne city.\n", "2024-05-10", ["Ho Chi Minh City"], ["Melbourne", "New Zealand"], "ongoing"),
    ("a dateline after a page's date stamp, with a two-word agency",
     " date 2019-08-27 TAIPEI (Island News) – The U.S. trade delegation led by Mississippi Governor Tom "
     "Harlan met with President Lin Mei-hua on Tuesday.\n", "2019-08-27", ["Mississippi"], ["Taipei"],
     "completed"),
    ("a dateline closed by its date",
     "BAKU, Azerbaijan, February 11. The twinning memorandum was signed during a meeting of a delegation "
     "from the United Arab Emirates with the head of the city executive.\n", "2025-02-11",
     ["United Arab Emirates"], ["Baku"], "completed"),
    ("a nationality word tells the travellers' home",
     "MUSCATINE, Iowa - A Chinese delegation toured a soybean farm near Muscatine on Tuesday.\n",
     "2024-09-12", ["China"], ["Muscatine"], "completed"),
    ("travellers abroad, doing something there",
     "Kisumu Governor Peter Anyang and 12 county officials are in China this week to seek investors.\n\n"
     "The delegation attended a trade fair in Changsha on Monday.\n",
     "2024-06-20", ["Kisumu"], ["Changsha"], "ongoing"),  # "are in China this week": still under way
    ("an office holder's home is the state the story keeps naming",
     "Governor Ellen Marsh wrapped up a week of trade meetings in Seoul on Friday, promoting Oregon wheat "
     "and "
     "Oregon wine.\nOregon exports to Korea rose 12 percent last year.\n",
     "2022-10-22", ["Oregon"], ["Seoul"], "completed"),
    ("a trip to come is planned",
     "Mayor Dana Whitfield of Dayton will lead a delegation to Osaka in August.\n",
     "2024-06-03", ["Dayton"], ["Osaka"], "planned"),
    ("a proposed trip is a planned one",
     "It is proposed that Mayor Dana Whitfield of Dayton should lead a delegation to Osaka next year.\n",
     "2024-06-03", ["Dayton"], ["Osaka"], "planned"),
    ("a place sending people",
     "This week, Shaanxi is sending some 40 students to Minnesota for a month of classes.\n",
     "2024-06-03", ["Shaanxi Sheng"], ["Minnesota"], "ongoing"),
    ("a trip under way is ongoing",
     "A delegation from Busan is visiting Wheeling this week to mark the friendship of the two cities.\n",
     "2017-06-09", ["Busan"], ["Wheeling"], "ongoing"),
    ("a country's cities visited are the destinations",
     "Queensland's trade minister led a mission to India in February. In New Delhi the group met investors, "
     "and in Hyderabad it visited a vaccine plant.\n",
     "2025-03-10", ["Queensland"], ["New Delhi", "Hyderabad"], "completed"),
    ("paying a city a visit",
     "ROANOKE, Va. - A group from Wonju, South Korea, is paying Roanoke a visit this week.\n",
     "2024-05-17", ["Wonju"], ["Roanoke"], "ongoing"),
    ("a press release's exclamation is still a report",
     "Mayor Jane Roe welcomed the Lord Mayor of Kanifing, Omar Faal, and his delegation to Freetown!\n",
     "2021-04-07", ["Kanifing"], ["Freetown"], "completed"),
    ("a signing placed by the ceremony told next",
     "A delegation from Cape Town led by mayor Pieter Lamb signed an agreement on Tuesday to make Cape Town "
     "and Nairobi sister cities.\nDuring the ceremony in Nairobi, Lamb said trade would follow.\n",
     "2023-05-24", ["Cape Town"], ["Nairobi"], "completed"),
    ("a wire dateline of capitals, a full stop and the agency",
     "KOSTANAY. KAZINFORM The document was signed on Friday during a meeting between the akim of the region "
     "and an official delegation from Tashkent.\n",
     "2017-11-18", ["Tashkent"], ["Kostanay"], "completed"),
    ("the delegation's other members from other towns are no stops",
     "A delegation from Fort Worth led by Mayor Carl Dunne will travel to Accra from August 1-3.\n"
     "Others in the delegation will include council members and staff from Miramar and Hialeah.\n",
     "2023-07-17", ["Fort Worth", "Miramar", "Hialeah"], ["Accra"], "planned"),
    ("the one met with is the traveller when the visit is his",
     "The Foreign Secretary, Luis Ortega, met with the Governor of Arizona, Dan Pratt, this Thursday during "
     "the governor's work visit to Mexico City.\n",
     "2015-06-19", ["Arizona"], ["Mexico City"], "completed"),
    ("travellers who are somewhere now are on their way",
     "A 30-member delegation from Kurashiki is in Christchurch to mark the sister city anniversary.\n",
     "2012-11-20", ["Kurashiki"], ["Christchurch"], "ongoing"),
    ("travellers who will be in a town the recogniser takes for a people",
     "Councillors from Timaru will be in Suqian from August 24 to 28.\n",
     "2024-08-01", ["Timaru"], ["Suqian"], "planned"),
    ("a home under two gazetteer entries is no stop of the journey",
     "The Taichung City delegation visited Martinez on Friday. Mayor Lu of Taichung City could not attend. "
     "She flew back to Taichung ahead of the typhoon.\n",
     "2024-07-27", ["Taichung"], ["Martinez"], "completed"),
    ("the post a traveller went in is his home, with what holds it",
     "Li Wei first visited Muscatine in 1985 as party chief of Zhengding County in Hebei province.\n",
     "2014-03-01", ["Zhengding"], ["Muscatine"], "completed"),
    ("where hosts met a delegation headed by its governor",
     "Party Secretary Lou Qinjian met with a Gangwon delegation headed by Governor Kim Jin-tae in Nanjing "
     "on Monday.\n", "2024-06-28", ["Gangwon-teukbyeoljachido"], ["Nanjing"], "completed"),
    ("whoever speaks of a visiting delegation hosts it (invented)",
     "Kobe delegation learning from Perth\n\nPerth's Lord Mayor says a visiting Japanese delegation is keen "
     "to learn about local industries.\n\nThe 30-member delegation is from Kobe.\n",
     "2012-11-13", ["Kobe"], ["Perth"], "ongoing"),
    ("a journey planned on, not made (invented)",
     "Oregon news.\n\nMayor Ann Bell of Eugene has been planning on visiting Kakegawa with a group of about "
     "20 people.\n", "2020-03-12", ["Eugene"], ["Kakegawa"], "planned"),
    ("a journey called off is kept, cancelled (invented)",
     "Trade mission.\n\nGovernor Ann Smith of Ohio was supposed to embark on a trade mission to Chile and "
     "Peru in 2021, but the trip was canceled due to travel restrictions.\n", "2022-05-01", ["Ohio"],
     ["Chile", "Peru"], "cancelled"),
    ("where officials are from, on the subject of a verb of going",
     "Officials in Oregon travelled to Busan last week.\n",
     "2023-05-02", ["Oregon"], ["Busan"], "completed"),
    ("travellers attending an event set somewhere else",
     "Twelve Kansas lawmakers have signed up to attend the annual congress of rural legislators, scheduled "
     "for mid October in Denver.\n", "2024-06-01", ["Kansas"], ["Denver"], "planned"),
    ("an event attended, held in a place",
     "The mayor of Osaka will attend a summit held in Singapore.\n", "2024-06-01", ["Osaka"],
     ["Singapore"], "planned"),
    ("the dateline's own body as the host, after a clause of time telling another journey",
     "OSAKA (Invented Wire) — After the mayor of Osaka's sister city San Francisco left Japan last week, the "
     "city government welcomed a delegation of business leaders from San Francisco on October 28.\n",
     "2024-11-02", ["San Francisco"], ["Osaka"], "completed"),
    ("visitors from the sister city of the dateline's town, who were supposed to come",
     "MODESTO — In August, a choir from Modesto's sister city, Kurume, Japan, was supposed to come and sing "
     "at the county fair.\n", "2025-06-01", ["Kurume"], ["Modesto"], "planned"),
    ("a province named like a person after 'the province of'",
     "A delegation from the central province of Thanh Hoa led by Chairman Le Van Binh visited Vientiane "
     "last week.\n", "2025-06-01", ["Thanh Hoa"], ["Vientiane"], "completed"),
    ("a region named with its unit, inside the country named with it",
     "An official delegation from Syrdarya region of Uzbekistan visited Kokshetau on Friday.\n", "2017-11-18",
     ["Sirdaryo"], ["Kokshetau"], "completed"),
    ("a region the model takes for an organisation, with its unit",
     "A delegation of Kyrgyzstan's Jalal-Abad Oblast arrived in Namangan on Tuesday.\n", "2017-11-18",
     ["Jalal-Abad"], ["Namangan"], "completed"),
    ("a county's officer, from the county the story names",
     "The budget of Chester County passed on Tuesday. Commissioner Ann Lee will be visiting Anhui in "
     "October.\n", "2024-06-01", ["Chester County"], ["Anhui Sheng"], "planned"),
    ("a local school's students under their paper's dateline",
     "MODESTO — Four high school seniors went to Kurume, Japan, in a student exchange program in "
     "October.\n", "2022-12-21", ["Modesto"], ["Kurume"], "completed"),
    ("the dateline's town among the places abroad is where the travellers set out",
     "MODESTO — Four high school seniors travelled to Kurume, Japan, and came back to the city on "
     "Friday.\n", "2022-12-21", ["Modesto"], ["Kurume"], "completed"),
    ("a journey slated",
     "Governor Ann Brook of Ohio is slated to visit Japan over the next few months.\n", "2024-06-01",
     ["Ohio"], ["Japan"], "planned"),
    ("a journey told by 'is to', arranged (invented)",
     "A delegation from Wellington is to visit Kunming, China, to sign a trade accord.\n", "2023-02-23",
     ["Wellington"], ["Kunming"], "planned"),
    ("a council's motion to send delegates (invented)",
     "The motion to send three councillors to Kanazawa was carried unanimously at Wednesday's meeting.\n",
     "2023-02-23", [], ["Kanazawa"], "planned"),
    ("travellers 'from around' a province (invented)",
     "Mayors from around British Columbia will travel to China in May.\n", "2023-02-23",
     ["British Columbia"], ["China"], "planned"),
    ("the governor of the state visited, named beside the traveller, hosts (invented)",
     "Governor Ann Lee of Ohio and Governor Tom Hart of Iowa visited Ohio's largest port on Tuesday.\n",
     "2023-02-23", ["Iowa"], ["Ohio"], "completed"),
    ("a headline's 'X to lead', to come (invented)",
     "Governor Ann Brook of Ohio to lead trade mission to India\n", "2023-02-23", ["Ohio"], ["India"],
     "planned"),
    ("a journey refused permission is called off (invented)",
     "Earlier, the ministry had denied permission to Governor Ann Lee of Ohio to visit Taipei from May 7 to "
     "11.\n", "2023-05-30", ["Ohio"], ["Taipei"], "cancelled"),
    ("a place's trade mission to somewhere else is the place's (invented)",
     "Later this month, Minister Ann Lee will lead an Ontario trade mission to South Korea and Japan.\n",
     "2023-05-30", ["Ontario"], ["South Korea", "Japan"], "planned"),
    ("an invitation to visit received (invented)",
     "The Belgrade mayor received an invitation to visit the city of Ljubljana.\n", "2023-02-23",
     ["Belgrade"], ["Ljubljana"], "planned"),
]


@pytest.mark.parametrize(("pattern", "text", "published", "origins", "destinations", "status"), PATTERNS,
                         ids=[p[0] for p in PATTERNS])
def test_a_pattern_of_real_reporting(nlp: Any, gazetteer: Any, tmp_path: Path, pattern: str, text: str,
                                     published: str, origins: list[str], destinations: list[str],
                                     status: str) -> None:
    extraction = extract(nlp, gazetteer, tmp_path, text, published)
    trip = only_trip(extraction)
    assert place_names(extraction, trip.origins) == origins
    assert place_names(extraction, trip.destinations) == destinations
    assert trip.status == status


def test_a_trip_confirmed_for_a_month_is_planned_for_the_next_one(nlp: Any, gazetteer: Any,
                                                                  tmp_path: Path) -> None:
    # invented: "confirmed" in the past, the trip to come; June of the article's year, not the last one
    text = "Governor Ana Souza of Goias confirmed a trip to China in June.\n"
    trip = only_trip(extract(nlp, gazetteer, tmp_path, text, "2023-05-10"))
    assert trip.status == "planned"
    assert trip.date is not None
    assert trip.date.label() == "2023-06"


@pytest.mark.parametrize(("text", "month"), [
    # invented: called off in June, the July that was to come; in May, the March that passed
    ("In July, students from Tsubame, Japan, were supposed to come to Sheboygan, but the trip was "
     "cancelled.\n", "2025-07"),
    ("The trip of students from Tsubame, Japan, to Sheboygan in March was cancelled.\n", "2025-03"),
])
def test_a_journey_called_off_is_dated_by_the_nearest_month_it_names(nlp: Any, gazetteer: Any,
                                                                     tmp_path: Path, text: str,
                                                                     month: str) -> None:
    published = "2025-06-18" if month == "2025-07" else "2025-05-20"
    trip = only_trip(extract(nlp, gazetteer, tmp_path, text, published))
    assert trip.status == "cancelled"
    assert trip.date is not None
    assert trip.date.label() == month


def test_ships_that_left_a_port_make_no_journey(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    # invented: a history the festival marks, not travellers
    text = "The festival marks 400 years since the first slave ships left Ghana for Virginia in 1619.\n"
    assert extract(nlp, gazetteer, tmp_path, text, "2019-12-27").trips == ()


def test_the_country_of_a_place_is_the_place(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    # invented: "the African country of Ghana" is Ghana
    text = "Mayor Ann Lee of Dayton and two staffers are headed to the African country of Ghana.\n"
    extraction = extract(nlp, gazetteer, tmp_path, text, "2019-12-27")
    assert place_names(extraction, only_trip(extraction).destinations) == ["Ghana"]


def test_a_stop_on_the_itinerary_is_to_come_not_under_way(nlp: Any) -> None:
    # invented: "on the itinerary" tells a plan, not travellers somewhere now
    doc = nlp("A visit to a factory in Osaka is also on the itinerary.")
    verb = next(t for t in doc if t.lemma_ == "be")
    visit = next(t for t in doc if t.lower_ == "visit")
    assert not _under_way(verb)
    assert _unrealised(visit)


def test_a_journey_proposed_for_a_later_year_is_another_than_one_made(nlp: Any, gazetteer: Any,
                                                                      tmp_path: Path) -> None:
    # invented: "it is proposed she travel" (a subjunctive) is planned, and not the 2014 journey
    text = ("Mayor Ann Lee of Dayton visited Kunming in 2014. In 2019 it is proposed she travel to Chengdu "
            "to attend a forum.\n")
    extraction = extract(nlp, gazetteer, tmp_path, text, "2018-06-01")
    found = sorted((place_names(extraction, t.destinations), t.status) for t in extraction.trips)
    assert found == [(["Chengdu"], "planned"), (["Kunming"], "completed")]


def test_an_airport_on_the_way_is_no_destination(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    # invented: the airport they set off from is not where they went
    text = ("The twinning delegation of Kilkenny headed off by bus to Dublin Airport this morning for their "
            "weekend trip to Saint-Contest in Normandy.\n")
    extraction = extract(nlp, gazetteer, tmp_path, text, "2023-10-28")
    assert place_names(extraction, only_trip(extraction).destinations) == ["Saint-Contest"]


def test_a_previous_visit_recalled_does_not_make_the_planned_one_made(nlp: Any, gazetteer: Any,
                                                                     tmp_path: Path) -> None:
    # invented: the visit to come stays planned beside "their previous visit to China"
    text = ("Commissioner Ann Lee of Chester County will be visiting China again in October. The reason for "
            "her trip is to go to a groundbreaking in Anhui. They established this cooperation through their "
            "previous visit to China.\n")
    extraction = extract(nlp, gazetteer, tmp_path, text, "2017-10-02")
    to_anhui = [t for t in extraction.trips if place_names(extraction, t.destinations) == ["Anhui Sheng"]]
    assert [t.status for t in to_anhui] == ["planned"]


def test_the_mayor_of_the_city_visited_is_no_traveller(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    # invented: each mayor's office is named with its city; only the one from elsewhere travelled
    text = "Mayor Ana Petrovic of Belgrade and Mayor Marko Ilic of Skopje toured Belgrade on Tuesday.\n"
    extraction = extract(nlp, gazetteer, tmp_path, text, "2023-02-23")
    trip = only_trip(extraction)
    assert place_names(extraction, trip.origins) == ["Skopje"]
    assert trip.participants == ("Marko Ilic",)


def test_a_titles_post_is_the_travellers_home_under_a_headline_of_its_own(nlp: Any, gazetteer: Any,
                                                                         tmp_path: Path) -> None:
    # the blank line ends the headline: run into the lead, it made Monterrey a place visited
    text = ("U.S. Consul General Maria Lund visits Torreon\n\nConsul General Lund Visits Torreon\n\n"
            "The U.S. Consul General in Monterrey, Maria Lund, visited Torreon accompanied by consulate "
            "staff.\n")
    extraction = extract(nlp, gazetteer, tmp_path, text, "2023-05-02")
    trip = only_trip(extraction)
    assert place_names(extraction, trip.origins)[0] == "Monterrey"
    assert place_names(extraction, trip.destinations) == ["Torreon"]


def test_a_nationality_home_is_no_place_mention(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    from geo.views.atlas import build_atlas

    text = "MUSCATINE, Iowa - A Chinese delegation toured a soybean farm near Muscatine on Tuesday.\n"
    atlas = build_atlas([extract(nlp, gazetteer, tmp_path, text, "2024-09-12")])
    china = next(p for p in atlas.places if p.country == "CN")
    assert china.mentions == ()
    assert china.id in atlas.trips[0].origins


def test_participants_listed_with_the_delegation_and_who_leads_it(nlp: Any, gazetteer: Any,
                                                                  tmp_path: Path) -> None:
    text = ("A delegation from Fort Worth led by Mike Hollis left for Toluca on Monday.\n"
            "The delegation includes Doug Harmon, Irene Castle and Manny Reeves.\n")
    extraction = extract(nlp, gazetteer, tmp_path, text, "2013-04-17")
    trip = only_trip(extraction)
    assert set(trip.participants) >= {"Mike Hollis", "Doug Harmon", "Irene Castle", "Manny Reeves"}
    assert dict(trip.participant_roles)["Mike Hollis"] == "head of delegation"


@pytest.mark.parametrize(("text", "members"), [
    # a list after the cue, item after item, whatever the parser makes of the semicolons
    ("A delegation from Taizhou visited Decatur on Monday.\n"
     "The delegation consists of Wen Lipin, director of the Taizhou Education Bureau; Gao Meiyu, a high "
     "school principal; Lu Hanbo, a high school teacher serves as interpreter; Tang Jiawei, executive "
     "director of the Taizhou People's Government.\n", {"Wen Lipin", "Gao Meiyu", "Lu Hanbo", "Tang Jiawei"}),
    ("A delegation of Kenyan governors arrived in Boston on Monday.\n"
     "In the delegation are: Peter Kamau - Governor, County of Nakuru; Ann Wambui - Governor, County of "
     "Kiambu; and Mr. Joseph Otieno - Chairman, Council of Governors.\n",
     {"Peter Kamau", "Ann Wambui", "Joseph Otieno"}),
    ("A delegation from Fort Worth left for Toluca on Monday.\n"
     "Also traveling with the delegation are Manny Reeves, Toluca Vice Chair and Irene Castle, Vice "
     "President of Fort Worth Sister Cities.\n",
     {"Manny Reeves", "Irene Castle"}),
    ("A delegation from Invercargill will visit Suqian in August.\n"
     "Chamber of Commerce President Carla Morton and Paul Hastings will also be part of the delegation.\n",
     {"Carla Morton", "Paul Hastings"}),
    # the people invited to take part, told right after the journey
    ("Morpeth's civic party has returned from a twinning visit to Voerde.\n"
     "Mayor Ann Reed, deputy mayor Tom Hale and town clerk Sam Ford were invited to help celebrate the "
     "town's anniversary.\n", {"Ann Reed", "Tom Hale", "Sam Ford"}),
])
def test_travellers_listed_after_a_cue(nlp: Any, gazetteer: Any, tmp_path: Path, text: str,
                                       members: set[str]) -> None:
    trip = only_trip(extract(nlp, gazetteer, tmp_path, text, "2024-06-04"))
    assert set(trip.participants) >= members


def test_a_host_named_after_the_list_cue_is_no_traveller(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    text = ("A delegation from Taizhou visited Decatur on Monday.\n"
            "The delegation, which included Wen Lipin, was welcomed by Mayor John Schuler.\n")
    trip = only_trip(extract(nlp, gazetteer, tmp_path, text, "2024-06-04"))
    assert "Wen Lipin" in trip.participants
    assert "John Schuler" not in trip.participants


def test_everyone_coordinated_after_led_by_heads_the_delegation(nlp: Any, gazetteer: Any,
                                                                tmp_path: Path) -> None:
    text = ("A delegation from Fort Worth will visit Toluca next week. The delegation will be led by Mike "
            "Hollis, Director Emeritus of Fort Worth Sister Cities and Doug Harmon, Chair of the Toluca "
            "Committee.\n")
    roles = dict(only_trip(extract(nlp, gazetteer, tmp_path, text, "2013-04-10")).participant_roles)
    assert roles.get("Mike Hollis") == roles.get("Doug Harmon") == "head of delegation"


@pytest.mark.parametrize(("text", "organizer"), [
    # invented: who hosts, pays for or funds a journey, through the verb's agent
    ("As part of a joint programme co-hosted by the Andean Mayors Federation and Georgetown University, a "
     "delegation of Peruvian mayors visited Washington last week.\n", "Andean Mayors Federation"),
    ("A Texas delegation visited Mexico City last week on a trip paid for by the Texas Chamber of "
     "Commerce.\n", "Texas Chamber of Commerce"),
    ("At the invitation of the Shaanxi Foreign Affairs Office, a delegation from Minnesota visited Xi'an "
     "on Tuesday.\n", "Shaanxi Foreign Affairs Office"),
    ("The Michigan Economic Development Corp. will lead the trade trip to Shanghai next week.\n",
     "Michigan Economic Development Corp."),
    ("A delegation led by Jennifer Walsh, president of the Tucson Sister Cities Association, visited Trikala "
     "last week.\n", "Tucson Sister Cities Association"),
    # the organisation a journey is made with, or of the one who organised it
    ("Gov. Mark Dalton will lead a Louisiana delegation to Israel from Oct. 26 to Nov. 2. The trip, "
     "announced Thursday, will be focused on trade.\n\nDalton's office said the trip is in partnership "
     "with the National Governors Association.\n", "National Governors Association"),
    ("SEATTLE (AP) — Community members welcomed two officials from Taiwan on Monday.\n"
     "City Councilor Mei-Lin Wu and Alan Lee visited a seafood restaurant to strengthen ties.\n"
     "The official visits were organized by Felicity Wong, president of the North America Mazu Cultural "
     "Exchange Association.\n", "North America Mazu Cultural Exchange Association"),
    # the hosts whose guests the travellers are
    ("The mayor of Fort Worth, Carl Dunne, will visit Accra next month as guest of the Mayor and the Accra "
     "Metropolitan Assembly.\n", "Accra Metropolitan Assembly"),
    # the body whose meeting the travellers attend
    ("Fifteen Kansas lawmakers will attend the annual meeting of the National Conference of State "
     "Legislatures in Seattle.\n", "National Conference of State Legislatures"),
    # an official journey with no other organiser named is its home government's
    ("A delegation from Invercargill visited Suqian last month. The Invercargill City Council paid for the "
     "flights.\n", "Invercargill City Council"),
])
def test_who_organised_the_trip(nlp: Any, gazetteer: Any, tmp_path: Path, text: str, organizer: str) -> None:
    extraction = extract(nlp, gazetteer, tmp_path, text, "2018-10-11")
    assert only_trip(extraction).organizer == organizer


def test_an_undated_trip_under_way_is_dated_by_the_article(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    text = "A delegation from Busan is visiting Wheeling to mark the friendship of the two cities.\n"
    trip = only_trip(extract(nlp, gazetteer, tmp_path, text, "2017-06-09"))
    assert trip.status == "ongoing"
    assert trip.date is not None
    assert trip.date.label() == "2017-06"


@pytest.mark.parametrize(("text", "place"), [
    ("Visitors mark a bond\n\nSPOKANE, Wash.-A delegation of 14 arrived.", "SPOKANE"),  # the dash glued on
    ("ROCHESTER, Minn. — The city hosted a delegation.", "ROCHESTER"),
    ("MADISON, Wis. (AP) -- Officials left for Japan.", "MADISON"),
])
def test_a_dateline_below_a_headline_is_read(text: str, place: str) -> None:
    from geo.trips.layout import _DATELINE

    found = _DATELINE.search(text)
    assert found is not None
    assert found.group(1) == place


def test_an_earlier_journey_by_the_same_traveller_is_another_trip(nlp: Any, gazetteer: Any,
                                                                   tmp_path: Path) -> None:
    text = ("LANSING — Gov. Ann Keller will leave Sunday for a nine-day trade trip to China, her seventh "
            "since taking office.\n"
            "Keller's trip will include stops in Beijing and Chengdu.\n"
            "Keller last visited China in November.\n")
    extraction = extract(nlp, gazetteer, tmp_path, text, "2017-07-28")
    by_status = {t.status: t for t in extraction.trips}
    assert set(by_status) == {"planned", "completed"}, extraction.trips
    earlier = by_status["completed"].date
    assert earlier is not None
    assert earlier.start.startswith("2016-11")
    assert "Ann Keller" in by_status["completed"].participants


def test_first_lady_and_excellency_are_titles_not_names(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    text = ("Gov. Mark Dalton and First Lady Ruth Dalton will leave for Germany on Friday.\n"
            "In the delegation are: H.E. Samuel Kiprono - Governor; H.E. Grace Achieng - Governor.\n")
    names = {p.name for p in extract(nlp, gazetteer, tmp_path, text, "2023-03-03").people}
    assert {"Ruth Dalton", "Samuel Kiprono", "Grace Achieng"} <= names, names


def test_travellers_listed_further_down_join_the_journey_not_its_hosts(nlp: Any, gazetteer: Any,
                                                                       tmp_path: Path) -> None:
    text = ("A delegation of six lieutenant governors will arrive in Israel on Friday for a weeklong trade "
            "mission.\n"
            "The trip \"will deepen the partnership,\" said Andrew Rowe, a spokesperson for the foundation.\n"
            "Participants will include Janet Moreno of Florida, Susan Crane of Indiana and mission chair "
            "Adam Greer of Iowa.\n"
            "Jon Hustad had been scheduled to join the delegation, according to Rowe.\n"
            "The delegation is scheduled to meet with a number of senior officials, including Prime Minister "
            "Daniel Levin and Defense Minister Benjamin Gal.\n")
    trip = only_trip(extract(nlp, gazetteer, tmp_path, text, "2022-03"))
    assert {"Janet Moreno", "Susan Crane", "Adam Greer"} <= set(trip.participants)
    assert not {"Daniel Levin", "Benjamin Gal", "Andrew Rowe"} & set(trip.participants)
    assert trip.date is not None
    assert trip.date.label() == "2022-03"  # "on Friday" in an article dated only by its month


@pytest.mark.parametrize("text", [
    # a headline above a byline and a date line: the tie is told only there
    "\n    Chinese sister city delegation coming to Toledo\n\n    By Jane Roe / The Blade,\n\n"
    "    2024-07-21\n\n\n"
    "    A delegation from Nanchong, China, will visit Toledo on Monday.\n\n"
    "    The visitors will tour the port and meet the mayor.\n",
    "A delegation of students from its twin town of Alzey visited Harpenden last week.\n",
])
def test_a_journey_told_as_a_ties_is_under_it(nlp: Any, gazetteer: Any, tmp_path: Path, text: str) -> None:
    trip = only_trip(extract(nlp, gazetteer, tmp_path, text, "2024-07-19"))
    assert trip.program is not None
    assert "sister city" in trip.program


def test_no_tie_word_no_tie_program(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    text = "A delegation from Nanchong will arrive in Toledo on Monday for a four-day visit.\n"
    assert only_trip(extract(nlp, gazetteer, tmp_path, text, "2024-07-19")).program is None


def test_travellers_named_after_the_journey_are_its_travellers(nlp: Any, gazetteer: Any,
                                                               tmp_path: Path) -> None:
    text = ("SEATTLE (AP) — Community members welcomed two officials from Taiwan on Monday.\n"
            "City Councilor Mei-Lin Wu and Alan Lee visited a seafood restaurant to strengthen ties.\n")
    trip = only_trip(extract(nlp, gazetteer, tmp_path, text, "2024-07-31"))
    assert {"Mei-Lin Wu", "Alan Lee"} <= set(trip.participants)


def test_a_trip_to_a_country_goes_to_the_homes_sister_city_there(nlp: Any, gazetteer: Any,
                                                                 tmp_path: Path) -> None:
    text = ("Richmond's mayor will lead a 22-member delegation to China next month.\n"
            "A letter of intent to become sister cities was signed in 2011, when a delegation from Xiamen "
            "visited Richmond.\n")
    extraction = extract(nlp, gazetteer, tmp_path, text, "2012-03-20")
    outbound = [t for t in extraction.trips if place_names(extraction, t.origins) == ["Richmond"]]
    assert len(outbound) == 1
    assert place_names(extraction, outbound[0].destinations) == ["Xiamen"]


def test_trips_told_in_the_plural_are_one_per_place(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    text = ("MONTGOMERY, Ala. (AP) — Alabama legislators will be globe-trotting this summer, with trips "
            "planned to Brussels, Beijing and Taiwan.\n"
            "Five plan to visit Taiwan in mid June.\n")
    extraction = extract(nlp, gazetteer, tmp_path, text, "2005-05-20")
    assert sorted(place_names(extraction, t.destinations)[0] for t in extraction.trips) == [
        "Beijing", "Brussels", "Taiwan"]


def test_one_trip_to_several_places_stays_one(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    text = "The governor's trip to Brussels, Beijing and Taiwan begins on Monday.\n"
    assert len(extract(nlp, gazetteer, tmp_path, text, "2005-05-20").trips) == 1


def test_roles_from_a_plural_title_and_in_brackets(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    text = ("A delegation from Invercargill will visit Suqian in August.\n"
            "The delegation includes Deputy Mayor Rebecca Amund, Councillors Lesley Sopwith, Graham Lowe and "
            "Alex Crane.\n"
            "The Chief Minister will be accompanied by Rajesh Kumar Rajora and Raghvendra Kumar Singh "
            "(Principal Secretary, Department of Industrial Policy).\n"
            "Katie Vine, who served two terms as Mayor, welcomed the plan.\n")
    extraction = extract(nlp, gazetteer, tmp_path, text, "2017-08-01")
    roles = {k: [r.title for r in v] for k, v in extraction.roles.items()}
    assert roles["Graham Lowe"] == roles["Alex Crane"] == ["councillor"]
    assert roles["Raghvendra Kumar Singh"] == ["Principal Secretary"]
    assert "two terms as Mayor" not in roles.get("Katie Vine", [])


def test_a_wire_dateline_in_title_case_and_a_pages_date_stamp(nlp: Any, gazetteer: Any,
                                                               tmp_path: Path) -> None:
    text = (" date 2019-08-12 Hanoi (VNA) – A delegation of Hanoi led by Vice Secretary Dao Minh Tuan paid "
            "working trips to Myanmar, Brunei and Indonesia from July 28 to August 8.\n")
    extraction = extract(nlp, gazetteer, tmp_path, text, "2019-08-12")
    trip = only_trip(extraction)
    assert place_names(extraction, trip.origins) == ["Hanoi"]  # "a delegation of Hanoi"
    assert "Hanoi" not in place_names(extraction, trip.destinations)
    assert trip.date is not None
    assert trip.date.start == "2019-07-28"  # not the page's date stamp


def test_an_invitation_names_the_organiser_over_the_travellers_own_body(nlp: Any, gazetteer: Any,
                                                                        tmp_path: Path) -> None:
    text = ("Mr. Song Lin, Vice President of the Chinese People's Association for Friendship with Foreign "
            "Countries (CPAFFC) met in Beijing on Sunday with the Japan National Mayor Association (JNMA) "
            "delegation.\n"
            "At the invitation of CPAFFC, the delegation is visiting Beijing, Guilin and Shanghai.\n")
    trip = only_trip(extract(nlp, gazetteer, tmp_path, text, "2017-03-06"))
    assert trip.organizer == "Chinese People's Association for Friendship with Foreign Countries"


def test_a_consulate_mission_is_an_office_not_a_journey(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    text = ("Nepal already has two consulate missions in China, in Hong Kong and Lhasa.\n"
            "It plans to open one more diplomatic mission in Guangzhou next year.\n")
    assert extract(nlp, gazetteer, tmp_path, text, "2015-12-28").trips == ()


def test_a_journey_already_made_is_not_the_one_announced(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    text = ("LANSING - Gov. Tom Rall will leave Sunday for a nine-day trade trip to China.\n"
            "The trip will include stops in Beijing and Shanghai.\n"
            "He went to Europe last month.\n")
    extraction = extract(nlp, gazetteer, tmp_path, text, "2017-07-28")
    trips = {tuple(place_names(extraction, t.destinations)): t for t in extraction.trips}
    assert set(trips) == {("Beijing", "Shanghai"), ("Europe",)}, list(trips)
    assert trips[("Europe",)].status == "completed"
    assert trips[("Beijing", "Shanghai")].status == "planned"


@pytest.mark.parametrize(("text", "recalled"), [
    # a journey noun with its own time and traveller, beside the journey the sentence tells
    ("EDMONTON - Premier Ann Roy will visit Japan and Gangwon State, South Korea, from April 18 to 26.\n"
     "Premier Roy's stop in Gangwon comes on the heels of last year's visit to Alberta by Governor Park "
     "Min-ho.\n", ("Alberta",)),
    # "his visit ... earlier": the host's own journey, not the one the story is about
    ("NANJING - Party secretary Lou Wei met the Jeollabuk-do delegation led by Governor Song Ha-jin on June "
     "26.\nLou said that his visit to Jeollabuk-do just one month earlier was impressive.\n"
     "The visitors said they were delighted to visit Jiangsu.\n", ("Jeollabuk-do",)),
])
def test_a_journey_recalled_by_its_noun_is_a_journey_of_its_own(nlp: Any, gazetteer: Any, tmp_path: Path,
                                                                text: str, recalled: tuple[str, ...]) -> None:
    extraction = extract(nlp, gazetteer, tmp_path, text, "2025-04-19")
    told = [tuple(place_names(extraction, t.destinations)) for t in extraction.trips]
    assert recalled in told, told
    assert len(told) == 2, told


def test_a_person_of_the_travellers_home_on_the_journeys_line_travels(nlp: Any, gazetteer: Any,
                                                                      tmp_path: Path) -> None:
    text = ("A delegation from Cape Town arrived in Nairobi on Monday, and Cape Town mayor Pieter Lamb "
            "signed an agreement with governor Paul Otieno during the visit.\n")
    trip = only_trip(extract(nlp, gazetteer, tmp_path, text, "2023-05-24"))
    assert "Pieter Lamb" in trip.participants
    assert "Paul Otieno" not in trip.participants


def test_two_journeys_the_parser_ran_together_are_two(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    text = ("In 1989, Mayor Dave Kemp and a group of San Leandro residents traveled to Ponta Delgada and the "
            "President of the Azores visited San Leandro in 1990.\n")
    extraction = extract(nlp, gazetteer, tmp_path, text, "2022-05-01")
    told = sorted((place_names(extraction, t.destinations), t.date.start[:4] if t.date else None)
                  for t in extraction.trips)
    assert told == [(["Ponta Delgada"], "1989"), (["San Leandro"], "1990")]


def test_a_body_that_forms_the_delegation_organises_it_and_is_its_home(nlp: Any, gazetteer: Any,
                                                                        tmp_path: Path) -> None:
    text = ("Through the vice-governor Ana Lima, the government of Goiás started a series of meetings to "
            "form a delegation that will travel to China to negotiate agreements.\n")
    extraction = extract(nlp, gazetteer, tmp_path, text, "2023-05-10")
    trip = only_trip(extraction)
    assert trip.organizer == "government of Goiás"
    assert place_names(extraction, trip.origins) == ["Goias"]


def test_a_journey_to_come_is_not_dated_by_a_day_past(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    text = ("The governor met the Chinese ambassador on the 2nd of May to form a delegation that will travel "
            "to China.\n")
    trip = only_trip(extract(nlp, gazetteer, tmp_path, text, "2023-05-10"))
    assert trip.status == "planned"
    assert trip.date is None or trip.date.end >= "2023-05-10"


def test_a_date_since_which_is_no_date_of_the_journey(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    text = ("Alnwick councillors have returned from a twinning visit to Voerde.\n"
            "It was the first twinning visit to Voerde since local government reorganisation in 2009.\n")
    trip = only_trip(extract(nlp, gazetteer, tmp_path, text, "2019-06-18"))
    assert trip.date is None or not trip.date.start.startswith("2009")


def test_who_signed_for_the_visitors_just_after_the_journey_is_on_it(nlp: Any, gazetteer: Any,
                                                                     tmp_path: Path) -> None:
    text = ("Dresden, Ostrava sign twinning agreement\n\n"
            "DRESDEN, 10 March (Newswire) - Dresden and Ostrava have signed an agreement on twinning "
            "during a visit of an Ostrava delegation to Dresden.\n\n"
            "The two cities will cooperate in trade, culture and education.\n\n"
            "The agreement was signed by Ostrava Mayor Tomas Horak and Dresden Mayor Hans Keller.\n")
    trip = only_trip(extract(nlp, gazetteer, tmp_path, text, "2024-03-10"))
    assert "Tomas Horak" in trip.participants
    assert "Hans Keller" not in trip.participants


def test_whoever_joins_someone_on_a_delegation_goes_where_it_goes(nlp: Any, gazetteer: Any,
                                                                  tmp_path: Path) -> None:
    # invented: the parser hangs "to Samoa" on "join", not on the delegation
    text = ("Pacific trip.\n\nAnna Smith and John Brown will join Speaker Mary Jones on the parliamentary "
            "delegation to Samoa (October 28-29) and Tonga (October 30-November 1).\n")
    extraction = extract(nlp, gazetteer, tmp_path, text, "2019-10-27")
    trip = only_trip(extraction)
    assert place_names(extraction, trip.destinations) == ["Samoa", "Tonga"]
    assert {"Anna Smith", "John Brown", "Mary Jones"} <= set(trip.participants)
    assert trip.status == "planned"


def test_a_journey_called_off_is_not_the_journey_made(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    # invented: the band went; the choir's planned trip was called off
    text = ("Band news.\n\nThe Dayton band toured Kyoto in May. A planned trip by the Dayton choir to Osaka "
            "next spring was called off in June.\n")
    extraction = extract(nlp, gazetteer, tmp_path, text, "2024-07-01")
    told = sorted((place_names(extraction, t.destinations), t.status) for t in extraction.trips)
    assert told == [(["Kyoto"], "completed"), (["Osaka"], "cancelled")]


def test_an_event_attended_is_dated_by_when_it_is_set_inside_a_wider_date(nlp: Any, gazetteer: Any,
                                                                        tmp_path: Path) -> None:
    # INVENTED: "this summer" is the season the sentence opens with, "mid August" the event's date
    text = ("Also this summer, twelve Kansas lawmakers have signed up to attend the annual congress of rural "
            "legislators, scheduled for mid August in Denver.\n")
    trip = only_trip(extract(nlp, gazetteer, tmp_path, text, "2024-06-01"))
    assert trip.date is not None
    assert trip.date.start.startswith("2024-08")
    assert trip.status == "planned"


def test_a_topic_that_comes_up_is_no_journey(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    # INVENTED: "the idea came up ... in X": a topic comes up, nobody travels
    text = "The sister county idea came up again at Tuesday's meeting in Chester County.\n"
    extraction = extract(nlp, gazetteer, tmp_path, text, "2024-06-01")
    assert extraction.trips == ()
