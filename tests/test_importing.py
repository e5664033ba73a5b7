import gzip
import json
import lzma
import shutil
from io import StringIO
from itertools import islice

import pytest
from django.core.management import CommandError, call_command

from articles.importing import import_paths
from articles.models import Article, Entity, EntityKind, Mention, Source
from articles.search import get_search_backend, parse_query

pytestmark = pytest.mark.django_db

STORY = """LONDON (Reuters) - The city's harbour board approved a new ferry terminal on
Tuesday, ending a two-year dispute with residents over noise.

The terminal will open in 2026 and handle up to two million passengers a year,
the board said in a statement.

(Reporting by Ann Example; Editing by Bob Sample)
"""

SEED_PLACES = {
    "China",
    "North Korea",
    "Japan",
    "South Korea",
    "Beijing",
    "Yunnan",
    "Vietnam",
}


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

    assert result.created + result.duplicates + result.failed == result.total
    assert result.created >= 250
    assert Article.objects.count() == result.created
    assert get_search_backend().count_mismatches() == 0
