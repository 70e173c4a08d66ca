"""Word lists the extractor runs on, kept as data files so they can be read and extended."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


@dataclass
class Lexicon:
    verbs: set[str] = field(default_factory=set)
    phrases: list[str] = field(default_factory=list)
    nouns: set[str] = field(default_factory=set)


@lru_cache(maxsize=2)
def speech_lexicon(lang: str) -> Lexicon:
    path = resources.files("shiftwatch") / "data" / f"speech_verbs_{lang}.txt"
    lex = Lexicon()
    section = "verbs"
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#"):
            word = line.lstrip("# ").split()[0].lower() if line.lstrip("# ") else ""
            if word in ("phrases", "nouns", "verbs"):
                section = word
            continue
        line = line.split("#")[0].strip().lower()
        if not line:
            continue
        if section == "verbs":
            lex.verbs.add(line.replace("ё", "е"))
        elif section == "phrases":
            lex.phrases.append(line)
        else:
            lex.nouns.add(line.replace("ё", "е"))
    return lex


# Sources of facts, not speakers of rhetoric (labels.md: "Reuters reports",
# «передает ТАСС», «по данным МВД»): statements attributed to them are dropped.
MEDIA_EN = {
    "reuters", "ap", "afp", "bloomberg", "tass", "ria", "ria novosti", "interfax", "bbc", "cnn", "the newspaper",
    "newspaper", "the paper", "the report", "report", "study", "survey", "poll", "data", "statistics",
    "figures", "the website", "website", "the outlet", "outlet", "the agency", "news agency", "media",
    "reports", "documents", "document", "the statement", "statement", "the bill", "bill", "the law",
    "the decree", "decree", "research", "researchers' data", "the study", "the survey", "the poll",
}
MEDIA_RU = {
    "тасс", "риа", "интерфакс", "рбк", "коммерсант", "ведомости", "издание", "газета", "агентство",
    "сайт", "сми", "данные", "опрос", "исследование", "доклад", "статистика", "документ", "сообщение",
    "законопроект", "закон", "указ", "постановление", "пресс-релиз", "телеканал", "канал", "портал",
    "новости", "информация", "материал", "публикация", "источник информации",
}

# Outlets by name, as alias keys (lowercase, no quotes): «— Yle», «пишет The Insider».
MEDIA_NAMES_RU = {
    "тасс", "риа новости", "интерфакс", "рбк", "коммерсант", "ведомости", "известия", "лента.ру", "газета.ру",
    "кп", "комсомольская правда", "московский комсомолец", "мк", "российская газета", "рг", "рен тв", "нтв",
    "первый канал", "россия 24", "рт", "rt", "sputnik", "спутник", "mash", "shot", "baza", "база", "readovka",
    "медуза", "meduza", "медиазона", "новая газета", "дождь", "сибирь.реалии", "радио свобода", "настоящее время",
    "би-би-си", "bbc", "bbc news", "cnn", "fox news", "reuters", "рейтер", "ap", "afp", "bloomberg", "блумберг",
    "the insider", "insider", "yle", "the guardian", "guardian", "the independent", "independent", "the times",
    "the telegraph", "daily mail", "the new york times", "new york times", "nyt", "the washington post",
    "washington post", "wall street journal", "the wall street journal", "wsj", "politico", "axios", "financial times",
    "ft", "der spiegel", "spiegel", "bild", "le monde", "le figaro", "euronews", "al jazeera", "аль-джазира", "dw",
    "deutsche welle", "франс пресс", "ассошиэйтед пресс", "associated press", "sky news", "nbc", "cbs", "abc",
    "yonhap", "forbes", "techcrunch", "e1", "e1.ru", "fontanka", "фонтанка", "фонтанка.ру", "ngs", "нгс", "78.ru",
    "readovka", "осторожно новости", "осторожно, новости", "topor", "топор", "112", "astra", "astra press",
}
MEDIA_HEADS_RU = {"издание", "газета", "агентство", "сми", "телеканал", "канал", "портал", "таблоид", "медиа",
                  "тг-канал", "телеграм-канал", "telegram-канал", "паблик", "радиостанция", "радио", "журнал", "блог"}
