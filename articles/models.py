import re
import unicodedata

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify


def normalize_name(name: str) -> str:
    """The key two spellings of one entity name share: case, spacing, "The", "'s"."""
    text = unicodedata.normalize("NFKC", name).replace("\u2019", "'")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"'s?$", "", text)
    text = re.sub(r"(?<=\w)\.(?=\w)", "", text)  # U.S. and US are one name
    return text.casefold().strip(" .,;:-")


def unique_slug(model, value: str, *, max_length: int = 80, **scope) -> str:
    """A slug for `value` not yet used by another row of `model` in `scope`."""
    base = slugify(value)[:max_length].strip("-") or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug, **scope).exists():
        suffix = f"-{n}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        n += 1
    return slug


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


class SourceQuerySet(models.QuerySet):
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
    # Kept by the database (triggers, migration 0006).
    article_count = models.PositiveIntegerField(
        "articles", default=0, editable=False, help_text="Articles from it."
    )
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


class Article(models.Model):
    """One news story. `body` holds its paragraphs separated by blank lines."""

    # Fields an editor can correct in the admin; a correction is remembered in
    # `edited_fields` so that re-importing the file does not undo it.
    EDITABLE_FIELDS = (
        "title",
        "body",
        "published",
        "published_at",
        "source",
        "byline",
        "url",
        "captions",
        "dateline",
    )
    # In edited_fields: an editor changed the article's entity mentions, so
    # re-import and re-extraction leave them as they are.
    ENTITIES_EDITED = "entities"

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

    source_file = models.CharField(max_length=1000, blank=True)
    import_key = models.CharField(max_length=1000, unique=True)
    content_hash = models.CharField(max_length=64, db_index=True)
    edited_fields = models.JSONField(default=list, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published").desc(nulls_last=True), "-id"]
        indexes = [models.Index(fields=["source", "published"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:100].strip("-") or "article"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def paragraphs(self):
        return [p for p in self.body.split("\n\n") if p.strip()]

    @property
    def caption_list(self):
        return [c for c in self.captions.split("\n\n") if c.strip()]

    @property
    def lead(self):
        paragraphs = self.paragraphs
        return paragraphs[0] if paragraphs else ""


class SearchText(models.Model):
    """An article as the search index reads it: stemmed words, by field.

    Written by articles.search.indexing whenever an article is saved. The
    database's own index (below) is built from these rows by triggers, so
    SQLite and PostgreSQL index exactly the same words.
    """

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="search_text"
    )
    title = models.TextField()
    lead = models.TextField(help_text="The first paragraph.")
    rest = models.TextField()
    length = models.PositiveIntegerField(help_text="Words in title, lead and rest.")

    def __str__(self):
        return f"search text of article {self.article_id}"


class SearchDocument(models.Model):
    """The database's full-text index entry of an article.

    Not managed by Django: on SQLite an FTS5 table over articles_searchtext, on
    PostgreSQL a table of weighted tsvectors; both are created and kept in step
    with SearchText by triggers in migration 0002. Declared so the ORM can join
    articles to it.
    """

    article = models.OneToOneField(
        Article,
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,
        related_name="search_document",
    )
    # FTS5's hidden column named after its table, which MATCH and bm25() take;
    # on PostgreSQL the tsvector column, given the same name to match.
    entry = models.TextField(db_column="articles_search")

    class Meta:
        managed = False
        db_table = "articles_search"

    def __str__(self):
        return f"search index entry of article {self.article_id}"


class SearchTerm(models.Model):
    """A stemmed word of the index and how many articles contain it.

    Not managed by Django: on SQLite a live fts5vocab table, on PostgreSQL a
    table refreshed after imports (see PostgresSearchBackend.refresh_vocabulary).
    """

    term = models.TextField(primary_key=True)
    doc = models.IntegerField()

    class Meta:
        managed = False
        db_table = "articles_search_vocab"

    def __str__(self):
        return self.term


class EntityKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "org", "Organisation"
    PLACE = "place", "Place"
    GROUP = "group", "Nationality or group"


# Plural headings for lists of entities grouped by kind.
KIND_HEADINGS = {
    EntityKind.PERSON: "People",
    EntityKind.ORGANISATION: "Organisations",
    EntityKind.PLACE: "Places",
    EntityKind.GROUP: "Nationalities and groups",
}


class EntityQuerySet(models.QuerySet):
    def visible(self):
        """Entities editors have not hidden."""
        return self.filter(hidden=False)

    def named(self, name: str, kind: str | None = None):
        """Entities called `name`, by their own name or one of their aliases."""
        key = normalize_name(name)
        by_name = models.Q(normalized=key) | models.Q(aliases__normalized=key)
        found = self.filter(by_name)
        return (found.filter(kind=kind) if kind else found).distinct()

    def most_mentioned(self):
        return (
            self.visible()
            .filter(article_count__gt=0)
            .order_by("-article_count", "name")
        )


class Entity(models.Model):
    """A person, organisation, place or group named in articles."""

    name = models.CharField(max_length=300)
    normalized = models.CharField(max_length=300, editable=False)
    kind = models.CharField(max_length=10, choices=EntityKind.choices)
    slug = models.SlugField(max_length=100, unique=True)
    hidden = models.BooleanField(
        default=False,
        help_text="Hidden entities stay off the public pages and out of facets.",
    )
    # Kept by the database (triggers, migration 0006), so that listing the
    # most mentioned entities reads an index, not every mention.
    article_count = models.PositiveIntegerField(
        "articles", default=0, editable=False, help_text="Articles that name it."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "normalized"], name="entity_unique_kind_name"
            ),
        ]
        indexes = [
            models.Index(
                fields=["hidden", "-article_count", "name"],
                name="entity_most_mentioned",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.name)
        if not self.slug:
            self.slug = unique_slug(Entity, self.name, max_length=100)
        super().save(*args, **fields_to_save(self, kwargs))
        self.aliases.exclude(kind=self.kind).update(kind=self.kind)

    def get_absolute_url(self):
        return reverse("articles:entity", kwargs={"slug": self.slug})


class EntityAlias(models.Model):
    """Another name of an entity: "U.S." and "US" for "United States".

    The importer links a name found in an article to the entity whose name or
    alias it is, so one real thing stays one entity. Merging entities turns
    the names of the merged ones into aliases of the one that remains.
    """

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    normalized = models.CharField(max_length=300, editable=False)
    kind = models.CharField(max_length=10, choices=EntityKind.choices, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entity aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "normalized"], name="alias_unique_kind_name"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.name)
        self.kind = self.entity.kind
        super().save(*args, **kwargs)


class EntityRedirect(models.Model):
    """The slug of an entity merged into another, so its old address still works."""

    old_slug = models.SlugField(max_length=100, unique=True)
    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="redirects"
    )

    class Meta:
        ordering = ["old_slug"]

    def __str__(self):
        return f"{self.old_slug} -> {self.entity.slug}"


class Mention(models.Model):
    """How often one article names one entity."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="mentions"
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="mentions"
    )
    count = models.PositiveIntegerField(default=1)
    # The article's date, copied by the database (triggers, migration 0006):
    # with the index on (entity, published, article) an entity's articles,
    # newest first, and its timeline come from the index alone.
    published = models.DateField(null=True, editable=False)

    class Meta:
        ordering = ["-count", "entity__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "entity"], name="mention_unique_article_entity"
            ),
            models.CheckConstraint(
                condition=Q(count__gte=1), name="mention_count_positive"
            ),
        ]
        indexes = [models.Index(fields=["entity", "article"])]

    def __str__(self):
        return f"{self.entity} in {self.article} ({self.count})"
