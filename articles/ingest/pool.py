"""One worker pool for the work that is split over processes: reading and
parsing files, extracting entities, computing search text for a rebuild.

Work is sent in chunks to forked processes (they inherit the loaded code and
never touch the database) and comes back in the order it was sent, with a
bounded number of chunks in flight, so the process that writes keeps them
busy without reading everything ahead.
"""

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """`items` in lists of `size` (the last may be shorter)."""
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


def in_order(
    work: Callable,
    chunks: Iterable[T],
    *,
    workers: int,
    ahead: int = 0,
    send: Callable[[T], object] | None = None,
) -> Iterator[tuple[T, R]]:
    """(chunk, work(send(chunk))) for each chunk, in order. `send` picks what
    a worker needs of a chunk (by default the whole chunk). With `workers` > 1
    the work runs in that many forked processes, with at most `workers` +
    `ahead` chunks in flight; with one it runs here, in this process."""
    send = send or (lambda chunk: chunk)
    if workers <= 1:
        for chunk in chunks:
            yield chunk, work(send(chunk))
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending = deque()
        for chunk in chunks:
            pending.append((chunk, pool.submit(work, send(chunk))))
            if len(pending) > workers + ahead:
                chunk, future = pending.popleft()
                yield chunk, future.result()
        while pending:
            chunk, future = pending.popleft()
            yield chunk, future.result()
