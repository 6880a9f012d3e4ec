"""Curators' accounts: the users file keeps no password, sign-in is throttled, sessions end when idle."""

from __future__ import annotations

import base64
import io
import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from geo.__main__ import main
from geo.store import users
from tests.conftest import ROOT

PASSWORD = "correct horse battery"
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # the real cost is not the point here


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def users_file(tmp_path: Path) -> Path:
    path = tmp_path / "users.json"
    users.add_user(path, "ana", "curator", PASSWORD, CHEAP)
    users.add_user(path, "root", "admin", "another long one", CHEAP)
    return path


def test_the_file_holds_names_roles_and_argon2_hashes_only(users_file: Path) -> None:
    raw = users_file.read_text(encoding="utf-8")
    assert PASSWORD not in raw
    assert base64.b64encode(PASSWORD.encode()).decode().rstrip("=") not in raw
    assert PASSWORD.encode().hex() not in raw
    entries = json.loads(raw)["users"]
    assert [(e["name"], e["role"]) for e in entries] == [("ana", "curator"), ("root", "admin")]
    assert all(e["hash"].startswith("$argon2id$") for e in entries)
    assert stat.S_IMODE(users_file.stat().st_mode) == 0o600


def test_adding_again_changes_role_and_password(users_file: Path) -> None:
    user, new = users.add_user(users_file, "ana", "admin", "a new password", CHEAP)
    assert (new, user.role) == (False, "admin")
    auth = users.Authenticator(users_file, password_hasher=CHEAP)
    assert auth.sign_in("ana", PASSWORD).user is None
    assert auth.sign_in("ana", "a new password").user == user


def test_remove(users_file: Path) -> None:
    assert users.remove_user(users_file, "ana") is True
    assert users.remove_user(users_file, "ana") is False
    assert list(users.load_users(users_file)) == ["root"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p: users.add_user(p, "", "curator", PASSWORD, CHEAP), "a user name is 1 to 64"),
        (lambda p: users.add_user(p, "<b>ana</b>", "curator", PASSWORD, CHEAP), "got: '<b>ana</b>'"),
        (lambda p: users.add_user(p, "ana", "reader", PASSWORD, CHEAP), "a role is one of curator, admin"),
        (lambda p: users.add_user(p, "ana", "curator", "short", CHEAP), "at least 8 characters"),
    ],
)
def test_bad_names_roles_and_passwords_are_refused(tmp_path: Path, call, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(users.UsersError, match=message) as info:
        call(tmp_path / "users.json")
    assert "short" not in str(info.value)  # a password is never quoted back
    assert not (tmp_path / "users.json").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not a users file"),
        ('{"users": [{"name": "ana", "role": "boss", "hash": null}]}', "a role is one of"),
        ('{"users": [{"name": "ana", "role": "curator", "hash": "plain text"}]}', "no argon2 hash"),
    ],
)
def test_a_broken_file_is_named_in_the_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "users.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(users.UsersError, match=message) as info:
        users.load_users(path)
    assert str(path) in str(info.value)


def test_sign_in_with_the_right_password_only(users_file: Path) -> None:
    auth = users.Authenticator(users_file, password_hasher=CHEAP)
    ok = auth.sign_in("ana", PASSWORD)
    assert ok.user is not None
    assert (ok.user.name, ok.user.role) == ("ana", "curator")
    wrong = auth.sign_in("ana", "wrong password").message
    assert wrong == "Wrong name or password: 4 more failed attempts and this name is locked for 60 s."
    assert auth.sign_in("nobody", PASSWORD).message == wrong  # the same words: no hint that ana exists


def test_five_failures_lock_the_name_for_a_minute(users_file: Path) -> None:
    clock = Clock()
    auth = users.Authenticator(users_file, clock=clock, password_hasher=CHEAP)
    for left in (4, 3, 2, 1):
        answer = auth.sign_in("ana", "wrong password").message
        assert answer.startswith(f"Wrong name or password: {left} more")
    fifth = auth.sign_in("ana", "wrong password")
    assert fifth.message.endswith("this name is now locked for 60 s.")
    refused = auth.sign_in("ana", PASSWORD)
    assert refused.user is None
    assert refused.message == "Too many failed attempts for this name: try again in 60 s."
    assert auth.sign_in("root", "another long one").user is not None  # other names are not locked
    clock.now += 59.5
    assert auth.sign_in("ana", PASSWORD).user is None
    clock.now += 1
    assert auth.sign_in("ana", PASSWORD).user is not None


def test_a_success_resets_the_count(users_file: Path) -> None:
    auth = users.Authenticator(users_file, clock=Clock(), password_hasher=CHEAP)
    for _ in range(4):
        auth.sign_in("ana", "wrong password")
    assert auth.sign_in("ana", PASSWORD).user is not None
    for _ in range(4):
        auth.sign_in("ana", "wrong password")
    assert auth.sign_in("ana", PASSWORD).user is not None


def test_unknown_names_are_throttled_too(users_file: Path) -> None:
    auth = users.Authenticator(users_file, clock=Clock(), password_hasher=CHEAP)
    for _ in range(5):
        auth.sign_in("mallory", "guess")
    assert "Too many failed attempts" in auth.sign_in("mallory", "guess").message


def test_an_identity_provider_user_cannot_sign_in_with_a_password(tmp_path: Path) -> None:
    path = tmp_path / "users.json"
    users.add_user(path, "ana@example.org", "curator", None, CHEAP)
    auth = users.Authenticator(path, password_hasher=CHEAP)
    assert auth.user("ana@example.org") is not None
    assert auth.sign_in("ana@example.org", "").user is None
    assert auth.sign_in("ana@example.org", "not a password of anyone").user is None


def test_changes_to_the_file_are_seen_without_a_restart(users_file: Path) -> None:
    auth = users.Authenticator(users_file, password_hasher=CHEAP)
    assert auth.user("ben") is None
    users.add_user(users_file, "ben", "curator", "bens password", CHEAP)
    assert auth.user("ben") is not None
    users.remove_user(users_file, "ben")
    assert auth.user("ben") is None


def test_a_user_never_shows_its_hash() -> None:
    assert "argon2" not in repr(users.User("ana", "curator", "$argon2id$v=19$secret"))


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [("curator", "curate", True), ("curator", "import", True), ("curator", "delete_documents", False),
     ("admin", "delete_documents", True), (None, "curate", False), ("reader", "curate", False)],
)
def test_rights(role: str | None, action: str, allowed: bool) -> None:
    assert users.can(role, action) is allowed


def test_a_session_ends_after_inactivity() -> None:
    session = users.Session("ana", "curator", last_seen=0.0, idle=1800.0)
    assert not session.expired(1800.0)
    session.touch(1800.0)
    assert not session.expired(3500.0)
    assert session.expired(3601.0)


# --- the command line ---------------------------------------------------------------------------------


def test_cli_add_reads_the_password_from_standard_input(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "users.json"
    monkeypatch.setenv("GEO_USERS", str(path))
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["users", "add", "ana", "--role", "curator"]) == 0
    assert PASSWORD not in path.read_text()
    assert users.Authenticator(path).sign_in("ana", PASSWORD).user is not None
    assert main(["users", "list"]) == 0
    out = capsys.readouterr()
    assert out.out == "ana\tcurator\tpassword\n"
    assert PASSWORD not in out.out + out.err
    assert main(["users", "remove", "ana"]) == 0
    assert main(["users", "remove", "ana"]) == 1
    assert "no user 'ana'" in capsys.readouterr().err


def test_cli_without_a_users_file_says_how_to_set_one(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("GEO_USERS", raising=False)
    assert main(["users", "list"]) == 2
    assert "set GEO_USERS" in capsys.readouterr().err


def test_cli_asks_twice_on_a_terminal_and_refuses_two_different_answers(tmp_path: Path) -> None:
    """Through a real pseudo-terminal: getpass asks, and two different answers change nothing."""
    import os
    import pty

    path = tmp_path / "users.json"
    env = {**os.environ, "GEO_USERS": str(path)}
    for answers, status in (([PASSWORD, "something else"], 2), ([PASSWORD, PASSWORD], 0)):
        pid, fd = pty.fork()
        if pid == 0:  # the child: the command with the terminal as its standard input
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-m", "geo", "users", "add", "ana", "--role",
                                       "admin"], env)
        seen = b""
        for answer in answers:
            while b"assword" not in seen.split(b"\n")[-1]:
                seen += os.read(fd, 1024)
            os.write(fd, answer.encode() + b"\n")
            seen += b"\n"
        output = b""
        try:
            while chunk := os.read(fd, 1024):
                output += chunk
        except OSError:  # the child closed the terminal
            pass
        _, code = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(code) == status, output
        assert PASSWORD.encode() not in seen + output  # getpass does not echo
    assert users.load_users(path)["ana"].role == "admin"


def test_cli_add_refuses_a_short_password_without_quoting_it(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "geo", "users", "add", "ana", "--role", "curator",
                           "--file", str(tmp_path / "u.json")], input="hunter\n", capture_output=True,
                          text=True, cwd=ROOT, check=False)
    assert done.returncode == 2
    assert "at least 8 characters" in done.stderr
    assert "hunter" not in done.stderr
    assert not (tmp_path / "u.json").exists()
