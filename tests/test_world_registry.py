"""One speaker id across languages for public figures outside Russia's registry
(world.py, data/world_speakers.tsv.gz). The sentences are invented; the names
are real public figures and bodies."""

from __future__ import annotations

import gzip
import time
from importlib import resources

import pytest

from shiftwatch.speakers import Registry, name_skeleton, registry
from shiftwatch.pipeline import statements_of as extract
from shiftwatch.speakers.world import WorldIndex, body, nominatives, world


def ids(text: str, lang: str) -> list[str | None]:
    return [s.speaker_id for s in extract(text, lang)]


# -- the data file ----------------------------------------------------------

def test_world_registry_is_large_compact_and_public():
    path = resources.files("shiftwatch") / "data" / "world_speakers.tsv.gz"
    assert path.stat().st_size < 3_000_000
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
    assert header == ["id", "name", "names_ru", "aliases", "wikidata", "kind", "country", "role", "famous"]
    w = world()
    assert len(w.entries) > 20_000
    assert sum(1 for e in w.entries if e.names_ru) > 2_000
    assert sum(1 for e in w.entries if e.famous) > 100
    assert all(e.role for e in w.entries)  # every entry holds (or held) a public office
    assert len({e.speaker_id for e in w.entries}) == len(w.entries)


def test_loads_once_and_fast_enough():
    world.cache_clear()
    t = time.perf_counter()
    world()
    assert time.perf_counter() - t < 10
    assert world() is world()


# -- people -----------------------------------------------------------------

@pytest.mark.parametrize("ru, en, sid", [
    ("Дональд Трамп", "Donald Trump", "donald-trump"),
    ("Хайко Маас", "Heiko Maas", "heiko-maas"),
    ("Вангелис Меймаракис", "Evangelos Meimarakis", "evangelos-meimarakis"),
    ("Джастин Трюдо", "Justin Trudeau", "justin-trudeau"),
    ("Реджеп Тайип Эрдоган", "Recep Tayyip Erdoğan", "recep-tayyip-erdogan"),
    ("Матеуш Моравецкий", "Mateusz Morawiecki", "mateusz-morawiecki"),
])
def test_full_names_meet_across_scripts(ru, en, sid):
    reg = registry()
    assert reg.lookup(ru).speaker_id == sid
    assert reg.lookup(en).speaker_id == sid
    assert reg.lookup(ru).in_registry


def test_inflected_russian_forms_find_the_nominative():
    reg = registry()
    assert reg.lookup("Матеуша Моравецкого").speaker_id == "mateusz-morawiecki"
    assert reg.lookup("Ангелы Меркель").speaker_id == "angela-merkel"
    assert reg.lookup("Хайко Мааса").speaker_id == "heiko-maas"
    assert "Трамп" in nominatives("Трампа") and "Обама" in nominatives("Обамы")


def test_bare_surnames_only_for_one_famous_person():
    reg = registry()
    assert reg.by_surname_only("Трамп").speaker_id == "donald-trump"
    assert reg.by_surname_only("Трампа").speaker_id == "donald-trump"
    assert reg.by_surname_only("Merkel").speaker_id == "angela-merkel"
    assert reg.by_surname_only("Асада").speaker_id == "bashar-al-assad"
    assert reg.by_surname_only("Johnson") is None  # Boris and Jeh: two famous Johnsons
    assert reg.by_surname_only("Опперман") is None  # a legislator, not famous enough for a bare surname
    # lookup() never guesses from a surname of the world registry; the document's names come first
    # (Russia's registry lists some foreign leaders by surname on purpose: «Трамп», «Макрон»)
    assert reg.lookup("Меркель") is None and reg.lookup("Асад") is None
    assert reg.by_surname_only("Песков").speaker_id == "dmitry-peskov"  # Russia's registry first


def test_extraction_gives_one_id_in_both_languages():
    ru = ids("Президент США Дональд Трамп заявил, что граница будет закрыта.\n\n"
             "Позже Трамп добавил, что решение окончательное.", "ru")
    en = ids("US President Donald Trump said the border would be closed.", "en")
    assert ru == ["donald-trump", "donald-trump"] and en == ["donald-trump"]
    assert ids("«Мы примем ещё тысячу беженцев», — сказал министр иностранных дел Германии Хайко Маас.", "ru") == ["heiko-maas"]
    assert ids('"We will take another thousand refugees," said German Foreign Minister Heiko Maas.', "en") == ["heiko-maas"]
    assert ids("По словам Ангелы Меркель, страна справится.", "ru") == ["angela-merkel"]
    assert ids("«Я не уйду», — сказал Эрдоган.", "ru") == ids('"I will not leave," Erdogan said.', "en") == ["recep-tayyip-erdogan"]
    assert ids("«Стену строить не будем», — сказал Трюдо.", "ru") == ids('"We will not build a wall," said Trudeau.', "en") == ["justin-trudeau"]


def test_a_name_in_the_document_beats_a_famous_surname():
    # an invented Aleksei Trump of a small town is not Donald Trump
    got = ids("Фермер Алексей Трамп рассказал, что урожай хороший.\n\n«Дождей было много», — сказал Трамп.", "ru")
    assert got and "donald-trump" not in got


# -- bodies -----------------------------------------------------------------

def test_bodies_keep_their_country():
    reg = registry()
    assert reg.lookup("МИД Польши").speaker_id == "foreign-ministry-of-poland"
    assert reg.lookup("глава турецкого МИД").speaker_id == "foreign-ministry-of-turkey"
    assert reg.lookup("Poland's foreign ministry").speaker_id == "foreign-ministry-of-poland"
    assert reg.lookup("the Polish Foreign Ministry").speaker_id == "foreign-ministry-of-poland"
    assert reg.lookup("Госдепартамент США").speaker_id == "us-state-department"
    assert reg.lookup("the State Department").speaker_id == "us-state-department"
    assert reg.lookup("правительство Германии").speaker_id == "government-of-germany"
    assert reg.lookup("МВД Италии").speaker_id == "interior-ministry-of-italy"
    # Russia's own bodies keep their registry ids
    assert reg.lookup("МИД России").speaker_id == "foreign-ministry"
    assert reg.lookup("МИД").speaker_id == "foreign-ministry"
    assert body("пресс-секретарь посольства") is None  # no country named


def test_body_statements_in_both_languages():
    assert ids("Как сообщили в МИД Польши, визовый режим не изменится.", "ru") == ["foreign-ministry-of-poland"]
    assert ids("Poland's foreign ministry said the visa regime would not change.", "en") == ["foreign-ministry-of-poland"]


def test_countries_as_speakers():
    reg = registry()
    assert reg.lookup("Израиль").speaker_id == reg.lookup("Israel").speaker_id == "israel"
    assert reg.lookup("США").speaker_id == reg.lookup("the US").speaker_id == "united-states"


# -- names outside any registry ----------------------------------------------

@pytest.mark.parametrize("ru, en", [
    ("Рафаэль Корреа", "Rafael Correa"), ("Лэнни Генри", "Lenny Henry"), ("Эдвард Сноуден", "Edward Snowden"),
    ("Борис Джонсон", "Boris Johnson"), ("Мевлют Чавушоглу", "Mevlüt Çavuşoğlu"), ("Франк-Вальтер Штайнмайер", "Frank-Walter Steinmeier"),
    ("Флоренсия Кариньяно", "Florencia Carignano"), ("Кристиан Рубилар", "Christian Rubilar"), ("Томас Опперман", "Thomas Oppermann"),
    ("Джеймс Фаррелл", "James Farrell"), ("Эрик Пиклз", "Eric Pickles"), ("Гэвин Гриндон", "Gavin Grindon"),
])
def test_skeletons_meet_across_scripts(ru, en):
    assert name_skeleton(ru) == name_skeleton(en)


def test_skeletons_keep_feminine_surnames_apart():
    assert name_skeleton("Иван Иванов") != name_skeleton("Ivan Ivanova")
    assert name_skeleton("Рафаэль Корреа") == "rfl kra"


def test_foreign_surnames_are_not_made_plural():
    from shiftwatch.statements.ru import _nominative

    assert _nominative("Фаррелл", None, None)[0] == "Фаррелл"  # not «Фарреллы»
    assert _nominative("Штребеле", "nomn", None)[0] == "Штребеле"  # indeclinable, not «Штребела»
    assert _nominative("Гэвина", "gent", None)[0] == "Гэвин"
    assert _nominative("Пескова", "gent", None)[0] == "Песков"


def test_one_letter_words_are_not_initials():
    got = extract("«Обама никогда не говорил этого», — сказал он.\n\nЯ не согласен, — добавил Гриндон.", "ru")
    assert all("-ya" not in (s.speaker_id or "") for s in got)


def test_registry_without_world_still_works():
    reg = Registry([{"id": "arkady-voronin", "name": "Arkady Voronin", "name_ru": "Аркадий Воронин"}], {})
    assert reg.lookup("Аркадий Воронин").speaker_id == "arkady-voronin"
    assert reg.lookup("Дональд Трамп") is None and reg.by_surname_only("Трамп") is None


def test_small_world_index_prefers_the_famous_entry():
    w = WorldIndex([
        ["john-smith", "John Smith", "Джон Смит", "", "", "person", "United Kingdom", "Prime Minister", "1"],
        ["john-smith-canada", "John Smith", "", "", "", "person", "Canada", "member of House of Commons", "0"],
    ])
    assert w.lookup("Джон Смит").speaker_id == "john-smith"
    assert w.lookup("John Smith").speaker_id == "john-smith"
    assert w.surname("Смита").speaker_id == "john-smith"


# -- the store: spellings of one name from documents in two languages ------------

def _said(sid, name, name_ru, mention):
    from shiftwatch.records import Statement

    return Statement("direct", 0, 10, "…", mention, 0, 5, speaker_id=sid, speaker=name, speaker_name_ru=name_ru,
                     speaker_kind="person")


def test_store_joins_spellings_across_scripts(tmp_path):
    from shiftwatch.speakers import registry
    from shiftwatch.speakers.link import link_spellings, speaker_records
    from shiftwatch.statements import has_role_word
    from shiftwatch.store import Store

    reg = registry()
    with Store(tmp_path / "s.duckdb") as store:
        # an English document first, then its Russian version: the transliterated ids join the Latin ones
        en = [_said("lenny-henry", "Lenny Henry", None, "Lenny Henry"), _said("jorge", "Jorge", None, "Jorge"),
              _said("angela-hattery", "Angela Hattery", None, "Angela Hattery")]
        link_spellings(en, store, reg)
        store.save_speakers(*speaker_records(en, has_role_word, reg))
        ru = [_said("lenni-genri", "Lenni Genri", "Ленни Генри", "Ленни Генри"), _said("khorkhe", "Khorkhe", "Хорхе", "Хорхе"),
              _said("anzhela-khetteri", "Anzhela Khetteri", "Анжела Хэттери", "Анжела Хэттери"),
              _said("donald-trump", "Donald Trump", "Дональд Трамп", "Трамп")]
        link_spellings(ru, store, reg)
        assert [s.speaker_id for s in ru] == ["lenny-henry", "jorge", "angela-hattery", "donald-trump"]
        store.save_speakers(*speaker_records(ru, has_role_word, reg))
        row = store.con.execute("SELECT speaker, in_registry, role FROM speakers WHERE speaker_id = 'donald-trump'").fetchone()
        assert row[0] == "Donald Trump" and row[1] is True and "President" in row[2]
