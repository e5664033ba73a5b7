"""What travels through an import: items to save, failures, skips, counts."""

import hashlib
from dataclasses import dataclass, field

from ..models import Article
from ..parsing import ParsedArticle

OUTCOMES = (
    "created",
    "updated",
    "unchanged",
    "duplicates",
    "withdrawn",
    "skipped",
    "failed",
)
# The longest text each field of an article holds, read from the model.
LIMITS = {
    f.name: f.max_length
    for f in Article._meta.get_fields()
    if getattr(f, "max_length", None) and f.concrete
}


@dataclass
class Meter:
    """How much of an import's input has been read, in bytes of its files
    (a compressed file's compressed bytes): what a progress bar shows."""

    total: int = 0  # grows as the paths are walked
    read: int = 0


@dataclass
class ImportResult:
    """What an import did, item by item, in counts; `errors` says why items
    failed and `skips` why items were left out."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    # Articles withdrawn by their provider's notice (articles/withdrawal.py).
    withdrawn: int = 0
    skipped: int = 0
    failed: int = 0
    # Entities merged into another afterwards (articles/entities/merging.py).
    merged: int = 0
    errors: list[str] = field(default_factory=list)
    skips: list[str] = field(default_factory=list)
    # The providers' withdrawal notices read, applied once the items are in.
    withdrawals: list["Withdrawal"] = field(default_factory=list)
    meter: Meter = field(default_factory=Meter)

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name in OUTCOMES)

    def summary(self) -> str:
        return ", ".join(f"{getattr(self, name)} {name}" for name in OUTCOMES)

    def fail(self, origin: str, reason: str) -> None:
        self.failed += 1
        self.errors.append(f"{origin}: {reason}")

    def skip(self, origin: str, reason: str) -> None:
        self.skipped += 1
        self.skips.append(f"{origin}: {reason}")


@dataclass
class Item:
    """One article-to-be, parsed and ready to save."""

    key: str
    origin: str  # file (and line) it came from, for messages and Article.source_file
    fields: dict
    source_name: str
    content_hash: str
    # The topics its feed filed it under: [(code, name)].
    subjects: list[tuple[str, str]] = field(default_factory=list)
    search: dict | None = None  # SearchText's fields, when computed ahead
    signature: object | None = None  # its stories.signatures.Signature, likewise


@dataclass
class Failure:
    """An item that could not be read: reported, while the rest imports."""

    origin: str
    reason: str


@dataclass
class Skip:
    """An item that is not news (a README, a service message): left out on
    purpose, with the reason, unless the import includes everything."""

    origin: str
    reason: str


@dataclass
class Withdrawal:
    """A provider's notice that a story is withdrawn (NewsML-G2 pubStatus
    canceled, ninjs pubstatus, NewsML 1.x Status): its articles, up to this
    version when the notice gives one, are hidden from readers."""

    guid: str  # the story's identity in its feed
    version: str  # the notice's own version, when given
    origin: str
    status: str  # the status as the feed spells it

    @property
    def reason(self) -> str:
        status = self.status.rsplit(":", 1)[-1]  # "canceled", not "stat:canceled"
        return f"withdrawn by its provider (status {status})"


def clipped(fields: dict) -> dict:
    """`fields` with each text cut to what its column holds."""
    return {
        name: value[: LIMITS[name]] if name in LIMITS and value else value
        for name, value in fields.items()
    }


def text_hash(text: str) -> str:
    """The content hash two copies of one story share, whatever their line endings."""
    canonical = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def article_fields(parsed: ParsedArticle) -> dict:
    """An article's fields from a parsed story, cut to what their columns hold."""
    return clipped(
        {
            "title": parsed.title,
            "body": parsed.body,
            "captions": "\n\n".join(parsed.captions),
            "dateline": parsed.dateline,
            "byline": parsed.byline,
            "credits": parsed.credits,
            "published": parsed.published,
            "published_at": parsed.published_at,
            "url": parsed.url,
            "version": parsed.version,
            "advisory": parsed.advisory,
        }
    )
