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
