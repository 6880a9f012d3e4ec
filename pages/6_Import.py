"""Import and export: upload articles, trips (CSV), places (GeoJSON) and ties (CSV); download the view."""

import streamlit as st

from geo import ui
from geo.store import corrections as corr
from geo.views import export, imports
from geo.views.imports import ImportFileError, ImportResult, Rejected

EDITOR = ui.Editor(None, "curator", False)  # who is importing in this run (set below)


def _rejected(rows: tuple[Rejected, ...] | list[Rejected], what: str) -> None:
    if rows:
        st.warning(f"{len(rows)} {what} rejected:")
        st.dataframe([{"row": r.row, "reason": r.reason} for r in rows], hide_index=True,
                     width="stretch")


def articles() -> None:
    """Upload articles with their metadata and ingest them with a progress bar."""
    with st.form("import_articles", clear_on_submit=False):
        files = st.file_uploader("Articles (.txt, .md, .html, .pdf, .docx)",
                                 type=[s.lstrip(".") for s in imports.ARTICLE_SUFFIXES],
                                 accept_multiple_files=True, key="import_files")
        st.caption("The metadata below applies to every file of this upload; leave blank what is unknown. "
                   "A saved web page, a PDF or a Word file fills what is left blank from its own metadata.")
        left, right = st.columns(2)
        title = left.text_input("Title", key="import_title")
        outlet = right.text_input("Outlet", key="import_outlet")
        published = left.date_input("Publication date", value=None, key="import_date")
        url = right.text_input("URL (http:// or https://)", key="import_url")
        go = st.form_submit_button("Ingest")
    if not go:
        return
    if not files:
        st.warning("Choose at least one file, and wait until its upload has finished.")
        return
    try:
        meta = imports.upload_meta(title, outlet, published.isoformat() if published else "", url)
    except ImportFileError as exc:
        st.error(ui.md(str(exc)))
        return
    docs, bad = imports.uploaded_documents([(f.name, f.getvalue()) for f in files], meta)
    _rejected(bad, "file(s)")
    if not docs:
        return
    from geo.pipeline import Extractor, ingest_documents

    cfg = ui.config()
    bar = st.progress(0.0, text="Loading the language model and the gazetteer …")
    extractor = Extractor(ui.get_nlp(cfg.spacy_model), ui.get_gazetteer(str(cfg.cache_dir)))

    def progress(done: int, total: int, path: str) -> None:
        total = total or len(docs)
        bar.progress(min(done / max(total, 1), 1.0), text=f"{done} of {total}: {path}")

    report = ingest_documents(docs, ui.get_store(cfg.db_url), extractor, progress)
    bar.progress(1.0, text=report.summary())
    (st.success if report.ok else st.warning)(ui.md(f"Articles: {report.summary()}"))
    for path, why in [*report.skipped, *report.failed]:
        st.markdown(f"- {ui.md(path)}: {ui.md(why)}")


def _record(result: ImportResult, what: str) -> None:
    """Store the corrections an upload yields and report what was left out."""
    store = ui.get_store(ui.config().db_url)
    new = sum(store.add_correction(record) for record in result.corrections)
    st.success(f"{what}: {result.summary()}; {new} new correction(s) recorded.")
    _rejected(result.rejected, "row(s)")
    if result.ignored:
        st.caption(ui.md(f"{len(result.ignored)} feature(s) ignored: {result.ignored[0].reason}."))


def trips_and_places(current: ui.View) -> None:
    """Trips from a CSV of the export's columns; places from GeoJSON points. What is held already is
    looked up item by item in the view tables (``ui.holdings``), once a file is imported."""
    by = EDITOR.name
    left, right = st.columns(2)
    with left:
        upload = st.file_uploader("Trips (CSV with the export's columns)", type=["csv"], key="import_csv")
        if upload is not None and st.button("Import the trips", key="import_csv_go"):
            try:
                _record(imports.trips_from_csv(upload.getvalue().decode("utf-8-sig"),
                                               atlas=ui.holdings(current), by=by),
                        "Trips")
            except (ImportFileError, UnicodeDecodeError) as exc:
                st.error(ui.md(f"{upload.name}: {exc}"))
    with right:
        upload = st.file_uploader("Places (GeoJSON points)", type=["geojson", "json"], key="import_geojson")
        if upload is not None and st.button("Import the places", key="import_geojson_go"):
            try:
                _record(imports.places_from_geojson(upload.getvalue().decode("utf-8-sig"),
                                                    atlas=ui.holdings(current), by=by), "Places")
            except (ImportFileError, UnicodeDecodeError) as exc:
                st.error(ui.md(f"{upload.name}: {exc}"))
        upload = st.file_uploader("Ties (CSV: place_a, place_b, kind, since, status)", type=["csv"],
                                  key="import_ties")
        if upload is not None and st.button("Import the ties", key="import_ties_go"):
            try:
                gazetteer = ui.get_gazetteer(str(ui.config().cache_dir))
                _record(imports.ties_from_csv(upload.getvalue().decode("utf-8-sig"), gazetteer=gazetteer,
                                              atlas=ui.holdings(current), by=by), "Ties")
            except (ImportFileError, UnicodeDecodeError) as exc:
                st.error(ui.md(f"{upload.name}: {exc}"))
        upload = st.file_uploader("Corrections (JSON lines)", type=["jsonl", "txt", "json"],
                                  key="import_jsonl")
        if upload is not None and st.button("Import the corrections", key="import_jsonl_go"):
            try:
                records = corr.parse_jsonl(upload.getvalue().decode("utf-8-sig"))
            except (corr.CorrectionError, UnicodeDecodeError) as exc:
                st.error(ui.md(f"{upload.name}: {exc}"))
            else:
                _record(ImportResult(tuple(records)), "Corrections")


def downloads(current: ui.View) -> None:
    """The filtered view in every export format, and the corrections."""
    places, trips = ui.view_counts(current)
    st.caption(ui.filter_summary(current.filters) + f": {places} places, {trips} trips.")
    left, middle, right = st.columns([2, 2, 2], vertical_alignment="bottom")
    names = {"html": "HTML map", "kml": "KML (Google Earth)", "ties-csv": "Ties (CSV)"}
    fmt = left.selectbox("Format", list(export.FORMATS), key="export_format",
                         format_func=lambda f: names.get(f, f.upper()))
    writer, mime, ext = export.FORMATS[fmt]

    def data() -> str:  # written on the click only: a page that is merely open loads no atlas
        # the HTML map says which filters it was made with
        return (export.to_html_map(current.shown, note=ui.filter_note(current.filters)) if fmt == "html"
                else writer(current.shown))

    middle.download_button(f"Download {ext}", data=data, file_name=f"delegation-atlas.{ext}",
                           mime=mime, key="export_download", width="stretch")
    records = ui.get_store(ui.config().db_url).load_corrections()
    right.download_button("Download the corrections", data=corr.dump_jsonl(records),
                          mime="application/x-ndjson", file_name="corrections.jsonl",
                          key="export_corrections", width="stretch")


with ui.error_boundary("the Import page"):
    view = ui.view()
    st.title("Import and export")
    editor = ui.editor("import", "import", author_label="Your name (recorded with imported corrections)")
    if editor is not None:  # without one, the sign-in form stands in for every upload
        EDITOR = editor
        st.header("Articles")
        articles()
        st.header("Trips, places, ties and corrections")
        trips_and_places(view)
    st.header("Export the current view")
    downloads(view)
