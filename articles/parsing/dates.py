"""Dates and moments read leniently from what headers and datelines say.

`parse_date` finds a calendar date in many spellings ("2020-11-20", "Nov. 20,
2020", "20.11.2020"); `parse_datetime` reads a full moment (ISO 8601 or RFC
2822) and only when a time of day is given. Neither ever raises.
"""

import datetime
import email.utils
import re

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_YMD_DATE = re.compile(r"(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})(?:$|[T\s])")
_DAY_MONTH_YEAR = re.compile(
    r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?[\s./-]*([A-Za-z]{3,9})\.?,?[\s./-]*(\d{4})(?!\d)"
)
_MONTH_DAY_YEAR = re.compile(
    r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)"
)
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d)")


def parse_date(value: str) -> datetime.date | None:
    """A date read leniently from text ("2020-11-20", "Nov. 20, 2020"...), or None.

    Times and time zones are ignored: the date is the one written. All-number
    dates such as 11/10/2020 are read month first unless that is impossible
    (20/11/2020) or the separator is a dot (20.11.2020, read day first).
    Never raises.
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()[:100]
    for match in _ISO_DATE.finditer(text):
        if found := _date(match[1], match[2], match[3]):
            return found
    for match in _YMD_DATE.finditer(text):
        if found := _date(match[1], match[2], match[3]):
            return found
    if (match := _COMPACT_DATE.match(text)) and (
        found := _date(match[1], match[2], match[3])
    ):
        return found
    for match in _DAY_MONTH_YEAR.finditer(text):
        if found := _date(match[3], _month_number(match[2]), match[1]):
            return found
    for match in _MONTH_DAY_YEAR.finditer(text):
        if found := _date(match[3], _month_number(match[1]), match[2]):
            return found
    for match in _NUMERIC_DATE.finditer(text):
        first, second = int(match[1]), int(match[3])
        day_first = match[2] == "." or first > 12
        month, day = (second, first) if day_first else (first, second)
        if found := _date(match[4], month, day):
            return found
    return None


_ISO_DATETIME = re.compile(
    r"\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*",
    re.IGNORECASE,
)


def parse_datetime(value: str) -> datetime.datetime | None:
    """The moment an ISO 8601 ("2020-11-20T15:13:00Z") or RFC 2822 ("Fri, 20
    Nov 2020 15:13:00 +0000") text names, or None when it gives no time of day.

    A time without a zone is taken as UTC, which is what agencies' feeds and
    the archive's JSON Lines files use. Never raises.
    """
    if isinstance(value, datetime.datetime):
        moment = value
    elif not isinstance(value, str) or not value.strip():
        return None
    elif match := _ISO_DATETIME.fullmatch(value[:100]):
        moment = _datetime(match)
    else:
        try:
            moment = email.utils.parsedate_to_datetime(value[:100])
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def _datetime(match: re.Match) -> datetime.datetime | None:
    zone = (match[7] or "").upper()
    if zone in ("", "Z", "UTC", "GMT"):
        tz = datetime.UTC
    else:
        digits = zone[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
        if hours > 23 or minutes > 59:
            return None
        offset = datetime.timedelta(hours=hours, minutes=minutes)
        tz = datetime.timezone(-offset if zone[0] == "-" else offset)
    try:
        return datetime.datetime(
            *(int(match[n]) for n in range(1, 6)), int(match[6] or 0), tzinfo=tz
        )
    except ValueError:
        return None


def _date(year, month, day) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except (TypeError, ValueError, OverflowError):
        return None


def _month_number(word: str) -> int:
    word = word.casefold().rstrip(".")
    if word == "sept":
        return 9
    if len(word) >= 3:
        for number, name in enumerate(_MONTH_NAMES, start=1):
            if name.startswith(word):
                return number
    return 0
