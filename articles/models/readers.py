"""What readers keep: their saved searches, and the e-mail digests of what is
new to them.

A saved search is the search page's query and filters, as its URL gives
them. What is "new" to it is counted by article id, which grows with every
import: a saved search remembers the newest article there was when its
reader last looked (`seen_up_to`) and when its last digest was made
(`mailed_up_to`). A story is new when one of its articles matching the
search came in after that mark.

A digest is made in two steps, so that a failure half way loses nothing
and sends nothing twice (articles/readers/digests.py): the stories it will
carry are written down first, in one transaction (DigestStory, unique per
reader and story, so no story is ever put in two digests of one reader),
then it is sent and marked sent. A digest written down but not sent is sent
by the next run.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


def story_key():
    """An expression for the story an article belongs to: its story's id, or
    minus its own id for an article no story groups (as OnePerStory counts)."""
    return Coalesce("story_id", -models.F("id"))


class SavedSearch(models.Model):
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    name = models.CharField(max_length=120)
    # The search's query and filters, URL-encoded (readers/searches.py).
    params = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The newest article id when the reader last opened the search.
    seen_up_to = models.BigIntegerField(default=0)
    seen_at = models.DateTimeField(null=True, blank=True)
    # E-mail digests of what is new to it; off after an unsubscribe.
    alerts = models.BooleanField(default=True)
    # The newest article id when its last digest was made.
    mailed_up_to = models.BigIntegerField(default=0)
    # The secret in its private feed's address; replaced to revoke it.
    feed_token = models.CharField(max_length=64, unique=True, default=new_feed_token)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reader", "name"], name="saved_search_name_per_reader"
            )
        ]

    def __str__(self):
        return self.name


class Digest(models.Model):
    """One e-mail to a reader: written down, then sent."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The address it was written for (a reader may change theirs later).
    address = models.EmailField(max_length=254)
    # Its saved searches in order, as they were when it was written: each
    # one's name, search page address and how many more new stories it had
    # than the digest lists ({"name", "path", "more"}).
    searches = models.JSONField(default=list)

    class Meta:
        indexes = [
            models.Index(
                fields=["id"],
                name="digest_unsent",
                condition=models.Q(sent_at__isnull=True),
            )
        ]

    def __str__(self):
        state = f"sent {self.sent_at:%Y-%m-%d %H:%M}" if self.sent_at else "not sent"
        return f"digest {self.pk} to {self.address} ({state})"


class DigestStory(models.Model):
    """A story in a digest, as it was when the digest was written: the
    article shown for it and the saved search it is listed under."""

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="stories")
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    story_key = models.BigIntegerField()
    saved_search = models.ForeignKey(
        SavedSearch, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_name = models.CharField(max_length=120)
    article = models.ForeignKey(
        "articles.Article", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=500)
    path = models.CharField(max_length=200)
    source_name = models.CharField(max_length=200, blank=True)
    published = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reader", "story_key"], name="digest_story_once_per_reader"
            )
        ]

    def __str__(self):
        return self.title
