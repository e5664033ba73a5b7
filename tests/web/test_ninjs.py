"""Articles and searches as ninjs 2.2, validated against the IPTC's own
schema as a consumer would, and imported back into an empty archive."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator

from articles.ingest.importer import import_paths
from articles.ingest.writing import set_subjects
from articles.models import Article, Subject
from tests.conftest import FORMATS_DIR

pytestmark = pytest.mark.django_db

STORIES = {
    "kobe.txt": (
        "Title: Harbour board backs ferry terminal\nDate: 2026-12-01\n"
        "Byline: Ann Example\n\nKOBE, Japan, Dec. 1 (Kyodo) -- The harbour "
        "board approved a new ferry terminal on Tuesday, ending a two-year "
        "dispute with residents over noise.\n\nPhoto taken on Nov. 30 shows "
        "the ferry pier in Kobe. (Kyodo)\n\nThe terminal will open in 2027, "
        "Taro Sato of the board said.\n\n==Kyodo\n"
    ),
    "rail.txt": (
        "Rail fares to rise in March\n\nLONDON, Nov 30 (Reuters) - Rail fares "
        "in Britain will rise by 3 percent in March, operators said on "
        "Monday, the smallest rise in five years.\n\n(Reporting by Bo Sample; "
        "Editing by Cy Doe)\n"
    ),
}


# A story with markup in its headline and text, which every format must
# carry as text.
MARKUP = {
    "markup.txt": "Ferry <b>tolls</b> & fares\n\nKOBE, Japan, Dec. 2 (Kyodo) "
    "-- Tolls on the <script>new</script> ferry will be 300 yen & fares "
    "stay the same, the board said on Wednesday.\n",
}


# Subjects as feeds code them: an IPTC Media Topic qcode, a NewsML 1.x
# subject code with no scheme, and an address.
SUBJECTS = [
    ("medtop:20000386", "maritime transport"),
    ("04000000", "economy, business and finance"),
    ("https://vocab.example.org/topics/ports", "ports"),
]


def imported(folder: Path, stories: dict):
    """The archive after importing `stories` ({file name: text}), the first
    filed under SUBJECTS as a feed would have."""
    for name, text in stories.items():
        (folder / name).write_text(text)
    import_paths(paths=[folder])
    first = Article.objects.get(source_file__endswith=next(iter(stories)))
    set_subjects([(first, SUBJECTS)])
    return Article.objects.order_by("title")


def kept() -> list[tuple]:
    """What an export must carry for an import to give the same articles."""
    return sorted(
        (
            a.title,
            a.body,
            a.published,
            a.source.name,
            a.byline,
            a.dateline,
            sorted(a.subjects.values_list("code", "name")),
        )
        for a in Article.objects.select_related("source")
    )


def imports_back(export: bytes, folder: Path, name: str) -> None:
    """Empty the archive, import `export` and check the same articles came."""
    before = kept()
    (folder / name).write_bytes(export)
    Article.objects.all().delete()
    Subject.objects.all().delete()
    result = import_paths(paths=[folder])
    assert (result.created, result.failed) == (len(before), 0), result.errors
    assert kept() == before


@pytest.fixture
def archive(tmp_path):
    return imported(tmp_path, {**STORIES, **MARKUP})


@pytest.fixture
def validator():
    schema = FORMATS_DIR / "ninjs" / "schema" / "ninjs-schema_2.2.json"
    if not schema.is_file():
        pytest.skip(f"the IPTC's ninjs schema is not at {schema}")
    return Draft202012Validator(
        json.loads(schema.read_text()),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def errors_of(validator, item) -> list[str]:
    return [error.message for error in validator.iter_errors(item)]


def test_an_article_as_ninjs_is_valid_and_says_what_the_archive_knows(
    client, archive, validator
):
    article = archive.get(title="Harbour board backs ferry terminal")
    response = client.get(article.get_absolute_url(), {"format": "ninjs"})
    assert response["Content-Type"].startswith("application/json")
    item = json.loads(response.content)
    assert errors_of(validator, item) == []
    assert item["uri"] == f"http://testserver{article.get_absolute_url()}"
    assert item["headlines"] == [
        {"role": "main", "value": "Harbour board backs ferry terminal"}
    ]
    assert item["by"] == "Ann Example"
    assert item["located"].startswith("KOBE")
    assert item["contentcreated"] == "2026-12-01T00:00:00Z"
    assert item["infosources"] == [{"name": "Kyodo News", "role": "origin"}]
    assert item["bodies"][0]["value"] == article.body
    assert item["descriptions"][0]["role"] == "caption"
    assert "Taro Sato" in {person["name"] for person in item.get("people", [])}
    assert [(s.get("literal") or s["uri"], s["name"]) for s in item["subjects"]] == [
        (code, name) for code, name in sorted(SUBJECTS, key=lambda s: s[1])
    ]


def test_a_search_as_ninjs_is_an_array_of_valid_items(client, archive, validator):
    response = client.get(reverse("articles:search"), {"q": "", "format": "ninjs"})
    items = json.loads(response.content)
    assert sorted(item["headlines"][0]["value"] for item in items) == [
        "Ferry <b>tolls</b> & fares",
        "Harbour board backs ferry terminal",
        "Rail fares to rise in March",
    ]
    for item in items:
        assert errors_of(validator, item) == []


def test_exported_ninjs_imports_back_into_an_empty_archive(client, archive, tmp_path):
    export = client.get(reverse("articles:search"), {"format": "ninjs"}).content
    (tmp_path / "export").mkdir()
    imports_back(export, tmp_path / "export", "archive.json")
