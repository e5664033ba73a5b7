"""The documented production settings pass `check --deploy`; HTTPS brings HSTS
and secure cookies."""

import re
import secrets

import pytest

from tests.support import manage_py, run_django_code

pytestmark = pytest.mark.django_db


def test_check_deploy_reports_nothing_with_the_documented_production_settings():
    key = secrets.token_urlsafe(64)
    result = manage_py(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=key,
        DJANGO_SECURE="1",
        DJANGO_ALLOWED_HOSTS="news.example.org",
        EMAIL_HOST="mail.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_https_check_deploy_warns_only_about_https():
    result = manage_py(
        "check", "--deploy", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_hex(40)
    )
    warnings = set(re.findall(r"\(security\.(W\d+)\)", result.stdout + result.stderr))
    # HSTS, HTTPS redirect, secure session and CSRF cookies: DJANGO_SECURE=1.
    assert warnings <= {"W004", "W008", "W012", "W016"}


def test_https_deployments_get_hsts_and_secure_cookies():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    )
    result = run_django_code(
        code,
        timeout=60,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_hex(40),
        DJANGO_SECURE="1",
    )
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True"]
