"""Playwright's assertions, when Playwright is installed.

Without it the browser tests are skipped by the `chromium` fixture
(conftest.py); importing it here, not in each module, keeps the rest of the
suite collectable.
"""

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover
    expect = None

__all__ = ["expect"]
