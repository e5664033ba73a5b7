"""Response headers Django's own middleware does not set.

SecurityMiddleware already sends X-Content-Type-Options, Referrer-Policy,
Cross-Origin-Opener-Policy and (behind HTTPS) HSTS; XFrameOptionsMiddleware
sends X-Frame-Options. This adds the Content-Security-Policy built from
settings.NEWSROOM_CSP, and a Permissions-Policy that turns off browser features
no page of the archive uses; it answers 405 to methods no page supports, and
it turns away admin query strings with NULs.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.middleware.gzip import GZipMiddleware
from django.urls import reverse

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def build_csp(directives: dict[str, list[str]]) -> str:
    """The header value for a {directive: [sources]} mapping."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = build_csp(settings.NEWSROOM_CSP)

    def __call__(self, request):
        response = self.get_response(request)
        # Django's debug error pages (DEBUG=1 only) are styled and scripted
        # inline; under the policy their tracebacks could not be unfolded.
        debug_page = settings.DEBUG and response.status_code >= 400
        # A view that sets its own policy (none does yet) keeps it.
        if not debug_page:
            response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# What any page of the site answers: the public pages GET and HEAD (their views
# say so themselves), the admin's forms POST too. TRACE, OPTIONS, PUT and the
# rest get 405 before any view runs: a view that does not check the method
# would otherwise answer TRACE with the whole page.
SITE_METHODS = ("GET", "HEAD", "POST")
# The API (articles/api/) only reads.
API_METHODS = ("GET", "HEAD")


class AllowedMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = API_METHODS if request.path.startswith("/api/") else SITE_METHODS
        if request.method not in allowed:
            return HttpResponseNotAllowed(allowed)
        return self.get_response(request)


class RejectNulCharactersMiddleware:
    """Answer 400 to admin query strings holding NUL characters.

    The admin passes its search and filter parameters straight to the
    database, and PostgreSQL refuses NUL in text values, so `?q=%00` would be
    a server error there. (The public pages validate their parameters and say
    what was wrong themselves.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The NUL test first: it is cheaper than reversing the admin's URL.
        if any(
            "\x00" in key or "\x00" in value for key, value in _items(request.GET)
        ) and request.path.startswith(reverse("admin:index")):
            return HttpResponseBadRequest(
                "The address contains a NUL character (%00), which no page accepts.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _items(querydict):
    for key, values in querydict.lists():
        for value in values:
            yield key, value


class SecretSafeGZipMiddleware(GZipMiddleware):
    """gzip, where it cannot open the BREACH attack.

    BREACH recovers a secret from the size of compressed responses that
    carry it beside text the attacker put in the request. Public pages
    carry no secret: no CSRF token (their forms are GET searches; the batch
    search's POSTed form is `private, no-store`), no session data. So a
    response is compressed only when no CSRF token was
    rendered into it, its user is not signed in (an editor's pages, the
    admin's above all, carry tokens and personal data), and it is not
    private; those go uncompressed. Django's own mitigation (random bytes in
    the gzip header) applies on top.
    """

    def process_response(self, request, response):
        user = getattr(request, "user", None)
        if (
            user is None
            or user.is_authenticated
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or "private" in response.get("Cache-Control", "")
        ):
            return response
        return super().process_response(request, response)
