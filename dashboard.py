"""Delegation Atlas: the entry of the dashboard (`streamlit run dashboard.py`).

The filters are drawn once here, in the sidebar, bound to the URL; each page reads them through
geo.ui.view(). On first start with an empty database the corpus (GEO_CORPUS) is ingested.
"""

from pathlib import Path

import streamlit as st

from geo import ui

# an emoji favicon is drawn by the browser; a ":material/...:" one would be fetched from a CDN
st.set_page_config(page_title="Delegation Atlas", page_icon="🗺️", layout="wide")

ROOT = Path(__file__).resolve().parent
pages = [
    st.Page("pages/1_Map.py", title="Map", icon=":material/map:", default=True),
    st.Page("pages/2_Delegations.py", title="Delegations", icon=":material/flight:", url_path="delegations"),
    st.Page("pages/3_People.py", title="People, organisations, programs", icon=":material/groups:",
            url_path="people"),
    st.Page("pages/4_Sources.py", title="Sources", icon=":material/article:", url_path="sources"),
    st.Page("pages/7_Timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/8_Ties.py", title="Ties", icon=":material/handshake:", url_path="ties"),
    st.Page("pages/9_Network.py", title="Network", icon=":material/hub:", url_path="network"),
]
OPTIONAL = (("pages/5_Curate.py", "Curate", ":material/edit:", "curate"),
            ("pages/6_Import.py", "Import and export", ":material/upload_file:", "import"))
for path, title, icon, url in OPTIONAL:
    if (ROOT / path).exists():
        pages.append(st.Page(path, title=title, icon=icon, url_path=url))

page = st.navigation(pages)
with ui.shared_sidebar():
    page.run()
