"""News agencies: the one name of a source, whatever spelling the copy uses."""

_SOURCES = {
    "Kyodo News": ("kyodo", "kyodo news agency", "kyodo news service"),
    "Associated Press": ("ap", "the associated press", "ap news"),
    "Reuters": ("reuter", "thomson reuters", "reuters news agency"),
    "Yonhap": ("yonhap news", "yonhap news agency"),
    "AFP": ("agence france presse", "agence france-presse"),
    "dpa": ("deutsche presse-agentur", "deutsche presse agentur"),
    "Xinhua": ("xinhua news agency", "xinhuanet"),
    "BBC News": ("bbc", "bbc news online"),
    "UPI": ("united press international",),
    "Bloomberg": ("bloomberg news",),
    "PA Media": ("pa", "press association", "the press association"),
    "Jiji Press": ("jiji",),
    "AAP": ("australian associated press",),
    "TASS": ("itar-tass",),
}
_SOURCE_STRIP = " \t()[]{}=_-–—,;:"


def _source_key(name: str) -> str:
    key = " ".join(name.casefold().replace(".", "").replace("-", " ").split())
    return key.removeprefix("the ")


_SOURCE_KEYS = {
    _source_key(alias): name
    for name, aliases in _SOURCES.items()
    for alias in (name, *aliases)
}


def canonical_source(name: str) -> str:
    """The display name of a news source: "KYODO" -> "Kyodo News".

    Spellings agencies use for themselves map to one name ("AP" and "The
    Associated Press" -> "Associated Press", "Reuter" -> "Reuters", "BBC" ->
    "BBC News"). Unknown names come back tidied (outer spaces, brackets and
    dashes removed), never dropped. In "tca/dpa" the first known part wins.
    """
    if not isinstance(name, str):
        return ""
    tidy = " ".join(name.split()).strip(_SOURCE_STRIP)
    return known_source(tidy) or tidy


def known_source(name: str) -> str:
    """The canonical name when `name` is a known source, else ""."""
    known = _SOURCE_KEYS.get(_source_key(name.strip(_SOURCE_STRIP)))
    if known or "/" not in name:
        return known or ""
    return next(filter(None, (known_source(part) for part in name.split("/"))), "")
