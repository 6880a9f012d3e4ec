"""In a real browser, with curators configured (GEO_USERS): readers cannot change data, curators sign in.

Starts the app on the invented articles with a users file, drives Debian's Chromium with Playwright
offline, and reads the server's own output (stdout and stderr, tests/browser/conftest.py) to check
that no name or password was written there.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from geo.store import users
from tests.browser.conftest import ROOT, running_app, shot, warm_up
from tests.conftest import NewDatabases
from tests.extraction_factory import LAKEVIEW_OR, corpus

pytestmark = pytest.mark.browser

CURATOR = ("curator-qzx", "qzx-passphrase-7731")
LOCKED = ("tester-vwk", "vwk-passphrase-4402")
SECRETS = (*CURATOR, *LOCKED)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, browser: Any,
        module_databases: NewDatabases) -> Iterator[dict[str, Any]]:
    """The dashboard on the invented articles (SQLite, then PostgreSQL) with two curators, on a free
    loopback port."""
    folder = tmp_path_factory.mktemp(f"signin_browser_{module_databases.backend}")
    users_file = folder / "users.json"
    for name, password in (CURATOR, LOCKED):
        users.add_user(users_file, name, "curator", password)
    url = module_databases.saved("signin_browser", corpus())
    with running_app(folder, url, GEO_USERS=str(users_file)) as base:
        warm_up(browser, base)
        yield {"base": base, "db": url, "users": users_file, "log": folder / "streamlit.log"}


@pytest.fixture
def page(page: Any) -> Any:
    """The shared offline page, with generous waits."""
    page.set_default_timeout(120_000)  # the machine is shared: waits are generous, not assertions
    return page


def _main(page: Any) -> Any:
    return page.locator("[data-testid='stMain']")


_CONTROLS_JS = """main => [...main.querySelectorAll('button, input, textarea, select, [role=tab]')]
    .filter(el => !el.closest('[data-testid=stForm]'))
    .map(el => el.getAttribute('role') === 'tab' ? 'tab ' + el.innerText.trim()
         : el.tagName === 'BUTTON' ? 'button ' + (el.innerText.trim() || el.getAttribute('aria-label') || '')
         : el.tagName.toLowerCase() + ' ' + (el.type || '') + ' ' + (el.getAttribute('aria-label') || ''))"""


def _controls_outside_the_sign_in_form(page: Any) -> list[str]:
    """Every button, input and tab of the page's main area that is not part of the sign-in form."""
    return [c.strip() for c in _main(page).evaluate(_CONTROLS_JS)]


def _sign_in(page: Any, name: str, password: str) -> None:
    form = _main(page)
    form.get_by_label("Name", exact=True).fill(name)
    form.get_by_label("Password", exact=True).fill(password)
    form.get_by_role("button", name="Sign in").click()


def _log_has_no_secret(app: dict[str, Any]) -> None:
    log = app["log"].read_text(encoding="utf-8", errors="replace")
    for secret in SECRETS:
        assert secret not in log, f"{secret!r} is in the server's output"
    raw = Path(app["users"]).read_text(encoding="utf-8")
    assert CURATOR[1] not in raw
    assert LOCKED[1] not in raw


@pytest.mark.parametrize(("path", "title"), [("/curate", "Curate"), ("/import", "Import and export")])
def test_an_anonymous_visitor_sees_a_password_field_and_nothing_that_changes_data(
        app: dict[str, Any], page: Any, path: str, title: str) -> None:
    page.goto(app["base"] + path)
    page.get_by_role("heading", name=title).wait_for()
    password = _main(page).locator("input[type=password]")
    password.wait_for()
    assert password.count() == 1
    page.wait_for_timeout(1000)  # let the whole page arrive before looking for what must not be there
    shot(page, f"signin_anonymous_{title.split()[0].lower()}.png")
    form = _main(page).locator("[data-testid=stForm]")
    assert [b.strip() for b in form.get_by_role("button").all_inner_texts()] == ["visibility", "Sign in"]
    found = _controls_outside_the_sign_in_form(page)
    if path == "/import":  # downloads of the current view stay open to readers, in a chosen format
        reading = ["input text Format", "button Open", "button Download json",
                   "button Download the corrections"]
        assert [c for c in found if c in reading] == reading
        found = [c for c in found if c not in reading]
    assert found == []


def test_five_wrong_passwords_lock_the_name(app: dict[str, Any], page: Any) -> None:
    page.goto(app["base"] + "/curate")
    for attempt in range(1, 6):
        _sign_in(page, LOCKED[0], f"wrong guess {attempt}")
        # each answer differs from the last, so the wait is for this attempt's answer
        expected = "now locked for 60 s" if attempt == 5 else f"{5 - attempt} more failed attempt"
        page.get_by_text(expected).wait_for()
    _sign_in(page, *LOCKED)
    page.get_by_text("Too many failed attempts for this name").wait_for()
    shot(page, "signin_locked.png")
    assert page.get_by_role("tab").count() == 0
    _log_has_no_secret(app)


def test_a_signed_in_curators_correction_carries_their_name(app: dict[str, Any], page: Any) -> None:
    page.goto(app["base"] + "/curate")
    _sign_in(page, *CURATOR)
    page.get_by_text(f"Signed in as {CURATOR[0]} (curator)").wait_for()
    assert _main(page).get_by_label("Your name (recorded with each correction)").count() == 0
    page.get_by_role("tab", name="Places").click()
    page.get_by_text("(OR, US)").first.click()
    page.get_by_role("button", name="Use this candidate").click()
    page.get_by_text("Saved: place “Lakeview” in inv_one").wait_for(timeout=60_000)
    shot(page, "signin_curator_saved.png")
    done = subprocess.run([sys.executable, "-m", "geo", "corrections", "export", "--db", app["db"]],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    [record] = [json.loads(line) for line in done.stdout.splitlines()]
    assert (record["op"], record["by"], record["geonameid"]) == ("place", CURATOR[0], LAKEVIEW_OR.geonameid)
    page.get_by_role("button", name="Sign out").click()
    _main(page).locator("input[type=password]").wait_for()
    _log_has_no_secret(app)
