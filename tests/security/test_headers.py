"""Every response carries the security headers and a strict Content-Security-Policy
that the pages keep to: no inline script, only hashed inline styles."""

import base64
import hashlib
import re

import pytest
from django.test import Client

from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


def inline_blocks(html, tag):
    """The contents of every <tag> element without a src attribute."""
    pattern = rf"<{tag}(?![^>]*\bsrc=)([^>]*)>(.*?)</{tag}>"
    return [
        (attrs, body)
        for attrs, body in re.findall(pattern, html, re.S | re.I)
        if "json" not in attrs  # data blocks (JSON, JSON-LD) never run
    ]


def csp_hash(text):
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def csp_directives(response):
    header = response.headers["Content-Security-Policy"]
    return {
        name: sources for name, *sources in (part.split() for part in header.split(";"))
    }


@pytest.mark.parametrize(
    "url", ["/", "/search/?q=harbour", "/articles/", "/admin/login/", "/nowhere/"]
)
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)

    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"][0] == "'self'"
    assert all(s.startswith("'sha256-") for s in csp["style-src"][1:])
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_only_the_debug_error_pages_of_development_go_without_the_csp(client, settings):
    settings.DEBUG = True
    assert "Content-Security-Policy" in client.get("/").headers
    assert "Content-Security-Policy" not in client.get("/nowhere/").headers
    settings.DEBUG = False
    assert "Content-Security-Policy" in client.get("/nowhere/").headers


def test_pages_have_no_inline_script_and_only_hashed_inline_styles(
    client, admin_client, public_pages, admin_pages
):
    responses = [(url, client.get(url)) for url in public_pages]
    responses += [(url, admin_client.get(url)) for url in admin_pages]
    responses.append(("/admin/login/", Client().get("/admin/login/")))
    for url, response in responses:
        html = response.content.decode()
        allowed = csp_directives(response)["style-src"]
        assert not inline_blocks(html, "script"), f"inline <script> on {url}"
        for _, style in inline_blocks(html, "style"):
            assert csp_hash(style) in allowed, (
                f"an inline <style> on {url} is not allowed by the CSP: add "
                f"{csp_hash(style)} to CSP_STYLE_HASHES in settings, or move it "
                "to a stylesheet"
            )
        assert not re.search(r"\sstyle=", html), f"style attribute on {url}"
        assert not re.search(r"\son[a-z]+=", html), f"inline event handler on {url}"


def test_the_server_error_page_style_is_allowed_by_the_csp(client):
    html = (ROOT / "templates" / "500.html").read_text()
    allowed = csp_directives(client.get("/"))["style-src"]
    for _, style in inline_blocks(html, "style"):
        assert csp_hash(style) in allowed


def test_server_errors_show_the_plain_error_page_with_the_headers(client, monkeypatch):
    from articles import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "render", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"boom" not in response.content
    assert "Content-Security-Policy" in response.headers
