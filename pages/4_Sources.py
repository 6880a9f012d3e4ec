"""Sources: each document with its metadata and its text, every place and entity highlighted."""

from typing import Any

import streamlit as st

from geo import ui
from geo.views import filters

PAGE = 500  # documents a page of the choice

with ui.error_boundary("the sources"):
    view = ui.view()
    # the view's sources from the view tables when they can answer, else from the filtered atlas
    every = ui.source_ids(view.filters)
    from_tables = every is not None
    if every is None:
        every = [d.id for d in view.shown.documents]

    def metadata(ids: list[str]) -> dict[str, Any]:
        """The documents ``ids`` by id: from the view tables, or from the filtered atlas."""
        if from_tables:
            return ui.sources(ids)
        atlas = {d.id: d for d in view.shown.documents}
        return {i: atlas[i] for i in ids if i in atlas}

    st.title("Sources")
    st.caption(ui.filter_summary(view.filters))
    kept = set(every)
    if view.filters.q and every:
        best = ui.search_results(kept, view.filters.q, metadata)
        every = list(dict.fromkeys([*best, *every]))  # best matches first
    if not every:
        st.info("No source matches the filters.")
    else:
        ids = every
        asked = st.query_params.get("doc")
        if len(ids) > PAGE:  # the choice lists a page of the documents (and the one the URL asks for)
            last = -(-len(ids) // PAGE)
            number = st.number_input(f"Page of documents (of {last}; {len(ids):,} documents, {PAGE} a page)",
                                     min_value=1, max_value=last, key="sources_page")
            ids = list(dict.fromkeys([*([asked] if asked in kept else []),
                                      *ids[(int(number) - 1) * PAGE:int(number) * PAGE]]))
        docs = metadata(ids)
        doc_id = st.selectbox("Document", ids, index=ids.index(asked) if asked in ids else 0,
                              format_func=lambda i: f"{docs[i].published or '?'} · {docs[i].title or i}",
                              )
        doc = docs[doc_id]
        st.subheader(ui.md(doc.title or doc.id))
        url = ui.safe_url(doc.url)
        st.markdown(" · ".join(ui.md(x) for x in (doc.outlet, doc.author, doc.published) if x))
        if url:
            st.markdown(f"[{ui.md(url)}](<{url}>)")
        elif doc.url:
            st.caption(f"URL (not a web link, shown as text): {ui.md(doc.url)}")
        st.caption(f"File: {ui.md(doc.path)} · id {ui.md(doc.id)}")
        text = ui.document_text(doc_id)
        if text is None:
            st.warning("The text of this document is not in the database.")
        else:
            legend = " ".join(f'<span style="background:{c};padding:0 4px;border-radius:3px">{k}</span>'
                              for k, c in ui.MARK_COLORS.items())
            st.html(f"<div>Highlights lead to their page: {legend}</div>")
            marks = ui.source_marks(view.filters, doc_id)
            if marks is None:
                marks = ui.marks_for(view.shown, doc_id, text, filters.to_query_params(view.filters))
            st.html(ui.highlight_html(text, marks))
