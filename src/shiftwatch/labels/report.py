"""Readable tables of ``eval stance`` results."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..records import FRAMES, STANCES


def print_tables(result: dict, console: Console | None = None) -> None:
    console = console or Console()
    scopes = [("all", result)] + list(result.get("by_lang", {}).items())
    summary = Table(title=f"eval stance ({result.get('model') or result.get('mode', '')})")
    for c in ("scope", "stance acc", "stance macro-F1", "frames micro-F1", "frames macro-F1",
              "about P", "about R", "about F1"):
        summary.add_column(c)
    for name, r in scopes:
        st, fr, ab = r.get("stance", {}), r.get("frames", {}), r.get("about_migration", {})
        summary.add_row(name, _f(st.get("accuracy")), _f(st.get("macro_f1")), _f(fr.get("micro", {}).get("f1")),
                        _f(fr.get("macro_f1")), _f(ab.get("precision")), _f(ab.get("recall")), _f(ab.get("f1")))
    console.print(summary)
    if "stance" in result:
        conf = Table(title="stance confusion (rows: gold, columns: predicted)")
        conf.add_column("gold")
        for p in (*STANCES, "none"):
            conf.add_column(p)
        for g in STANCES:
            conf.add_row(g, *[str(result["stance"]["confusion"][g][p]) for p in (*STANCES, "none")])
        console.print(conf)
    if "frames" in result:
        ft = Table(title="frames")
        for c in ("frame", "precision", "recall", "F1", "support"):
            ft.add_column(c)
        for f in FRAMES:
            m = result["frames"]["per_frame"][f]
            ft.add_row(f, _f(m["precision"]), _f(m["recall"]), _f(m["f1"]), str(m["support"]))
        console.print(ft)


def _f(v) -> str:
    return "" if v is None else f"{v:.3f}"
