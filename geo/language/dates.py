"""Date expressions resolved against the publication date (and the dateline), kept as ranges with a precision.

Own rules first (they know news usage: "last November", "on Tuesday" under a dateline, "this spring",
"March 3-7, 2024", "mid-October", "early 2023", "the weekend"); ``dateparser`` only for what they do not
cover, and only when the words hold a number or a month name, so that it cannot make a date of nonsense.
Without a reference date only absolute dates resolve.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

from geo.models import DateExpression, DateMention, DateRange, Precision

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = {
    name: i
    for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a couple of": 2,
    "a few": 3,
    "several": 3,
}
# A season of year Y: (first month, year offset of that month); three months long. Winter Y: Dec Y-1..Feb Y.
_SEASONS = {"spring": (3, 0), "summer": (6, 0), "fall": (9, 0), "autumn": (9, 0), "winter": (12, -1)}
_PARTS = {
    "early": (1, 10),
    "beginning": (1, 10),
    "start": (1, 10),
    "mid": (11, 20),
    "middle": (11, 20),
    "late": (21, 31),
    "end": (21, 31),
}
_YEAR_THIRDS = {
    "early": (1, 4),
    "beginning": (1, 4),
    "start": (1, 4),
    "mid": (5, 8),
    "middle": (5, 8),
    "late": (9, 12),
    "end": (9, 12),
}

_M = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_D = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_Y = r"(?P<year>\d{4})"
_MOD = r"(?:(?P<mod>last|this|next|past|previous|coming|current|earlier this|later this)\s+)?"
_PART_WORDS = (
    r"early|mid|late|the beginning of|the start of|the middle of|the end of|beginning of|start of|end of"
)
_PART = rf"(?P<part>{_PART_WORDS})"
_LEADING = re.compile(
    r"^(?:on|in|by|since|from|between|during|until|till|as of|at|around|about|over|through|throughout|before|"
    r"after|sometime in|some time in|as early as|as late as|no later than|the)\s+"
)
_FUTURE = re.compile(
    r"\b(?:will|shall|'ll|’ll|plans?|planning|planned|scheduled|upcoming|expected|intends?|hopes?|next|"
    r"is set to|are set to|is to|are to|would)\b",
    re.IGNORECASE,
)
# Past tense near the date: "-ed" words and common irregular verbs (reporting verbs left out: "said" is past
# even when the news is about the future).
_PAST = re.compile(
    r"\b(?:was|were|had|did|met|went|came|took|made|led|left|spent|saw|flew|began|held|signed|\w+ed)\b",
    re.IGNORECASE,
)
_NOT_PAST = frozenset(
    {"planned", "scheduled", "expected", "said", "reported", "announced", "stated", "added"}
)


def _tense_distances(sentence: str, start: int, end: int) -> tuple[list[int], list[int]]:
    """How far each future and each past verb marker of ``sentence`` stands from the date at start..end."""

    def distance(found: re.Match[str]) -> int:
        return start - found.end() if found.end() <= start else max(found.start() - end, 0)

    future = [distance(m) for m in _FUTURE.finditer(sentence) if not (start <= m.start() < end)]
    past = [
        distance(m)
        for m in _PAST.finditer(sentence)
        if m.group(0).lower() not in _NOT_PAST and not (start <= m.start() < end)
        # a capitalised "-ed" word after the first is a name: "the United States"
        and not (m.group(0)[0].isupper() and m.group(0).endswith("ed") and m.start() > 0)
        # "will be focused on": a participle after "be" tells no tense of its own ("was" does)
        and not re.search(r"\b(?:be|being)\s+$", sentence[: m.start()], re.IGNORECASE)
    ]
    return future, past


def _is_future(sentence: str, start: int, end: int) -> bool:
    """Whether the verb nearest to the date (at start..end of ``sentence``) speaks of what is to come."""
    future, past = _tense_distances(sentence, start, end)
    return bool(future) and (not past or min(future) < min(past))


def _is_past(sentence: str, start: int, end: int) -> bool:
    """Whether the verb nearest to the date speaks of what has happened ("left X on July 14")."""
    future, past = _tense_distances(sentence, start, end)
    return bool(past) and (not future or min(past) < min(future))


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _range(start: date, end: date, precision: Precision) -> DateRange:
    return DateRange(start.isoformat(), end.isoformat(), precision)


def _month(year: int, month: int) -> DateRange:
    return _range(*_month_range(year, month), "month")


def _season(year: int, name: str) -> DateRange:
    first, offset = _SEASONS[name]
    start = date(year + offset, first, 1)
    last_month = (first + 1) % 12 + 1
    last_year = start.year + (1 if last_month < first else 0)
    return _range(start, _month_range(last_year, last_month)[1], "season")


def _valid_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for_day(month: int, day: int, ref: date, future: bool, past: bool = False) -> int:
    """The year of a "Oct. 31" without one: near the reference, allowing a month either way."""
    year = ref.year
    candidate = _valid_day(year, month, day) or date(year, month, 28)
    if future and candidate < ref - timedelta(days=30):
        return year + 1
    if past and candidate > ref + timedelta(days=1):
        return year - 1  # told as past: the last one (a day's grace for time zones)
    if not future and candidate > ref + timedelta(days=30):
        return year - 1
    return year


def _year_for_month(month: int, ref: date, mod: str, future: bool) -> int:
    if mod in ("last", "past", "previous"):
        return ref.year if month < ref.month else ref.year - 1
    if mod in ("next", "coming"):
        return ref.year if month > ref.month else ref.year + 1
    if mod in ("this", "current", "earlier this", "later this"):
        return ref.year
    if future:
        return ref.year if month >= ref.month else ref.year + 1
    return ref.year if month <= ref.month else ref.year - 1


def _month_number(word: str, original: str) -> int | None:
    """A month name; "may"/"march" written in lower case are the verbs, not months."""
    number = _MONTHS.get(word)
    if number is None:
        return None
    found = re.search(rf"\b{word}", original, re.IGNORECASE)
    if found is None or not original[found.start()].isupper():
        return None
    return number


def _normalise(text: str) -> str:
    t = text.strip().lower().replace("’", "'").replace("–", "-").replace("—", "-")
    t = re.sub(r"[()\[\]]", " ", t)  # "Saturday (July 15)": the brackets only set the date apart
    t = re.sub(r"\s+", " ", t).strip(" .,;:")
    for _ in range(3):
        t = _LEADING.sub("", t)
    prefixed = re.fullmatch(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day,? (.+)", t)
    if prefixed and re.search(r"\d|\b(?:" + "|".join(_MONTHS) + r")\b", prefixed.group(1)):
        t = prefixed.group(1)  # "Tuesday, Oct. 31": the date says it all
    return t.strip()


class _Rules:
    """The rule set for one reference date (``None``: absolute dates only)."""

    def __init__(self, original: str, ref: date | None, future: bool, past: bool = False) -> None:
        self.original = original
        self.ref = ref
        self.future = future
        self.past = past

    def resolve(self, t: str) -> DateRange | None:
        for pattern, handler in self.table():
            found = pattern.fullmatch(t)
            if found:
                return handler(found)
        return None

    def table(self) -> list[tuple[re.Pattern[str], Callable[[re.Match[str]], DateRange | None]]]:
        return [
            (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), self.iso_day),
            (re.compile(r"(\d{4})-(\d{2})"), self.iso_month),
            (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})"), self.us_numeric),
            (re.compile(r"(?:the )?(?P<decade>\d{3}0)'?s"), self.decade),
            (re.compile(r"(?:the )?(?:year |calendar year )?" + _Y), self.year),
            (
                re.compile(_PART + r"[- ]?(?:(?P<year>\d{4})|(?P<rel>last|this|next|the) year)"),
                self.part_year,
            ),
            (
                re.compile(
                    _M + r" " + _D + r"\s*(?:-|to|through|and|until)\s*(?P<day2>\d{1,2})(?:st|nd|rd|th)?"
                    r"(?:,? " + _Y + r")?"
                ),
                self.day_range,
            ),
            (
                re.compile(
                    _M + r" " + _D + r"\s*(?:-|to|through|until)\s*(?P<month2>[a-z]+)\.? (?P<day2>\d{1,2})"
                    r"(?:st|nd|rd|th)?(?:,? " + _Y + r")?"
                ),
                self.cross_month_range,
            ),
            (
                # "26 and 27 June", "3-9 June 2019", "from 26 to 28 June": the day first
                re.compile(
                    _D + r"\s*(?:-|to|through|and|until)\s*(?P<day2>\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _M
                    + r"(?:,? " + _Y + r")?"
                ),
                self.day_range,
            ),
            (re.compile(_M + r" " + _D + r"(?:,? " + _Y + r")?"), self.month_day),
            (re.compile(_D + r" (?:of )?" + _M + r"(?:,? " + _Y + r")?"), self.month_day),
            (re.compile(_PART + r"[- ]?" + _M + r"(?:,? (?:of )?" + _Y + r")?"), self.part_month),
            (re.compile(_MOD + _M + r"(?:,? (?:of )?" + _Y + r")?"), self.month),
            (
                # "during June and July", "from March to May 2019": the months between
                re.compile(
                    _MOD + _M + r"\s*(?:-|to|through|until|and)\s*(?P<month2>[a-z]+)\.?(?:,? " + _Y + r")?"
                ),
                self.month_range,
            ),
            (re.compile(_M + r" (?:of )?(?P<rel>last|this|next) year"), self.month_of_relative_year),
            (
                re.compile(_MOD + r"(?P<season>spring|summer|fall|autumn|winter)(?: of)?(?: " + _Y + r")?"),
                self.season,
            ),
            (
                re.compile(
                    r"(?P<mod>last|this|next|past|previous|coming|current|earlier this|later this) "
                    r"(?P<unit>week|month|year|weekend)"
                ),
                self.relative_unit,
            ),
            (
                re.compile(
                    r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
                    r"|a couple of|a few|several) (?P<unit>day|week|month|year|decade)s? ago"
                ),
                self.ago,
            ),
            (
                re.compile(
                    r"(?P<word>yesterday|today|tomorrow|tonight|last night|this morning|this afternoon"
                    r"|this evening|(?:yesterday|tomorrow) (?:morning|afternoon|evening)"
                    r"|(?:earlier|later) (?:in the day|today))"
                ),
                self.day_word,
            ),
            (
                re.compile(
                    _MOD + r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                    r"(?: (?:morning|afternoon|evening|night))?"
                ),
                self.weekday,
            ),
            (re.compile(r"(?P<mod>last|this|next|past|coming)? ?weekend"), self.weekend),
        ]

    # absolute ---------------------------------------------------------------------------
    def iso_day(self, m: re.Match[str]) -> DateRange | None:
        day = _valid_day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return _range(day, day, "day") if day else None

    def iso_month(self, m: re.Match[str]) -> DateRange | None:
        year, month = int(m.group(1)), int(m.group(2))
        return _month(year, month) if 1 <= month <= 12 else None

    def us_numeric(self, m: re.Match[str]) -> DateRange | None:
        year = int(m.group(3))
        year += 2000 if year < 100 else 0
        day = _valid_day(year, int(m.group(1)), int(m.group(2)))
        return _range(day, day, "day") if day else None

    def decade(self, m: re.Match[str]) -> DateRange | None:
        start = int(m.group("decade"))
        return _range(date(start, 1, 1), date(start + 9, 12, 31), "decade") if 1000 <= start <= 2100 else None

    def year(self, m: re.Match[str]) -> DateRange | None:
        year = int(m.group("year"))
        return _range(date(year, 1, 1), date(year, 12, 31), "year") if 1000 <= year <= 2100 else None

    def part_year(self, m: re.Match[str]) -> DateRange | None:
        if m.group("year"):
            year = int(m.group("year"))
        elif self.ref is None:
            return None
        else:
            year = self.ref.year + {"last": -1, "this": 0, "the": 0, "next": 1}[m.group("rel")]
        first, last = _YEAR_THIRDS[m.group("part").split()[-2 if " of" in m.group("part") else -1]]
        return _range(date(year, first, 1), _month_range(year, last)[1], "year")

    def _day_year(self, m: re.Match[str], month: int, day: int) -> int | None:
        if m.group("year"):
            return int(m.group("year"))
        if self.ref is None:
            return None
        return _year_for_day(month, day, self.ref, self.future, self.past)

    def month_day(self, m: re.Match[str]) -> DateRange | None:
        month = _month_number(m.group("month"), self.original)
        if month is None:
            return None
        day = int(m.group("day"))
        year = self._day_year(m, month, day)
        found = _valid_day(year, month, day) if year else None
        return _range(found, found, "day") if found else None

    def day_range(self, m: re.Match[str]) -> DateRange | None:
        month = _month_number(m.group("month"), self.original)
        if month is None:
            return None
        first, last = int(m.group("day")), int(m.group("day2"))
        year = self._day_year(m, month, first)
        if year is None:
            return None
        start, end = _valid_day(year, month, first), _valid_day(year, month, last)
        return _range(start, end, "day") if start and end and start <= end else None

    def cross_month_range(self, m: re.Match[str]) -> DateRange | None:
        month = _month_number(m.group("month"), self.original)
        month2 = _month_number(m.group("month2"), self.original)
        if month is None or month2 is None:
            return None
        year = self._day_year(m, month, int(m.group("day")))
        if year is None:
            return None
        start = _valid_day(year, month, int(m.group("day")))
        end = _valid_day(year + (1 if month2 < month else 0), month2, int(m.group("day2")))
        return _range(start, end, "day") if start and end and start <= end else None

    def part_month(self, m: re.Match[str]) -> DateRange | None:
        month = _month_number(m.group("month"), self.original)
        if month is None:
            return None
        if m.group("year"):
            year = int(m.group("year"))
        elif self.ref is None:
            return None
        else:
            year = _year_for_month(month, self.ref, "", self.future)
        words = m.group("part").split()
        first, last = _PARTS[words[-2] if words[-1] == "of" else words[-1]]
        end_day = min(last, calendar.monthrange(year, month)[1])
        return _range(date(year, month, first), date(year, month, end_day), "month")

    def month(self, m: re.Match[str]) -> DateRange | None:
        month = _month_number(m.group("month"), self.original)
        if month is None:
            return None
        if m.group("year"):
            return _month(int(m.group("year")), month)
        if self.ref is None:
            return None
        return _month(_year_for_month(month, self.ref, m.group("mod") or "", self.future), month)

    def month_range(self, m: re.Match[str]) -> DateRange | None:
        first = self.month(m)
        last = _month_number(m.group("month2"), self.original)
        if first is None or last is None:
            return None
        year = int(first.start[:4]) + (1 if last < int(first.start[5:7]) else 0)
        return _range(date.fromisoformat(first.start), _month_range(year, last)[1], "month")

    def month_of_relative_year(self, m: re.Match[str]) -> DateRange | None:
        month = _month_number(m.group("month"), self.original)
        if month is None or self.ref is None:
            return None
        return _month(self.ref.year + {"last": -1, "this": 0, "next": 1}[m.group("rel")], month)

    def season(self, m: re.Match[str]) -> DateRange | None:
        name = m.group("season")
        if m.group("year"):
            return _season(int(m.group("year")), name)
        if self.ref is None:
            return None
        ref = self.ref
        occurrences = [_season(year, name) for year in range(ref.year - 2, ref.year + 3)]
        iso = ref.isoformat()
        mod = m.group("mod") or ""
        if mod in ("last", "past", "previous"):
            return next(s for s in reversed(occurrences) if s.end < iso)
        if mod in ("next", "coming"):
            return next(s for s in occurrences if s.start > iso)
        current = next((s for s in occurrences if s.start <= iso <= s.end), None)
        if current is not None:
            return current
        if mod in ("this", "current") or self.future:
            return next(s for s in occurrences if s.start > iso)
        return next(s for s in reversed(occurrences) if s.end < iso)

    # relative to the reference ---------------------------------------------------------------
    def relative_unit(self, m: re.Match[str]) -> DateRange | None:
        if self.ref is None:
            return None
        ref, mod, unit = self.ref, m.group("mod"), m.group("unit")
        step = -1 if mod in ("last", "previous") else 1 if mod in ("next", "coming") else 0
        if unit == "weekend":
            return self.weekend(m)
        if mod == "past":
            span = {"week": 6, "month": 29, "year": 364}[unit]
            precision: Precision = "week" if unit == "week" else unit  # type: ignore[assignment]
            return _range(ref - timedelta(days=span), ref, precision)
        if unit == "week":
            monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=step)
            return _range(monday, monday + timedelta(days=6), "week")
        if unit == "month":
            month_index = ref.year * 12 + ref.month - 1 + step
            return _month(month_index // 12, month_index % 12 + 1)
        year = ref.year + step
        return _range(date(year, 1, 1), date(year, 12, 31), "year")

    def ago(self, m: re.Match[str]) -> DateRange | None:
        if self.ref is None:
            return None
        n = int(m.group("n")) if m.group("n").isdigit() else _NUMBERS[m.group("n")]
        unit, ref = m.group("unit"), self.ref
        if unit == "day":
            day = ref - timedelta(days=n)
            return _range(day, day, "day")
        if unit == "week":
            monday = ref - timedelta(days=ref.weekday(), weeks=n)
            return _range(monday, monday + timedelta(days=6), "week")
        if unit == "month":
            index = ref.year * 12 + ref.month - 1 - n
            return _month(index // 12, index % 12 + 1)
        years = n * (10 if unit == "decade" else 1)
        return _range(date(ref.year - years, 1, 1), date(ref.year - years, 12, 31), "year")

    def day_word(self, m: re.Match[str]) -> DateRange | None:
        if self.ref is None:
            return None
        word = m.group("word")
        shift = (
            -1 if word.startswith(("yesterday", "last night")) else 1 if word.startswith("tomorrow") else 0
        )
        day = self.ref + timedelta(days=shift)
        return _range(day, day, "day")

    def weekday(self, m: re.Match[str]) -> DateRange | None:
        if self.ref is None:
            return None
        target, ref, mod = _WEEKDAYS[m.group("weekday")], self.ref, m.group("mod") or ""
        back = (ref.weekday() - target) % 7
        forward = (target - ref.weekday()) % 7
        if mod in ("last", "past", "previous"):
            day = ref - timedelta(days=back or 7)
        elif mod in ("next", "coming"):
            day = ref + timedelta(days=forward or 7)
        elif self.future:
            day = ref + timedelta(days=forward)
        else:
            day = ref - timedelta(days=back)
        return _range(day, day, "day")

    def weekend(self, m: re.Match[str]) -> DateRange | None:
        if self.ref is None:
            return None
        ref, mod = self.ref, m.group("mod") or ""
        saturday = ref - timedelta(days=(ref.weekday() - 5) % 7)  # on or before the reference
        if (
            mod in ("next", "coming")
            or (mod == "this" and ref.weekday() < 5)
            or (self.future and mod != "last")
        ):
            saturday = ref + timedelta(days=(5 - ref.weekday()) % 7)
            if mod == "next" and ref.weekday() >= 5:
                saturday += timedelta(days=7)
        elif mod in ("last", "past") and ref.weekday() >= 5:
            saturday -= timedelta(days=7)
        return _range(saturday, saturday + timedelta(days=1), "week")


def _dateparser(text: str, ref: date | None) -> DateRange | None:
    """Last resort, guarded: the words must hold a year, or a capitalised month name with a day."""
    has_year = re.search(r"\b(1[89]\d\d|20\d\d)\b", text) is not None
    month = re.search(r"\b(" + "|".join(_MONTHS) + r")\b", text, re.IGNORECASE)
    has_month = month is not None and text[month.start()].isupper()
    has_day = re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", text) is not None
    if not (has_year or (has_month and has_day)) or (ref is None and not has_year):
        return None
    import dateparser  # slow to import: only when the rules gave up

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": has_day}
    if ref is not None:
        settings["RELATIVE_BASE"] = datetime(ref.year, ref.month, ref.day)
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError):
        return None
    if parsed is None or not 1000 <= parsed.year <= 2100:
        return None
    day = parsed.date()
    if has_day and (has_month or re.search(r"\d{1,2}[/.-]\d{1,2}", text)):
        return _range(day, day, "day")
    if has_month:
        return _month(day.year, day.month)
    return _range(date(day.year, 1, 1), date(day.year, 12, 31), "year")


_DURATION = re.compile(
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|a few|several)"
    r"(?: full)? (?:days?|nights?|weeks?|months?) (?:of |in |during |over |from )?(?P<rest>.+)",
    re.IGNORECASE,
)


def resolve_date_text(
    text: str, reference: date | None, *, future: bool = False, past: bool = False
) -> DateRange | None:
    """The range that ``text`` names, relative to ``reference`` (None: absolute dates only); ``future``
    when the sentence speaks of what is to come ("will visit in November"), ``past`` of what has happened
    ("left on July 14": the last July 14, never one after the reference)."""
    normal = _normalise(text)
    if not normal or not re.search(r"[a-z0-9]", normal):
        return None
    found = _Rules(text, reference, future, past).resolve(normal)
    if found is not None:
        return found
    anchored = _DURATION.fullmatch(" ".join(text.split()).strip(" .,;:"))
    if anchored is not None:
        # "five days last month", "two weeks in May": how long says nothing of when; the rest does
        return resolve_date_text(anchored.group("rest"), reference, future=future, past=past)
    if re.fullmatch(r"[\d\s,.-]*", normal) and not re.fullmatch(r"\d{4}", normal):
        return None  # numbers alone are not dates
    return _dateparser(text, reference)


def parse_published(published: str | None) -> tuple[date | None, Precision]:
    """The reference date of a "YYYY-MM-DD" or "YYYY-MM" publication date (a month: its last day)."""
    if not published:
        return None, "unknown"
    try:
        if len(published) == 7:
            year, month = int(published[:4]), int(published[5:7])
            return _month_range(year, month)[1], "month"
        return date.fromisoformat(published[:10]), "day"
    except ValueError:
        return None, "unknown"


def _is_relative(text: str) -> bool:
    lower = text.lower()
    return not re.search(r"\d", lower) and not re.search(r"\b(" + "|".join(_MONTHS) + r")\b", lower)


_YEAR = re.compile(r"\b\d{4}\b")
_THIS = re.compile(r"^\s*this\s+", re.IGNORECASE)


def _story_year(exprs: Sequence[DateExpression], futures: Sequence[bool]) -> int | None:
    """The latest year an undated article names outside what is to come ("by 2030"): the year it speaks of."""
    years = [int(y) for e, future in zip(exprs, futures, strict=True) if not future
             for y in _YEAR.findall(e.span.text) if 1900 <= int(y) <= 2100]
    return max(years) if years else None


def resolve_dates(
    exprs: Sequence[DateExpression], published: str | None, dateline: str | None
) -> tuple[DateMention, ...]:
    """Resolve each expression against the dateline's date (itself resolved against the publication date),
    else the publication date."""
    reference, precision = parse_published(published)
    if dateline and reference is not None:
        on_dateline = resolve_date_text(dateline, reference)
        if on_dateline is not None and on_dateline.precision == "day":
            reference, precision = date.fromisoformat(on_dateline.start), "day"
    futures = [_is_future(e.sentence.text, e.span.start - e.sentence.start,
                          e.span.end - e.sentence.start) for e in exprs]
    story_year = _story_year(exprs, futures) if reference is None else None
    mentions = []
    for expr, future in zip(exprs, futures, strict=True):
        offset = expr.span.start - expr.sentence.start
        past = _is_past(expr.sentence.text, offset, offset + len(expr.span.text))
        resolved = resolve_date_text(expr.span.text, reference, future=future, past=past)
        if resolved is None and story_year is not None and not _YEAR.search(expr.span.text):
            # undated article: "mid June" is June of the year the story speaks of ("... in 2005")
            resolved = resolve_date_text(f"{_THIS.sub('', expr.span.text)} {story_year}", None)
        if (
            resolved is not None
            and reference is not None
            and precision == "month"
            and resolved.precision in ("day", "week")
            and _is_relative(expr.span.text)
        ):
            # "on Friday" in an article dated only by its month: that month is all we know (the month's
            # last day stands in for the day, so a day "to come" would wrongly fall in the next month)
            resolved = _range(*_month_range(reference.year, reference.month), "month")
        mentions.append(DateMention(expr.span, expr.sentence, resolved))
    return tuple(mentions)
