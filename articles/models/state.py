"""The archive's state as a whole: what every public page's validators are
made from (articles/caching.py)."""

from django.db import models


class ArchiveState(models.Model):
    """One row: how many changes the archive has seen, and when the last
    was. Kept by the database itself (the "archive changes" triggers,
    articles/db/triggers.py), so that no way of writing (an import's bulk
    inserts, the admin, a merge, plain SQL) can change what readers see and
    leave it alone."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = "archive state"

    def __str__(self):
        return f"archive version {self.version} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
