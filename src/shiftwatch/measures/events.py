"""Events: reports of the same act by the same authority at the same stage
become one event; the stages of one bill (introduced, first reading,
passed, signed) are separate events linked by one initiative_id.

Two reports are the same act when their content words (lemmas, minus
function words, act and stage words) overlap enough: outlets rephrase the
verb and the stage but keep the object (штрафы для работодателей,
1 млн рублей; refugee ceiling, 15,000)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Iterable

from .lemma import Tok
from .model import MeasureEvent, MeasureReport

_STOP_RU = set("""
и в во на с со к ко по о об от из у за для при после перед до через под над а но или что как это этот тот
который которые также кроме того же не ни бы быть мочь свой его ее их он она они мы вы я весь все всё так
такой уже еще ещё около более менее почти год рубль тысяча млн миллион тыс сообщить заявить отметить
рф россия российский госдума гд депутат комитет сф совет федерация закон законопроект проект принять
чтение первый второй третий i ii iii одобрить поддержать внести подписать вступить сила действовать
новый также предлагать предлагаться предложить будет произвести который который
""".split())
_STOP_EN = set("""
the a an and or of to in on at by for with from as that this these those it its is be was were been has have
had will would could should may might can do not no but if than then so such also into over under about
after before during while which who whom whose what when where why how all any some more most other
their his her them they he she we us our you i year ago last new plan bill law act legisl propos pass sign
vote senat hous congress presid obama administr announc introduc amend program measure polic decision
""".split())
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
_AGO = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|\d+) years? ago\b|\blast year\b", re.I)
_NUMWORD = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def content_lemmas(toks: list[Tok], lang: str) -> frozenset:
    stop = _STOP_RU if lang == "ru" else _STOP_EN
    out = set()
    for t in toks:
        lem = t.lemma
        if lem in stop or t.low in stop:
            continue
        if lem.isdigit() or len(lem) > 2:
            out.add(lem)
    return frozenset(out)


def years(text: str, published) -> set[int]:
    """Years the report ties the act to: '2019', 'three years ago', 'last year'."""
    ys = {int(y) for y in _YEAR.findall(text)}
    if published is not None:
        for m in _AGO.finditer(text):
            if m.group(1):
                n = _NUMWORD.get(m.group(1).lower()) or int(m.group(1))
            else:
                n = 1
            ys.add(published.year - n)
    return ys


def report_years(m, published) -> set[int]:
    """The years of a report: its text's, and those of the other mentions of
    the act in its document that were folded into it (kept as 'y2013' in its key)."""
    memo = (id(m), published)
    if memo in _YEARS_MEMO:
        return _YEARS_MEMO[memo]
    ys = years(m.text, published)
    ys.update(int(k[1:]) for k in m.key if len(k) == 5 and k[0] == "y" and k[1:].isdigit())
    if _YEARS_MEMO.get("on"):
        _YEARS_MEMO[memo] = ys
    return ys


_YEARS_MEMO: dict = {}  # filled while group_events runs (its reports do not change meanwhile)


def _date(p) -> dt.date | None:
    if isinstance(p, dt.datetime):
        return p.date()
    return p


def _sim(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return max(inter / len(a | b), 0.75 * inter / min(len(a), len(b)) if min(len(a), len(b)) >= 3 else 0.0)


_AMENDMENT = re.compile(r"\bamendments?\b|поправк", re.I)
_BILL_WORD = re.compile(r"\bbills?\b|\blegislation\b|\boverhaul\b|законопроект", re.I)


def _instrument(text: str) -> str:
    if _AMENDMENT.search(text):
        return "amendment"
    return "bill" if _BILL_WORD.search(text) else ""


_IN_FORCE_CUES = {"вступить в сила", "начать действовать", "went into effect", "took effect", "tak effect", "go into effect",
                  "came into forc", "come into forc", "com into forc", "enter into forc", "will come into forc"}


def _entry_into_force(m) -> bool:
    return bool(m.cues) and m.cues[0] in _IN_FORCE_CUES


def _uncued(m) -> bool:
    return m.kind == "other" and len(m.cues) <= 1


def _hash(*parts) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:12]


# bodies that take one bill through its stages
_CHAIN = [
    {"state-duma", "state-duma-committee", "president", "state-duma-committee-on-state-building-and-legislation",
     "federation-council", "federation-council-committee", "vladimir-putin", "vyacheslav-volodin"},
    {"us-congress", "us-senate", "us-house-of-representatives"},
    {"barack-obama", "donald-trump", "joe-biden", "george-w-bush", "bill-clinton", "department-of-homeland-security",
     "immigration-and-customs-enforcement", "us-citizenship-and-immigration-services", "us-customs-and-border-protection",
     "state-department", "labor-department", "justice-department"},
    {"us-supreme-court", "us-federal-courts"},
]


def _family(m) -> str:
    """Bodies that count as one actor for grouping: the chambers and the
    signing president of one legislature; the bodies of one region (reports
    name the regional duma, the governor or just the region)."""
    aid = m.authority_id
    for i, chain in enumerate(_CHAIN):
        if aid in chain:
            return f"chain{i}"
    if m.level == "regional" and m.region:
        return "region:" + m.region
    return aid or ""


class _Ev:
    __slots__ = ("reports", "key", "years", "fam", "aid", "kind", "status", "stage", "direction", "first", "n")

    def __init__(self, r: MeasureReport):
        m = r.measure
        self.reports = [r]
        self.key = set(m.key)
        self.years = report_years(m, _date(r.published))
        self.fam = _family(m)
        self.aid = m.authority_id
        self.kind, self.status, self.stage, self.direction = m.kind, m.status, m.stage, m.direction
        self.first = r
        self.n = 0


SAME_EVENT = 0.3  # content similarity of two reports of one act
SAME_INITIATIVE = 0.45
WINDOW_DAYS = 60


def _same_act(ev: _Ev, r: MeasureReport, threshold: float) -> bool:
    m = r.measure
    fam = _family(m)
    if fam != ev.fam and fam and ev.fam:
        return False  # an unnamed body (family "") may be any
    if m.direction != ev.direction:
        return False
    ys = report_years(m, _date(r.published))
    if ys and ev.years and not (ys & ev.years):
        return False
    d1 = _date(r.published)
    gaps = [abs((d1 - d0).days) for d0 in (_date(x.published) for x in ev.reports) if d0] if d1 else []
    if gaps and min(gaps) > WINDOW_DAYS and not (ys & ev.years):
        return False  # far from every report of the act, and tied to no year of it
    a, b = _instrument(m.text), _instrument(ev.first.measure.text)
    if a and b and a != b:
        return False  # an amendment is not the bill it amends
    s = _sim(frozenset(ev.key), m.key)
    if m.kind != ev.kind and not (_uncued(m) or _uncued(ev.first.measure)):
        s -= 0.1  # a kind named by no cue (a bill of unknown content) is no conflict
    if fam.startswith("region:") and fam == ev.fam and m.kind == ev.kind:
        s += 0.1  # one region, one kind of act: rephrased reports of it
    elif m.authority_id and m.authority_id == ev.aid and m.kind == ev.kind and not fam.startswith("chain"):
        s += 0.15  # one office-holder or agency, one kind of act
    if ys and ev.years and ys & ev.years:
        s += 0.25  # tied to the same year: the 2019 bill, 'three years ago'
    return s >= threshold


def _may_join(ev: _Ev, r: MeasureReport) -> bool:
    """Stage, status and document rules that no wording overrides."""
    m = r.measure
    if ev.stage != m.stage and ev.stage in _BILL and m.stage in _BILL:
        return False
    if ev.status != m.status and not ({ev.status, m.status} == {"adopted", "in_force"} and ev.stage not in _BILL and m.stage not in _BILL
                                       and not (_entry_into_force(m) or _entry_into_force(ev.first.measure))):
        return False  # a decision and its application are reported with either status; taking effect is its own event
    return not any(x.doc_id == r.doc_id for x in ev.reports)  # one act is reported once per document


def _range_gap(a: _Ev, b: _Ev) -> int:
    """Days between the report dates of two events (0 when they overlap or one is undated)."""
    da = [d for d in (_date(x.published) for x in a.reports) if d]
    db = [d for d in (_date(x.published) for x in b.reports) if d]
    if not da or not db:
        return 0
    return max(0, (min(db) - max(da)).days, (min(da) - max(db)).days)


def _merge_chained(events: list[_Ev]) -> list[_Ev]:
    """Two events that each take a report of the other are one: the first
    report came too early to be tied to a later undated one ('her decision
    last year', months after), but a report in between matches both."""
    changed = True
    while changed:
        changed = False
        i = 0
        while i < len(events):
            a = events[i]
            j = i + 1
            while j < len(events):
                b = events[j]
                if (a.direction == b.direction and (a.fam == b.fam or not a.fam or not b.fam)
                        and (a.years & b.years or _range_gap(a, b) <= WINDOW_DAYS)
                        and all(_may_join(a, r) for r in b.reports) and all(_may_join(b, r) for r in a.reports)
                        and any(_same_act(a, r, SAME_EVENT) for r in b.reports)
                        and any(_same_act(b, r, SAME_EVENT) for r in a.reports)):
                    a.reports.extend(b.reports)
                    a.reports.sort(key=lambda r: (_date(r.published) or dt.date.min, str(r.published or ""), r.doc_id))
                    a.first = a.reports[0]
                    a.key |= b.key
                    a.years |= b.years
                    del events[j]
                    changed = True
                else:
                    j += 1
            i += 1
    return events


def group_events(reports: Iterable[MeasureReport]) -> list[MeasureEvent]:
    """One MeasureEvent per act and stage, first report = earliest date (then
    doc id for a stable order); initiative_id links the stages of one bill."""
    rs = sorted(reports, key=lambda r: (_date(r.published) or dt.date.min, str(r.published or ""), r.doc_id, r.measure.char_start))
    _YEARS_MEMO.clear()
    _YEARS_MEMO["on"] = True
    try:
        return _group(rs)
    finally:
        _YEARS_MEMO.clear()


def _group(rs: list[MeasureReport]) -> list[MeasureEvent]:
    events: list[_Ev] = []
    # events by (direction, family): a report is compared only with those it may join
    buckets: dict[tuple[str, str], list[_Ev]] = {}
    by_direction: dict[str, list[_Ev]] = {}
    for r in rs:
        m = r.measure
        best, best_s = None, 0.0
        fam = _family(m)
        if fam:
            cands = buckets.get((m.direction, fam), []) + buckets.get((m.direction, ""), [])
            cands.sort(key=lambda e: e.n)
        else:
            cands = by_direction.get(m.direction, [])
        for ev in cands:
            if not _may_join(ev, r):
                continue
            if _same_act(ev, r, SAME_EVENT):
                s = _sim(frozenset(ev.key), m.key)
                if s >= best_s:
                    best, best_s = ev, s
        if best is None:
            ev = _Ev(r)
            ev.n = len(events)
            events.append(ev)
            buckets.setdefault((ev.direction, ev.fam), []).append(ev)
            by_direction.setdefault(ev.direction, []).append(ev)
        else:
            best.reports.append(r)
            best.key |= m.key
            best.years |= report_years(m, _date(r.published))
    events = _merge_chained(events)
    # initiatives: stages of one bill by the bodies that pass it
    parent = list(range(len(events)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(events):
        for j in range(i + 1, len(events)):
            b = events[j]
            if a.fam == b.fam and a.direction == b.direction and (a.stage != b.stage or a.status != b.status):
                if _sim(frozenset(a.key), frozenset(b.key)) >= SAME_INITIATIVE:
                    parent[root(j)] = root(i)
    out = []
    ids = []
    for ev in events:
        f = ev.first
        ids.append("ev-" + _hash(f.doc_id, f.measure.char_start, f.measure.char_end))
    for i, ev in enumerate(events):
        f = ev.first
        outlets = []
        for x in ev.reports:
            if x.outlet not in outlets:
                outlets.append(x.outlet)
        out.append(MeasureEvent(
            event_id=ids[i], kind=ev.kind, authority_id=ev.aid, status=ev.status, direction=ev.direction,
            stage=ev.stage, first_published=f.published, first_outlet=f.outlet, first_doc_id=f.doc_id,
            reports=len(ev.reports), outlets=outlets, initiative_id="in-" + ids[root(i)][3:],
            measure_ids=[x.measure_id for x in ev.reports],
        ))
    return out


_BILL = {"planned", "introduced", "committee", "first-reading", "second-reading", "passed", "upper-house", "signed", "one-chamber"}
