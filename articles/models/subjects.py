"""Subjects: the topics an agency files a story under, as its feed codes
them (IPTC Media Topics in NewsML-G2, "medtop:20000350", "central bank"; an
agency's own codes elsewhere). Browsable like entities: a facet on search
and a page per subject."""

from django.db import models
from django.urls import reverse

from .names import unique_slug


class Subject(models.Model):
    """A topic code and its name, as the feeds that used it gave them."""

    code = models.CharField(
        max_length=200,
        unique=True,
        help_text='As the feed codes it: "medtop:20000350".',
    )
    name = models.CharField(max_length=300, blank=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name", "code"]

    def __str__(self):
        return self.name or self.code

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Subject, self.name or self.code, max_length=100)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:subject", kwargs={"slug": self.slug})

    @property
    def code_kind(self) -> str:
        """How the standards write the code: "uri" (an address), "qcode"
        (scheme:code, "medtop:20000350") or "literal" (anything else)."""
        if self.code.startswith(("http://", "https://")):
            return "uri"
        scheme, colon, value = self.code.partition(":")
        if colon and scheme.isalnum() and value and " " not in self.code:
            return "qcode"
        return "literal"
