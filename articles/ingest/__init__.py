"""Importing articles: find and read files, plan, extract, write. Safe to re-run.

importer.py    import_paths(): the whole run, and what it did (ImportResult)
items.py       what travels through a run: items, failures, skips, counts
files.py       finding files under the paths given and reading each into items
planning.py    which items need writing: unchanged ones and duplicates are not
extraction.py  entities for the items (or for stored articles), in the pool
writing.py     saving items a batch per transaction, item by item when one fails
pool.py        the one worker pool, for parsing, extraction and search text

Kept free of imports, so that articles.search can use the pool.
"""
