"""newsroom's read-only API: /api/.

Articles (with their story and its versions), stories, entities (with their
aliases), sources and search (the search page's query language, filters and
order), as JSON, a page at a time with cursors. Django REST framework serves
it; drf-spectacular describes it in OpenAPI 3 at /api/schema/ and shows that
description at /api/docs/. Anonymous clients are rate-limited; a staff
member's token (created in the admin) lifts the limit.
"""
