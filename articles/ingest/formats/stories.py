"""A story as a structured format gives it, into an Item like any other."""

from dataclasses import dataclass, field

from ... import parsing
from ..items import (
    Failure,
    Item,
    Skip,
    Withdrawal,
    article_fields,
    clipped,
    text_hash,
)

# Publication statuses that keep a story out, as NewsML-G2 (stat:canceled),
# ninjs and NewsML 1.x spell them.
WITHDRAWN = {"canceled", "cancelled", "withheld", "embargoed"}


def withdrawn(status: str) -> bool:
    """Whether a feed's publication status withdraws the story."""
    return status.strip().casefold().rsplit(":", 1)[-1] in WITHDRAWN


def withdrawal(
    status: str, *, guid: str, version: str, origin: str
) -> Withdrawal | Skip:
    """The notice that withdraws the story `guid`; a Skip, saying why, when
    the item names no story to withdraw."""
    status = status.strip()
    if not guid:
        return Skip(
            origin,
            f"withdrawn by its provider (status {status}), but it names no story "
            "(no guid or uri); nothing imported",
        )
    return Withdrawal(guid=guid, version=version, origin=origin, status=status)


@dataclass
class Story:
    """What a structured format says of one story; empty where it is silent."""

    key: str  # the import key: the item's own id (and version), else the file's
    origin: str  # file (and item) it came from, for messages
    headline: str = ""
    paragraphs: list[str] = field(default_factory=list)
    byline: str = ""
    dateline: str = ""
    published: str = ""  # as the format writes it: ISO 8601 mostly
    source: str = ""
    url: str = ""
    version: str = ""  # the feed's own version number, when it has one
    guid: str = ""  # the story's own id in its feed, the same in every version
    subjects: list[tuple[str, str]] = field(default_factory=list)  # (code, name)


def story_item(story: Story, *, include: bool = False) -> Item | Failure | Skip:
    """An Item from `story`: its paragraphs read as wire text is (dateline,
    captions, sign-offs, credits), then what the format says outright."""
    paragraphs = [" ".join(p.split()) for p in story.paragraphs]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        return Failure(story.origin, "the item has no text (no paragraphs)")
    header = [
        f"{name}: {' '.join(value.split())}"
        for name, value in (
            ("Title", story.headline),
            ("Date", story.published),
            ("Byline", story.byline),
            ("Source", story.source),
            ("URL", story.url),
        )
        if value.strip()
    ]
    text = "\n".join(header) + ("\n\n" if header else "") + "\n\n".join(paragraphs)
    try:
        parsed = parsing.parse_text(text, headline_given=bool(story.headline))
    except parsing.ParseError as exc:
        return Failure(story.origin, str(exc))
    if not include and (reason := parsing.not_news_reason(parsed)):
        return Skip(story.origin, f"{reason} (--include imports it)")
    fields = article_fields(parsed)
    if story.dateline.strip():
        fields["dateline"] = " ".join(story.dateline.split())
    if story.guid:
        fields["guid"] = story.guid
    fields = clipped(fields)
    return Item(
        key=story.key,
        origin=story.origin,
        fields=fields,
        source_name=parsed.source,
        content_hash=text_hash(f"{story.version}\n{text}"),
        subjects=[(code, name) for code, name in story.subjects if code or name],
    )
