"""Login throttling for the admin and readers' sign-in: slow down password
guessing.

After settings.NEWSROOM_LOGIN_FAILURE_LIMIT failed logins for one username, or
from one client address, within NEWSROOM_LOGIN_FAILURE_WINDOW seconds, further
attempts for that username or from that address are refused, without checking
the password, until the oldest of those failures leaves the window. A
successful login clears its username's record.

The failures are kept in Django's default cache as a short list of times:
by default the database cache, shared by every worker and kept across their
restarts (settings refuse a per-process cache in production; see
docs/operations.md).
"""

import hashlib
import math
import time

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

THROTTLED = "throttled"
KEY_PREFIX = "newsroom:login-failures"

# The clock, replaceable in tests.
clock = time.time


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the proxy's header if configured."""
    header = settings.NEWSROOM_CLIENT_IP_HEADER
    if header and request.META.get(header):
        # X-Forwarded-For may hold a chain; the last entry is the one our own
        # proxy added, the others are whatever the client claimed.
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def failure_keys(request, username: str) -> list[str]:
    """Cache keys of the username's and the address's failure records."""
    user = hashlib.sha256(username.strip().casefold().encode()).hexdigest()
    address = hashlib.sha256(client_address(request).encode()).hexdigest()
    return [f"{KEY_PREFIX}:user:{user}", f"{KEY_PREFIX}:ip:{address}"]


def _recent_failures(key: str, now: float) -> list[float]:
    window = settings.NEWSROOM_LOGIN_FAILURE_WINDOW
    return [t for t in cache.get(key, []) if t > now - window]


def seconds_blocked(keys: list[str]) -> int:
    """How long until a login for `keys` may be tried again; 0 if it may now."""
    now = clock()
    limit = settings.NEWSROOM_LOGIN_FAILURE_LIMIT
    window = settings.NEWSROOM_LOGIN_FAILURE_WINDOW
    wait = 0.0
    for key in keys:
        failures = _recent_failures(key, now)
        if len(failures) >= limit:
            wait = max(wait, failures[-limit] + window - now)
    return math.ceil(wait)


def record_failure(keys: list[str]) -> None:
    now = clock()
    limit = settings.NEWSROOM_LOGIN_FAILURE_LIMIT
    window = settings.NEWSROOM_LOGIN_FAILURE_WINDOW
    for key in keys:
        # Read-modify-write: two workers failing at the same instant may count
        # once. Good enough to stop guessing; not an exact meter.
        failures = [*_recent_failures(key, now), now][-limit:]
        cache.set(key, failures, timeout=window)


class Throttled:
    """A login form mixin refusing attempts while a username or address is
    over the failure limit."""

    retry_after = 0

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        keys = failure_keys(self.request, username)
        self.retry_after = seconds_blocked(keys)
        if self.retry_after:
            minutes = math.ceil(self.retry_after / 60)
            raise ValidationError(
                "Too many failed login attempts for this account or from your "
                "address. Try again in %(minutes)d minute(s).",
                code=THROTTLED,
                params={"minutes": minutes},
            )
        try:
            cleaned_data = super().clean()
        except ValidationError:
            record_failure(keys)
            raise
        if self.user_cache is not None:
            cache.delete(keys[0])
        return cleaned_data


class ThrottledAuthenticationForm(Throttled, AdminAuthenticationForm):
    """The admin's login form (staff only), throttled."""


class ThrottledReaderAuthenticationForm(Throttled, AuthenticationForm):
    """Readers' sign-in form, throttled as the admin's is."""


def answer_throttled(response):
    """`response` of a login view, made a 429 with Retry-After when its form
    refused the attempt as throttled."""
    form = (getattr(response, "context_data", None) or {}).get("form")
    if isinstance(form, Throttled) and form.has_error(NON_FIELD_ERRORS, THROTTLED):
        response.status_code = 429
        response["Retry-After"] = str(form.retry_after)
    return response


def admin_login(request, extra_context=None):
    """The admin's login view, answering 429 while the attempt is throttled."""
    return answer_throttled(admin.site.login(request, extra_context))
