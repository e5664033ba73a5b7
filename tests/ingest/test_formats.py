"""Agency formats in: NewsML-G2 items and messages, NewsML 1.x and NITF, read
by what a file holds; XML read safely; the IPTC's own examples and real
agency samples imported or refused with a reason. The fixtures are written
here, in the shape the standards give."""

import json
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import html

from articles.ingest.formats.xml import MAX_XML_BYTES
from articles.ingest.importer import import_paths
from articles.models import Article

pytestmark = pytest.mark.django_db

G2 = "http://iptc.org/std/nar/2006-10-01/"
NITF = "http://iptc.org/std/NITF/2006-10-18/"


def g2_item(
    *,
    guid="urn:newsml:example.org:20261207:harbour",
    version=1,
    status="usable",
    item_class="text",
    headline="Harbour board backs new ferry terminal",
    paragraphs=(
        "The harbour board approved a new ferry terminal on Tuesday, ending a "
        "two-year dispute with residents over noise.",
        "The terminal will open in 2027 and handle two million passengers a "
        "year, the board said.",
    ),
    body=None,
):
    body = body or (
        f'<inlineXML contenttype="application/nitf+xml"><nitf xmlns="{NITF}">'
        "<body><body.content>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</body.content></body></nitf></inlineXML>"
    )
    return (
        f'<newsItem xmlns="{G2}" guid="{guid}" version="{version}" '
        'standard="NewsML-G2" standardversion="2.35">'
        f'<itemMeta><itemClass qcode="ninat:{item_class}"/>'
        '<provider qcode="nprov:reuters.com"/>'
        "<versionCreated>2026-12-01T09:30:00Z</versionCreated>"
        f'<pubStatus qcode="stat:{status}"/></itemMeta>'
        "<contentMeta><contentCreated>2026-12-01T09:00:00Z</contentCreated>"
        '<located qcode="geoloc:LON"><name>London</name></located>'
        '<infoSource qcode="is:reuters"><name>Reuters</name></infoSource>'
        '<subject qcode="medtop:20000386"><name>maritime transport</name></subject>'
        f"<headline>{headline}</headline><by>Ann Example</by>"
        "<dateline>LONDON, Dec 1</dateline></contentMeta>"
        f"<contentSet>{body}</contentSet></newsItem>"
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n{text}', "utf-8")
    return path


def said(article) -> dict:
    """What a format said of an article, as the archive keeps it."""
    return {
        "key": article.import_key,
        "title": article.title,
        "byline": article.byline,
        "dateline": article.dateline,
        "published": str(article.published),
        "source": article.source.name,
    }


def test_a_newsml_g2_item_is_an_article_with_what_its_metadata_says(tmp_path):
    write(tmp_path / "harbour.xml", g2_item())
    result = import_paths(paths=[tmp_path])
    assert (result.created, result.failed) == (1, 0)
    article = Article.objects.get()
    assert said(article) == {
        "key": "urn:newsml:example.org:20261207:harbour#1",
        "title": "Harbour board backs new ferry terminal",
        "byline": "Ann Example",
        "dateline": "LONDON, Dec 1",
        "published": "2026-12-01",
        "source": "Reuters",
    }
    assert article.body.startswith("The harbour board approved")
    assert "two million passengers" in article.body


def test_a_new_version_of_an_item_is_a_new_version_of_its_story(tmp_path):
    first = write(tmp_path / "v1" / "harbour.xml", g2_item())
    write(
        tmp_path / "v2" / "harbour.xml",
        g2_item(
            version=2,
            paragraphs=(
                "The harbour board approved a new ferry terminal on Tuesday, "
                "ending a two-year dispute with residents over noise.",
                "The terminal will open in 2027 and handle two million passengers "
                "a year, the board said, adding that work starts in March.",
            ),
        ),
    )
    import_paths(paths=[tmp_path / "v1"])
    again = import_paths(paths=[first])
    assert (again.created, again.unchanged) == (0, 1)
    import_paths(paths=[tmp_path / "v2"])
    versions = list(Article.objects.order_by("import_key"))
    assert [a.import_key.rsplit("#", 1)[1] for a in versions] == ["1", "2"]
    assert versions[0].story_id == versions[1].story_id


def test_a_news_message_imports_each_item_and_skips_a_package(tmp_path):
    second = g2_item(
        guid="urn:newsml:example.org:20261207:rail",
        headline="Rail fares to rise in March",
        paragraphs=("Rail fares will rise by 3 percent in March, operators said.",),
    )
    package = (
        f'<packageItem xmlns="{G2}" guid="urn:newsml:example.org:pkg" version="1">'
        "</packageItem>"
    )
    write(
        tmp_path / "message.xml",
        f'<newsMessage xmlns="{G2}"><header><sent>2026-12-01T10:00:00Z</sent>'
        f"</header><itemSet>{g2_item()}{second}{package}</itemSet></newsMessage>",
    )
    result = import_paths(paths=[tmp_path])
    assert (result.created, result.skipped, result.failed) == (2, 1, 0)
    assert "package" in result.skips[0] and "message.xml#3" in result.skips[0]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '<inlineXML contenttype="application/xhtml+xml">'
            '<html xmlns="http://www.w3.org/1999/xhtml"><body>'
            "<p>The harbour board approved a new ferry terminal on Tuesday.</p>"
            "<p>It will open in 2027.</p></body></html></inlineXML>",
            "The harbour board approved a new ferry terminal on Tuesday.\n\n"
            "It will open in 2027.",
        ),
        (
            '<inlineData contenttype="text/plain">The harbour board approved a '
            "new ferry terminal on Tuesday.\n\nIt will open in 2027.</inlineData>",
            "The harbour board approved a new ferry terminal on Tuesday.\n\n"
            "It will open in 2027.",
        ),
    ],
)
def test_xhtml_and_plain_text_bodies_are_read_too(tmp_path, body, expected):
    write(tmp_path / "item.xml", g2_item(body=body))
    import_paths(paths=[tmp_path])
    assert Article.objects.get().body == expected


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"status": "canceled"}, "withdrawn by its provider"),
        ({"item_class": "picture"}, "picture item, not text"),
        (
            {
                "body": '<remoteContent href="http://example.org/harbour.txt" '
                'contenttype="text/plain"/>'
            },
            "its text is not in the file",
        ),
    ],
)
def test_items_without_a_story_are_skipped_with_why(tmp_path, options, reason):
    write(tmp_path / "item.xml", g2_item(**options))
    result = import_paths(paths=[tmp_path])
    assert (result.created, result.skipped, result.failed) == (0, 1, 0)
    assert reason in result.skips[0]


def test_an_nitf_document_with_its_doc_id_byline_and_dateline(tmp_path, client):
    write(
        tmp_path / "story.nitf",
        "<nitf><head><title>Ferry terminal approved</title><docdata>"
        '<doc-id id-string="EX-2026-1201-007"/>'
        '<date.issue norm="20261201T093000Z"/>'
        '<doc.copyright holder="Kyodo News"/></docdata></head><body><body.head>'
        "<hedline><hl1>Harbour board backs ferry terminal</hl1></hedline>"
        "<byline>By Ann Example, <byttl>Staff Writer</byttl></byline>"
        "<dateline><location>KOBE</location></dateline></body.head>"
        "<body.content><p>The harbour board approved a new ferry terminal on "
        'Tuesday.</p><p onclick="steal()">Residents had opposed it '
        "&lt;script&gt;alert(1)&lt;/script&gt; for two years.</p>"
        "<p>==Kyodo</p></body.content></body></nitf>",
    )
    import_paths(paths=[tmp_path])
    article = Article.objects.get()
    assert said(article) == {
        "key": "EX-2026-1201-007",
        "title": "Harbour board backs ferry terminal",
        "byline": "By Ann Example",
        "dateline": "KOBE",
        "published": "2026-12-01",
        "source": "Kyodo News",
    }
    assert "==Kyodo" not in article.body
    page = client.get(article.get_absolute_url()).content
    assert b"<script>alert(1)" not in page
    assert "<script>alert(1)</script>" in html.fromstring(page).text_content()


NEWSML_1 = """<!DOCTYPE NewsML PUBLIC "urn:newsml:iptc.org:20001006:NewsMLv1.0.dtd:1"
  "../DTD/NewsMLv1.0.dtd" [
  <!ENTITY % nitf SYSTEM "../nitf/dtd/nitf-3-0.dtd">
  %nitf;
]>
<NewsML><NewsItem><Identification><NewsIdentifier>
<ProviderId>example.org</ProviderId><DateId>20261201</DateId>
<NewsItemId>KOBE-FERRY</NewsItemId>
<RevisionId PreviousRevision="0" Update="N">1</RevisionId>
</NewsIdentifier></Identification>
<NewsManagement><FirstCreated>20261201T183000+0900</FirstCreated>
<Status FormalName="Usable"/></NewsManagement>
<NewsComponent><NewsLines><HeadLine>Kobe ferry terminal approved</HeadLine>
<DateLine>KOBE, Dec. 1</DateLine><CreditLine>Kyodo</CreditLine></NewsLines>
<ContentItem><MediaType FormalName="Text"/><DataContent><nitf><body>
<body.content><p>Kobe's harbour board approved a new ferry terminal on
Tuesday.</p><p>==Kyodo</p></body.content></body></nitf></DataContent>
</ContentItem></NewsComponent></NewsItem></NewsML>"""


def test_a_newsml_1_item_with_its_dtd_declared_is_read_without_the_dtd(tmp_path):
    write(tmp_path / "kyodo.xml", NEWSML_1)
    result = import_paths(paths=[tmp_path])
    assert (result.created, result.failed) == (1, 0)
    article = Article.objects.get()
    assert article.import_key == "example.org:20261201:KOBE-FERRY:1"
    assert article.title == "Kobe ferry terminal approved"
    assert article.source.name == "Kyodo News"
    assert article.body == (
        "Kobe's harbour board approved a new ferry terminal on Tuesday."
    )


def test_a_file_is_read_for_what_it_holds_not_for_its_name(tmp_path):
    write(tmp_path / "harbour.txt", g2_item())
    import_paths(paths=[tmp_path])
    assert Article.objects.get().title == "Harbour board backs new ferry terminal"


# --- Safety ----------------------------------------------------------------


def failure_of(tmp_path, name, raw: bytes) -> str:
    (tmp_path / name).write_bytes(raw)
    result = import_paths(paths=[tmp_path / name])
    assert (result.created, result.failed) == (0, 1), result.errors
    return result.errors[0]


def test_an_external_entity_never_reads_a_local_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    raw = (
        f'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY xxe SYSTEM "file://{secret}">'
        "]><nitf><body><body.head><hedline><hl1>Leak</hl1></hedline></body.head>"
        "<body.content><p>The value is &xxe; today.</p></body.content></body></nitf>"
    ).encode()
    error = failure_of(tmp_path, "xxe.xml", raw)
    assert "entity" in error and "TOP-SECRET-VALUE" not in error
    assert not Article.objects.filter(body__contains="TOP-SECRET").exists()


def test_the_billion_laughs_never_expand(tmp_path):
    lols = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    raw = (
        f'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY lol0 "lol">{lols}]>'
        "<nitf><body><body.content><p>&lol9;</p></body.content></body></nitf>"
    ).encode()
    started = time.monotonic()
    error = failure_of(tmp_path, "lol.xml", raw)
    assert time.monotonic() - started < 5
    assert "entity" in error


def test_a_dtd_on_the_network_is_never_fetched(tmp_path):
    raw = (
        b'<?xml version="1.0"?><!DOCTYPE nitf SYSTEM "http://192.0.2.1/nitf.dtd">'
        b"<nitf><body><body.head><hedline><hl1>Ferry terminal approved</hl1>"
        b"</hedline></body.head><body.content><p>The harbour board approved a "
        b"new ferry terminal on Tuesday.</p></body.content></body></nitf>"
    )
    (tmp_path / "dtd.xml").write_bytes(raw)
    started = time.monotonic()
    result = import_paths(paths=[tmp_path])
    assert result.created == 1 and time.monotonic() - started < 10


@pytest.mark.parametrize(
    ("name", "raw", "reason"),
    [
        ("deep.xml", b"<nitf>" + b"<p>" * 5000 + b"</p>" * 5000 + b"</nitf>", "XML"),
        ("bad.xml", b"<nitf><p>caf\xe9 \xff\xfe</p></nitf>", "not well-formed"),
        ("other.xml", b"<inventory><item/></inventory>", "formats tried"),
        (
            "page.html",
            b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
            "HTML page",
        ),
    ],
)
def test_xml_that_cannot_be_read_is_reported_and_the_rest_imports(
    tmp_path, name, raw, reason
):
    write(tmp_path / "good.xml", g2_item())
    (tmp_path / name).write_bytes(raw)
    result = import_paths(paths=[tmp_path])
    assert (result.created, result.failed) == (1, 1)
    assert name in result.errors[0] and reason in result.errors[0]


def test_a_json_document_is_read_as_json_not_as_wire_text(tmp_path):
    error = failure_of(
        tmp_path, "item.json", b'{"uri": "urn:example:1", "headline": "Ferry"}'
    )
    assert "ninjs text item with no body" in error


def test_a_file_too_large_to_be_an_item_is_refused_unread(tmp_path):
    big = tmp_path / "big.xml"
    with big.open("wb") as out:
        out.write(b"<nitf><body><body.content>")
        chunk = b"<p>" + b"x" * 1_000_000 + b"</p>"
        for _ in range(MAX_XML_BYTES // len(chunk) + 2):
            out.write(chunk)
        out.write(b"</body.content></body></nitf>")
    result = import_paths(paths=[big])
    assert result.failed == 1 and "larger than 50 MB" in result.errors[0]


def test_the_command_reports_the_failures_and_exits_non_zero(tmp_path):
    write(tmp_path / "good.xml", g2_item())
    (tmp_path / "bad.xml").write_bytes(b"<nitf><p>unclosed</nitf>")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_seeds", str(tmp_path), stdout=StringIO(), stderr=err)
    assert "bad.xml" in err.getvalue() and Article.objects.count() == 1


# --- The standards' own files, and real agency samples ----------------------


def test_the_iptc_examples_import_or_say_why_not(formats_dir):
    examples = formats_dir / "newsml-g2" / "examples"
    result = import_paths(paths=[examples])
    titles = set(Article.objects.values_list("title", flat=True))
    # The listings that carry text import; the rest say what they are.
    assert 'Fed to halt QE to avert "bubble"' in titles
    assert any(title.startswith("Preview: Arizona Diamondbacks") for title in titles)
    reasons = " ".join(result.skips + result.errors)
    for what in ("a package", "planning item", "concept item", "picture item"):
        assert what in reasons
    assert result.created >= 3 and result.total == result.created + (
        result.skipped + result.failed + result.duplicates + result.unchanged
    )


def test_the_agencies_xml_samples_import(corpora_dir):
    samples = sorted((corpora_dir / "wire-samples").rglob("*.xml"))
    if not samples:
        pytest.skip("no XML wire samples")
    result = import_paths(paths=samples)
    assert result.failed == 0, result.errors
    sources = set(Article.objects.values_list("source__name", flat=True))
    assert {"Kyodo News", "AFP", "Associated Press", "Reuters"} <= sources


# --- ninjs -------------------------------------------------------------------


def ninjs_2(uri="http://example.org/items/harbour", version="1", **extra):
    return {
        "uri": uri,
        "version": version,
        "type": "text",
        "versioncreated": "2026-12-01T09:30:00Z",
        "headlines": [
            {"role": "sub", "value": "Residents lose two-year fight"},
            {"role": "main", "value": "Harbour board backs ferry terminal"},
        ],
        "by": "Ann Example",
        "located": "Kobe, Japan",
        "subjects": [{"code": "medtop:20000386", "name": "maritime transport"}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": "<p>KOBE, Japan (AP) — The harbour board approved a new "
                "ferry terminal on Tuesday.</p><script>steal()</script>"
                "<p>It will open in 2027, the board said.</p>",
            }
        ],
        **extra,
    }


def write_json(path: Path, value) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value), "utf-8")
    return path


def test_a_ninjs_2_item_is_an_article(tmp_path):
    write_json(tmp_path / "harbour.json", ninjs_2())
    result = import_paths(paths=[tmp_path])
    assert (result.created, result.failed) == (1, 0)
    article = Article.objects.get()
    assert said(article) == {
        "key": "http://example.org/items/harbour#1",
        "title": "Harbour board backs ferry terminal",
        "byline": "Ann Example",
        "dateline": "Kobe, Japan",
        "published": "2026-12-01",
        "source": "Associated Press",
    }
    assert article.body == (
        "The harbour board approved a new ferry terminal on Tuesday.\n\n"
        "It will open in 2027, the board said."
    )


def test_ninjs_1_and_3_items_an_array_and_json_lines(tmp_path):
    one = {
        "uri": "http://example.org/items/rail",
        "type": "text",
        "headline": "Rail fares to rise in March",
        "byline": "Bo Sample",
        "versioncreated": "2026-11-30T08:00:00Z",
        "body_text": "Rail fares will rise by 3 percent in March, operators "
        "said on Monday.\n\nUnions called the rise unfair.",
    }
    three = {
        "uri": "http://example.org/items/bridge",
        "type": "text",
        "versionCreated": "2026-11-29T08:00:00Z",
        "headlines": [{"role": "main", "value": "Bridge to close for repairs"}],
        "bodies": [
            {
                "role": "main",
                "contentType": "text/plain",
                "value": "The old bridge will close for six weeks from January "
                "for repairs, the city said.",
            }
        ],
    }
    write_json(tmp_path / "array.json", [one, three])
    (tmp_path / "feed.jsonl").write_text(
        json.dumps(ninjs_2(uri="http://example.org/items/port")) + "\n", "utf-8"
    )
    result = import_paths(paths=[tmp_path])
    assert (result.created, result.failed) == (3, 0), result.errors
    titles = dict(Article.objects.values_list("import_key", "title"))
    assert titles == {
        "http://example.org/items/rail": "Rail fares to rise in March",
        "http://example.org/items/bridge": "Bridge to close for repairs",
        "http://example.org/items/port#1": "Harbour board backs ferry terminal",
    }


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ({"type": "picture"}, "picture item, not text"),
        ({"pubstatus": "canceled"}, "withdrawn by its provider"),
    ],
)
def test_ninjs_items_without_a_story_are_skipped(tmp_path, extra, reason):
    write_json(tmp_path / "item.json", ninjs_2(**extra))
    result = import_paths(paths=[tmp_path])
    assert (result.created, result.skipped) == (0, 1)
    assert reason in result.skips[0]


def test_a_json_document_that_is_not_ninjs_says_so(tmp_path):
    error = failure_of(tmp_path, "stock.json", b'{"items": [1, 2, 3]}')
    assert "not ninjs" in error and "formats tried" in error


def test_the_iptc_ninjs_examples_import_or_say_why_not(formats_dir):
    result = import_paths(paths=[formats_dir / "ninjs" / "examples"])
    titles = set(Article.objects.values_list("title", flat=True))
    assert "Captain of wrecked cruise ship on trial in Italy" in titles
    assert any("Dell" in title for title in titles)  # a real Business Wire item
    assert "picture item" in " ".join(result.skips)
    # The examples of each version share their uris: the later ones update,
    # repeat or duplicate the first.
    assert result.created >= 5 and result.created + result.updated >= 10


# --- RSS and Atom -------------------------------------------------------------

RSS = """<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour Gazette</title><link>https://gazette.example.org/</link>
<item><title>Harbour board backs ferry terminal</title>
<link>https://gazette.example.org/2026/12/ferry</link>
<guid>https://gazette.example.org/?p=101</guid>
<author>ann@example.org (Ann Example)</author>
<pubDate>Tue, 01 Dec 2026 09:30:00 GMT</pubDate>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>The harbour board approved a new ferry
terminal on Tuesday.</p><p onclick="x()">It will open in 2027.</p>
<script>steal()</script>]]></content:encoded></item>
<item><title>Rail fares to rise</title><guid>https://gazette.example.org/?p=102</guid>
<pubDate>Mon, 30 Nov 2026 08:00:00 GMT</pubDate>
<description>&lt;p&gt;Rail fares will rise by 3 percent in March, operators
said.&lt;/p&gt;</description></item>
<item><title>Photo of the day</title><guid>https://gazette.example.org/?p=103</guid>
</item>
</channel></rss>"""

ATOM = """<feed xmlns="http://www.w3.org/2005/Atom"><title>Port News</title>
<id>urn:example:port</id><updated>2026-12-01T10:00:00Z</updated>
<entry><title>Bridge to close for repairs</title><id>urn:example:port:7</id>
<updated>2026-12-01T10:00:00Z</updated><author><name>Bo Sample</name></author>
<link href="https://port.example.org/bridge"/>
<content type="html">&lt;p&gt;The old bridge will close for six weeks from
January for repairs, the city said.&lt;/p&gt;</content></entry></feed>"""


def test_an_rss_feed_imports_each_entry_and_reports_one_without_text(tmp_path):
    write(tmp_path / "gazette.xml", RSS)
    result = import_paths(paths=[tmp_path])
    assert (result.created, result.failed) == (2, 1)
    assert "p=103" not in result.errors[0] and "#3" in result.errors[0]
    ferry = Article.objects.get(import_key="https://gazette.example.org/?p=101")
    assert ferry.title == "Harbour board backs ferry terminal"
    assert ferry.body == (
        "The harbour board approved a new ferry terminal on Tuesday.\n\n"
        "It will open in 2027."
    )
    assert ferry.url == "https://gazette.example.org/2026/12/ferry"
    assert str(ferry.published) == "2026-12-01"
    assert ferry.source.name == "Harbour Gazette"
    assert ferry.byline == "Ann Example"
    rail = Article.objects.get(import_key="https://gazette.example.org/?p=102")
    assert rail.body.startswith("Rail fares will rise by 3 percent")


def test_an_atom_feed_imports_its_entries(tmp_path):
    write(tmp_path / "port.xml", ATOM)
    result = import_paths(paths=[tmp_path])
    assert result.created == 1
    article = Article.objects.get()
    assert (article.import_key, article.byline, article.url) == (
        "urn:example:port:7",
        "Bo Sample",
        "https://port.example.org/bridge",
    )
    again = import_paths(paths=[tmp_path])
    assert (again.created, again.unchanged) == (0, 1)


# --- ANPA-1312 and IPTC 7901 streams --------------------------------------------

SYN_SOH, STX, ETX = b"\x16\x16\x01", b"\x02", b"\x03"


def stream(slug: str, text: str) -> bytes:
    """A transmission as AP sends it: control characters, the selector and
    slug lines, the text with tab-indented paragraphs, an end code."""
    return (
        SYN_SOH
        + b"W2595\x1fasian\r\nu i\x14\x12 "
        + slug.encode()
        + b"     12-01 0412\r\n"
        + STX
        + text.replace("\n", "\r\n").encode("cp1252")
        + b"\r\nAP-WF-12-01-26 0930GMT\r\n"
        + ETX
    )


def test_a_stream_story_imports_and_its_tables_and_digests_are_skipped(tmp_path):
    (tmp_path / "ferry.tst").write_bytes(
        stream(
            "BC-Harbour-Ferry",
            "BC-Harbour-Ferry,0412<\nHarbour board backs ferry terminal<\n"
            "By ANN EXAMPLE=\nAssociated Press=\n"
            "\t   KOBE, Japan (AP) _ The harbour board approved a new ferry "
            "terminal on Tuesday, ending a two-year dispute with residents.\n"
            "\t   The terminal will open in 2027, the board said.\n",
        )
    )
    (tmp_path / "standings.tst").write_bytes(
        stream(
            "BC-BBA--Standings",
            "BC-BBA--Standings,0099<\nHarbour League Standings<\n"
            "\t   ;W;L;Pct;GB\n\t   Kobe;91;71;.562;_\n\t   Osaka;88;74;.543;3\n"
            "\t   Nara;80;82;.494;11\n\t   Kyoto;72;90;.444;19\n",
        )
    )
    (tmp_path / "digest.tst").write_bytes(
        stream(
            "AP-Top-Harbour-Headlines",
            "AP-Top-Harbour-Headlines,0120<\n^Ferry terminal approved in Kobe\n"
            "^Rail fares to rise in March\n^Bridge to close for repairs\n",
        )
    )
    result = import_paths(paths=[tmp_path])
    assert (result.created, result.skipped, result.failed) == (1, 2, 0)
    article = Article.objects.get()
    assert article.title == "Harbour board backs ferry terminal"
    assert article.dateline.startswith("KOBE")
    reasons = " ".join(result.skips)
    assert "agate table" in reasons and "digest" in reasons


def test_a_table_outside_a_stream_is_still_an_article(tmp_path):
    # Results briefs in a corpus are news there; only a stream's agate is not.
    (tmp_path / "results.txt").write_text(
        "Harbour League results\n\nKobe 3 Osaka 1\n\nNara 0 Kyoto 2\n\n"
        "Sakai 1 Himeji 1\n"
    )
    assert import_paths(paths=[tmp_path]).created == 1


def test_every_agency_sample_imports_or_is_skipped_with_why(corpora_dir):
    samples = corpora_dir / "wire-samples"
    result = import_paths(paths=[samples])
    assert result.failed == 0, result.errors
    assert result.created >= 17
    reasons = " ".join(result.skips)
    for what in ("agate table", "digest", "service message", "withdrawn"):
        assert what in reasons


# --- Web pages -------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour board backs ferry terminal | Harbour Gazette</title>
<link rel="canonical" href="https://gazette.example.org/2026/12/01/ferry">
<meta property="og:site_name" content="Harbour Gazette">
<script type="application/ld+json">{"@context": "https://schema.org",
"@type": "NewsArticle", "headline": "Harbour board backs ferry terminal",
"datePublished": "2026-12-01T09:30:00Z",
"author": {"@type": "Person", "name": "Ann Example"}}</script>
<style>p { color: red }</style><script>track("page")</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Harbour board backs ferry terminal</h1>
<p>KOBE, Japan — The harbour board approved a new ferry terminal on Tuesday,
ending a two-year dispute with residents over noise.</p>
<p onmouseover="steal()">The terminal will open in 2027 and handle up to two
million passengers a year, the board said in a statement.</p>
<script>document.write("injected")</script>
<p>Residents said they would keep watching the noise once ferries run.</p>
</article><aside>Most read: Rail fares to rise</aside>
<footer>Harbour Gazette, all rights reserved</footer></body></html>"""


def test_a_saved_web_page_is_its_article_and_its_metadata(tmp_path):
    (tmp_path / "ferry.html").write_text(PAGE, "utf-8")
    result = import_paths(paths=[tmp_path])
    assert (result.created, result.failed) == (1, 0), result.errors
    article = Article.objects.get()
    assert said(article) == {
        "key": "https://gazette.example.org/2026/12/01/ferry",
        "title": "Harbour board backs ferry terminal",
        "byline": "Ann Example",
        "dateline": "KOBE, Japan",
        "published": "2026-12-01",
        "source": "Harbour Gazette",
    }
    assert article.body.startswith("The harbour board approved")
    assert "two million passengers" in article.body
    for chrome in ("Home", "Most read", "all rights reserved", "track(", "injected"):
        assert chrome not in article.body


# --- Subjects ------------------------------------------------------------------------


def test_subjects_of_a_feed_are_browsable(tmp_path, client):
    from articles.models import Subject

    write(tmp_path / "harbour.xml", g2_item())
    write_json(
        tmp_path / "port.json",
        ninjs_2(
            uri="http://example.org/items/port",
            headlines=[{"role": "main", "value": "Port to add second ferry berth"}],
        ),
    )
    import_paths(paths=[tmp_path])
    subject = Subject.objects.get()
    assert (subject.code, subject.name) == ("medtop:20000386", "maritime transport")
    assert subject.articles.count() == 2
    page = html.fromstring(client.get(subject.get_absolute_url()).content)
    titles = {
        a.text_content().strip() for a in page.cssselect(".article-item__title a")
    }
    assert titles == {
        "Harbour board backs new ferry terminal",
        "Port to add second ferry berth",
    }
    search = html.fromstring(client.get(reverse("articles:search")).content)
    (section,) = [
        s for s in search.cssselect(".facet") if s.findtext("h3") == "Subject"
    ]
    link = section.cssselect("li a")[0]
    assert (link.text, link.getnext().text) == ("maritime transport", "2")
    narrowed = client.get(reverse("articles:search") + link.get("href")).content
    narrowed = narrowed.decode()
    assert "filed under maritime transport" in narrowed
    listing = client.get(reverse("articles:subjects")).content.decode()
    assert "medtop:20000386" in listing


def test_an_editors_subjects_survive_a_reimport(tmp_path, admin_client):
    from articles.models import Subject

    path = write(tmp_path / "harbour.xml", g2_item())
    import_paths(paths=[path])
    article = Article.objects.get()
    other = Subject.objects.create(code="medtop:04000000", name="economy")
    form = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert form.status_code == 200
    article.subjects.set([other])
    from articles import corrections

    corrections.record_corrections(article, ["subjects"])
    article.save()
    write(path, g2_item(headline="Harbour board backs ferry terminal again"))
    import_paths(paths=[path])
    article.refresh_from_db()
    assert list(article.subjects.all()) == [other]


# --- Progress -----------------------------------------------------------------------


class Terminal(StringIO):
    def isatty(self):
        return True


def three_items(folder: Path) -> None:
    """Three NewsML-G2 items, a file each: what a progress bar counts."""
    for number in range(3):
        item = g2_item(
            guid=f"urn:example:{number}",
            paragraphs=(f"Ferry number {number} entered service on Tuesday.",),
        )
        write(folder / f"item-{number}.xml", item)


def test_a_terminal_gets_a_progress_bar_and_a_log_gets_lines(tmp_path):
    three_items(tmp_path)
    terminal = Terminal()
    call_command("import_seeds", str(tmp_path), stdout=StringIO(), stderr=terminal)
    shown = terminal.getvalue().split("\r")[-1]
    assert "Importing: 100%" in shown and "3 items: 3 created, 0 failed" in shown
    log = StringIO()
    call_command("import_seeds", str(tmp_path), stdout=StringIO(), stderr=log)
    assert "Importing" not in log.getvalue() and "%" not in log.getvalue()


@pytest.mark.parametrize(
    ("command", "options", "shown"),
    [
        ("extract_entities", ["--all"], "Extracting: 100%"),
        ("group_stories", ["--all"], "Grouping: 100%"),
    ],
)
def test_the_other_long_commands_show_a_bar_too(tmp_path, command, options, shown):
    three_items(tmp_path)
    import_paths(paths=[tmp_path])
    terminal = Terminal()
    call_command(command, *options, stdout=StringIO(), stderr=terminal)
    last = terminal.getvalue().split("\r")[-1]
    assert shown in last and "3/3" in last
    log = StringIO()
    call_command(command, *options, stdout=StringIO(), stderr=log)
    assert "%" not in log.getvalue()
