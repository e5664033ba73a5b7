"""Importing articles: read, plan, extract entities, write. Safe to re-run.

Every file or JSON Lines record is one unit of work: it is saved whole or not
at all. Re-running an import changes nothing that has not changed; a changed
file updates its article in place; the same text under another name is a
duplicate, not a second article. What an editor corrected in the admin is
never overwritten (articles/corrections.py).
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

from ..entities.merging import merge_unchecked
from ..models import Source
from ..search import get_search_backend
from ..search.indexing import search_fields
from ..stories.signatures import signature
from ..withdrawal import versions_withdrawn_by, withdraw
from .extraction import with_entities
from .files import read, units
from .items import Failure, ImportResult, Item, Meter, Skip
from .planning import BATCH_SIZE, plan
from .pool import chunked, in_order
from .writing import write

# Units sent to a parsing worker at a time.
PARSE_CHUNK = 200
# SQLite's page cache while an import writes (KiB; SQLite's own is 2 MiB).
# The full-text index merges its segments and the stories index grows by
# week: with the pages they touch kept in memory, 100,000 articles import
# about a sixth faster. Web processes keep the default.
IMPORT_CACHE_KIB = 128 * 1024


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
    items = read_all(paths, workers=parsers, include=include, meter=result.meter)
    planned = plan(items, result=result, dry_run=dry_run)
    if extract and not dry_run:
        pending = with_entities(planned, workers=workers)
    else:
        pending = ((item, None) for item in planned)
    sources: dict[str, Source] = {}
    with _page_cache():
        for batch in chunked(pending, BATCH_SIZE):
            write(batch, result=result, sources=sources)
            if progress:
                progress(result)
    withdraw_noticed(result, dry_run=dry_run)
    if result.created or result.updated or result.withdrawn:
        get_search_backend().refresh_vocabulary()
    if extract and not dry_run:
        # Only merges of what was named since the last check (by this import,
        # or by one stopped before it got here): the rules are checked for
        # every entity of the archive by the merge_entities command.
        result.merged = len(merge_unchecked())
    return result


def withdraw_noticed(result: ImportResult, *, dry_run: bool) -> None:
    """Apply the providers' withdrawal notices the import read, in order,
    each to the versions it names; a notice for a story the archive does not
    hold is reported as skipped."""
    for notice in result.withdrawals:
        found = list(
            versions_withdrawn_by(notice.guid, notice.version).only(
                "pk", "withdrawn_at"
            )
        )
        if not found:
            result.skip(
                notice.origin,
                f"{notice.reason}, but the archive holds no version of {notice.guid}",
            )
            continue
        if dry_run:
            count = sum(a.withdrawn_at is None for a in found)
        else:
            count = withdraw(found, notice.reason)
        if count:
            result.withdrawn += count
        else:
            result.unchanged += 1  # withdrawn already, by an earlier notice


@contextmanager
def _page_cache():
    """A bigger page cache for this connection while it writes, on SQLite."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def read_all(
    paths: Iterable[Path],
    *,
    workers: int = 1,
    include: bool = False,
    meter: Meter | None = None,
) -> Iterator[Item | Failure | Skip]:
    """Every item under `paths`, in order; parsed by `workers` processes,
    which compute the search text too, so that the writer only writes."""
    found = units(paths, include=include, meter=meter)
    if workers <= 1:
        for unit in found:
            yield from read(unit)
        return
    for _, parsed in in_order(
        _read_chunk, chunked(found, PARSE_CHUNK), workers=workers, ahead=workers
    ):
        yield from parsed


def _read_chunk(chunk) -> list[Item | Failure | Skip]:
    parsed = []
    for item in (item for unit in chunk for item in read(unit)):
        if isinstance(item, Item):
            fields = item.fields
            item.search = search_fields(
                title=fields["title"], body=fields["body"], captions=fields["captions"]
            )
            item.signature = signature(fields["title"], fields["body"])
            _ = item.signature.band_keys  # computed here, by the worker, too
        parsed.append(item)
    return parsed
