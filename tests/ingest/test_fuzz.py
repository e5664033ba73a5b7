"""Import fuzzing: whatever a file holds, the import refuses it with a clear
message or imports it correctly. Never a crash of the whole run, never a
half-written article, never an index out of step."""

import bz2
import gzip
import json
import lzma
import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.ingest.importer import import_paths
from articles.models import Article, Mention
from articles.search import get_search_backend

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Title: Harbour board backs ferry terminal\n"
    "Date: 2024-03-05\n"
    "Source: Reuters\n\n"
    "LONDON (Reuters) - The city's harbour board voted on Tuesday to build "
    "a ferry terminal in Kobe, officials said.\n\n"
    "The terminal will handle two million passengers a year.\n"
)
FUZZ_SEED = 20240305

# Every input tried, for the figures printed at the end of the module.
TRIED = {"files": 0, "records": 0, "refused": 0, "imported": 0}


@pytest.fixture(scope="module", autouse=True)
def fuzzing_figures():
    """Print what the module tried, once it is done (pytest -s shows it)."""
    yield
    print(
        f"\nimport fuzzing: {TRIED['files']} files and {TRIED['records']} JSON "
        f"records tried; {TRIED['refused']} items refused with a message, "
        f"{TRIED['imported']} imported; no crash, no partial article"
    )


def import_file(path):
    """Import one file as the importer's callers do; check what it left behind."""
    before = Article.objects.count()
    result = import_paths(paths=[path], extract=False)
    TRIED["files"] += 1
    TRIED["refused"] += result.failed
    TRIED["imported"] += result.created + result.updated
    # Every failure and every skip is reported, each with its reason.
    assert len(result.errors) == result.failed
    assert len(result.skips) == result.skipped
    for error in result.errors + result.skips:
        assert str(path) in error, error
        assert len(error) > len(str(path)) + 5, f"no reason given: {error!r}"
        assert "Traceback" not in error
    assert Article.objects.count() == before + result.created
    assert_archive_is_whole()
    return result


def assert_archive_is_whole():
    """No half-written article and an index in step with the articles."""
    for article in Article.objects.all():
        assert article.import_key, article.pk
        assert article.title.strip(), article.pk
        assert article.body.strip(), article.pk
        assert len(article.content_hash) == 64, article.pk
        assert "\x00" not in article.title + article.body
    assert not Mention.objects.filter(article__isnull=True).exists()
    assert get_search_backend().count_mismatches() == 0


def write(tmp_path, name, data):
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# --- Plain-text files ------------------------------------------------------------


def broken_text_files():
    rng = random.Random(FUZZ_SEED)
    encoded = ARTICLE.replace("Kobe", "Kōbe – “quoted”").encode()
    return {
        "empty": b"",
        "random-bytes": bytes(rng.randrange(256) for _ in range(4096)),
        "random-bytes-with-newlines": b"\n\n".join(
            bytes(rng.randrange(256) for _ in range(200)) for _ in range(10)
        ),
        "truncated-utf8": encoded[: encoded.index("ō".encode()) + 1],
        "truncated-mid-header": encoded[:20],
        "nul-bytes": ARTICLE.replace(" ", "\x00 ").encode(),
        "only-nul-bytes": b"\x00" * 5000,
        "utf16-with-bom": ARTICLE.encode("utf-16"),
        "utf8-bom-crlf": b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode(),
        "blank-lines": b"\n" * 20_000,
        "whitespace": b" \t\r\n\x0b\x0c" * 5000,
        "header-only": b"Title: Nothing follows\nDate: 2024-03-05\n\n",
        "control-characters": bytes(range(32)) * 100,
        "html": b"<html><script>alert(1)</script><p>Harbour vote.</p></html>",
        "one-long-word": b"x" * 200_000,
        "deep-brackets": b"(" * 50_000 + b"Harbour board votes." + b")" * 50_000,
        "mixed-line-endings": ARTICLE.replace("\n", "\r").encode(),
        "surrogates": "Harbour \ud800 board votes to build a terminal.".encode(
            "utf-8", "surrogatepass"
        ),
    }


NONSENSE_DATES = [
    "2024-13-45",
    "99999-01-01",
    "0000-00-00",
    "-2020-01-01",
    "yesterday",
    "31/02/2024",
    "2024-02-30",
    "1e309",
    "9" * 400,
    "\x00",
    "",
]


@pytest.mark.parametrize("name", sorted(broken_text_files()))
def test_broken_text_files_are_refused_or_imported_whole(tmp_path, name):
    path = write(tmp_path, f"{name}.txt", broken_text_files()[name])

    result = import_file(path)

    assert result.failed + result.created == 1


@pytest.mark.parametrize("date", NONSENSE_DATES)
def test_nonsense_header_dates_never_break_the_import(tmp_path, date):
    path = write(tmp_path, "dated.txt", ARTICLE.replace("2024-03-05", date))

    result = import_file(path)

    assert result.failed + result.created == 1
    if result.created:
        article = Article.objects.get()
        assert article.published is None or 1 <= article.published.year <= 9999


def test_a_ten_megabyte_single_line_is_skipped_as_junk_or_imported_whole(tmp_path):
    rng = random.Random(FUZZ_SEED)
    words = ["harbour", "ferry", "terminal", "board", "Kobe", "vote", "said"]
    line = " ".join(rng.choice(words) for _ in range(1_500_000))[:10_000_000]
    path = write(tmp_path, "huge.txt", line + "\n")

    # Seven words over and over, with no dateline and no sentence: junk.
    result = import_file(path)
    assert (result.failed, result.created, result.skipped) == (0, 0, 1)
    assert "the same words over and over" in result.skips[0]
    # Forced in, it is imported whole.
    forced = import_paths(paths=[path], extract=False, include=True)
    assert (forced.failed, forced.created) == (0, 1)
    assert len(Article.objects.get().body) == len(line.strip())


def test_a_folder_of_broken_files_imports_the_good_ones(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name, data in broken_text_files().items():
        write(folder, f"{name}.txt", data)
    write(folder, "good.txt", ARTICLE)
    write(folder, ".hidden.txt", ARTICLE.replace("Harbour", "Hidden"))

    result = import_file(folder)

    assert Article.objects.filter(import_key="good.txt").exists()
    assert not Article.objects.filter(title__startswith="Hidden").exists()
    assert result.total == len(broken_text_files()) + 1


# --- JSON Lines ---------------------------------------------------------------------

GOOD_RECORD = {
    "id": "good-1",
    "title": "Harbour board backs ferry terminal",
    "body": "The city's harbour board voted on Tuesday to build a terminal.",
    "source": "Reuters",
    "date": "2024-03-05",
}

BAD_RECORDS = [
    "",
    "   ",
    "{",
    "not json at all",
    "[]",
    "[1, 2, 3]",
    "null",
    "42",
    '"a string"',
    "{}",
    json.dumps({**GOOD_RECORD, "id": None}),
    json.dumps({**GOOD_RECORD, "id": ""}),
    json.dumps({**GOOD_RECORD, "id": True}),
    json.dumps({**GOOD_RECORD, "id": ["a"]}),
    json.dumps({**GOOD_RECORD, "id": {"nested": 1}}),
    json.dumps({**GOOD_RECORD, "id": 1.5}),
    json.dumps({**GOOD_RECORD, "id": 10**400}),
    json.dumps({**GOOD_RECORD, "id": "x" * 5000}),
    json.dumps({k: v for k, v in GOOD_RECORD.items() if k != "body"}),
    json.dumps({**GOOD_RECORD, "body": None}),
    json.dumps({**GOOD_RECORD, "body": 42}),
    json.dumps({**GOOD_RECORD, "body": ["para"]}),
    json.dumps({**GOOD_RECORD, "body": ""}),
    json.dumps({**GOOD_RECORD, "body": "\x00\x00"}),
    json.dumps({**GOOD_RECORD, "title": 7}),
    json.dumps({**GOOD_RECORD, "title": {"text": "x"}}),
    json.dumps({**GOOD_RECORD, "date": 20240305}),
    json.dumps({**GOOD_RECORD, "date": "2024-13-45"}),
    json.dumps({**GOOD_RECORD, "date": "99999-01-01"}),
    json.dumps({**GOOD_RECORD, "source": ["Reuters"]}),
    json.dumps({**GOOD_RECORD, "source": "x" * 5000}),
    json.dumps({**GOOD_RECORD, "url": "javascript:alert(1)"}),
    json.dumps({**GOOD_RECORD, "url": 5}),
    json.dumps({**GOOD_RECORD, "byline": "<script>alert(1)</script>" * 100}),
    json.dumps({**GOOD_RECORD, "dateline": "\ud800"}),
    '{"id": "dup", "id": "dup2", "body": "Harbour board votes on a terminal."}',
    '{"id": "nan", "body": NaN}',
    '{"id": "inf", "date": Infinity, "body": "Harbour board votes."}',
    "{" * 100_000,
]


def jsonl(records):
    return "\n".join(records) + "\n"


def test_json_lines_with_wrong_types_and_missing_fields(tmp_path):
    lines = []
    for number, record in enumerate(BAD_RECORDS):
        lines.append(record)
        good = {**GOOD_RECORD, "id": f"good-{number}"}
        good["body"] += f" Story {number}."
        lines.append(json.dumps(good))
    path = write(tmp_path, "mixed.jsonl", jsonl(lines))

    result = import_file(path)
    TRIED["records"] += len(lines)

    imported = set(Article.objects.values_list("import_key", flat=True))
    assert {f"good-{n}" for n in range(len(BAD_RECORDS))} <= imported
    blank = sum(1 for r in BAD_RECORDS if not r.strip())
    assert result.total == len(lines) - blank


# JSON's \ud800 escapes decode to lone surrogates, which no database stores.
SURROGATE_FIELDS = ("id", "title", "body", "dateline", "byline", "source", "url")


def test_json_records_with_lone_surrogates_are_refused_or_cleaned(tmp_path):
    lines = [
        json.dumps(
            {
                **GOOD_RECORD,
                "id": f"lone-{name}",
                "body": f"{GOOD_RECORD['body']} Story {name}.",
                name: f"Harbour \ud800 vote {name} \udfff",
            }
        )
        for name in SURROGATE_FIELDS
    ]
    lines.append(json.dumps({**GOOD_RECORD, "id": "after", "body": "Ferry news."}))
    path = write(tmp_path, "surrogates.jsonl", jsonl(lines))

    result = import_file(path)
    TRIED["records"] += len(lines)

    assert result.total == len(lines)
    assert Article.objects.filter(import_key="after").exists()


def test_compressed_json_lines_that_are_corrupt_or_truncated(tmp_path):
    good = jsonl([json.dumps({**GOOD_RECORD, "id": f"z-{n}"}) for n in range(3)])
    files = {
        "random.jsonl.gz": bytes(
            random.Random(FUZZ_SEED).randrange(256) for _ in range(999)
        ),
        "random.jsonl.xz": b"\xfd7zXZ\x00" + b"\x00" * 100,
        "truncated.jsonl.gz": gzip.compress(good.encode())[:-12],
        "truncated.jsonl.xz": lzma.compress(good.encode())[:-30],
        "bzip2-named-gz.jsonl.gz": bz2.compress(good.encode()),
        "binary.jsonl": bytes(range(256)) * 50,
        "latin1.jsonl": json.dumps(
            {**GOOD_RECORD, "title": "Caf\u00e9"}, ensure_ascii=False
        ).encode("latin-1"),
    }
    outcomes = {}
    for name, data in files.items():
        result = import_file(write(tmp_path, name, data))
        outcomes[name] = (result.created + result.duplicates, result.failed)
    assert outcomes == {
        "random.jsonl.gz": (0, 1),  # not gzip: refused whole
        "random.jsonl.xz": (0, 1),
        # Truncated: the records before the cut are read, the cut is reported.
        "truncated.jsonl.gz": (2, 1),
        "truncated.jsonl.xz": (2, 1),
        "bzip2-named-gz.jsonl.gz": (0, 1),
        "binary.jsonl": (0, 51),  # line by line, each refused
        "latin1.jsonl": (1, 0),  # read with replacement characters
    }


def test_the_import_command_reports_bad_items_and_exits_non_zero(tmp_path):
    folder = tmp_path / "feed"
    folder.mkdir()
    write(folder, "good.txt", ARTICLE)
    write(folder, "noise.txt", b"\n" * 5000)
    write(folder, "records.jsonl", jsonl(["{", json.dumps(GOOD_RECORD)]))
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError) as failure:
        call_command(
            "import_seeds", str(folder), "--no-entities", stdout=out, stderr=err
        )

    assert failure.value.returncode == 1
    assert "2 item(s) could not be imported" in str(failure.value)
    assert "noise.txt" in err.getvalue()
    assert "records.jsonl:1" in err.getvalue()
    assert "2 created" in out.getvalue()
    assert Article.objects.count() == 2
    assert_archive_is_whole()


def test_the_import_command_on_a_missing_path_says_so(tmp_path):
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_seeds",
            str(tmp_path / "nowhere"),
            "--no-entities",
            stdout=StringIO(),
            stderr=err,
        )
    assert "no such file or folder" in err.getvalue()


# --- Hypothesis: any text, any record ---------------------------------------------

FUZZ_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ_SETTINGS
@given(text=st.text(max_size=3000))
def test_any_text_file_is_refused_or_imported_whole(tmp_path, text):
    path = write(tmp_path, "fuzz.txt", text.encode("utf-8", "surrogatepass"))
    result = import_file(path)
    assert result.total == 1  # imported, refused or skipped: one outcome


@FUZZ_SETTINGS
@given(
    text=st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]),
        min_size=1,
        max_size=2000,
    ),
    header=st.lists(
        st.sampled_from(["Title", "Date", "Source", "URL", "Byline", "Bogus"]),
        max_size=5,
    ),
    values=st.lists(st.text(max_size=60), min_size=5, max_size=5),
)
def test_any_header_block_is_refused_or_imported_whole(tmp_path, text, header, values):
    lines = [f"{name}: {value}" for name, value in zip(header, values, strict=False)]
    path = write(tmp_path, "fuzz.txt", "\n".join(lines) + "\n\n" + text)
    assert import_file(path).total == 1


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=200),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=5,
)
RECORDS = st.dictionaries(
    st.sampled_from(
        ["id", "title", "body", "source", "date", "dateline", "byline", "url", "x"]
    ),
    JSON_VALUES,
)


@FUZZ_SETTINGS
@given(records=st.lists(RECORDS, min_size=1, max_size=8))
def test_any_json_record_is_refused_or_imported_whole(tmp_path, records):
    path = write(tmp_path, "fuzz.jsonl", jsonl(json.dumps(r) for r in records))
    TRIED["records"] += len(records)
    result = import_file(path)
    assert result.total == len(records)
