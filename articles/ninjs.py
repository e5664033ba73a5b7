"""Articles as ninjs 2.2, the IPTC's news in JSON: one article, or one page
of a search as an array. Each item says what the archive knows: its address
as the uri, headline, byline, dateline (located), the source (infosources,
copyrightholder), the dates, the body as plain text with its paragraphs
separated by blank lines, photo captions as descriptions, the subjects its
feed filed it under, and the people, organisations and places it names,
each with the address of its page.

The dates are when the story was sent (contentcreated and versioncreated);
a date without a time (most wire copy) is given as midnight UTC of that day,
as ninjs wants a date-time there, and an undated story has neither."""

import datetime

from django.http import JsonResponse

from .models import EntityKind

NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"
MEDIA_TYPE = "application/json"
_ENTITY_FIELDS = {
    EntityKind.PERSON: "people",
    EntityKind.ORGANISATION: "organisations",
    EntityKind.PLACE: "places",
}


def ninjs_item(request, article, mentions=None) -> dict:
    """One article as a ninjs 2.2 object; `mentions` (with their entities)
    adds the people, organisations and places it names."""
    absolute = request.build_absolute_uri
    item = {
        "uri": absolute(article.get_absolute_url()),
        "standard": {"name": "ninjs", "version": "2.2", "schema": NINJS_SCHEMA},
        "type": "text",
        "pubstatus": "usable",
        "language": "en",
        "headlines": [{"role": "main", "value": article.title}],
        "bodies": [
            {"role": "main", "contenttype": "text/plain", "value": article.body}
        ],
    }
    if published := sent_moment(article):
        # When the story was sent: no date at all for an undated one, not
        # the day it came into the archive.
        item["contentcreated"] = item["versioncreated"] = published
    if article.byline:
        item["by"] = article.byline
    if article.dateline:
        item["located"] = article.dateline
    if article.source:
        item["copyrightholder"] = article.source.name
        item["infosources"] = [{"name": article.source.name, "role": "origin"}]
    if article.version:
        item["ednote"] = f"Version: {article.version}"
    if article.url:
        item["altids"] = [{"role": "original", "value": article.url}]
    if subjects := list(article.subjects.all()):
        # ninjs 2.2 has no qcode: a code that is not an address is a literal.
        item["subjects"] = [
            {
                "name": subject.name or subject.code,
                ("uri" if subject.code_kind == "uri" else "literal"): subject.code,
            }
            for subject in subjects
        ]
    if captions := article.caption_list:
        item["descriptions"] = [{"role": "caption", "value": c} for c in captions]
    for mention in mentions or []:
        entity = mention.entity
        field = _ENTITY_FIELDS.get(entity.kind)
        if field and not entity.hidden:
            item.setdefault(field, []).append(
                {
                    "name": entity.name,
                    "rel": "mentions",
                    "uri": absolute(entity.get_absolute_url()),
                }
            )
    return item


def ninjs_response(value) -> JsonResponse:
    return JsonResponse(
        value,
        safe=False,
        content_type=MEDIA_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def utc_moment(value: datetime.datetime) -> str:
    """A moment as ISO 8601 in UTC, as both ninjs and NewsML-G2 write it."""
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def sent_moment(article) -> str:
    """When a story was sent, as ISO 8601 in UTC: midnight of the day when
    only the day is known, "" when undated."""
    if article.published_at:
        return utc_moment(article.published_at)
    if article.published:
        return f"{article.published.isoformat()}T00:00:00Z"
    return ""
