"""How often an anonymous client may call the API.

REST framework counts each client's requests in Django's default cache (the
database cache unless NEWSROOM_CACHE names Redis: shared by every worker);
past NEWSROOM_API_RATE it answers 429 with Retry-After. A client is its
address as the admin's login throttle reads it (NEWSROOM_CLIENT_IP_HEADER,
set only behind a proxy that writes it), never an X-Forwarded-For header the
client sent itself. Staff members calling with their token are not limited.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from ..throttling import client_address


class _RateFromSettings:
    """The rate read from settings each time, so that a change to it (a
    test's, say) holds."""

    def get_rate(self):
        return settings.NEWSROOM_API_RATE

    def get_ident(self, request):
        return client_address(request)


class AnonymousThrottle(_RateFromSettings, AnonRateThrottle):
    scope = "anon"


class SignedInThrottle(_RateFromSettings, UserRateThrottle):
    """Signed-in readers who are not staff are limited like anonymous ones."""

    scope = "user"

    def allow_request(self, request, view):
        if request.user and request.user.is_staff:
            return True
        return super().allow_request(request, view)
