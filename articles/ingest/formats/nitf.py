"""NITF 3.x (News Industry Text Format), as EFE, PA and AP send it, and as
the text of a NewsML-G2 item: doc-id, date.issue, hedline, byline, dateline,
the paragraphs of body.content, and the subjects of tobject."""

from lxml import html

from .stories import Story
from .xml import child, children, descendants, local, text_of

# Elements of body.content whose text is the story's, one paragraph each.
_PARAGRAPHS = {"p", "hl2", "li", "blockquote", "pre"}


def nitf_story(root, *, key: str, origin: str) -> Story:
    """The story of an <nitf> element."""
    head = child(root, "head")
    body_head = child(root, "body", "body.head")
    doc_id = child(head, "docdata", "doc-id")
    issued = child(head, "docdata", "date.issue")
    story_date = child(body_head, "dateline", "story.date")
    holder = child(head, "docdata", "doc.copyright")
    own_id = (doc_id.get("id-string") or "").strip() if doc_id is not None else ""
    return Story(
        key=own_id or key,
        origin=origin,
        headline=text_of(child(body_head, "hedline", "hl1"))
        or text_of(child(head, "title")),
        paragraphs=body_paragraphs(child(root, "body", "body.content")),
        byline=_byline(body_head),
        dateline=text_of(child(body_head, "dateline", "location"))
        or _dateline_text(child(body_head, "dateline")),
        published=_norm(issued) or _norm(story_date),
        source=(holder.get("holder") or "") if holder is not None else "",
        subjects=_subjects(head),
    )


# Roots of an XHTML body carried inline by NewsML-G2 or NewsML 1.x.
_XHTML_ROOTS = {"html", "body", "div", "section", "article"}


def inline_story(element, *, key: str, origin: str) -> Story | None:
    """The story of markup an item carries inline (NewsML-G2 inlineXML,
    NewsML 1.x DataContent): NITF or XHTML; None for anything else."""
    if local(element) == "nitf":
        return nitf_story(element, key=key, origin=origin)
    if local(element) in _XHTML_ROOTS:
        body = next(iter(descendants(element, "body")), element)
        return Story(key=key, origin=origin, paragraphs=body_paragraphs(body))
    return None


def text_paragraphs(text: str) -> list[str]:
    """Plain text's paragraphs, separated by blank lines."""
    return [p for p in text.replace("\r", "").split("\n\n") if p.strip()]


def body_paragraphs(content) -> list[str]:
    """The paragraphs of a body (NITF body.content or an XHTML body), in
    order: each <p> and the like once, tables and media left out."""
    if content is None:
        return []
    paragraphs = []
    for element in content.iter():
        name = local(element)
        if name in _PARAGRAPHS and not any(
            local(a) in _PARAGRAPHS for a in element.iterancestors()
        ):
            paragraphs.append(text_of(element))
    if not paragraphs and text_of(content):
        paragraphs = [text_of(content)]  # text straight in the body
    return [p for p in paragraphs if p]


def _byline(body_head) -> str:
    """The byline's person, without the title NITF marks (<byttl>)."""
    byline = child(body_head, "byline")
    if byline is None:
        return ""
    person = child(byline, "person")
    if person is not None:
        return text_of(person)
    parts = [byline.text or ""]
    for element in byline:
        if local(element) != "byttl":
            parts.append(text_of(element))
        parts.append(element.tail or "")
    return " ".join(" ".join(parts).split()).strip(" ,")


def _dateline_text(dateline) -> str:
    if dateline is None:
        return ""
    return (dateline.text or "").strip(" ,-")


def _norm(element) -> str:
    """A date's machine-readable form (norm="20170803T120000Z"), else its text."""
    if element is None:
        return ""
    return (element.get("norm") or text_of(element)).strip()


def _subjects(head) -> list[tuple[str, str]]:
    subjects = []
    for tobject in children(head, "tobject") if head is not None else []:
        for subject in descendants(tobject, "tobject.subject"):
            code = subject.get("tobject.subject.refnum") or ""
            name = (
                subject.get("tobject.subject.detail")
                or subject.get("tobject.subject.matter")
                or subject.get("tobject.subject.type")
                or ""
            )
            if code or name:
                subjects.append((code, name))
    return subjects


def html_paragraphs(markup: str) -> list[str]:
    """Paragraphs of an HTML body, parsed as text: scripts and styles go."""
    try:
        root = html.fragment_fromstring(markup, create_parent="div")
    except (ValueError, html.etree.ParserError):
        return []
    for element in list(root.iter("script", "style")):
        element.drop_tree()
    return body_paragraphs(root)
