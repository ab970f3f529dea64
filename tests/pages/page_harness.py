"""What an AppTest run put on screen, as text and frames, for assertions about what a role is shown."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import polars as pl
import pyarrow as pa
from streamlit.testing.v1 import AppTest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = PROJECT_ROOT / "streamlit_app" / "main.py"
TIMEOUT = 180  # the first run computes every indicator for every period of the sample


class DashboardTest(AppTest):
    """An AppTest of the dashboard that names a page file as the project does (``pages/overview.py``).

    AppTest takes page files relative to the entry point, which sits in ``streamlit_app/`` (see
    `dashboard.py` for why), so a page file is ``../pages/overview.py`` from there.
    """

    def switch_page(self, page_path: str) -> AppTest:
        return super().switch_page(os.path.relpath(PROJECT_ROOT / page_path, DASHBOARD.parent))


def dashboard(
    role: str | None = None,
    *,
    secrets: dict | None = None,
    user: dict | None = None,
    query: dict[str, str] | None = None,
) -> AppTest:
    """An AppTest of the whole dashboard with ``role`` configured locally (``[cpo] role``), not yet run.

    Secrets are always given, so a developer's own ``.streamlit/secrets.toml`` never takes part.
    """
    app = DashboardTest(DASHBOARD, default_timeout=TIMEOUT)
    app.secrets = secrets if secrets is not None else {"cpo": {"role": role} if role else {}}
    if user is not None:
        app.user = user
    for name, value in (query or {}).items():
        app.query_params[name] = value
    return app


def direct_run(page: str, role: str) -> AppTest:
    """Run a page file on its own, as a stale link or a crafted URL would reach it."""
    app = AppTest.from_file(PROJECT_ROOT / page, default_timeout=TIMEOUT)
    app.secrets = {"cpo": {"role": role}}
    return app.run()


def charts(app: AppTest) -> list:
    return list(app.get("vega_lite_chart"))


def chart_specs(app: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in charts(app)]


def chart_frames(app: AppTest) -> list[pl.DataFrame]:
    """Every dataset sent with every chart (Streamlit ships chart data as Arrow beside the spec)."""
    frames = []
    for chart in charts(app):
        for dataset in chart.proto.datasets:
            table = pa.ipc.open_stream(dataset.data.data).read_all()
            frames.append(pl.from_arrow(table))
    return frames


def tables(app: AppTest) -> list[pl.DataFrame]:
    """The static tables (``st.table``) on the page, in order."""
    return [pl.from_pandas(table.value) for table in app.table]


def grids(app: AppTest) -> list[pl.DataFrame]:
    """The interactive tables (``st.dataframe``) on the page, in order."""
    return [pl.from_pandas(frame.value) for frame in app.dataframe]


def texts(app: AppTest) -> list[str]:
    """Every piece of text on the page and in the sidebar."""
    found: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
    ):
        found.extend(str(element.value) for element in getattr(app, kind))
        found.extend(str(element.value) for element in getattr(app.sidebar, kind))
    for metric in app.metric:
        found.extend([metric.label, metric.value, str(metric.proto.delta)])
    for box in app.selectbox:
        found.extend([box.label, *map(str, box.options)])
    found.extend(str(element.proto.alt) for element in charts(app))
    return found


def everything_shown(app: AppTest) -> str:
    """All text, every table, every chart's spec and data, as one string to search."""
    parts = texts(app)
    parts.extend(str(frame.to_dicts()) for frame in tables(app) + grids(app))
    parts.extend(chart.proto.spec for chart in charts(app))
    parts.extend(str(frame.to_dicts()) for frame in chart_frames(app))
    parts.extend(str(element.value) for element in app.json)
    return "\n".join(parts)


def subheaders(app: AppTest) -> list[str]:
    return [element.value for element in app.subheader]


def error_texts(app: AppTest) -> list[str]:
    return [element.value for element in app.error]


def read_xlsx(data: bytes) -> pl.DataFrame:
    """The first sheet of an .xlsx as strings, header from the first row (no Excel reader is installed)."""
    import zipfile
    from xml.etree import ElementTree

    ns = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        shared = [
            "".join(node.itertext())
            for node in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall("x:si", ns)
        ]
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.find("x:sheetData", ns).findall("x:row", ns):
        cells = []
        for cell in row.findall("x:c", ns):
            value = cell.findtext("x:v", default="", namespaces=ns)
            cells.append(shared[int(value)] if cell.get("t") == "s" else value)
        rows.append(cells)
    header, *body = rows
    return pl.DataFrame(body, schema=dict.fromkeys(header, pl.String), orient="row")


def with_every_fold_open(app: AppTest) -> AppTest:
    """``app`` run again with every card's fold of the Transparency page open: a fold's chart and tables
    are sent only once it is opened, so every check of what a session can receive opens them all."""
    from metrics.catalogue import catalogue
    from pages.transparency import FOLDS, fold_key

    for entry in catalogue().values():
        for fold in FOLDS:
            app.session_state[fold_key(fold, entry.id)] = True
    return app.run()
