"""What parsing gives back: a `ParsedArticle`, or a `ParseError` saying why not.

Both are plain values, shared by every step of the package and by its callers
(the importer, the tests); they live here, apart from the steps, so that any
step can raise or describe them without importing the others.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class ParsedArticle:
    """One article read from text.

    `title` is the header's ``Title:``, else the headline line, else the first
    sentence of the body made into a headline (titles.py: shortened and cut
    where a clause or phrase ends). `paragraphs` holds the body only: no
    headline, byline, dateline, captions, credits, copyright lines or
    sign-offs. `dateline` is the place
    alone ("TOKYO", "SAITAMA, Japan"). `byline` is the name as written without
    the leading "By", with any affiliation after a comma: "By MARIA LOPEZ
    Associated Press" becomes "MARIA LOPEZ, Associated Press" (the name's case
    is kept; turning "McDONALD" into a proper name is guesswork). `credits` is
    the credit line without its parentheses, several joined by "; ". `source`
    is a canonical agency name (see `canonical_source`) or "" when unknown.
    `published` is set only from a full date: a header ``Date:`` or a dateline
    that includes the year; `published_at` only when the header gives a time
    as well (see `parse_datetime`). `version` names the headline's version
    markers ("UPDATE 2", "REFILE, CORRECTED"), taken off the title, and
    `advisory` is an update's or correction's advisory line without its
    brackets ("Adds PM reaction in paragraph 3"), taken off the body (see
    versions.py). Header values always win over what the text says.
    Character references (``&amp;``, ``&#163;``) are decoded once.
    """

    title: str
    paragraphs: tuple[str, ...]
    captions: tuple[str, ...] = ()
    dateline: str = ""
    byline: str = ""
    credits: str = ""
    source: str = ""
    published: datetime.date | None = None
    published_at: datetime.datetime | None = None
    url: str = ""
    version: str = ""
    advisory: str = ""

    @property
    def body(self) -> str:
        """The paragraphs as one text, separated by blank lines."""
        return "\n\n".join(self.paragraphs)


class ParseError(ValueError):
    """The input cannot be read as an article; the message says why."""
