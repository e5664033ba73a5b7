"""The tests of articles/parsing/, a module for each step of the parser.

test_parse.py takes whole stories through `parse_text` and `parse_bytes`; the
others test one step each, on stories made around LEAD.
"""

from articles.parsing import parse_text

# A story's first sentence, for tests that put a dateline, byline or sign-off
# around it and expect it back as the first paragraph.
LEAD = "A committee approved the plan on Monday."


def lead_alone(text):
    """Parses `text`, a story that must come out as LEAD alone once what stands
    around it is lifted out; returns the article, for what was lifted."""
    article = parse_text(text)
    assert article.paragraphs == (LEAD,)
    return article
