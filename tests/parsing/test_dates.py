"""Dates and moments read leniently: parse_date and parse_datetime."""

import datetime

import pytest

from articles.parsing import parse_date, parse_datetime


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-11-20", datetime.date(2020, 11, 20)),
        ("2020-11-20T10:00:00Z", datetime.date(2020, 11, 20)),
        ("2020-11-20 23:30:00+09:00", datetime.date(2020, 11, 20)),
        ("20 Nov 2020", datetime.date(2020, 11, 20)),
        ("20 November, 2020", datetime.date(2020, 11, 20)),
        ("Nov. 20, 2020", datetime.date(2020, 11, 20)),
        ("November 20, 2020", datetime.date(2020, 11, 20)),
        ("Sept. 1, 2019", datetime.date(2019, 9, 1)),
        ("13-APR-1987 12:19:07.93", datetime.date(1987, 4, 13)),
        ("2020/11/20", datetime.date(2020, 11, 20)),
        ("20201120", datetime.date(2020, 11, 20)),
        ("Fri, 20 Nov 2020 10:00:00 +0000", datetime.date(2020, 11, 20)),
        ("20.11.2020", datetime.date(2020, 11, 20)),
        ("11/20/2020", datetime.date(2020, 11, 20)),
        ("20/11/2020", datetime.date(2020, 11, 20)),
        ("  Published on Nov 20 2020  ", datetime.date(2020, 11, 20)),
        (datetime.date(2020, 11, 20), datetime.date(2020, 11, 20)),
    ],
)
def test_parse_date_reads_common_formats(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "nonsense",
        "yesterday",
        "Nov. 20",
        "2020-13-45",
        "31 Feb 2020",
        "0000-00-00",
        "99/99/9999",
        "Mayor 12, 2020",
        "2020",
        None,
        12345,
        ["2020-11-20"],
    ],
)
def test_parse_date_returns_none_for_nonsense(value):
    assert parse_date(value) is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2006-10-20T18:15:00", "2006-10-20T18:15:00+00:00"),
        ("2006-10-20 18:15", "2006-10-20T18:15:00+00:00"),
        ("2020-11-20T15:13:00Z", "2020-11-20T15:13:00+00:00"),
        ("2020-11-20T15:13:00.250+09:00", "2020-11-20T15:13:00+09:00"),
        ("2024-03-05 14:30 -0500", "2024-03-05T14:30:00-05:00"),
        ("Fri, 20 Nov 2020 15:13:00 +0000", "2020-11-20T15:13:00+00:00"),
        ("Tue, 05 Mar 2024 09:01:02 GMT", "2024-03-05T09:01:02+00:00"),
    ],
)
def test_times_of_publication_are_read_with_their_zone(text, expected):
    assert parse_datetime(text).isoformat() == expected


@pytest.mark.parametrize(
    "text", ["2020-11-20", "Nov. 20, 2020", "2020-13-45T10:00:00", "25:00", "", None]
)
def test_a_date_without_a_time_or_a_bad_one_gives_no_moment(text):
    assert parse_datetime(text) is None
