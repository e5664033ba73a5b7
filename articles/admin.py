"""The editors' admin: correct imported articles without losing the fixes.

A correction made here is recorded (articles/corrections.py) so that
re-importing a file or extracting entities again does not undo it.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers, widgets
from django.db import models
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from . import corrections, withdrawal
from .entities.curation import add_alias, merge_entities, undo_merge
from .models import (
    Article,
    Entity,
    EntityAlias,
    EntityMerge,
    Mention,
    Source,
    Story,
    Subject,
    normalize_name,
)
from .models.stories import NEWEST_FIRST, VERSION_ORDER
from .stories import grouping


def related_count(model, fk_name):
    """How many `model` rows point at the outer row, as a correlated subquery.

    Not Count("mentions"): an aggregate makes the changelist's COUNT(*) and
    date-hierarchy queries join and GROUP BY every mention in the archive.
    With 100k articles and 1M mentions that took 17s per page on SQLite and
    1.6s on PostgreSQL; the subquery runs only for the rows shown (0.9s/0.2s).
    """
    rows = (
        model.objects.filter(**{fk_name: OuterRef("pk")})
        .order_by()
        .values(fk_name)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def enough_to_merge(model_admin, request, selected, noun: str) -> bool:
    """Whether two or more `selected` can be merged; says what to do if not."""
    if len(selected) >= 2:
        return True
    model_admin.message_user(
        request, f"Select two or more {noun} to merge.", messages.WARNING
    )
    return False


class AutocompleteSelect(widgets.AutocompleteSelect):
    """The admin's autocomplete, with a label on its empty option: an empty
    <option> without one is invalid HTML (the Nu HTML Checker says so)."""

    def create_option(self, name, value, label, *args, **kwargs):
        option = super().create_option(name, value, label, *args, **kwargs)
        if value == "" and not label:
            option["attrs"]["label"] = "None"
        return option


class MentionInline(admin.TabularInline):
    model = Mention
    fields = ["entity", "count"]
    autocomplete_fields = ["entity"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("entity")


class WithdrawnFilter(admin.SimpleListFilter):
    title = "withdrawn"
    parameter_name = "withdrawn"

    def lookups(self, request, model_admin):
        return [("yes", "Withdrawn"), ("no", "Shown to readers")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.withdrawn()
        if self.value() == "no":
            return queryset.public()
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "source",
        "published",
        "entity_count",
        "shown",
        "imported_at",
    ]
    list_filter = [WithdrawnFilter, "source", "published"]
    list_select_related = ["source"]
    date_hierarchy = "published"
    # No "body": an unindexed icontains over 100k article bodies scans the
    # whole table on every search. The public full-text search
    # (articles:search) is the place to search inside articles.
    search_fields = ["title", "byline", "import_key"]
    ordering = [F("published").desc(nulls_last=True), "-id"]
    list_per_page = 50
    # A filtered changelist would otherwise run a second COUNT(*) over the
    # whole archive just to print "(100,000 total)"; at this size that count
    # costs more than the page itself.
    show_full_result_count = False
    autocomplete_fields = ["source", "subjects"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [MentionInline]
    actions = [
        "allow_reimport_to_overwrite",
        "move_out_of_their_stories",
        "withdraw_articles",
        "restore_articles",
    ]
    raw_id_fields = ["story", "duplicate_of"]
    readonly_fields = [
        "source_file",
        "import_key",
        "content_hash",
        "imported_at",
        "updated_at",
        "credits",
        "protected_fields",
        "guid",
        "withdrawal",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "withdrawal",
                    "title",
                    "source",
                    ("published", "published_at"),
                    "byline",
                    "dateline",
                    "url",
                    "subjects",
                ]
            },
        ),
        (
            "Story",
            {
                "fields": ["story", "version", "advisory", "duplicate_of"],
                "description": (
                    "The story this article is a version or a copy of. Put it in "
                    "another story by its number, or move it out with the action "
                    "in the list; regrouping and re-import keep your choice."
                ),
            },
        ),
        (
            "Captions and body",
            {
                # Collapsed: the body is the longest field on the page and is
                # rarely what needs fixing.
                "classes": ["collapse"],
                "fields": ["captions", "body"],
                "description": (
                    "Corrections here survive a re-import of the source file."
                ),
            },
        ),
        (
            "Import",
            {
                "fields": [
                    "source_file",
                    "import_key",
                    "guid",
                    "content_hash",
                    ("imported_at", "updated_at"),
                    "credits",
                    "protected_fields",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(entity_count=related_count(Mention, "article"))
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Headlines run long; the admin's default text box shows three words.
        if db_field.name == "title":
            kwargs["widget"] = widgets.AdminTextInputWidget(
                attrs={"class": "vLargeTextField"}
            )
        elif db_field.name == "body":
            kwargs["widget"] = widgets.AdminTextareaWidget(attrs={"rows": 24})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_add_permission(self, request):
        # Articles enter the archive through the importer, which gives each one
        # its unique import key; a hand-made article would have none.
        return False

    @admin.display(description="Entities", ordering="entity_count")
    def entity_count(self, obj):
        return obj.entity_count

    @admin.display(description="Shown", boolean=True, ordering="withdrawn_at")
    def shown(self, obj):
        """Whether readers see it (it is not withdrawn)."""
        return obj.withdrawn_at is None

    @admin.display(description="Withdrawn")
    def withdrawal(self, obj):
        if obj.withdrawn_at is None:
            return "No: readers see it."
        return format_html(
            "Yes, on {} ({}). Readers see only its headline and this notice; "
            "the list’s action “Restore withdrawn articles” shows it again.",
            obj.withdrawn_at.strftime("%-d %B %Y %H:%M UTC"),
            obj.withdrawn_reason or "no reason given",
        )

    @admin.display(description="Protected from re-import")
    def protected_fields(self, obj):
        return ", ".join(obj.edited_fields) if obj.edited_fields else "-"

    def save_model(self, request, obj, form, change):
        corrections.record_corrections(obj, form.changed_data)
        old_story = form.initial.get("story")
        super().save_model(request, obj, form, change)
        if "story" in form.changed_data:
            grouping.refresh([pk for pk in (old_story, obj.story_id) if pk])
        if set(form.changed_data) & grouping.SIGNED_FIELDS:
            # What later versions are compared with is the text as corrected.
            grouping.sign([obj])

    @admin.action(
        description="Move out of their stories (a story of its own each)",
        permissions=["change"],
    )
    def move_out_of_their_stories(self, request, queryset):
        moved = 0
        for article in queryset.select_related("story"):
            old = article.story
            new = grouping.place(article, None)
            self.log_change(
                request,
                article,
                f"Moved out of story {old.pk if old else '-'} into story {new.pk}.",
            )
            moved += 1
        self.message_user(
            request,
            ngettext(
                "Moved %d article out of its story.",
                "Moved %d articles out of their stories.",
                moved,
            )
            % moved,
            messages.SUCCESS,
        )

    @admin.action(
        description="Withdraw (hide from readers; kept here)",
        permissions=["change"],
    )
    def withdraw_articles(self, request, queryset):
        # Readers see the reason; the history says which editor it was.
        reason = "withdrawn by an editor"
        articles = list(queryset.filter(withdrawn_at__isnull=True))
        done = withdrawal.withdraw(articles, reason, editor=True)
        for article in articles:
            self.log_change(request, article, f"Withdrawn ({reason}).")
        self.message_user(
            request,
            ngettext(
                "Withdrew %d article: readers no longer see it.",
                "Withdrew %d articles: readers no longer see them.",
                done,
            )
            % done,
            messages.SUCCESS,
        )

    @admin.action(
        description="Restore withdrawn articles (show them to readers again)",
        permissions=["change"],
    )
    def restore_articles(self, request, queryset):
        articles = list(queryset.withdrawn())
        done = withdrawal.restore(articles)
        for article in articles:
            self.log_change(request, article, "Restored: shown to readers again.")
        self.message_user(
            request,
            ngettext(
                "Restored %d article: readers see it again.",
                "Restored %d articles: readers see them again.",
                done,
            )
            % done,
            messages.SUCCESS,
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        touched = (
            formset.new_objects or formset.changed_objects or formset.deleted_objects
        )
        if formset.model is Mention and touched:
            corrections.record_entity_correction(form.instance)

    @admin.action(
        description="Allow re-import to overwrite editors' corrections",
        permissions=["change"],
    )
    def allow_reimport_to_overwrite(self, request, queryset):
        updated = corrections.release(queryset)
        self.message_user(
            request,
            ngettext(
                "Removed re-import protection from %d article.",
                "Removed re-import protection from %d articles.",
                updated,
            )
            % updated,
            messages.SUCCESS,
        )


class StoryArticleInline(admin.TabularInline):
    model = Article
    fk_name = "story"
    fields = ["title", "version", "published_at", "published", "source", "copy"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = "version"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("source")
            .order_by(*VERSION_ORDER)
        )

    @admin.display(description="Copy of")
    def copy(self, obj):
        return obj.duplicate_of_id or "-"


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["id", "headline", "size", "updated_at"]
    search_fields = ["articles__title"]
    fields = ["size", "created_at", "updated_at"]
    readonly_fields = fields
    inlines = [StoryArticleInline]
    actions = ["merge_stories"]
    ordering = ["-size", "-id"]
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        # The newest headline of every story on the page in the one query,
        # not a query a row.
        newest = Article.objects.filter(story=OuterRef("pk")).order_by(*NEWEST_FIRST)
        return (
            super()
            .get_queryset(request)
            .annotate(newest_title=Subquery(newest.values("title")[:1]))
        )

    @admin.display(description="Newest headline")
    def headline(self, obj):
        return obj.newest_title or "-"

    @admin.action(
        description="Merge the selected stories into one", permissions=["change"]
    )
    def merge_stories(self, request, queryset):
        stories = list(queryset.order_by("id"))
        if not enough_to_merge(self, request, stories, "stories"):
            return
        survivor, others = stories[0], stories[1:]
        moved = grouping.merge_stories(survivor, others)
        self.log_change(
            request,
            survivor,
            f"Merged stories {', '.join(str(s.pk) for s in others)} into this one "
            f"({moved} articles moved).",
        )
        self.message_user(
            request,
            f"Merged {len(others) + 1} stories into story {survivor.pk}.",
            messages.SUCCESS,
        )


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "slug"]
    search_fields = ["name", "code"]
    fields = ["name", "code", "slug"]
    ordering = ["name", "code"]
    list_per_page = 100


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug"]
    ordering = ["name"]
    list_per_page = 100


class EntityForm(forms.ModelForm):
    class Meta:
        model = Entity
        fields = ["name", "kind", "slug", "hidden"]

    def clean(self):
        # `normalized` is not on the form, so Django skips the (kind,
        # normalized) constraint here and a clash would only surface as an
        # IntegrityError on save.
        cleaned_data = super().clean()
        name, kind = cleaned_data.get("name"), cleaned_data.get("kind")
        if name and kind:
            clashes = Entity.objects.filter(kind=kind, normalized=normalize_name(name))
            clash = clashes.exclude(pk=self.instance.pk).first()
            alias = EntityAlias.objects.filter(
                kind=kind, normalized=normalize_name(name)
            ).exclude(entity=self.instance.pk)
            if not clash and alias.exists():
                clash = alias.first().entity
            if clash:
                raise forms.ValidationError(
                    "“%(other)s” is already an entity of this kind under that name.",
                    code="duplicate",
                    params={"other": clash.name},
                )
        return cleaned_data


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    fields = ["name"]
    extra = 1
    verbose_name = "other name"
    verbose_name_plural = "Other names (the importer links these names to this entity)"


class UndoneFilter(admin.SimpleListFilter):
    title = "undone"
    parameter_name = "undone"

    def lookups(self, request, model_admin):
        return [("no", "No: still merged"), ("yes", "Yes: separate again")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(undone_at__isnull=self.value() == "no")
        return queryset


@admin.register(EntityMerge)
class EntityMergeAdmin(admin.ModelAdmin):
    """Every merge, by an editor or automatic, and the way to undo it."""

    list_display = ["name", "kind", "survivor", "automatic", "reason", "merged_at"]
    list_filter = ["automatic", UndoneFilter, "kind"]
    search_fields = ["name", "survivor__name"]
    list_select_related = ["survivor"]
    fields = [
        "name",
        "kind",
        "survivor",
        "automatic",
        "reason",
        "aliases",
        "articles",
        "merged_at",
        "undone_at",
    ]
    readonly_fields = fields
    actions = ["undo_merges"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Articles that named it")
    def articles(self, obj):
        return len(obj.mentions)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A record to read: undoing is the list's action, there is nothing to save.
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description="Undo the selected merges", permissions=["change"])
    def undo_merges(self, request, queryset):
        undone = 0
        for merge in queryset.filter(undone_at__isnull=True).select_related("survivor"):
            entity = undo_merge(merge)
            self.log_change(request, merge, "Undone.")
            self.log_addition(request, entity, f"Split again from {merge.survivor}.")
            undone += 1
        self.message_user(
            request,
            ngettext(
                "Undid %d merge: the entity is separate again.",
                "Undid %d merges: the entities are separate again.",
                undone,
            )
            % undone,
            messages.SUCCESS,
        )


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    form = EntityForm
    list_display = ["name", "kind", "article_count", "hidden", "slug"]
    list_filter = ["kind", "hidden"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    # No mentions inline: a popular entity is named in thousands of articles,
    # far too many forms for one page. The public entity page lists them.
    fields = [
        "name",
        "kind",
        "slug",
        "hidden",
        "article_count",
        "public_page",
        "merged_here",
        ("country", "geonameid"),
        ("latitude", "longitude"),
    ]
    readonly_fields = ["article_count", "public_page", "merged_here"]
    inlines = [EntityAliasInline]
    actions = ["merge_entities", "hide_entities", "show_entities"]
    ordering = ["name"]
    list_per_page = 100

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The old name stays known, so articles naming it keep linking here.
        if change and "name" in form.changed_data and form.initial.get("name"):
            add_alias(obj, form.initial["name"])

    @admin.action(
        description="Merge the selected entities into one", permissions=["change"]
    )
    def merge_entities(self, request, queryset):
        entities = list(queryset.order_by("name"))
        if not enough_to_merge(self, request, entities, "entities"):
            return None
        survivor_pk = request.POST.get("survivor")
        survivor = next((e for e in entities if str(e.pk) == survivor_pk), None)
        if request.POST.get("confirm") and survivor:
            others = [e for e in entities if e.pk != survivor.pk]
            names = ", ".join(e.name for e in others)
            self.log_deletions(request, queryset.exclude(pk=survivor.pk))
            merge_entities(survivor, others)
            self.log_change(request, survivor, f"Merged {names} into this entity.")
            self.message_user(
                request, f"Merged {names} into {survivor}.", messages.SUCCESS
            )
            return None
        return TemplateResponse(
            request,
            "admin/articles/entity/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": "Merge entities",
                "entities": entities,
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(
        description="Hide the selected entities from the public pages",
        permissions=["change"],
    )
    def hide_entities(self, request, queryset):
        self._set_hidden(request, queryset, True)

    @admin.action(
        description="Show the selected entities again", permissions=["change"]
    )
    def show_entities(self, request, queryset):
        self._set_hidden(request, queryset, False)

    def _set_hidden(self, request, queryset, hidden):
        changed = list(queryset.exclude(hidden=hidden))
        for entity in changed:
            entity.hidden = hidden
            entity.save(update_fields=["hidden"])
            self.log_change(request, entity, "Hidden." if hidden else "Shown again.")
        verb = "Hid" if hidden else "Showed"
        self.message_user(request, f"{verb} {len(changed)} entities.", messages.SUCCESS)

    @admin.display(description="Entities merged into this one")
    def merged_here(self, obj):
        merges = list(obj.merges.all()[:50]) if obj.pk else []
        if not merges:
            return "-"
        return format_html_join(
            mark_safe("<br>"),  # a constant
            '<a href="{}">{}</a> ({}, {}{})',
            (
                (
                    reverse("admin:articles_entitymerge_change", args=[m.pk]),
                    m.name,
                    "automatically: " + m.reason if m.automatic else "by an editor",
                    m.merged_at.date(),
                    "; undone" if m.undone_at else "",
                )
                for m in merges
            ),
        )

    @admin.display(description="Public page")
    def public_page(self, obj):
        if obj.pk is None:
            return "-"
        return format_html(
            '<a href="{}">View the articles naming {}</a>',
            obj.get_absolute_url(),
            obj.name,
        )
