"""E-mail digests: each reader is mailed the stories new to their saved
searches since the last digest, each story once.

`send_alerts` runs one digest at a time, in two steps (see
articles/models/readers.py):

1. write it down: in one transaction, the stories new to each of the
   reader's saved searches with alerts on, less those already in one of
   their digests, become its DigestStory rows, and each search's mark moves
   to the newest article read;
2. send it, then mark it sent.

A run stopped anywhere (killed, the mail server down) leaves each digest
either not written (its stories are still new: the next run writes them)
or written and not sent (the next run sends it first). Only a stop in the
instant between the mail server accepting a message and the mark being
written could send one twice, and the message's Message-ID, the same each
time, lets a mail reader show it once. One run at a time: a second waits for
nothing and says that another is running.
"""

import itertools
import smtplib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ..models import Digest, DigestStory, SavedSearch
from .locking import only_one
from .searches import (
    count_stories,
    matching_after,
    newest_article_id,
    newest_per_story,
    search_path,
)

# A digest lists at most this many stories of one saved search, and says how
# many more there are, with a link to them all.
STORIES_PER_SEARCH = 50
UNSUBSCRIBE_SALT = "newsroom.readers.unsubscribe"
LOCK = "send_alerts"


@dataclass
class AlertResult:
    written: int = 0  # digests written down by this run
    sent: int = 0  # digests sent (this run's, and any an earlier run left)
    stories: int = 0  # stories in the digests sent
    failed: int = 0  # digests the mail server did not take; sent next run
    without_address: int = 0  # readers with alerts on and no e-mail address
    errors: list[str] = field(default_factory=list)


def send_alerts(*, site_url: str) -> AlertResult:
    """Write and send the digests due, one reader at a time. Raises
    locking.AlreadyRunning if another run holds the lock."""
    result = AlertResult()
    # Opened by the first message; a server that cannot be reached fails
    # each message, which waits for the next run.
    mail = get_connection()
    with only_one(LOCK):
        try:
            for digest in Digest.objects.filter(sent_at=None).order_by("id"):
                _send(digest, mail=mail, site_url=site_url, result=result)
            upto = newest_article_id()
            for reader in _readers_to_alert():
                if not reader.email:
                    result.without_address += 1
                    continue
                digest = write_digest(reader, upto=upto)
                if digest is not None:
                    result.written += 1
                    _send(digest, mail=mail, site_url=site_url, result=result)
        finally:
            mail.close()
    return result


def _readers_to_alert():
    alerting = SavedSearch.objects.filter(alerts=True).values("reader")
    return get_user_model().objects.filter(pk__in=alerting, is_active=True)


def write_digest(reader, *, upto: int) -> Digest | None:
    """Write down the digest of what is new to `reader`'s saved searches
    with alerts on, among articles up to id `upto`; None if nothing is."""
    with transaction.atomic():
        searches = list(reader.saved_searches.filter(alerts=True).order_by("name"))
        listed, entries, taken = [], [], set()
        for saved in searches:
            rows = matching_after(saved, saved.mailed_up_to, upto=upto)
            picked = _unmailed(reader, rows, taken)
            if picked:
                more = 0
                if len(picked) == STORIES_PER_SEARCH:
                    more = max(count_stories(rows) - STORIES_PER_SEARCH, 0)
                path = search_path(saved)
                listed.append({"name": saved.name, "path": path, "more": more})
                entries.extend((saved, article) for article in picked)
        SavedSearch.objects.filter(pk__in=[s.pk for s in searches]).update(
            mailed_up_to=upto
        )
        if not entries:
            return None
        digest = Digest.objects.create(
            reader=reader, address=reader.email, searches=listed
        )
        DigestStory.objects.bulk_create(
            DigestStory(
                digest=digest,
                reader=reader,
                story_key=article.key,
                saved_search=saved,
                search_name=saved.name,
                article=article,
                title=article.title,
                path=article.get_absolute_url(),
                source_name=article.source.name if article.source else "",
                published=article.published,
            )
            for saved, article in entries
        )
    return digest


def _unmailed(reader, rows, taken: set) -> list:
    """Up to STORIES_PER_SEARCH of the stories of `rows`, newest first, one
    article each, leaving out those in `taken` (listed under another search
    of this digest) and those an earlier digest of `reader` carried; adds
    the ones it picks to `taken`."""
    picked = []
    for chunk in _batches(newest_per_story(rows), 200):
        keys = [article.key for article in chunk]
        mailed = set(
            DigestStory.objects.filter(reader=reader, story_key__in=keys).values_list(
                "story_key", flat=True
            )
        )
        for article in chunk:
            if article.key in mailed or article.key in taken:
                continue
            taken.add(article.key)
            picked.append(article)
            if len(picked) == STORIES_PER_SEARCH:
                return picked
    return picked


def _batches(items, size: int):
    items = iter(items)
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def _send(digest, *, mail, site_url, result) -> None:
    message = compose(digest, site_url=site_url, connection=mail)
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        result.failed += 1
        result.errors.append(f"digest {digest.pk} to {digest.address}: {error}")
        mail.close()  # the next message opens a new connection
        return
    Digest.objects.filter(pk=digest.pk).update(sent_at=timezone.now())
    result.sent += 1
    result.stories += digest.stories.count()


def compose(digest, *, site_url: str, connection=None) -> EmailMultiAlternatives:
    """The e-mail of `digest`, the same every time it is composed."""
    site_url = site_url.rstrip("/")
    stories = list(digest.stories.all())
    groups = []
    for search in digest.searches:
        listed = [story for story in stories if story.search_name == search["name"]]
        groups.append({**search, "url": site_url + search["path"], "stories": listed})
    for story in stories:
        story.url = site_url + story.path
    unsubscribe = site_url + reverse(
        "readers:unsubscribe", args=[unsubscribe_token(digest.reader_id)]
    )
    context = {
        "digest": digest,
        "groups": groups,
        "count": len(stories),
        "unsubscribe_url": unsubscribe,
        "searches_url": site_url + reverse("readers:searches"),
        "site_url": site_url,
    }
    names = [search["name"] for search in digest.searches]
    about = f"“{names[0]}”" if len(names) == 1 else f"{len(names)} saved searches"
    noun = "story" if len(stories) == 1 else "stories"
    message = EmailMultiAlternatives(
        subject=f"newsroom: {len(stories)} new {noun} for {about}",
        body=render_to_string("readers/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.address],
        headers={
            "Message-ID": _message_id(digest, site_url),
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        connection=connection,
    )
    message.attach_alternative(
        render_to_string("readers/digest.html", context), "text/html"
    )
    return message


def _message_id(digest, site_url) -> str:
    host = urlsplit(site_url).hostname or "newsroom"
    stamp = int(digest.created_at.timestamp())
    return f"<digest.{digest.pk}.{stamp}@{host}>"


def unsubscribe_token(reader_id: int) -> str:
    """The signed token of a link that stops `reader`'s digests, which works
    without logging in and cannot be made for another reader."""
    return signing.dumps(reader_id, salt=UNSUBSCRIBE_SALT)


def reader_of_token(token: str) -> int | None:
    """The reader a token stops the digests of, or None if it was not made
    here (tampered with, or cut short)."""
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def unsubscribe(reader_id: int) -> int:
    """Stop every digest of the reader: alerts off on all their saved
    searches. Returns how many were on."""
    return SavedSearch.objects.filter(reader_id=reader_id, alerts=True).update(
        alerts=False
    )
