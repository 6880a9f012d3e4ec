"""Date expressions resolved against the publication date and the dateline."""

from __future__ import annotations

from datetime import date

import pytest

from geo.language.dates import parse_published, resolve_date_text, resolve_dates
from geo.models import DateExpression, DateRange, Sentence, Span

FEB_2024 = date(2024, 2, 1)  # a Thursday
OCT_31_2023 = date(2023, 10, 31)  # a Tuesday
APR_2024 = date(2024, 4, 10)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        # relative to the publication date
        ("last November", FEB_2024, ("2023-11-01", "2023-11-30", "month")),
        # the day before the month, as British, Asian and wire copy write it
        ("26 and 27 June", APR_2024, ("2023-06-26", "2023-06-27", "day")),  # as "June 26 and 27"
        ("3-9 June 2019", APR_2024, ("2019-06-03", "2019-06-09", "day")),
        ("from 26 to 28 June", APR_2024, ("2023-06-26", "2023-06-28", "day")),
        ("between August 24-28", APR_2024, ("2023-08-24", "2023-08-28", "day")),
        ("between 24 and 28 August 2019", APR_2024, ("2019-08-24", "2019-08-28", "day")),
        # two months and the ones between
        ("during June and July", APR_2024, ("2023-06-01", "2023-07-31", "month")),
        ("from March to May 2019", APR_2024, ("2019-03-01", "2019-05-31", "month")),
        ("November to February", APR_2024, ("2023-11-01", "2024-02-29", "month")),
        ("last February", FEB_2024, ("2023-02-01", "2023-02-28", "month")),
        ("in November", APR_2024, ("2023-11-01", "2023-11-30", "month")),
        ("November", FEB_2024, ("2023-11-01", "2023-11-30", "month")),
        ("this November", APR_2024, ("2024-11-01", "2024-11-30", "month")),
        ("next March", FEB_2024, ("2024-03-01", "2024-03-31", "month")),
        ("in April", APR_2024, ("2024-04-01", "2024-04-30", "month")),
        ("on Tuesday", OCT_31_2023, ("2023-10-31", "2023-10-31", "day")),
        ("Tuesday", FEB_2024, ("2024-01-30", "2024-01-30", "day")),
        ("last Tuesday", OCT_31_2023, ("2023-10-24", "2023-10-24", "day")),
        ("next Monday", OCT_31_2023, ("2023-11-06", "2023-11-06", "day")),
        ("Monday morning", OCT_31_2023, ("2023-10-30", "2023-10-30", "day")),
        ("yesterday", OCT_31_2023, ("2023-10-30", "2023-10-30", "day")),
        ("earlier in the day", OCT_31_2023, ("2023-10-31", "2023-10-31", "day")),
        ("Saturday (Oct. 28", OCT_31_2023, ("2023-10-28", "2023-10-28", "day")),
        ("(October 12)", OCT_31_2023, ("2023-10-12", "2023-10-12", "day")),
        ("today", OCT_31_2023, ("2023-10-31", "2023-10-31", "day")),
        ("last week", FEB_2024, ("2024-01-22", "2024-01-28", "week")),
        ("this week", FEB_2024, ("2024-01-29", "2024-02-04", "week")),
        ("the past week", FEB_2024, ("2024-01-26", "2024-02-01", "week")),
        ("last month", FEB_2024, ("2024-01-01", "2024-01-31", "month")),
        ("earlier this month", APR_2024, ("2024-04-01", "2024-04-30", "month")),
        ("last year", FEB_2024, ("2023-01-01", "2023-12-31", "year")),
        ("this year", FEB_2024, ("2024-01-01", "2024-12-31", "year")),
        ("two years ago", FEB_2024, ("2022-01-01", "2022-12-31", "year")),
        ("three days ago", FEB_2024, ("2024-01-29", "2024-01-29", "day")),
        ("a month ago", FEB_2024, ("2024-01-01", "2024-01-31", "month")),
        ("this spring", FEB_2024, ("2024-03-01", "2024-05-31", "season")),
        ("last spring", APR_2024, ("2023-03-01", "2023-05-31", "season")),
        ("last summer", FEB_2024, ("2023-06-01", "2023-08-31", "season")),
        ("next fall", FEB_2024, ("2024-09-01", "2024-11-30", "season")),
        ("the weekend", FEB_2024, ("2024-01-27", "2024-01-28", "week")),
        ("last weekend", date(2024, 2, 4), ("2024-01-27", "2024-01-28", "week")),
        ("Oct. 31", date(2023, 11, 2), ("2023-10-31", "2023-10-31", "day")),
        ("Oct. 31", date(2023, 10, 20), ("2023-10-31", "2023-10-31", "day")),  # a few days ahead: same year
        ("Dec. 12", FEB_2024, ("2023-12-12", "2023-12-12", "day")),
        ("Tuesday, Oct. 31", date(2023, 11, 2), ("2023-10-31", "2023-10-31", "day")),
        ("31 October", date(2023, 11, 2), ("2023-10-31", "2023-10-31", "day")),
        ("mid-October", date(2023, 11, 2), ("2023-10-11", "2023-10-20", "month")),
        ("late November", FEB_2024, ("2023-11-21", "2023-11-30", "month")),
        ("early this year", APR_2024, ("2024-01-01", "2024-04-30", "year")),
        ("March 30-April 2", APR_2024, ("2024-03-30", "2024-04-02", "day")),
        ("March 3 to 7", APR_2024, ("2024-03-03", "2024-03-07", "day")),
        # absolute: the same with or without a reference
        ("in 2019", FEB_2024, ("2019-01-01", "2019-12-31", "year")),
        ("March 3-7, 2024", FEB_2024, ("2024-03-03", "2024-03-07", "day")),
        ("Oct. 31, 2023", FEB_2024, ("2023-10-31", "2023-10-31", "day")),
        ("November 2023", FEB_2024, ("2023-11-01", "2023-11-30", "month")),
        ("early 2023", FEB_2024, ("2023-01-01", "2023-04-30", "year")),
        ("late 2022", FEB_2024, ("2022-09-01", "2022-12-31", "year")),
        ("spring 2023", FEB_2024, ("2023-03-01", "2023-05-31", "season")),
        ("the 1990s", FEB_2024, ("1990-01-01", "1999-12-31", "decade")),
        ("2023-10-31", FEB_2024, ("2023-10-31", "2023-10-31", "day")),
        ("10/31/2023", FEB_2024, ("2023-10-31", "2023-10-31", "day")),
        ("Oct 31st 2023 at noon", FEB_2024, ("2023-10-31", "2023-10-31", "day")),  # dateparser's part
        ("in 2019", None, ("2019-01-01", "2019-12-31", "year")),
        ("March 3-7, 2024", None, ("2024-03-03", "2024-03-07", "day")),
        ("Oct. 31, 2023", None, ("2023-10-31", "2023-10-31", "day")),
        ("November 2023", None, ("2023-11-01", "2023-11-30", "month")),
        ("early 2023", None, ("2023-01-01", "2023-04-30", "year")),
        ("the 1990s", None, ("1990-01-01", "1999-12-31", "decade")),
        # relative words without a reference: kept, not resolved
        ("September last year", date(2024, 6, 17), ("2023-09-01", "2023-09-30", "month")),
        ("the end of the year", date(2024, 6, 17), ("2024-09-01", "2024-12-31", "year")),
        ("early next year", date(2024, 6, 17), ("2025-01-01", "2025-04-30", "year")),
        ("last November", None, None),
        ("on Tuesday", None, None),
        ("last week", None, None),
        ("Oct. 31", None, None),
        ("this spring", None, None),
        ("the weekend", None, None),
        ("mid-October", None, None),
        # a duration before the date (invented): how long says nothing of when
        ("five days last month", FEB_2024, ("2024-01-01", "2024-01-31", "month")),
        ("two weeks in May 2023", FEB_2024, ("2023-05-01", "2023-05-31", "month")),
        ("three days", FEB_2024, None),
        # nonsense is not a date
        ("may", FEB_2024, None),
        ("march", FEB_2024, None),
        ("20", FEB_2024, None),
        ("3", None, None),
        ("hello", FEB_2024, None),
        ("", FEB_2024, None),
        ("recently", FEB_2024, None),
        ("February 30, 2023", FEB_2024, None),
    ],
)
def test_resolve_date_text(text: str, reference: date | None, expected: tuple[str, str, str] | None) -> None:
    found = resolve_date_text(text, reference)
    assert (None if found is None else (found.start, found.end, found.precision)) == expected


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("in November", APR_2024, "2024-11"),  # "will visit in November"
        ("Tuesday", OCT_31_2023, "2023-10-31"),
        ("Thursday", OCT_31_2023, "2023-11-02"),
        ("the weekend", OCT_31_2023, "2023-11-04"),
        ("spring", APR_2024, "2024-03"),
    ],
)
def test_future_tense_looks_ahead(text: str, reference: date, expected: str) -> None:
    found = resolve_date_text(text, reference, future=True)
    assert found is not None
    assert found.start.startswith(expected)


def _expr(text: str, sentence: str) -> DateExpression:
    start = sentence.index(text)
    return DateExpression(Span(start, start + len(text), text), Sentence(0, len(sentence), sentence))


@pytest.mark.parametrize(
    ("text", "sentence", "published", "dateline", "expected"),
    [
        ("last November", "The mayors visited China last November.", "2024-02-01", None, "2023-11"),
        ("on Tuesday", "The delegation arrived on Tuesday.", "2023-11-01", "Oct. 31", "2023-10-31"),
        ("on Tuesday", "The delegation arrived on Tuesday.", "2023-11-03", None, "2023-10-31"),
        ("in November", "The mayors will visit Wuhan in November.", "2024-04-10", None, "2024-11"),
        ("in November", "The mayors visited Wuhan in November.", "2024-04-10", None, "2023-11"),
        ("In November", "In November, the mayors will visit Wuhan.", "2024-04-10", None, "2024-11"),
        ("in November", "The mayors, who visited in November, will return.", "2024-04-10", None, "2023-11"),
        ("in May", "The mayors, who visited in November, will return in May.", "2024-04-10", None, "2024-05"),
        ("in November", "He said the mayors would visit in November.", "2024-04-10", None, "2024-11"),
        ("November", "The trip is scheduled for November.", "2024-04-10", None, "2024-11"),
        ("in November", "The trip planned in November was a success.", "2024-04-10", None, "2023-11"),
        # invented: told as past, a day without a year is the last one before the article
        ("on April 20", "The delegation left Perth on April 20.", "2024-04-10", None, "2023-04-20"),
        ("on April 20", "The delegation will leave Perth on April 20.", "2024-04-10", None, "2024-04-20"),
        ("on Tuesday", "The delegation arrived on Tuesday.", "2023-10", None, "2023-10"),
        # a day to come in an article dated only by its month stays in that month, not the next
        ("on Friday", "The delegation will arrive on Friday.", "2022-03", None, "2022-03"),
        # a participle after "be" is no past: "will be focused on ... and include a visit on Oct. 28"
        ("on Oct. 28", "The trip will be focused on trade and include a visit on Oct. 28.", "2018-10-11",
         None, "2018-10-28"),
        ("next week", "The mayors will visit Wuhan next week.", "2022-03", None, "2022-03"),
        # invented: a name ending in "-ed" ("the United States") is no verb in the past
        ("from June 8 to 18", "The governor will travel to the United States from June 8 to 18.",
         "2023-05-30", None, "2023-06-08"),
        ("last November", "The mayors visited China last November.", "2024-02", None, "2023-11"),
        ("in 2019", "The agreement was signed in 2019.", None, None, "2019"),
        ("last November", "The mayors visited China last November.", None, None, None),
        ("on Tuesday", "The delegation arrived on Tuesday.", None, "Oct. 31", None),
    ],
)
def test_resolve_dates(
    text: str, sentence: str, published: str | None, dateline: str | None, expected: str | None
) -> None:
    (mention,) = resolve_dates([_expr(text, sentence)], published, dateline)
    assert mention.span.text == text
    assert (mention.resolved.label() if mention.resolved else None) == expected


def test_an_undated_articles_months_are_of_the_year_it_speaks_of() -> None:  # invented
    exprs = [_expr("mid June", "Five lawmakers plan to visit Taiwan in mid June."),
             _expr("2005", "The legislature approved the travel budget in 2005."),
             _expr("2030", "More lawmakers will travel by 2030.")]
    june, *_ = resolve_dates(exprs, None, None)
    assert june.resolved is not None
    assert june.resolved.start[:7] == "2005-06"  # not 2030, a year to come


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2024-02-01", (date(2024, 2, 1), "day")),
        ("2024-02", (date(2024, 2, 29), "month")),
        (None, (None, "unknown")),
        ("2024-13-01", (None, "unknown")),
    ],
)
def test_parse_published(published: str | None, expected: tuple[date | None, str]) -> None:
    assert parse_published(published) == expected


def test_range_keeps_precision_label() -> None:
    found = resolve_date_text("last November", FEB_2024)
    assert found == DateRange("2023-11-01", "2023-11-30", "month")
    assert found.label() == "2023-11"
