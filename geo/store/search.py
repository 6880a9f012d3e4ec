"""Full-text queries: ``"sister city" AND Wuhan`` parsed once, then written as SQLite FTS5 or PostgreSQL SQL.

The language is Datasette's and SQLite's: words, ``"quoted phrases"``, ``prefix*``, ``AND`` (also
implied between two terms), ``OR``, ``A NOT B`` (A without B), and parentheses; the operators are
upper case, as in FTS5. ``parse`` makes a small tree; ``fts5_match`` and ``postgres_tsquery`` are
pure builders from it, the second returning ``(sql, params)`` so no user text is ever spliced into
SQL. Both backends stem English words (FTS5's porter tokenizer, PostgreSQL's ``english``
configuration), so "cities" finds "city"; PostgreSQL also ignores stop words such as "the".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_QUERY_CHARS = 300
PG_CONFIG = "english"

_TOKEN = re.compile(r'\s*(?:(?P<phrase>"[^"]*"?)|(?P<paren>[()])|(?P<word>[^\s"()]+))')
_PREFIX_WORD = re.compile(r"\w+")


class QuerySyntaxError(ValueError):
    """A search query that cannot be read; the message says where and quotes it."""


@dataclass(frozen=True, slots=True)
class Term:
    """A word, a quoted phrase, or a word prefix (``counc*``)."""

    text: str
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Both:
    """Documents matching both sides."""

    left: Query
    right: Query


@dataclass(frozen=True, slots=True)
class Either:
    """Documents matching one side or the other."""

    left: Query
    right: Query


@dataclass(frozen=True, slots=True)
class Without:
    """Documents matching the left side and not the right."""

    left: Query
    right: Query


Query = Term | Both | Either | Without


def parse(text: str) -> Query:
    """The query tree of ``text``; a ``QuerySyntaxError`` quoting it when it cannot be read."""
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"a search is at most {MAX_QUERY_CHARS} characters, got {len(text)}")
    tokens = _tokens(text)
    if not tokens:
        raise QuerySyntaxError(f"nothing to search for in {text!r}")
    parser = _Parser(tokens, text)
    query = parser.either()
    if parser.pos < len(tokens):
        raise QuerySyntaxError(f"unexpected {tokens[parser.pos][1]!r} in {text!r}")
    return query


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind is None:
            continue
        value = match.group(kind)
        if kind == "phrase":
            if len(value) < 2 or not value.endswith('"'):
                raise QuerySyntaxError(f"a quote is not closed in {text!r}")
            if not value[1:-1].strip():
                raise QuerySyntaxError(f"an empty phrase \"\" in {text!r}")
        elif kind == "word" and value in ("AND", "OR", "NOT"):
            kind = "op"
        tokens.append((kind, value))
    return tokens


class _Parser:
    """Recursive descent: OR binds loosest, then AND and NOT (left to right), then terms and brackets."""

    def __init__(self, tokens: list[tuple[str, str]], text: str) -> None:
        self.tokens = tokens
        self.text = text
        self.pos = 0

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def either(self) -> Query:
        left = self.both()
        while self._peek() == ("op", "OR"):
            self.pos += 1
            left = Either(left, self.both())
        return left

    def both(self) -> Query:
        left = self.term()
        while True:
            token = self._peek()
            if token in (("op", "AND"), ("op", "NOT")):
                self.pos += 1
                right = self.term()
                left = Both(left, right) if token == ("op", "AND") else Without(left, right)
            elif token is not None and token[0] != "op" and token != ("paren", ")"):
                left = Both(left, self.term())  # two terms side by side: both
            else:
                return left

    def term(self) -> Query:
        token = self._peek()
        if token is None:
            raise QuerySyntaxError(f"the search ends where a word was expected: {self.text!r}")
        kind, value = token
        self.pos += 1
        if kind == "paren" and value == "(":
            inner = self.either()
            if self._peek() != ("paren", ")"):
                raise QuerySyntaxError(f"a bracket is not closed in {self.text!r}")
            self.pos += 1
            return inner
        if kind == "op":
            where = "NOT needs something before it (A NOT B)" if value == "NOT" else f"{value} needs a word"
            raise QuerySyntaxError(f"{where}: {self.text!r}")
        if kind == "paren":
            raise QuerySyntaxError(f"unexpected ')' in {self.text!r}")
        if kind == "phrase":
            return Term(" ".join(value[1:-1].split()), phrase=True)
        if value.endswith("*"):
            stem = value.rstrip("*")
            if not _PREFIX_WORD.fullmatch(stem):
                raise QuerySyntaxError(f"a prefix search takes letters and digits before '*', got: {value!r}")
            return Term(stem, prefix=True)
        return Term(value)


def fts5_match(query: Query) -> str:
    """The query as an FTS5 MATCH expression: every term quoted, every operator bracketed."""
    if isinstance(query, Term):
        quoted = '"' + query.text.replace('"', '""') + '"'
        return quoted + "*" if query.prefix else quoted
    op = {Both: "AND", Either: "OR", Without: "NOT"}[type(query)]
    return f"({fts5_match(query.left)} {op} {fts5_match(query.right)})"


def postgres_tsquery(query: Query, prefix: str = "q") -> tuple[str, dict[str, str]]:
    """The query as a PostgreSQL ``tsquery`` expression with its bound parameters."""
    params: dict[str, str] = {}

    def build(node: Query) -> str:
        if isinstance(node, Term):
            name = f"{prefix}{len(params)}"
            if node.prefix:
                params[name] = f"{node.text}:*"
                return f"to_tsquery('{PG_CONFIG}', :{name})"
            params[name] = node.text
            function = "phraseto_tsquery" if node.phrase else "plainto_tsquery"
            return f"{function}('{PG_CONFIG}', :{name})"
        left, right = build(node.left), build(node.right)
        if isinstance(node, Both):
            return f"({left} && {right})"
        if isinstance(node, Either):
            return f"({left} || {right})"
        return f"({left} && !!{right})"

    return build(query), params
