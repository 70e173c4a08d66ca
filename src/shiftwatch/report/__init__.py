"""The show stage: one self-contained HTML report, and the page the dashboard serves.

The report embeds its data as JSON in a ``<script type="application/json">``
(with ``<``, ``>`` and ``&`` escaped, so no statement can close the script)
and plotly.js inline; the page renders every text with ``textContent``.
"""

from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path

import duckdb
import jinja2

from .data import bundle

__all__ = ["bundle", "render", "write_report", "plotly_js"]


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


@lru_cache(maxsize=None)
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(__package__, "templates"), autoescape=True, keep_trailing_newline=True
    )
    return env.get_template("dashboard.html.j2")


def script_json(data: dict) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' appear literally."""
    text = json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render(data: dict, mode: str = "embedded") -> str:
    """The page: ``embedded`` for the report (data and plotly inline), ``api`` for the dashboard."""
    data = {**data, "mode": mode}
    return _template().render(
        title=data["meta"]["title"], mode=mode, css=_asset("app.css"), app_js=_asset("app.js"),
        plotly_js=plotly_js() if mode == "embedded" else "", data_json=script_json(data),
    )


def write_report(con: duckdb.DuckDBPyConnection, out: str | Path, db_path: str | Path = "") -> Path:
    """Write the report to ``out`` atomically (a temporary file in the same folder, then a rename)."""
    out = Path(out)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    html = render(bundle(con, db_path, embed_statements=True), "embedded")
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(html)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
