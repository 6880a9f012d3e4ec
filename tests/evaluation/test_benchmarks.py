"""The benchmark readers: the counts of FORMATS.md, offsets that are true, and the repaired faults."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.evaluation.benchmarks import (
    BenchmarkError,
    read_commas_format,
    read_dataset,
    read_geovirus,
    read_tr_news,
)

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"


@pytest.mark.parametrize(
    ("dataset", "documents", "toponyms", "with_points"),
    [
        ("lgl", 588, 5088, 4462),
        ("geowebnews", 200, 2720, 2601),  # the 2,720 toponyms: expressions and non-toponyms left out
        ("tr-news", 118, 1319, 1275),
        ("geovirus", 229, 2170, 2170),
    ],
)
def test_counts_and_offsets(dataset: str, documents: int, toponyms: int, with_points: int) -> None:
    docs = read_dataset(dataset, EVAL / dataset)
    assert len(docs) == documents
    gold = [g for d in docs for g in d.toponyms]
    assert len(gold) == toponyms
    assert sum(g.has_point for g in gold) == with_points
    assert all(d.text[g.start:g.end] == g.phrase for d in docs for g in d.toponyms)


def test_lgl_first_toponym() -> None:
    first = read_dataset("lgl", EVAL / "lgl")[0]
    assert first.id == "40450848"
    assert first.published == "2009-03-20"
    alexandria = first.toponyms[0]
    assert (alexandria.start, alexandria.end, alexandria.phrase) == (0, 10, "Alexandria")
    assert (alexandria.lat, alexandria.lon, alexandria.geonameid) == (31.3113, -92.4451, 4314550)


def test_geowebnews_keeps_points_without_a_geonames_id() -> None:
    gold = [g for d in read_dataset("geowebnews", EVAL / "geowebnews") for g in d.toponyms]
    assert sum(g.geonameid is not None for g in gold) == 2401
    assert {"Literal_Expression", "Non_Lit_Expression", "Non_Toponym"}.isdisjoint(g.kind for g in gold)


def test_tr_news_offsets_move_to_the_nearest_occurrence(tmp_path: Path) -> None:
    text = "Paris is big. In Paris, people walk. Paris again."
    # The file says 20..25 (drifted 3 to the right of "Paris" at 17); the first "Paris" at 0 is farther.
    path = tmp_path / "TR-News.xml"
    path.write_text(
        "<articles><article docid='1'><text><![CDATA[" + text + "]]></text><toponyms><toponym>"
        "<start>20</start><end>25</end><phrase>Paris</phrase><gaztag geonameid='2988507'><name>Paris</name>"
        "<lat>48.85</lat><lon>2.35</lon></gaztag></toponym></toponyms></article></articles>",
        encoding="utf-8",
    )
    (doc,) = read_tr_news(path)
    assert (doc.toponyms[0].start, doc.toponyms[0].end) == (17, 22)
    assert doc.toponyms[0].geonameid == 2988507


def test_geovirus_offsets_are_shifted_back_by_one(tmp_path: Path) -> None:
    path = tmp_path / "GeoVirus.xml"
    path.write_text(
        "<articles><article><source>https://en.wikinews.org/wiki/Flu_in_Lima</source>"
        "<text>Flu in Lima.</text><locations><location><name>Lima</name><start>8</start><end>12</end>"
        "<lat>-12.05</lat><lon>-77.04</lon><page>x</page></location></locations></article></articles>",
        encoding="utf-8",
    )
    (doc,) = read_geovirus(path)
    assert doc.id == "Flu_in_Lima"
    assert (doc.toponyms[0].start, doc.toponyms[0].end, doc.toponyms[0].phrase) == (7, 11, "Lima")
    assert (doc.toponyms[0].lat, doc.toponyms[0].lon) == (-12.05, -77.04)


def test_commas_format(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text(
        "Paris,,Paris,,48.85,,2.35,,0,,5||No Gaz,,Rue,,null,,,,9,,12||\n"
        "\n"
        "Lyon,,Lyon,,45.7,,4.8,,3,,7,,12.5||\n"
    )
    docs = read_commas_format(path)
    assert [len(d) for d in docs] == [2, 0, 1]
    assert docs[0][1].lat is None
    assert (docs[2][0].start, docs[2][0].end) == (3, 7)


def test_missing_benchmark_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(BenchmarkError, match=str(tmp_path)):
        read_dataset("lgl", tmp_path)


def test_unknown_dataset() -> None:
    with pytest.raises(BenchmarkError, match="'wiktor'"):
        read_dataset("wiktor")


def test_an_unseen_file_with_faulty_offsets_is_read_as_well_as_it_can_be(tmp_path: Path) -> None:
    """A new corpus in LGL's schema: missing, out-of-range and wrong offsets; a phrase not in the text."""
    path = tmp_path / "lgl.xml"
    path.write_text(
        "<articles><article docid='7'><text>Mayors of Osaka met in Boise.</text><toponyms>"
        "<toponym><phrase>Osaka</phrase><gaztag geonameid='x'><lat>34.69</lat><lon>135.5</lon></gaztag>"
        "</toponym>"
        "<toponym><start>400</start><end>405</end><phrase>Boise</phrase></toponym>"
        "<toponym><start>0</start><end>6</end><phrase>Kyoto</phrase></toponym>"
        "</toponyms></article></articles>",
        encoding="utf-8",
    )
    (doc,) = read_dataset("lgl", path)
    assert [(g.phrase, g.start) for g in doc.toponyms] == [("Osaka", 10), ("Boise", 23)]
    assert doc.toponyms[0].geonameid is None
    assert doc.published is None


def test_geovirus_offsets_that_are_not_shifted_still_land_on_the_name(tmp_path: Path) -> None:
    path = tmp_path / "GeoVirus.xml"
    path.write_text(
        "<articles><article><source>s</source><text>Flu in Lima.</text><locations><location>"
        "<name>Lima</name><start>7</start><end>11</end><lat>-12.05</lat><lon>-77.04</lon>"
        "</location></locations></article></articles>",
        encoding="utf-8",
    )
    (doc,) = read_geovirus(path)
    assert (doc.toponyms[0].start, doc.toponyms[0].phrase) == (7, "Lima")


def test_a_folder_with_one_xml_file_of_another_name(tmp_path: Path) -> None:
    (tmp_path / "news2024.xml").write_text(
        "<articles><article docid='1'><text>In Oslo.</text><toponyms><toponym><start>3</start><end>7</end>"
        "<phrase>Oslo</phrase></toponym></toponyms></article></articles>",
        encoding="utf-8",
    )
    (doc,) = read_dataset("tr-news", tmp_path)
    assert doc.toponyms[0].phrase == "Oslo"
