"""Reading documents: formats, sidecars, and every kind of bad file refused with its name and reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.read.checks import (
    BinaryFileError,
    EmptyFileError,
    FileTooLargeError,
    MetadataError,
    MissingFileError,
    ReadError,
    TextEncodingError,
    validate_published,
)
from geo.read.reading import (
    discover,
    document_from_bytes,
    document_from_text,
    html_to_text,
    markdown_to_text,
    read_document,
)

ARTICLE = "Mayors from Tulsa, Oklahoma, travelled to Osaka.\nThey met the governor.\n"


def write(path: Path, content: str | bytes, meta: object = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    if meta is not None:
        sidecar = path.with_suffix(".json")
        sidecar.write_text(meta if isinstance(meta, str) else json.dumps(meta), encoding="utf-8")
    return path


def test_text_with_sidecar(tmp_path: Path) -> None:
    path = write(tmp_path / "visit_01.txt", ARTICLE, {
        "title": "Mayors go to Osaka", "outlet": "The Test Times", "author": "A. Writer",
        "published": "2024-02-01", "url": "https://example.org/a", "language": "en", "extra": [1, 2],
    })
    document = read_document(path)
    assert document.id == "visit_01"
    assert document.text == ARTICLE.rstrip("\n")
    assert document.meta.title == "Mayors go to Osaka"
    assert document.meta.published == "2024-02-01"
    assert document.meta.outlet == "The Test Times"
    assert len(document.content_hash) == 64


def test_no_sidecar_means_empty_metadata(tmp_path: Path) -> None:
    document = read_document(write(tmp_path / "a.txt", ARTICLE))
    assert document.meta.published is None
    assert document.meta.title is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"One.\r\nTwo.\r\n", "One.\nTwo."),
        (b"One.\rTwo.", "One.\nTwo."),
        (b"\xef\xbb\xbfWith a BOM.", "With a BOM."),
        ("Caf\u00e9 in UTF-16.".encode("utf-16"), "Caf\u00e9 in UTF-16."),
        (b"Trailing blanks.   \nNext.\t\n\n", "Trailing blanks.\nNext."),
        ("Nul\u0000 and\u0007 bell.\fPage two.".encode("utf-16"), "Nul and bell.\nPage two."),
    ],
)
def test_text_is_normalised(tmp_path: Path, raw: bytes, expected: str) -> None:
    assert read_document(write(tmp_path / "n.txt", raw)).text == expected


def test_same_text_same_hash_whatever_the_name(tmp_path: Path) -> None:
    a = read_document(write(tmp_path / "a.txt", ARTICLE))
    b = read_document(write(tmp_path / "b.txt", ARTICLE.replace("\n", "\r\n")))
    assert a.content_hash == b.content_hash
    assert a.id != b.id


def test_html_to_text_keeps_paragraphs_and_drops_scripts_and_navigation(tmp_path: Path) -> None:
    html = """<!doctype html><html><head><title>Mayors &amp; Osaka</title>
    <style>p { color: red }</style><script>alert("x")</script></head>
    <body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
    <h1>Headline here</h1>
    <p>Mayors from <b>Tulsa</b>, Oklahoma,
       travelled to Osaka.</p><p>They met the governor.<br>Then they left.</p>
    <ul><li>First point</li><li>Second point</li></ul>
    <footer>Copyright</footer><!-- a comment --></body></html>"""
    assert html_to_text(html).split("\n") == [  # the reader a page falls back on (tests/read/test_formats.py)
        "Headline here", "Mayors from Tulsa, Oklahoma, travelled to Osaka.", "They met the governor.",
        "Then they left.", "First point", "Second point",
    ]
    document = read_document(write(tmp_path / "page.html", html))
    assert "Mayors from Tulsa, Oklahoma, travelled to Osaka.\nThey met the governor." in document.text
    assert "Home" not in document.text
    assert "Copyright" not in document.text
    assert document.meta.title == "Headline here"  # trafilatura: the headline shown, without an og:title


def test_html_story_without_the_site_around_it() -> None:
    html = """<html><body>
    <header class="site"><a href="/">The Test Times</a></header>
    <div class="sidebar">Most read: something else</div>
    <article>
      <header><h1>Mayors visit Osaka</h1><p class="byline">By A. Writer</p></header>
      <p>The delegation arrived on Tuesday.</p>
      <div class="share">Share on social media</div>
      <footer>Filed under: cities</footer>
    </article>
    <section id="comments"><p>Reader: junkets, all of them.</p></section>
    <footer>Copyright The Test Times</footer>
    </body></html>"""
    assert html_to_text(html).split("\n") == [
        "Mayors visit Osaka", "By A. Writer", "The delegation arrived on Tuesday.", "Filed under: cities",
    ]


def test_html_reader_comments_dropped_without_an_article_element() -> None:
    html = """<body><p>The story.</p><div class="comment-list"><div class="comment">Reader text</div></div>
    <div id="disqus_thread">More readers</div><div class="comment-body-wrapper">kept: not furniture</div>
    </body>"""
    assert html_to_text(html).split("\n") == ["The story.", "kept: not furniture"]


def test_sidecar_title_wins_over_html_title(tmp_path: Path) -> None:
    path = write(tmp_path / "page.htm", "<title>From HTML</title><p>Text.</p>", {"title": "From sidecar"})
    assert read_document(path).meta.title == "From sidecar"


def test_html_entities_and_markup_in_text_are_text() -> None:
    assert html_to_text("<p>&lt;script&gt;alert(1)&lt;/script&gt; is shown</p>") == (
        "<script>alert(1)</script> is shown"
    )


def test_markdown_to_text() -> None:
    text, title = markdown_to_text(
        "# Mayors *visit* Osaka\n\nThe **delegation** from [Tulsa](https://x.org) arrived.\n"
        "- first item\n> a quote\n![photo](a.png)\n```\ncode stays\n```\n"
    )
    assert title == "Mayors visit Osaka"
    assert text.split("\n") == ["Mayors visit Osaka", "", "The delegation from Tulsa arrived.", "first item",
                                "a quote", "", "code stays", ""]


def test_markdown_title_used_without_sidecar(tmp_path: Path) -> None:
    document = read_document(write(tmp_path / "note.md", "# A heading\n\nBody text."))
    assert document.meta.title == "A heading"
    assert document.text == "A heading\n\nBody text."


def test_document_from_text_for_uploads() -> None:
    document = document_from_text("upload", "<p>Hello <i>there</i></p>", kind=".html")
    assert document.text == "Hello there"
    assert document.id == "upload"


@pytest.mark.parametrize(
    ("name", "raw", "error", "words"),
    [
        ("a.odt", b"PK\x03\x04", ReadError, "not a .txt, .md, .html, .htm, .pdf, .docx file"),
        ("a.pdf", b"%PDF-1.4", ReadError, "truncated PDF"),
        ("a.txt", b"\x00\x01\x02", BinaryFileError, "binary data"),
        ("a.txt", "M\u00fcnchen".encode("cp1252"), TextEncodingError, "not valid UTF-8: byte fc at offset 1"),
        ("a.txt", b" \n ", EmptyFileError, "empty"),
        ("a.txt", b"x" * 100, FileTooLargeError, "above the limit"),
    ],
)
def test_uploaded_bytes_get_the_checks_of_a_file(
    name: str, raw: bytes, error: type[ReadError], words: str
) -> None:
    with pytest.raises(error) as caught:
        document_from_bytes(name, raw, max_bytes=50)
    assert words in caught.value.reason
    assert str(caught.value).startswith(name)


def test_uploaded_bytes_become_a_document() -> None:
    document = document_from_bytes("My Article.html", "<title>T</title><p>Caf\u00e9.</p>".encode("utf-16"))
    assert (document.id, document.text, document.meta.title) == ("My Article", "Caf\u00e9.", "T")


def test_discover_walks_folders_and_skips_sidecars(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE, {"title": "A"})
    write(tmp_path / "sub" / "b.md", "# B")
    write(tmp_path / "sub" / "deeper" / "c.HTML", "<p>C</p>")
    write(tmp_path / "sub" / "d.htm", "<p>D</p>")
    write(tmp_path / "notes.odt", b"PK")
    write(tmp_path / "report.PDF", b"%PDF")
    write(tmp_path / "sub" / "memo.docx", b"PK")
    write(tmp_path / ".hidden" / "e.txt", "hidden")
    found = discover([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.txt", "report.PDF", "sub/b.md", "sub/d.htm", "sub/deeper/c.HTML", "sub/memo.docx",
    ]


def test_discover_keeps_explicit_files_and_missing_paths_once(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", ARTICLE)
    missing = tmp_path / "gone.txt"
    assert discover([a, tmp_path, missing, a]) == [a, missing]


# --- bad input: each refused with a clear reason naming the file ---------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "meta", "error", "words"),
    [
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, BinaryFileError, "binary data"),
        ("latin1.txt", "Caf\u00e9 in M\u00fcnchen".encode("latin-1"), None, TextEncodingError,
         "not valid UTF-8: byte e9 at offset 3"),
        ("empty.txt", b"", None, EmptyFileError, "empty"),
        ("blank.txt", b"  \n\n\t \r\n", None, EmptyFileError, "empty"),
        ("empty.html", "<html><script>x()</script></html>", None, EmptyFileError, "no text"),
        ("broken.txt", ARTICLE, '{"title": "A",\n "published": }', MetadataError,
         "sidecar broken.json is not valid JSON: Expecting value at line 2, column 15"),
        ("array.txt", ARTICLE, "[1, 2]", MetadataError, "expected a JSON object"),
        ("feb30.txt", ARTICLE, {"published": "2024-02-30"}, MetadataError, "not a real date: '2024-02-30'"),
        ("month13.txt", ARTICLE, {"published": "2024-13"}, MetadataError, "not a real date: '2024-13'"),
        ("words.txt", ARTICLE, {"published": "last Tuesday"}, MetadataError, "YYYY-MM-DD or YYYY-MM"),
        ("typed.txt", ARTICLE, {"title": 42}, MetadataError, "'title' must be a string, got: 42"),
        ("sidecar.json", "{}", None, MetadataError, "metadata of the document beside it"),
    ],
)
def test_bad_files_are_refused_with_reason(
    tmp_path: Path, name: str, content: str | bytes, meta: object, error: type[ReadError], words: str
) -> None:
    path = write(tmp_path / name, content, meta)
    with pytest.raises(error) as caught:
        read_document(path)
    assert words in caught.value.reason
    assert str(path) in str(caught.value)
    assert caught.value.path == path


def test_large_file_refused_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path / "huge.txt", b"word " * (3 * 1024 * 1024))
    with pytest.raises(FileTooLargeError, match=r"huge\.txt: the file is 15\.0 MB, above the limit of 5\.0"):
        read_document(path)
    assert read_document(path, max_bytes=20 * 1024 * 1024).text.startswith("word word")


def test_vanished_file(tmp_path: Path) -> None:
    path = write(tmp_path / "soon_gone.txt", ARTICLE)
    [found] = discover([tmp_path])
    path.unlink()
    with pytest.raises(MissingFileError, match=r"soon_gone\.txt: no such file") as caught:
        read_document(found)
    assert isinstance(caught.value, FileNotFoundError)


def test_errors_are_builtin_exceptions_too(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="binary"):
        read_document(write(tmp_path / "b.txt", b"a\x00b"))
    with pytest.raises(UnicodeError):
        read_document(write(tmp_path / "u.txt", b"\xff\xfe\xfd abc"[2:]))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("2024-02-01", "2024-02-01"),
        ("2024-02", "2024-02"),
        ("2024-02-29", "2024-02-29"),
        ("2024-02-01T10:30:00Z", "2024-02-01"),
    ],
)
def test_published_accepted(value: str | None, expected: str | None) -> None:
    assert validate_published(value) == expected


@pytest.mark.parametrize("value", ["2023-02-29", "2024-00", "2024-1-5", "24-01-01", "2024/01/05", "2024"])
def test_published_refused(value: str) -> None:
    with pytest.raises(ValueError, match="published"):
        validate_published(value)


def test_hostile_deep_nesting_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "deep.html", "<div>" * 20000 + "Deep <b>" * 5000 + "text." + "</div>" * 20000)
    assert read_document(path).text == "Deep " * 5000 + "text."
