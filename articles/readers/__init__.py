"""Readers' own part of the archive: accounts, saved searches with what is
new in them, their private feeds, and the e-mailed digests of new stories."""
