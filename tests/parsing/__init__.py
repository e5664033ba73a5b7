"""The tests of articles/parsing/, a module for each step of the parser.

test_parse.py takes whole stories through `parse_text` and `parse_bytes`; the
others test one step each, on stories made around LEAD.
"""

# A story's first sentence, for tests that put a dateline, byline or sign-off
# around it and expect it back as the first paragraph.
LEAD = "A committee approved the plan on Monday."
