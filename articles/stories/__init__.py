"""Stories: versions and copies of one news story, grouped.

signatures.py  what grouping compares: MinHash of word shingles, its bands,
               the headline without version markers
matching.py    whether two articles are one story, and whether a copy
grouping.py    each article into its story, at import or all over again;
               editors' decisions (move out, merge) kept
differences.py what changed between two versions, word by word
"""
