"""Timeline: trips per year (or month) by country pair, a Gantt of trips, and dated events as one track.

Brushing a stretch of the counts chart sets the From and To filters (and so the URL).
"""

import functools

import altair as alt
import pandas as pd
import streamlit as st

from geo import ui
from geo.views import maps, timeline

BRUSH_KEY = "timeline_counts"

with ui.error_boundary("the timeline"):
    view = ui.view()
    # the view's trips and places as the Map page draws them (from the view tables when they can answer)
    drawn = ui.map_shown(view.filters)
    shown = drawn.atlas
    st.title("Timeline")
    st.caption(ui.filter_summary(view.filters))
    places = {p.id: p for p in shown.places}
    spans, undated = timeline.trip_spans(shown, {t.id: maps.trip_label(t, places) for t in shown.trips})
    axis = timeline.axis_range(spans)
    if axis is None:
        st.info("No dated trip matches the filters.")
    else:
        monthly = timeline.is_monthly(axis)
        trips = pd.DataFrame([{"id": s.id, "label": s.label, "start": s.start, "end": s.end, "when": s.when,
                               "pair": s.pair, "bucket": timeline.bucket(s.start, monthly)} for s in spans])
        trips["start"], trips["end"] = pd.to_datetime(trips["start"]), pd.to_datetime(trips["end"])
        trips["end"] += pd.Timedelta(days=1)  # the last day is inclusive
        trips["bucket"] = pd.to_datetime(trips["bucket"])
        scale = alt.Scale(domain=[axis[0].isoformat(), axis[1].isoformat()])
        unit = "yearmonth" if monthly else "year"
        brush = alt.selection_interval(name="dates", encodings=["x"])
        counts = alt.Chart(trips).mark_bar().encode(
            x=alt.X("start:T", timeUnit=unit, title=None, scale=scale),
            y=alt.Y("count():Q", title=f"trips per {'month' if monthly else 'year'}"),
            color=alt.Color("pair:N", title="country pair", legend=alt.Legend(orient="right")),
            tooltip=[alt.Tooltip("start:T", timeUnit=unit, title="when"), "pair:N", "count():Q"],
        ).add_params(brush).properties(height=180)
        st.caption("Drag across the chart to filter by those dates.")
        st.altair_chart(counts, width="stretch", key=BRUSH_KEY, selection_mode="dates",
                        on_select=functools.partial(ui.brush_to_dates, BRUSH_KEY))
        gantt = alt.Chart(trips).mark_bar(cornerRadius=3, size=12).encode(
            x=alt.X("start:T", title=None, scale=scale), x2="end:T",
            y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=420)),
            color=alt.Color("pair:N", legend=None), tooltip=["label", "when", "pair"],
        ).properties(height=max(120, 28 * len(trips)))
        st.altair_chart(gantt, width="stretch")
        events = ui.view_events(view.filters) if drawn.from_tables else None
        if events is None:
            events = ui.dated_events({d.id for d in view.shown.documents})
        events = [e for e in events if e.start]
        inside = [e for e in events if axis[0].isoformat() <= e.start <= axis[1].isoformat()]
        if inside:
            track = pd.DataFrame([{"start": e.start, "what": f"“{e.text}” ({e.document})",
                                   "sentence": e.sentence} for e in inside])
            track["start"] = pd.to_datetime(track["start"])
            ticks = alt.Chart(track).mark_rule(strokeWidth=2, opacity=0.6, color="#555").encode(
                x=alt.X("start:T", title=None, scale=scale), y=alt.value(2), y2=alt.value(24),
                tooltip=["what", "sentence"],
            ).properties(height=56)
            st.caption(f"Other dated events in the articles ({len(inside)}): point at one to read it.")
            st.altair_chart(ticks, width="stretch")
        if len(inside) < len(events):
            st.caption(f"{len(events) - len(inside)} dated events outside the trips' years are not shown.")
    if undated:
        st.caption(f"{undated} trip(s) without a date are not shown.")
