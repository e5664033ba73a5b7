"""News agencies: the one name of a source, from the table of how copy names them."""

import pytest

from articles.parsing import canonical_source
from articles.parsing.agencies import known_source


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("kyodo", "Kyodo News"),
        ("Kyodo", "Kyodo News"),
        ("KYODO", "Kyodo News"),
        ("Kyodo News", "Kyodo News"),
        ("AP", "Associated Press"),
        ("The Associated Press", "Associated Press"),
        ("A.P.", "Associated Press"),
        ("Reuter", "Reuters"),
        ("Reuters", "Reuters"),
        ("REUTERS", "Reuters"),
        ("Yonhap", "Yonhap"),
        ("Yonhap News Agency", "Yonhap"),
        ("AFP", "AFP"),
        ("Agence France-Presse", "AFP"),
        ("dpa", "dpa"),
        ("DPA", "dpa"),
        ("Xinhua", "Xinhua"),
        ("BBC", "BBC News"),
        ("BBC News", "BBC News"),
        ("tca/dpa", "dpa"),
        ("==Kyodo", "Kyodo News"),
        ("  The  Nikkei  ", "The Nikkei"),
        ("(CNN)", "CNN"),
        ("", ""),
        ("   ", ""),
        (None, ""),
    ],
)
def test_canonical_source(name, expected):
    assert canonical_source(name) == expected


def test_each_spelling_in_the_agency_table_names_its_own_agency():
    # canonical_source's lookup is built from the table: a spelling given to
    # two agencies would silently name the later one.
    from articles.parsing.agencies import AGENCIES

    for agency in AGENCIES:
        for spelling in (agency.name, *agency.aliases):
            if agency.known:
                assert canonical_source(spelling) == agency.name, spelling
            else:  # listed for the entity extractor only: passed through as is
                assert canonical_source(spelling) == spelling


@pytest.mark.parametrize(
    ("provider", "source"),
    [
        ("reuters.com", "Reuters"),
        ("www.afp.com", "AFP"),
        ("kyodonews.jp", ""),  # not a name the table knows
        ("www.xmlteam.com", ""),
    ],
)
def test_a_provider_written_as_a_domain_is_its_agency(provider, source):
    assert known_source(provider) == source
