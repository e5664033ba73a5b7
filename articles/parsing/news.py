"""Whether a parsed article is news or a service message the importer skips.

Agencies send more than stories down the wire: copyright notices, tests and
housekeeping messages. `not_news_reason` tells them apart from stories, for
the import summary.
"""

import re

from .article import ParsedArticle

# A sentence of prose: five words or more, half of them lower case, ending in
# a full stop, question or exclamation mark (quotes and brackets may follow).
_PROSE_SENTENCE = re.compile(r"[^.!?]{20,}?[.!?]+[\"'”’)\]]*(?=\s|$)")
_PROSE_WORD = re.compile(r"[a-z][a-z'’-]+")
_WORD_TOKEN = re.compile(r"[^\W_]+")
# Boilerplate says the same few words over and over ("copyright by dpa"): a
# third of the runs of three words in it were seen before in the same text,
# and it is words, not the figures of a table of rates or results.
_BOILERPLATE_MIN_WORDS = 20
_BOILERPLATE_REPEATS = 0.3
_BOILERPLATE_FIGURES = 0.2


def not_news_reason(article: ParsedArticle) -> str:
    """Why `article` looks like a service message rather than a story, for the
    import summary; "" when it may be news.

    A service message (a copyright notice, a test or housekeeping message) has
    no dateline, not one sentence of prose, and repeats itself. Each alone is
    common in real news (BBC copy has no dateline; results and earnings
    briefs have no sentences; tables repeat), so only all three together count.
    """
    if article.dateline:
        return ""
    # A title made from the first sentence would count that sentence twice.
    title = "" if article.title.rstrip("…") in article.body else article.title
    text = " ".join((title, *article.paragraphs))[:20_000]
    if _has_prose(text) or not _repeats_itself(text):
        return ""
    return (
        "no dateline, no sentence and the same words over and over: a service message"
    )


def _has_prose(text: str) -> bool:
    for match in _PROSE_SENTENCE.finditer(text):
        words = match[0].split()
        prose = sum(
            1 for word in words if _PROSE_WORD.fullmatch(word.strip(",;:()\"'“”‘’"))
        )
        if len(words) >= 5 and prose >= len(words) / 2:
            return True
    return False


def _repeats_itself(text: str) -> bool:
    tokens = _WORD_TOKEN.findall(text.casefold())
    words = [token for token in tokens if not any(ch.isdigit() for ch in token)]
    if len(words) < max(
        _BOILERPLATE_MIN_WORDS, (1 - _BOILERPLATE_FIGURES) * len(tokens)
    ):
        return False
    runs = list(zip(words, words[1:], words[2:], strict=False))
    return len(runs) - len(set(runs)) >= _BOILERPLATE_REPEATS * len(runs)


# Titles of the lists agencies send beside their stories: "10 Things to Know
# for Today", "AP Top Entertainment Headlines", "Wild Card Glance", "Digest".
_DIGEST_TITLE = re.compile(
    r"^(?:\d+|ten) things to know\b|\bheadlines\b|\bdigest\b|\bbudget\b"
    r"|^ap top\b",
    re.IGNORECASE,
)
# A table keeps few paragraphs with a sentence of prose in them, and is
# figures: a tenth of its characters (a one-line story has neither).
_TABLE_PROSE_SHARE = 0.3
_TABLE_FIGURES = 0.1


def not_a_story_reason(article: ParsedArticle) -> str:
    """Why a text from an agency's stream (ANPA-1312, IPTC 7901) is no story
    of its own, for the import summary; "" when it is one. Agate (results,
    standings, weather, sent as a table) has few paragraphs of prose; a
    digest lists other stories under a title that says so."""
    if _DIGEST_TITLE.search(article.title):
        return "a digest (a list of other stories), not a story"
    with_prose = sum(1 for p in article.paragraphs if _has_prose(p))
    characters = "".join(article.body.split())
    figures = sum(char.isdigit() for char in characters)
    if with_prose < _TABLE_PROSE_SHARE * len(
        article.paragraphs
    ) and figures >= _TABLE_FIGURES * len(characters):
        return "an agate table (results, standings or figures), not a story"
    return ""
