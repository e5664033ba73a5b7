import gzip
import json
import lzma
import shutil
import tarfile
from io import StringIO
from itertools import islice

import pytest
from django.core.management import CommandError, call_command

from articles.ingest.importer import import_paths
from articles.models import Article, Entity, EntityKind, Mention, Source
from articles.search import get_search_backend, parse_query
from tests.conftest import SEED_PLACES

pytestmark = pytest.mark.django_db

STORY = """LONDON (Reuters) - The city's harbour board approved a new ferry terminal on
Tuesday, ending a two-year dispute with residents over noise.

The terminal will open in 2026 and handle up to two million passengers a year,
the board said in a statement.

(Reporting by Ann Example; Editing by Bob Sample)
"""


def run_import(*paths, **options):
    out, err = StringIO(), StringIO()
    call_command("import_seeds", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def write(path, text, encoding="utf-8"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding)
    return path


def test_importing_the_seed_creates_the_kyodo_article_with_its_places(seed_dir):
    out, _ = run_import(seed_dir)

    assert "1 created" in out
    article = Article.objects.get()
    assert article.source.name == "Kyodo News"
    assert article.dateline == "TOKYO"
    assert article.import_key == "000_4cc5cf96edb96563.txt"
    assert article.body.startswith("A group of 14 North Korean defectors")
    assert "==Kyodo" not in article.body
    assert article.captions.startswith("Photo taken on Nov. 20")
    assert "Photo taken" not in article.body
    places = set(
        Entity.objects.filter(
            kind=EntityKind.PLACE, mentions__article=article
        ).values_list("name", flat=True)
    )
    assert SEED_PLACES <= places


def test_seed_article_is_found_by_search(seed_dir):
    run_import(seed_dir)
    backend = get_search_backend()
    hits = backend.search(
        Article.objects.all(), parse_query('"north korean" defectors yunnan')
    )
    assert [a.import_key for a in hits] == ["000_4cc5cf96edb96563.txt"]


def test_import_without_paths_reads_the_seeds_folder():
    out, _ = run_import()
    assert "1 created" in out
    assert Article.objects.count() == 1


def test_reimporting_same_file_changes_nothing(tmp_path):
    write(tmp_path / "story.txt", STORY)
    run_import(tmp_path)
    before = Article.objects.get()

    out, _ = run_import(tmp_path)

    assert "0 created, 0 updated, 1 unchanged" in out
    after = Article.objects.get()
    assert after.updated_at == before.updated_at


def test_changed_file_updates_its_article_in_place(tmp_path):
    path = write(tmp_path / "story.txt", STORY)
    run_import(tmp_path)
    before = Article.objects.get()

    write(path, STORY.replace("two million", "three million"))
    out, _ = run_import(tmp_path)

    assert "1 updated" in out
    after = Article.objects.get()
    assert after.pk == before.pk
    assert after.get_absolute_url() == before.get_absolute_url()
    assert "three million" in after.body


def test_same_text_under_another_name_is_a_duplicate(tmp_path):
    write(tmp_path / "a.txt", STORY)
    write(tmp_path / "copy" / "b.txt", STORY.replace("\n", "\r\n"))

    out, _ = run_import(tmp_path)

    assert "1 created" in out and "1 duplicates" in out
    assert Article.objects.count() == 1


def test_same_name_in_different_folders_are_different_articles(tmp_path):
    write(tmp_path / "business" / "001.txt", STORY)
    write(tmp_path / "sport" / "001.txt", STORY.replace("ferry", "hovercraft"))

    run_import(tmp_path)

    assert set(Article.objects.values_list("import_key", flat=True)) == {
        "business/001.txt",
        "sport/001.txt",
    }


def test_two_folders_with_a_file_of_the_same_name_replace_nothing(tmp_path):
    # Given as two paths, each folder's 001.txt would be "001.txt": the
    # second is refused with the reason, and the first stays as it was.
    write(tmp_path / "kyodo" / "001.txt", STORY)
    write(tmp_path / "ours" / "001.txt", STORY.replace("ferry", "hovercraft"))

    result = import_paths(paths=[tmp_path / "kyodo", tmp_path / "ours"], extract=False)

    assert (result.created, result.updated, result.failed) == (1, 0, 1)
    assert "ours/001.txt: not imported" in result.errors[0]
    assert 'import key "001.txt" is that of' in result.errors[0]
    assert "ferry" in Article.objects.get(import_key="001.txt").body


def test_broken_files_are_reported_and_skipped_while_the_rest_imports(tmp_path):
    write(tmp_path / "good.txt", STORY)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)

    with pytest.raises(CommandError, match="2 item"):
        run_import(tmp_path)

    assert Article.objects.count() == 1
    result = import_paths(paths=[tmp_path], extract=False)
    assert result.failed == 2
    assert any("empty.txt" in e for e in result.errors)
    assert any("binary.txt" in e for e in result.errors)


def test_missing_path_is_reported(tmp_path):
    result = import_paths(paths=[tmp_path / "nowhere"], extract=False)
    assert result.failed == 1
    assert "no such file" in result.errors[0]


def test_windows_1252_file_is_read_not_refused(tmp_path):
    text = STORY.replace("residents", "caf\u00e9 owners \u201cresidents\u201d")
    write(tmp_path / "cp1252.txt", text, encoding="cp1252")

    run_import(tmp_path, no_entities=True)

    assert "caf\u00e9 owners \u201cresidents\u201d" in Article.objects.get().body


def test_dry_run_writes_nothing(tmp_path):
    write(tmp_path / "story.txt", STORY)

    out, _ = run_import(tmp_path, dry_run=True)

    assert "1 created" in out and "Dry run" in out
    assert Article.objects.count() == 0


def test_credits_are_kept_as_metadata(tmp_path):
    write(tmp_path / "story.txt", STORY)
    run_import(tmp_path, no_entities=True)
    article = Article.objects.get()
    assert "Ann Example" in article.credits
    assert "Reporting by" not in article.body
    assert article.source.name == "Reuters"


def test_editor_corrections_survive_reimport(tmp_path):
    path = write(tmp_path / "story.txt", STORY)
    run_import(tmp_path)
    article = Article.objects.get()
    corrected_source = Source.objects.create(name="Reuters Breakingviews")
    article.title = "Harbour board backs ferry terminal"
    article.source = corrected_source
    article.edited_fields = ["source", "title"]
    article.save()

    write(path, STORY.replace("two million", "three million"))
    run_import(tmp_path)

    article.refresh_from_db()
    assert article.title == "Harbour board backs ferry terminal"
    assert article.source == corrected_source
    assert "three million" in article.body


def test_editor_entity_changes_survive_reimport(tmp_path):
    path = write(tmp_path / "story.txt", STORY)
    run_import(tmp_path)
    article = Article.objects.get()
    article.mentions.all().delete()
    article.edited_fields = ["entities"]
    article.save()

    write(path, STORY.replace("two million", "three million"))
    run_import(tmp_path)

    assert not Mention.objects.filter(article=article).exists()


def test_reimport_replaces_mentions_without_duplicates(tmp_path):
    path = write(tmp_path / "story.txt", STORY)
    run_import(tmp_path)
    first = Mention.objects.count()
    write(path, STORY.replace("Tuesday", "Wednesday"))
    run_import(tmp_path)
    assert Mention.objects.count() == first
    assert Entity.objects.filter(name="London").count() <= 1


def test_no_entities_option_skips_extraction(tmp_path):
    write(tmp_path / "story.txt", STORY)
    run_import(tmp_path, no_entities=True)
    assert Article.objects.count() == 1
    assert Mention.objects.count() == 0


# --- JSON Lines -----------------------------------------------------------------------


def record(**fields):
    base = {
        "id": "wire-1",
        "title": "Harbour board backs terminal",
        "body": "The harbour board approved a ferry terminal.\n\nIt opens next year.",
        "source": "Reuters",
        "date": "2021-03-04",
        "dateline": "LONDON",
        "byline": "Ann Example",
        "url": "https://example.com/wire-1",
    }
    base.update(fields)
    return base


def jsonl(records):
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_jsonl_records_are_imported_with_their_fields(tmp_path):
    write(
        tmp_path / "feed.jsonl", jsonl([record(), record(id="wire-2", title="Second")])
    )

    out, _ = run_import(tmp_path / "feed.jsonl", no_entities=True)

    assert "2 created" in out
    article = Article.objects.get(import_key="wire-1")
    assert article.title == "Harbour board backs terminal"
    assert str(article.published) == "2021-03-04"
    assert article.source.name == "Reuters"
    assert article.byline == "Ann Example"
    assert article.url == "https://example.com/wire-1"
    assert article.paragraphs == [
        "The harbour board approved a ferry terminal.",
        "It opens next year.",
    ]


@pytest.mark.parametrize(
    "suffix,opener", [(".jsonl.gz", gzip.open), (".jsonl.xz", lzma.open)]
)
def test_compressed_jsonl_is_read(tmp_path, suffix, opener):
    with opener(tmp_path / f"feed{suffix}", "wt", encoding="utf-8") as fh:
        fh.write(jsonl([record()]))
    run_import(tmp_path, no_entities=True)
    assert Article.objects.filter(import_key="wire-1").exists()


def test_bad_jsonl_records_are_reported_and_the_rest_imports(tmp_path):
    lines = [
        record(),
        "{not json",
        "[1, 2]",
        record(id=None),
        record(id="wire-3", body=42),
        record(id="wire-4", title=["list"]),
        record(id="wire-5", body=""),
        record(id="wire-6", title="Sixth", date="the thirty-second of Nevuary"),
    ]
    write(tmp_path / "feed.jsonl", jsonl(lines))

    result = import_paths(paths=[tmp_path], extract=False)

    assert result.created == 2
    assert result.failed == 6
    assert any(":2: not valid JSON" in e for e in result.errors)
    assert any("body must be a string" in e for e in result.errors)
    assert Article.objects.get(import_key="wire-6").published is None


def test_jsonl_reimport_is_unchanged(tmp_path):
    write(tmp_path / "feed.jsonl", jsonl([record()]))
    run_import(tmp_path, no_entities=True)
    out, _ = run_import(tmp_path, no_entities=True)
    assert "1 unchanged" in out


@pytest.mark.slow
def test_real_wire_copy_imports_or_is_refused_cleanly(corpora_dir, tmp_path):
    sample = tmp_path / "news"
    sample.mkdir()
    with lzma.open(
        corpora_dir / "news-scale" / "articles.jsonl.xz", "rt", encoding="utf-8"
    ) as fh:
        (sample / "sample.jsonl").write_text("".join(islice(fh, 300)), encoding="utf-8")
    for folder in ("kyodo", "ap", "dpa"):
        for path in (corpora_dir / "wire-samples" / folder).iterdir():
            if path.suffix != ".xml":
                shutil.copy(path, sample / f"{folder}-{path.stem}.txt")

    result = import_paths(paths=[sample], extract=False)

    assert result.created + result.duplicates + result.failed + result.skipped == (
        result.total
    )
    # dpa's copyright service message is not a story, nor are AP's agate
    # tables and digests; each says so.
    skips = sorted(result.skips)
    assert [skip.split(": ", 1)[0].rsplit("/", 1)[1] for skip in skips] == [
        "ap-anpa_entertainment_headlines.txt",
        "ap-anpa_global_weather_table.txt",
        "ap-ap_anpa_2.txt",
        "ap-ap_anpa_6.txt",
        "ap-ap_anpa_7.txt",
        "dpa-dpa_copyright_notice.txt",
    ]
    assert "no dateline, no sentence" in skips[-1]
    assert result.created >= 250
    assert Article.objects.count() == result.created
    assert get_search_backend().count_mismatches() == 0


# --- What is not news ---------------------------------------------------------------

SERVICE_MESSAGE = """Notice/ (Attention) Notice =

zzzz copyright by Harbour Wire zzzz copyright by Harbour Wire zzzz
zzzz copyright by Harbour Wire zzzz copyright by Harbour Wire zzzz
Harbour Wire Harbour Wire international service in english Harbour Wire
"""

CORPUS_README = """Consists of 2225 documents from a news website corresponding to
stories in five topical areas from 2004-2005.

Class Labels: 5 (business, entertainment, politics, sport, tech)
"""


def test_files_that_are_not_news_are_skipped_with_the_reason(tmp_path):
    write(tmp_path / "README.TXT", CORPUS_README)
    write(tmp_path / "LICENSE.txt", "Permission is hereby granted to read these.")
    write(tmp_path / "index.txt", "001.txt Harbour board\n002.txt Ferry strike\n")
    write(tmp_path / "service" / "eca0027.txt", SERVICE_MESSAGE)
    write(tmp_path / "world" / "001.txt", STORY)

    out, err = run_import(tmp_path, no_entities=True)

    assert (
        "1 created, 0 updated, 0 unchanged, 0 duplicates, 0 withdrawn, "
        "4 skipped, 0 failed" in out
    )
    assert list(Article.objects.values_list("import_key", flat=True)) == [
        "world/001.txt"
    ]
    for name in ["README.TXT", "LICENSE.txt", "index.txt"]:
        assert f"{tmp_path / name}: named like a README, licence or index" in err
    assert "eca0027.txt: no dateline, no sentence and the same words" in err
    assert err.count("(--include imports it)") == 4


def test_include_imports_what_is_not_news_as_well(tmp_path):
    write(tmp_path / "README.TXT", CORPUS_README)
    write(tmp_path / "eca0027.txt", SERVICE_MESSAGE)

    out, _ = run_import(tmp_path, no_entities=True, include=True)

    assert "2 created" in out and "0 skipped" in out


def test_service_messages_in_json_lines_are_skipped_too(tmp_path):
    write(
        tmp_path / "feed.jsonl",
        jsonl([record(), record(id="notice-1", title="Notice", body=SERVICE_MESSAGE)]),
    )
    result = import_paths(paths=[tmp_path], extract=False)
    assert (result.created, result.skipped) == (1, 1)
    assert "feed.jsonl:2: record notice-1: no dateline" in result.skips[0]


@pytest.mark.slow
def test_no_story_of_the_bbc_corpus_is_taken_for_a_service_message(
    corpora_dir, tmp_path
):
    # The BBC stories have no dateline, and some repeat a phrase: none of the
    # 2,225 is a service message. The corpus's README.TXT is not a story.
    with tarfile.open(corpora_dir / "bbc-news" / "bbc-fulltext.tar.xz") as tar:
        tar.extractall(tmp_path, filter="data")
    result = import_paths(paths=[tmp_path / "bbc"], extract=False, dry_run=True)
    assert result.skips == [
        f"{tmp_path / 'bbc' / 'README.TXT'}: named like a README, licence or index, "
        "not a story (--include imports it)"
    ]
    assert result.created + result.duplicates == 2225


ENTITY_STORY = """Title: &#163;1.8m fine for Viacom &amp; partners

LONDON (Reuters) - The regulator fined the broadcaster &#163;1.8m on Tuesday,
its largest penalty for indecency, and AT&T said R&D spending would rise.

A literal &amp;amp; in the source stays one ampersand entity.
"""


def test_character_references_are_decoded_once(tmp_path):
    write(tmp_path / "viacom.txt", ENTITY_STORY)
    write(
        tmp_path / "feed.jsonl",
        jsonl([record(title="Profits at M&amp;S &#8212; up", body="Sales &#163;2bn.")]),
    )
    run_import(tmp_path, no_entities=True)

    story = Article.objects.get(import_key="viacom.txt")
    assert story.title == "£1.8m fine for Viacom & partners"
    assert story.body.startswith("The regulator fined the broadcaster £1.8m")
    assert "AT&T said R&D spending" in story.body
    assert "A literal &amp; in the source" in story.body
    record_article = Article.objects.get(import_key="wire-1")
    assert record_article.title == "Profits at M&S — up"
    assert record_article.body == "Sales £2bn."
    # The decoded words are what search finds.
    found = get_search_backend().search(Article.objects.all(), parse_query("£1.8m"))
    assert list(found) == [story]


def test_an_import_writes_with_a_bigger_page_cache_and_gives_it_back(
    tmp_path, monkeypatch
):
    from django.db import connection

    from articles.ingest import importer

    if connection.vendor != "sqlite":
        pytest.skip("a page cache of SQLite's")
    seen = []
    write = importer.write

    def watched(batch, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            seen.append(cursor.fetchone()[0])
        return write(batch, **kwargs)

    monkeypatch.setattr(importer, "write", watched)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
    (tmp_path / "one.txt").write_text("Title: One\n\nA story of one paragraph.\n")
    import_paths(paths=[tmp_path], extract=False)
    assert seen == [-importer.IMPORT_CACHE_KIB]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == before
