"""People, organisations, places and groups: finding them and keeping them tidy.

extraction.py  text in, entities out (spaCy plus our own rules); no database
gazetteer.py   GeoNames places, nationalities and news agencies for extraction
evaluation.py  scoring extraction against gold annotations, CoNLL-style
curation.py    one entity per real thing: names resolved through aliases,
               mentions written, merges; what editors decided stays decided

Importing this package loads nothing heavy: spaCy is imported by extraction.py
on first use, at import time only, never in a web worker.
"""
