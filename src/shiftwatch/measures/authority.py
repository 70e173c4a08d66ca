"""Who acts: bodies and office-holders named in a clause, regional bodies
built from region names (губернатор Калужской области ->
governor-of-kaluga-oblast, Louisiana Gov. ... -> governor-of-louisiana),
governments of countries, and the defaults when a clause names nobody
(a Russian law is the State Duma's, a regional ban the governor's)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from .lemma import Tok
from .lexicon import Lexicon

LEGISLATIVE = {
    "state-duma", "federation-council", "state-duma-committee", "federation-council-committee",
    "state-duma-committee-on-state-building-and-legislation", "vyacheslav-volodin", "moscow-oblast-duma",
    "moscow-city-duma", "us-congress", "us-senate", "us-house-of-representatives", "uk-parliament",
}


@dataclass
class Who:
    id: str | None
    text: str
    level: str
    region: str | None
    start: int  # char offset of the mention
    tok: int  # token index of the mention (-1 when not in the clause)
    legislative: bool = False
    local: bool = True  # named in the clause itself
    candidate: bool = False  # a person with no office at the time (a pledge is a statement)
    national: bool = True  # a national body (its level stays federal)
    person: bool = False
    subject: bool = False  # a named person who does the act ('депутат Тамара Кольцова внесла')
    pending: str = ""  # a regional body whose region the document gives: 'governor-of-', 'government-of-', '-duma'



# a country's government as the shared gold names it: government-of-<country>,
# the UK's and the US's "uk-government" / "us-government" (their bodies are
# "uk-…" and "us-…" there, as speakers.world names them)
_PREFIXED = {"united-kingdom": "uk", "united-states": "us"}


def _government(country: str) -> str:
    return f"{_PREFIXED[country]}-government" if country in _PREFIXED else f"government-of-{country}"

def slug(s: str) -> str:
    s = s.lower().replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def _in_office(entry: dict, published: dt.date | None) -> bool:
    spans = entry.get("office")
    if not spans or published is None:
        return True
    for span in spans:
        a, b = span
        a = dt.date.fromisoformat(str(a))
        b = dt.date.fromisoformat(str(b)) if b else dt.date.max
        if a <= published < b:
            return True
    return False


def _region_at(toks: list[Tok], i: int, lex: Lexicon) -> tuple[str, int] | None:
    """A region named at token i: (Latin name, tokens used)."""
    raw = lex.raw
    t = toks[i]
    if lex.lang == "ru":
        if i + 1 < len(toks):
            nxt = toks[i + 1].lemma
            if nxt == "область" and t.lemma in raw["oblasts"]:
                return raw["oblasts"][t.lemma] + " Oblast", 2
            if nxt == "край" and t.lemma in raw["krais"]:
                return raw["krais"][t.lemma] + " Krai", 2
            if nxt == "республика" and i + 2 < len(toks) and toks[i + 2].lemma in raw["republics"]:
                return raw["republics"][toks[i + 2].lemma], 3
        if i + 1 < len(toks) and toks[i + 1].lemma in _RU_UNIT_ADJ:
            # «Московская областная дума»: the region of the body that follows
            table = raw["oblasts"] if toks[i + 1].lemma == "областной" else raw["krais"]
            if t.lemma in table:
                return table[t.lemma] + _RU_UNIT_ADJ[toks[i + 1].lemma], 1
        if t.lemma in raw["regions"] or t.low in raw["regions"]:
            if t.low == "мо" and not t.cap:
                return None  # "МО" is Moscow Oblast only in capitals
            return raw["regions"].get(t.lemma) or raw["regions"][t.low], 1
        if t.lemma in raw["republics"]:
            return raw["republics"][t.lemma], 1
        return _generic_ru(toks, i)
    # English: state names (one or two words), possessives too (Georgia's)
    states = raw["states"]
    low = _base(t.low)
    if i + 1 < len(toks):
        two = f"{t.low} {_base(toks[i + 1].low)}"
        if two in states:
            return states[two], 2
    if low in states and t.cap:
        return states[low], 1
    return _generic_en(toks, i, lex)


_RU_ADJ = re.compile(r"^([а-я-]{3,}?)(?:ск|цк)(?:ий|ая|ое|ой|ого|ому|ом|ую|ые|их|им|ими|ей)$")
_RU_UNIT = {"область": " Oblast", "край": " Krai", "округ": " Okrug", "республика": " Republic"}
_RU_UNIT_ADJ = {"областной": " Oblast", "краевой": " Krai"}


def latin(stem: str) -> str:
    """A place stem in Latin script, the way region ids are spelled (ладимир -> Ladimir)."""
    from ..names import transliterate

    return "-".join(w[:1].upper() + w[1:] for w in transliterate(stem).split("-"))


def _generic_ru(toks: list[Tok], i: int) -> tuple[str, int] | None:
    """A region no list knows: «Ладимирской области» -> Ladimir Oblast, and the
    adjective of «Ладимирская областная дума» (the body word is left to the caller)."""
    t = toks[i]
    if not t.cap or i + 1 >= len(toks):
        return None
    nxt = toks[i + 1].lemma
    unit = _RU_UNIT.get(nxt)
    used = 2
    if unit is None:
        unit, used = _RU_UNIT_ADJ.get(nxt), 1
    if unit is None:
        return None
    m = _RU_ADJ.match(t.low)
    if not m:
        return None
    return latin(m.group(1)) + unit, used


_EN_BODY = {"duma", "government", "governor", "parliament", "legislature", "authorities", "administration", "assembly", "law", "council"}
_EN_NOT_PLACE = {"the", "a", "an", "this", "that", "federal", "national", "state", "new", "whole", "entire", "border", "same", "european"}


def _generic_en(toks: list[Tok], i: int, lex: Lexicon) -> tuple[str, int] | None:
    """A region of a country with oblasts, in English: 'the Ladimir region',
    'the Ladimir regional government', 'Ladimir Oblast'."""
    t = toks[i]
    if not t.cap or i + 1 >= len(toks) or t.low in _EN_NOT_PLACE or not t.low.isalpha():
        return None
    nxt = _base(toks[i + 1].low)
    if nxt in ("oblast", "krai"):
        return t.low.capitalize() + (" Oblast" if nxt == "oblast" else " Krai"), 2
    if _country_at(toks, i, lex) or i == 0 and nxt != "region":
        return None
    if nxt == "region" and i > 0 and toks[i - 1].low == "the":
        return t.low.capitalize() + " Oblast", 2
    if nxt == "regional" and i + 2 < len(toks) and toks[i + 2].low in _EN_BODY:
        return t.low.capitalize() + " Oblast", 1
    return None


def _base(w: str) -> str:
    return w[:-2] if w.endswith(("'s", "’s")) else w


def _country_at(toks: list[Tok], i: int, lex: Lexicon) -> tuple[str, str, int] | None:
    raw = lex.raw["countries"]
    t = toks[i]
    if lex.lang == "en" and i + 1 < len(toks):
        two = f"{t.low} {_base(toks[i + 1].low)}"
        if two in raw:
            return raw[two][0], raw[two][1], 2
    key = t.lemma if lex.lang == "ru" else _base(t.low)
    if key in raw and (lex.lang == "ru" or t.cap):
        return raw[key][0], raw[key][1], 1
    return None


_GOV_RU = {"власть", "правительство", "администрация", "руководство", "кабмин", "министерство", "департамент"}
_GOV_EN = {"government", "authorities", "authority", "officials", "administration", "cabinet", "state"}


def find(text: str, toks: list[Tok], lex: Lexicon, published: dt.date | None = None) -> list[Who]:
    """Every authority named in the clause, in text order."""
    out: list[Who] = []
    used: set[int] = set()
    _regional(text, toks, lex, out, used)
    for m in lex.authorities.find(toks):
        if any(k in used for k in range(m.i, m.j)):
            continue
        d = m.data
        if d.get("cap") and not toks[m.i].cap:
            continue
        if d.get("bare") and m.j < len(toks) and (toks[m.j].cap or _country_at(toks, m.j, lex)):
            continue  # 'президент Франции': another country's head
        s, e = toks[m.i].start, toks[m.j - 1].end
        w = Who(d["id"], text[s:e], d.get("level", "federal"), d.get("region"), s, m.i,
                legislative=d["id"] in LEGISLATIVE or bool(d.get("legislative")), person=bool(d.get("person")),
                national=not d.get("region") or d.get("level") == "federal")
        if d.get("office") is not None:
            w.candidate = not _in_office(d, published)
        if d.get("president"):
            w.id = None  # 'the administration', 'the president': filled per date
            w.text = text[s:e]
            w.candidate = False
            setattr(w, "generic_president", True)
        out.append(w)
        used.update(range(m.i, m.j))
    _persons(text, toks, lex, out, used)
    out.sort(key=lambda w: w.start)
    return out


@functools.lru_cache(maxsize=50_000)
def _ru_name(word: str, gender: str | None = None) -> tuple[str, str, str | None]:
    """('name' / 'surn' / '', nominative, gender) of a capitalised Russian word;
    a surname takes the first name's gender (Кольцовой -> Кольцова, not Кольцов)."""
    from .lemma import _morph

    parses = _morph().parse(word)
    if gender:
        parses = sorted(parses, key=lambda p: p.tag.gender != gender)
    for p in parses[:3]:
        g = p.tag
        if "Name" in g or "Surn" in g:
            nom = p.inflect({"nomn"})
            return ("name" if "Name" in g else "surn"), (nom.word if nom else p.normal_form), g.gender
    return "", word, None


def _persons(text: str, toks: list[Tok], lex: Lexicon, out: list, used: set) -> None:
    """A person named as the one who acts: a first name and a surname right
    before the act's verb («депутат Тамара Кольцова внесла законопроект»,
    'Tamara Koltsova, deputy speaker of the X regional duma, tabled a bill').
    Their id is the slug of the nominative name, as the statements stage gives
    it (the pipeline's resolver may know them better); an office named before
    the name (губернатор X области Глеб Сорокоумов) keeps the act."""
    from ..names import slug as name_slug

    n = len(toks)
    for i in range(n - 2):
        a, b = toks[i], toks[i + 1]
        if not (a.cap and b.cap) or i in used or i + 1 in used:
            continue
        if lex.lang == "ru":
            ka, na, gender = _ru_name(a.low)
            if ka != "name":
                continue
            kb, nb, _ = _ru_name(b.low, gender)
            if ka != "name" or kb not in ("surn", ""):
                continue
            if kb == "" and not re.match(r"^[а-я]+(?:ов|ев|ин|ын|ова|ева|ина|ына|ский|ская|енко|ук|юк)$", b.low):
                continue
            if not any(t.tense == "past" for t in toks[i + 2:i + 4]):
                continue
            name = f"{na.capitalize()} {nb.capitalize()}"
            body = sorted((w for w in out if w.start < a.start and w.tok >= i - 5), key=lambda w: w.start)
        else:
            if not (a.low.isalpha() and b.low.isalpha()) or i + 2 >= n:
                continue
            after = text[b.end:b.end + 2]
            if not after.startswith(","):
                continue
            # the apposition must name a regional body: 'deputy speaker of the X regional duma'
            end = text.find(",", b.end + 1)
            if end < 0:
                continue
            body = [w for w in out if b.end < w.start < end and w.level == "regional"]
            if not body or not any(t.tense == "past" or t.low in ("has", "have") for t in toks if end < t.start < end + 40):
                continue
            name = f"{text[a.start:a.end]} {text[b.start:b.end]}"
        if body and not body[-1].legislative and not body[-1].person:
            continue  # 'губернатор ... Глеб Сорокоумов подписал': the office acts
        reg = body[-1] if body else None
        w = Who(name_slug(name), name, reg.level if reg else "federal", reg.region if reg else None, a.start, i,
                person=True, national=reg is None, subject=True)
        if reg is not None and reg.pending:
            w.pending = "="
        out.append(w)
        used.update({i, i + 1})


_REGIONAL_ADJ = {"областной", "краевой", "региональный", "облдума"}
_REGION_NOUNS = {"область", "регион", "край"}
_EN_REGIONAL_BODY = {"duma": "-duma", "legislature": "legislative-assembly-of-", "parliament": "legislative-assembly-of-",
                     "assembly": "legislative-assembly-of-", "government": "government-of-", "authorities": "government-of-",
                     "administration": "government-of-"}


def _place(w: Who, region: str | None, form: str) -> None:
    """Give a regional body its id once its region is known (now, or from the document)."""
    if region is None:
        w.pending = form
        return
    w.pending = ""
    w.region = region
    if form == "=":
        return  # a person: the id stays, the region is the body's
    w.id = slug(region) + form if form.startswith("-") else form + slug(region)


LEGISLATIVE_STAGE_NAMES = {"introduced", "committee", "first-reading", "second-reading", "passed", "one-chamber", "in-force"}
_LEGIS_RU = {"заксобрание", "законодательный", "облдума", "думa", "парламент"}


def _regional(text: str, toks: list[Tok], lex: Lexicon, out: list, used: set) -> None:
    """Bodies built from a place: governors, regional governments and
    legislatures, foreign governments, cities (English)."""
    n = len(toks)
    gov = _GOV_RU if lex.lang == "ru" else _GOV_EN
    if lex.lang == "ru":
        lem = {t.lemma for t in toks}
        for i, t in enumerate(toks):
            # a regional duma: «областная дума», «Ладимирская областная дума», «дума Калужской области»
            if t.lemma != "дума" or i in used:
                continue
            if not (i > 0 and toks[i - 1].lemma in _REGIONAL_ADJ):
                r = next((x for k in range(i + 1, min(n, i + 3)) if (x := _region_at(toks, k, lex))), None)
                if r is None:
                    continue
                first = i
            else:
                first = i - 1
                r = _region_at(toks, i - 2, lex) if i >= 2 else None
                if r:
                    first = i - 2
            w = Who(None, text[toks[first].start:t.end], "regional", None, toks[first].start, first, legislative=True, national=False)
            _place(w, r[0] if r else None, "-duma")
            out.append(w)
            used.update(range(first, i + 1))
        if not any(w.legislative for w in out) and (lem & {"заксобрание", "законодательный", "облдума"} or ("депутат" in lem and "областной" in lem)):
            for i in range(n):
                r = _region_at(toks, i, lex)
                if r:
                    k = next((j for j, t in enumerate(toks) if t.lemma in ("заксобрание", "законодательный", "облдума", "депутат", "областной")), i)
                    out.append(Who("legislative-assembly-of-" + slug(r[0]), text[toks[k].start:toks[k].end], "regional", r[0],
                                   toks[k].start, k, legislative=True, national=False))
                    used.update({k, k + 1})
                    used.update(range(i, i + r[1]))
                    break
        for i, t in enumerate(toks):
            if i in used:
                continue
            # a country as the subject: 'Германия ввела ...'
            c = _country_at(toks, i, lex)
            if c and t.cap and i + 1 < n and toks[i + 1].tense == "past" and (i == 0 or toks[i - 1].lemma not in ("в", "из", "на", "по", "для", "с")):
                out.append(Who(_government(c[0]), text[t.start:t.end], "federal", c[1], t.start, i))
                used.add(i)
    for i, t in enumerate(toks):
        if i in used:
            continue
        if lex.lang == "ru":
            if t.lemma == "губернатор":
                for k in range(i + 1, min(n, i + 3)):
                    r = _region_at(toks, k, lex)
                    if r:
                        out.append(Who("governor-of-" + slug(r[0]), text[t.start:toks[k + r[1] - 1].end], "regional", r[0], t.start, i, national=False))
                        used.update(range(i, k + r[1]))
                        break
                else:
                    # 'губернатор', 'губернатор региона': the document's region
                    w = Who(None, text[t.start:t.end], "regional", None, t.start, i, national=False)
                    _place(w, None, "governor-of-")
                    out.append(w)
                    used.add(i)
                continue
            if t.lemma in gov and (i + 1 < n and toks[i + 1].lemma in _REGION_NOUNS or i > 0 and toks[i - 1].lemma in _REGIONAL_ADJ):
                # 'правительство области', 'областные власти': the document's region
                if not (i + 2 < n and _region_at(toks, i + 2, lex)):
                    w = Who(None, text[t.start:t.end], "regional", None, t.start, i, national=False)
                    _place(w, None, "government-of-")
                    out.append(w)
                    used.add(i)
                    continue
            if t.lemma in gov:
                for k in range(i + 1, min(n, i + 3)):
                    r = _region_at(toks, k, lex)
                    if r:
                        out.append(Who("government-of-" + slug(r[0]), text[t.start:toks[k + r[1] - 1].end], "regional", r[0], t.start, i, national=False))
                        used.update(range(i, k + r[1]))
                        break
                    c = _country_at(toks, k, lex)
                    if c:
                        out.append(Who(_government(c[0]), text[t.start:toks[k + c[2] - 1].end], "federal", c[1], t.start, i))
                        used.update(range(i, k + c[2]))
                        break
                continue
            # a region as the subject: "Калужская область решила ..."
            r = _region_at(toks, i, lex)
            if r and r[1] >= 2 and i + r[1] < n and toks[i + r[1]].tense and (i == 0 or toks[i - 1].lemma not in ("в", "из", "на", "по", "для")):
                out.append(Who("government-of-" + slug(r[0]), text[t.start:toks[i + r[1] - 1].end], "regional", r[0], t.start, i, national=False))
                used.update(range(i, i + r[1]))
        else:
            low = t.low
            if low in ("gov", "governor") and t.cap or low == "governor":
                # Louisiana Gov. X / Gov. X of Louisiana / governor of Louisiana
                r = None
                for k in (i - 2, i - 1):
                    if k >= 0:
                        r = _region_at(toks, k, lex)
                        if r and k + r[1] == i:
                            break
                        r = None
                if r is None:
                    for k in range(i + 1, min(n, i + 6)):
                        if toks[k].low == "of" and k + 1 < n:
                            r = _region_at(toks, k + 1, lex) or (_region_at(toks, k + 2, lex) if k + 2 < n and toks[k + 1].low == "the" else None)
                            break
                if r:
                    out.append(Who("governor-of-" + slug(r[0]), text[t.start:t.end], "regional", r[0], t.start, i, national=False))
                    used.add(i)
                elif not (i + 1 < n and toks[i + 1].low in ("race", "candidate", "election", "'s")):
                    w = Who(None, text[t.start:t.end], "regional", None, t.start, i, national=False)
                    _place(w, None, "governor-of-")
                    out.append(w)
                    used.add(i)
                continue
            if low == "regional" and i + 1 < n and toks[i + 1].low in _EN_REGIONAL_BODY:
                # 'the Ladimir regional duma', 'the regional government'
                body = _EN_REGIONAL_BODY[toks[i + 1].low]
                r = _region_at(toks, i - 1, lex) if i >= 1 else None
                first = i - 1 if r else i
                w = Who(None, text[toks[first].start:toks[i + 1].end], "regional", None, toks[first].start, first,
                        legislative=body != "government-of-", national=False)
                _place(w, r[0] if r else None, body)
                out.append(w)
                used.update(range(first, i + 2))
                continue
            if low == "city" and i + 2 < n and toks[i + 1].low == "of" and toks[i + 2].cap:
                k, names = i + 2, []
                while k < n and toks[k].cap and len(names) < 3:
                    names.append(text[toks[k].start:toks[k].end])
                    k += 1
                out.append(Who("government-of-" + slug(" ".join(names)), text[t.start:toks[k - 1].end], "municipal", " ".join(names), t.start, i, national=False))
                used.update(range(i, k))
                continue
            if low in ("lawmakers", "legislature", "legislators", "legislative") and i >= 1:
                r = _region_at(toks, i - 1, lex) or (_region_at(toks, i - 2, lex) if i >= 2 else None)
                if r:
                    out.append(Who(slug(r[0]) + "-legislature", text[toks[i - 1].start:t.end], "regional", r[0], toks[i - 1].start, i - 1,
                                   legislative=True, national=False))
                    used.update({i - 1, i})
                    continue
            if low == "governors":
                out.append(Who("us-state-governors", text[t.start:t.end], "regional", None, t.start, i, national=False))
                continue
            if low in ("sen", "senator", "rep", "representative", "congressman", "congresswoman") and i + 1 < n and toks[i + 1].cap:
                k = i + 1
                names = []
                while k < n and toks[k].cap and len(names) < 3 and toks[k].low not in ("of", "r", "d"):
                    names.append(text[toks[k].start:toks[k].end])
                    k += 1
                if names and len(names) >= 2:
                    # bills are coded by chamber: a senator's bill is the Senate's
                    chamber = "us-senate" if low in ("sen", "senator") else "us-house-of-representatives"
                    out.append(Who(chamber, text[t.start:toks[k - 1].end], "federal", None, t.start, i,
                                   legislative=True, person=True))
                    used.update(range(i, k))
                continue
            if i == 0 and t.cap and i + 1 < n and toks[i + 1].tense == "past":
                c = _country_at(toks, i, lex)
                if c and c[2] == 1:
                    # a country as the subject: 'Greece suspended ...'
                    out.append(Who(_government(c[0]), text[t.start:t.end], "federal", c[1], t.start, i))
                    used.add(i)
                    continue
            if low in gov:
                # government of Costa Rica / authorities in North Rhine-Westphalia
                if i + 2 < n and toks[i + 1].low in ("of", "in"):
                    k = i + 2
                    r = _region_at(toks, k, lex)
                    c = _country_at(toks, k, lex)
                    if c:
                        out.append(Who(_government(c[0]), text[t.start:toks[k + c[2] - 1].end], "federal", c[1], t.start, i))
                    elif r:
                        out.append(Who("government-of-" + slug(r[0]), text[t.start:toks[k + r[1] - 1].end], "regional", r[0], t.start, i, national=False))
                    else:
                        # an unknown place: take its capitalised words
                        names = []
                        while k < n and toks[k].cap and len(names) < 4:
                            names.append(text[toks[k].start:toks[k].end])
                            k += 1
                        if names:
                            out.append(Who("government-of-" + slug(" ".join(names)), text[t.start:toks[k - 1].end], "regional", " ".join(names), t.start, i, national=False))
                elif i >= 1:
                    c = _country_at(toks, i - 1, lex)
                    if c and c[2] == 1:
                        out.append(Who(_government(c[0]), text[toks[i - 1].start:t.end], "federal", c[1], toks[i - 1].start, i - 1))
                        used.update({i - 1, i})


class DocContext:
    """What the whole document tells about the acting body and the place."""

    def __init__(self, text: str, clauses, lex: Lexicon, published: dt.date | None):
        self.published = published
        self.lex = lex
        self.text = text
        self._region: list = []
        self._legislature: list = []
        self.title = clauses[0].auths if clauses else []
        self.president = _president(lex, published)
        if lex.lang == "ru" and (self.president is None or not _RU_HOME.search(text)):
            # «Президент подписал» in a text that names no country: the office, not a person
            self.president = "president"
        self.lex_ = lex
        self.country = _home_country(text, lex)

        def fix(c, self=self, lex=lex):
            for w in c._auths:
                if getattr(w, "generic_president", False):
                    w.id, w.level = president_for(c, self, lex) if lex.lang == "en" else self.president, "federal"
                if w.id and w.id == self.president:
                    w.candidate = False
                if w.pending:
                    region = self.region
                    if region:
                        _place(w, region, w.pending)

        for c in clauses:
            c._fix = fix
            if c._auths is not None:
                fix(c)

    @property
    def chamber(self) -> str | None:
        """The chamber an American article is about, when it names one far more
        than the other ('the Vermont senator', 'Sen.', 'the Senate bill'): a bill
        it credits to Congress at large is that chamber's."""
        if not hasattr(self, "_chamber"):
            found = None
            if self.lex.lang == "en":
                senate = len(_SENATE.findall(self.text))
                house = len(_HOUSE.findall(self.text))
                if senate >= 2 and senate >= 3 * house:
                    found = "us-senate"
                elif house >= 2 and house >= 3 * senate:
                    found = "us-house-of-representatives"
            self._chamber = found
        return self._chamber

    @property
    def main_chamber(self) -> str | None:
        """The chamber an American article names more (an amendment's, when no body is named)."""
        if not hasattr(self, "_main_chamber"):
            found = None
            if self.lex.lang == "en":
                senate, house = len(_SENATE.findall(self.text)), len(_HOUSE.findall(self.text))
                if senate != house:
                    found = "us-senate" if senate > house else "us-house-of-representatives"
            self._main_chamber = found
        return self._main_chamber

    @property
    def region(self) -> str | None:
        """The region the document is about: the first one it names (a
        headline's, usually), for bodies named without it («областная дума»)."""
        if not self._region:
            from .lemma import tokens

            found = None
            toks = tokens(self.text, self.lex.lang)
            for i in range(len(toks)):
                r = _region_at(toks, i, self.lex)
                if r and is_subnational(r[0], self.lex):
                    found = r[0]
                    break
            self._region.append(found)
        return self._region[0]

    @property
    def legislature(self) -> str | None:
        """The regional legislature the document names, if any: a regional law's author."""
        if not self._legislature:
            found = None
            low = self.text.lower()
            region = self.region
            if region:
                if re.search(r"(?:областн|краев|регионал)\w*\s+дум|облдум|regional duma", low):
                    found = slug(region) + "-duma"
                elif re.search(r"заксобрани|законодательн\w*\s+собрани|regional (?:legislature|parliament|assembly)", low):
                    found = "legislative-assembly-of-" + slug(region)
            self._legislature.append(found)
        return self._legislature[0]


_SENATE = re.compile(r"\b(?:[Ss]enators?|[Ss]enate|Sen\.)(?![\w-])")
_HOUSE = re.compile(r"\b(?:House of Representatives|the House|House (?:Republicans|Democrats|bill|vote|Speaker)|Rep\.|[Cc]ongress(?:wo)?man|[Rr]epresentatives?)\b")


def _president(lex: Lexicon, published: dt.date | None) -> str | None:
    for p in lex.raw.get("presidents", []):
        a = dt.date.fromisoformat(str(p["from"]))
        b = dt.date.fromisoformat(str(p["to"])) if p.get("to") else dt.date.max
        if published is None or a <= published < b:
            if published is None and p.get("to"):
                continue
            return p["id"]
    return None


# a Russian text that places itself in Russia: its bare «президент» is the one in office
_RU_HOME = re.compile(r"Росси|\bРФ\b|российск|Кремл|Путин|Москв", re.I)
_UK = re.compile(r"\b(home office|home secretary|westminster|downing street|mps|tory|tories|labour party|ukip|nhs|british|britain)\b|£")
_US = re.compile(r"\b(congress|senate|white house|obama|trump|biden|republicans?|democrats?|dhs|ice agents?|governor)\b|\$")


def _home_country(text: str, lex: Lexicon) -> str | None:
    """English news is American unless British markers dominate (the Home
    Office, MPs, pounds): then laws are Parliament's and acts the government's."""
    if lex.lang != "en":
        return None
    low = text.lower()
    uk, us = len(_UK.findall(low)), len(_US.findall(low))
    return "uk" if uk >= 2 and uk > us else None


def president_for(c, doc: DocContext, lex: Lexicon) -> str | None:
    """The president of the year the clause ties the act to ('the 2012 programme'),
    else the one in office when the document was published."""
    pub = doc.published
    for t in c.toks:
        if t.low.isdigit() and len(t.low) == 4 and pub and 1950 < int(t.low) < pub.year:
            p = _president(lex, dt.date(int(t.low), 7, 1))
            if p:
                return p
    return doc.president


def _usable(w: Who) -> bool:
    # a regional body whose region nobody names still acts (its id stays null)
    return w.id is not None or bool(w.pending and w.pending != "=")


def choose(c, clauses, idx: int, doc: DocContext, lex: Lexicon) -> Who | None:
    """The acting body: the first named in the clause; else the one of the
    clause before it in the same paragraph, else the headline's."""
    own = [w for w in c.auths if _usable(w)]
    if own:
        # a candidate criticising an office-holder's act: the office-holder acts
        real = [w for w in own if not w.candidate]
        subject = [w for w in real if w.subject]
        if subject:
            return subject[0]
        if real and real[0].id == "us-congress":
            chamber = [w for w in real if w.id in ("us-senate", "us-house-of-representatives")]
            if chamber:
                return chamber[0]
        return real[0] if real else own[0]
    for k in (idx - 1, idx - 2):
        if k >= 0 and clauses[k].u.para == c.u.para:
            prev = [w for w in clauses[k].auths if _usable(w) and not w.candidate]
            if prev:
                w = prev[0]
                return Who(w.id, w.text, w.level, w.region, w.start, -1, w.legislative, False, w.candidate, w.national, w.person)
    title = [w for w in doc.title if _usable(w) and not w.candidate]
    if title and idx > 0:
        w = title[0]
        return Who(w.id, w.text, w.level, w.region, w.start, -1, w.legislative, False, w.candidate, w.national, w.person)
    return None


def region_in(c, lex: Lexicon) -> str | None:
    for i in range(len(c.toks)):
        r = _region_at(c.toks, i, lex)
        if r:
            return r[0]
    return None


def default(c, kind: str, stage: str, doc: DocContext, lex: Lexicon) -> Who | None:
    """No body named: laws are the legislature's, a measure limited to a
    region is the region's head's, the president's programmes (English)."""
    region = region_in(c, lex) or None
    d = lex.raw.get("defaults", {})
    oblast = region is not None and region.endswith((" Oblast", " Krai", " Republic", " Okrug"))
    if region is None and getattr(doc, "text", None) is not None and (lex.lang == "ru" or c.lem & {"region", "regional"}):
        r = doc.region
        if r and (lex.lang == "ru" or r.endswith((" Oblast", " Krai"))) and (c.lem & {"регион", "область", "region", "regional"}):
            region, oblast = r, r.endswith((" Oblast", " Krai", " Republic", " Okrug"))
    if region and (lex.lang == "ru" or oblast) and region not in ("European Union",):
        law = c.lem & set(d.get("legislative_words", [])) | (c.lem & {"закон", "law", "ban"} if oblast else set())
        if (law or stage in LEGISLATIVE_STAGE_NAMES) and doc.legislature and region == doc.region:
            return Who(doc.legislature, "", "regional", region, c.u.start, -1, legislative=True, national=False, local=False)
        # cities of federal significance are run by their governments, regions by governors
        head = "government-of-" if region in set(lex.raw["regions"].values()) and "Oblast" not in region else "governor-of-"
        return Who(head + slug(region), "", "regional", region, c.u.start, -1, national=False, local=False)
    lem = c.lem
    uk = getattr(doc, "country", None) == "uk"
    if lem & set(d.get("legislative_words", [])) or stage in ("introduced", "committee", "first-reading", "second-reading", "passed", "one-chamber"):
        x = "uk-parliament" if uk else d["legislature"]
        return Who(x, "", "federal", None, c.u.start, -1, legislative=True, local=False)
    if uk:
        return Who(_government("united-kingdom"), "", "federal", None, c.u.start, -1, local=False)
    if lex.lang == "en" and doc.president:
        return Who(president_for(c, doc, lex), "", "federal", None, c.u.start, -1, local=False)
    if kind in ("check", "expulsion", "identification", "registry") and d.get("police"):
        return Who(d["police"], "", "federal", None, c.u.start, -1, local=False)
    if d.get("legislature") and kind in ("penalty",):
        return Who(d["legislature"], "", "federal", None, c.u.start, -1, legislative=True, local=False)
    return None


def region_of(c, who: Who | None, doc: DocContext, lex: Lexicon) -> str | None:
    """The territory the measure is limited to; null for a national measure
    of one's own country."""
    r = region_in(c, lex)
    if r:
        return r
    if who is not None and who.region:
        return who.region
    return None


def is_subnational(region: str, lex: Lexicon) -> bool:
    raw = lex.raw
    if region.endswith((" Oblast", " Krai", " Okrug")):
        return True  # the regions the general rules build (any «<adjective> области», 'the X region')
    if lex.lang == "ru":
        return region.endswith((" Oblast", " Krai")) or region in set(raw["regions"].values()) or region in set(raw["republics"].values())
    return region in set(raw["states"].values())
