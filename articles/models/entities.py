"""People, organisations, places and groups, their other names, and where
articles mention them."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from .archive import Article, article_count_field, fields_to_save
from .names import normalize_name, unique_slug


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


def one_name_per_kind(prefix: str):
    """No two rows of one kind with the same normalised name."""
    return models.UniqueConstraint(
        fields=["kind", "normalized"], name=f"{prefix}_unique_kind_name"
    )


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
    # Listing the most mentioned entities reads an index, not every mention.
    article_count = article_count_field("Articles that name it.")
    created_at = models.DateTimeField(auto_now_add=True)
    # A place's link to GeoNames (articles/entities/places.py), set when the
    # place is first named; an editor may correct it.
    geonameid = models.PositiveIntegerField(
        "GeoNames id", null=True, blank=True, help_text="A place's GeoNames entry."
    )
    country = models.CharField(
        max_length=2, blank=True, help_text="A place's country, as an ISO code."
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # Whether the automatic merge rules (articles/entities/merging.py) have
    # been checked since an article last named it: an import checks what is
    # unchecked when it ends, and what an import killed before then left.
    merges_checked = models.BooleanField(default=False, editable=False)

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"
        constraints = [one_name_per_kind("entity")]
        indexes = [
            models.Index(
                fields=["hidden", "-article_count", "name"],
                name="entity_most_mentioned",
            ),
            models.Index(
                fields=["id"],
                condition=models.Q(merges_checked=False),
                name="entity_merges_unchecked",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.name)
        if not self.slug:
            self.slug = unique_slug(Entity, self.name, max_length=100)
        if self._state.adding and self.geonameid is None and not self.country:
            self.locate()  # a new place, however made (bulk inserts call it too)
        super().save(*args, **fields_to_save(self, kwargs))
        self.aliases.exclude(kind=self.kind).update(kind=self.kind)

    def get_absolute_url(self):
        return reverse("articles:entity", kwargs={"slug": self.slug})

    def locate(self) -> None:
        """Link a place to GeoNames by its name (nothing for other kinds)."""
        from ..entities.places import locate

        found = locate(self.name) if self.kind == EntityKind.PLACE else None
        self.geonameid = found.geonameid if found else None
        self.country = found.country if found else ""
        self.latitude = found.latitude if found else None
        self.longitude = found.longitude if found else None

    @property
    def country_name(self) -> str:
        from ..entities.places import country_name

        return country_name(self.country) if self.country else ""


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
        constraints = [one_name_per_kind("alias")]

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


class EntityMerge(models.Model):
    """One entity folded into another, by an editor or automatically, with
    what it takes to undo it: the merged entity's name, kind and address, its
    other names, and how often each article named it."""

    survivor = models.ForeignKey(
        Entity,
        on_delete=models.CASCADE,
        related_name="merges",
        verbose_name="merged into",
    )
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=EntityKind.choices)
    slug = models.SlugField(max_length=100)
    aliases = models.JSONField(default=list, blank=True)
    # [[article id, count], ...]: the merged entity's mentions.
    mentions = models.JSONField(default=list, blank=True)
    automatic = models.BooleanField(
        default=False, help_text="Merged by the archive, not by an editor."
    )
    reason = models.CharField(max_length=300, blank=True)
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Undone: the entity is separate again, and an automatic "
        "merge will not make it again.",
    )

    class Meta:
        ordering = ["-merged_at", "-pk"]
        indexes = [models.Index(fields=["kind", "name"], name="entity_merge_name")]

    def __str__(self):
        return f"{self.name} → {self.survivor.name}"


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
    # The article's story, copied likewise: an entity's stories are counted
    # from the index on (entity, published, article, story) alone.
    story = models.ForeignKey(
        "articles.Story",
        null=True,
        editable=False,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )

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
