"""Sign-in on the Curate and Import pages (AppTest): readers read, curators change under their own name."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from streamlit.proto.TextInput_pb2 import TextInput as TextInputProto
from streamlit.testing.v1 import AppTest

from geo import ui
from geo.__main__ import main
from geo.store import users
from geo.store.database import Store
from tests.conftest import NewDatabases
from tests.extraction_factory import HOSTILE, LAKEVIEW, LAKEVIEW_OR, corpus, hostile_extraction

ROOT = Path(__file__).resolve().parents[2]
READ_PAGES = ["pages/1_Map.py", "pages/2_Delegations.py", "pages/3_People.py", "pages/4_Sources.py",
              "pages/7_Timeline.py"]
CURATOR, ADMIN = ("ana", "ana's long password"), ("root", "root's long password")


class Clock:
    """A clock the test moves by hand, put into the server's authenticator."""

    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def site(app_env: pytest.MonkeyPatch, tmp_path: Path, new_databases: NewDatabases) -> dict[str, object]:
    """The invented articles, a users file with a curator and an admin, and the server's clock."""
    path = tmp_path / "users.json"
    users.add_user(path, CURATOR[0], "curator", CURATOR[1])
    users.add_user(path, ADMIN[0], "admin", ADMIN[1])
    url = new_databases.saved("invented", corpus())
    app_env.setenv("GEO_DB_URL", url)
    app_env.setenv("GEO_USERS", str(path))
    clock = Clock()
    ui.get_authenticator(str(path)).clock = clock
    return {"db": url, "users": path, "clock": clock}


def _run(page: str) -> AppTest:
    return AppTest.from_file(str(ROOT / page), default_timeout=120).run()


def _ok(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def _sign_in(app: AppTest, page: str, name: str, password: str) -> AppTest:
    app.text_input(key=f"{page}_sign_in_name").input(name)
    app.text_input(key=f"{page}_sign_in_password").input(password)
    return app.button(key=f"FormSubmitter:{page}_sign_in-Sign in").click().run()


def _main_widgets(app: AppTest, kind: str) -> list[str]:
    return [getattr(w, "label", "") for w in app.main.get(kind)]


def test_an_anonymous_visitor_sees_only_the_sign_in_form_on_curate(site: dict[str, object]) -> None:
    app = _run("pages/5_Curate.py")
    _ok(app)
    assert [w.label for w in app.main.text_input] == ["Name", "Password"]
    assert app.text_input(key="curate_sign_in_password").proto.type == TextInputProto.PASSWORD
    assert [b.label for b in app.main.get("button")] == ["Sign in"]
    for kind in ("selectbox", "multiselect", "radio", "checkbox", "text_area", "tab"):
        assert _main_widgets(app, kind) == [], kind


def test_an_anonymous_visitor_can_download_but_not_upload_on_import(site: dict[str, object]) -> None:
    app = _run("pages/6_Import.py")
    _ok(app)
    assert [w.label for w in app.main.text_input] == ["Name", "Password"]
    assert _main_widgets(app, "file_uploader") == []
    assert [b.label for b in app.main.get("button")] == ["Sign in"]
    assert "Download the corrections" in [b.proto.label for b in app.main.get("download_button")]


def test_five_wrong_passwords_lock_the_name_for_a_minute(site: dict[str, object]) -> None:
    app = _run("pages/5_Curate.py")
    for _ in range(5):
        _sign_in(app, "curate", "ana", "not the password")
    assert app.error[0].value.endswith("this name is now locked for 60 s.")
    _sign_in(app, "curate", *CURATOR)
    assert app.error[0].value.startswith("Too many failed attempts for this name")
    assert not app.main.get("tab")
    site["clock"].now += 61  # type: ignore[attr-defined]
    _sign_in(app, "curate", *CURATOR)
    _ok(app)
    assert any(m.value.startswith("Signed in as **ana** (curator)") for m in app.markdown)


def test_a_curators_correction_carries_their_name(site: dict[str, object], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    app = _sign_in(_run("pages/5_Curate.py"), "curate", *CURATOR)
    _ok(app)
    labels = [w.label for w in app.main.text_input]
    assert "Your name (recorded with each correction)" not in labels  # no free-text author
    assert "Documents" not in [t.label for t in app.main.get("tab")]  # a curator deletes no document
    pid = f"gn:{LAKEVIEW.geonameid}"
    app.session_state["curate_goto"] = "Places"
    app.run().selectbox(key="curate_place").set_value(pid).run()
    app.selectbox(key=f"curate_mention_{pid}").set_value(("inv_one", "Lakeview")).run()
    candidates = app.radio(key=f"curate_cand_{pid}")
    candidates.set_value(next(i for i, label in enumerate(candidates.options) if "OR" in label)).run()
    app.button(key=f"curate_use_{pid}").click().run()
    _ok(app)
    out = tmp_path / "corrections.jsonl"
    assert main(["corrections", "export", "--db", str(site["db"]), "--out", str(out)]) == 0
    [line] = [json.loads(x) for x in out.read_text().splitlines()]
    assert (line["op"], line["by"], line["geonameid"] if "geonameid" in line else
            line.get("payload", {}).get("geonameid")) == ("place", "ana", LAKEVIEW_OR.geonameid)


def test_an_import_by_a_curator_carries_their_name(site: dict[str, object]) -> None:
    app = _sign_in(_run("pages/6_Import.py"), "import", *CURATOR)
    _ok(app)
    assert "Your name (recorded with imported corrections)" not in [w.label for w in app.main.text_input]
    assert len(_main_widgets(app, "file_uploader")) == 5  # articles, trips, places, ties, corrections


def test_an_admin_may_delete_a_document(site: dict[str, object]) -> None:
    app = _sign_in(_run("pages/5_Curate.py"), "curate", *ADMIN)
    app.session_state["curate_goto"] = "Documents"
    app.run()
    _ok(app)
    app.multiselect(key="curate_delete_docs").set_value(["inv_two"]).run()
    assert app.button(key="curate_delete_docs_go").disabled  # not before "yes, delete them"
    app.checkbox(key="curate_delete_sure").check().run()
    app.button(key="curate_delete_docs_go").click().run()
    _ok(app)
    assert [s.value for s in app.success] == [ui.md("Deleted 1 document(s).")]
    with Store(str(site["db"])) as store:
        assert sorted(store.document_ids()) == ["inv_one", "inv_three"]


def test_a_session_ends_after_inactivity_and_on_sign_out(site: dict[str, object]) -> None:
    app = _sign_in(_run("pages/5_Curate.py"), "curate", *CURATOR)
    assert app.main.get("tab")
    site["clock"].now += 29 * 60  # type: ignore[attr-defined]
    assert app.run().main.get("tab")  # still in: activity moves the deadline
    site["clock"].now += 31 * 60  # type: ignore[attr-defined]
    app.run()
    assert not app.main.get("tab")
    assert "Signed out after 30 minutes without activity." in [i.value for i in app.info]
    _sign_in(app, "curate", *CURATOR)
    app.button(key="curate_sign_out").click().run()
    assert not app.main.get("tab")
    assert [w.label for w in app.main.text_input] == ["Name", "Password"]


def test_a_removed_user_is_signed_out(site: dict[str, object]) -> None:
    app = _sign_in(_run("pages/5_Curate.py"), "curate", *CURATOR)
    assert app.main.get("tab")
    users.remove_user(site["users"], "ana")  # type: ignore[arg-type]
    app.run()
    assert not app.main.get("tab")


def test_without_users_curate_says_anyone_can_change_the_data(app_env: pytest.MonkeyPatch,
                                                              new_databases: NewDatabases) -> None:
    app_env.delenv("GEO_USERS", raising=False)
    app_env.setenv("GEO_DB_URL", new_databases.saved("invented", corpus()))
    app = _run("pages/5_Curate.py")
    _ok(app)
    assert app.warning[0].value.startswith("Anyone who can open this page can change the data.")
    assert "GEO_USERS" in app.warning[0].value
    assert app.text_input(key="curate_author").label == "Your name (recorded with each correction)"
    assert app.main.get("tab")


@pytest.mark.parametrize("page", READ_PAGES)
def test_reading_stays_open_with_users_configured(site: dict[str, object], page: str) -> None:
    app = _run(page)
    _ok(app)
    assert not [w for w in app.main.text_input if w.label == "Password"]


@pytest.mark.parametrize("page", [*READ_PAGES, "pages/5_Curate.py", "pages/6_Import.py"])
def test_hostile_text_with_users_configured(app_env: pytest.MonkeyPatch, tmp_path: Path,
                                            new_databases: NewDatabases, page: str) -> None:
    path = tmp_path / "users.json"
    users.add_user(path, CURATOR[0], "curator", CURATOR[1])
    app_env.setenv("GEO_USERS", str(path))
    app_env.setenv("GEO_DB_URL", new_databases.saved("hostile", [hostile_extraction()]))
    app = _run(page)
    _ok(app)
    if page in ("pages/5_Curate.py", "pages/6_Import.py"):
        name = "curate" if "Curate" in page else "import"
        _sign_in(app, name, *CURATOR)
        _ok(app)
        assert "Password" not in [w.label for w in app.main.text_input]
        # the review queue lists the hostile place, its name escaped
        assert name == "import" or any(ui.md(HOSTILE) in m.value for m in app.main.markdown)


def test_the_cli_needs_no_sign_in(site: dict[str, object], monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("ben's long password\n"))
    assert main(["users", "add", "ben", "--role", "curator"]) == 0
    assert main(["users", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == ["ana\tcurator\tpassword", "ben\tcurator\tpassword",
                                                    "root\tadmin\tpassword"]


def test_oidc_shows_the_providers_button_and_says_when_it_is_not_set_up(site: dict[str, object],
                                                                       app_env: pytest.MonkeyPatch) -> None:
    app_env.setenv("GEO_SIGNIN", "oidc")
    app = _run("pages/5_Curate.py")
    _ok(app)
    assert [w.label for w in app.main.text_input] == []  # no password form
    assert not app.main.get("tab")
    app.button(key="curate_oidc").click().run()
    assert app.error[0].value.startswith("Sign-in through the identity provider is not set up")
    assert not app.main.get("tab")
