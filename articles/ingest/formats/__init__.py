"""Agency formats in: each file is recognised by what it holds, not by its
name, and read into the same Items as plain wire text.

    sniff     what a file is: NewsML-G2, NITF or text (and what was tried)
    xml       XML read safely: no entities, no DTDs, no network, bounded size
    nitf      NITF 3.x documents, and the NITF inside a NewsML-G2 item
    newsml    NewsML-G2 news items and news messages
    stories   a story read from any format, into an Item

A story from a structured format is written out as the text importer reads
a file with a header block (``Title:``, ``Date:``, ``Byline:``...), so that
datelines, captions, sign-offs and versions are found the same way whatever
the format; what the format says outright wins over what the text suggests.
"""

from .sniff import XML_SUFFIXES, read_structured

__all__ = ["XML_SUFFIXES", "read_structured"]
