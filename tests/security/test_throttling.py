"""Password guessing is throttled: per username and per address, in the shared cache."""

import secrets
import socket

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from articles import throttling

pytestmark = pytest.mark.django_db


@pytest.fixture
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    now = [1_700_000_000.0]
    monkeypatch.setattr(throttling, "clock", lambda: now[0])
    return now


def attempt(username, password, address="203.0.113.7"):
    return Client(REMOTE_ADDR=address).post(
        "/admin/login/",
        {"username": username, "password": password, "next": "/admin/"},
    )


def test_five_failed_logins_for_a_username_block_it_for_the_window(
    admin_user, clean_cache, clock, settings
):
    for _ in range(settings.NEWSROOM_LOGIN_FAILURE_LIMIT):
        response = attempt("admin", "wrong")
        assert response.status_code == 200
        assert b"Please enter the correct" in response.content

    refused = attempt("admin", "password")  # even the right password
    assert refused.status_code == 429
    assert b"Too many failed login attempts" in refused.content
    assert int(refused["Retry-After"]) == settings.NEWSROOM_LOGIN_FAILURE_WINDOW
    assert "_auth_user_id" not in refused.wsgi_request.session
    # From another address too: the account is what is being guessed.
    assert attempt("ADMIN", "password", address="198.51.100.1").status_code == 429

    clock[0] += settings.NEWSROOM_LOGIN_FAILURE_WINDOW - 60
    assert attempt("admin", "password").status_code == 429
    clock[0] += 61
    assert attempt("admin", "password").status_code == 302


def test_five_failed_logins_from_one_address_block_that_address(
    admin_user, clean_cache, clock, settings
):
    for n in range(settings.NEWSROOM_LOGIN_FAILURE_LIMIT):
        attempt(f"guess{n}", "wrong", address="203.0.113.9")

    assert attempt("admin", "password", address="203.0.113.9").status_code == 429
    assert attempt("admin", "password", address="198.51.100.2").status_code == 302


def test_failures_older_than_the_window_do_not_count(
    admin_user, clean_cache, clock, settings
):
    for _ in range(settings.NEWSROOM_LOGIN_FAILURE_LIMIT - 1):
        attempt("admin", "wrong")
    clock[0] += settings.NEWSROOM_LOGIN_FAILURE_WINDOW + 1
    attempt("admin", "wrong")
    assert attempt("admin", "password").status_code == 302


def test_a_successful_login_clears_the_usernames_failures(
    admin_user, clean_cache, clock, settings
):
    for _ in range(settings.NEWSROOM_LOGIN_FAILURE_LIMIT - 1):
        attempt("admin", "wrong", address=f"198.51.100.{_}")
    assert attempt("admin", "password", address="192.0.2.1").status_code == 302
    for _ in range(settings.NEWSROOM_LOGIN_FAILURE_LIMIT - 1):
        attempt("admin", "wrong", address=f"198.51.100.{_ + 10}")
    assert attempt("admin", "password", address="192.0.2.2").status_code == 302


def test_the_proxy_header_names_the_client_when_configured(
    admin_user, clean_cache, clock, settings
):
    settings.NEWSROOM_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    proxy = "127.0.0.1"
    for n in range(settings.NEWSROOM_LOGIN_FAILURE_LIMIT):
        Client(REMOTE_ADDR=proxy, HTTP_X_REAL_IP="203.0.113.5").post(
            "/admin/login/", {"username": f"guess{n}", "password": "wrong"}
        )
    other = Client(REMOTE_ADDR=proxy, HTTP_X_REAL_IP="203.0.113.6").post(
        "/admin/login/", {"username": "admin", "password": "password"}
    )
    assert other.status_code == 302


def test_throttling_counts_in_the_database_cache_by_default(
    admin_user, clean_cache, clock, settings
):
    assert settings.CACHES["default"]["BACKEND"].endswith("db.DatabaseCache")
    for _ in range(settings.NEWSROOM_LOGIN_FAILURE_LIMIT):
        attempt("admin", "wrong")
    table = settings.CACHES["default"]["LOCATION"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        assert cursor.fetchone()[0] == 2  # one for the username, one for the address
    assert attempt("admin", "password").status_code == 429


def redis_is_listening():
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", 6379)) == 0


def test_throttling_counts_in_redis_when_the_deployment_names_it(
    admin_user, clock, settings
):
    if not redis_is_listening():
        pytest.skip("no Redis server at 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"newsroom-test-{secrets.token_hex(4)}",
        }
    }
    try:
        for _ in range(settings.NEWSROOM_LOGIN_FAILURE_LIMIT):
            attempt("admin", "wrong")
        assert attempt("admin", "password").status_code == 429
        clock[0] += settings.NEWSROOM_LOGIN_FAILURE_WINDOW + 1
        assert attempt("admin", "password").status_code == 302
    finally:
        cache.clear()
