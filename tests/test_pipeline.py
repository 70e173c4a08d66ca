"""The pipeline and its seams: stages meet only in the pipeline and the store;
real exports (other field names, a bad line, an over-long document) lose
nothing silently; `analyze` resumes what failed or was skipped."""

from __future__ import annotations

import ast
import csv
import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT, SW
from test_ingest import EN_TEXT, RU_TEXT, random_text, rows, write_jsonl

PKG = ROOT / "src" / "shiftwatch"
# the processing stages never import each other; the show side (report, serve)
# presents what the analysis stage computes, so it may call it
STAGES = ("ingest", "statements", "speakers", "labels", "measures", "quotes", "analysis", "report", "serve")
SHOW = {"report": {"analysis"}, "serve": {"analysis", "report"}}


def _imports(path: Path) -> set[str]:
    """The shiftwatch modules a file imports, as dotted names relative to the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(PKG).with_suffix("")
    package = list(rel.parts[:-1]) if rel.name != "__init__" else list(rel.parts[:-1])
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                mod = ".".join([*base, *(node.module.split(".") if node.module else [])])
                names = [mod] if node.module else [".".join([*base, a.name]) for a in node.names]
                out.update(names)
            elif node.module and node.module.startswith("shiftwatch"):
                out.add(node.module.removeprefix("shiftwatch").lstrip("."))
        elif isinstance(node, ast.Import):
            out.update(a.name.removeprefix("shiftwatch").lstrip(".") for a in node.names if a.name.startswith("shiftwatch"))
    return {m for m in out if m}


def test_stages_do_not_import_each_other():
    offenders = []
    for stage in STAGES:
        folder = PKG / stage
        files = list(folder.rglob("*.py")) if folder.is_dir() else []
        for f in files:
            for mod in _imports(f):
                top = mod.split(".")[0]
                if top in STAGES and top != stage and top not in SHOW.get(stage, ()):
                    offenders.append(f"{f.relative_to(PKG)} imports {mod}")
    assert not offenders, "\n".join(offenders)


def test_no_import_cycles_between_modules():
    graph: dict[str, set[str]] = {}
    for f in PKG.rglob("*.py"):
        rel = f.relative_to(PKG).with_suffix("")
        name = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        # only imports at module level make cycles that bite at import time
        tree = ast.parse(f.read_text(encoding="utf-8"))
        top = ast.Module(body=[n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))], type_ignores=[])
        tmp = f.with_name(f".imports-{f.name}")
        tmp.write_text(ast.unparse(top), encoding="utf-8")
        try:
            graph[name] = _imports(tmp)
        finally:
            tmp.unlink()
    modules = set(graph)

    def resolve(m: str) -> str | None:
        while m and m not in modules:
            m = m.rpartition(".")[0]
        return m or None

    edges = {m: {r for d in deps if (r := resolve(d)) and r != m} for m, deps in graph.items()}
    seen, stack, cycles = set(), [], []

    def visit(m):
        if m in stack:
            cycles.append(" -> ".join(stack[stack.index(m):] + [m]))
            return
        if m in seen:
            return
        seen.add(m)
        stack.append(m)
        for d in sorted(edges.get(m, ())):
            # a package importing its own submodules is how packages are built, not a cycle
            if not d.startswith(m + "."):
                visit(d)
        stack.pop()

    for m in sorted(edges):
        visit(m)
    assert not cycles, "\n".join(cycles)


# -- real exports -------------------------------------------------------------------


def test_export_with_date_and_channel_fields_is_dated_and_in_the_timeline(tmp_path, sw):
    """A Telegram-style export says `date` and `channel`: no option needed, every document dated."""
    recs = [{"message": RU_TEXT + "\n\n" + random_text(i), "lang": "ru", "date": f"2024-{1 + i % 12:02d}-1{i % 9}T08:00:00+00:00",
             "channel": f"Канал {i % 3}", "link": f"https://t.example/c/{i}"} for i in range(24)]
    src = write_jsonl(tmp_path / "export.jsonl", recs)
    db = tmp_path / "x.duckdb"
    r = sw("ingest", src, "--db", db)
    assert r.returncode == 0, r.stderr
    assert "without a date" not in r.stderr
    assert rows(db, "SELECT count(*), count(published), count(outlet), count(url) FROM documents")[0] == (24, 24, 24, 24)
    assert rows(db, "SELECT count(DISTINCT outlet) FROM documents")[0][0] == 3
    # every report counted (the same text in posts a few days apart is one quote, counted once by default)
    t = sw("timeline", "--by", "all", "--freq", "month", "--db", db, "--format", "jsonl", "--count", "reports")
    counted = sum(json.loads(line)["statements"] for line in t.stdout.splitlines())
    stored = rows(db, "SELECT count(*) FROM statements WHERE about_migration AND stance IS NOT NULL")[0][0]
    assert rows(db, "SELECT count(DISTINCT doc_id) FROM statements")[0][0] == 24
    assert stored >= 24 and counted == stored
    t = sw("timeline", "--by", "all", "--freq", "month", "--db", db, "--format", "jsonl")
    once = sum(json.loads(line)["statements"] for line in t.stdout.splitlines())
    quotes = rows(db, "SELECT count(DISTINCT quote_id) FROM statements WHERE about_migration AND stance IS NOT NULL")[0][0]
    assert once == quotes < stored


def test_field_option_maps_other_names_and_undated_documents_are_reported(tmp_path, sw):
    src = write_jsonl(tmp_path / "e.jsonl", [
        {"body": EN_TEXT + "\n\n" + random_text(i), "lang": "en", "posted_on": f"2024-03-0{1 + i}", "paper": "The Northern Echo"} for i in range(3)])
    db = tmp_path / "x.duckdb"
    r = sw("ingest", src, "--db", db, "--no-analyze")
    assert r.returncode == 0
    assert "3 without a date" in r.stderr and "--field published=" in r.stderr
    db2 = tmp_path / "y.duckdb"
    r = sw("ingest", src, "--db", db2, "--no-analyze", "--field", "published=posted_on", "--field", "outlet=paper")
    assert r.returncode == 0, r.stderr
    assert "without a date" not in r.stderr
    assert rows(db2, "SELECT count(published), min(outlet) FROM documents")[0] == (3, "The Northern Echo")
    bad = sw("ingest", src, "--db", db2, "--field", "published")
    assert bad.returncode != 0 and "--field must look like" in bad.stderr and "Traceback" not in bad.stderr
    bad = sw("ingest", src, "--db", db2, "--field", "colour=red")
    assert bad.returncode != 0 and "not a field shiftwatch reads" in bad.stderr


def test_an_invalid_utf8_line_costs_that_line_only(tmp_path, sw):
    good = [json.dumps({"text": EN_TEXT + "\n\n" + random_text(i), "lang": "en", "published": "2024-02-02"}).encode() for i in range(4)]
    bad = json.dumps({"text": "caf\u00e9 " * 30}, ensure_ascii=False).encode("latin-1")
    src = tmp_path / "mixed.jsonl"
    src.write_bytes(b"\n".join(good[:2] + [bad] + good[2:]) + b"\n")
    db = tmp_path / "x.duckdb"
    r = sw("ingest", src, "--db", db, "--no-analyze")
    assert r.returncode == 3
    assert "(4 new, 0 duplicates, 1 rejected)" in r.stderr
    assert rows(db, "SELECT count(*) FROM documents")[0][0] == 4
    (source, reason), = rows(db, "SELECT source, reason FROM rejected")
    assert source.endswith("mixed.jsonl:3") and "line 3 is not UTF-8" in reason


def test_a_short_html_field_is_read_as_its_visible_text(tmp_path, sw):
    html = "<p>Governor Arkady Voronin said on Monday that the region needed more migrant workers.</p>"
    src = write_jsonl(tmp_path / "h.jsonl", [{"html": html, "published": "2024-04-04", "url": "https://x.example/1"}])
    db = tmp_path / "x.duckdb"
    r = sw("ingest", src, "--db", db)
    assert r.returncode == 0, r.stderr
    text, = rows(db, "SELECT text FROM documents")[0]
    assert text.startswith("Governor Arkady Voronin said") and "<p>" not in text
    assert rows(db, "SELECT count(*) FROM statements")[0][0] == 1


def test_long_documents_are_analysed_in_pieces_with_true_offsets(monkeypatch):
    from shiftwatch import statements
    from shiftwatch.pipeline import statements_of

    monkeypatch.setattr(statements, "MAX_PIECE_CHARS", 500)
    filler = "В городе продолжается ремонт дорог и мостов, работы закончат к осени. "
    text = "\n\n".join([filler * 8, RU_TEXT, filler * 12, RU_TEXT.replace("понедельник", "пятницу"), filler * 5])
    assert len(text) > 4 * 500
    found = statements_of(text, "ru")
    assert len(found) >= 4
    for s in found:
        assert text[s.char_start:s.char_end].strip("«»“” ") == s.text.strip("«»“” ") or s.text in text[s.char_start:s.char_end]
        assert text[s.speaker_start:s.speaker_end] == s.speaker_mention
    assert any(s.char_start > 1500 for s in found)


@pytest.mark.slow
def test_a_huge_csv_cell_is_analysed_not_silently_failed(tmp_path, sw):
    """Over spaCy's 1,000,000-character limit: analysed in pieces, statements found at the end too."""
    para = "The council met again to discuss the new bus timetable and the road repairs in the north. " * 60
    body = "\n\n".join([para] * 190 + [EN_TEXT])
    assert len(body) > 1_000_000
    src = tmp_path / "big.csv"
    with open(src, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["text", "published", "outlet"], [body, "2024-05-05", "Echo"]])
    db = tmp_path / "x.duckdb"
    r = sw("ingest", src, "--db", db, timeout=900)
    assert r.returncode == 0, r.stderr
    assert rows(db, "SELECT count(*) FROM documents WHERE analyzed AND analysis_error IS NULL")[0][0] == 1
    (start, mention), = rows(db, "SELECT max(char_start), any_value(speaker_mention) FROM statements")
    assert start > 1_000_000


def test_failed_analysis_is_reported_kept_pending_and_retried(tmp_path, cli, monkeypatch):
    from shiftwatch.statements import ru

    real = ru.extract

    def fragile(text, speakers):
        if "ВЗРЫВ" in text:
            raise MemoryError("simulated: the parser ran out of memory")
        return real(text, speakers)

    monkeypatch.setattr(ru, "extract", fragile)
    src = write_jsonl(tmp_path / "a.jsonl", [
        {"text": RU_TEXT, "published": "2024-01-01", "url": "https://a.example/1"},
        {"text": RU_TEXT.replace("Воронин", "Сорокин") + "\n\nВЗРЫВ " + random_text(1), "lang": "ru", "published": "2024-01-02",
         "url": "https://a.example/2"}])
    db = tmp_path / "x.duckdb"
    r = cli("ingest", src, "--db", db)
    assert r.exit_code == 3
    assert "1 not analysed" in r.stderr
    assert rows(db, "SELECT url, analyzed, analysis_error IS NOT NULL FROM documents ORDER BY url") == [
        ("https://a.example/1", True, False), ("https://a.example/2", False, True)]
    assert any("analysis failed: MemoryError" in why for _, why in rows(db, "SELECT source, reason FROM rejected"))
    monkeypatch.setattr(ru, "extract", real)
    again = cli("analyze", "--db", db)
    assert again.exit_code == 0, again.stderr
    assert "analysed 1 documents" in again.stderr
    assert rows(db, "SELECT count(*) FROM documents WHERE NOT analyzed OR analysis_error IS NOT NULL")[0][0] == 0
    assert rows(db, "SELECT count(DISTINCT doc_id) FROM statements")[0][0] == 2


def test_analyze_after_no_analyze_and_all_is_idempotent(tmp_path, cli):
    src = write_jsonl(tmp_path / "a.jsonl", [
        {"text": RU_TEXT, "published": "2024-01-01", "url": "https://a.example/1"},
        {"text": EN_TEXT, "published": "2024-01-02", "url": "https://a.example/2"}])
    db = tmp_path / "x.duckdb"
    assert cli("ingest", src, "--db", db, "--no-analyze").exit_code == 0
    assert rows(db, "SELECT count(*) FROM statements")[0][0] == 0
    r = cli("analyze", "--db", db)
    assert r.exit_code == 0 and "analysed 2 documents" in r.stderr
    q = "SELECT statement_id, speaker_id, stance, text FROM statements ORDER BY statement_id"
    first = rows(db, q)
    assert len(first) >= 4
    assert "analysed 0 documents" in cli("analyze", "--db", db).stderr
    r = cli("analyze", "--db", db, "--all")
    assert r.exit_code == 0 and "analysed 2 documents" in r.stderr
    assert rows(db, q) == first


def test_relabel_and_ingest_give_the_same_labels(tmp_path, cli):
    """One context function: relabelling with the same model changes nothing."""
    long_para = " ".join([RU_TEXT] * 12)
    src = write_jsonl(tmp_path / "a.jsonl", [{"text": long_para, "published": "2024-01-01"}])
    db = tmp_path / "x.duckdb"
    assert cli("ingest", src, "--db", db).exit_code == 0
    q = "SELECT statement_id, about_migration, stance, frames, cues FROM statements ORDER BY 1"
    before = rows(db, q)
    assert cli("relabel", "--db", db).exit_code == 0
    assert rows(db, q) == before


def test_relabel_sees_the_headline_as_ingest_does(tmp_path, cli):
    """A statement whose topic is only in the post's headline: relabel passes the
    document too, so it stays about migration."""
    text = ("Мигрантам запретят работать в такси с марта\n\n"
            "В области прошло совещание транспортного комитета.\n\n"
            "«Водителям такси придется получить новое разрешение», — заявил губернатор области Иван Петренко.")
    src = write_jsonl(tmp_path / "a.jsonl", [{"text": text, "published": "2024-01-01"}])
    db = tmp_path / "x.duckdb"
    assert cli("ingest", src, "--db", db).exit_code == 0
    q = "SELECT statement_id, about_migration, stance, frames, cues FROM statements ORDER BY 1"
    before = rows(db, q)
    assert [r[1] for r in before] == [True]
    assert cli("relabel", "--db", db).exit_code == 0
    assert rows(db, q) == before


def test_kill_9_leaves_no_worker_tracebacks_and_rerun_says_already_stored(tmp_path, sw):
    recs = [{"url": f"https://bulk.example/{i}", "published": "2024-01-01", "text": random_text(i)} for i in range(6000)]
    src = write_jsonl(tmp_path / "bulk.jsonl", recs)
    db = tmp_path / "crash.duckdb"
    proc = subprocess.Popen([SW, "ingest", str(src), "--db", str(db), "--no-analyze", "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.3)
        if db.exists() and Path(str(db) + ".wal").exists():
            break
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # the workers share the pipe: reading to its end returns once they are gone too
    err = proc.stderr.read()
    assert "Traceback" not in err and "BrokenPipe" not in err
    r = subprocess.run([SW, "ingest", str(src), "--db", str(db), "--no-analyze"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    stored = rows(db, "SELECT count(*) FROM documents")[0][0]
    assert stored == 6000
    summary = r.stderr.strip().splitlines()[-1]
    assert "duplicates" in summary and ", 0 duplicates," in summary
    if "already stored" in summary:  # the killed run may or may not have committed a batch
        assert int(summary.split(" already stored")[0].rsplit(", ", 1)[1]) % 500 == 0


def test_api_rejects_out_of_range_parameters_with_4xx(tmp_path, cli):
    from fastapi.testclient import TestClient

    from shiftwatch.serve import create_app

    src = write_jsonl(tmp_path / "a.jsonl", [{"text": RU_TEXT, "published": "2024-01-01"}])
    db = tmp_path / "x.duckdb"
    assert cli("ingest", src, "--db", db).exit_code == 0
    client = TestClient(create_app(db))
    for q in ("offset=9223372036854775808", "offset=-1", "limit=0", "limit=99999999999999999999",
              "since=yesterday", "since=2024-05-01&until=2024-01-01", "stance=angry", "frame=weather",
              "about_migration=maybe"):
        r = client.get(f"/api/statements?{q}")
        assert 400 <= r.status_code < 500, (q, r.status_code, r.text)
        assert "error" in r.json()
    assert client.get("/api/shifts?min_statements=99999999999999999999").status_code == 400
    assert client.get("/api/statements?speaker=nobody-at-all").status_code == 404
    assert client.get("/api/statements?offset=0").status_code == 200


def test_every_command_has_help_with_an_example(cli):
    from shiftwatch.cli import app, eval_app

    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    evals = [c.name or c.callback.__name__ for c in eval_app.registered_commands]
    assert {"ingest", "analyze", "statements", "speakers", "timeline", "shifts", "report", "serve"} <= set(names)
    for name in names:
        r = cli(name, "--help")
        assert r.exit_code == 0 and "Example:" in r.stdout, name
    for name in evals:
        r = cli("eval", name, "--help")
        assert r.exit_code == 0 and "Example:" in r.stdout, name


@pytest.mark.slow
def test_plain_pip_install_with_the_venvs_own_pip_gives_a_working_tool(tmp_path):
    """`pip install .` in a fresh venv, with the pip that venv ships (no upgrade, no lock):
    the declared dependencies alone must read an HTML page (lxml_html_clean included)."""
    import sys

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    r = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        str(ROOT)], capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-2000:]
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Council</title></head><body><article><h1>Council</h1>"
                    "<p>Regional spokesperson Arkady Voronin said on Monday that the region needed migrants "
                    "to keep its building sites open this summer.</p></article></body></html>", encoding="utf-8")
    db = tmp_path / "x.duckdb"
    r = subprocess.run([str(venv / "bin" / "shiftwatch"), "ingest", str(page), "--db", str(db)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "1 new" in r.stderr and "1 statements" in r.stderr
