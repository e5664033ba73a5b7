"""Keyboard only: a skip link first, then every control in turn, visibly focused."""

import pytest

from articles.models import Article, Entity

pytestmark = pytest.mark.browser

FOCUSABLE = """() => {
  const selector = 'a[href], button:not([disabled]), input:not([type=hidden]),' +
    ' select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const shown = (el) => el.getClientRects().length > 0 &&
    getComputedStyle(el).visibility !== "hidden";
  const controls = [...document.querySelectorAll(selector)].filter(shown);
  controls.forEach((el, i) => { el.dataset.kb = String(i); });
  return controls.map((el) => `${el.tagName} ${el.textContent.trim() || el.name}`);
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    key: el.dataset.kb ?? null,
    name: `${el.tagName} ${el.textContent.trim().slice(0, 40) || el.name}`,
    outline: style.outlineStyle !== "none" ? parseFloat(style.outlineWidth) : 0,
    inView: box.bottom > 0 && box.top < innerHeight && box.right > 0 &&
      box.left < innerWidth,
  };
}"""


def keyboard_pages():
    return {
        "home": "/",
        "search": "/search/?q=harbour",
        "article": Article.objects.filter(source__name="Kyodo News")
        .get()
        .get_absolute_url(),
        "entity": Entity.objects.get(name="Rotterdam").get_absolute_url(),
        "help": "/search/help/",
        "compare": "/compare/?q=harbour&q=ferry",
        "batch": "/batch/",
    }


def test_the_skip_link_comes_first_and_moves_to_the_content(archive, reader):
    page = reader.open("/search/?q=harbour")
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    assert skip["name"] == "A Skip to main content"
    assert skip["inView"] and skip["outline"] >= 2
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next stop is the page's own search box, past the header's links.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "q"


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_every_control_is_reached_by_tab_and_visibly_focused(
    archive, open_reader, color_scheme
):
    reader = open_reader(color_scheme=color_scheme)
    for name, path in keyboard_pages().items():
        page = reader.open(path)
        controls = page.evaluate(FOCUSABLE)
        reached = set()
        # Date fields stop once for each part of the date.
        for _ in range(len(controls) * 2 + 10):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused["key"] is None:
                if focused["name"].startswith("BODY"):
                    break  # past the last control
                continue
            assert focused["outline"] >= 2, f"{name}: {focused['name']} shows no focus"
            assert focused["inView"], f"{name}: {focused['name']} is out of sight"
            reached.add(int(focused["key"]))
        missed = [controls[i] for i in range(len(controls)) if i not in reached]
        assert not missed, f"{name}: not reachable by keyboard: {missed}"
