"""A reader opens a story's versions from the results, follows one, and
reads what changed, with and without JavaScript."""

import pytest

from tests.stories import WIRE, import_wire

pytestmark = pytest.mark.browser


@pytest.fixture
def versions(transactional_db, tmp_path):
    """The alert, the story and its correction (sent as "c")."""
    headline, body, sent = WIRE["d"]
    return import_wire(
        tmp_path, "a", "b", c=(headline.replace("UPDATE 1-", ""), body, sent)
    )


@pytest.mark.parametrize("javascript", [True, False])
def test_reader_opens_the_versions_and_reads_what_changed(
    versions, open_reader, javascript, tmp_path
):
    reader = open_reader(javascript=javascript)
    page = reader.open("/search/?q=valparaiso")
    results = page.locator(".article-list > li")
    assert results.count() == 1
    details = results.first.locator("details.versions")
    listed = details.locator(".versions__item")
    assert not listed.first.is_visible()
    details.locator("summary").click()
    assert listed.count() == 3
    assert listed.nth(2).is_visible()
    assert "CORRECTED" in listed.nth(2).inner_text()
    if javascript:  # the README's screenshots (make screenshots)
        reader.screenshot("story-versions", tmp_path)

    # Follow another version; from an earlier one, its notice to the newest.
    assert listed.locator("[aria-current=true]").count() == 1
    details.get_by_role("link").first.click()
    page.wait_for_load_state()
    newest = versions["c"].get_absolute_url()
    if not page.url.endswith(newest):
        notice = page.locator(".notice").filter(has_text="A newer version")
        notice.get_by_role("link").click()
        page.wait_for_url(f"**{newest}")
    correction = page.locator(".notice--correction")
    assert correction.inner_text().startswith("Correction. Corrects number of strikes")

    correction.get_by_role("link", name="See what changed").click()
    page.wait_for_url("**/changes/?since=*")
    assert page.get_by_role("heading", level=1).inner_text() == "What changed"
    assert "fourth" in page.locator(".changes__body ins").all_inner_texts()[
        0
    ] + "".join(page.locator(".changes__body ins").all_inner_texts())
    assert any(
        "third" in t for t in page.locator(".changes__body del").all_inner_texts()
    )
    if javascript:
        reader.screenshot("what-changed", tmp_path)
        assert reader.csp_violations() == []
        assert reader.axe() == []
    assert reader.problems == []
