"""Timeline: trips, dated events told by the articles, and publication dates, over time (Altair)."""

import altair as alt
import pandas as pd
import streamlit as st

from geo import filters, maps, ui

with ui.error_boundary("the timeline"):
    view = ui.view()
    shown = view.shown
    st.title("Timeline")
    st.caption(ui.filter_summary(view.filters))
    places = {p.id: p for p in shown.places}
    rows = []
    for trip in shown.trips:
        first, last = filters.date_range(trip.start or ""), filters.date_range(trip.end or trip.start or "")
        if first and last:
            rows.append({"what": "trip", "label": maps.trip_label(trip, places), "start": first[0],
                         "end": last[1], "when": trip.start + (f" – {trip.end}" if trip.end else ""),
                         "sentence": trip.evidence[0].sentence.strip() if trip.evidence else ""})
    shown_docs = {d.id for d in shown.documents}
    for event in ui.dated_events(shown_docs):
        rows.append({"what": "dated event", "label": f"“{event.text}” ({event.document})",
                     "start": event.start, "end": event.end, "when": event.start, "sentence": event.sentence})
    for doc in shown.documents:
        span = filters.date_range(doc.published or "")
        if span:
            rows.append({"what": "article published", "label": doc.title or doc.id, "start": span[0],
                         "end": span[1], "when": doc.published, "sentence": ""})
    undated = sum(1 for t in shown.trips if not filters.date_range(t.start or ""))
    if not rows:
        st.info("Nothing dated matches the filters.")
    else:
        frame = pd.DataFrame(rows)
        frame["start"], frame["end"] = pd.to_datetime(frame["start"]), pd.to_datetime(frame["end"])
        frame["end"] = frame["end"] + pd.Timedelta(days=1)  # the last day is inclusive
        chart = alt.Chart(frame).mark_bar(cornerRadius=3, size=14).encode(
            x=alt.X("start:T", title=None), x2="end:T",
            y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("start"),
                    axis=alt.Axis(labelLimit=380)),
            color=alt.Color("what:N", title=None, legend=alt.Legend(orient="top")),
            tooltip=["what", "label", "when", "sentence"],
        ).properties(height=max(160, 26 * len(frame)))
        st.altair_chart(chart, width="stretch")
        st.dataframe(frame.sort_values("start")[["when", "what", "label", "sentence"]], hide_index=True,
                     width="stretch")
    if undated:
        st.caption(f"{undated} trip(s) without a date are not shown.")
