"""Importing articles: parse, extract entities, save. Safe to re-run.

Every file or JSON Lines record is one unit of work: it is saved whole, in its
own transaction, or reported and skipped. Re-running an import changes nothing
that has not changed; a changed file updates its article in place; the same
text under another name is a duplicate, not a second article. What an editor
corrected in the admin (Article.edited_fields) is never overwritten.
"""

import gzip
import hashlib
import json
import logging
import lzma
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.db import transaction

from . import parsing
from .curation import replace_mentions
from .models import Article, Source
from .search import get_search_backend

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.xz")
BATCH_SIZE = 64
OUTCOMES = ("created", "updated", "unchanged", "duplicates", "failed")


@dataclass
class ImportResult:
    """What an import did, item by item, in counts; `errors` says why items failed."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name in OUTCOMES)

    def summary(self) -> str:
        return ", ".join(f"{getattr(self, name)} {name}" for name in OUTCOMES)


@dataclass
class Item:
    """One article-to-be, parsed and ready to save."""

    key: str
    origin: str  # file (and line) it came from, for messages and Article.source_file
    fields: dict
    source_name: str
    content_hash: str


@dataclass
class Failure:
    origin: str
    reason: str


def import_paths(
    *,
    paths: Iterable[Path],
    dry_run: bool = False,
    extract: bool = True,
    workers: int = 1,
    progress: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """Import every file under `paths` (files or folders, walked recursively)."""
    result = ImportResult()
    items = _read_all(paths)
    while batch := list(islice(items, BATCH_SIZE)):
        _import_batch(
            batch, result=result, dry_run=dry_run, extract=extract, workers=workers
        )
        if progress:
            progress(result)
    if result.created or result.updated:
        get_search_backend().refresh_vocabulary()
    return result


def text_hash(text: str) -> str:
    """The content hash two copies of one story share, whatever their line endings."""
    canonical = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- reading ------------------------------------------------------------------


def _read_all(paths: Iterable[Path]) -> Iterator[Item | Failure]:
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                relative = file.relative_to(path)
                if any(part.startswith(".") for part in relative.parts):
                    continue
                if _is_jsonl(file):
                    yield from _read_jsonl(file)
                elif file.suffix.lower() in TEXT_SUFFIXES:
                    yield _read_text(file, key=relative.as_posix())
        elif path.is_file():
            if _is_jsonl(path):
                yield from _read_jsonl(path)
            else:
                yield _read_text(path, key=path.name)
        else:
            yield Failure(str(path), "no such file or folder")


def _is_jsonl(path: Path) -> bool:
    return path.name.lower().endswith(JSONL_SUFFIXES)


def _read_text(path: Path, *, key: str) -> Item | Failure:
    try:
        raw = path.read_bytes()
        text = parsing.decode_bytes(raw)
        parsed = parsing.parse_text(text)
    except OSError as exc:
        return Failure(str(path), f"cannot be read ({exc.strerror or exc})")
    except parsing.ParseError as exc:
        return Failure(str(path), str(exc))
    return Item(
        key=key,
        origin=str(path),
        fields=_article_fields(parsed),
        source_name=parsed.source,
        content_hash=text_hash(text),
    )


def _article_fields(parsed: "parsing.ParsedArticle") -> dict:
    return {
        "title": parsed.title[:500],
        "body": parsed.body,
        "captions": "\n\n".join(parsed.captions),
        "dateline": parsed.dateline[:200],
        "byline": parsed.byline[:300],
        "credits": parsed.credits[:500],
        "published": parsed.published,
        "url": parsed.url[:1000],
    }


def _open_jsonl(path: Path):
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    if name.endswith(".xz"):
        return lzma.open(path, "rt", encoding="utf-8", errors="replace")
    return open(path, encoding="utf-8", errors="replace")


def _read_jsonl(path: Path) -> Iterator[Item | Failure]:
    try:
        with _open_jsonl(path) as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    yield _read_record(line, origin=f"{path}:{number}")
    except (OSError, EOFError, lzma.LZMAError) as exc:
        yield Failure(str(path), f"cannot be read to the end ({exc})")


def _read_record(line: str, *, origin: str) -> Item | Failure:
    try:
        record = json.loads(line)
    except ValueError as exc:
        return Failure(origin, f"not valid JSON ({exc})")
    if not isinstance(record, dict):
        return Failure(origin, "a record must be a JSON object")
    problem = _check_record(record)
    if problem:
        return Failure(origin, problem)
    body = parsing.clean_text(record["body"])
    try:
        parsed = parsing.parse_text(body)
    except parsing.ParseError as exc:
        return Failure(origin, f"record {record['id']}: {exc}")
    fields = _article_fields(parsed)
    if record.get("title"):
        fields["title"] = (
            parsing.clean_text(record["title"]).strip()[:500] or fields["title"]
        )
    for name, limit in (("dateline", 200), ("byline", 300), ("url", 1000)):
        if record.get(name):
            fields[name] = parsing.clean_text(record[name]).strip()[:limit]
    if record.get("date"):
        fields["published"] = parsing.parse_date(record["date"])
    source = record.get("source") or parsed.source
    return Item(
        key=str(record["id"]),
        origin=origin,
        fields=fields,
        source_name=parsing.canonical_source(source) if source else "",
        content_hash=text_hash(f"{fields['title']}\n\n{fields['body']}"),
    )


def _check_record(record: dict) -> str:
    record_id = record.get("id")
    if (
        isinstance(record_id, bool)
        or not isinstance(record_id, str | int)
        or str(record_id) == ""
    ):
        return "the record has no id (a non-empty string or number)"
    if not isinstance(record.get("body"), str):
        return f"record {record_id}: body must be a string"
    for name in ("title", "source", "date", "dateline", "byline", "url"):
        if record.get(name) is not None and not isinstance(record[name], str):
            return f"record {record_id}: {name} must be a string or null"
    return ""


# --- saving -------------------------------------------------------------------


def _import_batch(
    batch, *, result: ImportResult, dry_run: bool, extract: bool, workers: int
):
    items = []
    for item in batch:
        if isinstance(item, Failure):
            _fail(result, item.origin, item.reason)
        else:
            items.append(item)
    existing = {
        a.import_key: a
        for a in Article.objects.filter(import_key__in=[i.key for i in items])
    }
    to_write = []
    for item in items:
        article = existing.get(item.key)
        if article is not None and article.content_hash == item.content_hash:
            result.unchanged += 1
        elif article is None and _is_duplicate(item, seen=to_write):
            result.duplicates += 1
            logger.info(
                "%s: same text as an article already imported; skipped", item.origin
            )
        elif dry_run:
            result.updated += article is not None
            result.created += article is None
        else:
            to_write.append(item)
    if not to_write:
        return
    entity_lists = (
        _extract(to_write, workers=workers) if extract else [None] * len(to_write)
    )
    for item, entities in zip(to_write, entity_lists, strict=True):
        try:
            with transaction.atomic():
                created = _save(item, existing.get(item.key), entities)
        except Exception as exc:  # one bad item must not stop the run
            logger.exception("%s: could not be saved", item.origin)
            _fail(
                result,
                item.origin,
                f"could not be saved ({exc.__class__.__name__}: {exc})",
            )
        else:
            if created:
                result.created += 1
            else:
                result.updated += 1


def _fail(result: ImportResult, origin: str, reason: str):
    result.failed += 1
    result.errors.append(f"{origin}: {reason}")


def _is_duplicate(item: Item, *, seen: list[Item]) -> bool:
    if any(other.content_hash == item.content_hash for other in seen):
        return True
    return Article.objects.filter(content_hash=item.content_hash).exists()


def _extract(items: list[Item], *, workers: int):
    from .entities import extract_many  # loads the language model: import time only

    texts = [f"{item.fields['title']}\n\n{item.fields['body']}" for item in items]
    return list(extract_many(texts, n_process=workers))


def _save(item: Item, article: Article | None, entities) -> bool:
    """Write one item; True when a new article was created."""
    created = article is None
    if created:
        article = Article(import_key=item.key)
    else:
        article = Article.objects.select_for_update().get(pk=article.pk)
    protected = set(article.edited_fields or [])
    for name, value in item.fields.items():
        if name not in protected:
            setattr(article, name, value)
    if "source" not in protected:
        article.source = _source(item.source_name)
    article.source_file = item.origin
    article.content_hash = item.content_hash
    article.save()
    if entities is not None and Article.ENTITIES_EDITED not in protected:
        replace_mentions(article, entities)
    return created


def _source(name: str) -> Source | None:
    if not name:
        return None
    source, _ = Source.objects.get_or_create(name=name[:200])
    return source
