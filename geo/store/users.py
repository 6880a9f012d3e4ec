"""Curators and admins: the users file (names, roles, argon2 hashes), sign-in with a throttle, sessions.

The file at ``GEO_USERS`` is JSON, ``{"users": [{"name", "role", "hash"}]}``, written atomically and
readable by its owner only. A hash is argon2id (argon2-cffi); the password itself is never stored, and
``hash`` is null for a person who signs in through the organisation's identity provider (OIDC) instead.
Nothing here logs a name or a password.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ROLES: tuple[str, ...] = ("curator", "admin")
MAX_FAILURES = 5  # failed attempts for one name ...
LOCK_SECONDS = 60.0  # ... lock that name this long
MIN_PASSWORD = 8
_NAME = re.compile(r"[\w.@+-]+(?: [\w.@+-]+)*")

# What each role may do; the dashboard without a users file lets its one person do everything.
_RIGHTS: dict[str, frozenset[str]] = {
    "curator": frozenset({"curate", "import"}),
    "admin": frozenset({"curate", "import", "delete_documents"}),
}

Clock = Callable[[], float]


class UsersError(ValueError):
    """A users file that cannot be read or written, or a bad name, role or password."""


@dataclass(frozen=True, slots=True)
class User:
    """A person who may change data: name, role, and the argon2 hash of the password (or None: OIDC)."""

    name: str
    role: str
    hash: str | None

    def __repr__(self) -> str:  # a hash has no business in a traceback or a log line
        return f"User(name={self.name!r}, role={self.role!r})"


def can(role: str | None, action: str) -> bool:
    """Whether a person of ``role`` may do ``action`` (``curate``, ``import``, ``delete_documents``)."""
    return role is not None and action in _RIGHTS.get(role, frozenset())


def check_name(name: str) -> str:
    """The name, trimmed, if it is one a users file can hold; else UsersError quoting it."""
    clean = name.strip()
    if not 1 <= len(clean) <= 64 or not _NAME.fullmatch(clean):
        raise UsersError(f"a user name is 1 to 64 letters, digits, spaces or . @ + - _, got: {name!r}")
    return clean


def check_role(role: str) -> str:
    """The role if it is curator or admin; else UsersError quoting it."""
    if role not in ROLES:
        raise UsersError(f"a role is one of {', '.join(ROLES)}, got: {role!r}")
    return role


def check_password(password: str) -> str:
    """The password if it is long enough to be worth a hash; else UsersError (never quoting it)."""
    if len(password) < MIN_PASSWORD:
        raise UsersError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > 1024:
        raise UsersError("a password has at most 1024 characters")
    return password


def hasher() -> PasswordHasher:
    """argon2id with argon2-cffi's recommended cost (RFC 9106's low-memory profile)."""
    return PasswordHasher()


# --- the file ----------------------------------------------------------------------------------------


def load_users(path: Path) -> dict[str, User]:
    """The users of the file at ``path`` by name; a missing file has none."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise UsersError(f"{path}: cannot be read: {getattr(exc, 'strerror', None) or exc}") from exc
    try:
        entries = json.loads(raw)["users"]
        users = {}
        for entry in entries:
            user = User(check_name(entry["name"]), check_role(entry["role"]), entry.get("hash"))
            if user.hash is not None and not user.hash.startswith("$argon2"):
                raise UsersError(f"the entry of {user.name!r} has no argon2 hash")
            users[user.name] = user
    except UsersError as exc:
        raise UsersError(f"{path}: {exc}") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UsersError(f"{path}: not a users file ({type(exc).__name__}: {exc})") from exc
    return users


def save_users(path: Path, users: Iterable[User]) -> None:
    """Write the users to ``path`` atomically (a crash leaves the old file), readable by its owner only."""
    body = {"users": [{"name": u.name, "role": u.role, "hash": u.hash}
                      for u in sorted(users, key=lambda u: u.name.casefold())]}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # mode 0600
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(body, handle, indent=1, ensure_ascii=False)
            handle.write("\n")
        os.replace(temp, path)
    except OSError as exc:
        raise UsersError(f"{path}: cannot be written: {exc.strerror or exc}") from exc


def add_user(path: Path, name: str, role: str, password: str | None,
             password_hasher: PasswordHasher | None = None) -> tuple[User, bool]:
    """Add a user (or give an existing one this role and password); returns it and whether it is new.

    ``password`` None makes an entry for sign-in through the identity provider only.
    """
    name, role = check_name(name), check_role(role)
    digest = None if password is None else (password_hasher or hasher()).hash(check_password(password))
    users = load_users(path)
    new = name not in users
    users[name] = User(name, role, digest)
    save_users(path, users.values())
    return users[name], new


def remove_user(path: Path, name: str) -> bool:
    """Remove a user from the file; False if there was none of that name."""
    users = load_users(path)
    if users.pop(name.strip(), None) is None:
        return False
    save_users(path, users.values())
    return True


# --- signing in --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SignIn:
    """The answer to a sign-in attempt: the user, or None and what to tell the person."""

    user: User | None
    message: str = ""


@dataclass
class _Attempts:
    failures: int = 0
    locked_until: float = 0.0


class Authenticator:
    """Checks names and passwords against the users file, locking a name after repeated failures.

    One per server process (the throttle must see every session's attempts). The file is re-read when
    it changes, so ``python -m geo users add`` takes effect without a restart.
    """

    def __init__(self, path: Path, *, clock: Clock = time.monotonic,
                 password_hasher: PasswordHasher | None = None, max_failures: int = MAX_FAILURES,
                 lock_seconds: float = LOCK_SECONDS) -> None:
        self.path = path
        self.clock = clock
        self._hasher = password_hasher or hasher()
        self._max_failures = max_failures
        self._lock_seconds = lock_seconds
        self._attempts: dict[str, _Attempts] = {}
        self._lock = threading.Lock()
        self._cache: tuple[tuple[int, int] | None, dict[str, User]] | None = None
        # an unknown name costs as much as a known one, so timing does not tell which names exist
        self._decoy = self._hasher.hash("not a password of anyone")

    def users(self) -> dict[str, User]:
        """The users in the file now (read again only when it has changed)."""
        try:
            stat = self.path.stat()
            stamp: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            stamp = None
        if self._cache is None or self._cache[0] != stamp:
            self._cache = (stamp, load_users(self.path) if stamp is not None else {})
        return self._cache[1]

    def user(self, name: str) -> User | None:
        """The user of that name as the file says now (None once removed)."""
        return self.users().get(name)

    def sign_in(self, name: str, password: str) -> SignIn:
        """Check a name and password; five failures for a name lock it for a minute."""
        key = name.strip().casefold()
        with self._lock:
            attempts = self._attempts.setdefault(key, _Attempts())
            now = self.clock()
            if attempts.locked_until > now:
                wait = int(attempts.locked_until - now + 0.999)
                return SignIn(None, f"Too many failed attempts for this name: try again in {wait} s.")
            if attempts.locked_until:  # the lock has run out: a fresh start
                attempts.failures, attempts.locked_until = 0, 0.0
        user = self.users().get(name.strip())
        if self._verify(user, password):
            with self._lock:
                self._attempts.pop(key, None)
            return SignIn(user)
        with self._lock:
            attempts.failures += 1
            if attempts.failures >= self._max_failures:
                attempts.locked_until = self.clock() + self._lock_seconds
                return SignIn(None, f"Wrong name or password. Too many failed attempts: this name is now "
                                    f"locked for {int(self._lock_seconds)} s.")
            left = self._max_failures - attempts.failures
        return SignIn(None, f"Wrong name or password: {left} more failed attempt{'s' * (left > 1)} and this "
                            f"name is locked for {int(self._lock_seconds)} s.")

    def _verify(self, user: User | None, password: str) -> bool:
        digest = user.hash if user is not None and user.hash else self._decoy
        try:
            ok = self._hasher.verify(digest, password)
        except (VerificationError, InvalidHashError):
            return False
        return ok and user is not None and user.hash is not None


# --- sessions ----------------------------------------------------------------------------------------


@dataclass
class Session:
    """A signed-in person in one browser session; it ends after ``idle`` seconds without activity."""

    name: str
    role: str
    last_seen: float
    idle: float = field(default=30 * 60.0)

    def expired(self, now: float) -> bool:
        """Whether the session has been idle too long."""
        return now - self.last_seen > self.idle

    def touch(self, now: float) -> None:
        """Note activity."""
        self.last_seen = now
