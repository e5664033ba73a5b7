"""What the full-text index reads: search text, index entries, vocabulary.

The index itself belongs to the database (migration 0002, and the triggers in
articles/db/triggers.py); these models let the ORM write and join to it.
"""

from django.db import models

from .archive import Article


class SearchText(models.Model):
    """An article as the search index reads it: stemmed words, by field.

    Written by articles.search.indexing whenever an article is saved. The
    database's own index (below) is built from these rows by triggers, so
    SQLite and PostgreSQL index exactly the same words.
    """

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="search_text"
    )
    title = models.TextField()
    lead = models.TextField(help_text="The first paragraph.")
    rest = models.TextField()
    length = models.PositiveIntegerField(help_text="Words in title, lead and rest.")

    def __str__(self):
        return f"search text of article {self.article_id}"


class SearchDocument(models.Model):
    """The database's full-text index entry of an article.

    Not managed by Django: on SQLite an FTS5 table over articles_searchtext, on
    PostgreSQL a table of weighted tsvectors; both are created and kept in step
    with SearchText by triggers in migration 0002. Declared so the ORM can join
    articles to it.
    """

    article = models.OneToOneField(
        Article,
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,
        related_name="search_document",
    )
    # FTS5's hidden column named after its table, which MATCH and bm25() take;
    # on PostgreSQL the tsvector column, given the same name to match.
    entry = models.TextField(db_column="articles_search")

    class Meta:
        managed = False
        db_table = "articles_search"

    def __str__(self):
        return f"search index entry of article {self.article_id}"


class SearchTerm(models.Model):
    """A stemmed word of the index and how many articles contain it.

    Not managed by Django: on SQLite a live fts5vocab table, on PostgreSQL a
    table refreshed after imports (see PostgresSearchBackend.refresh_vocabulary).
    """

    term = models.TextField(primary_key=True)
    doc = models.IntegerField()

    class Meta:
        managed = False
        db_table = "articles_search_vocab"

    def __str__(self):
        return self.term
