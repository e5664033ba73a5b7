"""HTTP caching of the public pages: validators, 304s, Cache-Control.

Every public page (articles, entities, sources, subjects, search and its
exports, feeds, sitemaps) shows the archive as it is at one moment, and the
archive says when that moment changes: ArchiveState, moved on by the
database with every change readers could see (an import, an edit in the
admin, a merge, a withdrawal). A page's ETag is that state (and the release
of the code that renders it); its Last-Modified, the time of that change.
A conditional GET that still matches is answered 304 before the view runs:
no query but the state's, no template. An anonymous reader's page may be
kept by shared caches for NEWSROOM_CACHE_MAX_AGE seconds and served stale
while it is revalidated for NEWSROOM_CACHE_STALE more; a signed-in user's
(an editor sees withdrawn articles) is `private, no-store`, and every page
varies on Cookie and Accept-Encoding.

A page's validators change with any change to the archive, not only with
the rows it shows: search results, counts, facets and the related stories
beside an article depend on all of it. A change costs each page one render,
not each request.
"""

import datetime
import hashlib
import threading
from collections import OrderedDict
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date, quote_etag

from .models import ArchiveState

# The views whose pages are public (by URL namespace or name).
PUBLIC_NAMESPACES = {"articles"}
PUBLIC_NAMES = {"sitemap", "sitemap-section", "robots"}
# Responses a shared cache may keep: a page, a gone (withdrawn) article,
# an address that does not exist (yet), a redirect to the canonical one.
CACHEABLE = {200, 301, 404, 410}
VARY = ("Cookie", "Accept-Encoding")
# The code that renders the pages: a new release changes every validator.
CODE = ("articles", "newsroom", "templates", "static")


def own_validators(view):
    """Mark a view that sets its own validators and Cache-Control (the world
    map, which changes with the code, not the archive)."""
    view.own_validators = True
    return view


# The state read for the request being served, by this thread: a request
# reads it once, for its validators and for the work kept for it.
_request = threading.local()


def archive_state() -> tuple[int, float]:
    """(version, time of the last change as a POSIX timestamp): one
    primary-key read, in plain SQL (a third of the ORM's time, on every
    page and every 304), once per request."""
    if getattr(_request, "serving", False):
        if _request.state is None:
            _request.state = _read_state()
        return _request.state
    return _read_state()


def _read_state() -> tuple[int, float]:
    with connection.cursor() as cursor:
        cursor.execute(_STATE_SQL)
        found = cursor.fetchone()
    if found is None:  # emptied (a test's flush): start again
        state, _ = ArchiveState.objects.get_or_create(
            id=1, defaults={"version": 0, "changed_at": timezone.now()}
        )
        return state.version, state.changed_at.timestamp()
    version, changed_at = found
    if isinstance(changed_at, str):  # SQLite, as the trigger wrote it
        changed_at = datetime.datetime.fromisoformat(changed_at)
    if changed_at.tzinfo is None:  # SQLite keeps UTC without saying so
        changed_at = changed_at.replace(tzinfo=datetime.UTC)
    return version, changed_at.timestamp()


_STATE_SQL = (
    f"SELECT version, changed_at FROM {ArchiveState._meta.db_table} WHERE id = 1"
)


@cache
def release() -> str:
    """A fingerprint of the code and templates that render the pages: the
    setting NEWSROOM_RELEASE when given, else a hash of the files."""
    if settings.NEWSROOM_RELEASE:
        return settings.NEWSROOM_RELEASE
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder in CODE:
        for path in sorted((base / folder).rglob("*")):
            if path.is_file() and path.suffix in {
                ".py",
                ".html",
                ".css",
                ".js",
                ".svg",
            }:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# Work a page does that depends on the archive alone, not on the request (an
# entity's timeline, the entities named with it, its map; an article's related
# articles; a search's facets and spelling help, for every page of it): done
# once per state of the archive and kept by each process, the most recently
# used STATE_CACHE_SIZE. A change to the archive changes its state, and what
# was kept for the old one is never read again.
STATE_CACHE_SIZE = 1024
_kept: OrderedDict = OrderedDict()
_kept_lock = threading.Lock()


def for_this_state(name: str, key, compute):
    """compute(), or what it gave for the same `name` and `key` while the
    archive was in the state it is in now."""
    version, modified = archive_state()
    token = (name, key, version, modified)
    with _kept_lock:
        if token in _kept:
            _kept.move_to_end(token)
            return _kept[token]
    value = compute()
    with _kept_lock:
        _kept[token] = value
        while len(_kept) > STATE_CACHE_SIZE:
            _kept.popitem(last=False)
    return value


class PublicPageCachingMiddleware:
    """Validators, 304s and Cache-Control for the public pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _request.serving, _request.state = True, None
        try:
            response = self.get_response(request)
        finally:
            _request.serving, _request.state = False, None
        policy = getattr(request, "_newsroom_cache", None)
        if policy is None:
            return response
        if policy == "private" or response.cookies:
            patch_cache_control(response, private=True, no_store=True)
        elif response.status_code in CACHEABLE and not response.has_header(
            "Cache-Control"
        ):
            etag, modified = policy
            _validate(response, etag, modified)
        patch_vary_headers(response, VARY)
        return response

    def process_view(self, request, view, args, kwargs):
        if request.method not in ("GET", "HEAD") or not _public(request, view):
            return None
        if request.user.is_authenticated:
            request._newsroom_cache = "private"
            return None
        version, modified = archive_state()
        etag = quote_etag(f"{release()}-{version}-{int(modified * 1e6):x}")
        request._newsroom_cache = (etag, modified)
        response = get_conditional_response(
            request, etag=etag, last_modified=int(modified)
        )
        if response is not None and response.status_code == 304:  # not rendered
            _validate(response, etag, modified)
        return response


def _public(request, view) -> bool:
    if getattr(view, "own_validators", False):
        return False
    match = request.resolver_match
    return match is not None and (
        match.namespace in PUBLIC_NAMESPACES or match.url_name in PUBLIC_NAMES
    )


def _validate(response, etag: str, modified: float) -> None:
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(int(modified))
    patch_cache_control(
        response,
        public=True,
        max_age=settings.NEWSROOM_CACHE_MAX_AGE,
        stale_while_revalidate=settings.NEWSROOM_CACHE_STALE,
    )
