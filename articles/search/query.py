"""newsroom's own search query language, parsed into a small tree.

    north korea          both words (AND)
    "north korea"        the phrase
    japan OR china       either (OR binds looser than AND)
    -china, NOT china    without the word
    (a OR b) c           grouping
    defect*              words starting with "defect"
    title:defector       in the headline only (also title:"north korea")
    source:kyodo         from a source (its name or the start of it)
    entity:"North Korea" mentioning an entity
    from:2020-01-01      published on or after; to:2022-12 on or before (a month
                         or a year alone means the whole month or year)

User text never reaches the database's query syntax: each backend compiles the
tree, whose leaves only ever hold letters and digits. Anything malformed (stray
quotes, brackets, operators with nothing beside them) degrades to its plain
words, and every such repair is noted so the page can explain it.
"""

import re
from dataclasses import dataclass, field

from .text import words as split_words

MAX_QUERY_LENGTH = 500
MAX_TERMS = 32

# PostgreSQL's "english" configuration drops these words (Snowball's English
# stop list); dropping them here too keeps both databases' answers the same.
STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been
    before being below between both but by can did do does doing don down during
    each few for from further had has have having he her here hers herself him
    himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own same
    she should so some such t than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when
    where which while who whom why will with you your yours yourself yourselves s
    """.split()
)

FIELDS = ("title", "source", "entity", "from", "to")
FILTER_FIELDS = ("source", "entity", "from", "to")
TOKEN_RE = re.compile(r'(?:[^\W_]+:)?"[^"]*"?|\(|\)|[^\s()"]+')
FIELD_RE = re.compile(r"^([^\W_]+):(.*)$", re.DOTALL)


@dataclass(frozen=True)
class Term:
    word: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]


@dataclass(frozen=True)
class Not:
    child: "Node"


@dataclass(frozen=True)
class And:
    children: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    children: tuple["Node", ...]


@dataclass(frozen=True)
class InTitle:
    """A word or phrase that must be in the headline."""

    child: Term | Phrase


Node = Term | Phrase | Not | And | Or | InTitle


@dataclass(frozen=True)
class FieldFilter:
    """A filter written into the query, e.g. source:kyodo; `text` as typed."""

    name: str
    value: str
    text: str


@dataclass
class ParsedQuery:
    """The tree a query compiles from, plus what was changed to get it."""

    text: str
    tree: Node | None
    ignored: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    filters: list[FieldFilter] = field(default_factory=list)

    def __bool__(self):
        return self.tree is not None

    def positive_words(self) -> list[str]:
        """The words a matching article contains, for explanations and spelling."""
        return _positive_words(self.tree) if self.tree else []

    def without(self, field_filter: FieldFilter) -> str:
        """The query text with one of its field filters taken out."""
        return " ".join(self.text.replace(field_filter.text, " ", 1).split())

    def describe(self) -> str:
        """The query in words, e.g. 'the phrase "north korea" and japan'."""
        if self.tree is None:
            return ""
        text = _describe(self.tree)
        return text[1:-1] if isinstance(self.tree, And | Or) else text


def parse_query(text: str) -> ParsedQuery:
    """Read a user's query; never raises."""
    text = (text or "").replace("\x00", " ")
    parsed = ParsedQuery(text=text, tree=None)
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        parsed.notes.append(f"Only the first {MAX_QUERY_LENGTH} characters were used.")
    parser = _Parser(_tokenize(text), parsed)
    tree = parser.parse()
    tree = _require_positive(tree, parsed)
    if parser.term_count > MAX_TERMS:
        parsed.notes.append(f"Only the first {MAX_TERMS} words were used.")
    parsed.tree = tree
    return parsed


def leaves(
    node: Node | None, *, title: bool = False
) -> list[tuple[Term | Phrase, bool]]:
    """Each word or phrase a matching article contains, with whether it must be
    in the headline; excluded ones are left out. Repeats are kept, as FTS5
    keeps them when it ranks."""
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, Term | Phrase):
        return [(node, title)]
    if isinstance(node, InTitle):
        return leaves(node.child, title=True)
    found = []
    for child in node.children:
        found.extend(leaves(child, title=title))
    return found


def _tokenize(text: str) -> list[str]:
    return TOKEN_RE.findall(text)


class _Parser:
    """Recursive descent over tokens; unknown shapes fall back to words."""

    def __init__(self, tokens: list[str], parsed: ParsedQuery):
        self.tokens = tokens
        self.pos = 0
        self.depth = 0
        self.parsed = parsed
        self.term_count = 0

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self):
        token = self.peek()
        self.pos += 1
        return token

    def parse(self):
        nodes = []
        while self.peek() is not None:
            node = self.or_expr()
            if node is not None:
                nodes.append(node)
            if self.peek() == ")":  # a closing bracket with no opening one
                self.take()
                self.note("An unmatched ')' was ignored.")
        return _and(nodes)

    def or_expr(self):
        branches = [self.and_expr()]
        while self.peek() == "OR":
            self.take()
            branches.append(self.and_expr())
        kept = [b for b in branches if b is not None]
        if len(branches) > 1 and len(kept) < len(branches):
            self.note("'OR' needs something on both sides; it was read as AND.")
            return _and(kept)
        return _or(kept)

    def and_expr(self):
        nodes = []
        while (token := self.peek()) is not None and token not in {"OR", ")"}:
            node = self.unary()
            if node is not None:
                nodes.append(node)
        return _and(nodes)

    def unary(self):
        token = self.peek()
        if token == "-" and not self._next_is_group():
            self.take()  # a dash between words, as in "x - y"
            return None
        if token == "NOT" or token.startswith("-"):
            if (
                token == "NOT" or token == "-"
            ):  # "-" alone negates a "phrase" or (group)
                self.take()
            else:
                self.tokens[self.pos] = token.lstrip("-")
            if self.peek() in {None, "OR", ")"}:
                return None
            child = self.unary()
            if isinstance(child, Not):  # "NOT -word" is just the word
                return child.child
            return Not(child) if child is not None else None
        return self.atom()

    def _next_is_group(self):
        following = self.tokens[self.pos + 1] if self.pos + 1 < len(self.tokens) else ""
        return following == "(" or following.startswith('"')

    def atom(self):
        token = self.take()
        if token == "(":
            if self.depth >= 8:
                return None
            self.depth += 1
            node = self.or_expr()
            self.depth -= 1
            if self.peek() == ")":
                self.take()
            else:
                self.note("An unmatched '(' was ignored.")
            return node
        if token.startswith('"'):
            closed = len(token) > 1 and token.endswith('"')
            if not closed:
                self.note("An unmatched '\"' was ignored.")
            words = self.words(token.strip('"'))
            if closed and len(words) > 1:
                return Phrase(tuple(words))
            return _and([Term(w) for w in words]) if not closed else _single(words)
        if token in {"AND", "NOT"}:
            return None
        field_match = FIELD_RE.match(token)
        if field_match and field_match.group(1).lower() in FIELDS:
            return self.field_term(
                token, field_match.group(1).lower(), field_match.group(2)
            )
        prefix = token.endswith("*")
        words = self.words(token)
        if not words:
            return None
        if len(words) > 1:  # U.S., e-mail, 9/11: one written word, several tokens
            return Phrase(tuple(words))
        if prefix:
            return Term(words[0], prefix=True)
        if words[0] in STOP_WORDS:
            self.parsed.ignored.append(words[0])
            return None
        return Term(words[0])

    def field_term(self, token, name, value):
        quoted = value.startswith('"')
        value = value.strip('"').strip()
        if not value:
            self.note(f"'{name}:' needs something after the colon; it was ignored.")
            return None
        if name in FILTER_FIELDS:
            self.parsed.filters.append(FieldFilter(name=name, value=value, text=token))
            return None
        # title: a word, prefix or phrase that must be in the headline
        words = self.words(value)
        if not words:
            return None
        if len(words) > 1 or quoted and len(words) > 1:
            return InTitle(Phrase(tuple(words)))
        return InTitle(Term(words[0], prefix=value.endswith("*")))

    def words(self, text):
        words = split_words(text)
        allowed = max(0, MAX_TERMS - self.term_count)
        self.term_count += len(words)
        return words[:allowed]

    def note(self, message):
        if message not in self.parsed.notes:
            self.parsed.notes.append(message)


def _single(words):
    return Term(words[0]) if words else None


def _joined(kind, nodes):
    """One `kind` (And or Or) of the nodes, nested ones of the same kind
    flattened and repeats dropped; a single node stands alone."""
    flat = []
    for node in nodes:
        if node is not None:
            flat.extend(node.children if isinstance(node, kind) else [node])
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else kind(tuple(dict.fromkeys(flat)))


def _and(nodes):
    return _joined(And, nodes)


def _or(nodes):
    return _joined(Or, nodes)


def _require_positive(node, parsed):
    """Drop exclusions that have nothing to exclude from ("-china" alone)."""
    if node is None:
        return None
    if isinstance(node, Not):
        parsed.notes.append(
            "A search needs at least one word to look for; "
            "exclusions alone were ignored."
        )
        return None
    if isinstance(node, Or):
        return _or([_require_positive(c, parsed) for c in node.children])
    if isinstance(node, And):
        positives = [c for c in node.children if not isinstance(c, Not)]
        if not positives:
            return _require_positive(Not(node.children[0]), parsed)
        negatives = [
            _require_positive(c.child, parsed)
            for c in node.children
            if isinstance(c, Not)
        ]
        return _and(
            [_require_positive(c, parsed) for c in positives]
            + [Not(n) for n in negatives if n is not None]
        )
    return node


def _positive_words(node):
    if isinstance(node, InTitle):
        return _positive_words(node.child)
    if isinstance(node, Term):
        return [node.word]
    if isinstance(node, Phrase):
        return list(node.words)
    if isinstance(node, Not):
        return []
    words = []
    for child in node.children:
        words.extend(_positive_words(child))
    return words


def _describe(node):
    if isinstance(node, InTitle):
        return f"{_describe(node.child)} in the headline"
    if isinstance(node, Term):
        return f"words starting with {node.word}" if node.prefix else node.word
    if isinstance(node, Phrase):
        return f'the phrase "{" ".join(node.words)}"'
    if isinstance(node, Not):
        return f"not {_describe(node.child)}"
    joiner = " and " if isinstance(node, And) else " or "
    parts = [_describe(c) for c in node.children]
    return "(" + joiner.join(parts) + ")" if len(parts) > 1 else parts[0]
