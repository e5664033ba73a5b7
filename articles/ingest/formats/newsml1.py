"""NewsML 1.x, as Kyodo, AFP, PA and dpa still send it: each NewsItem's
identity (ProviderId, DateId, NewsItemId, RevisionId), its NewsLines
(HeadLine, DateLine, ByLine, CreditLine), its dates and status, and the text
of its ContentItems (NITF, XHTML or plain text in DataContent)."""

from ..items import Failure, Skip
from .nitf import inline_story, text_paragraphs
from .stories import Story, story_item, withdrawal, withdrawn
from .xml import child, descendants, local, text_of


def newsml1_items(root, *, key: str, origin: str, include: bool = False) -> list:
    """Items, Skips and Failures for a NewsML 1.x document (or a NewsItem)."""
    items = [root] if local(root) == "NewsItem" else descendants(root, "NewsItem")
    if not items:
        return [Skip(origin, "a NewsML 1.x document with no NewsItem in it")]
    several = len(items) > 1
    return [
        _item(
            item,
            key=f"{key}#{number}" if several else key,
            origin=f"{origin}#{number}" if several else origin,
            include=include,
        )
        for number, item in enumerate(items, start=1)
    ]


def _item(item, *, key: str, origin: str, include: bool):
    identifier = child(item, "Identification", "NewsIdentifier")
    management = child(item, "NewsManagement")
    status = child(management, "Status")
    state = (status.get("FormalName", "") if status is not None else "").casefold()
    revision = text_of(child(identifier, "RevisionId"))
    if withdrawn(state):
        return withdrawal(
            state, guid=_guid(identifier), version=revision, origin=origin
        )
    story = _text(item, key=_identity(identifier) or key, origin=origin)
    if story is None:
        return Failure(origin, "a NewsML 1.x item with no text in its ContentItems")
    lines = next(iter(descendants(item, "NewsLines")), None)
    story.version, story.guid = revision, _guid(identifier)
    story.headline = text_of(child(lines, "HeadLine")) or story.headline
    story.byline = text_of(child(lines, "ByLine")) or story.byline
    story.dateline = text_of(child(lines, "DateLine")) or story.dateline
    story.published = (
        text_of(child(management, "FirstCreated"))
        or text_of(child(management, "ThisRevisionCreated"))
        or story.published
    )
    provider = next(iter(descendants(item, "Provider")), None)
    party = child(provider, "Party")
    story.source = (
        text_of(child(lines, "CreditLine"))
        or (party.get("FormalName", "") if party is not None else "")
        or story.source
    )
    story.subjects = [
        (matter.get("FormalName", ""), "")
        for matter in descendants(item, "SubjectMatter")
    ] or story.subjects
    return story_item(story, include=include)


def _identity(identifier) -> str:
    """provider:date:item:revision, as the PublicIdentifier spells it; the
    revision keeps each version of a story an article of its own."""
    if identifier is None:
        return ""
    public = text_of(child(identifier, "PublicIdentifier"))
    if public:
        return public
    parts = [
        text_of(child(identifier, name))
        for name in ("ProviderId", "DateId", "NewsItemId", "RevisionId")
    ]
    return ":".join(parts) if any(parts) else ""


def _guid(identifier) -> str:
    """provider:date:item, the identity every revision of a story shares."""
    if identifier is None:
        return ""
    parts = [
        text_of(child(identifier, name))
        for name in ("ProviderId", "DateId", "NewsItemId")
    ]
    if all(parts):
        return ":".join(parts)
    public = text_of(child(identifier, "PublicIdentifier"))
    # urn:newsml:provider:date:item:revision (and a status letter after it)
    return public.rsplit(":", 1)[0] if public.count(":") >= 5 else ""


def _text(item, *, key: str, origin: str) -> Story | None:
    """The story in the first ContentItem with text: NITF, XHTML or text."""
    for content in descendants(item, "ContentItem"):
        data = child(content, "DataContent")
        if data is None:
            continue
        for element in data:
            if story := inline_story(element, key=key, origin=origin):
                return story
        if paragraphs := text_paragraphs("".join(data.itertext())):
            return Story(key=key, origin=origin, paragraphs=paragraphs)
    return None
