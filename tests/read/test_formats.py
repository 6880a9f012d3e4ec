"""Saved web pages, PDF and Word files: their text, their own metadata, and every kind of bad file refused.

The saved pages of tests/data/pages are invented, in the shape of real news pages (their README
says which); the seed's PDF and DOCX in tests/data/seed_formats are made by scripts/seed_formats.py.
"""

from __future__ import annotations

import io
import json
import shutil
import tracemalloc
import zipfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from geo.models import DocumentMeta
from geo.pipeline import ingest
from geo.read.checks import (
    EmptyFileError,
    EncryptedFileError,
    FileTooLargeError,
    NoTextLayerError,
    ReadError,
    UnreadableFileError,
)
from geo.read.formats import PdfLine, _without_site, pdf_paragraphs, split_furniture
from geo.read.reading import discover, document_from_bytes, merge_metadata, read_document
from geo.store.database import Store
from tests.test_pipeline import FakeExtractor

if TYPE_CHECKING:
    from spacy.language import Language

    from geo.places.gazetteer import Gazetteer

DATA = Path(__file__).resolve().parents[1] / "data"
PAGES = DATA / "pages"
SEED_TEXT = next((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt")).read_text(encoding="utf-8")
SEED_PDF = next((DATA / "seed_formats" / "pdf").glob("*.pdf"))
SEED_DOCX = next((DATA / "seed_formats" / "docx").glob("*.docx"))
MB = 1024 * 1024


# --- saved web pages ------------------------------------------------------------------------

PAGE_CASES = [
    # page, title, outlet, author, published, url, language, in the text, not in the text
    ("wire_lakeview_osaka.html", "Lakeview mayor leads trade mission to Osaka", "Meridian Wire",
     "Dana Whitfield", "2023-03-14", "https://www.meridianwire.example/article/us-lakeview-osaka-idUSKBN0TEST",
     "en", ["led a trade mission of twelve", "Additional reporting by"],
     ["4 Min Read", "Related Coverage", "Factbox:", "Trust Principles", "cookies", "Most read", "Share on"]),
    ("daily_pineford_kaohsiung.html", "Pineford councillors return from Kaohsiung visit",
     "The Pineford Courier", "Morgan Hale", "2024-02-06",
     "https://www.pinefordcourier.example/world/2024/feb/06/pineford-councillors-kaohsiung-visit", "en",
     ["It calls on the", "But a spokesperson for"],
     ["Available for everyone, funded by readers", "Make a contribution", "Striking members of the union",
      "Striking dock workers", "Skip to main content"]),
    ("blog_rivermouth_sapporo.html", "Rivermouth Sister-City Delegation Tours Sapporo Snow Festival",
     "Harbor Ledger", "Jordan McAllister", "2022-02-09",
     "https://harborledger.example/rivermouth-delegation-sapporo/48213/", "en",
     ["spent last week in Sapporo, Japan", "using novel techniques to cut the cost"],
     ["Share this article:", "Write a comment", "Notify me when new comments are added.",
      "uses Akismet to reduce spam.", "Related Posts", "Newsletter"]),
]


@pytest.mark.parametrize(
    ("page", "title", "outlet", "author", "published", "url", "language", "present", "absent"),
    PAGE_CASES, ids=[c[0] for c in PAGE_CASES],
)
def test_a_saved_page_gives_its_story_and_its_own_metadata(
    page: str, title: str, outlet: str, author: str, published: str, url: str, language: str,
    present: list[str], absent: list[str],
) -> None:
    document = read_document(PAGES / page)  # no sidecar
    assert document.meta == DocumentMeta(title=title, outlet=outlet, author=author, published=published,
                                         url=url, language=language)
    for words in present:
        assert words in document.text
    for words in absent:
        assert words not in document.text


@pytest.mark.parametrize(
    ("page", "month", "origin", "destinations"),
    [("wire_lakeview_osaka.html", "2023-03", "Lakeview", {"Osaka", "Kyoto"}),
     ("blog_rivermouth_sapporo.html", "2022-0", "Rivermouth", {"Sapporo", "Otaru"})],
)
def test_a_saved_page_dates_its_trip_without_a_sidecar(
    nlp: Language, gazetteer: Gazetteer, page: str, month: str, origin: str, destinations: set[str]
) -> None:
    """The issue's first complaint: with no publication date, "last week" resolved to nothing."""
    from geo.pipeline import Extractor

    extraction = Extractor(nlp, gazetteer).extract(read_document(PAGES / page))
    [trip] = [t for t in extraction.trips if t.status == "completed"]  # students "will come": planned
    assert trip.date_text == "last week"
    assert trip.date is not None
    assert trip.date.label().startswith(month)
    assert [extraction.places[i].span.text for i in trip.origins] == [origin]
    assert destinations <= {extraction.places[i].span.text for i in trip.destinations}


def test_the_page_states_its_first_publication_not_its_revision() -> None:
    """The wire page was revised a day later (REVISION_DATE): relative dates count from the first day."""
    assert read_document(PAGES / "wire_lakeview_osaka.html").meta.published == "2023-03-14"


def test_a_sidecar_wins_over_the_page_field_by_field(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    shutil.copyfile(PAGES / "daily_pineford_kaohsiung.html", page)
    page.with_suffix(".json").write_text(json.dumps({"published": "2024-02-05", "outlet": "Courier (print)"}),
                                         encoding="utf-8")
    meta = read_document(page).meta
    assert (meta.published, meta.outlet) == ("2024-02-05", "Courier (print)")
    assert (meta.title, meta.author) == ("Pineford councillors return from Kaohsiung visit", "Morgan Hale")


def test_a_page_without_main_text_falls_back_on_the_own_reader(tmp_path: Path) -> None:
    path = tmp_path / "tiny.html"
    path.write_text("<html><head><title>Short | Site</title></head><body><p>Hello <i>there</i></p>"
                    "</body></html>", encoding="utf-8")
    document = read_document(path)
    assert document.text == "Hello there"
    assert document.meta.title is not None
    assert document.meta.title.startswith("Short")


@pytest.mark.parametrize(
    ("title", "outlet", "expected"),
    [
        ("Headline here | Reuters", "Reuters", "Headline here"),
        ("Thousands of academics | Education | The Guardian", "The Guardian", "Thousands of academics"),
        ("Thousands of academics | Education | The Guardian", "the Guardian", "Thousands of academics"),
        ("Mayor visits Osaka - Kansai Daily", "Kansai Daily", "Mayor visits Osaka"),
        ("Osaka - Tulsa ties deepen", "Tulsa Times", "Osaka - Tulsa ties deepen"),
        ("Headline here | Reuters", None, "Headline here | Reuters"),
    ],
)
def test_the_site_name_is_cut_from_a_title(title: str, outlet: str | None, expected: str) -> None:
    assert _without_site(title, outlet) == expected


def test_given_metadata_wins_and_the_file_fills_the_rest() -> None:
    given = DocumentMeta(title="Mine", published="2024-01")
    own = DocumentMeta(title="The page's", author="A. Writer", published="2024-01-05", language="en")
    assert merge_metadata(given, own) == DocumentMeta(title="Mine", author="A. Writer", published="2024-01",
                                                      language="en")


def test_uploaded_page_gets_the_page_metadata_under_the_form() -> None:
    raw = (PAGES / "blog_rivermouth_sapporo.html").read_bytes()
    document = document_from_bytes("saved.html", raw, DocumentMeta(outlet="Typed in the form"))
    assert (document.meta.outlet, document.meta.author) == ("Typed in the form", "Jordan McAllister")


# --- PDF --------------------------------------------------------------------------------------


def test_the_seed_printed_by_chromium_reads_as_the_seed() -> None:
    """Header (print date, title), footer (file URL, page n/N) dropped; paragraphs as in the .txt."""
    document = read_document(SEED_PDF)
    headline, body = document.text.split("\n", 1)
    assert headline.startswith("Chinese Cities Host American Mayors")
    assert body == SEED_TEXT.strip()
    assert "file:///" not in document.text
    assert "1/2" not in document.text


def test_a_printed_pdf_gives_its_title_but_not_its_printing_date(tmp_path: Path) -> None:
    path = tmp_path / "printed.pdf"
    shutil.copyfile(SEED_PDF, path)  # no sidecar beside it
    meta = read_document(path).meta
    assert meta.title is not None
    assert meta.title.startswith("Chinese Cities Host American Mayors")
    assert meta.published is None  # the creation date of a browser's printout is the day it was printed


def _line(text: str, y: float, page: int = 0, size: float = 12.0) -> PdfLine:
    return PdfLine(text, y, size, page)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([_line("Mayors from Tulsa went", 700), _line("to Osaka in May.", 686), _line("They met the", 660),
          _line("governor.", 646)],
         "Mayors from Tulsa went to Osaka in May.\nThey met the governor."),
        ([_line("an inter-", 700), _line("national visit", 686)], "an international visit"),
        ([_line("a well-", 700), _line("known mayor", 686)], "a well-known mayor"),
        ([_line("the U.S.-", 700), _line("China talks", 686)], "the U.S.-China talks"),
        ([_line("Yangtze-", 700), _line("Mississippi exchange", 686)], "Yangtze-Mississippi exchange"),
        ([_line("A Headline On", 700, size=24), _line("Two Lines", 672, size=24), _line("Body text.", 640)],
         "A Headline On Two Lines\nBody text."),
        ([_line("ends a sentence.", 100), _line("New paragraph on page two.", 700, page=1)],
         "ends a sentence.\nNew paragraph on page two."),
        ([_line("goes on across the", 100), _line("page break.", 700, page=1)],
         "goes on across the page break."),
    ],
)
def test_pdf_lines_become_paragraphs(lines: list[PdfLine], expected: str) -> None:
    assert pdf_paragraphs(lines) == expected


def test_repeated_headers_footers_and_page_numbers_are_furniture() -> None:
    heights = [792.0, 792.0, 792.0]
    lines = []
    for page in range(3):
        lines += [_line("The Lakeview Ledger - Spring report", 770, page),
                  _line(f"Body of page {page}.", 600, page), _line(f"Page {page + 1} of 3", 20, page)]
    lines.append(_line("https://ledger.example/report 3/3", 10, 2))
    body, furniture = split_furniture(lines, heights)
    assert [line.text for line in body] == ["Body of page 0.", "Body of page 1.", "Body of page 2."]
    assert len(furniture) == 7


def test_a_lone_line_at_the_top_of_one_page_is_body() -> None:
    body, _ = split_furniture([_line("Mayors visit Osaka", 770), _line("Text.", 600)], [792.0])
    assert [line.text for line in body] == ["Mayors visit Osaka", "Text."]


def _pdf(content: bytes, *, flate: bool = False, pages: int = 1, info: bytes = b"") -> bytes:
    """A small PDF written by hand: ``pages`` pages showing ``content`` in Helvetica."""
    stream = zlib.compress(content) if flate else content
    return _pdf_raw(stream, flate=flate, pages=pages, info=info)


def _pdf_raw(stream: bytes, *, flate: bool, pages: int = 1, info: bytes = b"") -> bytes:
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(pages).encode() + b" >>",
        b"<< /Length " + str(len(stream)).encode() + (b" /Filter /FlateDecode" if flate else b"")
        + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    for _ in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
                       b"/Resources << /Font << /F1 " + str(4 + pages).encode() + b" 0 R >> >> >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    if info:
        objects.append(info)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    info_ref = f" /Info {len(objects)} 0 R" if info else ""
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R{info_ref} >>"
    out += f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


TEXT_PAGE = b"BT /F1 12 Tf 72 700 Td (Mayors from Tulsa travelled to Osaka.) Tj ET"


def test_a_hand_made_pdf_and_its_properties(tmp_path: Path) -> None:
    info = b"<< /Title (Tulsa in Osaka) /Author (A. Writer) /CreationDate (D:20240201120000Z) >>"
    path = tmp_path / "release.pdf"
    path.write_bytes(_pdf(TEXT_PAGE, flate=True, info=info))
    document = read_document(path)
    assert document.text == "Mayors from Tulsa travelled to Osaka."
    assert (document.meta.title, document.meta.author, document.meta.published) == (
        "Tulsa in Osaka", "A. Writer", "2024-02-01")


def _encrypted_pdf(user_password: str = "secret", algorithm: str = "RC4-128") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf(TEXT_PAGE))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_locked_only_against_copying_is_read(tmp_path: Path) -> None:
    """Press releases often come AES-encrypted with an owner password and none to open them."""
    path = tmp_path / "release.pdf"
    path.write_bytes(_encrypted_pdf(user_password="", algorithm="AES-256"))
    assert read_document(path).text == "Mayors from Tulsa travelled to Osaka."


def _bomb_stream(size: int) -> bytes:
    """A FlateDecode stream of ``size`` spaces, compressed piece by piece (a few hundred kB)."""
    compressor = zlib.compressobj(9)
    chunk = b" " * MB
    parts = [compressor.compress(chunk) for _ in range(size // MB)]
    return b"".join(parts) + compressor.flush()


BAD_PDFS = [
    ("scanned", lambda: _pdf(b"q 100 0 0 100 72 600 cm Q", flate=True), NoTextLayerError,
     "no text layer: this PDF needs OCR first"),
    ("encrypted", _encrypted_pdf, EncryptedFileError, "encrypted PDF: it needs a password"),
    ("encrypted with AES", lambda: _encrypted_pdf(algorithm="AES-256"), EncryptedFileError,
     "encrypted PDF: it needs a password"),
    ("truncated", lambda: SEED_PDF.read_bytes()[: SEED_PDF.stat().st_size // 2], UnreadableFileError,
     "truncated PDF"),
    ("zero bytes", lambda: b"", EmptyFileError, "the file is empty"),
    ("renamed binary", lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, UnreadableFileError,
     "not a PDF"),
    ("garbage after the header", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n",
     UnreadableFileError, "broken PDF"),
]


@pytest.mark.parametrize(("case", "make", "error", "words"), BAD_PDFS, ids=[c[0] for c in BAD_PDFS])
def test_a_bad_pdf_is_refused_with_its_name_and_the_reason(
    tmp_path: Path, case: str, make: object, error: type[ReadError], words: str
) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(make())  # type: ignore[operator]
    with pytest.raises(error) as caught:
        read_document(path)
    assert words in caught.value.reason
    assert str(caught.value).startswith(str(path))


def test_a_pdf_decompression_bomb_is_refused_within_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_pdf_raw(_bomb_stream(256 * MB), flate=True))
    assert path.stat().st_size < MB
    tracemalloc.start()
    try:
        with pytest.raises(FileTooLargeError, match=r"expands beyond 4\.0 MB"):
            read_document(path, max_bytes=MB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 * MB  # not the 256 MB the stream holds


# --- DOCX -------------------------------------------------------------------------------------


def _docx(paragraphs: list[str], *, table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    document.core_properties.title = "Tulsa in Osaka"
    document.core_properties.author = "A. Writer"
    from datetime import datetime

    document.core_properties.created = datetime(2024, 2, 1, 9, 30)
    document.core_properties.language = "en-US"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_file_gives_paragraphs_tables_and_core_properties(tmp_path: Path) -> None:
    path = tmp_path / "memo.docx"
    path.write_bytes(_docx(["Mayors from Tulsa travelled to Osaka.", "", "They met the governor."],
                           table=[["City", "Date"], ["Osaka", "May 2024"]]))
    document = read_document(path)
    assert document.text.split("\n") == ["Mayors from Tulsa travelled to Osaka.", "They met the governor.",
                                         "City | Date", "Osaka | May 2024"]
    assert document.meta == DocumentMeta(title="Tulsa in Osaka", author="A. Writer", published="2024-02-01",
                                         language="en")


def test_the_seed_converted_by_pandoc_reads_as_the_seed() -> None:
    document = read_document(SEED_DOCX)
    headline, body = document.text.split("\n", 1)
    assert headline.startswith("Chinese Cities Host American Mayors")
    assert body == SEED_TEXT.strip()


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/image1.png", "w") as member:
            for _ in range(64):
                member.write(b"\x00" * MB)
    return out.getvalue()


BAD_DOCX = [
    ("truncated", lambda: SEED_DOCX.read_bytes()[: SEED_DOCX.stat().st_size // 2], UnreadableFileError,
     "truncated or broken .docx"),
    ("zero bytes", lambda: b"", EmptyFileError, "the file is empty"),
    ("renamed binary", lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, UnreadableFileError,
     "not a Word .docx file"),
    ("encrypted or old .doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, EncryptedFileError,
     "an encrypted Word file or an old .doc"),
    ("zip without a document", lambda: _zip_of({"hello.txt": "hi"}), UnreadableFileError,
     "without word/document.xml"),
    ("zip bomb", _zip_bomb, FileTooLargeError, "unpacks to 64.0 MB, beyond the limit of 4.0 MB"),
]


def _zip_of(members: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return out.getvalue()


@pytest.mark.parametrize(("case", "make", "error", "words"), BAD_DOCX, ids=[c[0] for c in BAD_DOCX])
def test_a_bad_word_file_is_refused_with_its_name_and_the_reason(
    tmp_path: Path, case: str, make: object, error: type[ReadError], words: str
) -> None:
    path = tmp_path / "memo.docx"
    path.write_bytes(make())  # type: ignore[operator]
    with pytest.raises(error) as caught:
        read_document(path, max_bytes=MB)
    assert words in caught.value.reason
    assert str(caught.value).startswith(str(path))


# --- in a batch -------------------------------------------------------------------------------


def test_bad_files_are_reported_and_the_rest_of_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(_pdf(b"", flate=True))
    (folder / "locked.pdf").write_bytes(_encrypted_pdf())
    (folder / "broken.docx").write_bytes(SEED_DOCX.read_bytes()[:2000])
    (folder / "memo.docx").write_bytes(_docx(["Mayors from Tulsa travelled to Osaka."]))
    shutil.copyfile(SEED_PDF, folder / "seed.pdf")
    shutil.copyfile(PAGES / "wire_lakeview_osaka.html", folder / "wire.html")
    assert [p.name for p in discover([folder])] == ["broken.docx", "locked.pdf", "memo.docx", "scan.pdf",
                                                     "seed.pdf", "wire.html"]
    with Store(f"sqlite:///{tmp_path / 'atlas.db'}") as store:
        report = ingest([folder], store, FakeExtractor())
        assert sorted(Path(p).name for p in report.ingested) == ["memo.docx", "seed.pdf", "wire.html"]
        failed = {Path(p).name: why for p, why in report.failed}
        assert set(failed) == {"scan.pdf", "locked.pdf", "broken.docx"}
        assert "OCR" in failed["scan.pdf"]
        assert "password" in failed["locked.pdf"]
        assert sorted(store.document_ids()) == ["memo", "seed", "wire"]  # nothing of the bad ones
