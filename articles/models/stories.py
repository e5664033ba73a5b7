"""Stories: the versions and copies of one news story, grouped.

Agencies send a story again and again (an alert, the story, UPDATE 1, a
REFILE, a CORRECTED version) and the same text may arrive from two feeds.
Each article belongs to one Story; a story of one article is the usual case.
articles/stories/ decides which articles go together and keeps `size` up to
date; StorySignature and StoryBand are its index in the database.
"""

from django.db import models

from .archive import Article

# Versions in the order they were sent: by time where known, then as imported.
VERSION_ORDER = (
    models.F("published_at").asc(nulls_last=True),
    models.F("published").asc(nulls_last=True),
    "id",
)
NEWEST_FIRST = (
    models.F("published_at").desc(nulls_last=True),
    models.F("published").desc(nulls_last=True),
    "-id",
)


class Story(models.Model):
    """One news story: all the versions and copies of it in the archive."""

    size = models.PositiveIntegerField(
        "articles", default=1, help_text="Versions and copies in the archive."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-id"]

    def __str__(self):
        # No query: lists of stories name each one (the admin's checkboxes).
        return f"story {self.pk} ({self.size} article{'s' if self.size != 1 else ''})"

    def get_absolute_url(self):
        newest = self.newest()
        return newest.get_absolute_url() if newest else ""

    def newest(self):
        """The newest version that is not a copy (a copy when all are)."""
        return self.articles.order_by(
            models.F("withdrawn_at").asc(nulls_first=True),
            models.F("duplicate_of").asc(nulls_first=True),
            *NEWEST_FIRST,
        ).first()

    def versions(self):
        """Its articles, oldest first: the order they were sent in."""
        return self.articles.select_related("source").order_by(*VERSION_ORDER)

    def public_versions(self):
        """Its articles that readers see (not withdrawn), oldest first."""
        return self.versions().filter(withdrawn_at__isnull=True)


class StorySignature(models.Model):
    """What grouping compares: a MinHash of the text's word shingles, the
    number of shingles, the headline's words and the time of publication."""

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="signature"
    )
    minhash = models.BinaryField()
    shingles = models.PositiveIntegerField()
    headline = models.CharField(max_length=200, db_index=True)

    def __str__(self):
        return f"signature of article {self.article_id}"


class StoryBand(models.Model):
    """One band of a signature (locality-sensitive hashing): articles that
    share a band and were sent within a week of each other are candidates to
    be versions of one story.

    The index is by week, then key: articles imported in the order they were
    sent are written into the same few weeks of it, not at random places all
    over it, which kept an import of 100,000 articles from slowing as the
    archive grew (bench/stories/README.md)."""

    key = models.BigIntegerField()
    week = models.IntegerField(
        null=True,
        help_text="Weeks since 1970 when the article was sent; none if undated.",
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["week", "key"], name="articles_storyband_week_key")
        ]

    def __str__(self):
        return f"band {self.key} of article {self.article_id}"
