"""Articles as NewsML-G2 2.35 news items, their text as NITF: what agencies
and their customers' systems read. One article is one newsItem; a page of a
search is a newsMessage carrying its items.

The item's guid is the article's address, its version 1 (the archive keeps
an item's versions as articles of their own); contentCreated is when the
story was sent (midnight UTC for a day alone) and is left out when undated,
and versionCreated is when the archive last changed it: its importer reads
an item whose provider is "newsroom" by its contentCreated alone.
The XML is built as a tree, so every text is escaped where it is written."""

from django.http import HttpResponse
from django.utils import timezone
from lxml import etree

from .ingest.formats.newsml import ARCHIVE_PROVIDER
from .ninjs import sent_moment, utc_moment

G2 = "http://iptc.org/std/nar/2006-10-01/"
NITF = "http://iptc.org/std/NITF/2006-10-18/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STANDARD_VERSION = "2.35"
IPTC_CATALOG = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_38.xml"
MEDIA_TYPE = "application/vnd.iptc.g2.newsitem+xml"
MESSAGE_MEDIA_TYPE = "application/vnd.iptc.g2.newsmessage+xml"


def news_item(request, article) -> etree._Element:
    """One article as a newsItem element."""
    item = etree.Element(
        f"{{{G2}}}newsItem",
        nsmap={None: G2},
        guid=request.build_absolute_uri(article.get_absolute_url()),
        version="1",
        standard="NewsML-G2",
        standardversion=STANDARD_VERSION,
        conformance="power",
    )
    item.set(XML_LANG, "en")
    _sub(item, "catalogRef", href=IPTC_CATALOG)
    meta = _sub(item, "itemMeta")
    _sub(meta, "itemClass", qcode="ninat:text")
    _sub(meta, "provider", literal=ARCHIVE_PROVIDER)
    _sub(meta, "versionCreated", text=utc_moment(article.updated_at))
    _sub(meta, "pubStatus", qcode="stat:usable")
    content = _sub(item, "contentMeta")
    if sent := sent_moment(article):
        _sub(content, "contentCreated", text=sent)
    if article.dateline:
        located = _sub(content, "located")
        _sub(located, "name", text=article.dateline)
    if article.source:
        source = _sub(content, "infoSource", role="cRole:origin")
        _sub(source, "name", text=article.source.name)
    _sub(content, "language", tag="en")
    for subject in article.subjects.all():
        element = _sub(content, "subject", **{subject.code_kind: subject.code})
        if subject.name:
            _sub(element, "name", text=subject.name)
    _sub(content, "headline", text=article.title)
    if article.dateline:
        _sub(content, "dateline", text=article.dateline)
    if article.byline:
        _sub(content, "by", text=article.byline)
    content_set = _sub(item, "contentSet")
    inline = _sub(content_set, "inlineXML", contenttype="application/nitf+xml")
    inline.append(_nitf(article))
    return item


def news_item_response(request, article) -> HttpResponse:
    return _response(news_item(request, article), MEDIA_TYPE)


def news_message_response(request, articles) -> HttpResponse:
    """A page of articles as a newsMessage of newsItems."""
    message = etree.Element(f"{{{G2}}}newsMessage", nsmap={None: G2})
    header = _sub(message, "header")
    _sub(header, "sent", text=utc_moment(timezone.now()))
    item_set = _sub(message, "itemSet")
    for article in articles:
        item_set.append(news_item(request, article))
    return _response(message, MESSAGE_MEDIA_TYPE)


def _nitf(article) -> etree._Element:
    nitf = etree.Element(f"{{{NITF}}}nitf", nsmap={None: NITF})
    body = etree.SubElement(nitf, f"{{{NITF}}}body")
    head = etree.SubElement(body, f"{{{NITF}}}body.head")
    hedline = etree.SubElement(head, f"{{{NITF}}}hedline")
    etree.SubElement(hedline, f"{{{NITF}}}hl1").text = article.title
    if article.byline:
        etree.SubElement(head, f"{{{NITF}}}byline").text = article.byline
    if article.dateline:
        dateline = etree.SubElement(head, f"{{{NITF}}}dateline")
        etree.SubElement(dateline, f"{{{NITF}}}location").text = article.dateline
    content = etree.SubElement(body, f"{{{NITF}}}body.content")
    for paragraph in article.body.split("\n\n"):
        if paragraph.strip():
            etree.SubElement(content, f"{{{NITF}}}p").text = paragraph
    return nitf


def _sub(parent, name: str, *, text: str | None = None, **attributes):
    element = etree.SubElement(parent, f"{{{G2}}}{name}", **attributes)
    if text is not None:
        element.text = text
    return element


def _response(element, media_type: str) -> HttpResponse:
    body = etree.tostring(element, xml_declaration=True, encoding="UTF-8")
    return HttpResponse(body, content_type=f"{media_type}; charset=utf-8")
