"""Decode the HTML character references stored as text by earlier imports.

Plain-text input used to keep references as written, so a BBC headline read
"&#163;1.8m indecency fine for Viacom". The importer now decodes them once
(articles.parsing.decode_references); this does the same, once, for what is
already stored, and rewrites those articles' search text. Fields an editor
corrected (Article.edited_fields) are left as the editor wrote them. Re-import
then finds the same content hash and changes nothing.
"""

from django.db import migrations
from django.db.models import Q

FIELDS = ("title", "body", "captions", "dateline", "byline", "credits")


def decode_stored_references(apps, schema_editor):
    from articles.parsing import decode_references
    from articles.search import get_search_backend
    from articles.search.indexing import search_fields

    Article = apps.get_model("articles", "Article")
    SearchText = apps.get_model("articles", "SearchText")
    alias = schema_editor.connection.alias
    may_hold = Q()
    for name in FIELDS:
        may_hold |= Q(**{f"{name}__contains": "&"})
    changed = 0
    for article in Article.objects.using(alias).filter(may_hold).iterator():
        protected = set(article.edited_fields or [])
        updates = {}
        for name in FIELDS:
            value = getattr(article, name)
            if name not in protected and (decoded := decode_references(value)) != value:
                updates[name] = decoded
        if not updates:
            continue
        Article.objects.using(alias).filter(pk=article.pk).update(**updates)
        title = updates.get("title", article.title)
        body = updates.get("body", article.body)
        SearchText.objects.using(alias).filter(article_id=article.pk).update(
            **search_fields(title=title, body=body)
        )
        changed += 1
    if changed:
        get_search_backend(alias).refresh_vocabulary()


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_publication_time")]

    # Decoding cannot be undone: which "&" came from a reference is not kept.
    operations = [
        migrations.RunPython(decode_stored_references, migrations.RunPython.noop)
    ]
