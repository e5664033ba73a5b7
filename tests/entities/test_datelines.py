"""The places of a dateline, named as running text names them."""

import pytest

from articles.entities.datelines import dateline_places, with_dateline
from articles.entities.extraction import ExtractedEntity


@pytest.mark.parametrize(
    ("dateline", "places"),
    [
        ("WASHINGTON", ["Washington"]),
        ("SAITAMA, Japan", ["Saitama", "Japan"]),
        ("NEW YORK", ["New York"]),
        ("ST. LOUIS", ["St. Louis"]),
        ("RIO DE JANEIRO", ["Rio de Janeiro"]),
        ("PORT-AU-PRINCE, Haiti", ["Port-au-Prince", "Haiti"]),
        ("STRATFORD-UPON-AVON, England", ["Stratford-upon-Avon", "England"]),
        ("WASHINGTON, D.C.", ["Washington"]),
        ("SALEM, Ore.", ["Salem"]),
        ("Seoul", ["Seoul"]),
        # As a feed gives it whole: the date, agency and dash are not places.
        ("LOS ANGELES, Feb 26 -", ["Los Angeles"]),
        ("SEOUL, Dec. 5 (Yonhap) --", ["Seoul"]),
        ("SAITAMA, Japan, Nov. 20 (Kyodo) --", ["Saitama", "Japan"]),
        ("PARIS, March 3, 2026 (AFP) -", ["Paris"]),
        ("NAIROBI, Kenya (AP) \u2014", ["Nairobi", "Kenya"]),
        ("BRUSSELS, Monday", ["Brussels"]),
        ("MAYSVILLE, Ky.", ["Maysville"]),
        # Filed from two places.
        ("TOKYO/SEOUL", ["Tokyo", "Seoul"]),
        (
            "KUCHING, Malaysia/TOKYO, Nov 3 (Reuters) -",
            ["Kuching", "Malaysia", "Tokyo"],
        ),
        ("", []),
    ],
)
def test_dateline_places(dateline, places):
    assert dateline_places(dateline) == places


def test_the_dateline_place_joins_what_the_story_names():
    found = [ExtractedEntity("Tokyo", "place", 2), ExtractedEntity("Kyodo", "org", 1)]
    assert with_dateline(found, "TOKYO") == [
        *found,
        ExtractedEntity("Tokyo", "place", 1),
    ]


def test_a_name_of_the_dateline_place_is_that_place_whatever_the_model_said():
    found = [
        ExtractedEntity("Goyang", "person", 2),
        ExtractedEntity("Kim", "person", 1),
    ]
    assert with_dateline(found, "GOYANG, Nov. 19 (Yonhap) --") == [
        ExtractedEntity("Goyang", "place", 2),
        ExtractedEntity("Kim", "person", 1),
        ExtractedEntity("Goyang", "place", 1),
    ]
