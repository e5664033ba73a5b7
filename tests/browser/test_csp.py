"""The admin and the public pages work in Chromium under the Content-Security-Policy.

The policy allows no inline script and only hashed inline styles
(tests/security/test_headers.py checks the HTML for them); here the browser
enforces it: no page reports a violation or an error, and the admin's own
JavaScript runs.
"""

import pytest

from tests.factories import ArticleFactory, EntityFactory, MentionFactory, SourceFactory

pytestmark = pytest.mark.browser


def test_admin_pages_work_in_a_browser_under_the_csp(reader, admin_user):
    source = SourceFactory(name="Kyodo")
    article = ArticleFactory(title="Harbour board backs ferry terminal", source=source)
    ArticleFactory.create_batch(3, source=source)
    MentionFactory(article=article, entity=EntityFactory(name="Kobe"))
    page = reader.open("/admin/login/")
    page.get_by_label("Username").fill(admin_user.username)
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")

    checks = {
        # page: (JavaScript that returns true once the admin's own JS ran)
        "/admin/": "() => document.querySelector('#content-main') !== null",
        "/admin/articles/article/": (
            "() => (document.querySelector('#action-toggle').click(),"
            "[...document.querySelectorAll('input.action-select')]"
            ".every(box => box.checked))"
        ),
        f"/admin/articles/article/{article.pk}/change/": (
            "() => document.querySelectorAll('.select2-container').length > 0"
        ),
        "/admin/articles/source/add/": (
            "() => { const name = document.querySelector('#id_name');"
            "name.value = 'Agence France Presse';"
            "name.dispatchEvent(new Event('keyup'));"
            "name.dispatchEvent(new Event('change'));"
            "return document.querySelector('#id_slug').value"
            " === 'agence-france-presse'; }"
        ),
        "/admin/articles/entity/?q=Kobe": (
            "() => !!document.getElementById('changelist')"
        ),
        "/": "() => document.querySelector('.site-header') !== null",
        article.get_absolute_url(): "() => document.styleSheets.length > 0",
        "/search/?q=harbour": "() => document.querySelector('main') !== null",
        "/api/docs/": "() => document.querySelector('main h1') !== null",
    }
    problems = []
    for path, works in checks.items():
        seen = len(reader.problems)
        page = reader.open(path)
        page.wait_for_timeout(300)  # async scripts and deferred ones
        if violations := reader.csp_violations():
            problems.append(f"{path}: CSP violations {violations}")
        if console := reader.problems[seen:]:
            problems.append(f"{path}: console {console}")
        if page.evaluate(works) is not True:
            problems.append(f"{path}: the page's script did not run ({works})")

    # The control: the policy is enforced and a violation would be seen.
    page = reader.open("/")
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend',"
        " '<p style=\"color: red\">injected</p>')"
    )
    page.wait_for_timeout(200)
    assert len(reader.csp_violations()) == 1
    # Stylesheets loaded: the admin header is styled, not a bare list.
    page = reader.open("/admin/")
    background = page.evaluate(
        "getComputedStyle(document.querySelector('#header')).backgroundColor"
    )
    assert background not in ("", "rgba(0, 0, 0, 0)"), background
    assert not problems, "\n".join(problems)
