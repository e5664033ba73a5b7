"""The browser suite: Debian's Chromium, driven by Playwright, against a live server.

Every test module here is marked `browser`; the tests run after all others.
Without Chromium, Playwright or axe-core (`npm ci` in tests/browser/) the
tests are skipped, except in CI (CI=true), where that is a failure.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.browser.archive import build_archive

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM") or shutil.which("chromium")
SCREENSHOTS = os.environ.get("NEWSROOM_SCREENSHOTS")
WIDE = 1280

# Pages report Content-Security-Policy violations here, as well as in the console.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective}: ${event.blockedURI}`);
});
"""


def pytest_collection_modifyitems(config, items):
    """Run the browser tests after all the others."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def missing_tools():
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -r requirements.txt)"
    if not CHROMIUM:
        return "Chromium is not installed (apt-get install chromium)"
    if not AXE.exists():
        return "axe-core is not installed (npm ci in tests/browser/)"
    return None


@pytest.fixture(scope="session")
def chromium():
    if problem := missing_tools():
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API keeps an asyncio loop running in this
    # thread, which Django takes for async code and refuses the ORM. The test
    # code here is synchronous all the same.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM)
    yield browser
    browser.close()
    playwright.stop()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Reader:
    """One browser tab on the live server, with what the pages complained of."""

    def __init__(self, context, base_url):
        self.context = context
        self.base_url = base_url
        self.page = context.new_page()
        self.page.set_default_timeout(10_000)
        self.problems = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))

    def _console(self, message):
        if message.type in ("error", "warning"):
            self.problems.append(f"{message.type}: {message.text}")

    def open(self, path):
        response = self.page.goto(self.base_url + path)
        assert response.ok, f"{path}: HTTP {response.status}"
        return self.page

    def csp_violations(self):
        return self.page.evaluate("window.__cspViolations || []")

    def axe(self, impacts=("serious", "critical")):
        """axe-core's violations on the page as it is now, of the given impacts."""
        self.page.evaluate(AXE.read_text() + "\n;0")
        result = self.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        return [
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "targets": [node["target"] for node in violation["nodes"]][:5],
            }
            for violation in result["violations"]
            if violation["impact"] in impacts
        ]

    def screenshot(self, name, directory, *, full_page=False):
        """Saves the page as name.png in `directory`, or in NEWSROOM_SCREENSHOTS."""
        target = Path(SCREENSHOTS) if SCREENSHOTS else directory
        target.mkdir(parents=True, exist_ok=True)
        path = target / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


@pytest.fixture
def open_reader(chromium, live_server):
    """Opens tabs: open_reader(width=375, color_scheme="dark", javascript=False)."""
    contexts = []

    def open_(width=WIDE, height=900, color_scheme="light", javascript=True):
        context = chromium.new_context(
            viewport={"width": width, "height": height},
            color_scheme=color_scheme,
            java_script_enabled=javascript,
            locale="en-GB",
        )
        if javascript:
            context.add_init_script(CSP_LISTENER)
        contexts.append(context)
        return Reader(context, live_server.url)

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def reader(open_reader):
    return open_reader()


@pytest.fixture
def archive(transactional_db):
    """The seed plus the made-up harbour stories (tests/browser/archive.py)."""
    return build_archive()
