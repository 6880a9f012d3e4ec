"""Full-text search: the query language, and the store's search on SQLite (FTS5) and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from geo.models import DocumentMeta, Extraction, SourceDocument
from geo.read.reading import content_hash
from geo.store.database import SNIPPET_END, SNIPPET_START, Store
from geo.store.search import (
    Both,
    Either,
    QuerySyntaxError,
    Term,
    Without,
    fts5_match,
    parse,
    postgres_tsquery,
)

W, P = Term, lambda t: Term(t, phrase=True)


@pytest.mark.parametrize(("query", "tree"), [
    ("Wuhan", W("Wuhan")),
    ('"sister city" AND Wuhan', Both(P("sister city"), W("Wuhan"))),
    ('"sister   city"', P("sister city")),
    ("Wuhan Osaka", Both(W("Wuhan"), W("Osaka"))),
    ("Wuhan OR Osaka", Either(W("Wuhan"), W("Osaka"))),
    ("Wuhan NOT Osaka", Without(W("Wuhan"), W("Osaka"))),
    ("a OR b c", Either(W("a"), Both(W("b"), W("c")))),
    ("(a OR b) c", Both(Either(W("a"), W("b")), W("c"))),
    ("a NOT b AND c", Both(Without(W("a"), W("b")), W("c"))),
    ("counc*", Term("counc", prefix=True)),
    ("and or not", Both(Both(W("and"), W("or")), W("not"))),  # lower case: words
    ("Xi'an", W("Xi'an")),
])
def test_parse(query: str, tree: object) -> None:
    assert parse(query) == tree


@pytest.mark.parametrize(("query", "message"), [
    ("", "nothing to search for"),
    ("   ", "nothing to search for"),
    ('"sister city', "a quote is not closed"),
    ('""', "an empty phrase"),
    ("(a OR b", "a bracket is not closed"),
    ("a)", "unexpected ')'"),
    ("NOT Wuhan", "NOT needs something before it"),
    ("Wuhan AND", "the search ends where a word was expected"),
    ("OR Wuhan", "OR needs a word"),
    ("c++*", "a prefix search takes letters and digits"),
    ("x" * 301, "at most 300 characters"),
])
def test_bad_queries_say_what_is_wrong(query: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=re.escape(message)):
        parse(query)


@pytest.mark.parametrize(("query", "match"), [
    ('"sister city" AND Wuhan', '("sister city" AND "Wuhan")'),
    ("a NOT b OR c*", '(("a" NOT "b") OR "c"*)'),
    ('say "no"', '("say" AND "no")'),
    ("Xi'an", "\"Xi'an\""),
])
def test_fts5_match_quotes_every_term(query: str, match: str) -> None:
    assert fts5_match(parse(query)) == match


@pytest.mark.parametrize(("query", "sql", "params"), [
    ("Wuhan", "plainto_tsquery('english', :q0)", {"q0": "Wuhan"}),
    ('"sister city" AND Wuhan',
     "(phraseto_tsquery('english', :q0) && plainto_tsquery('english', :q1))",
     {"q0": "sister city", "q1": "Wuhan"}),
    ("a NOT b", "(plainto_tsquery('english', :q0) && !!plainto_tsquery('english', :q1))",
     {"q0": "a", "q1": "b"}),
    ("counc* OR x", "(to_tsquery('english', :q0) || plainto_tsquery('english', :q1))",
     {"q0": "counc:*", "q1": "x"}),
    ("Robert'; DROP TABLE documents;--",
     "(((plainto_tsquery('english', :q0) && plainto_tsquery('english', :q1)) && "
     "plainto_tsquery('english', :q2)) && plainto_tsquery('english', :q3))",
     {"q0": "Robert';", "q1": "DROP", "q2": "TABLE", "q3": "documents;--"}),
])
def test_postgres_tsquery_binds_every_term(query: str, sql: str, params: dict[str, str]) -> None:
    assert postgres_tsquery(parse(query)) == (sql, params)


# --- in the store --------------------------------------------------------------------------------

ARTICLES = {
    "wuhan_ties": "Mayor Lee of Pittsburgh signed a sister city agreement with Wuhan on Monday.\n"
                  "The council approved the deal.",
    "wuhan_trade": "A trade delegation from Wuhan visited Chicago.\nNo sister relationship was discussed.",
    "osaka_cities": "Osaka and San Francisco have been sister cities since 1957.\nThe city council met.",
    "plain": "The weather in Tulsa was mild.\nA farmers market opened.",
}


def article(doc_id: str, body: str) -> Extraction:
    document = SourceDocument(id=doc_id, path=f"{doc_id}.txt", text=body, content_hash=content_hash(body),
                              meta=DocumentMeta(title="Title of the article"))
    return Extraction(document=document, sentences=(), places=(), people=(), organizations=(),
                      programs=(), dates=(), trips=())


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = (f"sqlite:///{tmp_path / 'atlas.db'}" if request.param == "sqlite"
           else str(request.getfixturevalue("pg_database")))
    with Store(url) as opened:
        for doc_id, body in ARTICLES.items():
            opened.save_extraction(article(doc_id, body))
        yield opened


@pytest.mark.parametrize(("query", "found"), [
    ('"sister city" AND Wuhan', ["wuhan_ties"]),
    ('"sister city"', ["osaka_cities", "wuhan_ties"]),  # stemmed: "sister cities" too
    ("Wuhan", ["wuhan_ties", "wuhan_trade"]),
    ("wuhan", ["wuhan_ties", "wuhan_trade"]),
    ("Wuhan NOT agreement", ["wuhan_trade"]),
    ("Tulsa OR Osaka", ["osaka_cities", "plain"]),
    ("counc*", ["osaka_cities", "wuhan_ties"]),
    ('"city sister"', []),  # a phrase is in order
    ("Kyoto", []),
    ("Title", sorted(ARTICLES)),  # the title is searched too
])
def test_search_keeps_the_matching_articles(store: Store, query: str, found: list[str]) -> None:
    assert sorted(hit.document_id for hit in store.search(query)) == found


def test_a_search_snippet_marks_what_matched(store: Store) -> None:
    [hit] = store.search('"sister city" AND Wuhan', snippets=True)
    assert f"{SNIPPET_START}Wuhan{SNIPPET_END}" in hit.snippet
    assert f"{SNIPPET_START}sister" in hit.snippet  # the phrase as one mark (FTS5) or word by word
    assert hit.rank > 0
    assert store.search("Wuhan", limit=1)[0].snippet == ""


def test_the_index_follows_reingest_and_delete(store: Store) -> None:
    store.save_extraction(article("wuhan_trade", "A trade delegation from Kyoto visited Chicago."))
    assert [h.document_id for h in store.search("Wuhan")] == ["wuhan_ties"]
    assert [h.document_id for h in store.search("Kyoto")] == ["wuhan_trade"]
    store.delete_document("wuhan_ties")
    assert store.search("Wuhan") == []
    assert [h.document_id for h in store.search("Kyoto")] == ["wuhan_trade"]


def test_a_database_made_before_the_index_is_indexed_when_opened(store: Store) -> None:
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM documents_fts"))
    assert store.search("Wuhan") == []
    with Store(store.url) as again:
        assert len(again.search("Wuhan")) == 2


def test_a_bad_query_is_a_value_error_quoting_it(store: Store) -> None:
    with pytest.raises(ValueError, match=re.escape("a quote is not closed in '\"sister city'")):
        store.search('"sister city')
