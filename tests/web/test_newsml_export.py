"""Articles and searches as NewsML-G2 news items with NITF bodies, valid
against the IPTC's NewsML-G2 2.35 schema, and imported back the same."""

import pytest
from django.urls import reverse
from lxml import etree

from tests.conftest import FORMATS_DIR
from tests.web.test_ninjs import MARKUP, STORIES, SUBJECTS, imported, imports_back

pytestmark = pytest.mark.django_db

G2 = "{http://iptc.org/std/nar/2006-10-01/}"
NITF = "{http://iptc.org/std/NITF/2006-10-18/}"


@pytest.fixture
def archive(tmp_path):
    return imported(tmp_path, {**STORIES, **MARKUP})


@pytest.fixture
def schema():
    path = FORMATS_DIR / "newsml-g2" / "schema" / "NewsML-G2_2.35-spec-All-Power.xsd"
    if not path.is_file():
        pytest.skip(f"the IPTC's NewsML-G2 schema is not at {path}")
    return etree.XMLSchema(etree.parse(str(path)))


def valid(schema, content: bytes) -> etree._Element:
    document = etree.fromstring(content)
    assert schema.validate(document), [str(e) for e in schema.error_log][:5]
    return document


def test_an_article_is_a_valid_news_item_with_an_nitf_body(client, archive, schema):
    article = archive.get(title="Harbour board backs ferry terminal")
    response = client.get(article.get_absolute_url(), {"format": "newsml"})
    assert response["Content-Type"].startswith("application/vnd.iptc.g2.newsitem+xml")
    item = valid(schema, response.content)
    assert item.get("guid") == f"http://testserver{article.get_absolute_url()}"
    assert item.findtext(f"{G2}contentMeta/{G2}headline") == article.title
    assert item.findtext(f"{G2}contentMeta/{G2}by") == "Ann Example"
    created = item.findtext(f"{G2}contentMeta/{G2}contentCreated")
    assert created == "2026-12-01T00:00:00Z"
    source = item.findtext(f"{G2}contentMeta/{G2}infoSource/{G2}name")
    assert source == "Kyodo News"
    paragraphs = item.findall(f".//{NITF}body.content/{NITF}p")
    assert "\n\n".join(p.text for p in paragraphs) == article.body
    subjects = item.findall(f"{G2}contentMeta/{G2}subject")
    assert {
        (s.get("qcode") or s.get("literal") or s.get("uri"), s.findtext(f"{G2}name"))
        for s in subjects
    } == set(SUBJECTS)
    assert "medtop:20000386" in {s.get("qcode") for s in subjects}


def test_markup_in_the_text_is_text_in_the_xml(client, archive, schema):
    article = archive.get(title__startswith="Ferry")
    content = client.get(article.get_absolute_url(), {"format": "newsml"}).content
    item = valid(schema, content)
    assert b"<script>" not in content and b"&lt;script&gt;" in content
    assert item.findtext(f"{G2}contentMeta/{G2}headline") == article.title


def test_a_search_is_a_news_message_that_imports_back_the_same(
    client, archive, schema, tmp_path
):
    content = client.get(reverse("articles:search"), {"format": "newsml"}).content
    message = etree.fromstring(content)
    items = message.findall(f"{G2}itemSet/{G2}newsItem")
    assert len(items) == 3
    for item in items:
        valid(schema, etree.tostring(item))
    (tmp_path / "export").mkdir()
    imports_back(content, tmp_path / "export", "message.xml")
