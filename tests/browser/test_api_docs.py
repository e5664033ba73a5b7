"""The API's reference is a page of the site: axe finds nothing serious on it,
in either colour scheme or on a phone, and every operation is a link away."""

import pytest

from tests.browser.test_accessibility import axe_report

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("width", "color_scheme"), [(1280, "light"), (1280, "dark"), (375, "dark")]
)
def test_the_api_reference_is_accessible(archive, open_reader, width, color_scheme):
    reader = open_reader(width=width, color_scheme=color_scheme)
    assert axe_report(reader, {"api reference": "/api/docs/"}) == {}
    assert not reader.problems


def test_the_reference_links_each_operation_and_its_objects(archive, reader):
    page = reader.open("/api/docs/")
    page.get_by_role("link", name="GET /api/search/").click()
    section = page.locator("section:has(h2#search_retrieve)")
    assert section.is_visible()
    section.get_by_role("link", name="SearchResults").click()
    assert page.url.endswith("#object-SearchResults")
