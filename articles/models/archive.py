"""The archive: sources and their articles."""

import datetime

from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import slugify

from .names import unique_slug


def fields_to_save(instance, kwargs) -> dict:
    """save() keyword arguments that leave article_count alone on an update:
    the database keeps it (migration 0006), and a count read before an import
    added rows must not be written back over the new one."""
    if not instance._state.adding and kwargs.get("update_fields") is None:
        kwargs["update_fields"] = [
            f.attname
            for f in instance._meta.concrete_fields
            if not f.primary_key and f.name != "article_count"
        ]
    return kwargs


def moment_of(published_at, published) -> datetime.datetime | None:
    """When an article was published, as a moment: its time where the source
    gave one, else midnight UTC of its date; None when the date is unknown
    (its import time is never presented as one)."""
    if published_at:
        return published_at
    if published:
        return datetime.datetime.combine(published, datetime.time(), datetime.UTC)
    return None


def article_count_field(help_text: str):
    """How many articles a source or an entity has: kept by the database (the
    "article counts" triggers, articles/db/triggers.py), never by Python."""
    return models.PositiveIntegerField(
        "articles", default=0, editable=False, help_text=help_text
    )


class SourceQuerySet(models.QuerySet):
    def with_withdrawn_count(self):
        """`withdrawn`: how many of each source's articles are withdrawn
        (article_count counts them), from the index that holds them alone."""
        withdrawn = (
            Article.objects.withdrawn()
            .filter(source=models.OuterRef("pk"))
            .order_by()
            .values("source")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(withdrawn=Coalesce(models.Subquery(withdrawn), 0))

    def with_date_range(self):
        """first_published and last_published, each one read from the
        (source, published) index."""
        dated = Article.objects.filter(
            source=models.OuterRef("pk"), published__isnull=False
        ).values("published")
        return self.annotate(
            first_published=models.Subquery(dated.order_by("published")[:1]),
            last_published=models.Subquery(dated.order_by("-published")[:1]),
        )


class Source(models.Model):
    """A news organisation articles come from (a wire service, a broadcaster)."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    article_count = article_count_field("Articles from it.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Source, self.name)
        super().save(*args, **fields_to_save(self, kwargs))

    def get_absolute_url(self):
        return reverse("articles:source", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def from_source(self, source):
        return self.filter(source=source)

    def mentioning(self, entity):
        return self.filter(mentions__entity=entity)

    def published_between(self, start=None, end=None):
        qs = self
        if start:
            qs = qs.filter(published__gte=start)
        if end:
            qs = qs.filter(published__lte=end)
        return qs

    def newest_first(self):
        return self.order_by(models.F("published").desc(nulls_last=True), "-id")

    def oldest_first(self):
        return self.order_by(models.F("published").asc(nulls_last=True), "id")

    def for_listing(self):
        """What a list of articles shows: no bodies loaded beyond the lead."""
        return self.select_related("source")

    def public(self):
        """What readers see: every article but those withdrawn. Said as "not
        one of the withdrawn ids", which the partial index on withdrawn_at
        lists, so that counting and ordering still read narrow indexes, not
        rows as wide as their text."""
        return self.exclude(pk__in=Article.objects.withdrawn().values("pk"))

    def withdrawn(self):
        """Articles withdrawn by their provider or an editor (read through
        the small partial index that holds them alone)."""
        return self.filter(withdrawn_at__isnull=False)


class Article(models.Model):
    """One news story. `body` holds its paragraphs separated by blank lines."""

    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=100)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    body = models.TextField(help_text="Paragraphs separated by a blank line.")
    captions = models.TextField(
        blank=True,
        help_text="Photo captions, one paragraph each, separated by a blank line.",
    )
    dateline = models.CharField(
        max_length=200, blank=True, help_text="Place, e.g. TOKYO."
    )
    byline = models.CharField(max_length=300, blank=True)
    credits = models.CharField(
        max_length=500, blank=True, help_text="Reporting and editing credits."
    )
    published = models.DateField(null=True, blank=True, db_index=True)
    published_at = models.DateTimeField(
        "time of publication",
        null=True,
        blank=True,
        help_text="When the source gives the time as well as the date.",
    )
    url = models.URLField(max_length=1000, blank=True)
    version = models.CharField(
        max_length=60,
        blank=True,
        help_text="The headline's version markers: UPDATE 2, REFILE, CORRECTED.",
    )
    advisory = models.CharField(
        max_length=300,
        blank=True,
        help_text="What an update or correction changed, as the agency said it.",
    )
    story = models.ForeignKey(
        "articles.Story",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text="The story this article is a version or a copy of.",
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        help_text="The article this one is a copy of, from another feed or file.",
    )

    guid = models.CharField(
        "feed identity",
        max_length=300,
        blank=True,
        db_index=True,
        help_text="The story's own identity in its feed (a NewsML guid, a ninjs "
        "uri): every version of it carries the same.",
    )
    withdrawn_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When its provider or an editor withdrew it: kept for editors, "
        "hidden from readers.",
    )
    withdrawn_reason = models.CharField(max_length=300, blank=True, editable=False)
    # The mentions a withdrawn article had, [[kind, name, count]]: put back
    # when it is restored (articles/withdrawal.py).
    withdrawn_mentions = models.JSONField(default=list, blank=True, editable=False)

    source_file = models.CharField(max_length=1000, blank=True)
    import_key = models.CharField(max_length=1000, unique=True)
    content_hash = models.CharField(max_length=64, db_index=True)
    # What editors corrected, which re-import and re-extraction leave alone
    # (articles/corrections.py).
    edited_fields = models.JSONField(default=list, blank=True)
    subjects = models.ManyToManyField(
        "Subject",
        blank=True,
        related_name="articles",
        help_text="The topics its feed filed it under.",
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published").desc(nulls_last=True), "-id"]
        indexes = [
            models.Index(fields=["source", "published"]),
            # Which story each match belongs to, and when and from where it
            # was sent, read from this narrow index rather than from rows as
            # wide as their text: what a search page counts and shows one per
            # story (articles/stories/results.py), and what /compare/ counts
            # per month or year (articles/comparison.py).
            models.Index(
                fields=["id", "story", "published", "source"],
                name="articles_article_story_of",
            ),
            # The few withdrawn articles, which readers' counts take away.
            models.Index(
                fields=["withdrawn_at"],
                condition=models.Q(withdrawn_at__isnull=False),
                name="articles_article_withdrawn",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = Article.slug_for(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @staticmethod
    def slug_for(title: str) -> str:
        """The slug of an article with this headline (its address's last part)."""
        length = Article._meta.get_field("slug").max_length
        return slugify(title)[:length].strip("-") or "article"

    @property
    def paragraphs(self):
        return [p for p in self.body.split("\n\n") if p.strip()]

    @property
    def caption_list(self):
        return [c for c in self.captions.split("\n\n") if c.strip()]

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_correction(self) -> bool:
        return "CORRECTED" in self.version or self.advisory.lower().startswith(
            "correct"
        )

    @property
    def lead(self):
        paragraphs = self.paragraphs
        return paragraphs[0] if paragraphs else ""
