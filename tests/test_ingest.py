"""Ingest through the CLI: every format, encodings, duplicates, bad input, crashes."""

from __future__ import annotations

import gzip
import http.server
import io
import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import duckdb
import pytest

from conftest import SW

RU_TEXT = (
    "Пресс-секретарь губернатора Аркадий Воронин заявил, что региону нужны мигранты. "
    "«Без трудовых мигрантов стройки просто встанут», — добавил он на брифинге в понедельник."
)
EN_TEXT = (
    "Regional spokesperson Arkady Voronin said on Monday that the region needed migrants. "
    "“Without guest workers the building sites will simply stop,” he told reporters."
)


RU_EXTRA = [
    "В департаменте транспорта обсуждали новые автобусные маршруты до аэропорта и ночные рейсы.",
    "Весной дороги в северных районах размыло, ремонт бригады закончат к середине июля.",
    "Фермеры жалуются на поздние заморозки, урожай клубники в этом году оказался вдвое меньше.",
    "Городской театр открывает сезон премьерой по пьесе Островского и выставкой костюмов.",
    "Школьники области заняли три призовых места на олимпиаде по химии и биологии.",
    "Налоговая служба напомнила владельцам автомобилей о сроках уплаты транспортного налога.",
]
EN_EXTRA = [
    "The city council also debated a new cycle lane along the river embankment and a car-free Sunday.",
    "Farmers in the south reported a late frost that halved this year's strawberry harvest.",
    "The regional theatre opens its season with a premiere and an exhibition of historic costumes.",
    "Local schools won three prizes at the national chemistry olympiad held in the capital.",
    "Tax officials reminded car owners that the annual vehicle levy falls due at the end of the month.",
    "A storm knocked out power to two thousand homes on the coast for most of Tuesday night.",
]


def ru(n: int) -> str:
    return RU_TEXT + "\n\n" + " ".join(RU_EXTRA[n % 6 :] + RU_EXTRA[: n % 6][:2]) + f" Выпуск номер {n}."


def en(n: int) -> str:
    return EN_TEXT + "\n\n" + " ".join(EN_EXTRA[n % 6 :] + EN_EXTRA[: n % 6][:2]) + f" Issue number {n}."


def rows(db, sql, params=None):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def rejected(db):
    return rows(db, "SELECT source, reason FROM rejected ORDER BY source")


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def article_html(title: str, body: str, date: str = "2024-05-14", charset: str = "utf-8") -> str:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return f"""<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>
<meta property="article:published_time" content="{date}T09:00:00+03:00"></head>
<body><nav><a href="/">Главная</a> <a href="/politics">Политика</a> <a href="/sport">Спорт</a></nav>
<div class="ad">Реклама: купите квартиру в ипотеку уже сегодня!</div>
<article><h1>{title}</h1>{paras}</article>
<aside><h3>Читайте также</h3><ul><li><a href="/a">Погода на выходные</a></li><li><a href="/b">Курс рубля</a></li></ul></aside>
<footer>Подпишитесь на нашу рассылку. © 2024 Северный вестник</footer></body></html>"""


# -- formats ------------------------------------------------------------------


def test_every_format_is_read(tmp_path, cli, db):
    src = tmp_path / "src"
    src.mkdir()
    write_jsonl(src / "export.jsonl", [
        {"id": "a1", "url": "https://north.example/a1", "title": "Мигранты", "published": "2024-03-01",
         "outlet": "Северный вестник", "text": ru(0)},
    ])
    (src / "export.csv").write_text(
        'id,url,title,published,outlet,lang,text\n'
        f'c1,https://meridian.example/c1,Workers,2024-04-02T10:00:00+05:00,Daily Meridian,en,"{en(1)}\n\nA second paragraph, about roads."\n',
        encoding="utf-8",
    )
    (src / "page.html").write_text(article_html("Губернатор о мигрантах", RU_EXTRA[2] + "\n\n" + RU_TEXT + "\n\n" + RU_EXTRA[4]), encoding="utf-8")
    (src / "feed.rss").write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Capital Ledger</title><link>https://ledger.example/</link>
<item><title>Spokesman on workers</title><link>https://ledger.example/1</link>
<pubDate>Tue, 07 May 2024 08:00:00 +0000</pubDate><description><![CDATA[<p>{EN_EXTRA[3]} {EN_EXTRA[5]} {EN_TEXT}</p>]]></description></item>
</channel></rss>""", encoding="utf-8")
    (src / "feed.atom").write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Eastern Wire</title>
<entry><title>Patents</title><link href="https://wire.example/2"/><id>urn:2</id>
<updated>2024-06-01T12:00:00Z</updated><content type="html">&lt;p&gt;{EN_EXTRA[0]} {EN_EXTRA[1]} {EN_EXTRA[2]}&lt;/p&gt;</content></entry></feed>""", encoding="utf-8")
    (src / "cp1251.txt").write_bytes((RU_EXTRA[0] + " Директор завода считает, что мигранты нужны цехам уже этой осенью. " + RU_EXTRA[3]).encode("cp1251"))
    (src / "koi8.txt").write_bytes((RU_EXTRA[3] + " среду. " + RU_EXTRA[5]).replace("«", '"').replace("»", '"').replace("—", "-").encode("koi8_r"))
    with gzip.open(src / "more.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps({"text": en(4), "published": "2024-07-07"}) + "\n")
    warc_path = src / "archive.warc.gz"
    _write_warc(warc_path, [
        ("https://north.example/w1", "text/html; charset=utf-8", article_html("Архив", ru(5)).encode()),
        ("https://north.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    ])

    result = cli("ingest", src, "--db", db, "--no-analyze", "--outlet", "Fallback Outlet")
    assert result.exit_code == 0, result.stderr
    assert "ingested 9 documents (9 new, 0 duplicates, 0 rejected)" in result.stderr
    docs = {r[0]: r[1:] for r in rows(db, "SELECT source, lang, outlet, published, text, title FROM documents")}
    by_kind = {Path(k.split("#")[0].split(":")[0]).name: v for k, v in docs.items()}
    assert set(by_kind) == {"export.jsonl", "export.csv", "page.html", "feed.rss", "feed.atom", "cp1251.txt", "koi8.txt", "more.jsonl.gz", "archive.warc.gz"}
    assert by_kind["cp1251.txt"][0] == "ru" and "мигранты" in by_kind["cp1251.txt"][3] and "автобусные" in by_kind["cp1251.txt"][3]
    assert "среду" in by_kind["koi8.txt"][3]
    assert by_kind["export.csv"][1] == "Daily Meridian" and str(by_kind["export.csv"][2]) == "2024-04-02"
    assert by_kind["feed.rss"][1] == "Capital Ledger" and str(by_kind["feed.rss"][2]) == "2024-05-07"
    assert str(by_kind["feed.atom"][2]) == "2024-06-01"
    html = by_kind["page.html"]
    assert html[4] == "Губернатор о мигрантах" and str(html[2]) == "2024-05-14"
    assert "Реклама" not in html[3] and "Подпишитесь" not in html[3] and "Погода на выходные" not in html[3]
    assert by_kind["cp1251.txt"][1] == "Fallback Outlet"  # --outlet fills in what the source lacks
    assert by_kind["export.jsonl"][1] == "Северный вестник"  # ... and never overrides it


def _write_warc(path: Path, responses: list[tuple[str, str, bytes]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, ctype, payload in responses:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers))


def test_reingest_adds_nothing_and_near_duplicates_are_linked(tmp_path, cli, db):
    body = "\n\n".join(
        f"Абзац {i}: губернатор области заявил, что мигранты нужны стройкам, а курсы языка станут бесплатными для {i * 10} человек."
        for i in range(12)
    )
    syndicated = body.replace("Абзац 5:", "Абзац пятый, с правкой редактора:") + "\n\nАвтор: Иван Сидоров"
    src = write_jsonl(tmp_path / "a.jsonl", [
        {"url": "https://one.example/x", "text": body, "published": "2024-01-10"},
        {"url": "https://two.example/copy", "text": syndicated, "published": "2024-01-11"},
        {"url": "https://three.example/other", "text": EN_TEXT, "published": "2024-01-12"},
    ])
    first = cli("ingest", src, "--db", db)
    assert first.exit_code == 0
    assert "ingested 3 documents (2 new, 1 duplicates, 0 rejected)" in first.stderr
    linked = rows(db, "SELECT url, duplicate_of IS NOT NULL, similarity FROM documents ORDER BY url")
    assert [(u, d) for u, d, _ in linked] == [
        ("https://one.example/x", False), ("https://three.example/other", False), ("https://two.example/copy", True)]
    assert linked[2][2] >= 0.7
    # a near duplicate is not analysed twice
    assert rows(db, "SELECT count(*) FROM statements s JOIN documents d USING (doc_id) WHERE d.duplicate_of IS NOT NULL")[0][0] == 0
    before = rows(db, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM statements), (SELECT count(*) FROM doc_bands)")
    again = cli("ingest", src, "--db", db)
    # already stored is not a duplicate (issue 10): the re-run says so
    assert "(0 new, 0 duplicates, 0 rejected), 0 statements, 3 already stored" in again.stderr
    assert rows(db, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM statements), (SELECT count(*) FROM doc_bands)") == before
    # the same text under another URL is an exact duplicate
    write_jsonl(tmp_path / "b.jsonl", [{"url": "https://four.example/y", "text": EN_TEXT}])
    third = cli("ingest", tmp_path / "b.jsonl", "--db", db)
    assert "(0 new, 1 duplicates" in third.stderr


def test_workers_give_the_same_store(tmp_path, sw):
    recs = [{"url": f"https://x.example/{i}", "published": f"2024-0{1 + i % 9}-1{i % 10}",
             "text": ru(i) + f" {i} " * (i % 7) if i % 2 else en(i) + f" {i} " * (i % 7)} for i in range(60)]
    src = write_jsonl(tmp_path / "many.jsonl", recs)
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    r1 = sw("ingest", src, "--db", one, "--no-analyze")
    r2 = sw("ingest", src, "--db", two, "--no-analyze", "--workers", "2")
    assert r1.returncode == 0 and r2.returncode == 0, r2.stderr
    q = "SELECT doc_id, lang, published, text_hash FROM documents ORDER BY doc_id"
    assert rows(one, q) == rows(two, q)
    assert len(rows(one, q)) == 60


def test_progress_lines_when_not_a_terminal(tmp_path, sw):
    src = write_jsonl(tmp_path / "a.jsonl", [{"text": EN_TEXT, "published": "2024-05-01"}])
    r = sw("ingest", src, "--db", tmp_path / "x.duckdb", "--no-analyze")
    lines = r.stderr.strip().splitlines()
    assert lines[-1] == "ingested 1 documents (1 new, 0 duplicates, 0 rejected), 0 statements"
    assert any(line.startswith("ingest: ") and "/s" in line for line in lines)
    assert "\x1b[" not in r.stderr  # no terminal control codes in logs


# -- bad input ------------------------------------------------------------------


def _gz_truncated(p: Path) -> None:
    data = gzip.compress(("\n".join(json.dumps({"text": EN_TEXT + str(i)}) for i in range(200))).encode())
    p.write_bytes(data[: len(data) // 2])


def _big_html(p: Path) -> None:
    with open(p, "w") as f:
        f.write("<html><body>")
        chunk = "<p>" + "слово " * 1000 + "</p>"
        while f.tell() < 50 * 1024 * 1024:
            f.write(chunk)
        f.write("</body></html>")


def _warc_no_html(p: Path) -> None:
    _write_warc(p, [("https://x.example/a.png", "image/png", b"\x89PNG" + b"\x00" * 100),
                    ("https://x.example/data.json", "application/json", b'{"a": 1}')])


BAD = {
    "empty.txt": (lambda p: p.write_bytes(b""), "empty file"),
    "binary.bin": (lambda p: p.write_bytes(bytes(range(256)) * 40), "binary file"),
    "truncated.jsonl.gz": (_gz_truncated, "truncated or corrupt gzip"),
    "invalid.xml": (lambda p: p.write_text('<?xml version="1.0"?><rss><channel><item><title>x</ti'), "invalid XML"),
    "bomb.xml": (lambda p: p.write_text(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]><rss><channel><item><description>&lol2;</description></item></channel></rss>'),
        "entity-expansion bomb"),
    "huge.html": (_big_html, "too large"),
    "notext.csv": (lambda p: p.write_text("id,title,author\n1,Hello,Me\n"), "no 'text' or 'html' column"),
    "no-html-records.warc.gz": (_warc_no_html, "WARC has no HTML responses (application/json ×1, image/png ×1)"),
    "corrupt.warc.gz": (lambda p: p.write_bytes(os.urandom(3000)), "not a readable WARC archive"),
    "empty-feed.rss": (lambda p: p.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'), "feed has no entries"),
    "nav-only.html": (lambda p: p.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>"), "too little text"),
    "short.txt": (lambda p: p.write_text("Коротко."), "too little text"),
    "chinese.txt": (lambda p: p.write_text("移民政策的讨论在各地继续进行，许多人关注劳动力短缺问题。" * 3), "no Russian or English text"),
    "latin1.jsonl": (lambda p: p.write_bytes(json.dumps({"text": "caf\u00e9 " * 20}, ensure_ascii=False).encode("latin-1") + b"\n"), "not UTF-8"),
}

BAD_RECORDS = [
    ("not json at all", "invalid JSON"),
    ('["a", "list"]', "not an object"),
    (json.dumps({"title": "no body"}), "no 'text' or 'html' field"),
    (json.dumps({"text": EN_TEXT + " 1", "published": "the day before yesterday"}), "unparseable published date"),
    (json.dumps({"text": EN_TEXT + " 2", "published": "2999-01-01"}), "in the future"),
    (json.dumps({"text": EN_TEXT + " 3", "lang": "de"}), "language 'de' is not supported"),
    (json.dumps({"text": "   "}), "no 'text' or 'html' field"),
]


def test_bad_inputs_are_recorded_and_good_ones_kept(tmp_path, sw):
    src = tmp_path / "src"
    src.mkdir()
    for name, (make, _) in BAD.items():
        make(src / name)
    good = [{"text": EN_TEXT, "url": "https://good.example/1"}]
    lines = [json.dumps(good[0])] + [r for r, _ in BAD_RECORDS] + [json.dumps({"text": RU_TEXT, "url": "https://good.example/2"})]
    (src / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (src / "wrong-charset.html").write_bytes(article_html("Заголовок", ru(3), charset="utf-8").encode("cp1251"))
    empty_dir = tmp_path / "nothing-here"
    empty_dir.mkdir()
    unreadable = tmp_path / "only-bad"
    unreadable.mkdir()
    (unreadable / "x.bin").write_bytes(b"\x00\x01\x02" * 100)
    started = time.monotonic()
    r = sw("ingest", src, tmp_path / "does-not-exist.jsonl", empty_dir, unreadable, "--db", tmp_path / "x.duckdb", "--no-analyze")
    took = time.monotonic() - started
    assert r.returncode == 3, r.stderr
    assert "Traceback" not in r.stderr
    assert took < 120
    reasons = rejected(tmp_path / "x.duckdb")
    text = "\n".join(f"{s} :: {why}" for s, why in reasons)
    for name, (_, why) in BAD.items():
        # a record's rejection names its line (latin1.jsonl:1), a file's the file
        assert any(Path(s).name.split(":")[0] == name and why in reason for s, reason in reasons), f"{name}: {why}\n{text}"
    for n, (_, why) in enumerate(BAD_RECORDS, 2):
        assert any(s.endswith(f"mixed.jsonl:{n}") and why in reason for s, reason in reasons), f"line {n}: {why}\n{text}"
    assert any(s.endswith("does-not-exist.jsonl") and "no such file" in why for s, why in reasons)
    assert any(s.endswith("nothing-here") and "no files" in why for s, why in reasons)
    assert any(s.endswith("only-bad") and "no readable files" in why for s, why in reasons)
    kept = rows(tmp_path / "x.duckdb", "SELECT source, text FROM documents ORDER BY source")
    names = sorted(Path(s.split(":")[0].split("#")[0]).name for s, _ in kept)
    # what a truncated gzip held before the cut is kept, and recorded as truncated
    assert 0 < names.count("truncated.jsonl.gz") < 200
    assert [n for n in names if n != "truncated.jsonl.gz"] == ["mixed.jsonl", "mixed.jsonl", "wrong-charset.html"]
    wrong = next(t for s, t in kept if s.endswith("wrong-charset.html"))
    assert "мигранты" in wrong  # a wrong declared charset is detected and corrected
    assert len(reasons) >= 25
    # every reason is one readable line
    assert all("\n" not in why and len(why) < 200 for _, why in reasons)
    # re-running records each rejection once, not twice
    sw("ingest", src, "--db", tmp_path / "x.duckdb", "--no-analyze")
    assert len(rejected(tmp_path / "x.duckdb")) == len(reasons)


def test_bad_options_are_one_line_errors(tmp_path, sw):
    src = write_jsonl(tmp_path / "a.jsonl", [{"text": EN_TEXT}])
    for args, expect in [
        (["--date", "yesterday"], "--date must be a date like 2024-03-31"),
        (["--date", "2999-01-01"], "is in the future"),
    ]:
        r = sw("ingest", src, "--db", tmp_path / "x.duckdb", *args)
        assert r.returncode == 1
        assert r.stderr.strip().count("\n") == 0 and expect in r.stderr and "Traceback" not in r.stderr
    r = sw("ingest", src, "--lang", "fr", "--db", tmp_path / "x.duckdb")
    assert r.returncode == 2 and "Traceback" not in r.stderr and "fr" in r.stderr
    r = sw("statements", "--db", tmp_path / "missing.duckdb")
    assert r.returncode == 1 and "no store at" in r.stderr and "Traceback" not in r.stderr
    (tmp_path / "junk.duckdb").write_bytes(b"not a database" * 100)
    r = sw("statements", "--db", tmp_path / "junk.duckdb")
    assert r.returncode == 1 and "Traceback" not in r.stderr and r.stderr.count("\n") == 1


# -- URLs -------------------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        if self.path == "/slow":
            time.sleep(3)
        if self.path == "/missing":
            self.send_response(404)
            self.end_headers()
            return
        if self.path == "/feed":
            body, ctype = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback Feed</title>
<item><title>A</title><link>http://loopback.example/a</link><pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate>
<description>{EN_TEXT}</description></item></channel></rss>""".encode(), "application/rss+xml"
        else:
            body, ctype = article_html("Страница", RU_TEXT).encode("cp1251"), "text/html; charset=windows-1251"
        try:
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def test_urls_are_fetched_with_a_timeout(server, sw, tmp_path):
    db = tmp_path / "x.duckdb"
    r = sw("ingest", f"{server}/page", f"{server}/feed", f"{server}/slow", f"{server}/missing", "--db", db, "--timeout", "0.5", "--no-analyze")
    assert r.returncode == 3, r.stderr
    reasons = dict(rejected(db))
    assert "timed out after 0.5 s" in reasons[f"{server}/slow"]
    assert reasons[f"{server}/missing"] == "HTTP 404"
    docs = rows(db, "SELECT source, outlet, text FROM documents ORDER BY source")
    assert len(docs) == 2
    assert any("мигранты" in t for _, _, t in docs)  # cp1251 page, charset from the header
    assert any(o == "Loopback Feed" for _, o, _ in docs)


# -- crash safety ------------------------------------------------------------------

WORDS = (RU_TEXT + " " + " ".join(RU_EXTRA)).split() + (EN_TEXT + " " + " ".join(EN_EXTRA)).split()


def random_text(i: int) -> str:
    import random

    rng = random.Random(i)
    return " ".join(rng.choice(WORDS) for _ in range(120)) + f" {i}."


def test_sigkill_mid_ingest_then_rerun_equals_a_clean_run(tmp_path, sw):
    recs = [
        {"url": f"https://bulk.example/{i}", "published": f"202{i % 4}-0{1 + i % 9}-1{i % 10}",
         "text": random_text(i)}
        for i in range(8000)
    ]
    src = write_jsonl(tmp_path / "bulk.jsonl", recs)
    clean_db = tmp_path / "clean.duckdb"
    started = time.monotonic()
    assert sw("ingest", src, "--db", clean_db, "--no-analyze").returncode == 0
    clean_time = time.monotonic() - started
    q = "SELECT doc_id, url, text_hash, length(text), published FROM documents ORDER BY doc_id"
    clean = rows(clean_db, q)
    assert len(clean) == 8000

    crash_db = tmp_path / "crash.duckdb"
    for fraction in (0.6, 0.45, 0.3):
        if crash_db.exists():
            crash_db.unlink()
        wal = Path(str(crash_db) + ".wal")
        if wal.exists():
            wal.unlink()
        proc = subprocess.Popen([SW, "ingest", str(src), "--db", str(crash_db), "--no-analyze"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(clean_time * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        partial = rows(crash_db, "SELECT count(*) FROM documents")[0][0] if crash_db.exists() else 0
        if partial < 8000:
            break
    assert partial < 8000, "the kill came too late to interrupt the run"
    # no half-written batch: documents come in whole batches of the ingest
    assert partial % 500 == 0
    assert sw("ingest", src, "--db", crash_db, "--no-analyze").returncode == 0
    assert rows(crash_db, q) == clean
    assert rows(crash_db, "SELECT count(*), count(DISTINCT doc_id), count(DISTINCT text_hash) FROM documents")[0] == (8000, 8000, 8000)
    bands = "SELECT count(*), count(DISTINCT doc_id) FROM doc_bands"
    assert rows(crash_db, bands) == rows(clean_db, bands)


# -- API and export ------------------------------------------------------------------


def test_python_api_and_parquet_export(tmp_path, cli, db):
    src = write_jsonl(tmp_path / "a.jsonl", [
        {"url": "https://n.example/1", "text": RU_TEXT, "published": "2024-02-01", "outlet": "Северный вестник"},
        {"url": "https://n.example/2", "text": EN_TEXT, "published": "2024-02-03", "outlet": "Daily Meridian"},
    ])
    assert cli("ingest", src, "--db", db).exit_code == 0
    import shiftwatch

    with shiftwatch.open(db) as corpus:
        docs = corpus.documents()
        sts = corpus.statements()
        speakers = corpus.speakers()
    assert len(docs) == 2 and set(docs["lang"]) == {"ru", "en"}
    assert "arkady-voronin" in set(sts["speaker_id"])
    assert "arkady-voronin" in set(speakers["speaker_id"])
    out = tmp_path / "parquet"
    r = cli("export", "--db", db, "--parquet", out)
    assert r.exit_code == 0
    import pandas as pd

    assert len(pd.read_parquet(out / "documents.parquet")) == 2
    exported = pd.read_parquet(out / "statements.parquet")
    assert len(exported) == len(sts) and {"speaker_id", "stance", "frames", "cues"} <= set(exported.columns)
