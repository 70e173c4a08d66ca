"""Russian statements: razdel tokens, pymorphy2 morphology and attribution rules.

A full natasha syntax pass costs about ten times its NER pass, so instead of
parsing every sentence we lean on how formulaic Russian attribution is
(«…», — заявил X; X заявил, что …; по словам X, …; — …, — сказал он) and
use morphology where rules need it: speech-verb lemmas, the nominative
subject beside the verb, the verb's gender for «он»/«она», and inflected
names brought back to the nominative (Пескова -> Песков).

News feeds add their own forms: markdown and emoji are blanked out (same
length, so offsets stay true), tags close a post («…, — Роскомнадзор»,
«… – источник»), content comes first («…, заявил глава МИД»), a document
speaks for its owner («в пояснительной записке говорится»). A speaker must
be a person, a body or an anonymous role: outlets, common nouns and the
reporter's «мы» are not.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from functools import lru_cache

from ..names import alias_key
from ..records import Statement
from .lexicon import MEDIA_HEADS_RU, MEDIA_NAMES_RU, MEDIA_RU, speech_lexicon
from .quotes import OPENERS, Quote, find_quotes, paragraphs, strip_span

if not hasattr(inspect, "getargspec"):  # pymorphy2 0.9 predates Python 3.11
    inspect.getargspec = lambda f: inspect.getfullargspec(f)[:4]  # type: ignore[attr-defined]

PREPOSITIONS = {"в", "во", "на", "с", "со", "к", "ко", "по", "о", "об", "от", "из", "у", "за", "для", "при", "после", "перед", "до", "через", "под", "над"}
PRONOUNS = {"он": "m", "она": "f", "они": None}
PREDICATIVES = {"уверен": "m", "уверена": "f", "уверены": None, "убежден": "m", "убеждена": "f", "убеждены": None, "убеждён": "m"}
ROLE_LEMMAS = {
    "пресс-секретарь", "министр", "губернатор", "мэр", "глава", "депутат", "сенатор", "председатель",
    "спикер", "замминистра", "заместитель", "директор", "руководитель", "начальник", "омбудсмен",
    "уполномоченный", "политолог", "эксперт", "источник", "собеседник", "чиновник", "представитель",
    "президент", "премьер", "премьер-министр", "прокурор", "генпрокурор", "полицейский", "имам", "муфтий",
    "священник", "патриарх", "митрополит", "дипломат", "посол", "парламентарий", "ведомство", "министерство",
    "социолог", "экономист", "адвокат", "юрист", "активист", "правозащитник", "лидер", "секретарь",
    "политтехнолог", "стратег", "аналитик", "журналист", "вице-губернатор", "вице-премьер", "советник",
    "политик", "руководительница", "председательница", "директриса", "общественник",
}
# a woman's role noun is the same role («руководительница приюта» = its «руководитель»)
_ROLE_FEM = {"руководительница": "руководитель", "председательница": "председатель", "директриса": "директор"}


def role_of(lem: str) -> str:
    return _ROLE_FEM.get(lem, lem)

BODY_LEMMAS = {
    "министерство", "ведомство", "правительство", "власть", "суд", "служба", "комитет", "прокуратура", "полиция",
    "администрация", "мэрия", "сторона", "организация", "ассоциация", "союз", "партия", "фракция", "армия",
    "обвинение", "следствие", "кремль", "совет", "дума", "парламент", "компания", "центр", "фонд", "банк", "штаб",
    "управление", "департамент", "офис", "посольство", "пресс-служба", "кабмин", "правоохранитель", "силовик",
    "оппозиция", "движение", "профсоюз", "минобороны", "мчс", "госдума", "совфед", "сенат", "конгресс", "генштаб",
    "руководство", "командование", "штаб-квартира", "прокурор", "губернатор", "власти", "оператор", "завод",
    "предприятие", "университет", "школа", "больница", "мэр", "минздрав", "минтруд", "мид", "минфин", "генпрокуратура",
}
ATTR_ADJ = {"близкий", "знакомый", "пожелавший", "попросивший", "осведомленный", "осведомлённый", "причастный", "участвующий", "работающий", "отвечающий"}
CONTENT_VERBS = {"пообещать", "обещать", "предложить", "предлагать", "призвать", "призывать", "потребовать", "требовать", "пригрозить", "предупредить", "попросить", "просить", "пообещал"}
INTERVIEWER = {"вопрос", "корреспондент", "журналист", "ведущий", "ведущая", "интервьюер", "в", "q"}
LEFT_ADVERBS = {"также", "тоже", "уже", "ранее", "не", "прямо", "вчера", "сегодня", "лишь", "только", "вновь", "снова", "публично", "открыто", "позже", "затем", "потом", "тогда", "еще", "ещё", "между", "тем", "свою", "очередь", "однако", "же", "раз"}
SENT_END = re.compile(r"[.!?…]+(?=\s|$)")


@lru_cache(maxsize=1)
def morph():
    import pymorphy2

    return pymorphy2.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def parses(word: str):
    return tuple(morph().parse(word))


@dataclass
class Tok:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower().replace("ё", "е")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    from razdel import tokenize as rz

    end = len(text) if end is None else end
    return [Tok(t.text, start + t.start, start + t.stop) for t in rz(text[start:end])]


@lru_cache(maxsize=200_000)
def verb_info(word: str) -> tuple[str, str | None] | None:
    """(lemma, gender) if the word is a form of a speech verb."""
    low = word.lower().replace("ё", "е")
    if low in PREDICATIVES:
        return "уверен", PREDICATIVES[low]
    verbs = speech_lexicon("ru").verbs
    for p in parses(low):
        if p.tag.POS in ("VERB", "GRND") and p.normal_form.replace("ё", "е") in verbs:
            g = p.tag.gender
            return p.normal_form.replace("ё", "е"), ("m" if g == "masc" else "f" if g == "femn" else None)
    return None


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    ps = parses(word.lower())
    return ps[0].normal_form.replace("ё", "е") if ps else word.lower()


@lru_cache(maxsize=50_000)
def _is_prnt(word: str) -> bool:
    return any("Prnt" in p.tag for p in parses(word)[:1])


@lru_cache(maxsize=50_000)
def _anon_lemma(reg, lem: str) -> str | None:
    """The anonymous role a single lemma names («эксперт» -> experts), cached."""
    return reg.anonymous([lem], "ru")


@lru_cache(maxsize=50_000)
def _is_gerund(word: str) -> bool:
    return any(p.tag.POS == "GRND" for p in parses(word)[:1])


@lru_cache(maxsize=50_000)
def _is_participle(word: str) -> bool:
    return any(p.tag.POS == "PRTF" for p in parses(word)[:1])


_ONE_LETTER_WORDS = {"А", "В", "И", "К", "О", "С", "У", "Я"}  # without a dot these are words


def _is_name_token(tok: Tok, sentence_initial: bool) -> bool:
    """A part of a person's name: a known given name, surname or patronymic, an
    initial, or a capitalised word the dictionary does not know."""
    return _is_name_word(tok.text, sentence_initial)


@lru_cache(maxsize=200_000)
def _is_name_word(t: str, sentence_initial: bool) -> bool:
    if not t[:1].isupper() or not t[:1].isalpha():
        return False
    if not re.search(r"[А-ЯЁа-яё]", t):
        return False  # «WikiLeaks», «Zeit Online»: a Latin word in Russian text is a brand, not a name part
    if re.fullmatch(r"[А-ЯЁ]\.?", t):
        # «В Скотланд-Ярде», «Я», «В Алеппо»: a word, not an initial
        return t.endswith(".") or (t not in "ВКСОУАИЯ" and t not in _ONE_LETTER_WORDS)
    if t.isupper() and len(t) > 1:
        return False  # МВД: an abbreviation, not a name
    ps = parses(t.lower())
    if ps and ps[0].tag.POS == "NPRO":
        return False  # «Я», «Он» at a sentence start
    if "-" in t and all(parses(part)[0].is_known and not any(g in parses(part)[0].tag for g in ("Name", "Surn")) for part in t.lower().split("-") if part):
        return False  # «Продавец-консультант»
    if any(g in p.tag for p in ps[:3] for g in ("Name", "Surn", "Patr")):
        return True
    if ps and ps[0].tag.POS in ("ADJF", "PRTF") and ps[0].is_known:
        return False  # «Московской», «Калужской»: a region's adjective, not a name
    if sentence_initial:
        return False
    if ps and ps[0].tag.POS in ("ADJS", "GRND", "PRTS"):
        return True  # «Орлин Русев», «Джамбазов»: forms never capitalised inside a sentence
    # «Обухов»: a surname the dictionary ranks below a common noun («обухов», gen. pl.)
    if any("Surn" in p.tag for p in ps) and not any(g in ps[0].tag for g in ("Geox", "Orgn")):
        return True
    return not ps[0].is_known and ps[0].tag.POS in ("NOUN", None) and "Geox" not in ps[0].tag


def _demonym(t: Tok) -> bool:
    """«суджанцы», «куряне»: people named after the place they live in (a plural
    noun in -ане/-яне, or in -цы the dictionary does not know)."""
    ps = parses(t.low)[:1]
    if not ps or t.text[:1].isupper() or ps[0].tag.POS != "NOUN" or "anim" not in ps[0].tag or ps[0].tag.number != "plur":
        return False
    form = ps[0].normal_form
    return form.endswith(("анин", "янин")) or (form.endswith("ец") and not ps[0].is_known)


def _national(toks: list[Tok]) -> str | None:
    """«чернокожая африканка», «испанец»: one person named by their nationality,
    as an anonymous role (african-woman, spanish-man); None for anything else."""
    nouns = [t for t in toks if t.text[:1].isalpha()]
    if not nouns:
        return None
    ps = parses(nouns[-1].low)[:1]
    if not ps or ps[0].tag.POS != "NOUN" or "anim" not in ps[0].tag or ps[0].tag.number != "sing" or ps[0].tag.case != "nomn":
        return None
    nat = _nationality_of_noun(ps[0].normal_form)
    if nat is None:
        return None
    return f"{nat}-{'woman' if ps[0].tag.gender == 'femn' else 'man'}"


@lru_cache(maxsize=10_000)
def _nationality_of_noun(noun: str) -> str | None:
    """африканка -> african, испанец -> spanish, узбечка -> uzbek: a noun on the
    stem of a nationality adjective, with a people's suffix."""
    for adj, nat in NATIONALITIES.items():
        stem = adj[:-3] if adj.endswith("цкий") else adj[:-4] if adj.endswith("ский") else None
        if not stem or len(stem) < 4:
            continue
        st = stem[:-1] if len(stem) >= 5 else stem
        if noun == stem or (noun.startswith(st) and len(noun) - len(st) <= 5 and noun.endswith(("ка", "ец", "нин"))):
            return nat
    return None


def _foreign_name_opens(toks: list[Tok]) -> bool:
    """A sentence that opens with a name the dictionary does not know, introduced by
    an apposition: «Марьелос Поррас, преподавательница …» (two capitalised words no
    dictionary knows, then a comma and a person noun)."""
    if len(toks) < 4 or toks[2].text != ",":
        return False
    for t in toks[:2]:
        ps = parses(t.low)[:1]
        if not _capitalised_word(t) or not re.search(r"[а-яё]", t.low) or (ps and ps[0].is_known and not any(
                g in ps[0].tag for g in ("Name", "Surn"))):
            return False
    ps = parses(toks[3].low)[:2]
    return any(p.tag.POS == "NOUN" and "anim" in p.tag for p in ps) or lemma(toks[3].text) in ROLE_LEMMAS


def _subject_at(toks: list[Tok], i: int) -> bool:
    """A name at toks[i] that can be its clause's subject: in the nominative and
    not governed by a preposition («Он — Лука Ебков», «Краснослободцева отказалась»)."""
    if i > 0 and toks[i - 1].low in PREPOSITIONS:
        return False
    ps = [p for p in parses(toks[i].low)[:4] if any(g in p.tag for g in ("Name", "Surn"))] or list(parses(toks[i].low)[:1])
    return any(p.tag.case == "nomn" for p in ps)


def verb_after(toks: list[Tok], i: int) -> bool:
    """A finite verb or short form right after toks[i] (a sentence-initial word is a name if a verb follows)."""
    return i + 1 < len(toks) and any(p.tag.POS in ("VERB", "PRTS", "ADJS") for p in parses(toks[i + 1].low)[:1])


def _capitalised_word(t: Tok) -> bool:
    """«Шапша» after «Владислав»: a given name's neighbour is its surname, even
    when the dictionary knows the word as something else."""
    return t.text[:1].isupper() and t.text.isalpha() and not t.text.isupper()


def _name_kind(t: Tok) -> str | None:
    if re.fullmatch(r"[А-ЯЁ]\.?", t.text) and t.text not in _ONE_LETTER_WORDS:
        return "initial"
    for p in parses(t.text.lower())[:3]:
        for g in ("Name", "Patr", "Surn"):
            if g in p.tag:
                return g
    return None


@lru_cache(maxsize=100_000)
def _nominative(word: str, case: str | None, gender: str | None) -> tuple[str, str | None]:
    """A name token back in the nominative, with its gender if it shows."""
    if re.fullmatch(r"[А-ЯЁ]\.?", word):
        return word if word.endswith(".") else word + ".", None
    best = None
    for p in parses(word.lower()):
        if not any(g in p.tag for g in ("Name", "Surn", "Patr")):
            continue
        # a speaker is one person: «Закиров», «Фаррелл» are not plurals of «Закир», «Фаррелла»;
        # and a guessed (unknown) foreign name out of context stays as written («Штребеле»)
        if p.tag.number == "plur" or (not p.is_known and p.tag.case != (case or "nomn")):
            continue
        g = "m" if p.tag.gender == "masc" else "f" if p.tag.gender == "femn" else None
        if case is None:  # the case is unknown: the gender decides, then the nominative
            score = (gender is None or g == gender) * 2 + (p.tag.case == "nomn")
        else:
            score = (p.tag.case == case) * 2 + (gender is None or g == gender)
        score += 4 * (p.tag.number != "plur")  # a name is one person: «Алины» is Алина's genitive
        if best is None or score > best[0]:
            best = (score, p, g)
    if best is None:
        if case in ("gent", "accs") and re.fullmatch(r"[А-ЯЁ][а-яё]+[бвгдзклмнпрстфхцчшщ]а", word) and not parses(word.lower())[0].is_known:
            return word[:-1], "m"  # «по словам Гэвина Гриндона»: an unknown man's name in the genitive
        return word, None
    _, p, g = best
    if p.tag.number == "plur":
        # «Тремасов», «Милонов»: the dictionary guesses a plural genitive; a name is one person
        return word, ("m" if re.search(r"(ов|ев|ёв|ин|ын)$", word) else g)
    if p.tag.case != (case or "nomn") and case in (None, "nomn"):
        nom = next((q for q in parses(word.lower()) if q.tag.case == "nomn" and q.tag.number != "plur"), None)
        if nom is not None:  # «Глория» is itself a nominative, not «Глорий» in the genitive
            g2 = nom.tag.gender
            return word, "m" if g2 == "masc" else "f" if g2 == "femn" else None
    form = p.inflect({"nomn", "sing"}) or p.inflect({"nomn"})
    out = form.word if form else p.normal_form
    return out[:1].upper() + out[1:], g


def _adjective_of_next(toks: list[Tok], k: int) -> bool:
    """toks[k] is an adjective agreeing with the lowercase noun after it, though
    the dictionary also knows it as a surname («Московская патриархия»)."""
    if k + 1 >= len(toks) or not toks[k + 1].text[:1].islower():
        return False
    adj = [p for p in parses(toks[k].low)[:2] if p.tag.POS == "ADJF" and p.is_known]
    if not adj or parses(toks[k].low)[0].tag.POS != "ADJF":
        return False
    nouns = [p for p in parses(toks[k + 1].low)[:3] if p.tag.POS == "NOUN"]
    return any(a.tag.case == n.tag.case and (a.tag.gender == n.tag.gender or a.tag.number == n.tag.number == "plur")
               for a in adj for n in nouns)


def _ukrainian_context(before: list[Tok]) -> bool:
    """«экс-премьер Украины Николай Азаров», «замглавы украинской фракции … Максим
    Ткаченко»: the words before a name, within its clause, say the person is
    Ukrainian (not «посол России на Украине»: a place, not whose)."""
    k = len(before)
    while k > 0 and before[k - 1].text not in (",", ".", ";", ":", "(", ")") and not SENT_END.fullmatch(before[k - 1].text):
        k -= 1
    clause = before[k:]
    for j, t in enumerate(clause):
        lem = lemma(t.text)
        if lem == "украинский":
            return True
        if lem == "украина" and not (j > 0 and clause[j - 1].low in PREPOSITIONS) and any(
                p.tag.case == "gent" for p in parses(t.low)[:2]):
            return True
    return False


def _given_name_case(toks: list[Tok]) -> str | None:
    """The case a given name shows («Ольгу» accusative; «Ивана» "accs|gent")."""
    for t in toks:
        cases = {p.tag.case for p in parses(t.low)[:6] if "Name" in p.tag and p.tag.number == "sing"}
        if cases:
            # «Ивана» is genitive or accusative, «Анне» dative or locative: try the surname's endings of both
            for pair in ({"gent", "accs"}, {"datv", "loct"}):
                if cases <= pair:
                    return "|".join(sorted(cases))
            return None
    return None


# Russian surname endings by case and gender -> the nominative's ending
_SURNAME_ENDINGS = {
    "f": {"accs": (("ову", "ова"), ("еву", "ева"), ("ёву", "ёва"), ("ину", "ина"), ("ыну", "ына"), ("скую", "ская"), ("цкую", "цкая")),
          "gent": (("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ыной", "ына"), ("ской", "ская"), ("цкой", "цкая")),
          "datv": (("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ыной", "ына"), ("ской", "ская"), ("цкой", "цкая")),
          "ablt": (("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ыной", "ына"), ("ской", "ская"), ("цкой", "цкая")),
          "loct": (("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ыной", "ына"), ("ской", "ская"), ("цкой", "цкая"))},
    "m": {"gent": (("ова", "ов"), ("ева", "ев"), ("ёва", "ёв"), ("ина", "ин"), ("ына", "ын"), ("ского", "ский"), ("цкого", "цкий")),
          "accs": (("ова", "ов"), ("ева", "ев"), ("ёва", "ёв"), ("ина", "ин"), ("ына", "ын"), ("ского", "ский"), ("цкого", "цкий")),
          "datv": (("ову", "ов"), ("еву", "ев"), ("ёву", "ёв"), ("ину", "ин"), ("ыну", "ын"), ("скому", "ский"), ("цкому", "цкий")),
          "ablt": (("овым", "ов"), ("евым", "ев"), ("ёвым", "ёв"), ("иным", "ин"), ("ыным", "ын"), ("ским", "ский"), ("цким", "цкий")),
          "loct": (("ове", "ов"), ("еве", "ев"), ("ёве", "ёв"), ("ине", "ин"), ("ыне", "ын"), ("ском", "ский"), ("цком", "цкий"))},
}


def _surname_nominative(word: str, case: str, gender: str | None) -> str:
    """«Ступину» after «Ольгу» is Ступина: the surname's ending in that case undone."""
    for one in case.split("|"):
        for old, new in _SURNAME_ENDINGS.get(gender or "", {}).get(one, ()):
            if word.endswith(old) and len(word) > len(old) + 1:
                return word[: -len(old)] + new
    return word


def _surname_after_name(prev: Tok, t: Tok) -> bool:
    """«Виктор Баранец»: a capitalised word right after a given name is its surname."""
    return (_name_kind(prev) == "Name" and t.text[:1].isupper() and t.text.isalpha() and not t.text.isupper()
            and bool(re.search(r"[а-яё]", t.text)))


def _verb_read_name_part(prev: Tok, t: Tok) -> bool:
    """«Лим Ю Сунь», «Тан Вей Минь»: inside a sentence a capitalised word the
    dictionary reads as a verb form («сунь», an imperative) right after a part of
    a name is the next part of that name; verbs are not capitalised mid-sentence."""
    if not (_capitalised_word(t) and re.search(r"[а-яё]", t.text) and _is_name_token(prev, False)):
        return False
    ps = parses(t.low)[:1]
    return bool(ps) and ps[0].tag.POS in ("VERB", "INFN")


def merge_continued(text: str, quotes: list[Quote]) -> list[Quote]:
    """A quote left open at a paragraph end whose closing mark comes in a later
    paragraph that does not open again («…\n\n…», — сказал он) is one quote."""
    out: list[Quote] = []
    k = 0
    while k < len(quotes):
        q = quotes[k]
        k += 1
        if q.close_at is not None or text[q.open_at] not in OPENERS:
            out.append(q)
            continue
        opener, closer = text[q.open_at], OPENERS[text[q.open_at]]
        pos, merged = q.end, None
        for _ in range(3):
            nl = text.find("\n", pos)
            if nl < 0:
                break
            m = re.compile(r"[^\n]+").search(text, nl)
            if m is None or m.group().lstrip()[:1] == opener:
                break
            line = m.group()
            ci = line.find(closer)
            oi = line.find(opener)
            if ci >= 0 and (oi < 0 or oi > ci):
                merged = m.start() + ci
                break
            pos = m.end()
        if merged is None:
            out.append(q)
            continue
        out.append(Quote(q.start, merged, q.open_at, merged))
        while k < len(quotes) and quotes[k].open_at < merged:
            k += 1
    return out


_LINK_TAIL = re.compile(r"\]\((?:https?://|tg://|www\.)[^)\s]*\)")
_MARKUP = re.compile(r"\*\*|__|~~|\[(?=[^\]\n]{0,300}\]\()")
_PICTO = re.compile("[\u2190-\u21ff\u2300-\u23ff\u2460-\u24ff\u25a0-\u27bf\u2900-\u297f\u2b00-\u2bff"
                    "\ufe0e\ufe0f\u200d\U0001f000-\U0001faff]")


def mask_markup(text: str) -> str:
    """Feed markdown (**bold**, __italic__, [link](url)) and emoji blanked out with
    spaces of the same length: the rules see plain sentences, while every offset
    still points into the document's own text."""
    if not (_PICTO.search(text) or "**" in text or "__" in text or "](" in text or "~~" in text):
        return text
    blank = lambda m: " " * (m.end() - m.start())
    out = _MARKUP.sub(blank, text)  # before the link tails, which its look-ahead needs
    out = _LINK_TAIL.sub(blank, out)
    return _PICTO.sub(" ", out)


def _sentences(text: str) -> list[tuple[int, int]]:
    """razdel sentences inside each line: a headline without a full stop does not
    run into the paragraph under it."""
    from razdel import sentenize

    out = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        if not line.strip():
            continue
        out.extend((m.start() + s.start, m.start() + s.stop) for s in sentenize(line))
    return out


class _Extractor:
    def __init__(self, text: str, speakers):
        self.raw = text
        self.text = text = mask_markup(text)
        self._tok_cache: dict[tuple[int, int], list[Tok]] = {}
        self.quotes = merge_continued(text, find_quotes(text))
        self.speakers = speakers  # a speakers.resolve.DocSpeakers for this document
        self.out: list[Statement] = []
        self.pending: list = []
        self.covered: list[tuple[int, int]] = []
        self.sents = _sentences(text)
        self._sent_starts = [a for a, _ in self.sents]
        self._introduce_names()

    # -- helpers ----------------------------------------------------------
    def toks(self, a: int, b: int) -> list[Tok]:
        key = (a, b)
        if key not in self._tok_cache:
            self._tok_cache[key] = self._slice(a, b)
        return self._tok_cache[key]

    def _slice(self, a: int, b: int) -> list[Tok]:
        """A span inside one sentence whose ends fall on that sentence's token
        boundaries is a slice of its tokens (razdel would cut it the same way);
        anything else is tokenised on its own."""
        from bisect import bisect_left

        i = bisect_left(self._sent_starts, a + 1) - 1
        if i >= 0:
            sa, sb = self.sents[i]
            if sa <= a and b <= sb and (sa, sb) != (a, b):
                whole = self.toks(sa, sb)
                starts = [t.start for t in whole]
                j = bisect_left(starts, a)
                k = j
                while k < len(whole) and whole[k].end <= b:
                    k += 1
                at_a = (j < len(whole) and whole[j].start >= a and (j == 0 or whole[j - 1].end <= a)) or j == len(whole)
                at_b = k == len(whole) or whole[k].start >= b
                if at_a and at_b and not self.text[a : whole[j].start if j < len(whole) else b].strip() and not self.text[
                        whole[k - 1].end if k > j else a : b].strip():
                    return whole[j:k]
        return tokenize(self.text, a, b)

    def in_quote(self, pos: int) -> Quote | None:
        for q in self.quotes:
            close = q.close_at if q.close_at is not None else q.end
            if q.open_at <= pos <= close:
                return q
        return None

    def sentence_of(self, pos: int) -> tuple[int, int]:
        for a, b in self.sents:
            if a <= pos < b:
                return a, b
        return max(0, pos - 200), min(len(self.text), pos + 200)

    def _introduce_names(self) -> None:
        """Full names anywhere in the text, so «Воронин» and «он» can find them later."""
        for a, b in self.sents:
            toks = self.toks(a, b)
            opens = _foreign_name_opens(toks)
            i = 0
            while i < len(toks):
                if (_is_name_token(toks[i], i == 0) or (i == 0 and opens)) and not self.in_quote(toks[i].start):
                    j = i
                    while j < len(toks) and j - i < 3 and (_is_name_token(toks[j], j == 0) or (j == 0 and opens) or (j > i and (
                            _surname_after_name(toks[j - 1], toks[j]) or _verb_read_name_part(toks[j - 1], toks[j])
                            or (_name_kind(toks[j - 1]) == "Name" and _capitalised_word(toks[j]))))):
                        j += 1
                    if j - i == 1 and not (i == 0 and not _name_kind(toks[i])):
                        # a bare surname: the person named in full earlier, or a registry person
                        name, gender = self._name_from(toks[i:j], None)
                        if name:
                            full = self.speakers.full_names.get(alias_key(name)) or next(
                                (v for k2, v in self.speakers.full_names.items()
                                 if k2.startswith(alias_key(name)) and 0 < len(k2) - len(alias_key(name)) <= 2 and len(name) > 3), None)
                            known = None if full else self.speakers.reg.lookup(name)
                            subject = _subject_at(toks, i)
                            if full:  # «Г-н Штрёбеле, депутат парламента»: its roles, as a full name's
                                near = {role_of(lemma(t.text)) for t in [*toks[max(0, i - 3) : i], *toks[j : j + 4]]} & ROLE_LEMMAS
                                self.speakers.introduce(full[0], full[1], gender or full[2], toks[i].start, near, subject)
                            elif known is not None and known.kind == "person":
                                self.speakers.introduce(known.speaker, known.name_ru, gender, toks[i].start, set(), subject)
                            elif _name_kind(toks[i]) in ("Name", "Surn") and (i > 0 or verb_after(toks, i)) and not any(
                                    "Geox" in p.tag for p in parses(toks[i].low)[:3]):
                                # «Сейчас Наталья …», «Краснослободцева отказалась»: settled below
                                self.speakers.introduce_lone(name, gender, toks[i].start, _name_kind(toks[i]), subject)
                    firsts = [k for k in range(i, j) if _name_kind(toks[k]) in ("Name", "initial")]
                    if j - i >= 2 and firsts and firsts[0] > i and j - firsts[0] >= 2:
                        i = firsts[0]  # «Северогорья Тимофей Ладыгин»: the name starts at the given name
                    if j - i >= 2:
                        case = None
                        name, gender = self._name_from(toks[i:j], case)
                        if j + 1 < len(toks) and toks[j].text == ",":  # «Марьелос Поррас, преподавательница …»
                            gender = self._noun_gender(toks[j + 1]) or gender
                        roles = {role_of(lemma(t.text)) for t in toks[max(0, i - 3) : i]} & ROLE_LEMMAS
                        roles |= {role_of(lemma(t.text)) for t in toks[j : j + 4]} & ROLE_LEMMAS
                        if name:
                            ukrainian = _ukrainian_context(toks[max(0, i - 8) : i])
                            self.speakers.introduce(self.speakers.latin_of(name, ukrainian), name, gender, toks[i].start, roles,
                                                    _subject_at(toks, i))
                    i = j
                elif i > 0 and _capitalised_word(toks[i]) and alias_key(toks[i].text) in self.speakers.full_names:
                    full = self.speakers.full_names[alias_key(toks[i].text)]  # «Турсунов» the dictionary does not know
                    self.speakers.introduce(full[0], full[1], full[2], toks[i].start, set())
                    i += 1
                else:
                    i += 1
        self.speakers.settle_lone()

    def _introduced_surname(self, t: Tok) -> bool:
        """«Баранец», «Стайнем»: a word the dictionary reads otherwise, but the
        surname of someone the document named in full."""
        if not t.text[:1].isupper() or not re.search(r"[а-яё]", t.text):
            return False
        sp = self.speakers
        return any(sp.key(f) in sp.full_names for f in sp.nominatives(t.text))

    def _name_from(self, toks: list[Tok], case: str | None, gender: str | None = None) -> tuple[str | None, str | None]:
        words, g_found = [], gender
        given_case = case or _given_name_case(toks[:-1])
        if gender is None:
            # the given name shows the gender («Тимофея Ладыгина» is a man's name)
            for t in toks[:-1]:
                if _name_kind(t) == "Name":
                    gender = _nominative(t.text, case, None)[1]
                    break
        for t in toks:
            w, g = _nominative(t.text, case, gender)
            if any("Patr" in p.tag for p in parses(t.text.lower())[:1]) and len(toks) > 2:
                continue  # Дмитрий Сергеевич Песков -> Дмитрий Песков
            words.append(w)
            g_found = g_found or g
        if not words:
            return None, None
        # feminine surnames: the lemma is masculine, the nominative must agree
        if g_found == "f":
            last = words[-1]
            for p in parses(toks[-1].text.lower()):
                if "Surn" in p.tag and p.tag.gender == "femn":
                    f = p.inflect({"nomn", "femn"})
                    if f:
                        last = f.word[:1].upper() + f.word[1:]
                    break
            words[-1] = last
        elif g_found == "m" and case in ("gent", "accs") and len(words) >= 2 and words[-1] == toks[-1].text \
                and re.fullmatch(r"[А-ЯЁ][а-яё]+[бвгдзклмнпрстфхцчшщ]а", words[-1]):
            words[-1] = words[-1][:-1]  # «Георгия Полина»: a man's surname in the genitive, not «Полина»
        if len(words) >= 2 and words[-1] == toks[-1].text and given_case not in (None, "nomn"):
            # «Ольгу Ступину», «Ивану Сорокину»: a surname the dictionary does not know, in the given name's case
            words[-1] = _surname_nominative(words[-1], given_case, g_found)
        return " ".join(words), g_found

    # -- mentions ---------------------------------------------------------
    def subject_near(self, toks: list[Tok], v: int, case: str = "nomn") -> tuple[int, int] | None:
        """The noun phrase naming the speaker of the verb at toks[v]: right after
        it («заявил губернатор Петров») or right before it («Петров заявил»)."""
        left = self._chunk_left(toks, v, case)
        if left is not None:
            return left
        return self._chunk_right(toks, v + 1, case)

    def _eligible(self, t: Tok, case: str) -> bool:
        if not t.text[:1].isalnum() and t.text not in ("-", "."):
            return False
        if t.low in PREPOSITIONS or t.low in ("и", "а", "но", "что", "как", "не", "также", "тоже", "уже", "еще", "ещё"):
            return False
        if t.text.isupper() and len(t.text) > 1:
            return True
        if re.fullmatch(r"[А-ЯЁ]\.?", t.text):
            return True
        ps = parses(t.low)[:4]
        return any(
            p.tag.POS in ("NOUN", "ADJF", "NPRO", "PRTF", "NUMR") and (p.tag.case in (case, "gent") or p.tag.case is None)
            for p in ps
        ) or (t.text[:1].isupper() and not any(p.is_known for p in ps[:1]))

    def _has_case(self, t: Tok, case: str) -> bool:
        if t.text.isupper() and len(t.text) > 1:
            return True
        named = [p for p in parses(t.low)[:6] if "Surn" in p.tag or "Name" in p.tag]
        if t.text[:1].isupper() and named and all(p.tag.case != case for p in named) and not re.search(r"(ов|ев|ёв|ин|ын|ий|ая|ва|на|ко|ян|дзе|швили)$", t.low):
            return False  # «Сказал Ивлеевой гость подкаста»: a dative name is the addressee
        return any(p.tag.case == case and p.tag.POS in ("NOUN", "NPRO", "ADJF", "PRTF") for p in parses(t.low)[:4]) or (
            t.text[:1].isupper() and not any(p.is_known for p in parses(t.low)[:1])
        )

    def _chunk_left(self, toks, v, case):
        """The subject before the verb at toks[v]: skips adverbs and parentheticals
        («Собеседник, впрочем, признал»), keeps an apposition («Источник, близкий
        к Кремлю, рассказал»), then takes the window of noun phrases back to the
        clause boundary and starts the mention at its first subject-case noun
        outside a prepositional group. With no such noun, «В МВД сообщили» names
        the organisation after the preposition."""
        i = self._skip_adverbs(toks, v - 1)
        c = i
        while c >= 0 and any(p.tag.POS == "COMP" for p in parses(toks[c].low)[:1]):
            c = self._skip_adverbs(toks, c - 1)
        if c < v - 1 and c >= 2 and toks[c].low in ("но", "а") and toks[c - 1].text == ",":
            i = self._skip_adverbs(toks, c - 2)  # «Президент в очередной раз, но уже жёстче потребовал»
        if case == "nomn" and i >= 0 and toks[i].low == "там" and (i == 0 or not toks[i - 1].text[:1].isalnum()):
            return toks[i].start, toks[i].end  # «Там сообщили»: the body named just before
        if case == "nomn" and i >= 1 and toks[i].low == "и":
            # «ГУ МВД опубликовало видео и сообщило»: the subject of the first verb
            for p in range(i - 1, max(-1, i - 30), -1):
                if toks[p].text in (".", ":", ";", "—", "–", "«", "»"):
                    break
                if any(pp.tag.POS == "VERB" for pp in parses(toks[p].low)[:1]) and not self.in_quote(toks[p].start):
                    if _in_relative_clause(toks, p):
                        continue  # «…спора, который ведут Перу и Чили, и высказал»: not the subject's verb
                    return self._chunk_left(toks, p, case) or self._chunk_right(toks[:i], p + 1, case)
            return None
        end = i + 1
        i, end = self._skip_commas(toks, i, end)
        lo = i
        while lo >= 0 and self._in_window(toks[lo]):
            lo -= 1
        lo += 1
        if lo > i:
            return None
        for phrase in _ADVERBIAL_PHRASES:
            if tuple(t.low for t in toks[lo : lo + len(phrase)]) == phrase:
                lo += len(phrase)  # «В то же время губернатор считает»
                break
        if lo > i:
            return None
        window = list(range(lo, i + 1))
        plural = self._verb_plural(toks[v]) if v < len(toks) else None
        if plural and lo >= 2 and toks[lo - 1].low == "и":
            # «Макрон и Стармер заявили»: a joint statement, the first one's mention
            lo2 = lo - 2
            while lo2 >= 0 and self._in_window(toks[lo2]):
                lo2 -= 1
            first = self._head(toks, list(range(lo2 + 1, lo - 1)), case, None)
            if first is not None and self._head(toks, window, case, None) is not None:
                return toks[first].start, toks[end - 1].end
        head = self._head(toks, window, case, plural)
        if head is not None:
            # «Высокопоставленный чиновник»: adjectives agreeing with the head belong to it
            while head - 1 >= lo and any(p.tag.POS in ("ADJF", "PRTF") and p.tag.case == case for p in parses(toks[head - 1].low)[:2]):
                head -= 1
            for k in range(head + 1, end):
                if toks[k].low in PREPOSITIONS and _is_name_token(toks[k - 1], False) and toks[k - 1].text[:1].isupper():
                    end = k  # «Трамп на встрече с премьером Трюдо заявил»: the name, not the circumstance
                    break
            return toks[head].start, toks[end - 1].end
        if case == "nomn" and toks[lo].low in ("в", "во", "на") and lo + 1 <= i and plural is not False:
            return toks[lo + 1].start, toks[end - 1].end
        return None

    def _skip_adverbs(self, toks, i):
        while i >= 0 and ((toks[i].low == "что" and i > 0 and toks[i - 1].low == "только") or toks[i].low in LEFT_ADVERBS or _is_prnt(toks[i].low) or (
                toks[i].low not in _KEEP_ADVERBS and any(p.tag.POS == "ADVB" for p in parses(toks[i].low)[:1]))):
            i -= 1
        return i

    def _skip_commas(self, toks, i, end):
        """«X, впрочем, сказал» (drop) / «X, близкий к Кремлю, сказал» (keep in the mention)."""
        for _ in range(2):
            if i >= 2 and toks[i].text in ("—", "–"):
                # «Двое из подозреваемых — Орлин Русев и Бизер Джамбазов — признали»: names in dashes
                k = i - 1
                while k >= 0 and toks[k].text not in (",", ".", ":", ";", "—", "–") and i - k <= 10:
                    k -= 1
                if k >= 1 and toks[k].text == toks[i].text and any(_is_name_token(t, False) for t in toks[k + 1 : i]):
                    i = k - 1
                    continue
                return i, end
            if i < 1 or toks[i].text != ",":
                return i, end
            rel = _relative_clause_start(toks, i)
            if rel is not None:
                i, end = rel - 1, rel  # «Гонсалес, который участвовал в саммите, проходившем в Кито, заявил»
                continue
            k = i - 1
            while k >= 0 and toks[k].text not in (",", ".", ":", ";", "—", "–", "(", ")") and i - k <= 10:
                k -= 1
            if k < 1 or toks[k].text != ",":
                return i, end
            first = toks[k + 1].low
            if all(_is_prnt(t.low) or t.low in LEFT_ADVERBS for t in toks[k + 1 : i]):
                i = self._skip_adverbs(toks, k - 1)
                end = i + 1
                continue
            if _is_gerund(first):
                i = self._skip_adverbs(toks, k - 1)  # «Пресс-служба, сообщая об аресте, называла …»
                end = i + 1
                continue
            if _apposition(toks[k + 1 : i]):
                i = k - 1  # «Графиня Уварова, многолетний председатель общества, говорила»: an apposition
                while True:  # «Эстуардо Гуардия, преподаватель, профессор и консультант, объясняет»: several
                    k2 = i
                    while k2 >= 0 and toks[k2].text not in (",", ".", ":", ";", "—", "–", "(", ")") and i - k2 <= 10:
                        k2 -= 1
                    if k2 < 1 or toks[k2].text != "," or not _apposition(toks[k2 + 1 : i + 1]):
                        break
                    i = k2 - 1
                continue
            if lemma(first) in ATTR_ADJ or first in ("который", "которая", "которые") or _is_participle(first):
                if first.startswith("котор"):
                    end = k
                i = k - 1
                continue
            return i, end
        return i, end

    def _in_window(self, t: Tok) -> bool:
        if t.low in PREPOSITIONS or t.text in ("«", "»", "„", "“", "\"", "-", "№") or t.text.isdigit():
            return True
        if t.low in ("и", "а", "но", "что", "как", "не", "это", "кто", "который", "которая", "которые"):
            return False
        if t.low == "же":
            return True  # «в этом же зале»
        if not t.text[:1].isalnum():
            return False
        if t.text.isupper() and len(t.text) > 1:
            return True
        ps = parses(t.low)[:4]
        if t.text[:1].isupper():
            return not any(p.tag.POS in ("VERB", "INFN", "ADVB", "CONJ", "PRCL") for p in ps[:1])  # «Фидан»: a name, not a participle
        return any(p.tag.POS in ("NOUN", "ADJF", "PRTF", "NUMR", "NPRO") for p in ps[:1]) and not any(p.tag.POS in ("VERB", "INFN") for p in ps[:2])

    def _head(self, toks, window, case, plural):
        after_prep = 0
        quote_depth = 0
        for k in window:
            t = toks[k]
            if t.text in ("«", "„"):
                quote_depth += 1
                continue
            if t.text in ("»", "“") and quote_depth:
                quote_depth -= 1
                continue
            if quote_depth:
                continue
            if t.low in PREPOSITIONS:
                after_prep = 3
                continue
            if after_prep:
                ps = parses(t.low)[:3]
                if any(p.tag.POS in ("ADJF", "PRTF", "NUMR") for p in ps[:1]) or t.text in ("-",):
                    continue  # still inside the prepositional group
                after_prep = 0
                continue
            if t.text in ("РФ", "США", "ЕС", "КНР", "ФРГ", "СНГ", "ЕАЭС", "ОАЭ", "КНДР") and k > window[0]:
                continue  # «в МИД РФ»: the country qualifies the body before it
            if t.low in ("один", "одна", "одно", "двое", "трое", "некоторые", "многие") and k + 1 < len(toks) and toks[k + 1].low == "из":
                return k  # «Один из ректоров»
            if self._subject_case(t, case, plural):
                return k
        return None

    def _subject_case(self, t: Tok, case: str, plural) -> bool:
        if t.text.isupper() and len(t.text) > 1:
            return True
        if re.fullmatch(r"[А-ЯЁ]\.?", t.text):
            return True
        if case != "nomn" and t.text[:1].isupper() and any(
                p.tag.case == case and (p.tag.POS == "ADJF" or "Surn" in p.tag or "Name" in p.tag) for p in parses(t.low)[:6]):
            return True  # «Сторожевой пришлось»: an adjectival surname
        for p in parses(t.low)[:4]:
            if p.tag.POS in ("NOUN", "NPRO") and p.tag.case == case:
                if plural is None or case != "nomn" or (p.tag.number == "plur") == plural or p.tag.number is None:
                    return True
        return t.text[:1].isupper() and not any(p.is_known for p in parses(t.low)[:1])

    @staticmethod
    def _verb_plural(t: Tok):
        for p in parses(t.low)[:2]:
            if p.tag.POS in ("VERB",) and p.tag.number:
                return p.tag.number == "plur"
            if p.tag.POS == "PRTS" or p.tag.POS == "ADJS":
                return p.tag.number == "plur"
        return None

    def _chunk_right(self, toks, i, case):
        n = len(toks)
        first = i
        # skip adverbs, dative addressees («журналистам») and prepositional groups
        while i < n:
            t = toks[i]
            if t.text in (",", ":", "—", "–", "«", "»", "\"", "(", ")") or SENT_END.fullmatch(t.text):
                return None
            if t.low in PREPOSITIONS:
                # «после встречи», «на брифинге в Москве»: the governed noun group
                i += 1
                while i < n and any(p.tag.POS in ("ADJF", "PRTF", "NUMR") for p in parses(toks[i].low)[:1]) and toks[i].text[:1].islower():
                    i += 1
                if t.low in _OBJECT_PREPS and i < n and toks[i].text[:1].isupper():
                    i += 1  # «потребовал от США», «попросил у Турции»: whom the demand is made of, not the speaker
                    i = self._country_modifier(toks, i)
                    continue
                if i < n and self._eligible(toks[i], "loct") and toks[i].text[:1].islower():
                    i += 1
                    if t.low in _OBJECT_PREPS:
                        i = self._country_modifier(toks, i)  # «от властей США»
                while i < n and self._eligible(toks[i], "loct") and not self._has_case(toks[i], case):
                    i += 1
                continue
            if any(p.tag.POS == "INFN" for p in parses(t.low)[:1]):
                return None  # «предложили сделать …»: the subject never follows the infinitive
            if i == first and _latin_addressee(toks, i):
                return None  # «сказала She The People, что …»: an outlet told, the subject is before the verb
            if self._eligible(toks[i], case) and self._has_case(toks[i], case):
                break
            if t.text[:1].islower() and any(p.tag.POS == "NOUN" and p.tag.case in ("datv", "ablt", "accs") for p in parses(t.low)[:1]):
                i = self._country_modifier(toks, i + 1)  # «заявил телевидению Перу»: the country is whose the addressee is
                continue
            i += 1
        if i >= n:
            return None
        start = i
        while i < n and (self._eligible(toks[i], case) or (toks[i].text == "-" and i + 1 < n)
                         or (toks[i].low == "из" and i > start and lemma(toks[i - 1].text) in ("один", "двое", "трое", "некоторый", "часть", "кто-то"))):
            i += 1
            # «замглавы фракции «Слуга народа» Максим Ткаченко»: a quoted party name inside the mention
            if i < n and toks[i].text == "«":
                close = next((c for c in range(i + 1, min(n, i + 7)) if toks[c].text == "»"), None)
                if close is not None and close + 1 < n and _is_name_token(toks[close + 1], False):
                    i = close + 1
        end = i
        end = self._role_postmodifier(toks, start, end)
        # «источник, близкий к администрации президента»
        if end < n and toks[end].text == "," and end + 1 < n and lemma(toks[end + 1].text) in ATTR_ADJ:
            j = end + 1
            while j < n and toks[j].text not in (",", ".", "—", "–", ":", ";", "«", "»"):
                j += 1
            end = j
        if end <= start:
            return None
        skip = self._media_prefix(toks, start, end)
        if skip:
            # «рассказал в интервью РБК первый зампред …»: the outlet is the addressee
            return self._chunk_right(toks, start + skip, case) if start + skip < end else None
        return toks[start].start, toks[end - 1].end

    @staticmethod
    def _country_modifier(toks, i) -> int:
        """Past a country in the genitive after a noun («телевидению Перу»,
        «властей США»): an indeclinable place name or abbreviation there modifies
        the noun before it and is not the subject."""
        if i < len(toks) and toks[i].text[:1].isupper():
            ps = parses(toks[i].low)[:1]
            if ps and "Geox" in ps[0].tag and ("Fixd" in ps[0].tag or ps[0].tag.case == "gent"):
                return i + 1
        return i

    @staticmethod
    def _role_postmodifier(toks, start, end) -> int:
        """«полковник в отставке Иван Орлов», «представитель епархии по связям с
        прессой Пётр Зимин»: a role noun's prepositional postmodifier (lower-case
        words and abbreviations, no verb, no punctuation) followed by a person's
        name (a given name and the word after it) belongs to the mention."""
        n = len(toks)
        if end >= n or toks[end].low not in PREPOSITIONS:
            return end
        if not any(lemma(t.text) in ROLE_LEMMAS or lemma(t.text) in AIDE_ROLES
                   or any(p.tag.POS == "NOUN" and "anim" in p.tag for p in parses(t.low)[:1])
                   for t in toks[start:end] if t.text[:1].islower()):
            return end
        j = end
        while j < n and j - end < 6:
            t = toks[j]
            if t.low in PREPOSITIONS or (t.text.isupper() and len(t.text) > 1):
                j += 1
                continue
            if t.text[:1].islower() and t.text.isalpha() and not any(
                    p.tag.POS in ("VERB", "INFN", "GRND", "PRTS", "CONJ", "PRCL", "ADVB") for p in parses(t.low)[:1]):
                j += 1
                continue
            break
        if j + 1 >= n or j == end or toks[j - 1].low in PREPOSITIONS:
            return end
        if _name_kind(toks[j]) != "Name" or not _capitalised_word(toks[j + 1]):
            return end
        k = j + 1
        while k < n and _capitalised_word(toks[k]) and _is_name_token(toks[k], False):
            k += 1
        return k

    def _media_prefix(self, toks, start, end) -> int:
        """How many tokens at toks[start:end] name an outlet («РБК», «агентству AFP»)."""
        for L in (3, 2, 1):
            if start + L <= end and alias_key(" ".join(t.text for t in toks[start : start + L])) in MEDIA_NAMES_RU:
                return L
        lem = lemma(toks[start].text)
        if lem in MEDIA_HEADS_RU or lem in MEDIA_RU:
            k = start + 1
            while k < end and k - start <= 3 and (toks[k].text[:1].isupper() or toks[k].text in ("«", "»", "\"")):
                k += 1
            return k - start
        return 0

    def resolve(self, ms: int, me: int, gender: str | None, case: str = "nomn"):
        """The Speaker a mention names; None if nobody fitting; "MEDIA" for news agencies."""
        sp = self.speakers
        toks = self.toks(ms, me)
        if not toks:
            return None
        lemmas = [lemma(t.text) for t in toks if t.text[:1].isalnum()]
        if not lemmas:
            return None
        if lemmas[0] in MEDIA_RU or (len(lemmas) <= 3 and any(l in MEDIA_RU for l in lemmas[:1])):
            return "MEDIA"
        low = [t.low for t in toks]
        if len(toks) == 1 and low[0] == "там":
            return self._body_before(ms)
        if len(toks) == 1 and low[0] in ("я", "ты", "вы", "мы"):
            return None  # a first or second person has no id of its own
        if len(toks) == 1 and low[0] == "они":
            return self._plural_group_before(ms) or self._not_one_person(sp.pronoun(None, ms, plural=True))
        if len(toks) == 1 and low[0] in ("он", "она"):
            # «…приехал отец. Он рассказал»: a role noun nearer than any named person
            near = self._role_noun_before(ms, PRONOUNS[low[0]])
            named = sp.last_person_at(PRONOUNS[low[0]], ms)
            if near is not None and (named is None or near[0] > named):
                return sp.anonymous(near[1], ms)
        if len(toks) == 1 and low[0] in PRONOUNS:
            return sp.pronoun(PRONOUNS[low[0]] or None, ms, plural=low[0] == "они") or (
                None if low[0] == "они" else sp.named_later(PRONOUNS[low[0]], ms, skip=self._statement_spans()))
        if low[0] == "их":
            # «по их словам»: a group named before, never one person
            return self._plural_group_before(ms) or self._not_one_person(sp.pronoun(None, ms, plural=True))
        if low[0] in ("его", "ее", "её"):
            g = {"его": "m", "ее": "f", "её": "f"}.get(low[0])
            return sp.pronoun(g, ms) or sp.named_later(g, ms, skip=self._statement_spans())
        if len(lemmas) <= 2 and lemmas[-1] in _BODY_ANAPHORA and not any(t.text[:1].isupper() for t in toks[1:]):
            found = self._body_before(ms)  # «в ведомстве», «министерство»: the body named before
            if found is not None:
                return found
        office = self._office_of(ms, toks)
        if office is not None:
            return office or None
        anon = sp.reg.anonymous(lemmas + low, "ru")
        names = []
        for k, t in enumerate(toks):
            initial = not self.text[self.sentence_of(t.start)[0] : t.start].strip()
            if _adjective_of_next(toks, k):
                continue  # «Московская патриархия», «СК по Московской области»: a place's adjective, not a surname
            if ((_is_name_token(t, initial) or self._introduced_surname(t)) and not (t.text.isupper() and len(t.text) > 1)) or (
                    _capitalised_word(t) and sp.key(t.text) in sp.full_names):
                names.append(t)
            elif (
                names and names[-1] is toks[k - 1] and _name_kind(toks[k - 1]) == "Name"
                and t.text[:1].isupper() and t.text.isalpha() and not t.text.isupper()
            ):
                names.append(t)  # «Виктор Баранец»: a given name's neighbour is its surname
        # the name run: consecutive name tokens; the first one with a given name or an
        # initial («имам Бурнаевской мечети Фархат Мавлетдинов»), else the first one
        runs: list[list[Tok]] = [[]]
        for t in toks:
            if t in names:
                runs[-1].append(t)
            elif runs[-1] and t.text not in (".",) and t.text[:1].isalnum():
                runs.append([])
        runs = [r for r in runs if r]
        run = next((r for r in runs if any(_name_kind(t) in ("Name", "initial") for t in r)), runs[0] if runs else [])
        # start at the given name or initial: «мэр Камышанска Игнат Белоусько» -> Игнат Белоусько
        firsts = [k for k, t in enumerate(run) if _name_kind(t) in ("Name", "initial")]
        if case == "nomn" and len(firsts) > 1 and not _nominative_name(run[firsts[0]]):
            # «адвокат Сноудена Анатолий Кучерена»: whose aide (genitive), then the aide's own name
            later = [k for k in firsts[1:] if _nominative_name(run[k])]
            if later:
                firsts = later
        if firsts:
            run = run[firsts[0] :]
        elif len(run) > 1:
            run = run[-1:]
        if run and alias_key(" ".join(t.text for t in run)) in MEDIA_NAMES_RU:
            return "MEDIA"  # «корреспондент агентства Reuters»
        if len(run) == 1 and (self._place_or_brand(run[0]) or re.search(r"\b(?:в|во)\s*$", self.text[max(0, ms - 4) : ms])) and alias_key(_nominative(run[0].text, case, gender)[0]) not in sp.full_names \
                and alias_key(run[0].text) not in sp.full_names and not (sp.reg.lookup(run[0].text) or sp.reg.by_surname_only(run[0].text)):
            # «Израиль заявил», «Yandex сообщил»: a country or a company speaks as a body
            known = sp.reg.lookup(run[0].text) or sp.reg.lookup(lemma(run[0].text))
            if known is not None:
                return sp.note_body(known, ms) if known.kind == "body" else sp.person(known.speaker, known.name_ru, gender, ms)
            word = lemma(run[0].text) if re.search(r"[а-яё]", run[0].low) else run[0].text
            return sp.body(word[:1].upper() + word[1:], ms)
        if run and run[0] is not toks[0] and self._group_of(toks[0], run[0]):
            # «половины сторонников Дональда Трампа»: the name says whose the group is, not who spoke
            return sp.anonymous(anon, ms) if anon else None
        if run and case == "nomn":
            aide = self._aide_of_name(toks, run)
            if aide is not None:
                return sp.anonymous(aide, ms)
        if run and not (anon and lemmas[0] in ("источник", "собеседник", "чиновник")):
            name, g = self._name_from(run[:3], case, gender)
            roles = {role_of(x) for x in lemmas} & ROLE_LEMMAS
            if name:
                known = sp.reg.lookup(name)
                if known is None:
                    name = self._oblique_surname(name)
                    known = sp.reg.lookup(name)
                if known and known.kind == "body":
                    return sp.note_body(known, ms)
                ukrainian = _ukrainian_context([t for t in toks if t.end <= run[0].start])
                found = sp.person(sp.latin_of(name, ukrainian), name, g or gender, ms, roles)
                if len(run) >= 2 and case not in (None, "nomn") and found.kind == "person":
                    # «по словам … Георгия Полина»: read in its case, the name corrects the reading
                    # made with no case («Георгия Полина», a woman), for the bare «Полина» later
                    surface = sp.key(run[-1].text)
                    before = sp.full_names.get(surface)
                    if before is not None and before[1] and before[1] != name and before[1].split()[-1] == run[-1].text:
                        fixed = (sp.latin_of(name, ukrainian), name, g or gender or before[2])
                        for k2 in [k2 for k2, v in sp.full_names.items() if v == before]:
                            sp.full_names[k2] = fixed
                return found
        # a registered body: «МВД», «в Минтруде», «Госдума»
        # a regional branch is the body («ГУ МВД по Республике», «СК по Московской области»)
        branch = lemmas[: lemmas.index("по")] if "по" in lemmas[1:] else lemmas
        abbrevs = [t.text for t in toks if t.text.isupper() and len(t.text) > 1]
        foreign = any(NATIONALITIES.get(l, "russian") != "russian" for l in lemmas) or any(
            "Geox" in parses(t.low)[0].tag and lemma(t.text) not in ("россия", "рф", "москва") for t in toks if t.text[:1].isupper())
        cands = [self.text[ms:me]] if foreign else [self.text[ms:me], " ".join(lemmas), " ".join(branch), " ".join(abbrevs), *abbrevs[::-1]]
        for cand in cands:  # «украинского МИД», «Минобороны Сирии» are not the Russian bodies
            if cand.strip():
                known = sp.reg.lookup(cand.strip())
                if known:
                    return sp.note_body(known, ms) if known.kind == "body" else sp.person(known.speaker, known.name_ru, gender, ms)
        if (len(toks) == 1 and re.fullmatch(r"[A-Z][A-Za-z0-9&-]+", toks[0].text) and alias_key(toks[0].text) not in MEDIA_NAMES_RU
                and not self.text[max(0, ms - 1) : ms] == "/"):  # not the tail of «ABC/Post»
            return sp.body(toks[0].text, ms)  # «Google заявила»: a company in Latin script speaks, as in English text
        # «Армия Сирии», «Украинская сторона»: a body the registry does not know, with whose it is
        if not any(l in ROLE_LEMMAS and l not in BODY_LEMMAS for l in lemmas[:1]):
            words = [(tuple(dict.fromkeys(p.normal_form.replace("ё", "е") for p in parses(t.low)[:4])), t.text,
                      any(p.tag.number == "plur" and p.tag.POS == "NOUN" for p in parses(t.low)[:1]),
                      (t.text.isupper() and len(t.text) > 1) or any(p.tag.POS == "NOUN" for p in parses(t.low)[:1]))
                     for t in toks if t.text[:1].isalnum()]
            found = sp.body_named(words, ms)
            if found is not None:
                return found
        # «экономист», «губернатор»: the person introduced with that role, before any group role
        for k, l in enumerate(lemmas[:2] if len(lemmas) <= 2 else ()):
            l = role_of(l)
            if l in ROLE_LEMMAS and l not in ("источник", "собеседник"):
                if not any(p.tag.number == "plur" for p in parses(toks[k].low)[:1]):
                    found = sp.role_noun(l, ms)
                    if found:
                        return found
                    if len(lemmas) == 1:
                        found = self._speaker_just_before(ms)
                        if found is not None:
                            return found  # «…, по словам Баранца, … . «…», — рассказывает эксперт»: the same man
                break
        if anon and not (lemmas[0] in ("источник", "собеседник") and len(lemmas) == 1):
            return sp.anonymous(self._group_role(anon, toks, ms), ms)
        if lemmas[0] in ("источник", "собеседник"):
            return sp.last_anonymous(ms) or (sp.anonymous("source", ms))
        for k, l in enumerate(lemmas[:2]):
            l = role_of(l)
            if l in ROLE_LEMMAS:
                if any(p.tag.number == "plur" for p in parses(toks[k].low)[:1]):
                    return None  # «эксперты», «чиновники»: a group, not one speaker
                found = sp.role_noun(l, ms)
                if found:
                    return found
                # «По словам руководительницы приюта … Руководительницу убежища Наталью К.»: named after
                g = gender or self._noun_gender(toks[k])
                found = sp.named_later(g, ms, l, skip=self._statement_spans(), role_only=True)
                if found is None and len(lemmas) <= 3:
                    found = sp.pronoun(gender, ms)
                # «Такую версию озвучивает руководитель центра. … Краснослободцева»
                return found or sp.named_later(g, ms, skip=self._statement_spans())
        who = _national(toks) if anon is None else None
        if who is not None:
            return sp.anonymous(who, ms)  # «чернокожая африканка заявила» -> anon:african-woman
        if self._person_noun(toks[0]):
            # «Сказал Ивлеевой гость подкаста … Он — Лука Ебков»: a person the post names later
            return sp.named_later(gender or self._noun_gender(toks[0]), ms, skip=self._statement_spans())
        if anon is None and _demonym(toks[-1]):
            # «Вынужденные переселенцы требовали … суджанцы попросили»: the residents named before
            found = self._plural_group_before(ms)
            if found is not None and found.speaker_id.endswith("residents"):
                return found
        return None

    def _speaker_just_before(self, pos: int):
        """The named person who spoke in the sentence before the one at ``pos``: a
        bare role noun («эксперт») right after their words refers back to them."""
        prev = [(a, b) for a, b in self.sents if b <= pos]
        if not prev:
            return None
        a = prev[-1][0]
        cur = self.sentence_of(pos)[0]
        spoke = [x for x in self.speakers.seen if a <= x.at < cur and not x.anonymous and x.speaker.kind == "person"]
        if not spoke or len({x.speaker.speaker_id for x in spoke}) > 1:
            return None
        return spoke[-1].speaker

    @staticmethod
    def _not_one_person(found):
        """«они», «их» are a group or a body, not the one person named last."""
        return None if found is not None and found.kind == "person" else found

    def _office_of(self, ms: int, toks: list[Tok]):
        """«В офисе Зеленского назвали»: a name in the genitive after an office
        noun is the office, not the person: the registry's body («Офис
        Зеленского»), else "" (nobody we can name)."""
        if len(toks) >= 2 and lemma(toks[0].text) in _OFFICE_NOUNS and not any(
                p.tag.case == "nomn" for p in parses(toks[0].low)[:1]):
            office, toks = toks[0], toks[1:]  # «(в) штабе Сидорова»
        else:
            sa, _ = self.sentence_of(ms)
            prev = [t for t in self.toks(sa, ms) if t.end <= ms and t.text[:1].isalnum()]
            office = prev[-1] if prev else None
        if office is None or lemma(office.text) not in _OFFICE_NOUNS or office.text[:1].isupper():
            return None
        if not _is_name_token(toks[0], False) or not any(p.tag.case == "gent" for p in parses(toks[0].low)[:2]):
            return None
        known = self.speakers.reg.lookup(f"{lemma(office.text).capitalize()} {toks[0].text}")
        return self.speakers.note_body(known, ms) if known is not None and known.kind == "body" else ""

    _GROUP_HEADS = {"половина", "часть", "большинство", "меньшинство", "треть", "четверть", "ряд", "группа", "толпа"}

    @staticmethod
    def _group_of(head: Tok, name: Tok) -> bool:
        """A mention headed by a group of people («сторонники», «половина избирателей»)
        with a name in the genitive after it: the name is the group's possessor."""
        ps = parses(head.low)[:1]
        if not ps or ps[0].tag.POS != "NOUN" or any(g in ps[0].tag for g in ("Name", "Surn")):
            return False
        lem = ps[0].normal_form.replace("ё", "е")
        if lem in ROLE_LEMMAS or lem in BODY_LEMMAS or lem in _DOC_NOUNS:
            return False
        group = lem in _Extractor._GROUP_HEADS or (ps[0].tag.number == "plur" and "anim" in ps[0].tag)
        return group and any(p.tag.case == "gent" for p in parses(name.low)[:2])

    def _statement_spans(self) -> list[tuple[int, int]]:
        return [(s.char_start, s.char_end) for s in self.out]

    @staticmethod
    def _noun_gender(t: Tok) -> str | None:
        """A woman's role noun says she is one; «руководитель» says nothing."""
        ps = parses(t.low)[:1]
        return "f" if ps and ps[0].tag.gender == "femn" and "anim" in ps[0].tag else None

    @staticmethod
    def _person_noun(t: Tok) -> bool:
        """«гость», «блогер»: one person named by a common noun (not a name, not a group)."""
        ps = parses(t.low)[:1]
        return bool(ps) and t.text[:1].islower() and ps[0].tag.POS == "NOUN" and "anim" in ps[0].tag \
            and ps[0].tag.number == "sing" and not any(g in ps[0].tag for g in ("Name", "Surn", "Patr"))

    def _aide_of_name(self, toks: list[Tok], run: list[Tok]) -> str | None:
        """«Пресс-секретарь Анны Седоковой», «адвокат Навального»: a role noun before a
        name in the genitive names someone else, the named person's aide or kin,
        who stays anonymous (a named person is never their aide): the role."""
        k = toks.index(run[0])
        if k == 0:
            return None
        head = toks[k - 1]
        role = AIDE_ROLES.get(role_of(lemma(head.text)))
        if role is None or not any(p.tag.case == "nomn" for p in parses(head.low)[:2]):
            return None
        given = [t for t in run if _name_kind(t) == "Name"]
        if len(run) == 1 and not given:  # «советник Путина»: a surname the registry or the text knows otherwise
            sp, word = self.speakers, run[0].text
            if not (sp.reg.lookup(word) or sp.key(word) in sp.full_names) and any(
                    sp.reg.lookup(f) or sp.key(f) in sp.full_names for f in sp.nominatives(word) if f != word):
                return role
        for t in given[:1] or run:  # the given name shows the case best («Сын Ивана Петрова»)
            ps = [p for p in parses(t.low)[:6] if p.tag.number != "plur"]
            named = [p for p in ps if any(g in p.tag for g in ("Name", "Surn"))] or ps[:3]
            if not named or any(p.tag.case in ("nomn", None) for p in named):
                return None  # «адвокат Ольга Михайлова»: the lawyer is named
        return role

    @staticmethod
    def _place_or_brand(t: Tok) -> bool:
        ps = parses(t.low)[:1]
        if ps and "Geox" in ps[0].tag and not any(g in ps[0].tag for g in ("Name", "Surn")):
            return True
        return bool(re.fullmatch(r"[A-Za-z][\w.&-]*", t.text))

    def _oblique_surname(self, name: str) -> str:
        """«Майкл Уолтца»: a foreign surname the dictionary does not decline, still
        in the genitive; its nominative is the one the registry or the document
        knows (Уолтц, Пател), else the name is left as it is."""
        words = name.split()
        last = words[-1]
        for end, repl in (("а", ""), ("я", "ь"), ("я", "й"), ("я", ""), ("у", ""), ("ю", "ь"), ("ом", ""), ("ем", "ь"), ("е", "")):
            if last.endswith(end) and len(last) > len(end) + 2:
                cand = last[: len(last) - len(end)] + repl
                full = " ".join(words[:-1] + [cand])
                if self.speakers.reg.lookup(full) or self.speakers.reg.lookup(cand) or (
                        alias_key(cand) in self.speakers.full_names and alias_key(last) not in self.speakers.full_names):
                    return full
        return name

    def _body_before(self, pos: int):
        """«В СК отреагировали. Там сообщили …»: the registered body named in the
        sentence or two before."""
        prev = [(a, b) for a, b in self.sents if b <= pos][-2:]
        for a, b in reversed(prev):
            toks = self.toks(a, b)
            for i in range(len(toks) - 1, -1, -1):
                if toks[i].low not in ("в", "во", "на", "из"):
                    continue
                j = i + 1
                while j < len(toks) and j - i <= 5 and toks[j].text[:1].isalnum() and toks[j].low != "по":
                    j += 1
                for e in range(j, i + 1, -1):
                    words = [lemma(t.text) for t in toks[i + 1 : e]]
                    known = self.speakers.reg.lookup(" ".join(words)) or self.speakers.reg.lookup(
                        " ".join(t.text for t in toks[i + 1 : e]))
                    if known is not None and known.kind == "body":
                        return self.speakers.note_body(known, pos)
        since = prev[0][0] if prev else pos
        for s in reversed(self.speakers.seen):
            if since <= s.at <= pos and s.speaker.kind == "body":
                return s.speaker
        return None

    def _role_noun_before(self, pos: int, gender: str | None):
        """The nearest singular person noun with an anonymous role («отец», «мать»)
        in the sentence or two before: (offset, role)."""
        prev = [(a, b) for a, b in self.sents if a < pos][-3:]
        for a, b in reversed(prev):
            toks = [t for t in self.toks(a, b) if t.end <= pos and not self.in_quote(t.start)]
            for t in reversed(toks):
                ps = parses(t.low)[:1]
                if not ps or ps[0].tag.POS != "NOUN" or "anim" not in ps[0].tag or ps[0].tag.number != "sing" or ps[0].tag.case != "nomn":
                    continue
                g = "m" if ps[0].tag.gender == "masc" else "f" if ps[0].tag.gender == "femn" else None
                if gender and g and g != gender:
                    continue
                role = _anon_lemma(self.speakers.reg, lemma(t.text))
                k = toks.index(t)
                described = any(_is_name_token(x, False) for x in toks[max(0, k - 6) : k]) and any(
                    x.text in ("—", "–", ",") for x in toks[max(0, k - 6) : k]) and not any(verb_info(x.text) or any(
                        p.tag.POS == "VERB" for p in parses(x.low)[:1]) for x in toks[max(0, k - 6) : k])
                if role and role != "source" and not described:
                    return t.start, role  # not «Пател — бывший прокурор»: that noun describes Пател
        return None

    def _plural_group_before(self, pos: int):
        """«Местные жители возмущены. Они считают …»: the nearest group named in the
        sentence or two before, as its anonymous role or registered body."""
        prev = [(a, b) for a, b in self.sents if a < pos][-3:]
        for a, b in reversed(prev):
            toks = [t for t in self.toks(a, b) if t.end <= pos]
            for i in range(len(toks) - 1, -1, -1):
                t = toks[i]
                if t.low in ("они", "их", "им"):
                    continue
                ps = parses(t.low)[:1]
                if not ps or ps[0].tag.POS != "NOUN" or ps[0].tag.number != "plur" or ps[0].tag.case != "nomn":
                    continue
                words = [lemma(x.text) for x in toks[max(0, i - 2) : i + 1]]
                role = self.speakers.reg.anonymous(words, "ru")
                if role:
                    tail = i + 1  # «участники сходки»: the genitive words after the group noun
                    while tail < len(toks) and tail - i <= 2 and toks[tail].text[:1].isalnum() and any(
                            p.tag.case == "gent" for p in parses(toks[tail].low)[:1]):
                        tail += 1
                    return self.speakers.anonymous(self._group_role(role, toks[max(0, i - 2) : tail], toks[i].start), pos)
        return None

    def _group_role(self, role: str, toks: list, at: int) -> str:
        """An anonymous group's role with what its mention says it is of (its
        nationality, country, event or place: «Финские правозащитники» ->
        finnish-rights-activists, «участники сходки» -> meetup-participants,
        «жители Светлого» -> svetly-residents); a bare relational role
        («организаторы») with the event or place the document named before."""
        if role not in GROUP_ROLES:
            return role
        words = [t for t in toks if t.text[:1].isalnum()]
        lemmas = [lemma(t.text) for t in words]
        nat = next((NATIONALITIES[l] for l in lemmas if l in NATIONALITIES), None)
        places = [lemma(t.text).capitalize() for k, t in enumerate(words) if k > 0 and _capitalised_word(t)
                  and re.search(r"[а-яё]", t.low) and lemma(t.text) not in NATIONALITIES]
        context = []
        if role in self.speakers.relational_roles and at > 0:
            for t in reversed(self.toks(max(0, at - 3000), at)):
                if t.start < at and t.text[:1].isalpha():
                    context.append(lemma(t.text).split("-")[-1])  # «дрифт-сходка»
        return self.speakers.group_role(role, lemmas, context, nat, places)

    # -- statements ---------------------------------------------------------
    def add(self, kind, start, end, mention, gender=None, case="nomn", inherit=None, chars=" \n\t,;:—–-"):
        start, end = strip_span(self.text, start, end, chars)
        if end - start < 3 or any(a < end and start < b for a, b in self.covered):
            return None
        ms, me = mention if mention else (None, None)
        if ms is not None:
            ms, me = strip_span(self.text, ms, me, " \n\t,;:—–-.")
            if inherit is None and (self._is_media(ms, me) or not self._speakerish(ms, me)):
                return None
            if self.text[ms:me].lower() == "мы" and not self.in_quote(ms):
                return None  # «Мы попросили омбудсмена …»: the outlet itself
        st = Statement(kind=kind, char_start=start, char_end=end, text=self.raw[start:end],
                       speaker_mention=self.raw[ms:me] if ms is not None else None,
                       speaker_start=ms, speaker_end=me)
        self.out.append(st)
        self.covered.append((start, end))
        self.pending.append((st, gender, case, inherit))
        return st

    def _is_media(self, ms: int, me: int) -> bool:
        """An outlet, not a speaker (labels.md): «— Yle», «сообщает телеканал Fox News»,
        «некоторые украинские издания»."""
        toks = [t for t in self.toks(ms, me) if t.text[:1].isalnum()]
        if not toks:
            return False
        lem = [lemma(t.text) for t in toks]
        if lem[0] in MEDIA_RU or lem[0] in MEDIA_HEADS_RU:
            return True
        words = [t.text for t in toks]
        if alias_key(" ".join(words)) in MEDIA_NAMES_RU:
            return True
        return len(lem) <= 4 and any(l in MEDIA_HEADS_RU for l in lem[1:]) and all(
            any(p.tag.POS in ("ADJF", "PRTF") for p in parses(t.low)[:1]) for t in toks[: lem.index(next(l for l in lem[1:] if l in MEDIA_HEADS_RU), 1)])

    def _speakerish(self, ms: int, me: int) -> bool:
        """A speaker is a person, a body or an anonymous role: not «экзамен», «ч», «том»."""
        toks = [t for t in self.toks(ms, me) if t.text[:1].isalnum()]
        if not toks:
            return False
        for t in toks:
            if t.low in PRONOUNS or t.low in ("его", "ее", "её", "их", "там", "мы", "я", "ты", "вы"):
                return True
            ps = parses(t.low)[:6]
            if t.text.isupper() and len(t.text) > 1 and re.search(r"[А-ЯЁ]", t.text):
                if "Abbr" in ps[0].tag or not ps[0].is_known or len(t.text) <= 3 and ps[0].tag.POS not in ("NPRO", "PRCL", "CONJ", "ADJF"):
                    return True  # «МВД», «СК»; not «ВСЁ» in capitals
                continue
            if (t.text.isupper() and len(t.text) > 1) or re.match(r"[A-Z]", t.text):
                return True
            if t.text[:1].isupper() and (not ps[0].is_known or any(g in p.tag for p in ps for g in ("Name", "Surn", "Patr", "Orgn"))):
                return True
            if self._introduced_surname(t):
                return True  # «говорит Баранец» after «Виктор Баранец»: a surname the dictionary reads as a noun
            lem = lemma(t.text)
            if lem in ROLE_LEMMAS or lem in BODY_LEMMAS or _anon_lemma(self.speakers.reg, lem):
                return True
            if ps and ps[0].tag.POS == "NOUN" and "anim" in ps[0].tag:
                return True
        return self.speakers.reg.lookup(self.text[ms:me]) is not None

    def run(self) -> list[Statement]:
        self.feed_pass()
        self.dash_pass()
        self.interview_pass()
        self.quote_pass()
        self.list_pass()
        self.indirect_pass()
        order = sorted(self.pending, key=lambda t: t[0].speaker_start if t[0].speaker_start is not None else t[0].char_start)
        drop = set()
        for st, gender, case, inherit in order:
            if inherit is not None:
                st.speaker_id, st.speaker, st.speaker_name_ru, st.speaker_kind = (
                    inherit.speaker_id, inherit.speaker, inherit.speaker_name_ru, inherit.speaker_kind)
                continue
            if st.speaker_start is None:
                continue
            sp = self.resolve(st.speaker_start, st.speaker_end, gender, case)
            if sp == "MEDIA":
                drop.add(id(st))
                continue
            if sp is not None:
                st.speaker_id, st.speaker, st.speaker_name_ru, st.speaker_kind = sp.speaker_id, sp.speaker, sp.name_ru, sp.kind
        out = [s for s in self.out if id(s) not in drop]
        out.sort(key=lambda s: s.char_start)
        return out

    def find_verb(self, toks: list[Tok], inside: bool = False) -> int | None:
        for k, t in enumerate(toks):
            if verb_info(t.text) and (inside or not self.in_quote(t.start)):
                return k
        return None

    def inner_attribution(self, q: Quote):
        """«…, — сказала Прохорчук. — …»: the attribution between two dashes inside the marks."""
        inner = self.text[q.start : q.end]
        for m in _INNER_ATTR.finditer(inner):
            a, b = q.start + m.start(1), q.start + m.end(1)
            toks = self.toks(a, b)
            if toks and verb_info(toks[0].text) and len(toks) <= 16:
                att = self.attribution(a, b, inside=True)
                if att is not None:
                    return att
        return None

    def attribution(self, a: int, b: int, inside: bool = False):
        """Speech verb and speaker in text[a:b]: (mention span, gender) or None."""
        toks = self.toks(a, b)
        v = self.find_verb(toks, inside)
        if v is not None and re.search(r":\s*$", self.text[a:b]):
            # «Журналисты напомнили, что …, и Гаврилину пришлось признать: «…»»: the one next to the quote
            later = [k for k in range(v + 1, len(toks)) if verb_info(toks[k].text) and (inside or not self.in_quote(toks[k].start))]
            if later:
                v = later[-1]
            if any(t.low in _MODALS for t in toks[v + 1 :]):
                v = None
        if v is None:
            # «— цитирует Ладыгина пресс-служба», «приводит слова Лапшина:»: the quoted one
            m = re.search(r"\b(?:цитиру\w*|привод\w*\s+слова)\s+((?:[А-ЯЁ][\w-]*\s+){0,2}[А-ЯЁ][\w-]*)", self.text[a:b])
            if m:
                return (a + m.start(1), a + m.end(1)), None, "gent"
            # «Илюхину пришлось сразу оговориться: «…»»: the dative of a modal
            for k, t in enumerate(toks):
                if t.low in _MODALS and any(p.tag.POS == "INFN" for x in toks[k + 1 : k + 3] for p in parses(x.low)[:1]):
                    mention = self._chunk_left(toks, k, "datv")
                    if mention is not None and re.search(r":\s*$", self.text[a:b]):
                        return mention, None, "datv"
            return None
        gender = verb_info(toks[v].text)[1]
        mention = self.subject_near(toks, v)
        if mention is None:
            # «…, — говорится в заявлении МВД» / «сообщили в МВД»
            rest = self.text[toks[v].end : b]
            m = re.match(r"\s*(в|во)\s+([А-ЯЁ][\w-]*(?:\s+[А-ЯЁа-яё][\w-]*){0,3})", rest)
            if m:
                mention = (toks[v].end + m.start(2), toks[v].end + m.end(2))
            m = m or re.match(r"\s*(в|во|на)\s+([а-яё-]+)(?=\s*[.,!?]?\s*$)", rest)
            if mention is None and m and lemma(m.group(2)) in BODY_LEMMAS:
                mention = (toks[v].end + m.start(2), toks[v].end + m.end(2))  # «— подчеркнули в ведомстве»
        if mention is None:
            return None
        return mention, gender, toks[v]

    def dash_pass(self) -> None:
        """— Мигранты нужны региону, — заявил Воронин. — Без них стройки встанут."""
        last = None
        prev = None
        for para in paragraphs(self.text):
            p = self.text[para.start : para.end]
            before, prev = prev, (para if p.strip() else prev)
            if not re.match(r"^\s*[—–-]\s", p):
                last = None if p.strip() else last
                continue
            toks = [t for t in self.toks(para.start, para.end) if t.text[:1].isalnum()]
            if before is not None and toks and len(toks) <= 8 and verb_info(toks[0].text) and re.search(
                    r",\s*$", self.text[before.start : before.end]):
                # «…потребности рынка труда, …,\n\n— заявляет политик.»: the attribution on a line of its own
                att = self.attribution(para.start, para.end)
                if att is not None:
                    self.add("direct", before.start, before.end, att[0], att[1], chars=" \n\t,;:—–-")
                    continue
            parts = [(m.start(), m.end()) for m in re.finditer(r",?\s*[—–]\s+|,?\s+-\s+", p)]
            segs, pos = [], 0
            for s, e in parts:
                if s > pos or pos == 0:
                    segs.append((pos, s))
                pos = e
            segs.append((pos, len(p)))
            segs = [(s, e) for s, e in segs if p[s:e].strip()]
            attr_idx, att = None, None
            for k, (s, e) in enumerate(segs[1:], 1):
                seg_att = self.attribution(para.start + s, para.start + e)
                first = tokenize(p, s, e)[:1]
                if seg_att and first and (verb_info(first[0].text) or len(tokenize(p, s, e)) <= 12):
                    attr_idx, att = k, seg_att
                    break
            quote_segs = [seg for k, seg in enumerate(segs) if k != attr_idx]
            if not quote_segs:
                continue
            start = para.start + quote_segs[0][0]
            end = para.start + quote_segs[-1][1]
            if att is not None:
                mention, gender, _ = att
                last = self.add("direct", start, end, mention, gender, chars=" \n\t,;:—–-")
            elif last is not None:
                last = self.add("direct", start, end, (last.speaker_start, last.speaker_end), inherit=last)

    def list_pass(self) -> None:
        """«…, заявил Володин:» over a list of points: the points are what he said."""
        paras = [p for p in paragraphs(self.text) if self.text[p.start : p.end].strip()]
        for n, para in enumerate(paras[:-1]):
            head = self.text[para.start : para.end]
            if not head.rstrip().endswith(":") or self.in_quote(para.end - 1):
                continue
            att = self.attribution(para.start, para.end)
            if att is None:
                continue
            items = []
            for nxt in paras[n + 1 :]:
                first = self.raw[nxt.start : nxt.end].lstrip()[:1]
                if items and (first.isalnum() or first in "«\""):
                    break
                items.append(nxt)
                if first.isalnum() or first in "«\"":
                    break  # one plain paragraph after the colon
            if items:
                self.add("indirect", items[0].start, items[-1].end, att[0], att[1], chars=" \n\t,;:—–-.")

    def feed_pass(self) -> None:
        """News-feed posts: «…» — министр Шарыпов. / Текст, — МВД. (an optional
        time stamp first); the tail names the speaker and has no verb."""
        for para in paragraphs(self.text):
            p = self.text[para.start : para.end]
            m = _FEED.match(p)
            if not m:
                continue
            tail_s, tail_e = para.start + m.start("who"), para.start + m.end("who")
            if not self._speaker_like(tail_s, tail_e):
                continue
            body_s, body_e = para.start + m.start("body"), para.start + m.end("body")
            while body_e > body_s + 1 and self.text[body_e - 1] in ", ":
                body_e -= 1
            if self.text[body_s] in "«„“\"" and self.text[body_e - 1] in "»“”\"":
                body_s, body_e = body_s + 1, body_e - 1
            elif not re.search(r",\s*$", p[: m.start("dash")]):
                # «Многих нашли в наручниках – источник.» without the comma: a
                # source tag on the last sentence, only when it names a body or role
                if not self._source_tag(tail_s, tail_e):
                    continue
                body_s = max([a for a, b in self.sents if a <= body_e - 1 < b] + [body_s])
            self.add("direct", body_s, body_e, (tail_s, tail_e), chars=" \n\t,;:—–-")

    def _source_tag(self, a: int, b: int) -> bool:
        """A short tail that can only be a source: a known body, an organisation,
        an abbreviation or a role noun («СК», «Роскомнадзор», «источник 112»)."""
        toks = [t for t in self.toks(a, b) if t.text[:1].isalnum()]
        if not toks or len(toks) > 4:
            return False
        if self.speakers.reg.lookup(self.text[a:b]):
            return True
        first = toks[0]
        if first.text.isupper() and len(first.text) > 1 and first.text.isalpha():
            return True
        if any("Orgn" in p.tag for p in parses(first.low)[:2]):
            return True
        return lemma(first.text) in ROLE_LEMMAS or lemma(first.text) in MEDIA_RU

    def _speaker_like(self, a: int, b: int) -> bool:
        """A verbless noun phrase naming someone: a name, a role noun or a known body."""
        toks = self.toks(a, b)
        if not toks or len(toks) > 14 or any(verb_info(t.text) for t in toks):
            return False
        if self.speakers.reg.lookup(self.text[a:b]) or self._source_tag(a, b):
            return True
        if any(_is_name_token(t, False) and not (t.text.isupper() and len(t.text) > 1) for t in toks):
            return True
        return any(lemma(t.text) in ROLE_LEMMAS for t in toks) or any(
            t.text.isupper() and len(t.text) > 1 and self.speakers.reg.lookup(t.text) for t in toks)

    def interview_pass(self) -> None:
        for para in paragraphs(self.text):
            p = self.text[para.start : para.end]
            m = re.match(r"^\s*([А-ЯЁA-Z][\w.-]*(?:\s+[А-ЯЁA-Z][\w.-]*){0,2}):\s+(\S.*)$", p, re.S)
            if not m or m.group(1).lower() in INTERVIEWER or p[m.end(1) + 1 :].strip().endswith("?") and len(m.group(1)) < 3:
                continue
            label = m.group(1)
            if any(verb_info(w) for w in label.split()):
                continue
            self.add("direct", para.start + m.start(2), para.end, (para.start + m.start(1), para.start + m.end(1)), case=None)

    def quote_pass(self) -> None:
        last = None
        consumed = set()
        for qi, q in enumerate(self.quotes):
            if qi in consumed or any(a <= q.start < b for a, b in self.covered):
                continue
            sa, sb = self.sentence_of(q.open_at)
            close = q.close_at if q.close_at is not None else q.end
            sa2, sb2 = self.sentence_of(close + 1) if close + 1 < len(self.text) else (sa, sb)
            nxt = next((o.open_at for o in self.quotes if o.open_at > close), len(self.text))
            # after: «…», — заявил Воронин. / «…» — Воронин
            after_end = min(sb2, nxt)
            after = self.text[close + 1 : after_end]
            att = None
            kind = "direct"
            span = (q.start, q.end)
            att = self.inner_attribution(q)
            if att is None and (re.match(r"^\s*[,.!?…]?\s*[—–]", after) or re.match(r"^\s*,\s*[а-яё]", after)):
                att = self.attribution(close + 1, after_end)
                if att is not None and isinstance(att[2], Tok):
                    # «…» – в спешке пропажи они не замечали: the verb must open the tail
                    lead = [t for t in self.toks(close + 1, att[2].start) if t.text[:1].isalnum()]
                    if len(lead) > 5 or (lead and not (att[0][0] <= lead[0].start)):
                        att = None
                if att is None and re.match(r"^\s*[—–]\s*[А-ЯЁ]", after) and "\n" not in after.strip():
                    # a feed post: «…» — Воронин.
                    m = re.match(r"^\s*[—–]\s*(.+?)[.!]?\s*$", after)
                    if m and len(m.group(1).split()) <= 6:
                        att = ((close + 1 + m.start(1), close + 1 + m.end(1)), None, None)
            if att is None and not self.text[close + 1 : self.text.find("\n", close) if "\n" in self.text[close:] else len(self.text)].strip(" .,*_"):
                nxt = re.match(r"[\s*_]*\n\s*(?=\S)", self.text[close + 1 : close + 40])
                if nxt:
                    ns = close + 1 + nxt.end()
                    first = self.toks(ns, min(len(self.text), ns + 30))[:1]
                    if first and first[0].text[:1].isupper() and verb_info(first[0].text):
                        ne = next((b for a, b in self.sents if a <= ns < b), len(self.text))
                        att = self.attribution(ns, ne)
            before = self.text[max(sa, self._prev_quote_end(q)) : q.open_at]
            if att is None and re.search(r"[:,]\s*$", before):
                att = self.attribution(max(sa, self._prev_quote_end(q)), q.open_at)
                if att is None:
                    m = re.search(r"\b[Пп]о\s+(?:словам|мнению|оценке|утверждению)\s+(.+?),\s*$", before)
                    if m:
                        base = q.open_at - len(before)
                        att = ((base + m.start(1), base + m.end(1)), None, None)
                        att = (att[0], None, "gent")
            if att is not None:
                mention, gender, extra = att
                case = extra if extra == "gent" else "nomn"
                # a split quote: «…, — сказал он. — …» or “…,” he said. “…”
                for qj in range(qi + 1, len(self.quotes)):
                    nq = self.quotes[qj]
                    gap = self.text[close + 1 : nq.open_at]
                    if "\n" in gap or len(gap) > 160:
                        break
                    nclose = nq.close_at if nq.close_at is not None else nq.end
                    n_after = self.text[nclose + 1 : nclose + 40]
                    if re.match(r"^\s*[,.!?…]?\s*[—–]\s*[а-яё]", n_after):
                        break
                    span = (q.start, nq.end)
                    consumed.add(qj)
                    break
                # embedded in the reporter's sentence: a partial quote
                lead = self.text[sa : q.open_at]
                if re.search(r"\w", lead) and not re.search(r"[:,]\s*$", lead):
                    kind = "partial"
                    span = (sa, sb)
                    if mention[0] > close:  # «…«рассосётся сама собой», — заявила Набиуллина»: not the attribution
                        cut = min(mention[0], att[2].start if isinstance(att[2], Tok) else mention[0])
                        span = (sa, cut)
                last = self.add(kind, span[0], span[1], mention, gender, extra if extra in ("gent", "datv") else case, chars=" \n\t,;:—–-")
                continue
            # no attribution next to it: a fragment in a reported clause?
            partial = self.partial_in_sentence(q, sa, sb)
            if partial:
                continue
            para = next((pp for pp in paragraphs(self.text) if pp.start <= q.open_at < pp.end), None)
            if (
                last is not None and para is not None and self.text[para.start : q.open_at].strip() == ""
                and len(q.text(self.text).split()) >= 4 and self.text[last.char_end : q.open_at].count("\n") <= 2
                and last.kind == "direct"
            ):
                last = self.add("direct", q.start, q.end, (last.speaker_start, last.speaker_end), inherit=last)

    def _sentence_subject(self, toks, v):
        """The first subject-case noun before toks[v] outside prepositional groups."""
        head = self._head(toks, [i for i in range(v) if toks[i].text[:1].isalnum() or toks[i].text in ("«", "»")], "nomn", None)
        if head is None:
            return None
        end = head + 1
        while end < v and _is_name_token(toks[end], False):
            end += 1
        return toks[head].start, toks[end - 1].end

    def _prev_quote_end(self, q: Quote) -> int:
        prev = [o.close_at for o in self.quotes if o.close_at is not None and o.close_at < q.open_at]
        return prev[-1] + 1 if prev else 0

    def partial_in_sentence(self, q: Quote, sa: int, sb: int) -> bool:
        toks = [t for t in self.toks(sa, sb) if not self.in_quote(t.start)]
        for k, t in enumerate(toks):
            info = verb_info(t.text)
            if not info:
                continue
            if _is_gerund(t.low):
                # «Сам Ткаченко отказался от слов, назвав их «…»»: the clause's subject
                fv = next((p for p in range(k - 1, -1, -1) if any(pp.tag.POS == "VERB" for pp in parses(toks[p].low)[:1])), None)
                mention = None
                if fv is not None:
                    mention = self._chunk_left(toks, fv, "nomn") or self._sentence_subject(toks, fv)
            else:
                mention = self.subject_near(toks, k)
            if mention is None:
                m = re.search(r"\b[Пп]о\s+(его|ее|её|их)\s+словам", self.text[sa:sb])
                if not m:
                    continue
                mention = (sa + m.start(1), sa + m.end(1))
            if t.end <= q.open_at:
                rest = self.text[t.end : sb]
                m = re.match(r"[\s,]*(?:что\s+|будто\s+|чтобы\s+)?", rest)
                start = t.end + m.end()
                end = sb
            elif mention[0] >= t.end:
                start, end = sa, t.start  # «…», — заявил X: the inverted order only
            else:
                continue
            if not (start <= q.start and q.end <= end + 2):
                continue
            if not self._fragment_is_speech(q, mention, lemma(t.text)):
                return False
            return self.add("partial", start, end, mention, info[1], chars=" \n\t,;:—–-.") is not None
        return False

    def parenthetical(self, sa: int, sb: int) -> bool:
        """«Застройщики, добавил он, готовы …»: an attribution set off by commas
        inside the reported sentence; the statement is the whole sentence."""
        toks = self.toks(sa, sb)
        for k in range(1, len(toks) - 2):
            if toks[k - 1].text != "," or self.in_quote(toks[k].start):
                continue
            info = verb_info(toks[k].text)
            if not info or _is_gerund(toks[k].low):
                continue  # «X, комментируя заявление Y, сказал»: an adverbial clause, not an attribution
            j = k + 1
            while j < len(toks) and toks[j].text != "," and j - k <= 5:
                j += 1
            if j >= len(toks) - 1 or toks[j].text != "," or toks[j + 1].low in ("что", "будто", "чтобы"):
                continue
            mention = self._chunk_right(toks[:j], k + 1, "nomn")
            if mention is None:
                continue
            kind = "partial" if any(sa <= q.open_at < sb for q in self.quotes) else "indirect"
            return self.add(kind, sa, sb, mention, info[1], chars=" \n\t,;:—–-.") is not None
        return False

    def _fragment_is_speech(self, q: Quote, mention: tuple[int, int], verb_lemma: str) -> bool:
        """Not a partial quote: a name in «» inside the speaker's own mention
        («Равные права»), or a quote in a relative clause of the narration
        («…, после которой зазвучали призывы к «выселению»»)."""
        if mention[0] <= q.open_at and q.end <= mention[1] + 1:
            return False
        between = self.text[min(mention[1], q.open_at) : q.open_at]
        if re.search(r",\s*(?:\w+\s+)?котор", between):
            return False  # inside a relative clause: the reporter's narration
        inner = self.text[q.start : q.end]
        before = re.search(r"(\w+)\s*$", self.text[max(0, q.open_at - 40) : q.open_at])
        if inner[:1].isupper() and len(inner.split()) <= 4 and not re.search(r"[.!?,]$", inner) and before and (
                before.group(1)[:1].islower() and any(p.tag.POS == "NOUN" for p in parses(before.group(1).lower())[:1])):
            return False  # a title: движения «Русская община», полк «Азов»
        return True

    def indirect_pass(self) -> None:
        for sa, sb in self.sents:
            if any(a <= sa and sb <= b for a, b in self.covered):
                continue
            s = self.text[sa:sb]
            # по словам X, …  /  …, по словам X.  /  как сообщил X, …
            m = re.search(r"(?:^|[,(]\s*)((?:[Пп]о\s+(?:словам|мнению|оценке|оценкам|утверждению|убеждению|прогнозу|прогнозам|подсчетам|подсчётам|признанию|заявлению)|[Сс]о\s+слов)\s+)([^,.;:]+?)(?=,|\.|$)", s)
            if m is None:
                m = re.search(r"(?:^|[,(]\s*)([Пп]о\s+)(его|ее|её|их)(?:\s+(?:словам|мнению|оценке|утверждению|убеждению|прогнозу|подсчетам|подсчётам|признанию|версии))(?=,|\.|$)", s)
            if m is None:
                m = re.search(r"(?:^|,\s*)([Кк]ак\s+(?:\w+\s+)?(?:" + "|".join(_AS_VERBS) + r")\w*\s+)([^,.;:]+?)(?=,|\.|$)", s)
            if m is not None and not self.in_quote(sa + m.start()):
                who = (sa + m.start(2), sa + m.end(2))
                kind = "indirect"
                if m.start() <= 2:
                    start, end = sa + m.end(), sb
                elif re.match(r"\s*,\s*\w", s[m.end() :]):
                    # «Местных жителей, по его словам, на поле …»: the whole sentence
                    start, end = sa, sb
                    if any(sa <= q.open_at < sb for q in self.quotes):
                        kind = "partial"
                else:
                    start, end = sa, sa + m.start()
                case = "gent" if m.group(1).lower().startswith(("по", "со")) else "nomn"
                gender = None
                if case == "nomn":
                    vi = verb_info(m.group(1).split()[-1])
                    gender = vi[1] if vi else None
                if m.group(2).strip().lower() in ("его", "ее", "её", "их"):
                    case = None
                self.add(kind, start, end, who, gender, case, chars=" \n\t,;:—–-.")
                continue
            if self.parenthetical(sa, sb):
                continue
            toks = self.toks(sa, sb)
            if self._modal_pass(toks, sa, sb):
                continue
            for k, t in enumerate(toks):
                info = verb_info(t.text)
                if not info or self.in_quote(t.start):
                    continue
                lem, gender = info
                # заявил(, что) … / пообещал ввести …
                j = k + 1
                left = mention = self._chunk_left(toks, k, "nomn")
                if _is_gerund(t.low):
                    # «Яшин бросил вызов Собянину, заявив о своих планах»: the clause's subject
                    fv = next((p for p in range(k - 1, -1, -1) if any(pp.tag.POS == "VERB" for pp in parses(toks[p].low)[:1])), None)
                    left = mention = (self._chunk_left(toks, fv, "nomn") or self._sentence_subject(toks, fv)) if fv is not None else None
                    if mention is None:
                        continue
                while j < len(toks) and toks[j].text not in (",", ":", ".", "—") and j - k <= 6:
                    j += 1
                if mention is None:
                    j2 = j
                    while j2 < len(toks) and toks[j2].text not in (",", ":", ".", "—", ";") and j2 - k <= 14:
                        j2 += 1
                    mention = self._chunk_right(toks[:j2], k + 1, "nomn")
                if mention is None and lem in ("говориться", "сообщаться", "сказать"):
                    # «В пояснительной записке говорится, что …», «…, сообщается на сайте X»
                    doc = self._document(toks, k)
                    if doc is not None:
                        content = self._content(toks, k, j, lem, None, (toks[k].end, toks[k].end), sa, sb)
                        inner = self._relayed(toks, k, content, sa, sb) if content is not None else None
                        if inner is not None:
                            # «В отчёте говорится, что «жительница заявила, что …»»: the report relays her words
                            self.add("indirect", inner[0][0], inner[0][1], inner[1], inner[2], chars=" \n\t,;:—–-.»")
                            break
                        if content is not None:
                            self.add("indirect", content[0], content[1], doc or None, gender, chars=" \n\t,;:—–-.")
                            break
                if mention is None:
                    continue
                content = self._content(toks, k, j, lem, left, mention, sa, sb)
                if content is None:
                    continue
                tag = re.search(r",?\s*[—–]\s+[^—–\n,.]{1,40}?[.\s]*$", self.text[content[0] : content[1]])
                if tag and not any(verb_info(t.text) for t in self.toks(content[0] + tag.start(), content[1])):
                    content = (content[0], content[0] + tag.start())  # «…, — Yle»: the feed tag is not content
                self.add("indirect", content[0], content[1], mention, gender, chars=" \n\t,;:—–-.")
                break

    def _relayed(self, toks, k, content, sa, sb):
        """A speaker a document's content quotes with a verb of speech of their
        own (…, что «чернокожая жительница заявила, что …»): (content, mention,
        gender) of the inner statement, or None."""
        for k2 in range(k + 1, len(toks)):
            t = toks[k2]
            if not content[0] <= t.start < content[1]:
                continue
            info = verb_info(t.text)
            if not info or k2 + 2 >= len(toks) or toks[k2 + 1].text != "," or toks[k2 + 2].low != "что":
                continue
            mention = self._chunk_left(toks, k2, "nomn")
            opener = next((q for q in range(k2 - 1, k, -1) if toks[q].text in OPENERS), None)
            if mention is None and opener is not None:  # «…«пожилая жительница заявила»: the quote opens the clause
                mention = self._chunk_left(toks[opener + 1 :], k2 - opener - 1, "nomn")
            if mention is None or mention[0] < content[0]:
                continue
            inner = self._content(toks, k2, k2 + 1, info[0], mention, mention, sa, sb)
            if inner is not None:
                return inner, mention, info[1]
        return None

    def _modal_pass(self, toks, sa, sb) -> bool:
        """«Лапшину пришлось признать, что …»: a speech verb in the infinitive after a
        modal; the speaker is the dative before the modal."""
        for k, t in enumerate(toks):
            if t.low not in _MODALS or self.in_quote(t.start):
                continue
            inf = next((x for x in range(k + 1, min(k + 3, len(toks))) if any(
                p.tag.POS == "INFN" and p.normal_form.replace("ё", "е") in speech_lexicon("ru").verbs for p in parses(toks[x].low)[:1])), None)
            if inf is None:
                continue
            mention = self._chunk_left(toks, k, "datv")
            if mention is None:
                continue
            j = inf + 1
            while j < len(toks) and toks[j].text not in (",", ":", ".", "—") and j - inf <= 6:
                j += 1
            content = self._content(toks, inf, j, lemma(toks[inf].text), mention, mention, sa, sb)
            if content is not None:
                return self.add("indirect", content[0], content[1], mention, None, "datv", chars=" \n\t,;:—–-.") is not None
        return False

    def _document(self, toks, k):
        """The «в/на + document» group next to an impersonal «говорится»: its
        owner's span («опубликованном министерством», «британского Форин-офиса»),
        () for a document without one, None without a document."""
        n = len(toks)
        groups = []
        p = k - 1
        while p >= 0 and toks[p].text not in (",", ".", ":", ";", "—", "–") and k - p <= 8:
            p -= 1
        groups.append(range(p + 1, k))
        q = k + 1
        while q < n and toks[q].text not in (",", ".", ":", ";", "—", "–") and q - k <= 8:
            q += 1
        groups.append(range(k + 1, q))
        for g in groups:
            idx = list(g)
            if not idx or toks[idx[0]].low not in ("в", "во", "на"):
                continue
            docs = [i for i in idx if lemma(toks[i].text) in _DOC_NOUNS]
            if not docs:
                continue
            owner = [i for i in idx[1:] if i not in docs and (
                toks[i].text[:1].isupper() or lemma(toks[i].text) in BODY_LEMMAS or lemma(toks[i].text) in ROLE_LEMMAS)]
            if owner:
                return toks[owner[0]].start, toks[owner[-1]].end
            return ()
        return None

    def _content(self, toks, k, j, lem, left, mention, sa, sb):
        """What the speech verb at toks[k] reports: a что-clause, an infinitive
        after a verb of proposing, the clause before an inverted attribution
        («…, заявил глава МИД»), the sentence before «Об этом заявил X», or a
        prepositional object («заявили о …», «выступила за …»)."""
        n = len(toks)
        if j + 1 < n and toks[j].text in (",", ":") and toks[j + 1].low in ("что", "будто", "чтобы"):
            return toks[j + 1].end, sb
        if j + 2 < n and toks[j].text == ":" and not self.in_quote(toks[j + 1].start) and not any(
                p.tag.POS == "INFN" for t in toks[k + 1 : j] for p in parses(t.low)[:1]):
            return toks[j + 1].start, sb  # «Он рассказал: жена …»
        nxt = toks[k + 1] if k + 1 < n else None
        if lem in CONTENT_VERBS and nxt is not None and any(p.tag.POS == "INFN" for p in parses(nxt.low)[:2]):
            return nxt.start, sb
        if lem in CONTENT_VERBS and k + 2 < n and any(p.tag.case == "datv" for p in parses(nxt.low)[:2]) and any(
                p.tag.POS == "INFN" for p in parses(toks[k + 2].low)[:2]):
            return nxt.start, sb  # «предложил Канаде стать …»
        if left is None and not _is_gerund(toks[k].low):
            # inverted: «…, — заявил X» / «…, сообщил ранее X»
            p = k - 1
            while p >= 0 and toks[p].low in LEFT_ADVERBS:
                p -= 1
            q = p
            while q >= 0 and toks[q].text in (",", "—", "–"):
                q -= 1
            if q < p and q >= 2 and toks[p].text in (",", "—", "–") and not self.in_quote(toks[q].start):
                if not re.search(r"[«»„“\"]\s*$", self.text[toks[0].start : toks[q].end]):
                    return toks[0].start, toks[q].end
            # «Об этом заявил X» / «— такую точку зрения выдвинул X»
            if 0 < k - (p + 1) + 1 and p >= -1:
                pre = [t.low for t in toks[: k] if t.text[:1].isalnum()]
                cut = max([i for i in range(k) if toks[i].text in (",", "—", "–")] + [-1])
                pre = [t.low for t in toks[cut + 1 : k] if t.text[:1].isalnum() and t.low not in LEFT_ADVERBS]
                if pre and pre[0] in _ANAPHORA_HEAD and len(pre) <= 4:
                    if cut >= 2:
                        return toks[0].start, toks[cut].start
                    prev = [(a, b) for a, b in self.sents if b <= sa]
                    if prev and not self.text[prev[-1][0] : prev[-1][1]].rstrip().endswith("?"):
                        return prev[-1]
        # the object after the verb (and after a subject that follows it)
        m = k + 1
        if left is None and mention[0] >= toks[k].end:
            while m < n and toks[m].start < mention[1]:
                m += 1
        while m < n and toks[m].low in LEFT_ADVERBS:
            m += 1
        if lem in CONTENT_VERBS and m + 1 < n and toks[m].text[:1].isalnum() and not toks[m].text[:1].isdigit() and (
                lem in _DEMAND_VERBS or any(p.tag.POS == "INFN" for t in toks[m + 1 : m + 5] for p in parses(t.low)[:1])):
            return toks[m].start, sb  # «просил Минтруд обосновать …», «требовали ответы …»
        if m + 1 < n:
            prep = toks[m].low
            if prep in ("о", "об") or (prep in ("за", "против") and lem in ("выступить", "выступать")) or (prep == "к" and lem in ("призвать", "призывать")) or (
                    prep in ("на",) and lem in ("пожаловаться", "жаловаться", "указать", "указывать")):
                return toks[m].start, sb
        if lem in _MEANING_VERBS and m < n and toks[m].text[:1].isalnum() and not parses(toks[m].low)[0].tag.POS == "CONJ":
            return toks[k].start, sb
        return None


_ADVERBIAL_PHRASES = [("в", "то", "же", "время"), ("в", "свою", "очередь"), ("при", "этом"), ("между", "тем"),
                      ("тем", "временем"), ("кроме", "того"), ("в", "то", "время"), ("в", "ответ"), ("в", "итоге")]


def _relative_clause_start(toks, i) -> int | None:
    """The comma opening a relative clause («, который …», «, в котором …») that
    the comma at toks[i] closes, however many commas it holds inside; None
    if there is none within the clause (up to 30 words back)."""
    for r in range(i - 1, max(0, i - 30), -1):
        t = toks[r]
        if t.text in (".", ":", ";", "!", "?") or SENT_END.fullmatch(t.text):
            return None
        if t.low.startswith("котор"):
            c = r - 1 if toks[r - 1].low not in PREPOSITIONS else r - 2
            if c >= 1 and toks[c].text == "," and toks[c - 1].text[:1].isalnum():
                return c
            return None
    return None


def _in_relative_clause(toks, p) -> bool:
    """Whether the verb at toks[p] is a relative clause's («, который ведут …»)."""
    for r in range(p - 1, max(-1, p - 12), -1):
        if toks[r].low.startswith("котор"):
            return True
        if toks[r].text in (",", ".", ":", ";", "—", "–"):
            return False
    return False


def _nominative_name(t: Tok) -> bool:
    """A name or initial that can be in the nominative (not «Сноудена», only genitive)."""
    if _name_kind(t) == "initial":
        return True
    named = [p for p in parses(t.low)[:6] if "Name" in p.tag or "Surn" in p.tag]
    return not named or any(p.tag.case == "nomn" for p in named)


def _apposition(seg: list[Tok]) -> bool:
    """«многолетний председатель общества», «автор книги»: words set off by commas
    after a name that say what the person is (a role noun, or a lower-case
    animate noun in the nominative opening them after its adjectives), no verb."""
    if not seg or any(verb_info(t.text) for t in seg):
        return False
    if any(lemma(t.text) in ROLE_LEMMAS for t in seg):
        return True
    for t in seg:
        ps = parses(t.low)[:1]
        if not ps or not t.text[:1].islower():
            return False
        if ps[0].tag.POS in ("ADJF", "PRTF"):
            continue
        return ps[0].tag.POS == "NOUN" and "anim" in ps[0].tag and ps[0].tag.case == "nomn"
    return False


_OBJECT_PREPS = {"от", "у", "к", "ко"}  # «потребовал от X», «попросил у X», «обратился к X»: X is spoken to


def _latin_addressee(toks, i) -> bool:
    """«сказала She The People, что …»: Latin-script capitalised words right
    after the verb and closed by «, что» are the outlet told, not the speaker
    (an outlet speaking stands alone: «сообщает Reuters»)."""
    j = i
    while j < len(toks) and re.fullmatch(r"[A-Za-z][A-Za-z0-9&'.-]*", toks[j].text) and (toks[j].text[:1].isupper() or j > i):
        j += 1
    return j > i and j + 1 < len(toks) and toks[j].text == "," and toks[j + 1].low in ("что", "будто")


_KEEP_ADVERBS = {"там", "здесь", "где", "когда", "как", "так", "тут", "туда", "оттуда"}
# Group roles that a nationality adjective narrows (anon:finnish-rights-activists).
GROUP_ROLES = {"experts", "economists", "analysts", "prosecutors", "developers", "local-residents", "witnesses",
               "rights-activists", "activists", "displaced-residents", "doctors", "organizers", "participants",
               "inspectors", "officials", "teachers", "lawyers"}
NATIONALITIES = {
    "российский": "russian", "русский": "russian", "украинский": "ukrainian", "белорусский": "belarusian",
    "американский": "american", "британский": "british", "английский": "british", "немецкий": "german",
    "германский": "german", "французский": "french", "итальянский": "italian", "испанский": "spanish",
    "польский": "polish", "финский": "finnish", "шведский": "swedish", "норвежский": "norwegian",
    "литовский": "lithuanian", "латвийский": "latvian", "эстонский": "estonian", "турецкий": "turkish",
    "израильский": "israeli", "иранский": "iranian", "сирийский": "syrian", "китайский": "chinese",
    "японский": "japanese", "индийский": "indian", "грузинский": "georgian", "армянский": "armenian",
    "азербайджанский": "azerbaijani", "казахстанский": "kazakh", "казахский": "kazakh", "киргизский": "kyrgyz",
    "кыргызский": "kyrgyz", "узбекский": "uzbek", "таджикский": "tajik", "туркменский": "turkmen",
    "молдавский": "moldovan", "европейский": "european", "канадский": "canadian", "венгерский": "hungarian",
    "африканский": "african", "арабский": "arab",
}
# Who speaks for or beside a named person, as an anonymous role (anon:<role>)
AIDE_ROLES = {"пресс-секретарь": "press-secretary", "представитель": "representative", "помощник": "aide",
              "советник": "adviser", "адвокат": "lawyer", "защитник": "lawyer", "юрист": "lawyer", "сын": "son",
              "дочь": "daughter", "жена": "wife", "муж": "husband", "мать": "mother", "отец": "father", "брат": "brother",
              "сестра": "sister", "вдова": "widow", "друг": "friend", "соратник": "associate", "агент": "agent",
              "менеджер": "manager", "продюсер": "producer", "пресс-атташе": "press-secretary"}
_BODY_ANAPHORA = {"ведомство", "министерство", "служба", "пресс-служба", "управление", "департамент", "комитет", "мэрия", "администрация"}
# A person's office, staff or circle speaks for them, but is not them («в офисе Зеленского»)
_OFFICE_NOUNS = {"офис", "администрация", "штаб", "аппарат", "окружение", "команда", "канцелярия", "секретариат",
                 "приемная", "пресс-служба", "пресс-центр"}
_MODALS = {"пришлось", "придется", "придётся", "приходится", "пришлось бы"}
_DEMAND_VERBS = {"требовать", "потребовать", "предложить", "предлагать", "призвать", "призывать"}
_DOC_NOUNS = {"записка", "заявление", "сообщение", "документ", "письмо", "обращение", "доклад", "отчет", "отчёт",
              "релиз", "пресс-релиз", "сайт", "канал", "страница", "аккаунт", "публикация", "пост", "заключение",
              "постановление", "материал", "приказ", "указ", "телеграм-канал", "telegram-канал", "бюллетень", "ответ"}
_ANAPHORA_HEAD = {"об", "о", "такую", "такое", "такой", "такие", "это", "эту", "этот", "эти", "так"}
_MEANING_VERBS = {"опровергнуть", "опровергать", "отвергнуть", "отвергать", "отрицать", "обвинить", "обвинять",
                  "осудить", "осуждать", "раскритиковать", "критиковать", "назвать", "называть"}


_FEED = re.compile(r"^\s*(?:\d{1,2}[:.]\d{2}\s+)?(?P<body>\S.*\S)\s*(?P<dash>[—–])\s+(?P<who>[^—–«»\n]+?)\.?\s*$")
_INNER_ATTR = re.compile(r"[,!?…]\s*[—–]\s+([^—–«»„“\n]{3,160}?)[.,:]\s*[—–]\s+\S")
_AS_VERBS = ("сообщ", "заяв", "отмет", "отмеча", "подчерк", "сказа", "рассказ", "поясн", "уточн", "добав", "счита", "полага",
             "призна", "напомин", "напомни", "указ", "говор", "утвержда", "замет", "замеча", "пиш", "писал")


def extract(text: str, speakers) -> list[Statement]:
    """``speakers``: the document's mention memory (``speakers.resolve.DocSpeakers``)."""
    return _Extractor(text, speakers).run()
