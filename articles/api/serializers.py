"""What the API says of each thing, named as the pages name it."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Article, Entity, Source, Story
from ..search.marks import plain


class SourceSerializer(serializers.ModelSerializer):
    page = serializers.SerializerMethodField(help_text="The source's page.")

    class Meta:
        model = Source
        fields = ["id", "name", "slug", "article_count", "page"]

    def get_page(self, source) -> str:
        return self.context["request"].build_absolute_uri(source.get_absolute_url())


class EntitySerializer(serializers.ModelSerializer):
    aliases = serializers.SerializerMethodField(
        help_text="Other names the archive knows it by."
    )
    page = serializers.SerializerMethodField(help_text="The entity's page.")

    class Meta:
        model = Entity
        fields = [
            "id",
            "name",
            "slug",
            "kind",
            "aliases",
            "article_count",
            "country",
            "latitude",
            "longitude",
            "geonameid",
            "page",
        ]

    def get_aliases(self, entity) -> list[str]:
        return sorted(alias.name for alias in entity.aliases.all())

    def get_page(self, entity) -> str:
        return self.context["request"].build_absolute_uri(entity.get_absolute_url())


class MentionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="entity.id")
    name = serializers.CharField(source="entity.name")
    slug = serializers.CharField(source="entity.slug")
    kind = serializers.CharField(source="entity.kind")
    count = serializers.IntegerField(help_text="Times the article names it.")


class VersionSerializer(serializers.ModelSerializer):
    """One article of a story, as the list of its versions shows it."""

    source = serializers.CharField(source="source.name", allow_null=True)
    page = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["id", "title", "source", "published", "version", "page"]

    def get_page(self, article) -> str:
        return self.context["request"].build_absolute_uri(article.get_absolute_url())


class ArticleSerializer(VersionSerializer):
    """An article in a list: no body."""

    lead = serializers.CharField(help_text="The first paragraph.")
    copy_of = serializers.IntegerField(source="duplicate_of_id", allow_null=True)
    original_url = serializers.URLField(source="url", allow_blank=True)

    class Meta(VersionSerializer.Meta):
        fields = [
            *VersionSerializer.Meta.fields,
            "published_at",
            "dateline",
            "byline",
            "advisory",
            "story",
            "copy_of",
            "original_url",
            "lead",
        ]


class ArticleDetailSerializer(ArticleSerializer):
    """An article whole: its text, the entities it names and its story's
    other versions."""

    paragraphs = serializers.ListField(child=serializers.CharField())
    captions = serializers.SerializerMethodField()
    entities = MentionSerializer(source="public_mentions", many=True)
    versions = serializers.SerializerMethodField(
        help_text="Every public article of its story, oldest first, this one included."
    )

    class Meta(ArticleSerializer.Meta):
        fields = [
            *ArticleSerializer.Meta.fields,
            "paragraphs",
            "captions",
            "credits",
            "entities",
            "versions",
        ]

    def get_captions(self, article) -> list[str]:
        return [c for c in article.captions.split("\n\n") if c.strip()]

    @extend_schema_field(VersionSerializer(many=True))
    def get_versions(self, article):
        if article.story_id is None:
            versions = [article]
        else:
            versions = article.story.public_versions()
        return VersionSerializer(versions, many=True, context=self.context).data


class StorySerializer(serializers.ModelSerializer):
    versions = serializers.SerializerMethodField(
        help_text="Its public articles, oldest first."
    )

    class Meta:
        model = Story
        fields = ["id", "size", "versions"]

    @extend_schema_field(VersionSerializer(many=True))
    def get_versions(self, story):
        versions = [a for a in story.articles.all() if a.withdrawn_at is None]
        return VersionSerializer(versions, many=True, context=self.context).data


class SearchHitSerializer(ArticleSerializer):
    """A search result: an article, the passage that matched and the story's
    other versions that matched too (one result per story)."""

    snippet = serializers.SerializerMethodField(
        help_text="The passage that matched, or the lead."
    )
    versions = serializers.SerializerMethodField(
        help_text="The public versions of its story, oldest first, when it has "
        "several (results are one per story)."
    )

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "snippet", "versions"]

    def get_snippet(self, article) -> str:
        hit = getattr(article, "hit", None)
        return plain(hit.snippet) if hit else article.lead[:300]

    @extend_schema_field(VersionSerializer(many=True))
    def get_versions(self, article):
        versions = getattr(article, "story_versions", [])
        return VersionSerializer(versions, many=True, context=self.context).data


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
