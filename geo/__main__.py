"""The command line of ``../shared/CONTRACT.md``: ingest, fetch, export, evaluate, corrections.

Thin: argparse, then calls into the library. Errors a user can act on (a file that cannot be read,
a bad database URL, an unknown format) are one line on stderr, never a traceback.
Exit status: 0 when all went well, 1 when a file failed or the work could not be done, 2 on a usage
error (bad arguments, bad database URL).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from geo.config import Config, load_config
from geo.store.database import BadDatabaseURL, Store, StoreError

if TYPE_CHECKING:
    from spacy.language import Language

    from geo.models import Atlas
    from geo.pipeline import IngestReport, Progress
    from geo.places.gazetteer import Gazetteer

PROG = "python -m geo"
FORMATS: tuple[str, ...] = ("json", "geojson", "csv", "kml", "html", "ties-csv")
_EXPORTERS = {"json": "to_json", "geojson": "to_geojson", "csv": "to_csv", "kml": "to_kml",
              "html": "to_html_map", "ties-csv": "to_ties_csv"}
PROGRESS_EVERY = 25  # files between two progress lines when stderr is not a terminal


class UsageError(Exception):
    """A wrong argument: reported as one line, exit status 2."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["evaluate"] and _dataset(args_list) == "trips":
        from geo.evaluation import evaluate_trips

        return evaluate_trips.main(args_list[1:])
    if args_list[:1] == ["evaluate"]:  # geo.evaluation.evaluate owns its arguments
        from geo.evaluation import evaluate

        return evaluate.main(args_list[1:])
    args = _parser().parse_args(args_list)
    command: Callable[[argparse.Namespace], int] = args.run
    try:
        return command(args)
    except (UsageError, BadDatabaseURL) as exc:
        _error(str(exc))
        return 2
    except StoreError as exc:
        _error(str(exc))
        return 1
    except KeyboardInterrupt:
        _error("interrupted; every document saved so far is complete, run the command again to finish")
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Delegation Atlas: articles in, a map out.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def db_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--db", metavar="URL", default=None,
                         help="SQLAlchemy URL of the database (default: $GEO_DB_URL, else data/atlas.db)")

    ingest = commands.add_parser("ingest", help="read articles (files and folders) into the database")
    ingest.add_argument("paths", nargs="+", metavar="PATH", type=Path,
                        help=".txt, .md, .html, .pdf, .docx files, or folders (recursively)")
    db_option(ingest)
    ingest.add_argument("--max-mb", type=float, default=5.0, metavar="MB",
                        help="refuse files larger than this (default: 5 MB)")
    ingest.add_argument("--skip-unchanged", action="store_true",
                        help="do not re-extract documents whose text is stored already (e.g. to finish "
                             "an interrupted run quickly)")
    ingest.add_argument("--batch-size", type=int, default=64, help="texts per spaCy batch (default: 64)")
    ingest.add_argument("--n-process", type=int, default=1, help="spaCy worker processes (default: 1)")
    ingest.add_argument("--scheduler", metavar="tcp://HOST:PORT|local:N", default=None,
                        help="extract on the workers of a running Dask cluster, or on a local one of N "
                             "workers (README: Ingest on a Dask cluster)")
    ingest.set_defaults(run=_ingest)

    fetch = commands.add_parser("fetch", help="download pages (online, optional), keep them, and ingest them")
    fetch.add_argument("urls", nargs="*", metavar="URL", help="pages to download")
    fetch.add_argument("--list", type=Path, default=None, metavar="FILE", dest="list_file",
                       help="a file of URLs, one per line ('#' starts a comment line)")
    db_option(fetch)
    fetch.add_argument("--out", type=Path, default=None, metavar="DIR",
                       help="where the pages are kept beside their sidecars (default: data/fetched)")
    fetch.add_argument("--delay", type=float, default=5.0, metavar="S",
                       help="seconds between two requests to one host (default: 5; robots.txt may ask more)")
    fetch.add_argument("--timeout", type=int, default=20, metavar="S",
                       help="give up on a page after this many seconds without an answer (default: 20)")
    fetch.add_argument("--max-mb", type=float, default=5.0, metavar="MB",
                       help="refuse pages larger than this (default: 5 MB)")
    fetch.set_defaults(run=_fetch)

    export = commands.add_parser("export", help="write the atlas with corrections applied")
    export.add_argument("--format", default="json", metavar="FORMAT", help=f"one of {', '.join(FORMATS)}")
    db_option(export)
    export.add_argument("--out", default="-", metavar="FILE", help="output file; '-' or none: stdout")
    export.set_defaults(run=_export)

    commands.add_parser("evaluate", help="measure the geoparsing on a benchmark (see: evaluate --help)",
                        add_help=False)

    corrections = commands.add_parser("corrections", help="export or import the manual corrections")
    actions = corrections.add_subparsers(dest="action", required=True, metavar="ACTION")
    out = actions.add_parser("export", help="write every correction as JSON lines")
    db_option(out)
    out.add_argument("--out", default="-", metavar="FILE", help="output file; '-' or none: stdout")
    out.set_defaults(run=_corrections_export)
    into = actions.add_parser("import", help="apply a JSON-lines file of corrections (idempotent)")
    into.add_argument("file", type=Path, metavar="FILE")
    db_option(into)
    into.set_defaults(run=_corrections_import)
    _users_parser(commands)
    return parser


def _users_parser(commands: Any) -> None:
    users = commands.add_parser("users", help="add, remove or list the curators of the dashboard (GEO_USERS)")
    actions = users.add_subparsers(dest="action", required=True, metavar="ACTION")

    def file_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--file", type=Path, default=None, metavar="PATH",
                         help="the users file (default: $GEO_USERS)")

    add = actions.add_parser("add", help="add a user, or set an existing one's role and password; the "
                                         "password is read from standard input (asked twice on a terminal)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=("curator", "admin"))
    add.add_argument("--no-password", action="store_true",
                     help="no password: the user signs in through the identity provider (GEO_SIGNIN=oidc)")
    file_option(add)
    add.set_defaults(run=_users_add)
    remove = actions.add_parser("remove", help="remove a user")
    remove.add_argument("name", metavar="NAME")
    file_option(remove)
    remove.set_defaults(run=_users_remove)
    listing = actions.add_parser("list", help="list the users and their roles (never their hashes)")
    file_option(listing)
    listing.set_defaults(run=_users_list)


# --- commands --------------------------------------------------------------------------------------


def _config() -> Config:
    """The settings; a bad environment variable is a usage error."""
    try:
        return load_config()
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def _open_store(url: str | None) -> Store:
    return Store(url or _config().db_url)


def _ingest(args: argparse.Namespace) -> int:
    from geo.pipeline import Extractor, ingest
    from geo.read.reading import discover

    if args.max_mb <= 0 or args.batch_size <= 0 or args.n_process == 0:
        raise UsageError("--max-mb and --batch-size must be positive, --n-process not 0")
    files = discover(args.paths)
    if not files:
        _error("no documents (.txt, .md, .html, .pdf, .docx) under: " + ", ".join(str(p) for p in args.paths))
        return 1
    if args.scheduler is not None:
        return _ingest_on_cluster(args, files)
    store = _open_store(args.db)
    try:
        _say(f"ingest: {len(files)} file(s) into {store.url.render_as_string(hide_password=True)}; "
             "loading the model and the gazetteer")
        nlp, gazetteer, geocoder = _dependencies(store)
        extractor = Extractor(nlp, gazetteer, geocoder, batch_size=args.batch_size, n_process=args.n_process)
        with _progress(len(files)) as progress:
            report = ingest(files, store, extractor, progress, max_bytes=int(args.max_mb * 1024 * 1024),
                            skip_unchanged=args.skip_unchanged)
        _build_views(store, gazetteer.get)
    finally:
        store.close()
    return _ingest_report(report)


def _ingest_on_cluster(args: argparse.Namespace, files: Sequence[Path]) -> int:
    """The documents extracted on a Dask cluster; this process reads them and stores each result."""
    from geo.cluster import ClusterError, DaskExtractor, capacity, connect, parse_scheduler
    from geo.pipeline import ingest

    try:
        scheduler = parse_scheduler(args.scheduler)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    config = _config()
    if config.geocoder != "gazetteer":
        # each worker would keep its own one-request-a-second pace: together they would break the policy
        raise UsageError(f"GEO_GEOCODER={config.geocoder!r} is rate-limited per process; a distributed "
                         "ingest uses the offline gazetteer only (unset GEO_GEOCODER, or ingest without "
                         "--scheduler)")
    store = _open_store(args.db)
    try:
        _say(f"ingest: {len(files)} file(s) into {store.url.render_as_string(hide_password=True)} on "
             f"{scheduler}; each worker loads the model and the gazetteer")
        with connect(scheduler, config.spacy_model) as client:
            workers, threads = capacity(client)
            _say(f"ingest: {workers} worker(s) with {threads} thread(s) in all are ready")
            with _progress(len(files)) as progress:
                report = ingest(files, store, DaskExtractor(client), progress,
                                max_bytes=int(args.max_mb * 1024 * 1024), skip_unchanged=args.skip_unchanged)
        _build_views(store, None)
    except ClusterError as exc:
        _error(str(exc))
        return 1
    finally:
        store.close()
    return _ingest_report(report)


def _build_views(store: Store, lookup: Callable[[int], Any] | None) -> None:
    """Write the view tables (geo.views.viewtables) now, so that the dashboard opens without building them.

    ``lookup`` is the gazetteer's (for place corrections); None loads the gazetteer if corrections need it.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from geo.views import viewtables

    if lookup is None and store.load_corrections():
        from geo.places.gazetteer import load_gazetteer

        lookup = load_gazetteer(_config().cache_dir).get
    _say("ingest: building the views of the dashboard")
    try:
        viewtables.rebuild(store, lookup)
    except (SQLAlchemyError, StoreError) as exc:  # the first reader builds them instead: say so, go on
        _say(f"ingest: the views were not written ({exc}); the dashboard will build them on first start")


def _ingest_report(report: IngestReport) -> int:
    for path, reason in report.skipped:
        _say(f"skipped: {path}: {reason}")
    for path, reason in report.failed:
        _error(f"{path}: {reason}")
    _say(f"ingest: {report.summary()}")
    return 0 if report.ok else 1


def _fetch(args: argparse.Namespace) -> int:
    """Download, keep, then ingest: the operator's command, so loopback and private hosts are allowed."""
    from geo.config import PROJECT_ROOT
    from geo.read import fetch

    if args.delay < 0 or args.timeout <= 0 or args.max_mb <= 0:
        raise UsageError("--delay must not be negative, --timeout and --max-mb must be positive")
    try:
        urls = fetch.fetch_command_urls(args.urls, args.list_file)
    except ValueError as exc:
        _error(str(exc))
        return 1
    if not urls:
        raise UsageError("give at least one URL, or --list FILE")
    folder = args.out or PROJECT_ROOT / "data" / "fetched"
    max_bytes = int(args.max_mb * 1024 * 1024)
    download = fetch.trafilatura_download(timeout=args.timeout, max_bytes=max_bytes, allow_private=True)

    def progress(done: int, total: int, url: str) -> None:
        _say(f"fetch: {done}/{total} {url}")

    report = fetch.fetch_pages(urls, folder, download=download, pacer=fetch.HostPacer(args.delay),
                               max_bytes=max_bytes, allow_private=True, progress=progress)
    for url, reason in report.failed:
        _error(f"{url}: {reason}")
    _say(f"fetch: {report.summary()}; kept in {folder}")
    if not report.saved:
        return 1
    saved = [path for _, path in report.saved]
    status = _ingest(argparse.Namespace(paths=saved, db=args.db, max_mb=args.max_mb, skip_unchanged=False,
                                        batch_size=64, n_process=1, scheduler=None))
    return 1 if report.failed else status


def _dependencies(store: Store) -> tuple[Language, Gazetteer, Any]:
    """The spaCy pipeline, the gazetteer and (when an online service is chosen) the geocoder."""
    from geo.language.nlp import load_nlp
    from geo.places.gazetteer import load_gazetteer

    config = _config()
    gazetteer = load_gazetteer(config.cache_dir)
    geocoder = None
    if config.geocoder != "gazetteer":  # the gazetteer is the resolver's own; a geocoder adds a service
        from geo.places.geocoders import make_geocoder

        try:
            geocoder = make_geocoder(config, gazetteer, store.geocode_cache)
        except ValueError as exc:  # geopy's GeocoderNotFound for an unknown GEO_GEOCODER
            raise UsageError(f"GEO_GEOCODER: {exc}") from exc
    return load_nlp(config.spacy_model), gazetteer, geocoder


def _export(args: argparse.Namespace) -> int:
    from geo.views import export

    fmt = str(args.format).strip().lower()
    available = [f for f in FORMATS if hasattr(export, _EXPORTERS[f])]
    if fmt not in available:
        raise UsageError(f"unknown export format {args.format!r} (choose from {', '.join(available)})")
    render: Callable[[Atlas], str] = getattr(export, _EXPORTERS[fmt])
    store = _open_store(args.db)
    try:
        atlas = _atlas(store)
    finally:
        store.close()
    _write(args.out, render(atlas))
    return 0


def _atlas(store: Store) -> Atlas:
    """The atlas of everything stored, with the corrections in force applied."""
    from geo.views.atlas import build_atlas

    corrections = store.load_corrections(include_undone=False)
    lookup = None
    if any(c.op in ("place", "place_add") and "geonameid" in c.payload for c in corrections):
        from geo.places.gazetteer import load_gazetteer

        lookup = load_gazetteer(_config().cache_dir).get
    return build_atlas(store.load_extractions(), corrections, lookup=lookup)


def _corrections_export(args: argparse.Namespace) -> int:
    from geo.store.corrections import dump_jsonl

    store = _open_store(args.db)
    try:
        records = store.load_corrections()
    finally:
        store.close()
    _write(args.out, dump_jsonl(records))
    _say(f"corrections: {len(records)} written")
    return 0


def _corrections_import(args: argparse.Namespace) -> int:
    from geo.store.corrections import CorrectionError, parse_jsonl

    try:
        text = args.file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        _error(f"{args.file}: cannot be read: {getattr(exc, 'strerror', None) or exc}")
        return 1
    try:
        records = parse_jsonl(text)
    except CorrectionError as exc:
        _error(f"{args.file}: {exc}")
        return 1
    store = _open_store(args.db)
    try:
        added = sum(store.add_correction(record) for record in records)
    finally:
        store.close()
    _say(f"corrections: {added} imported, {len(records) - added} already there")
    return 0


def _users_file(args: argparse.Namespace) -> Path:
    path: Path | None = args.file or _config().users_file
    if path is None:
        raise UsageError("no users file: set GEO_USERS to its path (or pass --file PATH)")
    return path


def _read_password(stdin: TextIO | None = None) -> str:
    """The new password: asked twice on a terminal, else the first line of standard input."""
    import getpass

    stream = stdin or sys.stdin
    if stream.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != first:
            raise UsageError("the two passwords differ; nothing changed")
        return first
    return stream.readline().rstrip("\r\n")


def _users_add(args: argparse.Namespace) -> int:
    from geo.store.users import UsersError, add_user, check_name

    path = _users_file(args)
    try:
        name = check_name(args.name)
        password = None if args.no_password else _read_password()
        user, new = add_user(path, name, args.role, password)
    except UsersError as exc:
        raise UsageError(str(exc)) from exc
    _say(f"users: {user.name} {'added' if new else 'updated'} as {user.role} in {path}")
    return 0


def _users_remove(args: argparse.Namespace) -> int:
    from geo.store.users import UsersError, remove_user

    path = _users_file(args)
    try:
        removed = remove_user(path, args.name)
    except UsersError as exc:
        raise UsageError(str(exc)) from exc
    if not removed:
        _error(f"no user {args.name!r} in {path}")
        return 1
    _say(f"users: {args.name.strip()} removed from {path}")
    return 0


def _users_list(args: argparse.Namespace) -> int:
    from geo.store.users import UsersError, load_users

    path = _users_file(args)
    try:
        users = load_users(path)
    except UsersError as exc:
        raise UsageError(str(exc)) from exc
    for user in users.values():
        sign_in = "password" if user.hash else "identity provider"
        print(f"{user.name}\t{user.role}\t{sign_in}")
    _say(f"users: {len(users)} in {path}")
    return 0


# --- output ------------------------------------------------------------------------------------------


def _write(out: str, content: str) -> None:
    """Write to stdout (``-``) or to a file, atomically: a failed export never leaves half a file."""
    if out in ("-", ""):
        sys.stdout.write(content)
        sys.stdout.flush()
        return
    target = Path(out)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # mkstemp makes it private; an export is an ordinary file
        os.replace(temp, target)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from exc


class _progress:
    """The progress shown while ingesting: a tqdm bar on a terminal, else a line every few files."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self._bar: object | None = None

    def __enter__(self) -> Progress:
        if self.stream.isatty():
            from tqdm import tqdm

            bar = tqdm(total=self.total, unit="file", file=self.stream, dynamic_ncols=True)
            self._bar = bar

            def tick(done: int, total: int, path: str) -> None:
                bar.set_postfix_str(Path(path).name[-40:], refresh=False)
                bar.update(done - bar.n)

            return tick

        def line(done: int, total: int, path: str) -> None:
            if done % PROGRESS_EVERY == 0 or done == total:
                print(f"ingest: {done}/{total} files", file=self.stream, flush=True)

        return line

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.close()  # type: ignore[attr-defined]


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr, flush=True)


def _dataset(args: list[str]) -> str | None:
    """The value of ``--dataset`` in an argument list (``--dataset X`` or ``--dataset=X``)."""
    for i, arg in enumerate(args):
        if arg == "--dataset" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--dataset="):
            return arg.split("=", 1)[1]
    return None


if __name__ == "__main__":
    sys.exit(main())

