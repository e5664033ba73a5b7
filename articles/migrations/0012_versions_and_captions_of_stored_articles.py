"""Version markers, advisory lines and captions for what is already stored.

The importer now takes version markers off headlines ("UPDATE 2-", "REFILE-")
and the advisory line off an update's body ("(Adds comment)"), and searches
photo captions with the body. Re-importing a file whose text has not changed
rewrites nothing, so this does the same, once, for the stored articles, and
rewrites the search text of every article it changed or that has captions.
Fields an editor corrected (Article.edited_fields) stay as the editor wrote
them. Stories are grouped afterwards by `manage.py group_stories` (and by
every import).
"""

from django.db import migrations
from django.db.models import Q


def read_versions(apps, schema_editor):
    from articles.parsing.versions import split_markers, take_advisory
    from articles.search import get_search_backend
    from articles.search.indexing import search_fields

    Article = apps.get_model("articles", "Article")
    SearchText = apps.get_model("articles", "SearchText")
    alias = schema_editor.connection.alias
    may_hold = (
        Q(title__regex=r"^[A-Z -]{3,20}[0-9]*\s*[-:]")
        | Q(title__contains="=")
        | Q(body__startswith="(")
        | Q(body__istartswith="eds")
        | ~Q(captions="")
    )
    changed = 0
    for article in Article.objects.using(alias).filter(may_hold).iterator():
        protected = set(article.edited_fields or [])
        updates = {}
        if "title" not in protected:
            title, version = split_markers(article.title)
            if version.markers and title:
                updates.update(title=title, version=version.label[:60])
        if "body" not in protected:
            paragraphs = [[p] for p in article.body.split("\n\n")]
            advisory, kept = take_advisory(paragraphs)
            if advisory and kept:
                updates.update(
                    advisory=advisory,
                    body="\n\n".join(p[0] for p in kept),
                )
        if updates:
            Article.objects.using(alias).filter(pk=article.pk).update(**updates)
        SearchText.objects.using(alias).filter(article_id=article.pk).update(
            **search_fields(
                title=updates.get("title", article.title),
                body=updates.get("body", article.body),
                captions=article.captions,
            )
        )
        changed += 1
    if changed:
        get_search_backend(alias).refresh_vocabulary()


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_stories")]

    # The markers and advisory lines are kept in their own fields: nothing to
    # undo that the old code would need.
    operations = [migrations.RunPython(read_versions, migrations.RunPython.noop)]
