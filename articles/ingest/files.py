"""Finding the files under the paths an import is given, and reading each file
or JSON Lines record into an Item (or a Failure, or a Skip for what is not
news). Pure reading: no database."""

import gzip
import io
import json
import lzma
import re
from collections.abc import Iterable
from pathlib import Path

from .. import parsing
from .formats import XML_SUFFIXES, read_structured
from .formats.ninjs import is_ninjs, ninjs_item, ninjs_items
from .formats.pages import looks_like_html, page_items
from .formats.sniff import READ_FORMATS, looks_like_xml
from .items import Failure, Item, Meter, Skip, article_fields, clipped, text_hash

# The slug line of an agency's list of stories: "AP-Top-Entertainment-
# Headlines", "BC-10ThingstoKnow-Today".
_DIGEST_SLUG = re.compile(
    r"\b(?:BC|AP)-\S*(?:Headlines|Digest|ThingstoKnow|Budget)", re.IGNORECASE
)
# Agencies' streams (ANPA-1312, IPTC 7901) come as .tst and .anpa too.
TEXT_SUFFIXES = {".txt", ".text", ".tst", ".anpa"}
# What a folder's files are read for: text, and XML (a file named otherwise
# is read when given by name, by what it holds).
READ_SUFFIXES = TEXT_SUFFIXES | XML_SUFFIXES | {".json", ".html", ".htm"}
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.xz")
# Files that come with a corpus or a feed but are not stories: README.TXT,
# LICENSE, INDEX... (the name before its first dot, in any case).
NOT_STORY_NAMES = frozenset(
    "readme license licence copying copyright notice index contents manifest "
    "changelog changes authors contributing".split()
)


def read(unit) -> list[Item | Failure | Skip]:
    """The items a unit of units() describes: one for a text file or a
    record, any number for a message of several items."""
    if isinstance(unit, Failure | Skip):
        return [unit]
    reader, *arguments = unit
    found = reader(*arguments)
    return found if isinstance(found, list) else [found]


def units(paths: Iterable[Path], *, include: bool = False, meter: Meter | None = None):
    """What there is to parse, in order: (reader, arguments...), or a Failure
    or Skip; `meter` counts the bytes of the files walked and handed on."""
    meter = meter or Meter()
    keyed = {}  # import key -> the file it was given to in this run
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files = [
                (file, file.relative_to(path).as_posix())
                for file in sorted(p for p in path.rglob("*") if p.is_file())
                if not any(
                    part.startswith(".") for part in file.relative_to(path).parts
                )
            ]
            files = [
                (file, key)
                for file, key in files
                if _is_jsonl(file) or file.suffix.lower() in READ_SUFFIXES
            ]
        elif path.is_file():
            files = [(path, path.name)]
        else:
            yield Failure(str(path), "no such file or folder")
            continue
        sizes = {file: _size(file) for file, _ in files}
        meter.total += sum(sizes.values())
        for file, key in files:
            done = meter.read + sizes[file]
            if not include and _not_story_name(file):
                yield Skip(
                    str(file),
                    "named like a README, licence or index, not a story "
                    "(--include imports it)",
                )
            elif _is_jsonl(file):
                yield from _jsonl_units(file, include=include, meter=meter)
            elif key in keyed and keyed[key] != file:
                # A file is known by its path inside the folder given: two
                # folders with a file of the same name would replace one
                # article with the other.
                yield Failure(
                    str(file),
                    f'not imported: its import key "{key}" is that of '
                    f"{keyed[key]}, read earlier in this run, which it would "
                    "replace; to keep both, import a folder that holds both "
                    "(a file's key is its path inside the folder given)",
                )
            else:
                keyed[key] = file
                yield (read_file, file, key, include)
            meter.read = done


def _not_story_name(path: Path) -> bool:
    return path.name.split(".", 1)[0].casefold() in NOT_STORY_NAMES


def _is_jsonl(path: Path) -> bool:
    return path.name.lower().endswith(JSONL_SUFFIXES)


def read_file(path: Path, key: str, include: bool = False) -> list:
    """The items of a file, whatever its name: XML by its root element (a
    NewsML-G2 item or message, NITF), anything else as wire text."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [Failure(str(path), f"cannot be read ({exc.strerror or exc})")]
    if looks_like_html(raw):
        return page_items(raw, key=key, origin=str(path), include=include)
    if looks_like_xml(raw):
        return read_structured(raw, path=path, key=key, include=include)
    document = _json_document(raw)
    if document is not None:
        items = document if isinstance(document, list) else [document]
        if items and all(is_ninjs(item) for item in items):
            return ninjs_items(document, key=key, origin=str(path), include=include)
        return [
            Failure(
                str(path),
                "a JSON document that is not ninjs (items with a uri and a "
                "headline or body); newsroom's own records are read as JSON "
                f"Lines (.jsonl); formats tried: {READ_FORMATS}",
            )
        ]
    if path.suffix.lower() == ".json":
        return [Failure(str(path), "named .json but not valid JSON")]
    return [read_text(path, key, include, raw=raw)]


def is_stream(raw: bytes) -> bool:
    """Whether a file is an agency's transmission (ANPA-1312, IPTC 7901): it
    opens with their control characters (SYN, SOH, STX) before the text."""
    return any(code in raw[:256] for code in (b"\x01", b"\x02", b"\x16"))


def _json_document(raw: bytes) -> dict | list | None:
    """A file's JSON object or array (a ninjs item, say), or None for wire
    text, even one that happens to open with a bracket."""
    if not raw[:64].lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        return None
    try:
        found = json.loads(raw.decode("utf-8-sig"))
    except ValueError:  # UnicodeDecodeError is one too
        return None
    return found if isinstance(found, dict | list) else None


def read_text(
    path: Path, key: str, include: bool = False, *, raw: bytes | None = None
) -> Item | Failure | Skip:
    text = ""
    try:
        raw = path.read_bytes() if raw is None else raw
        text = parsing.decode_bytes(raw)
        parsed = parsing.parse_text(text)
    except OSError as exc:
        return Failure(str(path), f"cannot be read ({exc.strerror or exc})")
    except parsing.ParseError as exc:
        if is_stream(raw) and _DIGEST_SLUG.search(text[:1000]):
            # A list of headlines leaves no paragraph: its slug says what it is.
            return Skip(str(path), "a digest (a list of other stories), not a story")
        return Failure(str(path), str(exc))
    reason = parsing.not_news_reason(parsed)
    if is_stream(raw):
        reason = reason or parsing.not_a_story_reason(parsed)
    if not include and reason:
        return Skip(str(path), f"{reason} (--include imports it)")
    return Item(
        key=key,
        origin=str(path),
        fields=article_fields(parsed),
        source_name=parsed.source,
        content_hash=text_hash(text),
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _open_jsonl(raw):
    """Lines of text from a JSON Lines file opened as bytes (`raw`), which
    may be gzip- or xz-compressed: how far `raw` has been read is how far
    the import has got."""
    name = raw.name.lower()
    if name.endswith(".gz"):
        return gzip.open(raw, "rt", encoding="utf-8", errors="replace")
    if name.endswith(".xz"):
        return lzma.open(raw, "rt", encoding="utf-8", errors="replace")
    return io.TextIOWrapper(raw, encoding="utf-8", errors="replace")


def _jsonl_units(path: Path, *, include: bool = False, meter: Meter | None = None):
    meter = meter or Meter()
    start = meter.read
    try:
        with open(path, "rb") as raw, _open_jsonl(raw) as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    yield (read_record, line, f"{path}:{number}", include)
                meter.read = start + raw.tell()
    except (OSError, EOFError, lzma.LZMAError) as exc:
        yield Failure(str(path), f"cannot be read to the end ({exc})")


def read_record(line: str, origin: str, include: bool = False) -> Item | Failure | Skip:
    try:
        record = json.loads(line)
    except ValueError as exc:
        return Failure(origin, f"not valid JSON ({exc})")
    if not isinstance(record, dict):
        return Failure(origin, "a record must be a JSON object")
    if "id" not in record and is_ninjs(record):
        return ninjs_item(record, key=origin, origin=origin, include=include)
    problem = _check_record(record)
    if problem:
        return Failure(origin, problem)
    body = parsing.clean_text(record["body"])
    if not body.strip():
        return Failure(origin, f"record {record['id']}: the body is empty")
    try:
        parsed = parsing.parse_text(body)
    except parsing.ParseError as exc:
        return Failure(origin, f"record {record['id']}: {exc}")
    if not include and (reason := parsing.not_news_reason(parsed)):
        return Skip(origin, f"record {record['id']}: {reason} (--include imports it)")
    fields = article_fields(parsed)
    headline = (
        parsing.collapse(_record_text(record["title"])) if record.get("title") else ""
    )
    if headline:
        title, version = parsing.split_markers(headline)
        fields["title"] = title or fields["title"]
        fields["version"] = version.label or fields["version"]
    for name in ("dateline", "byline", "url"):
        if record.get(name):
            # One space between words, as the text reader leaves them.
            fields[name] = parsing.collapse(_record_text(record[name]))
    fields = clipped(fields)
    if record.get("date"):
        fields["published"] = parsing.parse_date(record["date"])
        fields["published_at"] = parsing.parse_datetime(record["date"])
    source = record.get("source") or parsed.source
    return Item(
        key=str(record["id"]),
        origin=origin,
        fields=fields,
        source_name=parsing.canonical_source(source) if source else "",
        # The headline as sent, markers included: "UPDATE 1-" of a text is
        # another version of it, not the same text again.
        content_hash=text_hash(f"{headline or fields['title']}\n\n{fields['body']}"),
    )


def _record_text(value: str) -> str:
    """A record's text field as the body is read: clean, references decoded."""
    return parsing.decode_references(parsing.clean_text(value)).strip()


def _check_record(record: dict) -> str:
    record_id = record.get("id")
    if isinstance(record_id, str) and parsing.LONE_SURROGATES.search(record_id):
        return "the record's id is not valid Unicode (a lone surrogate)"
    if (
        isinstance(record_id, bool)
        or not isinstance(record_id, str | int)
        or str(record_id) == ""
    ):
        return "the record has no id (a non-empty string or number)"
    if not isinstance(record.get("body"), str):
        return f"record {record_id}: body must be a string"
    for name in ("title", "source", "date", "dateline", "byline", "url"):
        if record.get(name) is not None and not isinstance(record[name], str):
            return f"record {record_id}: {name} must be a string or null"
    return ""
