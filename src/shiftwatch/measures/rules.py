"""Finding measures: a clause that names migrants, reports an act (a bill
stage, a decree, a ban, a raid) and has an authority with power to act, or
a stand-alone legislative act. Demands, opinions, crimes, single cases and
figures are statements or news, not measures, and are let through only
when a strong act (a bill introduced, a law passed) outweighs them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Callable

from . import authority as auth
from .lemma import Tok, tokens
from .lexicon import Lexicon, Match, load
from .model import Measure
from .segment import Unit, units

STAGE_STATUS = {
    "introduced": "proposed", "committee": "proposed", "first-reading": "proposed",
    "second-reading": "proposed", "planned": "proposed", "one-chamber": "proposed",
    "passed": "adopted", "upper-house": "adopted", "signed": "adopted", "announced": "adopted",
    "in-force": "in_force", "applied": "in_force", "lifted": "lifted",
}
# later stages of a bill outrank earlier ones when a clause names several
STAGE_RANK = {
    "planned": 0, "introduced": 1, "committee": 2, "first-reading": 3, "second-reading": 4, "one-chamber": 4,
    "passed": 5, "upper-house": 6, "signed": 7, "announced": 5, "applied": 5, "in-force": 8, "lifted": 8,
}
VERB_RANK = {"planned": 1, "introduced": 2, "committee": 3, "first-reading": 3, "second-reading": 3, "one-chamber": 3,
             "announced": 4, "passed": 5, "upper-house": 5, "signed": 6, "applied": 7, "in-force": 7, "lifted": 8}
LEGISLATIVE_STAGES = {"introduced", "committee", "first-reading", "second-reading", "passed", "upper-house", "signed", "one-chamber"}
WELCOMING_KINDS = {"easing", "integration"}
WELCOMING_QUOTA = {"ru": {"увеличить", "повысить", "расширить", "увеличение"},
                   "en": {"rais", "increas", "boost", "additional", "accept", "take", "goal", "doubl", "expand", "admit"}}
EASING_VERBS = {"упростить", "облегчить", "разрешить", "отменить", "simplif", "eas", "allow", "grant", "lift", "shield", "protect", "defer", "spar",
                "host", "admit", "resettl", "welcom", "accept", "relax"}
RESTRICT_VERBS = {"end", "terminat", "scrap", "rescind", "revok", "suspend", "halt"}
BLOCK_VERBS = {"block", "strike", "struck", "destroy", "halt", "enjoin", "injunction", "deadlock", "invalidat", "overturn", "overrul"}
# a raid detains people; a law can be about arrests: crime words there are the measure's content
_LAW_NOUNS = {"law", "bill", "legisl", "закон", "законопроект", "указ"}
_ENACTED = {"enact", "sign", "went into effect", "took effect", "tak effect", "in effect", "sign into law", "extend the", "was extend", "were extend"}
_DETERMINERS = {"the", "his", "her", "their", "its", "these", "those", "two", "three", "several", "both", "our", "my"}
_COST_WORDS = {"foot", "footing", "pay", "paying", "huge", "annual", "total", "welfare", "energy", "wage", "food", "phone", "fuel",
               "tax", "legal", "hotel", "taxpayers", "million", "billion", "bn", "m", "costly", "staggering"}
_BORDER_CONTROL = {"control", "controls", "check", "guard", "patrol", "clos", "closur", "wall", "fenc", "reopen", "open", "seal", "crossing", "cross"}
_BOTH_CHAMBERS = re.compile(r"\balso (?:been )?introduced in the (?:Senate|House)\b|\bin both (?:chambers|houses)\b", re.I)
_EXECUTIVE = {"barack-obama", "donald-trump", "joe-biden", "george-w-bush", "bill-clinton", "president"}
_SIMILAR = re.compile(r"\bsimilar (?:effort|bill|measure|plan|proposal|legislation|overhaul)s? (?:in|of) (?:19|20)\d\d\b", re.I)
_FIRST_PERSON = {"en": {"i", "we", "me", "us", "our", "my", "you", "your"},
                 "ru": {"я", "мы", "нас", "нам", "наш", "наша", "наши", "мой", "моя", "вы", "вас", "ваш"}}
_SAID = {"said", "say", "says", "told", "tell", "add", "added", "stated", "wrote", "сказать", "заявить", "добавить", "написать", "отметить"}
_FLED_FROM = {"war", "violence", "persecution", "conflict", "gangs", "gang", "home", "their"}
_CLOSE = {"block", "bar", "prohibit", "stop", "halt"}
_ENTRY = {"settlement", "resettlement", "arrival", "entry", "admission", "resettl", "settl", "arriv", "admiss"}
_ADMIT = {"admit", "accept", "take", "resettl", "welcom"}
_AMOUNT = {"additional", "more", "target", "goal", "ceil", "cap", "million", "thousand"}
_INFLOW = {"immigr", "admission", "visa", "arrival"}
_MORE = {"expand", "increas", "rais", "boost", "doubl", "widen"}
_LESS = {"cut", "reduc", "lower", "limit", "halv", "slash", "curb"}
_LOWER_FEE = {"снизить", "снижать", "уменьшить", "уменьшать", "вдвое", "halv", "lower", "reduc", "cut", "slash", "waiv"}
_PERMIT = {"allow", "let", "permit", "разрешить"}
_NEXT = {"next", "coming", "следующий", "будущий"}
_PREP_RU = {"в", "во", "на", "из", "по", "для", "с", "со", "к", "от", "у", "о", "об"}
_ORDINAL = re.compile(r"^(\d+(st|nd|rd|th)|first|second|third|fourth|fifth|thirteenth|fourteenth|fifteenth|nineteenth|twenty\w*)$")
_POSSESSIVE = {"his", "her", "its", "their", "свой", "его", "ее", "их"}
_QUOTE = re.compile(r"“[^”]*”|«[^»]*»|\"[^\"]*\"")
CONTINUATIONS = {"также", "кроме", "кроме тот", "а также", "они", "он", "она", "это", "эти", "помимо", "also", "it", "they", "the measure", "the bill", "the law"}
_NOT_PERFORMED = {"предложить", "предлагать", "призвать", "призывать", "хотеть", "выступить", "propos", "call", "urg", "want"}


class Clause:
    """One unit with its tokens and lexicon matches."""

    __slots__ = ("u", "_toks", "target", "acts", "demand", "crime", "stats", "kinds", "sectors", "_auths", "nonauth", "_lem", "_ctx", "_fix",
                 "like")

    def __init__(self, text: str, u: Unit, lex: Lexicon, published=None):
        self.u = u
        self._toks = None
        self._lem = None
        self._auths = None
        self._fix = None
        self.like = None  # the measure 'a similar bill in 2007' is like
        self._ctx = (text, lex, published)
        self.acts = []
        self.target = []
        if not lex.prefilter.search(text[u.start:u.end].lower()):
            return  # no word that could name migrants: words only if context asks
        t = self.toks
        self.target = lex.target.find(t)
        if not self.target and lex.lang == "en":
            # 'controls on the border', 'closed the border': the border as a place of migration control
            for k, x in enumerate(t):
                if x.lemma == "border" and any(y.lemma in _BORDER_CONTROL for y in t[max(0, k - 3):k + 4]):
                    self.target = [Match(k, k + 1, "border")]
                    break
                # 'replacing American workers with foreign ones': foreign workers, elided
                if x.low == "foreign" and k + 1 < len(t) and t[k + 1].low == "ones" and any(y.lemma == "worker" for y in t[:k]):
                    self.target = [Match(k, k + 2, "foreign worker")]
                    break
                # 'Muslims fleeing Syria', 'families fleeing violence': refugees by another name
                if x.low in ("fleeing", "fled") and k > 0 and k + 1 < len(t) and (
                        t[k + 1].cap and t[k + 1].low not in _DETERMINERS or t[k + 1].low in _FLED_FROM):
                    self.target = [Match(k, k + 1, "fleeing")]
                    break
        if self.target:
            bad = lex.not_target.find(t)
            if bad:
                spans = [(b.i, b.j) for b in bad]
                self.target = [m for m in self.target if not any(a <= m.i < b for a, b in spans)]
        if not self.target:
            return
        self.fill(lex)

    @property
    def toks(self) -> list[Tok]:
        if self._toks is None:
            text, lex, _ = self._ctx
            self._toks = tokens(text, lex.lang, self.u.start, self.u.end)
        return self._toks

    @property
    def lem(self) -> set:
        if self._lem is None:
            self._lem = {x.lemma for x in self.toks}
        return self._lem

    @property
    def auths(self) -> list:
        """Authorities named in the clause, found on first use (most clauses never need them)."""
        if self._auths is None:
            text, lex, published = self._ctx
            self._auths = auth.find(text, self.toks, lex, published)
            fix = getattr(self, "_fix", None)
            if fix:
                fix(self)
        return self._auths

    def fill(self, lex: Lexicon) -> None:
        t = self.toks
        self.acts = lex.acts.find(t, longest_only=False)
        self.demand = lex.demand.find(t)
        self.crime = lex.crime.find(t)
        self.stats = lex.statistics.find(t)
        self.kinds = lex.kinds.find(t)
        self.sectors = lex.sectors.find(t)
        self.nonauth = lex.not_authorities.find(t)


def _dedupe_acts(acts: list[Match]) -> list[Match]:
    """Overlapping act cues: keep the longest (внести законопроект over законопроект)."""
    acts = sorted(acts, key=lambda m: (m.i, -(m.j - m.i)))
    out: list[Match] = []
    for m in acts:
        if any(o.i <= m.i < o.j for o in out):
            continue
        out.append(m)
    return out


def _tense_at(c: Clause, m: Match) -> str:
    """Tense of the act: the verb of the cue, or an auxiliary быть / будет before it."""
    toks = c.toks
    for k in range(max(0, m.i - 2), m.i):
        if toks[k].lemma == "быть" and toks[k].tense:
            return toks[k].tense
        if toks[k].low in ("will", "would", "'ll"):
            return "futr"
    for k in range(m.i, m.j):
        if toks[k].tense:
            return toks[k].tense
    return ""


class Extractor:
    def __init__(self, lang: str, resolve: Callable | None = None):
        self.lang = lang
        self.lex = load(lang)
        self.resolve = resolve

    # ------------------------------------------------------------------
    def extract(self, text: str, published: dt.date | None = None) -> list[Measure]:
        if not isinstance(text, str):
            raise TypeError("measures.extract: text must be a string")
        lex = self.lex
        self._published = published
        if not lex.prefilter.search(text.lower()):
            return []  # no word that could name migrants: nothing to find
        us = units(text, self.lang, lex.prefilter)
        clauses = [Clause(text, u, lex, published) for u in us]
        doc = auth.DocContext(text, clauses, lex, published)
        found: list[tuple[int, Measure]] = []
        for idx, c in enumerate(clauses):
            if not c.target:
                # 'The measure, which the House takes up next week, would ...':
                # a clause that goes on about the measure just reported
                if found and found[-1][0] == idx - 1 and self._continues(c) and c.toks and self._legislative_subject(c):
                    c.target = [Match(0, 0, "(continued)")]
                    c.fill(lex)
                elif (self.lang == "en" and found and found[-1][0] >= idx - 2 and found[-1][1].stage in LEGISLATIVE_STAGES
                      and _SIMILAR.search(text, c.u.start, c.u.end)):
                    # 'who had opposed a similar effort in 2007': a bill like the one just reported
                    c.target = [Match(0, 0, "(similar)")]
                    c.like = found[-1][1]
                    c.fill(lex)
                else:
                    continue
            m = self._decide(text, clauses, idx, doc, published)
            if m is not None:
                found.append((idx, m))
        return self._post(text, clauses, found)

    # ------------------------------------------------------------------
    def _post(self, text: str, clauses: list[Clause], found: list[tuple[int, Measure]]) -> list[Measure]:
        """Join a continuation to the measure it continues ('Также мигрантам
        запретят ...', 'Они вводят ...'), then split enumerations of
        provisions of different kinds ('штрафы ... и запрет ...')."""
        merged: list[tuple[int, Measure]] = []
        for idx, m in found:
            if merged:
                pidx, pm = merged[-1]
                c, pc = clauses[idx], clauses[pidx]
                content = self._content_of_law(c, pm)
                if (pidx == idx - 1 and c.u.para == pc.u.para and (self._continues(c) or content)
                        and not any(a.data.get("strong") and a.data["stage"] in LEGISLATIVE_STAGES for a in c.acts)
                        and (m.kind == pm.kind or pm.kind == "other" or content)
                        and m.direction == pm.direction):
                    pm.char_end = m.char_end
                    pm.text = text[pm.char_start:pm.char_end]
                    if pm.kind == "other":
                        pm.kind = m.kind
                    pm.sectors = sorted(set(pm.sectors) | set(m.sectors))
                    pm.cues = pm.cues + [x for x in m.cues if x not in pm.cues]
                    pm.key = pm.key | m.key
                    pm.effective = pm.effective or m.effective
                    if pm.region is None and m.region:
                        pm.region = m.region
                    if pm.authority_id is None and m.authority_id:
                        pm.authority_id, pm.authority, pm.level = m.authority_id, m.authority, m.level
                    if (self.lang == "en" and pm.authority_id in ("us-senate", "us-house-of-representatives")
                            and _BOTH_CHAMBERS.search(text, c.u.start, c.u.end)):
                        pm.authority_id = "us-congress"  # 'The bill, also introduced in the Senate ...'
                    merged[-1] = (idx, pm)
                    continue
            merged.append((idx, m))
        out: list[Measure] = []
        for idx, m in merged:
            out.extend(self._split(text, clauses[idx], m))
        return self._dedupe(out, clauses)

    def _dedupe(self, ms: list[Measure], clauses: list[Clause]) -> list[Measure]:
        """One row per measure per document: a later (or headline) mention of
        the same act by the same body is dropped, the most explicit kept."""
        from .events import _family, _sim, years

        def score(m: Measure) -> tuple:
            headline = clauses and m.char_start <= clauses[0].u.start
            return (bool(m.authority), not headline, len(m.cues), -m.char_start)

        keep: list[Measure] = []
        fams = [_family(m) for m in ms]
        for n, m in enumerate(ms):
            if self._remention(m) and any(f == fams[n] and k is not m for k, f in zip(ms, fams) if not self._remention(k)):
                if self.lang == "en" and _BOTH_CHAMBERS.search(m.text):
                    # 'The bill, also introduced in the Senate ...': the bill reported before is both chambers'
                    for k in reversed(keep):
                        if _family(k) == fams[n] and k.authority_id in ("us-senate", "us-house-of-representatives"):
                            k.authority_id = "us-congress"
                            break
                continue  # 'the bill' again: the measure is already reported in this document
            dup = None
            for k in keep:
                if _family(k) != _family(m) or k.direction != m.direction:
                    continue
                if k.kind != m.kind and "other" not in (k.kind, m.kind):
                    continue
                ys, yk = years(m.text, self._published), years(k.text, self._published)
                if ys and yk and not ys & yk:
                    continue
                s = _sim(k.key, m.key) + (0.15 if ys & yk else 0.0)
                if self.lang == "en" and k.status == m.status and k.kind == m.kind:
                    s += 0.1  # long articles come back to their measure in other words
                if s >= (0.35 if self.lang == "ru" else 0.25):
                    dup = k
                    break
            if dup is None:
                keep.append(m)
                continue
            if score(m) > score(dup):
                keep[keep.index(dup)] = m
                m, dup = dup, m
            # the mention kept carries the years the other one ties the act to
            dup.key = dup.key | {f"y{y}" for y in years(m.text, self._published)}
        return sorted(keep, key=lambda m: m.char_start)

    def _content_of_law(self, c: Clause, prev: Measure) -> bool:
        """'Закон вводит ограничения ...: им запретят ...' right after the law is
        reported: what the law contains, not another act (the law keeps its kind)."""
        if self.lang != "ru" or not c.toks or prev.stage not in LEGISLATIVE_STAGES | {"in-force"}:
            return False
        return c.toks[0].lemma in ("закон", "законопроект", "документ") and any(
            t.tense == "pres" for t in c.toks[1:3])

    def _legislative_subject(self, c: Clause) -> bool:
        two = {t.lemma for t in c.toks[:3]}
        return bool(two & {"bill", "legisl", "measure", "законопроект", "документ", "закон"})

    def _remention(self, m: Measure) -> bool:
        """A bare definite mention of a bill: no kind named, 'the bill', 'the immigration bill'."""
        if m.kind != "other" or len(m.cues) > 1 or self.lang != "en":
            return False
        low = m.text.lower()
        return bool(re.search(r"\bthe (?:\w+ ){0,2}(?:bill|legislation)\b", low))

    def _continues(self, c: Clause) -> bool:
        if not c.toks:
            return False
        first = c.toks[0].lemma
        two = " ".join(t.lemma for t in c.toks[:2])
        return first in CONTINUATIONS or two in CONTINUATIONS

    def _split(self, text: str, c: Clause, m: Measure) -> list[Measure]:
        """Two provisions of different kinds joined by 'и' / ', а также' in the
        last clause of a measure are two measures."""
        if self.lang == "en":
            two = self._split_acts(text, c, m) or self._split_exchange(text, c, m)
            if two:
                return two
        ks = [k for k in c.kinds if k.data != "other"]
        if len(ks) < 2:
            return [m]
        toks = c.toks
        for a, b in zip(ks, ks[1:]):
            if a.data == b.data:
                continue
            for s in range(a.j, b.i):
                if toks[s].lemma in ("и", "также") and b.i - s <= 4 and len(toks) - b.i >= 3:
                    cut = toks[s].start
                    left, right = replace(m), replace(m)
                    left.char_end = cut
                    while left.char_end > left.char_start and text[left.char_end - 1] in " ,":
                        left.char_end -= 1
                    left.text = text[left.char_start:left.char_end]
                    right.char_start = toks[b.i].start
                    right.text = text[right.char_start:right.char_end]
                    left.kind = self._kind_of(ks, upto=s) or m.kind
                    right.kind = self._kind_of(ks, start=b.i, c=c) or m.kind
                    right.cues = [m.cues[0]] + [b.key] if m.cues else [b.key]
                    from .events import content_lemmas

                    left.key = m.key - content_lemmas(toks[s:], self.lang) | content_lemmas([t for t in toks[:s]], self.lang)
                    right.key = content_lemmas(toks[b.i:], self.lang)
                    return [left, right]
        return [m]

    def _split_acts(self, text: str, c: Clause, m: Measure) -> list[Measure] | None:
        """'The governor announced a new programme ... and the extension of one
        launched in 2019': two acts at two stages, one on each side of 'and'."""
        toks = c.toks
        acts = [Match(a.i, a.j, a.key, {**a.data, "legislative": True}) if a.data.get("vague") and self._sponsor_named(text, toks, a.i)
                else a for a in _dedupe_acts(c.acts)]
        for s_, t in enumerate(toks):
            if t.low not in ("and", "as") or s_ < 4 or len(toks) - s_ < 5:
                continue
            if t.low == "as":
                if not (s_ + 2 < len(toks) and toks[s_ + 1].low == "well" and toks[s_ + 2].low == "as"):
                    continue
                s_ = s_ + 2  # the split point is the last 'as' of 'as well as'
                t = toks[s_]
            if toks[s_ + 1].low not in _DETERMINERS | {"a", "an"}:
                continue  # 'El Salvador, Guatemala and Honduras': not a second act
            left = [a for a in acts if a.j <= s_]
            right = [a for a in acts if a.i > s_]
            lv = [a for a in left if not a.data.get("noun")]
            rv = [a for a in right if not a.data.get("noun")]
            ln = [a for a in left if a.data.get("noun")]
            rn = [a for a in right if a.data.get("noun")]
            bills = [a for a in left if a.data.get("legislative")] and [a for a in right if a.data.get("legislative")]
            if bills and s_ >= 2 and toks[s_ - 1].low == "well" and toks[s_ - 2].low == "as":
                pass  # 'a bill that would ..., as well as a bill that would ...': two bills
            elif bills and self._two_years(toks[:s_], toks[s_ + 1:]):
                pass  # 'the 2013 plan and the 2007 plan before it': two bills of two years
            elif not (lv and rv and ln and rn):
                continue
            ls, rs = STAGE_STATUS.get((lv or ln)[0].data["stage"]), STAGE_STATUS.get((rv or rn)[-1].data["stage"])
            if ls == rs and not bills:
                continue
            left_m, right_m = replace(m), replace(m)
            cut = s_ - 2 if toks[s_].low == "as" else s_
            left_m.char_end = toks[cut - 1].end
            left_m.text = text[left_m.char_start:left_m.char_end]
            right_m.char_start = toks[s_ + 1].start
            right_m.text = text[right_m.char_start:right_m.char_end]
            left_m.status, right_m.status = (m.status, m.status) if bills else (ls or m.status, rs or m.status)
            if bills:
                lk = self._kind_from([k for k in c.kinds if k.j <= s_], c)[0]
                rk = self._kind_from([k for k in c.kinds if k.i > s_], c)[0]
                left_m.kind, right_m.kind = lk, rk
                for x in (left_m, right_m):
                    x.direction = "welcoming" if x.kind in WELCOMING_KINDS else "restrictive"
            from .events import content_lemmas

            left_m.key = content_lemmas(toks[:s_], self.lang) | {"y" + t.low for t in toks[:s_] if t.low.isdigit() and len(t.low) == 4}
            right_m.key = content_lemmas(toks[s_ + 1:], self.lang) | {"y" + t.low for t in toks[s_ + 1:] if t.low.isdigit() and len(t.low) == 4}
            if right_m.status == "adopted" and self._past_year_in(toks[s_:]):
                right_m.status = "in_force"
            if left_m.status == "adopted" and self._past_year_in(toks[:s_]):
                left_m.status = "in_force"
            return [left_m, right_m]
        return None

    def _split_exchange(self, text: str, c: Clause, m: Measure) -> list[Measure] | None:
        """'a deal to restrict the migrant flow, in return for easier visas for
        Turks': two components of one package that move the regime in opposite
        directions are two measures."""
        from .events import content_lemmas

        toks = c.toks
        for s_ in range(1, len(toks) - 3):
            if not (toks[s_].low == "in" and toks[s_ + 1].low in ("return", "exchange") and toks[s_ + 2].low == "for"):
                continue
            left = [k for k in c.kinds if k.j <= s_]
            right = [k for k in c.kinds if k.i >= s_ + 3]
            if not left or not right:
                return None
            lk, rk = self._kind_from(left, c)[0], self._kind_from(right, c)[0]
            ld, rd = ("welcoming" if k in WELCOMING_KINDS else "restrictive" for k in (lk, rk))
            if ld == rd:
                return None
            a, b = replace(m), replace(m)
            a.char_end = toks[s_ - 1].end
            while a.char_end > a.char_start and text[a.char_end - 1] in " ,;":
                a.char_end -= 1
            a.text = text[a.char_start:a.char_end]
            b.char_start = toks[s_ + 3].start
            b.text = text[b.char_start:b.char_end]
            a.kind, a.direction, b.kind, b.direction = lk, ld, rk, rd
            a.key = content_lemmas(toks[:s_], self.lang)
            b.key = content_lemmas(toks[s_ + 3:], self.lang)
            return [a, b]
        return None

    def _two_years(self, left: list[Tok], right: list[Tok]) -> bool:
        ly = {t.low for t in left if t.low.isdigit() and len(t.low) == 4}
        ry = {t.low for t in right if t.low.isdigit() and len(t.low) == 4}
        return bool(ly and ry and not ly & ry)

    def _past_year_in(self, toks: list[Tok]) -> bool:
        pub = self._published
        return any(t.low.isdigit() and len(t.low) == 4 and pub is not None and 1950 < int(t.low) < pub.year for t in toks)

    def _kind_of(self, ks: list[Match], upto: int | None = None, start: int | None = None, c: Clause | None = None) -> str | None:
        sel = [k for k in ks if (upto is None or k.i < upto) and (start is None or k.i >= start)]
        if not sel:
            return None
        order = self.lex.kind_order
        kinds = {k.data for k in sel}
        if "ban" in kinds and c is not None:
            near = any(abs(t.i - b.i) <= 3 for b in sel if b.data == "ban" for t in self._persons(c))
            if not (near or c.sectors):
                kinds.discard("ban")
                kinds.add("restriction")
        for k in order:
            if k in kinds:
                return k
        return None

    # ------------------------------------------------------------------
    def _decide(self, text: str, clauses: list[Clause], idx: int, doc, published) -> Measure | None:
        c = clauses[idx]
        lex = self.lex
        if not c.acts:
            return None
        # acting body in the clause (or the one it refers back to)
        who = auth.choose(c, clauses, idx, doc, lex)
        if self._quoted(text, c) >= 0.6 and not self._reported_in_quote(text, c, who):
            return None  # a quotation: a statement
        acts = self._live_acts(text, c, who)
        if not acts:
            return None
        strong = [a for a in acts if a.data.get("strong")]
        if c.nonauth and not strong and (who is None or who.start > c.toks[c.nonauth[0].i].start):
            return None
        enforcement = bool(c.crime) and (self._kind(c)[0] in ("check", "expulsion") and who is not None and who.local
                                         or any(a.data.get("court") for a in acts) or bool(c.lem & _LAW_NOUNS))
        if not strong:
            performed = who is not None and who.local and any(
                _tense_at(c, a) == "past" and c.toks[a.i].lemma not in _NOT_PERFORMED for a in acts)
            if (c.crime and not enforcement) or c.stats and not (performed and self.lang == "en"):
                return None  # a figure, unless a named body did something ('raised the fee by 12 percent')
            bill = any(a.data.get("legislative") or a.data.get("owned") for a in acts)
            last = max(a.j for a in acts)
            demand = [d for d in c.demand if d.i < last + 3]  # a demand after the act is about something else
            if demand and not performed and not bill and not (who and who.legislative and any(a.data["stage"] in ("planned", "introduced") for a in acts)):
                return None
            impersonal = self._impersonal(c, acts, who)
            if who is None or not who.local:
                if not impersonal and not (who is not None and who.local is False and self._anaphoric(c)):
                    return None
            if who is not None and who.candidate:
                return None
        elif c.crime and not any(a.data["stage"] in LEGISLATIVE_STAGES for a in strong):
            return None
        kind, kind_cues = self._kind(c)
        like = c.like
        if like is not None and kind == "other":
            kind = like.kind  # 'a similar effort': an act of the kind just reported
        if kind == "other" and not strong and not any(a.data.get("legislative") or a.data.get("court") for a in acts) and lex.lang == "en":
            return None  # no policy content named: an act word in passing
        if kind == "expulsion" and not strong and not self._group_target(c):
            return None  # one person expelled: a case, not a measure
        stage, status, cue = self._stage(c, acts, strong, published)
        if like is not None and not strong:
            stage, status = like.stage, like.status  # ... at the stage the bill just reported had
        if stage == "passed" and self.lang == "en" and who is not None and who.id in ("us-senate", "us-house-of-representatives"):
            stage, status = "one-chamber", "proposed"  # one chamber has passed it
        if stage == "upper-house" and who is not None and who.id and not who.id.startswith("federation-council") and who.legislative:
            stage = "passed"  # the lower house approving a bill passes it
        if who is not None and who.id and who.id.startswith("state-duma-committee") and stage in ("upper-house", "passed", "applied", "signed", "first-reading", "second-reading"):
            stage, status = "committee", "proposed"  # a Duma committee approving: the bill is still in the Duma
        if status == "in_force" and published and (self._future_year(c, published) or self._next_year(c)):
            status = "adopted"
        if self.lang == "en" and any(a.key == "continu" for a in acts) and status in ("adopted", "proposed") and stage not in LEGISLATIVE_STAGES:
            status = "in_force"  # 'will continue screening': an act already applied
        if status == "adopted" and stage == "announced" and self._past_year(c):
            status = "in_force"  # a decision of a past year has been applied
        if kind == "easing" and stage == "lifted":
            status = "lifted"
        elif stage == "lifted":
            # a restriction lifted eases the regime
            kind, status = "easing", "lifted"
        direction = "welcoming" if kind in WELCOMING_KINDS or status == "lifted" else "restrictive"
        if kind == "fee" and c.lem & _LOWER_FEE and status != "lifted":
            direction = "welcoming"  # a fee halved or lowered eases the regime
        if kind == "quota" and c.lem & WELCOMING_QUOTA[self.lang]:
            direction = "welcoming"  # a raised ceiling or a refugee target admits people; other caps restrict
        court = [a for a in acts if a.data.get("court")]
        if not (who and who.id and "court" in who.id) and any(t.lemma in BLOCK_VERBS for t in c.toks):
            courts = [w for w in c.auths if w.id and "court" in w.id]
            if courts:
                who = courts[0]  # 'halted by a federal court': the court acts
        court_subject = who is not None and who.id and "court" in who.id
        if court or court_subject:
            kind = self._court_kind(c, kind)
            direction = "welcoming" if kind in WELCOMING_KINDS else "restrictive"
            if court and status != "in_force":
                status = "in_force"  # a ruling applies once issued
        if court and not (who and who.id and "court" in who.id):
            courts = [w for w in c.auths if w.id and "court" in w.id]
            if courts:
                who = courts[0]
            elif self.lang == "en":
                cid = "us-supreme-court" if c.lem & {"deadlock", "justic"} else "us-federal-courts"
                who = auth.Who(cid, "", "federal", None, c.u.start, -1, local=False)
        if (self.lang == "en" and who is not None and who.local is False and who.id in _EXECUTIVE
                and all(a.data.get("legislative") for a in acts)):
            who = None  # amendments and bills alone: the legislature's, not the executive the text spoke of before
        if who is None:
            who = auth.default(c, kind, stage, doc, lex)
        if (who is not None and who.id == "us-congress" and (not who.local or not who.text[:1].isupper())
                and stage in LEGISLATIVE_STAGES and doc.chamber):
            # a bill credited to Congress at large, in an article about one chamber's members
            who = auth.Who(doc.chamber, who.text, "federal", None, who.start, who.tok, legislative=True, local=who.local)
        elif (who is not None and who.id == "us-congress" and not who.local and stage in LEGISLATIVE_STAGES
                and any(self.toks_lemma(c, a) == "amend" for a in acts) and doc.main_chamber):
            # an amendment is moved in one chamber: the one the article names more
            who = auth.Who(doc.main_chamber, who.text, "federal", None, who.start, who.tok, legislative=True, local=False)
        if (self.lang == "en" and who is not None and who.legislative and who.id in ("us-senate", "us-house-of-representatives")
                and _BOTH_CHAMBERS.search(text, c.u.start, c.u.end)):
            # 'the bill, also introduced in the Senate by ...': a bill of both chambers
            who = auth.Who("us-congress", who.text, "federal", None, who.start, who.tok, legislative=True, local=who.local)
        if who is not None and who.person and who.national and self.lang == "en" and who.region not in (None, "European Union"):
            # a national leader brokering 'the European Union's deal': the Union acts
            eu = [w for w in c.auths if w.id == "european-union"]
            deal = bool(c.lem & {"deal", "agre", "accord", "pact"})
            if deal and (eu or re.search(r"\b(?:European Union|EU|E\.U\.)\b", text)):
                who = eu[0] if eu else auth.Who("european-union", "", "federal", "European Union", c.u.start, -1, local=False)
        region = auth.region_of(c, who, doc, lex)
        if (self.lang == "en" and region and who is not None and who.national and who.region == region
                and region[:5] not in text and not auth.is_subnational(region, lex)):
            region = None  # a foreign body the text never places in its country ('the State Duma' of an unnamed one)
        level = who.level if who else ("regional" if region else "federal")
        if region and auth.is_subnational(region, lex):
            level = "regional" if level == "federal" and who and not who.national else level
            if self.lang == "en" and level == "federal" and who is not None and who.national:
                region = None  # a senator's state, a court's district: a federal act is not limited to it
        a_id, a_text = (who.id, who.text) if who else (None, "")
        if who and self.resolve is not None and who.text and not (who.person and who.legislative):
            try:
                rid, _disp = self.resolve(who.text, self.lang)
                if rid:
                    a_id = rid
            except Exception:  # a resolver failing must not lose the measure
                pass
        sectors = sorted({m.data for m in c.sectors})
        eff = effective_date(text, clauses, idx, published, self.lang)
        if eff and status == "in_force" and published and eff > published:
            status = "adopted"
        elif eff and status == "adopted" and stage == "in-force" and published and eff <= published:
            status = "in_force"
        cues = [cue] + kind_cues
        return Measure(
            char_start=c.u.start, char_end=c.u.end, text=text[c.u.start:c.u.end], kind=kind,
            authority=a_text, authority_id=a_id, level=level, region=region, sectors=sectors,
            status=status, direction=direction, effective=eff, cues=[x for x in cues if x],
            stage=stage, key=self._content_key(c, acts),
        )

    # ------------------------------------------------------------------
    def _cost_bill(self, toks: list[Tok], i: int) -> bool:
        before = [t.low for t in toks[max(0, i - 3):i]]
        if any(w in _COST_WORDS or w[:1].isdigit() or w.endswith(("m", "bn")) and w[:1].isdigit() for w in before):
            return True
        return i + 1 < len(toks) and toks[i + 1].low in ("for", "of") and not (i + 2 < len(toks) and toks[i + 2].cap)

    def _quoted(self, text: str, c: Clause) -> float:
        """Share of the clause inside quotation marks (an unclosed quote runs to the end)."""
        seg = text[c.u.start:c.u.end]
        if "''" in seg and not any(q in seg for q in "“«\"„`"):
            # a quotation closed here and opened in an earlier sentence: ... enormous dangers,'' he said
            k = seg.rfind("''")
            return k / max(1, len(seg))
        if not any(q in seg for q in "“«\"„"):
            return 0.0
        inside = sum(m.end() - m.start() for m in _QUOTE.finditer(seg))
        rest = _QUOTE.sub("", seg)
        k = min([i for i in (rest.find("“"), rest.find("«"), rest.find('"'), rest.find("„")) if i >= 0], default=-1)
        if k >= 0:
            inside += len(rest) - k
        return inside / max(1, len(seg))

    @staticmethod
    def toks_lemma(c: Clause, a: Match) -> str:
        return c.toks[a.i].lemma

    def _sponsor_named(self, text: str, toks: list[Tok], i: int) -> bool:
        """'the 2007 McCain-Kennedy amnesty plan', 'the Simpson-Mazzoli proposal':
        two capitalised names joined by a hyphen a few words before a plan name
        a bill by its sponsors (a vague plan otherwise)."""
        for k in range(max(1, i - 4), i):
            a, b = toks[k - 1], toks[k]
            if a.cap and b.cap and text[a.end:b.start] in ("-", "–", "‐") and len(a.low) > 2 and len(b.low) > 2:
                return True
        return False

    def _inside_quote(self, text: str, c: Clause, pos: int) -> bool:
        """Whether a character of the clause lies inside its quotation marks (an unclosed one runs to the end)."""
        seg = text[c.u.start:c.u.end]
        k = pos - c.u.start
        if "''" in seg and not any(q in seg for q in "“«\"„`"):
            return k < seg.rfind("''")
        spans = [(m.start(), m.end()) for m in _QUOTE.finditer(seg)]
        if any(a <= k < b for a, b in spans):
            return True
        rest = seg
        for a, b in reversed(spans):
            rest = rest[:a] + " " * (b - a) + rest[b:]
        opens = [i for i in (rest.find("“"), rest.find("«"), rest.find('"'), rest.find("„")) if i >= 0]
        return bool(opens) and k >= min(opens)

    def _reported_in_quote(self, text: str, c: Clause, who) -> bool:
        """A quoted fact-checker or official who names a third body's act ('an
        announcement by Secretary Kerry that the United States ...') reports a
        measure; a speaker's own 'we will ...' or 'I voted ...' is a statement."""
        if who is None or not who.local or not who.id or who.candidate or not self._inside_quote(text, c, who.start):
            return False  # the body named outside the quotation is its speaker
        toks = c.toks
        if any(t.lemma in _SAID for t in toks):
            return False  # the quote's own speaker is named: his words
        # 'we will raise ...': the speaker's own act ('as we have explained, ...' is not)
        return not any(toks[k].low in _FIRST_PERSON[self.lang] for a in c.acts for k in range(max(0, a.i - 3), a.i))

    def _live_acts(self, text: str, c: Clause, who=None) -> list[Match]:
        """Act cues that report an act: not negated ('was never signed'), not
        inside a quotation (quoted words are a statement), and vague nouns
        (plan, effort, decision, deal) only with their owner or a past year."""
        acts = _dedupe_acts(c.acts)
        if not acts:
            return acts
        toks = c.toks
        seg = text[c.u.start:c.u.end]
        quotes = []
        if any(q in seg for q in "“«\""):
            for m in _QUOTE.finditer(seg):
                if m.end() - m.start() < 0.8 * len(seg):
                    quotes.append((c.u.start + m.start(), c.u.start + m.end()))
        past_year = None
        out = []
        for a in acts:
            st = toks[a.i].start
            if quotes and any(x <= st < y for x, y in quotes):
                continue
            if self.lang == "en" and any(t.low in ("not", "never", "n't", "nor") for t in toks[max(0, a.i - 2):a.i]):
                continue
            if self.lang == "ru" and a.i > 0 and toks[a.i - 1].low in ("не", "ни") and not a.key.startswith("не "):
                continue
            if self.lang == "ru" and a.data["stage"] == "introduced" and any(t.low == "не" for t in toks[a.j:a.j + 3]):
                continue  # 'законопроект еще не внесен'
            if (self.lang == "en" and a.data.get("legislative") and toks[a.i].low in ("bills", "laws", "amendments")
                    and (a.i == 0 or toks[a.i - 1].low not in _DETERMINERS) and not (a.i > 0 and toks[a.i - 1].low.isdigit())):
                continue  # 'bills come and go': bills in general
            if self.lang == "en" and a.key in ("pass", "pas", "approv") and not (c.lem & _LAW_NOUNS or c.lem & {"amend", "measur", "act"}
                                                                        or any(w.legislative for w in c.auths)):
                continue  # 'who passed initial screening': passing is a legislature's act
            if self.lang == "en" and a.key == "continu" and not any(w.local and w.id and 0 < a.i - w.tok <= 4 for w in c.auths):
                continue  # 'people continue to cross': only a body continuing its act counts
            if self.lang == "en" and a.key == "return" and a.i > 0 and toks[a.i - 1].low == "in":
                continue  # 'in return for'
            if self.lang == "en" and a.key == "bill" and self._cost_bill(toks, a.i):
                continue  # 'a £20m bill', 'the bill for hotels': a cost, not legislation
            if self.lang == "en" and a.key == "amend" and a.i > 0 and (_ORDINAL.match(toks[a.i - 1].low) or toks[a.i].cap):
                continue  # the 14th Amendment, 'the First Amendment': the constitution, not a bill
            if self.lang == "en" and a.data.get("vague") and self._sponsor_named(text, toks, a.i):
                out.append(Match(a.i, a.j, a.key, {**a.data, "stage": "introduced", "legislative": True, "owned": True}))
                continue  # 'the McCain-Kennedy plan': a bill named after its sponsors
            if a.data.get("vague"):
                if past_year is None:
                    past_year = self._past_year(c)
                owner = any(w.local and w.id and not w.candidate and 0 <= a.i - w.tok <= 14 for w in c.auths)
                if not owner and who is not None and not who.candidate and who.id:
                    # 'her order to ...', 'its programme': the body named before
                    owner = any(t.low in _POSSESSIVE for t in toks[max(0, a.i - 3):a.i])
                concrete = a.j < len(toks) and toks[a.j].low in ("that", "which") or (
                    a.j + 1 < len(toks) and toks[a.j].low == "," and toks[a.j + 1].low in ("that", "which"))
                if not (owner or past_year or concrete):
                    continue
                if owner:
                    a = Match(a.i, a.j, a.key, {**a.data, "owned": True})
            out.append(a)
        return out

    def _impersonal(self, c: Clause, acts: list[Match], who=None) -> bool:
        """A decision reported without its body: 'мигрантам запретят', 'будут
        выдворены', 'вступает в силу' (future or passive forms)."""
        for a in acts:
            st = a.data["stage"]
            if st in ("in-force",) and a.data.get("strong"):
                return True
            if a.data.get("sanction") and (_tense_at(c, a) == "futr" or st == "in-force"):
                return True  # 'будет грозить штраф': the sanction of a law
            if self.lang == "en":
                prev = {t.low for t in c.toks[max(0, a.i - 2):a.i]}
                if st in ("in-force", "applied", "lifted", "announced", "signed") and prev & {"is", "are", "was", "were", "been", "be", "being"}:
                    return True  # passive: 'was extended', 'are barred'
                if a.data.get("legislative") or self._past_year(c):
                    return True  # a bill, or an act tied to a past year: 'the 2019 ... programme'
            if st in ("applied", "lifted"):
                tense = _tense_at(c, a)
                if tense == "futr":
                    return True
                if tense == "past" and self.lang == "ru" and c.toks[a.i].low.endswith("ли") and not c.crime:
                    # неопределённо-личное: 'квоту для мигрантов сократили'
                    toks = c.toks
                    subj = [t for k, t in enumerate(toks[: a.i]) if k > 0 and t.cap and toks[k - 1].lemma not in _PREP_RU
                            and t.lemma not in self.lex.raw["oblasts"] and t.lemma not in self.lex.raw["krais"]]
                    if not subj:
                        return True
                if self.lang == "ru":
                    w = c.toks[a.i].low
                    # passive participles and reflexive passives: запрещен, вводится
                    if w.endswith(("ен", "ена", "ено", "ены", "ан", "ана", "ано", "аны", "тся")):
                        return True
            if st == "planned" and who is not None and who.legislative and self.lang == "ru":
                if c.toks[a.i].low.endswith("тся"):
                    return True
        return False

    def _next_year(self, c: Clause) -> bool:
        """'next year', 'the coming fiscal year', 'в следующем году'."""
        toks = c.toks
        for k in range(len(toks) - 1):
            if toks[k].low in ("next", "coming", "следующий", "будущий") and toks[k + 1].lemma in ("year", "fiscal", "год"):
                return True
        return False

    def _past_year(self, c: Clause) -> bool:
        pub = self._published
        for k, t in enumerate(c.toks):
            if t.low.isdigit() and len(t.low) == 4 and 1950 <= int(t.low) and (pub is None or int(t.low) < pub.year):
                return True
            if t.low == "ago" and k > 0 and c.toks[k - 1].low in ("years", "year"):
                return True
            if t.low == "last" and k + 1 < len(c.toks) and c.toks[k + 1].low == "year":
                return True
        return False

    def _future_year(self, c: Clause, published) -> bool:
        """'с 2025 года', 'на 2025 год', 'from 2026': a year after the report."""
        toks = c.toks
        for k, t in enumerate(toks):
            if t.low.isdigit() and len(t.low) == 4 and int(t.low) > published.year and k > 0 and toks[k - 1].low in ("с", "на", "from", "in", "by", "starting", "fiscal", "for"):
                return True
        return False

    def _anaphoric(self, c: Clause) -> bool:
        first = c.toks[0].lemma if c.toks else ""
        return first in ("они", "он", "она", "это", "также", "кроме", "it", "they", "the", "this")

    def _court_kind(self, c: Clause, kind: str) -> str:
        """A ruling is coded by its effect: blocking an easing restricts,
        blocking a restriction eases, upholding keeps the object's kind."""
        block = [t for k, t in enumerate(c.toks) if t.lemma in BLOCK_VERBS
                 and not (k >= 2 and c.toks[k - 1].low == "to" and c.toks[k - 2].lemma in ("declin", "refus", "declined", "refused"))]
        permits = [m for m in c.kinds if c.toks[m.i].lemma in _PERMIT]
        if not block:
            # 'the court allowed the administration to end ...': the effect is the end
            others = [m for m in c.kinds if m not in permits]
            if permits and others:
                k, _ = self._kind_from([m for m in others], c)
                return k
            return kind
        rest = [m for m in c.kinds if c.toks[m.i].lemma not in BLOCK_VERBS]
        if any(m.data != "easing" for m in rest):
            rest = [m for m in rest if c.toks[m.i].lemma not in _PERMIT]  # 'a law that let police deport'
        obj = {m.data for m in rest}
        return "restriction" if "easing" in obj or not obj and kind == "easing" else "easing"

    def _kind_from(self, ms: list[Match], c: Clause) -> tuple[str, list[str]]:
        for k in self.lex.kind_order:
            sel = [m for m in ms if m.data == k]
            if sel:
                return k, [m.key for m in sel]
        return "other", []

    def _persons(self, c: Clause) -> list[Match]:
        ps = self.lex.raw["_persons"]
        return [m for m in c.target if c.toks[m.i].lemma in ps]

    def _group_target(self, c: Clause) -> bool:
        if self.lang == "en" and any(m.data == "expulsion" and c.toks[m.j - 1].low.endswith(("ions", "als"))
                                     and not (m.i > 0 and c.toks[m.i - 1].low in ("about", "over", "on")) for m in c.kinds):
            return True  # 'deportations', 'removals': many people, an operation or policy
        if any(t.lemma in ("один", "одна", "one", "a") and k + 1 < len(c.toks) and c.toks[k + 1].lemma in self.lex.raw["_persons"] for k, t in enumerate(c.toks)):
            return False
        for m in self._persons(c):
            t = c.toks[m.j - 1]
            if self.lang == "ru":
                if t.low.endswith(("ы", "и", "ев", "ов", "ам", "ям", "ами", "ями", "ах", "ях")) or m.j - m.i > 1:
                    return True
            else:
                if t.low.endswith("s"):
                    return True
        return bool(c.lem & {"закон", "законопроект", "указ", "правило", "порядок", "режим", "мера", "law", "bill", "program", "polic", "order", "raid"})

    def _kind(self, c: Clause) -> tuple[str, list[str]]:
        found: dict[str, list[Match]] = {}
        for m in c.kinds:
            if m.key == "return" and m.i > 0 and c.toks[m.i - 1].low == "in":
                continue  # 'in return for' 
            found.setdefault(m.data, []).append(m)
        if self.lang == "en":
            lem = c.lem
            # refugees admitted in numbers: a target or ceiling ('admit 5,000 more refugees')
            if lem & _ADMIT and "refug" in lem and (lem & _AMOUNT or any(t.low[:1].isdigit() for t in c.toks)):
                found.setdefault("quota", [])
            # more or less immigration: 'expand legal immigration', 'cut immigration levels'
            for k, t in enumerate(c.toks):
                near = {x.lemma for x in c.toks[k + 1:k + 4]}
                if near & _INFLOW:
                    if t.lemma in _MORE:
                        found.setdefault("easing", []).append(Match(k, k + 1, "more immigration", "easing"))
                    elif t.lemma in _LESS:
                        found.setdefault("restriction", []).append(Match(k, k + 1, "less immigration", "restriction"))
            # opening the borders to people eases entry
            for k, t in enumerate(c.toks):
                if t.lemma == "open" and any(x.lemma == "border" for x in c.toks[k + 1:k + 4]):
                    found.setdefault("easing", []).append(Match(k, k + 1, "open border", "easing"))
        if self.lang == "en" and "check" in found and any(m.key.startswith("eligib") for m in found.get("easing", [])):
            found.pop("check")  # screening people for eligibility to come: an admission route
        if self.lang == "en" and "restriction" in found:
            # 'block the settlement of any Syrian refugee': entry closed to them
            closing = [m for m in found["restriction"] if c.toks[m.i].lemma in _CLOSE
                       and any(t.lemma in _ENTRY for t in c.toks[m.j:m.j + 3])]
            if closing:
                found.setdefault("ban", []).extend(closing)
        if not found:
            return "other", []
        lex = self.lex
        order = lex.kind_order
        permits = [m for m in c.kinds if c.toks[m.i].lemma in _PERMIT and m.data == "easing"]
        if permits and any(k not in ("easing",) for k in found) and self.lang == "en":
            # 'a bill allowing judges to order deportations': the permission carries the other act
            found["easing"] = [m for m in found["easing"] if m not in permits]
            if not found["easing"]:
                found.pop("easing")
        if "ban" in found and self.lang == "ru":
            # a ban closes a sector, a right or entry to migrants; a ban on
            # someone else (intermediaries) narrows conditions
            near = any(abs(t.i - b.i) <= 3 for b in found["ban"] for t in self._persons(c))
            if not (near or c.sectors):
                found.setdefault("restriction", []).extend(found.pop("ban"))
        if "easing" in found:
            # an easing verb that comes first is the act ('упростило выдачу ... после тестирования');
            # a verb that ends a programme comes first: 'ended the programme that had allowed'
            first = min((m for ms in found.values() for m in ms), key=lambda m: m.i)
            if first.data == "easing" and c.toks[first.i].lemma in EASING_VERBS:
                return "easing", [m.key for m in found["easing"]]
            if c.toks[first.i].lemma in RESTRICT_VERBS:
                found.pop("easing")
        for k in order:
            if k in found:
                return k, [m.key for m in found[k]]
        return "other", []

    def _stage(self, c: Clause, acts: list[Match], strong: list[Match], published) -> tuple[str, str, str]:
        pool = strong or acts
        best = max(pool, key=lambda a: (STAGE_RANK.get(a.data["stage"], 0) if a.data["stage"] in LEGISLATIVE_STAGES else -1,
                                        a.j - a.i))
        if not strong:
            # weak cues: a verb of the act decides (the highest stage among the
            # verbs), else the first noun ('a rewrite of the asylum law')
            verbs = [a for a in acts if not a.data.get("noun")]
            if self.lang == "en":
                finite = [a for a in verbs if not (a.i > 0 and c.toks[a.i - 1].low == "to")]
                verbs = finite or verbs
                # a vote on a bill leaves it a bill (passing takes 'passed'): 'their vote to halt ...'
                legis = [a for a in verbs if a.data["stage"] in LEGISLATIVE_STAGES and a.data["stage"] != "introduced"
                         or a.data.get("legislative") or a.data.get("ballot")]
                bills = [a for a in acts if a.data.get("legislative") or a.data.get("ballot") or a.data["stage"] in ("one-chamber",)]
                enacted = [a for a in verbs if a.data["stage"] in ("in-force", "signed") and a.key in _ENACTED]
                if not legis and bills and not enacted:
                    legis = bills  # a bill stays a proposal until it is enacted: 'her 2019 amendments to widen ...'
                verbs = legis or verbs
            if self.lang == "ru":
                v = [a for a in acts if a.data["stage"] not in ("introduced",) or len(acts) == 1]
                best = v[0] if v else acts[0]
            elif verbs:
                best = max(verbs, key=lambda a: (VERB_RANK.get(a.data["stage"], 0), -a.i))
            else:
                court = [a for a in acts if a.data.get("court")]
                best = court[0] if court else acts[0]
            for a in acts:
                if a.data["stage"] in LEGISLATIVE_STAGES and a.data["stage"] != "introduced" and self.lang == "ru":
                    best = a
        if self.lang == "en":
            # 'the deal envisions returning migrants': what the text provides for, not an act done
            plan = [a for a in acts if a.key in ("envision", "envisag", "provid for") and not a.data.get("noun")]
            if plan and not strong:
                best = plan[0]
        stage = best.data["stage"]
        lem = c.lem
        if self.lang == "ru" and stage not in LEGISLATIVE_STAGES and lem & {"закон"} and lem & {"принять"}:
            stage = "passed"  # 'закон, который ..., приняли депутаты областной думы'
        status = STAGE_STATUS.get(stage, "proposed")
        tense = _tense_at(c, best)
        if stage in ("applied", "in-force", "signed", "lifted"):
            if tense == "futr":
                status = "adopted" if stage != "lifted" else "lifted"
        if self.lang == "ru" and c.lem & {"мочь", "планироваться", "планировать", "собираться", "намереваться"}:
            if status in ("in_force", "adopted"):
                status = "proposed"
        return stage, status, best.key

    def _content_key(self, c: Clause, acts: list[Match] | None = None) -> frozenset:
        """Content words that identify the act across reports. English
        sentences are long: only the words around the act, its kind cues and
        its targets count, plus the years it is tied to."""
        from .events import content_lemmas

        toks = c.toks
        if self.lang == "en" and acts:
            spots = [(a.i, a.j) for a in acts] + [(k.i, k.j) for k in c.kinds] + [(t.i, t.j) for t in c.target]
            keep = set()
            for i, j in spots:
                keep.update(range(max(0, i - 3), min(len(toks), j + 5)))
            toks = [toks[k] for k in sorted(keep)]
        key = set(content_lemmas(toks, self.lang))
        for t in c.toks:
            if t.low.isdigit() and len(t.low) == 4 and 1950 <= int(t.low) <= 2049:
                key.add("y" + t.low)
        return frozenset(key)


_RU_MONTHS = {m: i + 1 for i, m in enumerate(
    ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"])}
_EN_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"])}
_EN_MON_ABBR = {k[:3]: v for k, v in _EN_MONTHS.items()}
_RU_DATE = re.compile(r"(?<!\d)(\d{1,2})\s+(январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*(?:\s+(\d{4}))?", re.I)
_EN_DATE = re.compile(
    r"\b(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?"
    r"|(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:,?\s+(\d{4}))?)\b", re.I)
_NUM_DATE = re.compile(r"(?<!\d)(\d{2})\.(\d{2})\.(\d{4})(?!\d)")
_RU_EFF = re.compile(r"(?:\bс\s*$|вступ|действ|заработа|начн|начина)", re.I)
_EN_EFF = re.compile(r"(?:effective|take effect|takes effect|into effect|into force|starting|from|begin|as of)\s*(?:on\s*)?$", re.I)
_RU_MON_STEM = {"январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12}


def _mk(y: int | None, mo: int, d: int, published) -> dt.date | None:
    try:
        if y is None:
            if published is None:
                return None
            cand = dt.date(published.year, mo, d)
            if cand < published - dt.timedelta(days=31):
                cand = dt.date(published.year + 1, mo, d)
            return cand
        return dt.date(y, mo, d)
    except ValueError:
        return None


def _dates_in(text: str, a: int, b: int, lang: str, published) -> list[tuple[int, dt.date]]:
    out = []
    seg = text[a:b]
    if lang == "ru":
        for m in _RU_DATE.finditer(seg):
            stem = m.group(2).lower()
            mo = 5 if stem in ("мая", "май") else _RU_MON_STEM.get(stem)
            if mo is None:
                continue
            y = int(m.group(3)) if m.group(3) else None
            before = seg[max(0, m.start() - 25):m.start()]
            if _RU_EFF.search(before) or re.search(r"вступ|действ", seg[m.end():m.end() + 30]):
                d = _mk(y, mo, int(m.group(1)), published)
                if d:
                    out.append((a + m.start(), d))
    else:
        for m in _EN_DATE.finditer(seg):
            if m.group(1):
                mo, d, y = _EN_MON_ABBR[m.group(1).lower()[:3]], int(m.group(2)), m.group(3)
            else:
                mo, d, y = _EN_MON_ABBR[m.group(5).lower()[:3]], int(m.group(4)), m.group(6)
            before = seg[max(0, m.start() - 25):m.start()]
            if _EN_EFF.search(before):
                dd = _mk(int(y) if y else None, mo, d, published)
                if dd:
                    out.append((a + m.start(), dd))
    for m in _NUM_DATE.finditer(seg):
        before = seg[max(0, m.start() - 25):m.start()]
        if (_RU_EFF if lang == "ru" else _EN_EFF).search(before):
            dd = _mk(int(m.group(3)), int(m.group(2)), int(m.group(1)), published)
            if dd:
                out.append((a + m.start(), dd))
    return out


def effective_date(text: str, clauses: list[Clause], idx: int, published, lang: str) -> dt.date | None:
    """The date it takes effect, if the clause (or the next one, when that one
    only says when: 'Запрет вступит в силу 1 марта 2026 года') gives it."""
    c = clauses[idx]
    found = _dates_in(text, c.u.start, c.u.end, lang, published)
    if found:
        return found[0][1]
    for k in (idx + 1, idx + 2):
        if k < len(clauses):
            n = clauses[k]
            if n.target and n.acts and any(a.data.get("strong") or a.data["stage"] in ("applied",) for a in n.acts):
                break
            found = _dates_in(text, n.u.start, n.u.end, lang, published)
            if found:
                return found[0][1]
    return None
