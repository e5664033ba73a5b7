"""Importing articles: parse, extract entities, save. Safe to re-run.

Every file or JSON Lines record is one unit of work: it is saved whole or not
at all. Records are written a batch per transaction, with bulk inserts; when a
batch fails, its records are written again one per transaction, so that a bad
one is reported and skipped while the others are saved. Re-running an import
changes nothing that has not changed; a changed file updates its article in
place; the same text under another name is a duplicate, not a second article.
What an editor corrected in the admin (Article.edited_fields) is never
overwritten.
"""

import gzip
import hashlib
import json
import logging
import lzma
import multiprocessing
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice, tee
from pathlib import Path

from django.db import transaction

from . import parsing
from .curation import replace_mentions, resolve_entities
from .models import Article, Mention, SearchText, Source, normalize_name
from .search import get_search_backend
from .search.indexing import search_fields

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.xz")
BATCH_SIZE = 250
# Texts sent to an extraction worker at a time.
EXTRACT_CHUNK = 32
# Chunks queued beyond one per worker: a whole write batch's worth, so that the
# workers go on extracting while this process saves a batch.
EXTRACT_AHEAD = BATCH_SIZE // EXTRACT_CHUNK + 1
# Items sent to a parsing worker at a time.
PARSE_CHUNK = 200
OUTCOMES = ("created", "updated", "unchanged", "duplicates", "skipped", "failed")
# Files that come with a corpus or a feed but are not stories: README.TXT,
# LICENSE, INDEX... (the name before its first dot, in any case).
NOT_STORY_NAMES = frozenset(
    "readme license licence copying copyright notice index contents manifest "
    "changelog changes authors contributing".split()
)


@dataclass
class ImportResult:
    """What an import did, item by item, in counts; `errors` says why items failed."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    skips: list[str] = field(default_factory=list)  # why items were not imported

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
    search: dict | None = None  # SearchText's fields, when computed ahead


@dataclass
class Failure:
    origin: str
    reason: str


@dataclass
class Skip:
    """An item that is not news (a README, a service message): left out on
    purpose, with the reason, unless the import includes everything."""

    origin: str
    reason: str


def import_paths(
    *,
    paths: Iterable[Path],
    dry_run: bool = False,
    extract: bool = True,
    workers: int = 1,
    include: bool = False,
    progress: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """Import every file under `paths` (files or folders, walked recursively).

    Files and items that are not news (a README, a service message) are
    skipped with the reason, unless `include`."""
    result = ImportResult()
    # Without extraction, the workers parse (and compute search text) instead.
    parsers = 1 if extract or dry_run else workers
    items = _read_all(paths, workers=parsers, include=include)
    planned = _plan(items, result=result, dry_run=dry_run)
    if extract and not dry_run:
        pending = _with_entities(planned, workers=workers)
    else:
        pending = ((item, None) for item in planned)
    sources: dict[str, Source] = {}
    while batch := list(islice(pending, BATCH_SIZE)):
        _write(batch, result=result, sources=sources)
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


def _read_all(
    paths: Iterable[Path], *, workers: int = 1, include: bool = False
) -> Iterator[Item | Failure | Skip]:
    """Every item under `paths`, in order; parsed by `workers` processes."""
    units = _units(paths, include=include)
    if workers <= 1:
        yield from (
            unit if isinstance(unit, Failure | Skip) else _parse(unit) for unit in units
        )
        return
    # fork: the children inherit the loaded code; they never touch the database.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending = deque()
        while chunk := list(islice(units, PARSE_CHUNK)):
            pending.append(pool.submit(_parse_chunk, chunk))
            if len(pending) > 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _units(paths: Iterable[Path], *, include: bool = False):
    """What there is to parse, in order: (reader, arguments...), or a Failure
    or Skip."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files = [
                (file, file.relative_to(path).as_posix())
                for file in sorted(p for p in path.rglob("*") if p.is_file())
                if not any(
                    part.startswith(".") for part in file.relative_to(path).parts
                )
            ]
            files = [
                (file, key)
                for file, key in files
                if _is_jsonl(file) or file.suffix.lower() in TEXT_SUFFIXES
            ]
        elif path.is_file():
            files = [(path, path.name)]
        else:
            yield Failure(str(path), "no such file or folder")
            continue
        for file, key in files:
            if not include and _not_story_name(file):
                yield Skip(
                    str(file),
                    "named like a README, licence or index, not a story "
                    "(--include imports it)",
                )
            elif _is_jsonl(file):
                yield from _jsonl_units(file, include=include)
            else:
                yield (_read_text, file, key, include)


def _not_story_name(path: Path) -> bool:
    return path.name.split(".", 1)[0].casefold() in NOT_STORY_NAMES


def _parse(unit) -> Item | Failure:
    reader, *arguments = unit
    return reader(*arguments)


def _parse_chunk(units) -> list[Item | Failure | Skip]:
    """Parse in a worker, search text included, so that the writer only writes."""
    parsed = []
    for unit in units:
        item = unit if isinstance(unit, Failure | Skip) else _parse(unit)
        if isinstance(item, Item):
            item.search = search_fields(
                title=item.fields["title"], body=item.fields["body"]
            )
        parsed.append(item)
    return parsed


def _is_jsonl(path: Path) -> bool:
    return path.name.lower().endswith(JSONL_SUFFIXES)


def _read_text(path: Path, key: str, include: bool = False) -> Item | Failure | Skip:
    try:
        raw = path.read_bytes()
        text = parsing.decode_bytes(raw)
        parsed = parsing.parse_text(text)
    except OSError as exc:
        return Failure(str(path), f"cannot be read ({exc.strerror or exc})")
    except parsing.ParseError as exc:
        return Failure(str(path), str(exc))
    if not include and (reason := parsing.not_news_reason(parsed)):
        return Skip(str(path), f"{reason} (--include imports it)")
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
        "published_at": parsed.published_at,
        "url": parsed.url[:1000],
    }


def _open_jsonl(path: Path):
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    if name.endswith(".xz"):
        return lzma.open(path, "rt", encoding="utf-8", errors="replace")
    return open(path, encoding="utf-8", errors="replace")


def _jsonl_units(path: Path, *, include: bool = False):
    try:
        with _open_jsonl(path) as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    yield (_read_record, line, f"{path}:{number}", include)
    except (OSError, EOFError, lzma.LZMAError) as exc:
        yield Failure(str(path), f"cannot be read to the end ({exc})")


def _read_record(
    line: str, origin: str, include: bool = False
) -> Item | Failure | Skip:
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
    if not body.strip():
        return Failure(origin, f"record {record['id']}: the body is empty")
    try:
        parsed = parsing.parse_text(body)
    except parsing.ParseError as exc:
        return Failure(origin, f"record {record['id']}: {exc}")
    if not include and (reason := parsing.not_news_reason(parsed)):
        return Skip(origin, f"record {record['id']}: {reason} (--include imports it)")
    fields = _article_fields(parsed)
    if record.get("title"):
        fields["title"] = _record_text(record["title"])[:500] or fields["title"]
    for name, limit in (("dateline", 200), ("byline", 300), ("url", 1000)):
        if record.get(name):
            fields[name] = _record_text(record[name])[:limit]
    if record.get("date"):
        fields["published"] = parsing.parse_date(record["date"])
        fields["published_at"] = parsing.parse_datetime(record["date"])
    source = record.get("source") or parsed.source
    return Item(
        key=str(record["id"]),
        origin=origin,
        fields=fields,
        source_name=parsing.canonical_source(source) if source else "",
        content_hash=text_hash(f"{fields['title']}\n\n{fields['body']}"),
    )


def _record_text(value: str) -> str:
    """A record's text field as the body is read: clean, references decoded."""
    return parsing.decode_references(parsing.clean_text(value)).strip()


def _check_record(record: dict) -> str:
    record_id = record.get("id")
    if isinstance(record_id, str) and parsing.LONE_SURROGATES.search(record_id):
        return "the record's id is not valid Unicode (a lone surrogate)"
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


def _plan(
    items: Iterator[Item | Failure], *, result: ImportResult, dry_run: bool
) -> Iterator[Item]:
    """The items that need writing; the rest are counted as they go by.

    Looks items up a batch at a time. Items already planned in this run count
    as stored, since the writing lags behind (entity extraction reads ahead).
    """
    planned_keys: dict[str, str] = {}  # import key -> content hash
    planned_hashes: set[str] = set()
    while batch := list(islice(items, BATCH_SIZE)):
        found = []
        for item in batch:
            if isinstance(item, Failure):
                _fail(result, item.origin, item.reason)
            elif isinstance(item, Skip):
                result.skipped += 1
                result.skips.append(f"{item.origin}: {item.reason}")
            else:
                found.append(item)
        stored = dict(
            Article.objects.filter(import_key__in={i.key for i in found}).values_list(
                "import_key", "content_hash"
            )
        )
        new_hashes = {
            i.content_hash
            for i in found
            if i.key not in stored and i.key not in planned_keys
        }
        taken = set(
            Article.objects.filter(content_hash__in=new_hashes).values_list(
                "content_hash", flat=True
            )
            if new_hashes
            else ()
        )
        for item in found:
            known = planned_keys.get(item.key, stored.get(item.key))
            if known == item.content_hash:
                result.unchanged += 1
                continue
            if known is None and (
                item.content_hash in taken or item.content_hash in planned_hashes
            ):
                result.duplicates += 1
                logger.info(
                    "%s: same text as an article already imported; skipped",
                    item.origin,
                )
                continue
            planned_keys[item.key] = item.content_hash
            planned_hashes.add(item.content_hash)
            if dry_run:
                result.updated += known is not None
                result.created += known is None
            else:
                yield item


def _with_entities(items: Iterator[Item], *, workers: int):
    """(item, extracted entities) pairs. With several workers, each process
    extracts whole chunks and returns only the entities: spaCy's own n_process
    would send every parsed document back to this process, which also parses
    and writes."""
    if workers <= 1:
        items, texts = tee(items)
        return zip(items, _extract_texts(map(_text, texts)), strict=True)
    return _extract_in_pool(items, workers=workers)


def _extract_in_pool(items: Iterator[Item], *, workers: int):
    # fork: the children inherit the loaded code; they never touch the database.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending = deque()
        while chunk := list(islice(items, EXTRACT_CHUNK)):
            pending.append(
                (chunk, pool.submit(_extract_texts, [_text(i) for i in chunk]))
            )
            if len(pending) > workers + EXTRACT_AHEAD:
                chunk, future = pending.popleft()
                yield from zip(chunk, future.result(), strict=True)
        for chunk, future in pending:
            yield from zip(chunk, future.result(), strict=True)


def _text(item: Item) -> str:
    return f"{item.fields['title']}\n\n{item.fields['body']}"


def _extract_texts(texts: Iterable[str]) -> list:
    from .entities import extract_many  # loads the language model: import time only

    return list(extract_many(list(texts)))


def _write(batch, *, result: ImportResult, sources: dict):
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
    articles = Article.objects.bulk_create(
        Article(
            import_key=item.key,
            slug=Article.slug_for(item.fields["title"]),
            source=sources[item.source_name],
            source_file=item.origin,
            content_hash=item.content_hash,
            **item.fields,
        )
        for item, _ in new
    )
    SearchText.objects.bulk_create(
        SearchText(
            article=article,
            **(item.search or search_fields(title=article.title, body=article.body)),
        )
        for article, (item, _) in zip(articles, new, strict=True)
    )
    _add_mentions(
        [
            (article, entities)
            for article, (_, entities) in zip(articles, new, strict=True)
            if entities is not None
        ]
    )
    return len(new), len(batch) - len(new)


def _fail(result: ImportResult, origin: str, reason: str):
    result.failed += 1
    result.errors.append(f"{origin}: {reason}")


def _save(item: Item, entities) -> bool:
    """Write one item; True when a new article was created."""
    article = Article.objects.select_for_update().filter(import_key=item.key).first()
    created = article is None
    if created:
        article = Article(import_key=item.key)
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


def _add_mentions(extracted_by_article) -> None:
    """Mentions of new articles, [(article, extracted)], with the entities of
    all of them looked up (or created) at once."""
    names, counts = {}, []
    for article, extracted in extracted_by_article:
        per_name = defaultdict(int)
        for item in extracted:
            key = (item.kind, normalize_name(item.name))
            names.setdefault(key, item.name)
            per_name[key] += item.count
        counts.append((article, per_name))
    entities = resolve_entities(names)
    mentions = []
    for article, per_name in counts:
        per_entity = defaultdict(int)
        for key, count in per_name.items():
            if key in entities:
                per_entity[entities[key]] += count
        mentions.extend(
            Mention(article=article, entity=entity, count=count)
            for entity, count in per_entity.items()
        )
    Mention.objects.bulk_create(mentions)
