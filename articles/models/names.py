"""Names and slugs: the keys two spellings of a name share, and free slugs."""

import re
import unicodedata

from django.utils.text import slugify


def normalize_name(name: str) -> str:
    """The key two spellings of one entity name share: case, spacing, "The", "'s"."""
    text = unicodedata.normalize("NFKC", name).replace("\u2019", "'")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"'s?$", "", text)
    text = re.sub(r"(?<=\w)\.(?=\w)", "", text)  # U.S. and US are one name
    return text.casefold().strip(" .,;:-")


def unique_slug(model, value: str, *, max_length: int = 80, **scope) -> str:
    """A slug for `value` not yet used by another row of `model` in `scope`."""
    base = slugify(value)[:max_length].strip("-") or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug, **scope).exists():
        suffix = f"-{n}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        n += 1
    return slug
