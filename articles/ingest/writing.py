"""Saving planned items: a batch per transaction, with bulk inserts; when a
batch fails, its items are written again one per transaction, so that a bad
one is reported and skipped while the others are saved whole. What editors
corrected stays as they wrote it (articles/corrections.py)."""

import logging

from django.db import transaction

from .. import corrections
from ..entities.curation import set_mentions
from ..models import Article, SearchText, Source, Subject
from ..search.indexing import searched
from ..stories import grouping
from ..stories.signatures import signature
from ..withdrawal import set_withdrawn_mentions
from .items import ImportResult, Item

logger = logging.getLogger("articles.ingest")


def write(batch, *, result: ImportResult, sources: dict):
    """Save a batch in one transaction; if that fails, item by item, so that one
    bad item is reported and the others are still saved whole."""
    try:
        with transaction.atomic():
            created, updated = _save_batch(batch, sources=sources)
    except Exception:
        logger.info("a batch could not be saved at once; saving item by item")
        sources.clear()  # some may have been rolled back
    else:
        result.created += created
        result.updated += updated
        return
    for item, entities in batch:
        try:
            with transaction.atomic():
                created = _save(item, entities)
        except Exception as exc:  # one bad item must not stop the run
            logger.exception("%s: could not be saved", item.origin)
            result.fail(
                item.origin, f"could not be saved ({exc.__class__.__name__}: {exc})"
            )
        else:
            if created:
                result.created += 1
            else:
                result.updated += 1


def _save_batch(batch, *, sources: dict) -> tuple[int, int]:
    """Write new articles with bulk inserts, their search text and mentions
    included; changed ones one by one. Returns (created, updated)."""
    keys = [item.key for item, _ in batch]
    if len(set(keys)) < len(keys):
        raise ValueError("an import key twice in one batch")
    stored = set(
        Article.objects.filter(import_key__in=keys).values_list("import_key", flat=True)
    )
    new = [(item, entities) for item, entities in batch if item.key not in stored]
    for item, entities in batch:
        if item.key in stored:
            _save(item, entities)
    for name in {item.source_name for item, _ in new} - sources.keys():
        sources[name] = _source(name)
    articles = [
        Article(
            import_key=item.key,
            slug=Article.slug_for(item.fields["title"]),
            source=sources[item.source_name],
            source_file=item.origin,
            content_hash=item.content_hash,
            **item.fields,
        )
        for item, _ in new
    ]
    signatures = [
        item.signature or signature(item.fields["title"], item.fields["body"])
        for item, _ in new
    ]
    # Each new article's story is found before it is inserted, so that it is
    # written once, with its story.
    placed = grouping.group(articles, signatures)
    articles = Article.objects.bulk_create(articles)
    grouping.after_insert(placed)
    grouping.sign(
        articles,
        {a.pk: found for a, found in zip(articles, signatures, strict=True)},
        new=True,
    )
    SearchText.objects.bulk_create(
        SearchText(
            article=article,
            **(item.search or searched(article)),
        )
        for article, (item, _) in zip(articles, new, strict=True)
    )
    set_subjects(
        [
            (article, item.subjects)
            for article, (item, _) in zip(articles, new, strict=True)
        ]
    )
    set_mentions(
        [
            (article, entities)
            for article, (_, entities) in zip(articles, new, strict=True)
            if entities is not None
        ]
    )
    return len(new), len(batch) - len(new)


def _save(item: Item, entities) -> bool:
    """Write one item; True when a new article was created."""
    article = Article.objects.select_for_update().filter(import_key=item.key).first()
    created = article is None
    if created:
        article = Article(import_key=item.key)
    corrected = corrections.corrected_fields(article)
    for name, value in item.fields.items():
        if name not in corrected:
            setattr(article, name, value)
    if "source" not in corrected:
        article.source = _source(item.source_name)
    article.source_file = item.origin
    article.content_hash = item.content_hash
    article.save()
    if "subjects" not in corrected:
        set_subjects([(article, item.subjects)])
    if entities is not None and not corrections.entities_corrected(article):
        if article.is_withdrawn:
            set_withdrawn_mentions([(article, entities)])
        else:
            set_mentions([(article, entities)])
    grouping.sign([article], {article.pk: item.signature})
    if article.story_id is None:
        grouping.group([article])
    return created


def _source(name: str) -> Source | None:
    if not name:
        return None
    limit = Source._meta.get_field("name").max_length
    source, _ = Source.objects.get_or_create(name=name[:limit])
    return source


def set_subjects(subjects_by_article: list[tuple[Article, list]]) -> None:
    """Set the subjects of articles whose item gave some ([(article, [(code,
    name)])]), creating the subjects not seen before; an item that gives
    none leaves its article's as they are."""
    given = [(article, found) for article, found in subjects_by_article if found]
    if not given:
        return
    names = {}
    for _, found in given:
        for code, name in found:
            names.setdefault(code or name, name)
    known = Subject.objects.in_bulk(names, field_name="code")
    for code in names.keys() - known.keys():
        subject = Subject(code=code[:200], name=names[code][:300])
        subject.save()
        known[code] = subject
    links = Article.subjects.through
    links.objects.filter(article__in=[article for article, _ in given]).delete()
    links.objects.bulk_create(
        [
            links(article=article, subject=known[code or name])
            for article, found in given
            for code, name in dict.fromkeys(found)
        ],
        ignore_conflicts=True,
    )
