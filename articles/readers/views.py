"""Readers' own pages: signing in and up, saved searches, their private
feeds, and the link in a digest that stops digests.

Every page here is the signed-in reader's alone (never_cache: private,
no-store), and a saved search is only ever looked up among its reader's
own: another reader's id is a 404, as an id that does not exist is.
"""

import itertools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .. import exports
from ..filters import ArticleFilter
from ..models import Article, SavedSearch
from ..models.readers import new_feed_token
from ..throttling import ThrottledReaderAuthenticationForm, answer_throttled
from . import digests
from .forms import SavedSearchForm, SignUpForm
from .searches import (
    describe,
    kept_params,
    listed,
    mark_seen,
    matching_after,
    newest_article_id,
    newest_per_story,
)
from .searches import search_path as saved_search_path

# Entries in a saved search's private feed: its newest stories.
FEED_LENGTH = 30
# How many saved searches one reader may keep.
MOST_SAVED = 200


@method_decorator(never_cache, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "readers/login.html"
    authentication_form = ThrottledReaderAuthenticationForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        return answer_throttled(super().post(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "signup": settings.NEWSROOM_SIGNUP,
        }


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def sign_up(request):
    """Open sign-up, when NEWSROOM_SIGNUP=1; otherwise staff create readers'
    accounts in the admin and this address does not exist."""
    if not settings.NEWSROOM_SIGNUP:
        raise Http404("Accounts are created by the archive's staff.")
    if request.user.is_authenticated:
        return redirect("readers:searches")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome. Save a search from any search page.")
        return redirect("readers:searches")
    return render(request, "readers/signup.html", {"form": form})


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def saved_searches(request):
    """The reader's saved searches, each with its stories new since they
    last opened it."""
    searches = request.user.saved_searches.all()
    return render(
        request,
        "readers/searches.html",
        {"listed": listed(searches), "has_email": bool(request.user.email)},
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def save_search(request):
    """Save the search in the address (GET shows it, with a name to give
    it; POST saves it)."""
    source = request.POST if request.method == "POST" else request.GET
    params = kept_params(source)
    if not params:
        return HttpResponseBadRequest(
            "There is no search to save: give a query or a filter, as the "
            "search page's address does.",
            content_type="text/plain; charset=utf-8",
        )
    filterset = ArticleFilter(params, queryset=Article.objects.none())
    if not filterset.form.is_valid():
        return render(
            request,
            "readers/save.html",
            {"invalid": filterset.form.errors, "params": params},
            status=400,
        )
    reading = describe(params.urlencode())
    initial = {"name": (params.get("q") or reading)[:120], "alerts": True}
    form = SavedSearchForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        reader=request.user,
    )
    full = request.user.saved_searches.count() >= MOST_SAVED
    if request.method == "POST" and not full and form.is_valid():
        newest = newest_article_id()
        saved = form.save(commit=False)
        saved.reader = request.user
        saved.params = params.urlencode()
        saved.seen_up_to = saved.mailed_up_to = newest
        saved.save()
        messages.success(request, f"Saved “{saved.name}”.")
        return redirect("readers:searches")
    return render(
        request,
        "readers/save.html",
        {
            "form": form,
            "params": params,
            "reading": reading,
            "search_url": f"{reverse('articles:search')}?{params.urlencode()}",
            "full": full,
            "most": MOST_SAVED,
        },
        status=400 if form.errors or (full and request.method == "POST") else 200,
    )


def _own(request, pk) -> SavedSearch:
    return get_object_or_404(SavedSearch, pk=pk, reader=request.user)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def open_saved_search(request, pk):
    """Open a saved search on the search page; what it had new is seen."""
    saved = _own(request, pk)
    mark_seen(saved)
    return redirect(saved_search_path(saved))


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_saved_search(request, pk):
    """Rename a saved search, turn its e-mails on or off, or revoke its
    private feed's address for a new one."""
    saved = _own(request, pk)
    if request.method == "POST" and "new_feed" in request.POST:
        saved.feed_token = new_feed_token()
        saved.save(update_fields=["feed_token"])
        messages.success(
            request, "The feed has a new address; the old one no longer works."
        )
        return redirect("readers:edit", pk=saved.pk)
    mailed_before = saved.alerts
    form = SavedSearchForm(
        request.POST if request.method == "POST" else None,
        instance=saved,
        reader=request.user,
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if saved.alerts and not mailed_before:
            # E-mails start from now, not from before they were turned off.
            saved.mailed_up_to = newest_article_id()
        saved.save()
        messages.success(request, f"Saved “{saved.name}”.")
        return redirect("readers:searches")
    return render(
        request,
        "readers/edit.html",
        {
            "saved": saved,
            "form": form,
            "reading": describe(saved.params),
            "feed_url": request.build_absolute_uri(
                reverse("readers:feed", args=[saved.feed_token])
            ),
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_saved_search(request, pk):
    saved = _own(request, pk)
    if request.method == "POST":
        saved.delete()
        messages.success(request, f"Deleted “{saved.name}”.")
        return redirect("readers:searches")
    return render(request, "readers/delete.html", {"saved": saved})


@never_cache
@require_http_methods(["GET", "HEAD"])
def saved_search_feed(request, token):
    """A saved search's stories as an Atom feed, those it gained most recently
    first (by when they came into the archive, as its digests count them),
    at an address whose secret is the only key: a feed reader signs in to
    nothing. An unknown or revoked token is a 404."""
    saved = get_object_or_404(SavedSearch, feed_token=token)
    newest = newest_per_story(matching_after(saved, 0))
    return exports.atom_response(
        request,
        list(itertools.islice(newest, FEED_LENGTH)),
        title=f"newsroom: {saved.name}",
        description=describe(saved.params),
        link=saved_search_path(saved),
    )


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """Stop a reader's digests from the link in one, without signing in.
    GET asks (a mail scanner following the link stops nothing); POST stops
    them, from the page's button or a mail program's one-click unsubscribe
    (RFC 8058), which sends no CSRF token: the signed token is the key."""
    reader = digests.reader_of_token(token)
    if reader is None:
        return render(
            request, "readers/unsubscribe.html", {"invalid": True}, status=400
        )
    if request.method == "POST":
        digests.unsubscribe(reader)
        return render(request, "readers/unsubscribe.html", {"done": True})
    return render(request, "readers/unsubscribe.html", {"token": token})
