"""For the page tests that a page reads the view tables: a store of synthetic articles with its view tables,
the filtered atlas the page must agree with, and the atlas's loaders made to fail."""

from __future__ import annotations

import pytest

from geo.models import Atlas
from geo.store.database import Store
from tests.conftest import NewDatabases
from tests.extraction_factory import synthetic_extractions


def viewed(new_databases: NewDatabases, params: dict[str, str]) -> tuple[str, Atlas]:
    """A new database of 120 synthetic articles with its view tables, and the atlas filtered by ``params``."""
    from geo.views import filters, viewtables

    url = new_databases.saved("views", synthetic_extractions(120))
    with Store(url) as store:
        atlas = viewtables.rebuild(store)  # as `python -m geo ingest` does at its end
        wanted = filters.from_query_params(params)
        matches = {h.document_id for h in store.search(wanted.q)} if wanted.q else None
    return url, filters.apply(atlas, wanted, matches)


def refuse_the_atlas(app_env: pytest.MonkeyPatch, url: str) -> None:
    """The app on ``url``, with building or filtering the whole atlas an error."""
    from geo.views import filters, viewtables

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page loaded the atlas")

    app_env.setattr(viewtables, "ensure", refused)
    app_env.setattr(filters, "apply", refused)
    app_env.setenv("GEO_DB_URL", url)
