"""Labelled same-story pairs for grouping wire versions into Stories (see README.md)."""
