"""Who a mention refers to, within one document.

A document introduces a person once in full ("пресс-секретарь губернатора
Аркадий Воронин") and then says "Воронин", "он", "the spokesman". The
:class:`DocSpeakers` memory keeps the people seen so far, in order, so later
mentions resolve to the nearest fitting one (labels.md, Speaker).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import Speaker
from . import _CYR, Registry, alias_key, anon_speaker, registry, slug, transliterate


def registry_gender(reg: Registry, latin: str, ru: str | None) -> str | None:
    """A registered person's gender, from the registry's Russian name in the
    nominative: «главы МИД Мевлюта Чавушоглу» is a man whatever its genitive
    «-а» suggests. None for bodies, unregistered names and Latin-only entries."""
    if len((ru or latin).split()) < 2:
        return None
    known = reg.lookup(ru or latin) or (reg.lookup(latin) if ru else None)
    if known is None or known.kind != "person" or not known.name_ru or len(known.name_ru.split()) < 2:
        return None
    return _given_name_gender(known.name_ru.split()[0])


def _given_name_gender(given: str) -> str | None:
    from .world import _morph

    for p in _morph().parse(given.lower())[:3]:
        if "Name" in p.tag and p.tag.case == "nomn" and p.tag.gender in ("masc", "femn"):
            return "m" if p.tag.gender == "masc" else "f"
    low = given.lower()
    return "f" if low.endswith(("а", "я")) else ("m" if _CYR.search(low[-1:]) and low[-1] not in "еиоуыэю" else None)


def _has_cyrillic(text: str) -> bool:
    return bool(_CYR.search(text))


# A Ukrainian's given name as the English-language press spells it (Ukrainian,
# not Russian romanisation): Николай Азаров is Mykola Azarov, as in English news.
UKRAINIAN_GIVEN_NAMES = {
    "Александр": "Oleksandr", "Алексей": "Oleksiy", "Андрей": "Andriy", "Анатолий": "Anatoliy", "Богдан": "Bohdan",
    "Василий": "Vasyl", "Виталий": "Vitaliy", "Владимир": "Volodymyr", "Григорий": "Hryhoriy", "Денис": "Denys",
    "Дмитрий": "Dmytro", "Евгений": "Yevhen", "Игорь": "Ihor", "Кирилл": "Kyrylo", "Максим": "Maksym",
    "Михаил": "Mykhailo", "Николай": "Mykola", "Олег": "Oleh", "Павел": "Pavlo", "Пётр": "Petro", "Петр": "Petro",
    "Сергей": "Serhiy", "Юрий": "Yuriy", "Ольга": "Olha", "Елена": "Olena", "Ирина": "Iryna", "Татьяна": "Tetiana",
    "Наталья": "Nataliya", "Наталия": "Nataliya", "Юлия": "Yulia", "Людмила": "Lyudmyla", "Галина": "Halyna",
    "Светлана": "Svitlana", "Виктория": "Viktoriya",
}

# What a body is, in English, for the ids of bodies the registry does not know:
# «Армия Сирии» -> syrian-army, «Туристическая ассоциация Пхукета» -> <place>-tourist-association.
BODY_HEADS_EN = {
    "ассоциация": "association", "армия": "army", "пресс-служба": "press-service", "суд": "court", "союз": "union",
    "партия": "party", "фракция": "faction", "комитет": "committee", "совет": "council", "центр": "center",
    "фонд": "foundation", "служба": "service", "управление": "directorate", "департамент": "department",
    "министерство": "ministry", "ведомство": "agency", "правительство": "government", "администрация": "administration",
    "мэрия": "city-hall", "полиция": "police", "прокуратура": "prosecutors-office", "посольство": "embassy",
    "парламент": "parliament", "оппозиция": "opposition", "профсоюз": "trade-union", "штаб": "headquarters",
    "командование": "command", "генштаб": "general-staff", "университет": "university", "больница": "hospital",
    "организация": "organization", "движение": "movement", "власть": "government", "минобороны": "defense-ministry",
    "мид": "foreign-ministry", "мвд": "interior-ministry", "полицейский": "police", "агентство": "agency",
    "инспекция": "inspectorate", "сторона": "",  # «украинская сторона»: the country itself
}
BODY_MODIFIERS_EN = {
    "туристический": "tourist", "национальный": "national", "федеральный": "federal", "центральный": "central",
    "международный": "international", "городской": "city", "областной": "regional", "региональный": "regional",
    "верховный": "supreme", "конституционный": "constitutional", "арбитражный": "arbitration", "районный": "district",
    "военный": "military", "общественный": "public", "правозащитный": "human-rights", "миграционный": "migration",
    "пограничный": "border", "таможенный": "customs", "избирательный": "election", "московский": "moscow",
    "петербургский": "saint-petersburg", "суд": "court", "полиция": "police", "прокуратура": "prosecutors",
    "правительство": "government", "президент": "presidential", "мэрия": "city-hall", "миграция": "migration",
}

# What a group of people is of, in English, for anonymous roles: «участники
# сходки» -> meetup-participants, «инспекторы тюрем» -> prison-inspectors.
ROLE_QUALIFIERS_EN = {
    "сходка": "meetup", "митинг": "rally", "акция": "protest", "протест": "protest", "демонстрация": "demonstration",
    "забастовка": "strike", "шествие": "march", "марш": "march", "пикет": "picket", "фестиваль": "festival",
    "форум": "forum", "конференция": "conference", "съезд": "congress", "выставка": "exhibition", "конкурс": "contest",
    "турнир": "tournament", "соревнование": "competition", "чемпионат": "championship", "концерт": "concert",
    "флешмоб": "flash-mob", "опрос": "survey", "исследование": "study", "эксперимент": "experiment",
    "переговоры": "talks", "голосование": "vote", "выборы": "election", "проект": "project", "программа": "program",
    "тюрьма": "prison", "колония": "prison", "заключенный": "prison", "заключить": "prison", "сизо": "jail",
    "изолятор": "detention-center", "лагерь": "camp", "школа": "school", "больница": "hospital", "рынок": "market",
    "стройка": "construction-site", "рейд": "raid", "общежитие": "dormitory",
}
_QUALIFIER_WORDS_EN = set(ROLE_QUALIFIERS_EN.values())  # "rally participants", "prison inspectors": the English side
# Roles that are always of something (organisers of, participants in, inspectors
# of): a bare «организаторы» takes the event or place the document named before.
RELATIONAL_ROLES = {"organizers", "participants", "inspectors"}


@dataclass
class Seen:
    speaker: Speaker
    at: int  # character offset of the mention
    gender: str | None = None  # m, f or None
    roles: set[str] = field(default_factory=set)  # lemmatised role nouns next to the name
    anonymous: bool = False


class DocSpeakers:
    """The people, bodies and roles one document has named so far. The extractors
    get one per document and use its ``key`` and ``transliterate`` too, so they
    need not import this stage."""

    key = staticmethod(alias_key)
    transliterate = staticmethod(transliterate)
    relational_roles = RELATIONAL_ROLES  # roles that take the event or place the document named before

    @staticmethod
    def nominatives(word: str) -> list[str]:
        """A Russian surname's possible nominatives («Мааса» -> «Маас»)."""
        from .world import nominatives

        return nominatives(word)

    def __init__(self, lang: str, reg: Registry | None = None):
        self.lang = lang
        self.reg = reg or registry()
        self.seen: list[Seen] = []
        self.full_names: dict[str, tuple[str, str | None, str | None]] = {}  # surname key -> (latin, ru, gender)
        self.intros: list[tuple[int, str, str | None, str | None, set[str]]] = []  # people named anywhere
        self.subjects: set[int] = set()  # where an introduced name is the subject of its clause
        self.lone: list[tuple[int, str, str | None, str, bool]] = []  # (at, ru, gender, "Name"/"Surn", subject)

    @staticmethod
    def latin_of(ru: str, ukrainian: bool = False) -> str:
        """A Russian-script name in Latin script; a Ukrainian's given name the Ukrainian way."""
        latin = transliterate(ru)
        words = ru.split()
        if ukrainian and len(words) >= 2 and words[0] in UKRAINIAN_GIVEN_NAMES:
            latin = " ".join([UKRAINIAN_GIVEN_NAMES[words[0]], *latin.split()[1:]])
        return latin

    def introduce(self, latin: str, ru: str | None, gender: str | None, at: int, roles: set[str], subject: bool = False) -> None:
        """A person named in the text, speaking or not: later "he" or "the imam" may mean them."""
        if subject:
            self.subjects.add(at)
        gender = registry_gender(self.reg, latin, ru) or gender
        if len(latin.split()) >= 2:
            self.full_names.setdefault(alias_key(latin.split()[-1]), (latin, ru, gender))
            if ru:
                self.full_names.setdefault(alias_key(ru.split()[-1]), (latin, ru, gender))
        self.intros.append((at, latin, ru, gender, roles))

    def introduce_lone(self, ru: str, gender: str | None, at: int, part: str, subject: bool) -> None:
        """A given name or a surname standing alone («Сейчас Наталья …»,
        «Краснослободцева отказалась»); ``settle_lone`` decides who it is."""
        self.lone.append((at, ru, gender, part, subject))

    def settle_lone(self, near: int = 400) -> None:
        """A lone given name and a lone surname of one gender close together are
        one person («Наталья … Краснослободцева»), when the document names nobody
        else in full by either; every lone name is then introduced as that person
        (or as itself), so pronouns and role nouns before or after can find it."""
        givens = [x for x in self.lone if x[3] == "Name"]
        surnames = [x for x in self.lone if x[3] == "Surn"]
        named_givens = {alias_key(v[1].split()[0]) for v in self.full_names.values() if v[1]}
        for at, ru, g, _, _ in givens:
            if alias_key(ru) in self.full_names or alias_key(ru) in named_givens:
                continue
            fits = {s_ru for s_at, s_ru, s_g, _, _ in surnames
                    if abs(s_at - at) <= near and g and s_g == g and alias_key(s_ru) not in self.full_names}
            if len(fits) == 1:
                full = f"{ru} {next(iter(fits))}"
                latin = transliterate(full)
                for key in (alias_key(latin.split()[-1]), alias_key(full.split()[-1])):
                    self.full_names.setdefault(key, (latin, full, g))
        for at, ru, g, part, subject in self.lone:
            key = alias_key(ru)
            full = self.full_names.get(key) if part == "Surn" else next(
                (v for v in self.full_names.values() if v[1] and len(v[1].split()) == 2 and alias_key(v[1].split()[0]) == key), None)
            if full is not None:
                self.introduce(full[0], full[1], g or full[2], at, set(), subject)
            elif part == "Surn":
                self.introduce(transliterate(ru), ru, g, at, set(), subject)

    def named_later(self, gender: str | None, at: int, role: str | None = None, skip=(), role_only: bool = False,
                    within: int = 700) -> Speaker | None:
        """A speaker the text names only after the statement («Такую версию
        озвучивает руководитель центра. … Краснослободцева отказалась»; «Он
        утверждает … Он — Лука Ебков»): the first person introduced later with the
        same role, else — when nobody of that gender came before — the first one
        within ``within`` characters who is a clause's subject, outside the spans
        in ``skip`` (other statements' texts)."""
        later = sorted((x for x in self.intros if x[0] > at and not any(a <= x[0] < b for a, b in skip)
                        and not (gender and x[3] and x[3] != gender)), key=lambda x: x[0])
        pick = next((x for x in later if role and role in x[4]), None)
        if pick is None and not role_only and self.last_person_at(gender, at) is None:
            # only when nobody fitting came before, and soon after: else the person is someone else
            pick = next((x for x in later if x[0] in self.subjects and x[0] - at <= within), None)
        if pick is None:
            return None
        pos, latin, ru, g, roles = pick
        return self.person(latin, ru, g, at, roles)

    # -- names seen anywhere in the document (not only as speakers) --------
    def note_name(self, latin: str, ru: str | None, gender: str | None, at: int, roles: set[str] | None = None) -> Speaker:
        sp = self.reg.person(latin, ru)
        gender = registry_gender(self.reg, latin, ru) or gender
        parts = latin.split()
        if len(parts) >= 2:
            self.full_names[alias_key(parts[-1])] = (latin, ru, gender)
            if ru:
                self.full_names[alias_key(ru.split()[-1])] = (latin, ru, gender)
        self.seen.append(Seen(sp, at, gender, set(roles or ()), False))
        return sp

    def body(self, name: str, at: int) -> Speaker:
        """An organisation named in the text and not in the registry."""
        return self.note_body(Speaker(slug(name), name, kind="body"), at)

    def body_named(self, words: list[tuple[tuple[str, ...], str, bool, bool]], at: int) -> Speaker | None:
        """A body the registry does not know, from its mention's words — each as
        (its possible lemmas, its text, plural?) — when its head says what it is
        and the rest says whose it is: «Армия Сирии» -> syrian-army,
        «Украинская сторона» -> ukraine, «Пресс-служба московских судов» ->
        moscow-courts-press-service. The id is English, so the English text of
        the same news can meet it; None when nothing but the head is known."""
        from .world import countries

        head = next((k for k, w in enumerate(words) if w[3]), None)  # the first noun heads the phrase
        if head is None or not any(x in BODY_HEADS_EN for x in words[head][0]):
            return None  # «чиновник областного правительства» is a person, not the government
        head_en = next(BODY_HEADS_EN[x] for x in words[head][0] if x in BODY_HEADS_EN)
        country, place, mods = None, None, []
        for k, (lems, text, plural, _) in enumerate(words):
            if k == head:
                continue
            c = next((c for c in countries() if any(x in c.adj_ru or x in c.names_ru for x in lems)), None)
            if c is not None:
                country = country or c
                continue
            mod = next((BODY_MODIFIERS_EN[x] for x in lems if x in BODY_MODIFIERS_EN), None)
            if mod:
                mods.append(mod + ("s" if plural and k > head and not mod.endswith("s") else ""))
            elif text[:1].isupper() and k > head and place is None:
                if _has_cyrillic(text):
                    from .world import place_en

                    place = slug(place_en(*lems, text) or transliterate(lems[0].capitalize()))
                else:
                    place = slug(text)
            elif k < head or not text[:1].isalnum():
                continue
            else:
                return None  # a word we cannot say in English: no id rather than half of one
        if head_en == "":
            if country is None:
                return None
            from ..names import slug as _slug

            sp = Speaker(_slug(country.names_en[0]), country.names_en[0], kind="body", country=country.slug)
            return self.note_body(sp, at)
        if country is None and place is None and not mods:
            return None
        if head_en == "government" and not (country is not None and (place or mods)):
            # «Австрийские власти», «власти Кале»: a government is "of" its country or place, as
            # world.body names it (government-of-austria, uk-government)
            from .world import government_id

            if country is not None:
                sid, name = government_id(country.slug), f"Government of {country.names_en[0]}"
            else:
                where = " ".join(([place] if place else []) + mods)
                sid, name = f"government-of-{slug(where)}", f"Government of {where.replace('-', ' ').title()}"
            return self.note_body(Speaker(sid, name, kind="body", country=country.slug if country is not None else None), at)
        parts = ([country.adj_en[0]] if country is not None else []) + ([place] if place else []) + mods + [head_en]
        sid = slug(" ".join(parts))
        name = " ".join(p.replace("-", " ").title() if p.islower() else p for p in parts)
        return self.note_body(Speaker(sid, name, kind="body", country=country.slug if country is not None else None), at)

    def note_body(self, sp: Speaker, at: int) -> Speaker:
        self.seen.append(Seen(sp, at, None, set(), False))
        return sp

    # -- resolution -------------------------------------------------------
    def person(self, latin: str, ru: str | None, gender: str | None, at: int, roles: set[str] | None = None) -> Speaker:
        """A named mention; a bare surname resolves to the full name seen earlier."""
        parts = latin.split()
        if len(parts) >= 2 and ru:  # the document's own spelling of this person (a Ukrainian's given name)
            known = self.full_names.get(alias_key(ru.split()[-1]))
            if known is not None and known[1] == ru:
                latin = known[0]
        if len(parts) == 1 or (len(parts) == 2 and len(parts[0].rstrip(".")) == 1):
            key = alias_key(parts[-1])
            if key not in self.full_names and ru:  # «Баранца», «Мааса»: the surname's nominative
                from .world import nominatives

                key = next((alias_key(f) for f in nominatives(ru.split()[-1]) if alias_key(f) in self.full_names), key)
            if key not in self.full_names:  # "Sir Henry", «Сэр Эрик»: the one person of the document with that given name
                given = {k for k, (lat, r, _) in self.full_names.items()
                         if key in (alias_key(lat.split()[0]), alias_key(r.split()[0]) if r else None)}
                if given and len({self.full_names[k][0] for k in given}) == 1:
                    key = next(iter(given))
            if key in self.full_names:
                full_latin, full_ru, g = self.full_names[key]
                sp = self.reg.person(full_latin, full_ru)
                # the full name's gender (its given name's) over a bare surname's guess:
                # «Игоря Галина … По словам Галина» is a man, whatever «Галина» reads as
                self.seen.append(Seen(sp, at, g or gender, set(roles or ()), False))
                return sp
            known = self.reg.lookup(ru or latin) or self.reg.by_surname_only(parts[-1])
            if ru and not known:
                known = self.reg.by_surname_only(transliterate(ru.split()[-1])) or self.reg.by_surname_only(ru.split()[-1])
            if known:
                self.seen.append(Seen(known, at, gender, set(roles or ()), False))
                return known
        return self.note_name(latin, ru, gender, at, roles)

    def group_role(self, role: str, lemmas: list[str], context: list[str] = (), nationality: str | None = None,
                   places: list[str] = ()) -> str:
        """An anonymous group's role with what the mention says it is of:
        a nationality or country («правозащитники Украины» ->
        ukrainian-rights-activists), an event or place noun («участники
        сходки» -> meetup-participants), a named place for residents («жители
        Светлого» -> svetly-residents). A relational role with no qualifier of
        its own takes the nearest event or place noun of ``context`` (the
        document's lemmas before the mention, nearest first)."""
        from .world import countries

        if nationality is None:
            c = next((c for c in countries() for x in lemmas if x in c.adj_ru or x in c.names_ru), None)
            nationality = slug(c.adj_en[0]) if c is not None and c.adj_en and c.adj_en[0] else None
        noun = next((ROLE_QUALIFIERS_EN.get(x, x) for x in lemmas if x in ROLE_QUALIFIERS_EN or x in _QUALIFIER_WORDS_EN), None)
        if noun is None and nationality is None and role in RELATIONAL_ROLES:
            noun = next((ROLE_QUALIFIERS_EN[x] for x in context if x in ROLE_QUALIFIERS_EN), None)
        if role == "local-residents" and places and nationality is None:
            return f"{slug(transliterate(places[0]))}-residents"
        return "-".join(x for x in (nationality, noun, role) if x)

    def anonymous(self, role: str, at: int) -> Speaker:
        sp = anon_speaker(role)
        self.seen.append(Seen(sp, at, None, set(), True))
        return sp

    def pronoun(self, gender: str | None, at: int, plural: bool = False) -> Speaker | None:
        """He/she: the nearest person mentioned before, speaking or not, that fits
        the gender; they: the nearest earlier speaker of any kind."""
        if not plural:
            best: tuple[int, Speaker | tuple] | None = None
            for s in self.seen:
                if s.at <= at and not s.anonymous and s.speaker.kind != "body" and not (gender and s.gender and s.gender != gender):
                    if best is None or s.at >= best[0]:
                        best = (s.at, s.speaker)
            for pos, latin, ru, g, roles in self.intros:
                if pos <= at and not (gender and g and g != gender):
                    if best is None or pos > best[0]:
                        best = (pos, (latin, ru, g, roles))
            if best is not None:
                if isinstance(best[1], Speaker):
                    self.seen.append(Seen(best[1], at, gender, set(), False))
                    return best[1]
                latin, ru, g, roles = best[1]
                return self.person(latin, ru, g, at, roles)
        for s in reversed(self.seen):
            if s.at > at:
                continue
            if s.anonymous and not plural:
                # "the source said ... he added" happens, but rarely; prefer people
                continue
            if gender and s.gender and s.gender != gender:
                continue
            if not plural and s.speaker.kind == "body":
                continue
            return s.speaker
        if not plural:
            for pos, latin, ru, g, roles in reversed(self.intros):
                if pos <= at and not (gender and g and g != gender):
                    return self.person(latin, ru, g, at, roles)
            for s in reversed(self.seen):
                if s.at <= at and s.anonymous:
                    return s.speaker
        return None

    def last_person_at(self, gender: str | None, at: int) -> int | None:
        """Where the nearest person fitting he/she was mentioned before ``at``."""
        spots = [s.at for s in self.seen if s.at <= at and not s.anonymous and s.speaker.kind != "body"
                 and not (gender and s.gender and s.gender != gender)]
        spots += [pos for pos, _, _, g, _ in self.intros if pos <= at and not (gender and g and g != gender)]
        return max(spots) if spots else None

    def role_noun(self, role: str, at: int) -> Speaker | None:
        """"the spokesman", «министр», «источник»: the nearest earlier person with
        that role, speaking or only named (the same rule as for he/she)."""
        spoke = max((s for s in self.seen if s.at <= at and role in s.roles), key=lambda s: s.at, default=None)
        named = max((x for x in self.intros if x[0] <= at and role in x[4]), key=lambda x: x[0], default=None)
        if named is not None and (spoke is None or named[0] > spoke.at):
            pos, latin, ru, gender, roles = named
            return self.person(latin, ru, gender, at, roles)
        return spoke.speaker if spoke is not None else None

    def last_anonymous(self, at: int) -> Speaker | None:
        for s in reversed(self.seen):
            if s.at <= at and s.anonymous:
                return s.speaker
        return None
