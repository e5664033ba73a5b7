"""A title made from the first sentence, for a story that has no headline.

The sentence ends at the first full stop, question or exclamation mark that
ends the text or is followed by a space and a capital, a figure, a quote or a
bracket, and does not close an abbreviation ("Mr.", "U.S."). It is cut at a
word boundary to fit TITLE_LIMIT.
"""

import re

TITLE_LIMIT = 100  # characters in a title made from the first sentence, "…" included

_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s|$)")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+")
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt",
    "sgt", "capt", "cmdr", "adm", "maj", "pres", "st", "mt", "ft", "jr", "sr",
    "inc", "corp", "co", "ltd", "bros", "no", "nos", "vs", "etc", "approx",
    "est", "fig", "ave", "blvd", "rd", "dept", "univ", "assn",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec",
}  # fmt: skip
_TITLE_SCAN = 300


def title_from_text(text: str) -> str:
    """The first sentence of `text`, cut at a word boundary to fit TITLE_LIMIT."""
    sentence = _first_sentence(text)
    if sentence.endswith(".") and not sentence.endswith(".."):
        if not _ends_with_abbreviation(sentence):
            sentence = sentence[:-1].rstrip()
    return _shorten(sentence or text, TITLE_LIMIT)


def _first_sentence(text: str) -> str:
    head = text[:_TITLE_SCAN]
    for match in _SENTENCE_END.finditer(head):
        end = match.end()
        following = text[end : end + 3]
        if following and not following[0].isspace():
            continue  # "3.5" cut by the slice, not a sentence end
        following = following.lstrip()
        if following and not (
            following[0].isupper() or following[0] in "\"'“‘([0123456789"
        ):
            continue
        if (
            following
            and head[match.start()] == "."
            and match.end() - match.start() == 1
        ):
            if _ends_with_abbreviation(head[: match.start() + 1]):
                continue
        return text[:end]
    return head


def _ends_with_abbreviation(text: str) -> bool:
    token = text.rsplit(None, 1)[-1].lstrip("\"'“‘([")
    return bool(_DOTTED.fullmatch(token)) or token[:-1].lower() in _ABBREVIATIONS


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    kept = text[:cut].rstrip(" ,;:-–—(\"'“‘") if cut > 0 else ""
    return (kept or text[: limit - 1]) + "…"
