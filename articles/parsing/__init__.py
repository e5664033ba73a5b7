"""Wire copy in, a ParsedArticle out: plain text only, no database, no Django.

A story arrives as agencies, broadcasters and websites send it: maybe a header
block (``Title:``, ``Date:``...), maybe wire codes and a headline, a byline, a
dateline such as ``TOKYO, Nov. 20 (Kyodo) --``, the paragraphs, photo captions,
credits, a copyright line and an agency sign-off such as ``==Kyodo``.
`parse_text` sorts that into the fields of a `ParsedArticle`; `decode_bytes`
turns the bytes of a file into clean text first. Whatever cannot be read as an
article raises `ParseError`, whose message says why in plain words.

Every step is a heuristic tuned on real feeds. Each regular expression is
either anchored and applied to a short, bounded slice of text or is linear, so
parsing time grows linearly with the size of the input.

`parse_text`, below, runs the steps; each lives in a module of its own:

    text        bytes to clean text: decode_bytes, clean_text, decode_references
    header      the ``Key: value`` block a file may start with
    paragraphs  lines grouped into paragraphs
    head        headline, byline and dateline at the top, using
                wire (format codes and editor's notes), bylines and datelines
    tail        body, captions and credits; sign-offs and copyright lines dropped
    titles      a title from the first sentence when there is no headline
    versions    version markers on the headline ("UPDATE 2-") and the advisory
                line of an update or correction ("(Adds comment)")
    agencies    the one table of news agencies, and canonical_source
    dates       parse_date and parse_datetime
    news        not_news_reason: a story or a service message?
    article     ParsedArticle and ParseError, shared by all of them
"""

from .agencies import canonical_source
from .article import ParsedArticle, ParseError
from .dates import parse_date, parse_datetime
from .head import read_head
from .header import read_header
from .news import not_a_story_reason, not_news_reason
from .paragraphs import first_line_alone, split_paragraphs
from .tail import sort_paragraphs
from .text import LONE_SURROGATES as LONE_SURROGATES
from .text import clean_text, collapse, decode_bytes, decode_references
from .titles import TITLE_LIMIT as TITLE_LIMIT
from .titles import title_from_text
from .versions import split_markers, take_advisory

# Public too, though not in __all__: LONE_SURROGATES (the importer checks record
# ids with it) and TITLE_LIMIT (the tests), imported above as "X as X" to say so.
__all__ = [
    "ParseError",
    "ParsedArticle",
    "canonical_source",
    "clean_text",
    "decode_bytes",
    "decode_references",
    "not_a_story_reason",
    "not_news_reason",
    "parse_bytes",
    "parse_date",
    "parse_datetime",
    "parse_text",
    "split_markers",
]


def parse_bytes(raw: bytes) -> ParsedArticle:
    """Read an article from the bytes of a text file."""
    return parse_text(decode_bytes(raw))


def parse_text(text: str, *, headline_given: bool = False) -> ParsedArticle:
    """Read an article from text; raise ParseError when no article is left in it.

    `headline_given`: the story's format gave its headline (NewsML-G2, ninjs),
    so a short first paragraph of the text is the start of the story, not a
    headline line."""
    if not isinstance(text, str):
        raise ParseError(f"expected text, got {type(text).__name__}")
    text = decode_references(clean_text(text))
    if not text.strip():
        raise ParseError(
            "file is empty" if not text else "file is empty (only whitespace)"
        )
    header, lines = read_header(text.split("\n"))
    advisory, paragraphs = take_advisory(split_paragraphs(lines))
    alone = first_line_alone(lines) and not headline_given
    head, paragraphs = read_head(paragraphs, alone=alone)
    tail = sort_paragraphs(paragraphs)
    if not tail.body:
        raise ParseError(
            "no article text left after removing the header, headline, byline, "
            "dateline, sign-offs, credits and captions"
        )
    title, version = split_markers(collapse(header.get("title", "")) or head.title)
    return ParsedArticle(
        title=title or title_from_text(tail.body[0]),
        paragraphs=tuple(tail.body),
        captions=tuple(tail.captions),
        dateline=head.place,
        byline=collapse(header.get("byline", "")) or head.byline,
        credits="; ".join(tail.credits),
        source=canonical_source(header.get("source", "")) or head.source or tail.source,
        published=parse_date(header.get("date", "")) or head.published,
        published_at=parse_datetime(header.get("date", "")),
        url=header.get("url", ""),
        version=version.label,
        advisory=advisory,
    )
