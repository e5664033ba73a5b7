"""How a long command shows how far it has got: a progress bar (tqdm) on a
terminal, with the time left; a line every few seconds when its output is a
log, not a terminal; nothing at verbosity 0."""

import time
from collections.abc import Callable

# Seconds between two progress lines in a log.
EVERY = 5.0


class Progress:
    """Progress of one command on `stream` (its stderr)."""

    def __init__(self, stream, *, desc: str, unit: str, quiet: bool = False):
        self.stream = stream
        self.quiet = quiet
        self.started = self.last = time.monotonic()
        self.bar = None
        if not quiet and getattr(stream, "isatty", lambda: False)():
            from tqdm import tqdm

            in_bytes = unit == "B"
            self.bar = tqdm(
                total=0,
                unit=unit,
                unit_scale=in_bytes,
                unit_divisor=1024 if in_bytes else 1000,
                file=getattr(stream, "_out", stream),
                desc=desc,
                bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} "
                "[{elapsed}<{remaining}]{postfix}",
            )

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def update(
        self, done: int, total: int, *, postfix: str, line: Callable[[float], str]
    ) -> None:
        """`done` of `total` (articles, bytes): the bar moves, with `postfix`
        beside it; a log gets `line(rate per second)` every few seconds."""
        now = time.monotonic()
        if self.bar is not None:
            self.bar.total = max(total, done, 1)
            self.bar.n = done
            self.bar.set_postfix_str(postfix, refresh=False)
            self.bar.refresh()
        elif not self.quiet and now - self.last >= EVERY:
            self.last = now
            self.stream.write(line(done / max(now - self.started, 1e-9)))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
