"""The dashboard and the report in a real browser (Debian's Chromium, driven by Playwright).

Screenshots go to tests/output/. Skipped when /usr/bin/chromium is missing
(`make browser` installs it)."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
OUTPUT = Path(__file__).parent / "output"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not CHROMIUM.exists():
    pytest.skip("Chromium is not installed at /usr/bin/chromium: run 'make browser' (apt-get install chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

from showfixtures import EVIL_TEXT, make_store  # noqa: E402


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "x.duckdb"
    make_store(db)
    return db


@pytest.fixture(scope="module")
def server(store):
    import uvicorn

    from shiftwatch.serve import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(store)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 15
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "the dashboard did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    app.state.store.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    OUTPUT.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.dialogs, pg.errors, pg.requests = [], [], []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    context.close()


def click_point(pg, chart: str, index: int) -> None:
    """Click the index-th marker of a Plotly chart, as a person would (hover, then click)."""
    point = pg.locator(f"{chart} .scatterlayer .point").nth(index)
    box = point.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    pg.mouse.move(x - 5, y)
    pg.mouse.move(x, y)
    pg.wait_for_selector(f"{chart} .hoverlayer .hovertext", timeout=5_000)  # Plotly clicks what it hovers
    pg.mouse.click(x, y)


def quotes(pg) -> list[str]:
    pg.wait_for_selector("#quotes li.quote", timeout=10_000)
    return pg.locator("#quotes li.quote blockquote").all_inner_texts()


def check_views(pg, shot: str) -> None:
    pg.wait_for_selector('#overview[data-shown="All statements"]', timeout=20_000)
    assert pg.locator("#overview .scatterlayer .point").count() == 12  # a point per month
    assert pg.locator("#overview .barlayer .point").count() >= 30  # volume bars by stance
    assert pg.locator("#speakers .mini").count() >= 6 and pg.locator("#outlets .mini").count() == 5
    assert pg.locator("#shifts tbody tr").count() >= 2
    assert pg.locator("#frames .scatterlayer .trace").count() == 6
    assert pg.locator("#fragmentation .barlayer .point").count() == 12
    pg.screenshot(path=str(OUTPUT / f"{shot}-overview.png"), full_page=True)

    click_point(pg, "#overview", 1)  # February
    texts = quotes(pg)
    assert pg.inner_text("#panel-title") == "All statements, Feb 2024"
    assert texts and pg.locator("#quotes li.quote .line a").first.get_attribute("href").startswith("https://")
    pg.screenshot(path=str(OUTPUT / f"{shot}-click.png"))
    pg.click("#panel-close")

    pg.select_option("#filter", "speaker:arkady-voronin")
    pg.wait_for_selector('#overview[data-shown="Arkady Voronin"]')
    click_point(pg, "#overview", 10)  # November: after his turn
    pg.wait_for_function("document.getElementById('panel-title').textContent.startsWith('Arkady Voronin')")
    quotes(pg)
    who = set(pg.locator("#quotes li.quote .who").all_inner_texts())
    assert who == {"Arkady Voronin"}
    stances = pg.locator("#quotes li.quote .badge.welcoming").count()
    assert stances >= pg.locator("#quotes li.quote").count() / 2  # mostly welcoming after the turn
    pg.screenshot(path=str(OUTPUT / f"{shot}-speaker.png"))
    pg.click("#panel-close")

    # hostile markup: the Interior Ministry, March 2024
    pg.select_option("#filter", "speaker:interior-ministry")
    pg.wait_for_selector('#overview[data-shown="Interior Ministry"]')
    click_point(pg, "#overview", 2)
    texts = quotes(pg)
    while EVIL_TEXT not in texts and pg.is_visible("#more"):
        pg.click("#more")
        texts = pg.locator("#quotes li.quote blockquote").all_inner_texts()
    assert EVIL_TEXT in texts  # shown as text, exactly
    item = pg.locator("#quotes li.quote", has_text="onmouseover=alert(1)")
    item.hover()
    item.locator("blockquote").hover()
    assert pg.locator("#quotes script, #quotes img, #quotes b, #quotes [onmouseover]").count() == 0
    assert item.locator("a").count() == 0  # the javascript: URL is not a link
    assert "link withheld" in item.inner_text()
    pg.screenshot(path=str(OUTPUT / f"{shot}-hostile.png"))
    time.sleep(0.3)
    assert pg.dialogs == [] and pg.errors == []


def test_dashboard(server, page):
    page.goto(server + "/")
    check_views(page, "dashboard")
    assert all(u.startswith(server) for u in page.requests)


def test_report_file(store, page, tmp_path):
    from shiftwatch.report import write_report
    from shiftwatch.store import Store

    out = tmp_path / "report.html"
    with Store(store, read_only=True) as s:
        write_report(s.con, out, store)
    page.goto(out.as_uri())
    check_views(page, "report")
    assert all(u.startswith("file://") or u.startswith("data:") or u.startswith("blob:") for u in page.requests)



def test_demo_report_shows_words_and_deeds(demo_db, browser, tmp_path):
    """The demo's planted measures on the stance's time axis; a mark opens its reports."""
    import subprocess

    from conftest import SW

    db, facts = demo_db
    out = tmp_path / "demo.html"
    r = subprocess.run([SW, "report", "--db", str(db), "--out", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    OUTPUT.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(out.as_uri())
    pg.wait_for_selector('#deeds[data-shown="1"]', timeout=20_000)
    marks = pg.evaluate("""() => document.getElementById('deeds').data
        .filter(t => t.yaxis === 'y2').reduce((n, t) => n + t.x.length, 0)""")
    assert marks >= 5, marks  # events of the taxi ban, the federal registry bill, the easings
    welcoming = pg.evaluate("""() => document.getElementById('deeds').data
        .filter(t => t.yaxis === 'y2' && t.name.startsWith('welcoming')).reduce((n, t) => n + t.x.length, 0)""")
    assert welcoming >= 1  # an easing
    assert pg.locator("#deeds-summary p").count() >= 1
    pg.screenshot(path=str(OUTPUT / "demo-deeds.png"), full_page=False, clip=None)
    pg.locator("#deeds").scroll_into_view_if_needed()
    point = pg.locator("#deeds .scatterlayer .trace").last.locator(".point").first
    box = point.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    pg.mouse.move(x - 5, y)
    pg.mouse.move(x, y)
    pg.wait_for_selector("#deeds .hoverlayer .hovertext", timeout=5_000)
    pg.mouse.click(x, y)
    pg.wait_for_selector("#quotes li.quote.measure", timeout=10_000)
    assert "report" in pg.inner_text("#panel-sub")
    links = pg.locator("#quotes li.quote.measure .line a")
    assert links.count() >= 1 and links.first.get_attribute("href").startswith("https://")
    pg.screenshot(path=str(OUTPUT / "demo-deeds-click.png"))
    assert not errors, errors
    context.close()


def test_demo_dashboard_shows_how_a_quote_travelled(demo_db, browser):
    """From the dashboard's quotes list: a quote's first report, then each outlet that repeated it
    on a time axis (from /api/quotes/<id>), each mark and each report linking to its source."""
    import uvicorn

    from shiftwatch.serve import create_app

    db, _ = demo_db
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(db)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        deadline = time.time() + 15
        while not srv.started and time.time() < deadline:
            time.sleep(0.05)
        assert srv.started, "the dashboard did not start"
        base = f"http://127.0.0.1:{port}"
        pg = context.new_page()
        errors, asked = [], []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("request", lambda r: asked.append(r.url))
        pg.goto(base + "/")
        pg.wait_for_selector("body[data-ready='1']", timeout=20_000)
        rows = pg.locator("#quotes-table tbody tr[data-quote]")
        assert rows.count() >= 1, "the demo corpus has quotes that several outlets carried"
        qid = rows.first.get_attribute("data-quote")
        import httpx

        quote = httpx.get(f"{base}/api/quotes/{qid}", timeout=30).json()
        reports = quote["items"]
        assert len(reports) >= 2 and reports[0]["first"]
        rows.first.locator("button.travel-open").click()
        pg.wait_for_selector(f"#travel[data-shown='{qid}']", timeout=10_000)
        assert f"{base}/api/quotes/{qid}?" in asked
        traces = pg.evaluate("() => document.getElementById('travel').data.map(t => ({name: t.name, x: t.x, y: t.y, "
                             "url: t.customdata.map(c => c[0])}))")
        first, repeated = traces
        assert first["name"] == "first report" and len(first["x"]) == 1
        assert first["y"] == [reports[0]["outlet"]]
        assert len(first["x"]) + len(repeated["x"]) == len(reports)  # a mark per report
        assert all(first["x"][0] <= x for x in repeated["x"])  # on a time axis, the first report first
        assert sorted(first["url"] + repeated["url"]) == sorted(r["url"] for r in reports)
        items = pg.locator("#quotes li.quote.report")
        assert items.count() == len(reports) and "first report" in items.first.inner_text()
        assert [a.get_attribute("href") for a in pg.locator("#quotes li.quote.report .line a").all()] == [
            r["url"] for r in reports]
        # a mark opens its source
        pg.evaluate("() => { window.open = (u) => { window.__opened = u; return null; }; }")
        click_point(pg, "#travel", 0)
        pg.wait_for_function("() => window.__opened", timeout=5_000)
        assert pg.evaluate("() => window.__opened") in [r["url"] for r in reports]
        OUTPUT.mkdir(exist_ok=True)
        pg.screenshot(path=str(OUTPUT / "demo-quote-travelled.png"))
        assert not errors, errors
    finally:
        context.close()
        srv.should_exit = True
        thread.join(10)
        app.state.store.close()
