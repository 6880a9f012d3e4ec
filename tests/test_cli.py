"""The command line as users and scripts run it: exit codes, one-line errors, outputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from geo.__main__ import main
from geo.store.corrections import make
from geo.store.database import Store
from tests.extraction_factory import make_extraction

ROOT = Path(__file__).resolve().parent.parent
GOOD = (
    "Invented article for the tests.\n"
    "Mayors from Tulsa, Oklahoma, and Boise, Idaho, travelled to Osaka last March.\n"
    "The delegation then visited Kobe."
)


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture(scope="module")
def bad_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, subprocess.CompletedProcess[str]]:
    """A folder of good and bad files ingested once through ``python -m geo ingest``."""
    folder = tmp_path_factory.mktemp("batch")
    (folder / "good_one.txt").write_text(GOOD, encoding="utf-8")
    (folder / "good_two.md").write_text("# Invented\n\nA delegation from Kaohsiung visited Boise.")
    (folder / "good_two.json").write_text(json.dumps({"title": "Invented", "published": "2024-05"}))
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (folder / "latin1.txt").write_bytes("Le maire de Montr\u00e9al.".encode("latin-1"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "huge.txt").write_bytes(b"A delegation visited. " * 300_000)
    (folder / "broken.txt").write_text("Fine text.")
    (folder / "broken.json").write_text('{"title": "x",')
    (folder / "feb30.txt").write_text("Fine text too.")
    (folder / "feb30.json").write_text('{"published": "2024-02-30"}')
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'atlas.db'}"
    missing = folder / "vanished.txt"  # named on the command line, gone before it is read
    done = run("ingest", str(folder), str(missing), "--db", url)
    return folder, url, done


def test_bad_files_exit_1_and_are_named_on_stderr(bad_batch: tuple[Path, str, Any]) -> None:
    folder, _, done = bad_batch
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    named = {Path(line.removeprefix("error: ").split(": ", 1)[0]).name for line in errors}
    assert named == {"binary.txt", "latin1.txt", "empty.txt", "huge.txt", "broken.txt", "feb30.txt",
                     "vanished.txt"}
    assert "Traceback" not in done.stderr
    assert f"error: {folder / 'broken.txt'}: sidecar broken.json is not valid JSON" in done.stderr
    assert "2 ingested, 0 skipped, 7 failed" in done.stderr


def test_the_good_files_of_a_bad_batch_are_stored_whole(bad_batch: tuple[Path, str, Any]) -> None:
    _, url, _ = bad_batch
    with Store(url) as store:
        assert store.document_ids() == ["good_one", "good_two"]
        assert store.integrity_problems() == []
        by_id = {e.document.id: e for e in store.load_extractions()}
    assert by_id["good_two"].document.meta.published == "2024-05"
    assert by_id["good_one"].sentences  # extracted, not only read


def test_export_formats_to_files(bad_batch: tuple[Path, str, Any], tmp_path: Path) -> None:
    _, url, _ = bad_batch
    for fmt in ("json", "geojson", "csv"):
        out = tmp_path / "out" / f"atlas.{fmt}"
        assert main(["export", "--format", fmt, "--db", url, "--out", str(out)]) == 0
        assert out.stat().st_size > 0
    data = json.loads((tmp_path / "out" / "atlas.json").read_text(encoding="utf-8"))
    assert {d["id"] for d in data["documents"]} == {"good_one", "good_two"}
    assert set(data) >= {"documents", "places", "people", "organizations", "programs", "trips"}
    assert json.loads((tmp_path / "out" / "atlas.geojson").read_text())["type"] == "FeatureCollection"
    assert (tmp_path / "out" / "atlas.csv").read_text().startswith("trip_id,origin,")


def test_export_json_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    with Store(url) as store:
        store.save_extraction(make_extraction("doc_a"))
    assert main(["export", "--db", url]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["id"] for d in data["documents"]] == ["doc_a"]
    assert {p["name"] for p in data["places"] if p["lat"] is not None} == {"Tulsa", "Osaka"}


def test_export_applies_the_corrections(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    with Store(url) as store:
        store.save_extraction(make_extraction("doc_a"))
        store.add_correction(make("not_place", {"document": "doc_a", "text": "Osaka"}))
    assert main(["export", "--format", "json", "--db", url, "--out", "-"]) == 0
    names = {p["name"] for p in json.loads(capsys.readouterr().out)["places"]}
    assert "Osaka" not in names
    assert "Tulsa" in names


def test_corrections_export_then_import_is_idempotent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    with Store(first) as store:
        store.add_correction(make("place", {"document": "doc_a", "text": "Osaka", "lat": 34.7, "lon": 135.5,
                                            "name": "Osaka"}, by="ana"))
        store.add_correction(make("not_place", {"document": "doc_a", "text": "Zorbington"}))
    out = tmp_path / "fixes.jsonl"
    assert main(["corrections", "export", "--db", first, "--out", str(out)]) == 0
    assert len(out.read_text().splitlines()) == 2
    assert main(["corrections", "import", str(out), "--db", second]) == 0
    assert main(["corrections", "import", str(out), "--db", second]) == 0
    assert "0 imported, 2 already there" in capsys.readouterr().err
    with Store(first) as a, Store(second) as b:
        assert a.load_corrections() == b.load_corrections()


def test_hand_written_correction_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    lines = tmp_path / "fix.jsonl"
    lines.write_text('{"op": "place", "document": "doc_a", "text": "Osaka", "lat": 34.7, "lon": 135.5, '
                     '"name": "Osaka"}\n')
    assert main(["corrections", "import", str(lines), "--db", url]) == 0
    with Store(url) as store:
        [record] = store.load_corrections()
    assert record.payload["text"] == "Osaka"


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["export", "--format", "xml", "--db", "sqlite:///:memory:"], 2,
         "error: unknown export format 'xml' (choose from json, geojson, csv"),
        (["export", "--db", "nonsense"], 2, "error: not a database URL: 'nonsense'"),
        (["export", "--db", "oracle+nothing://u:pw@h/db"], 2, "error: unknown database backend"),
        (["export", "--db", "postgresql+psycopg://u:topsecret@127.0.0.1:1/db"], 1,
         "error: cannot open database"),
        (["corrections", "import", "/no/such/file.jsonl", "--db", "sqlite:///:memory:"], 1,
         "error: /no/such/file.jsonl: cannot be read"),
    ],
)
def test_usage_errors_are_one_line(
    argv: list[str], status: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == status
    err = capsys.readouterr().err
    assert err.startswith(message)
    assert err.count("\n") == 1
    assert "topsecret" not in err


def test_bad_correction_file_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = tmp_path / "fix.jsonl"
    lines.write_text('{"op": "not_place", "document": "d", "text": "x"}\n{"op": "place", oops}\n')
    assert main(["corrections", "import", str(lines), "--db", f"sqlite:///{tmp_path / 'a.db'}"]) == 1
    assert "line 2" in capsys.readouterr().err


def test_ingest_with_nothing_to_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty_folder").mkdir()
    assert main(["ingest", str(tmp_path / "empty_folder"), "--db", f"sqlite:///{tmp_path / 'a.db'}"]) == 1
    assert "no documents" in capsys.readouterr().err


def test_ingest_with_a_bad_db_url_fails_before_loading_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    assert main(["ingest", str(tmp_path / "a.txt"), "--db", "nope://"]) == 2
    assert capsys.readouterr().err.startswith("error: unknown database backend")


def test_evaluate_is_delegated(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["evaluate", "--help"])
    assert exited.value.code == 0
    assert "--dataset" in capsys.readouterr().out


def test_db_defaults_to_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    with Store(url) as store:
        store.save_extraction(make_extraction("from_env"))
    monkeypatch.setenv("GEO_DB_URL", url)
    assert main(["export"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"][0]["id"] == "from_env"


def test_a_bad_setting_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("GEO_DB_URL", raising=False)
    monkeypatch.setenv("GEO_TILES", "satellite")
    assert main(["export"]) == 2
    assert capsys.readouterr().err == "error: GEO_TILES must be 'offline' or 'osm', got: 'satellite'\n"


def test_ingest_writes_the_views_the_dashboard_opens_with(bad_batch: tuple[Path, str, Any]) -> None:
    from geo.views import viewtables
    from geo.views.atlas import build_atlas

    _, url, done = bad_batch
    assert "building the views" in done.stderr
    with Store(url) as store:
        assert viewtables.is_fresh(store)
        assert viewtables.load_atlas(store) == build_atlas(store.load_extractions())
