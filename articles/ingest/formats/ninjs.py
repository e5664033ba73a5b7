"""ninjs, the IPTC's news in JSON, versions 1.x to 3.x (one item, an array
of them, or JSON Lines): uri and version, type and pubstatus, the headline
(``headline``, ``headline_*`` or ``headlines``), the byline (``byline``,
``by``, ``bylines``), ``located``, the dates, the subjects and the text
(``body_text``, ``body_html``/``body_xhtml``, ``body_*`` or ``bodies``)."""

from ..items import Failure, Skip
from .nitf import html_paragraphs
from .stories import Story, story_item, withdrawal, withdrawn

# Item types that are no story of their own.
NOT_TEXT = {"picture", "graphic", "video", "audio", "event", "component"}


def is_ninjs(value) -> bool:
    """Whether a JSON object reads as a ninjs item."""
    return isinstance(value, dict) and "uri" in value and _has_story_keys(value)


def _has_story_keys(item: dict) -> bool:
    return any(
        key in item or any(k.startswith(f"{key}_") for k in item)
        for key in ("headline", "headlines", "body", "bodies", "type")
    )


def ninjs_items(value, *, key: str, origin: str, include: bool = False) -> list:
    """Items, Skips and Failures for a ninjs document: an item or an array."""
    if isinstance(value, dict):
        return [ninjs_item(value, key=key, origin=origin, include=include)]
    if not value:
        return [Skip(origin, "an empty JSON array")]
    return [
        ninjs_item(item, key=f"{key}#{n}", origin=f"{origin}#{n}", include=include)
        if isinstance(item, dict)
        else Failure(f"{origin}#{n}", "not a ninjs item (not a JSON object)")
        for n, item in enumerate(value, start=1)
    ]


def ninjs_item(item: dict, *, key: str, origin: str, include: bool = False):
    """The Item (or Skip or Failure) of one ninjs object."""
    kind = _text(item.get("type")).casefold()
    if kind in NOT_TEXT:
        return Skip(origin, f"a ninjs {kind} item, not text")
    status = _text(item.get("pubstatus") or item.get("pubStatus")).casefold()
    uri, version = _text(item.get("uri")), _text(item.get("version"))
    if withdrawn(status):
        return withdrawal(status, guid=uri, version=version, origin=origin)
    story = Story(
        key=(f"{uri}#{version}" if version else uri) or key,
        origin=origin,
        headline=_headline(item),
        paragraphs=_paragraphs(item),
        byline=_byline(item),
        dateline=_text(item.get("located")),
        published=_text(
            _first(item, "contentcreated", "firstcreated", "versioncreated")
        ),
        source=_source(item),
        url=_original(item),
        version=version,
        guid=uri,
        subjects=_subjects(item),
    )
    if not story.paragraphs:
        return Failure(origin, "a ninjs text item with no body")
    return story_item(story, include=include)


def _first(item: dict, *names: str):
    """The first of `names` the item has, in any case ("versionCreated")."""
    folded = {k.casefold(): v for k, v in item.items()}
    return next((folded[n] for n in names if folded.get(n)), "")


def _text(value) -> str:
    if isinstance(value, dict):
        value = value.get("name") or value.get("value") or ""
    return " ".join(str(value).split()) if isinstance(value, str | int) else ""


def _headline(item: dict) -> str:
    if headlines := item.get("headlines"):
        return _by_role(headlines)
    for key in ("headline", "headline_main", "headline_simple"):
        if item.get(key):
            return _text(item[key])
    return next((_text(v) for k, v in item.items() if k.startswith("headline_")), "")


def _byline(item: dict) -> str:
    if item.get("by") or item.get("byline"):
        return _text(item.get("by") or item.get("byline"))
    bylines = item.get("bylines") or []
    names = [
        _text(b.get("byline") or b.get("name")) for b in bylines if isinstance(b, dict)
    ]
    return " and ".join(name for name in names if name)


def _by_role(values) -> str:
    """The value whose role is main, else the first."""
    values = [v for v in values if isinstance(v, dict) and v.get("value")]
    main = [v for v in values if v.get("role") == "main"]
    return _text((main or values or [{"value": ""}])[0]["value"])


def _paragraphs(item: dict) -> list[str]:
    """The text, from the richest body the item gives."""
    if bodies := item.get("bodies"):
        bodies = [b for b in bodies if isinstance(b, dict) and b.get("value")]
        main = [b for b in bodies if b.get("role") == "main"] or bodies
        for body in main:
            kind = _text(body.get("contenttype") or body.get("contentType"))
            return (
                html_paragraphs(body["value"])
                if "html" in kind
                else _plain(body["value"])
            )
        return []
    for key, read in (
        ("body_text", _plain),
        ("body_xhtml", html_paragraphs),
        ("body_html", html_paragraphs),
        ("body_richtext", html_paragraphs),
        ("body_main", _plain),
    ):
        if isinstance(item.get(key), str) and item[key].strip():
            return read(item[key])
    return []


def _plain(text: str) -> list[str]:
    text = text.replace("\r", "")
    blocks = [b for b in text.split("\n\n") if b.strip()]
    if len(blocks) == 1 and "\n" in blocks[0].strip():
        blocks = [line for line in blocks[0].split("\n") if line.strip()]
    return blocks


def _subjects(item: dict) -> list[tuple[str, str]]:
    subjects = item.get("subjects") or item.get("subject") or []
    return [
        (
            _text(s.get("code") or s.get("literal") or s.get("uri")),
            _text(s.get("name")),
        )
        for s in subjects
        if isinstance(s, dict)
    ]


def _source(item: dict) -> str:
    """Who sent it: the first infosource, else the copyright holder."""
    for source in item.get("infosources") or []:
        if isinstance(source, dict) and _text(source.get("name")):
            return _text(source.get("name"))
    return _text(_first(item, "copyrightholder", "provider"))


def _original(item: dict) -> str:
    """The story's own address, where the item gives one (altids)."""
    for altid in item.get("altids") or []:
        if isinstance(altid, dict) and altid.get("role") == "original":
            return _text(altid.get("value"))
    return ""
