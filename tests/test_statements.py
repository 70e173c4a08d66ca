"""Statements and speakers: extraction on real-looking text, ids across
languages, the gold evaluation, and the demo corpus's planted speakers."""

from __future__ import annotations

import json

import pytest

from conftest import GOLD, ROOT, needs_shared
from shiftwatch.pipeline import statements_of as extract
from shiftwatch.evaluate.statements import evaluate
from shiftwatch.statements.quotes import find_quotes


def by_text(statements, fragment):
    found = [s for s in statements if fragment in s.text]
    assert found, f"no statement contains {fragment!r}: {[s.text for s in statements]}"
    return found[0]


def test_quotes_nest_split_and_continue_over_paragraphs():
    text = "«Мигранты нужны региону, — сказал он. — Без них „стройки“ встанут», — заявил Воронин."
    assert [q.text(text) for q in find_quotes(text)] == ["Мигранты нужны региону, — сказал он. — Без них „стройки“ встанут"]
    text = "“First paragraph of the quote.\n\n“Second one,” she said. It’s “fine”."
    assert [q.text(text) for q in find_quotes(text)] == ["First paragraph of the quote.\n\n“Second one,", "fine"]


def test_russian_inflected_names_resolve_to_one_registry_id():
    text = (
        "Пресс-секретарь президента Дмитрий Песков заявил, что стране нужны трудовые мигранты. "
        "По словам Пескова, спрос на рабочие руки растёт.\n\n"
        "«Без мигрантов мы не справимся», — добавил он."
    )
    found = extract(text, "ru")
    assert len(found) == 3
    assert {s.speaker_id for s in found} == {"dmitry-peskov"}
    assert {s.kind for s in found} == {"indirect", "direct"}
    assert by_text(found, "Без мигрантов").text == "Без мигрантов мы не справимся"
    assert by_text(found, "спрос на рабочие руки").speaker_mention == "Пескова"


def test_english_and_russian_give_the_same_ids():
    en = extract(
        "“Russia needs migrants,” Kremlin spokesperson Dmitry Peskov told reporters. "
        "A source close to the presidential administration said the quota would be raised.", "en")
    ru = extract(
        "«России нужны мигранты», — сказал журналистам пресс-секретарь президента Дмитрий Песков. "
        "Источник, близкий к администрации президента, сообщил, что квоту повысят.", "ru")
    assert [s.speaker_id for s in en] == ["dmitry-peskov", "anon:source-close-to-presidential-administration"]
    assert [s.speaker_id for s in ru] == ["dmitry-peskov", "anon:source-close-to-presidential-administration"]
    assert en[0].speaker == ru[0].speaker == "Dmitry Peskov"


def test_unknown_people_get_a_transliterated_id():
    ru = extract("Политолог Евгений Матвейчев заявил, что мигрантов используют в предвыборной борьбе.", "ru")
    en = extract("Political strategist Yevgeny Matveychev said migrants were being used in the election campaign.", "en")
    # a word's first Е is E, as passports write it (the store joins the two spellings: test_world_registry)
    assert ru[0].speaker_id == "evgeny-matveychev" and ru[0].speaker == "Evgeny Matveychev"
    assert en[0].speaker_id == "yevgeny-matveychev"
    ru = extract("Политолог Дмитрий Матвейчев заявил, что мигрантов используют в предвыборной борьбе.", "ru")
    en = extract("Political strategist Dmitry Matveychev said migrants were being used in the election campaign.", "en")
    assert ru[0].speaker_id == en[0].speaker_id == "dmitry-matveychev"


def test_russian_feed_posts_markup_and_content_first_forms():
    """Telegram-style posts (invented text): emoji and markdown stay out of the
    statement, offsets stay true to the document; «…, — X», «…, заявил X»."""
    text = "📱 Около двух тысяч патентов выдадут до конца месяца, — __Роскомнадзор__"
    s = by_text(extract(text, "ru"), "патентов")
    assert s.text == "Около двух тысяч патентов выдадут до конца месяца" == text[s.char_start : s.char_end]
    assert (s.kind, s.speaker_mention, s.speaker_id) == ("direct", "Роскомнадзор", "roskomnadzor")
    s = extract("«Решение пока не принято», — Песков.", "ru")[0]
    assert (s.text, s.speaker_id) == ("Решение пока не принято", "dmitry-peskov")
    s = extract("Квоту на иностранных работников увеличат вдвое, заявил губернатор области Игнат Белоусько.", "ru")[0]
    assert (s.kind, s.text, s.speaker_id) == ("indirect", "Квоту на иностранных работников увеличат вдвое", "ignat-belousko")
    text = "22 склада проверили в Камышанске. Нарушений не нашли – источник в полиции."
    assert [(s.text, s.speaker_id) for s in extract(text, "ru")] == [("Нарушений не нашли", "anon:law-enforcement-source")]
    s = extract("⚡️Белоусько: Квоты на стройки сохранят до весны.", "ru")[0]
    assert s.text == "Квоты на стройки сохранят до весны." and s.speaker_mention == "Белоусько"


def test_russian_speakers_are_people_bodies_or_roles():
    # the outlet only carries the words of the people it reports
    found = extract("⚡️**Финские правозащитники призывают открыть границу**, — Yle.", "ru")
    assert [(s.text, s.speaker_id) for s in found] == [("открыть границу", "anon:finnish-rights-activists")]
    assert extract("Застройщики, сообщает Mash, получили новые участки.", "ru") == []
    # common nouns and the reporter's «мы» are no speakers; region adjectives are no people
    assert extract("Экзамен показал, что знания у приезжих слабые.", "ru") == []
    assert extract("Мы попросили омбудсмена рассказать о главных проблемах.", "ru") == []
    assert extract("СК по Московской области сообщил, что проверка начата.", "ru")[0].speaker_id == "investigative-committee"
    # foreign bodies are not the Russian ones; a country abbreviation qualifies the body
    s = extract("Анкара не будет закрывать границу для приезжих, заявил глава МИД Турции Хакан Фидан.", "ru")[0]
    assert (s.text, s.speaker_id) == ("Анкара не будет закрывать границу для приезжих", "hakan-fidan")
    # a foreign body keeps its country (the world registry), never Russia's foreign-ministry
    assert extract("Представитель украинского МИД заявил, что Киев попросит помощи.", "ru")[0].speaker_id == "ukrainian-foreign-ministry"
    assert extract("В МИД РФ заявили, что ответ будет.", "ru")[0].speaker_id == "foreign-ministry"
    # names back in the nominative before their ids
    assert extract("По словам Майкла Уолтца, переговоры продолжатся.", "ru")[0].speaker_id == "mike-waltz"
    # he/she: the person named just before, not the previous speaker; they: the group named before
    text = ("Премьер Виктор Орбан заявил, что границу закроют.\n\n"
            "Министр Пётр Зубарев приехал в Камышанск. Он сказал, что квоты сохранят.")
    assert [s.speaker_id for s in extract(text, "ru")] == ["viktor-orban", "pyotr-zubarev"]
    text = "Местные жители возмущены. Они считают, что стройку надо остановить."
    assert extract(text, "ru")[0].speaker_id == "anon:local-residents"
    text = "В Следственном комитете по Северогорской области отреагировали на видео. Там сообщили, что проводят проверку."
    assert extract(text, "ru")[0].speaker_id == "investigative-committee"


def test_scare_quotes_and_fact_attributions_are_not_statements():
    text = (
        "Власти обсуждают «новое восприятие мигрантов» и закон «О правовом положении иностранных граждан». "
        "По данным МВД, число патентов выросло на десять процентов, передает ТАСС."
    )
    assert extract(text, "ru") == []
    text = 'Officials debated the "digital profile" plan. Reuters reports that 40,000 patents were issued.'
    assert extract(text, "en") == []


# -- gold ------------------------------------------------------------------------
# The targets: F1 >= 0.85 overall and >= 0.80 per kind and language,
# and speaker accuracy above the best published extractor's 0.87 ... here 0.85
# as a floor under the measured 0.88 (ru) and 0.96 (en).
FLOORS = {
    "en": {"f1": 0.85, "speaker_accuracy": 0.85, "kinds": 0.80},
    "ru": {"f1": 0.85, "speaker_accuracy": 0.85, "kinds": 0.80},
}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_gold_statements(lang):
    result = evaluate(GOLD / f"statements_{lang}.jsonl")
    groups = result["groups"]
    overall = groups["all"]
    assert groups[f"lang:{lang}"]["gold"] >= 130
    assert overall["f1"] >= FLOORS[lang]["f1"], overall
    assert overall["speaker_accuracy"] >= FLOORS[lang]["speaker_accuracy"], overall
    for kind in ("direct", "partial", "indirect"):
        assert groups[f"kind:{kind}"]["f1"] >= FLOORS[lang]["kinds"], (kind, groups[f"kind:{kind}"])


def test_eval_statements_cli_json(cli, tmp_path):
    gold = tmp_path / "gold.jsonl"
    lines = (GOLD / "statements_en.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = cli("eval", "statements", gold, "--format", "json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert set(data["groups"]) >= {"all", "lang:en", "kind:direct"}
    assert 0 <= data["groups"]["all"]["f1"] <= 1
    r = cli("eval", "statements", tmp_path / "missing.jsonl")
    assert r.exit_code == 1 and "no such gold file" in r.stderr


# -- the demo corpus ---------------------------------------------------------------




def test_demo_planted_speakers_and_sources(demo_db, sw):
    db, facts = demo_db
    out = sw("statements", "--db", db, "--all", "--format", "jsonl")
    statements = [json.loads(line) for line in out.stdout.splitlines()]
    ids = {s["speaker_id"] for s in statements}
    for shift in facts["shifts"]:
        assert shift["speaker_id"] in ids
    for anon in facts["anonymous"]:
        assert anon["speaker_id"] in ids, anon["speaker_id"]
    # the syndicated copy is linked to its original, not analysed twice
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    copies = con.execute("SELECT doc_id, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL").fetchall()
    con.close()
    assert len(copies) == 1
    assert not any(s["doc_id"] == copies[0][0] for s in statements)
    # --speaker takes an id or an alias in either script
    for name in ("arkady-voronin", "Аркадий Воронин", "Воронин", "Arkady Voronin"):
        r = sw("statements", "--db", db, "--speaker", name, "--all", "--format", "jsonl")
        assert r.returncode == 0, r.stderr
        got = [json.loads(line) for line in r.stdout.splitlines()]
        assert len(got) >= 55 and {g["speaker_id"] for g in got} == {"arkady-voronin"}
    # expected statements found with the right speaker
    expected = [e for e in facts["expected_statements"] if e.get("speaker_id")]
    hits = 0
    for e in expected:
        if any(e["text_contains"] in s["text"] and s["speaker_id"] == e["speaker_id"] for s in statements):
            hits += 1
    assert hits / len(expected) >= 0.6, f"{hits}/{len(expected)}"


def test_honorifics_lowercase_archives_and_foreign_governments():
    text = (
        "Deputy Prime Minister Nick Clegg said the party would not back a cap on workers from the EU. "
        "Mr Clegg added that the government was wrong to promise a cut in net migration."
    )
    found = extract(text, "en")
    assert [s.speaker_id for s in found] == ["nick-clegg", "nick-clegg"]
    low = extract(text.lower(), "en")
    assert {s.speaker for s in low if s.speaker} <= {"Nick Clegg"}
    # a British "government" is not Russia's Government from the registry
    uk = extract("The government said that net migration had risen to 212,000 last year.", "en")
    assert [s.speaker_id for s in uk] != ["government"]
    ru = extract("The Russian government said that it would raise the quota for migrant workers.", "en")
    assert [s.speaker_id for s in ru] == ["government"]


def test_registry_is_consistent():
    import yaml

    from shiftwatch.speakers import alias_key, registry, slug

    entries = yaml.safe_load((ROOT / "src" / "shiftwatch" / "data" / "speakers.yaml").read_text(encoding="utf-8"))
    assert len(entries) >= 150
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids))
    assert all(e["id"] == slug(e["name"]) for e in entries)
    owner = {}
    for e in entries:
        for alias in [e["name"], e.get("name_ru"), *(e.get("aliases") or [])]:
            if alias:
                assert owner.setdefault(alias_key(str(alias)), e["id"]) == e["id"], alias
    reg = registry()
    assert reg.lookup("Песков").speaker_id == reg.lookup("D. Peskov").speaker_id == "dmitry-peskov"
    assert reg.lookup("МВД").speaker_id == reg.lookup("Ministry of Internal Affairs").speaker_id == "interior-ministry"


def test_a_real_uk_article_with_an_empty_speaker_span_is_analysed():
    """uk2014-3647 (lowercased, unpunctuated) once gave a speaker mention of no words,
    and the media check indexed its last word: the document failed analysis."""
    import gzip


    path = needs_shared("uk-immigrationnews-2014/uk2014.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        doc = next(d for d in map(json.loads, f) if d["id"] == "uk2014-3647")
    found = extract(doc["text"], "en")
    assert found and all(doc["text"][s.char_start:s.char_end] for s in found)
