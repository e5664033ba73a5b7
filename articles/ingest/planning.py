"""Which items an import must write: the rest are unchanged or duplicates."""

import logging
from collections.abc import Iterator

from ..models import Article
from .items import Failure, ImportResult, Item, Skip, Withdrawal
from .pool import chunked

logger = logging.getLogger("articles.ingest")

# Items looked up (and later written) at a time.
BATCH_SIZE = 250


def plan(
    items: Iterator[Item | Failure | Skip | Withdrawal],
    *,
    result: ImportResult,
    dry_run: bool,
) -> Iterator[Item]:
    """The items that need writing; the rest are counted as they go by.

    Looks items up a batch at a time. Items already planned in this run count
    as stored, since the writing lags behind (entity extraction reads ahead).
    """
    planned_keys: dict[str, str] = {}  # import key -> content hash
    planned_hashes: set[str] = set()
    for batch in chunked(items, BATCH_SIZE):
        found = []
        for item in batch:
            if isinstance(item, Failure):
                result.fail(item.origin, item.reason)
            elif isinstance(item, Skip):
                result.skip(item.origin, item.reason)
            elif isinstance(item, Withdrawal):
                result.withdrawals.append(item)  # once the items before it are in
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
