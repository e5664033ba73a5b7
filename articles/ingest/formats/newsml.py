"""NewsML-G2, as Reuters and AP deliver it: a newsItem, or a newsMessage
carrying several. Each text item gives its guid and version, pubStatus,
dates, headline, byline or creator, dateline or located, infoSource or
provider, subjects, and its text from inlineXML (NITF or XHTML) or
inlineData. Packages, planning, concept and knowledge items, and pictures,
video and graphics are skipped, each with why."""

from ..items import Failure, Skip
from .nitf import inline_story, text_paragraphs
from .stories import Story, story_item, withdrawal, withdrawn
from .xml import child, children, descendants, local, text_of

# Root or item elements that carry no story of their own.
NOT_STORIES = {
    "packageItem": "a package (it lists other items; import those)",
    "planningItem": "a planning item (coverage planned, not a story)",
    "conceptItem": "a concept item (a description of a person, place or topic)",
    "knowledgeItem": "a knowledge item (a set of concepts, not a story)",
    "catalogItem": "a catalog (codes and their meanings, not a story)",
}
# Parts of an item that documentation shows on their own, not items.
FRAGMENTS = {"contentSet", "contentMeta", "itemMeta", "groupSet", "group"}
# The provider a newsroom archive names in the items it exports
# (articles/newsml.py).
ARCHIVE_PROVIDER = "newsroom"


def newsml_items(root, *, key: str, origin: str, include: bool = False) -> list:
    """Items, Skips and Failures for a newsItem or newsMessage root."""
    name = local(root)
    if name == "newsMessage":
        items = [
            element
            for element in root.iter()
            if local(element) in {"newsItem", *NOT_STORIES}
        ]
        if not items:
            return [Skip(origin, "a news message with no items in it")]
        return [
            result
            for number, item in enumerate(items, start=1)
            for result in _item(
                item,
                key=f"{key}#{number}",
                origin=f"{origin}#{number}",
                include=include,
            )
        ]
    return _item(root, key=key, origin=origin, include=include)


def _item(item, *, key: str, origin: str, include: bool) -> list:
    name = local(item)
    if name in NOT_STORIES:
        return [Skip(origin, f"NewsML-G2 {NOT_STORIES[name]}")]
    meta, content = child(item, "itemMeta"), child(item, "contentMeta")
    item_class = child(meta, "itemClass") if meta is not None else None
    kind = item_class.get("qcode", "") if item_class is not None else ""
    if kind and not kind.endswith((":text", ":composite")):
        return [Skip(origin, f"a NewsML-G2 {kind.split(':')[-1]} item, not text")]
    guid = (item.get("guid") or "").strip()
    version = (item.get("version") or "").strip()
    status = child(meta, "pubStatus")
    if status is not None and withdrawn(status.get("qcode", "")):
        return [
            withdrawal(
                status.get("qcode", ""), guid=guid, version=version, origin=origin
            )
        ]
    own = f"{guid}#{version}" if guid and version else guid
    story = _text(item, key=own or key, origin=origin)
    if story is None:
        remote = descendants(item, "remoteContent")
        if remote:
            where = remote[0].get("href") or remote[0].get("residref") or "elsewhere"
            return [
                Skip(origin, f"its text is not in the file (remoteContent: {where})")
            ]
        return [Failure(origin, "a NewsML-G2 text item whose contentSet holds no text")]
    story.version, story.guid = version, guid
    story.headline = text_of(child(content, "headline")) or story.headline
    story.byline = (
        text_of(child(content, "by"))
        or story.byline
        or text_of(child(content, "creator", "name"))
    )
    story.dateline = (
        text_of(child(content, "dateline"))
        or story.dateline
        or text_of(child(content, "located", "name"))
    )
    story.published = text_of(child(content, "contentCreated"))
    if not story.published and _provider(meta) != ARCHIVE_PROVIDER:
        # An agency's item is sent when it is created; a newsroom archive's
        # export has a versionCreated of when the archive last changed it.
        story.published = (
            text_of(child(meta, "firstCreated"))
            or text_of(child(meta, "versionCreated"))
            or story.published
        )
    story.source = (
        text_of(child(content, "infoSource", "name")) or _provider(meta) or story.source
    )
    story.subjects = _subjects(content) or story.subjects
    return [story_item(story, include=include)]


def _text(item, *, key: str, origin: str) -> Story | None:
    """The story in an item's contentSet: NITF, XHTML or plain text."""
    content_set = child(item, "contentSet")
    if content_set is None:
        return None
    for inline in children(content_set, "inlineXML"):
        for element in inline:
            if story := inline_story(element, key=key, origin=origin):
                return story
    for inline in children(content_set, "inlineData"):
        if paragraphs := text_paragraphs("".join(inline.itertext())):
            return Story(key=key, origin=origin, paragraphs=paragraphs)
    return None


def _provider(meta) -> str:
    provider = child(meta, "provider")
    if provider is None:
        return ""
    return (
        text_of(child(provider, "name"))
        or provider.get("literal", "")
        or provider.get("qcode", "").split(":")[-1]
    )


def _subjects(content) -> list[tuple[str, str]]:
    """(qcode, name) of each subject: "medtop:20000350", "central bank"."""
    if content is None:
        return []
    return [
        (
            subject.get("qcode") or subject.get("literal") or subject.get("uri") or "",
            text_of(child(subject, "name")),
        )
        for subject in children(content, "subject")
    ]
