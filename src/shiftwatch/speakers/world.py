"""Public figures and bodies outside Russia's own registry, in both scripts.

data/world_speakers.tsv.gz (built by scripts/build_world_registry.py from
EveryPolitician's Wikidata-derived data and a curated list of heads of state,
ministers and EU/UN officials) gives each person an id from the English name,
so «Трамп», «Трампа» and "Trump" meet on donald-trump. A mention finds an
entry by its full name in either script (inflected Russian forms are brought
back to the nominative against the index), then by the cross-script skeleton
of its full name, and a bare surname only when it belongs to one *famous*
entry (heads of state and government, foreign ministers).

Bodies keep their country: «МИД Польши» -> polish-foreign-ministry,
"the State Department" -> us-state-department; Russia's own bodies keep
their registry ids.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..names import alias_key, name_skeleton, name_sound, one_edit, transliterate

_CYR = re.compile(r"[а-яё]", re.I)
_LEADING = re.compile(r"^(?:в|во|на|из|от|у|с|со|к|по|the)\s+", re.I)


@dataclass(frozen=True)
class WorldEntry:
    speaker_id: str
    name: str
    names_ru: tuple[str, ...]
    aliases: tuple[str, ...]
    wikidata: str | None
    kind: str
    country: str | None
    role: str | None
    famous: bool


# Russian case endings back to nominative candidates (longest first):
# Моравецкого -> Моравецкий, Мааса -> Маас, Обамы -> Обама, Трампе -> Трамп.
_ENDINGS = [
    ("ого", ("ий", "ый", "ой")), ("его", ("ий",)), ("ому", ("ий", "ый", "ой")), ("ему", ("ий",)),
    ("ым", ("ый", "ий", "")), ("им", ("ий", "")), ("ом", ("", "о")), ("ем", ("", "ь", "й")), ("ой", ("а", "ая", "ой")),
    ("ей", ("я", "ь", "ея")), ("ую", ("ая",)), ("ою", ("а",)), ("ю", ("ь", "я", "й")),
    ("ца", ("ец",)), ("цу", ("ец",)), ("цом", ("ец",)), ("це", ("ец",)),  # Баранца -> Баранец
    ("а", ("", "о")), ("я", ("ь", "й")), ("у", ("", "а")), ("е", ("", "а", "ь")), ("ы", ("а",)), ("и", ("я", "ь", "а")),
]


_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def _folds(name: str) -> set[str]:
    """ASCII spellings of a Latin name as English text writes it."""
    if name.isascii() or _CYR.search(name):
        return set()
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    german = unicodedata.normalize("NFKD", name.translate(_GERMAN)).encode("ascii", "ignore").decode()
    return {plain, german} - {name}


def nominatives(word: str) -> list[str]:
    """Candidate nominatives of a Russian name word, the word itself first."""
    return list(_nominatives(word))


@lru_cache(maxsize=100_000)
def _nominatives(word: str) -> tuple[str, ...]:
    out = [word]
    low = word.lower()
    for end, subs in _ENDINGS:
        if low.endswith(end) and len(low) - len(end) >= 2:
            stem = word[: len(word) - len(end)]
            out.extend(stem + s for s in subs)
    if re.search(r"[бвгджзклмнпрстфхчшщ]ц$", low):  # «Глушц», the dictionary's guess at «Глушца»: «Глушец» lost its vowel
        out.append(word[:-1] + "ец")
    return tuple(dict.fromkeys(out))


class WorldIndex:
    def __init__(self, rows: list[list[str]]):
        self.entries: list[WorldEntry] = []
        self.by_id: dict[str, int] = {}
        self.by_key: dict[str, list[int]] = {}
        self.by_skeleton: dict[str, list[int]] = {}
        self.famous_surname: dict[str, list[int]] = {}
        self.famous_tail: dict[str, list[int]] = {}
        self.famous_given: dict[str, list[int]] = {}  # «Небойша» -> famous entries with that given name
        self._near_given = None
        for r in rows:
            sid, name, names_ru, aliases, wd, kind, country, role, famous = (r + [""] * 9)[:9]
            e = WorldEntry(sid, name, tuple(filter(None, names_ru.split("|"))), tuple(filter(None, aliases.split("|"))),
                           wd or None, kind or "person", country or None, role or None, famous == "1")
            i = len(self.entries)
            self.entries.append(e)
            self.by_id[sid] = i
            for n in (name, *e.aliases, *e.names_ru):
                self._add(self.by_key, alias_key(n), i)
                for folded in _folds(n):  # Ströbele: Strobele, Stroebele
                    self._add(self.by_key, alias_key(folded), i)
                if _CYR.search(n):
                    self._add(self.by_key, alias_key(transliterate(n)), i)
                if len(n.split()) >= 2:
                    for key in (latin_skeletons(n) if not _CYR.search(n) else [name_skeleton(n)]):
                        self._add(self.by_skeleton, key, i)
                    if e.famous and len(n.split()) >= 3:  # "Peña Nieto", «Пенья Ньето»: a double surname
                        tail = " ".join(n.split()[-2:])
                        for t in {tail, *_folds(tail), *((transliterate(tail),) if _CYR.search(tail) else ())}:
                            self._add(self.famous_tail, alias_key(t), i)
                    if e.famous and _CYR.search(n):
                        self._add(self.famous_given, alias_key(" ".join(n.split()[:-1])), i)
                    if e.famous and len(n.split()[-1]) >= 3:  # not «Ван И»'s «И»
                        self._add(self.famous_surname, alias_key(n.split()[-1]), i)
                        if _CYR.search(n):
                            self._add(self.famous_surname, alias_key(transliterate(n.split()[-1])), i)
                elif e.famous:
                    self._add(self.famous_surname, alias_key(n), i)

    @staticmethod
    def _add(index: dict[str, list[int]], key: str, i: int) -> None:
        ids = index.setdefault(key, [])
        if i not in ids:
            ids.append(i)

    def _one(self, ids: list[int] | None) -> WorldEntry | None:
        """The entry a key names: the only one, or the only famous one."""
        if not ids:
            return None
        if len(ids) == 1:
            return self.entries[ids[0]]
        famous = [i for i in ids if self.entries[i].famous]
        if len(famous) == 1:
            return self.entries[famous[0]]
        # one person listed by several legislatures under one name: the bare slug
        first = self.entries[ids[0]]
        return first if all(self.entries[i].name == first.name for i in ids) else None

    def get(self, speaker_id: str) -> WorldEntry | None:
        i = self.by_id.get(speaker_id)
        return self.entries[i] if i is not None else None

    @lru_cache(maxsize=100_000)
    def lookup(self, name: str) -> WorldEntry | None:
        """The entry a person's name names, or None; a bare surname only for a famous entry."""
        name = _LEADING.sub("", re.sub(r"\s+", " ", name).strip())  # «в Еврокомиссии», "the UN"
        words = name.split()
        if not words or len(words) > 12:
            return None
        if len(words) > 5:
            return self._tail(words)
        if len(words) == 1:  # «Далай-лама»; a bare surname is surname()'s, after the document's own names
            forms = nominatives(words[0]) if _CYR.search(name) else [name]
            for f in forms:
                hit = self._one([i for i in self.by_key.get(alias_key(f), []) if self.entries[i].famous])
                if hit:
                    return hit
            return None
        for cand in self._forms(words):
            hit = self._one(self.by_key.get(alias_key(cand)))
            if hit:
                return hit
        hit = self._one(self.by_skeleton.get(name_skeleton(name)))
        if hit:
            return hit
        if _CYR.search(name):
            for cand in self._forms(words)[1:]:
                hit = self._one(self.by_skeleton.get(name_skeleton(cand)))
                if hit:
                    return hit
        if len(words) == 2:  # "Pena Nieto" after "Enrique Pena Nieto"
            for cand in self._forms(words):
                hit = self._one(self.famous_tail.get(alias_key(cand)))
                if hit:
                    return hit
        if _CYR.search(name) and len(words) <= 3:
            hit = self._near(words)
            if hit:
                return hit
        return self._tail(words) if len(words) >= 3 else None

    def _near(self, words: list[str]) -> WorldEntry | None:
        """A Russian spelling one letter off the registry's: a given name as the
        translator heard it (Максин / Maxine, Энджела / Angela) with the surname's
        skeleton exact; or, for a famous entry only, the surname one letter off
        with the given names exact (Степанович for Стефанович)."""
        if self._near_given is None:
            self._near_given = NearNames()
            for i, e in enumerate(self.entries):
                for n in (e.name, *e.aliases, *e.names_ru, *(f for n in (e.name, *e.aliases) for f in _folds(n))):
                    for variant in ((n,) if _CYR.search(n) else latin_spellings(n)):
                        self._near_given.add(variant, i)
        for cand in self._forms(words)[:8]:
            hit = self._one(self._near_given.find(cand))
            if hit:
                return hit
            first = alias_key(" ".join(cand.split()[:-1]))
            last = alias_key(cand.split()[-1])
            famous = [i for i in self.famous_given.get(first, [])
                      if any(_one_letter_swapped(last, alias_key(n.split()[-1])) for n in self.entries[i].names_ru
                             if alias_key(" ".join(n.split()[:-1])) == first)]
            hit = self._one(famous)
            if hit:
                return hit
        return None

    def _tail(self, words: list[str]) -> WorldEntry | None:
        """A full name closing a longer mention: "Bundestag member Hans-Christian Ströbele",
        "Serbian Minister of Internal Affairs Nebojša Stefanović" (exact names only)."""
        tail: list[str] = []
        for w in reversed(words):
            if not w[:1].isupper():
                break
            tail.insert(0, w)
        for k in (3, 2):
            if len(tail) >= k and len(words) > k:
                for cand in self._forms(tail[-k:]):
                    hit = self._one(self.by_key.get(alias_key(cand)))
                    if hit:
                        return hit
        return None

    @lru_cache(maxsize=100_000)
    def surname(self, word: str) -> WorldEntry | None:
        """The one famous entry with this surname («Трампа», "Merkel"), if exactly one has it."""
        forms = nominatives(word) if _CYR.search(word) else [word]
        for f in forms:
            hit = self._one(self.famous_surname.get(alias_key(f)))
            if hit:
                return hit
        return None

    @staticmethod
    def _forms(words: list[str]) -> list[str]:
        """The name as written, then with its words' candidate nominatives (a few dozen at most)."""
        if not _CYR.search(" ".join(words)):
            return [" ".join(words)]
        per = [nominatives(w)[:6] for w in words]
        out = [[]]
        for options in per:
            out = [o + [w] for o in out for w in options][:64]
        return [" ".join(o) for o in out]


@lru_cache(maxsize=100_000)
def latin_spellings(name: str) -> tuple[str, ...]:
    """A Latin-script name as Russian may hear it: as written, with a Spanish j
    read as х (Jorge / Хорхе, José / Хосе, Juan / Хуан), with a soft g as дж
    (Angela / Энджела, George / Джордж), with a Hungarian gy as дь (György / Дьёрдь)."""
    out = [name]
    if "j" in name.lower():
        out.append(re.sub(r"j", "h", name, flags=re.I))
    if re.search(r"g(?=[eiy])", name, re.I):
        out.append(re.sub(r"g(?=[eiy])", "j", name, flags=re.I))
    if re.search(r"gy", name, re.I):  # Hungarian: György / Дьёрдь, Gyula / Дьюла
        out.append(re.sub(r"gy", "d", name, flags=re.I))
    return tuple(out)


def latin_skeletons(name: str) -> list[str]:
    """The keys a Latin-script name can meet a Russian spelling on."""
    return list(dict.fromkeys(name_skeleton(n) for n in latin_spellings(name)))


class NearNames:
    """Finds names that meet a name but for one letter of a given name, the
    surname's skeleton exact: a translator's Энджела Хэттери for Angela
    Hattery, Максин Маккью for Maxine McKew. Given names are compared by their
    sound (vowels kept), so Алексей is not Alice nor Ронит René."""

    def __init__(self):
        self.by_surname: dict[tuple[str, int], list[tuple[list[str], object]]] = {}

    def add(self, name: str, payload) -> None:
        skeleton, sound = name_skeleton(name).split(), name_sound(name).split()
        if len(skeleton) >= 2 and len(skeleton[-1]) >= 3:
            self.by_surname.setdefault((skeleton[-1], len(skeleton)), []).append((sound[:-1], payload))

    def find(self, name: str) -> list:
        """The payloads of every near name, each once."""
        skeleton, sound = name_skeleton(name).split(), name_sound(name).split()
        if len(skeleton) < 2:
            return []
        out = []
        for given, payload in self.by_surname.get((skeleton[-1], len(skeleton)), []):
            if all(a == b or (min(len(a), len(b)) >= 3 and one_edit(a, b)) for a, b in zip(sound[:-1], given)):
                if payload not in out:
                    out.append(payload)
        return out


def _one_letter_swapped(a: str, b: str) -> bool:
    """Two Russian surnames of one length, one inner letter apart (Степанович /
    Стефанович); never the ending, which carries gender and case (Иванов / Иванова)."""
    if len(a) != len(b) or len(a) < 6 or a[-2:] != b[-2:] or a[0] != b[0]:
        return False
    return sum(x != y for x, y in zip(a, b)) == 1


@lru_cache(maxsize=1)
def world() -> WorldIndex:
    """Loaded once, on first use: about 26,000 entries."""
    path = resources.files("shiftwatch") / "data" / "world_speakers.tsv.gz"
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        lines = f.read().split("\n")
    return WorldIndex([ln.split("\t") for ln in lines[1:] if ln.strip()])


@lru_cache(maxsize=1)
def _places() -> dict[str, str]:
    path = resources.files("shiftwatch") / "data" / "world_places.tsv.gz"
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        rows = [ln.split("\t") for ln in f.read().split("\n") if ln.strip() and not ln.startswith("#")]
    return {k: v for k, v in rows}


def place_en(*forms: str) -> str | None:
    """A foreign town's own Latin name for its Cyrillic spelling («Кале» -> Calais),
    which transliteration does not give (Kale); None for a town not listed
    (Russia's and its neighbours' towns are named by transliteration)."""
    places = _places()
    return next((places[f.lower().replace("ё", "е")] for f in forms if f and f.lower().replace("ё", "е") in places), None)


# -- bodies with a country ------------------------------------------------

@dataclass(frozen=True)
class Country:
    slug: str
    names_en: tuple[str, ...]
    adj_en: tuple[str, ...]
    names_ru: tuple[str, ...]
    adj_ru: tuple[str, ...]


@lru_cache(maxsize=1)
def countries() -> list[Country]:
    text = (resources.files("shiftwatch") / "data" / "world_countries.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        slug_, en, adj, ru, adj_ru = line.split("\t")
        out.append(Country(slug_, *(tuple(x.split("|")) for x in (en, adj, ru, adj_ru))))
    return out


# body kind -> (Russian lemma sequences, English patterns, Russia's own registry id)
BODIES: dict[str, tuple[tuple[str, ...], tuple[str, ...], str | None]] = {
    "foreign-ministry": (("мид", "министерство иностранный дело", "внешнеполитический ведомство"),
                         ("foreign ministry", "ministry of foreign affairs", "foreign affairs ministry", "foreign office"),
                         "foreign-ministry"),
    "interior-ministry": (("мвд", "министерство внутренний дело"),
                          ("interior ministry", "ministry of the interior", "ministry of interior", "ministry of internal affairs",
                           "internal affairs ministry", "home office"),
                          "interior-ministry"),
    "defense-ministry": (("минобороны", "министерство оборона"),
                         ("defence ministry", "defense ministry", "ministry of defence", "ministry of defense"), "defense-ministry"),
    "government": (("правительство",), ("government",), "government"),
    "embassy": (("посольство",), ("embassy",), None),
    "parliament": (("парламент",), ("parliament",), None),
}
# bodies whose English name is not "<adjective> <kind>"
_SPECIAL = {("foreign-ministry", "us"): ("us-state-department", "US State Department"),
            ("foreign-ministry", "uk"): ("uk-foreign-office", "UK Foreign Office"),
            ("interior-ministry", "uk"): ("uk-home-office", "UK Home Office")}
# a foreign ministry is named as news writes it ("Syrian Defense Ministry"); a
# government, embassy or parliament "of" its country, as the shared gold names a
# government (government-of-ukraine, government-of-costa-rica; spec measures-en
# README); the UK's and the US's bodies are "uk-…" and "us-…" there (uk-government,
# uk-foreign-office, us-senate, us-state-department)
_ADJECTIVE_FIRST = {"foreign-ministry", "interior-ministry", "defense-ministry"}
PREFIXED_COUNTRIES = {"uk": "UK", "us": "US"}


def government_id(country_slug: str) -> str:
    """The id of a country's government: government-of-<country>, uk-government, us-government."""
    if country_slug in PREFIXED_COUNTRIES:
        return f"{country_slug}-government"
    return f"government-of-{country_slug}"
_US_STATE = re.compile(r"\b(?:US |U\.S\. |United States )?State Department\b|\bDepartment of State\b|Госдеп(?:артамент)?\w*", re.I)


@dataclass(frozen=True)
class WorldBody:
    speaker_id: str
    name: str
    name_ru: str | None
    country: str


@lru_cache(maxsize=1)
def _morph():
    import inspect

    if not hasattr(inspect, "getargspec"):  # pymorphy2 0.9 predates Python 3.11
        inspect.getargspec = lambda f: inspect.getfullargspec(f)[:4]  # type: ignore[attr-defined]
    import pymorphy2

    return pymorphy2.MorphAnalyzer()


@lru_cache(maxsize=50_000)
def _lemma(word: str) -> str:
    ps = _morph().parse(word.lower())
    return ps[0].normal_form.replace("ё", "е") if ps else word.lower()


def _ru_lemmas(text: str) -> list[str]:
    from razdel import tokenize as rz

    return [_lemma(t.text) for t in rz(text) if t.text[:1].isalnum()]


_BODY_WORD = re.compile(r"мид|министерств|мвд|минобороны|правительств|посольств|парламент|ведомств|госдеп|"
                        r"ministry|government|embassy|parliament|office|state department|department of state", re.I)


@lru_cache(maxsize=100_000)
def country(mention: str) -> WorldBody | None:
    """A country speaking as a state: «Израиль», «Турция», "Israel", "the US"."""
    words = mention.split()
    if not words or len(words) > 3:
        return None
    if _CYR.search(mention):
        key = " ".join(_ru_lemmas(mention))
        hit = next((c for c in countries() if key in c.names_ru), None)
    else:
        key = re.sub(r"^the\s+", "", mention.strip(), flags=re.I).lower()
        hit = next((c for c in countries() if key in (n.lower() for n in c.names_en)), None)
    if hit is None:
        return None
    from ..names import slug

    return WorldBody(slug(hit.names_en[0]), hit.names_en[0], None, hit.slug)


@lru_cache(maxsize=100_000)
def body(mention: str) -> WorldBody | None:
    """A ministry, government or embassy of a named country: «МИД Польши»,
    «турецкого МИД», "Poland's foreign ministry", "the Polish government"."""
    if len(mention.split()) > 8 or not _BODY_WORD.search(mention):
        return None
    if _US_STATE.search(mention) and not re.search(r"\b(?:spokesman|spokeswoman|spokesperson|official)\b|представител|официальн", mention, re.I):
        return WorldBody("us-state-department", "US State Department", "Госдепартамент США", "us")
    if _CYR.search(mention):
        lem = _ru_lemmas(mention)
        joined = " " + " ".join(lem) + " "
        for kind, (ru_forms, _, own) in BODIES.items():
            if not any(f" {f} " in joined for f in ru_forms):
                continue
            for c in countries():
                if any(f" {n} " in joined for n in c.names_ru) or any(a in lem for a in c.adj_ru):
                    return _body(kind, c, own)
        return None
    low = " " + re.sub(r"[’']s\b", "", mention.lower()) + " "
    for kind, (_, en_forms, own) in BODIES.items():
        if not any(f in low for f in en_forms):
            continue
        for c in countries():
            if any(f" {n.lower()} " in low for n in c.names_en) or any(f" {a.lower()} " in low for a in c.adj_en):
                return _body(kind, c, own)
    return None


def _body(kind: str, c: Country, own: str | None) -> WorldBody | None:
    if c.slug == "russia":
        return None if own is None else WorldBody(own, "", None, "russia")  # the registry's own body
    if (kind, c.slug) in _SPECIAL:
        sid, name = _SPECIAL[kind, c.slug]
        return WorldBody(sid, name, None, c.slug)
    from ..names import slug

    label = kind.replace("-", " ").title()
    if c.slug in PREFIXED_COUNTRIES:
        return WorldBody(f"{c.slug}-{kind}", f"{PREFIXED_COUNTRIES[c.slug]} {label}", None, c.slug)
    adjective = c.adj_en[0] if c.adj_en and c.adj_en[0] else None
    if adjective is None or kind not in _ADJECTIVE_FIRST:
        return WorldBody(f"{kind}-of-{c.slug}", f"{label} of {c.names_en[0]}", None, c.slug)
    return WorldBody(slug(f"{adjective} {label}"), f"{adjective} {label}", None, c.slug)
