"""The quotes stage: reports of the same statement by the same speaker, grouped.

Outlets reprint each other: one spokesperson's line becomes ten statements in
ten channels, some trimmed, some with markdown, some translated. This stage
groups those reports into one :class:`Quote` with a first report (earliest
date, then earliest time: measures.md "Events"), the outlets that repeated it
and the lag.

Pure grouping over small records: the pipeline reads the stored quotes that a
batch's statements could join (same speakers, nearby dates), passes them in
with the new reports, and writes back the quotes that changed. The sentence
encoder is a parameter (``embed``), so this stage imports no model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

import numpy as np

Embed = Callable[[list[str]], np.ndarray]

WINDOW_DAYS = 7  # a reprint comes within days; the same words a month later are a new statement
ANON_WINDOW_DAYS = 2
# same language: stem containment and stem-bigram containment of the shorter text
LEXICAL_SAME, PHRASAL_SAME = 0.72, 0.5  # a reprint keeps most words and most phrases
LEXICAL_SUPPORT, PHRASAL_SUPPORT = 0.40, 0.3  # a rewrite keeps some of both...
COMBINED = 0.62  # ...and the mean of stem containment and cosine says the same sense
EMBED_SAME = 0.86  # cosine alone: a paraphrase
EMBED_CROSS = 0.65  # cosine across languages: a translation (WMT lines: F1 0.87 at 0.65)
EMBED_CROSS_NUMBERS = 0.60  # ...with a figure in common
ANON_LEXICAL = 0.90  # no speaker: only near-identical text
MIN_TOKENS = 4  # shorter texts match only when near-identical


@dataclass
class QuoteReport:
    """One statement as a report of a quote: what was said, by whom, where and when."""

    statement_id: str
    doc_id: str
    speaker_id: str | None
    text: str
    lang: str
    published: dt.date | None
    outlet: str | None = None
    published_at: dt.datetime | None = None
    quote_id: str | None = None  # the quote it belongs to, when it was grouped before
    anonymous: bool = False  # an anonymous source ("a source in the ministry"): not one speaker

    def order(self) -> tuple:
        """First report: earliest date, then earliest time (unknown ones last), then id for stability."""
        return (self.published or dt.date.max, self.published_at or dt.datetime.max, self.statement_id)


@dataclass
class Quote:
    """A statement and every report of it."""

    members: list[QuoteReport] = field(default_factory=list)

    @property
    def first(self) -> QuoteReport:
        return min(self.members, key=QuoteReport.order)

    @property
    def quote_id(self) -> str:
        """Stable across runs: a hash of the first report's statement id."""
        return quote_id_of(self.first.statement_id)

    @property
    def speaker_id(self) -> str | None:
        return self.first.speaker_id

    @property
    def outlets(self) -> list[str]:
        """Outlets in the order they reported it, first one first."""
        seen: list[str] = []
        for m in sorted(self.members, key=QuoteReport.order):
            if m.outlet and m.outlet not in seen:
                seen.append(m.outlet)
        return seen

    @property
    def languages(self) -> list[str]:
        return sorted({m.lang for m in self.members if m.lang})

    @property
    def lag_days(self) -> int | None:
        """Days from the first report to the last dated one."""
        dates = [m.published for m in self.members if m.published]
        return (max(dates) - min(dates)).days if dates else None


def quote_id_of(statement_id: str) -> str:
    return "q" + hashlib.sha1(f"quote:{statement_id}".encode()).hexdigest()[:15]


# -- text comparison ------------------------------------------------------------

_MARKUP = re.compile(r"https?://\S+|[*_`~#>|\[\]()]+")
_WORD = re.compile(r"\w+", re.U)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
STEM = 5  # first letters of a word: enough to match inflected forms (выданных / выдали)


def normalise(text: str) -> str:
    text = _MARKUP.sub(" ", text.lower().replace("ё", "е"))
    return " ".join(text.split())


# words that say nothing of what was said: left out of the stem sets
STOPWORDS = frozenset("""
the a an and or but of to in on at for by with from as is are was were be been will would that this it its
he she they we you i his her their our not no so than then there which who what when if into about over
и в во на с со к ко по о об от до из за для не но а что это как так же ли бы то его ее их мы вы они он она
я у при под над все всех уже еще был была были будет будут есть которые который которая также
""".split())


@dataclass
class _Prepared:
    report: QuoteReport
    stems: frozenset
    bigrams: frozenset
    numbers: frozenset
    norm: str
    vector: np.ndarray | None = None


def _prepare(r: QuoteReport) -> _Prepared:
    norm = normalise(r.text)
    words = [w[:STEM] for w in _WORD.findall(norm) if w not in STOPWORDS]
    return _Prepared(r, frozenset(words), frozenset(zip(words, words[1:])),
                     frozenset(n.replace(",", ".") for n in _NUMBER.findall(norm)), norm)


def _containment(a: frozenset, b: frozenset) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def lexical(a: _Prepared, b: _Prepared) -> float:
    """Containment of content-word stems: a truncated or lightly edited reprint
    keeps most of the shorter text's words."""
    return _containment(a.stems, b.stems)


def phrasal(a: _Prepared, b: _Prepared) -> float:
    """Containment of stem bigrams: a reprint keeps the phrases, a headline and
    the lead under it share words but rarely their order."""
    return _containment(a.bigrams, b.bigrams)


def similar(a: _Prepared, b: _Prepared) -> bool:
    """Whether two reports (same speaker, dates checked by the caller) say the same thing."""
    ra, rb = a.report, b.report
    shared_numbers = bool(a.numbers & b.numbers)
    if a.numbers and b.numbers and not shared_numbers:
        return False  # different figures: different statements, however alike the words
    if a.norm == b.norm:
        return True
    short = min(len(a.stems), len(b.stems)) < MIN_TOKENS
    same_lang = ra.lang == rb.lang
    lex, phr = (lexical(a, b), phrasal(a, b)) if same_lang else (0.0, 0.0)
    if ra.anonymous or rb.anonymous or ra.speaker_id is None:
        return not short and lex >= ANON_LEXICAL and phr >= ANON_LEXICAL - 0.1
    if short:
        return lex >= ANON_LEXICAL and abs(len(a.norm) - len(b.norm)) <= 0.2 * max(len(a.norm), len(b.norm))
    if lex >= LEXICAL_SAME and phr >= PHRASAL_SAME:
        return True  # a reprint: trimmed, marked up, lightly edited
    if a.vector is None or b.vector is None:
        return False
    cos = float(a.vector @ b.vector)
    if same_lang:
        return cos >= EMBED_SAME or (
            lex >= LEXICAL_SUPPORT and (lex + cos) / 2 >= COMBINED and (phr >= PHRASAL_SUPPORT or shared_numbers))
    return cos >= EMBED_CROSS or (cos >= EMBED_CROSS_NUMBERS and shared_numbers)


def _near_in_time(a: QuoteReport, b: QuoteReport, window: int) -> bool:
    if a.published is None or b.published is None:
        return a.published is None and b.published is None and a.doc_id != b.doc_id
    limit = ANON_WINDOW_DAYS if (a.anonymous or a.speaker_id is None) else window
    return abs((a.published - b.published).days) <= limit


def _speaker_key(r: QuoteReport) -> str | None:
    return None if r.anonymous else r.speaker_id


# -- grouping -----------------------------------------------------------------------


def group(
    reports: Sequence[QuoteReport],
    existing: Iterable[Quote] = (),
    embed: Embed | None = None,
    window_days: int = WINDOW_DAYS,
) -> list[Quote]:
    """New ``reports`` joined to ``existing`` quotes (their stored members) or to each other.

    Returns every quote that holds a new report (a stored quote it joined, with
    all its members, or a new one), so the caller rewrites their quote ids: a
    report earlier than a quote's first changes that quote's id. A report joins
    the quote whose member it is most like; two statements of one document never
    join the same quote (a quote's reports are documents; a headline repeating the
    body stays a statement of its own): the one most like the quote's reports takes
    the place, whatever its order in the document. ``embed``
    (texts -> unit vectors) lets paraphrases and translations match; without
    it only same-language wording does.
    """
    quotes = [Quote(list(q.members)) for q in existing]
    known = {m.statement_id for q in quotes for m in q.members}
    new = sorted((r for r in reports if r.statement_id not in known), key=QuoteReport.order)
    if not new:
        return []
    prepared = {m.statement_id: _prepare(m) for q in quotes for m in q.members}
    prepared.update({r.statement_id: _prepare(r) for r in new})
    if embed is not None:
        _embed(prepared, _with_neighbours(new, quotes, window_days), embed)
    by_speaker: dict[str | None, list[Quote]] = {}
    for q in quotes:
        by_speaker.setdefault(_speaker_key(q.first), []).append(q)
    touched: dict[int, Quote] = {}
    for batch in _by_document(new):
        # one document's reports are placed together, best match first: a headline that
        # paraphrases a line and the body that quotes it both look like the quote, and the
        # one more like its reports takes the document's one place in it
        offers = []
        for i, r in enumerate(batch):
            p = prepared[r.statement_id]
            for q in by_speaker.get(_speaker_key(r), []):
                if any(m.doc_id == r.doc_id for m in q.members):
                    continue
                score = _score(p, q, prepared, window_days)
                if score >= 0:
                    offers.append((-score, i, q.first.order(), id(q), r, q))
        placed: set[str] = set()
        filled: set[int] = set()
        for _, _, _, _, r, q in sorted(offers, key=lambda o: o[:4]):
            if r.statement_id in placed or id(q) in filled:
                continue
            q.members.append(r)
            placed.add(r.statement_id)
            filled.add(id(q))
            touched[id(q)] = q
        for r in batch:
            if r.statement_id not in placed:
                q = Quote([r])
                by_speaker.setdefault(_speaker_key(r), []).append(q)
                touched[id(q)] = q
    return list(touched.values())


def _by_document(reports: list[QuoteReport]) -> list[list[QuoteReport]]:
    """Reports (in order) in batches of one document each, a document where its first report falls."""
    batches: dict[str, list[QuoteReport]] = {}
    for r in reports:
        batches.setdefault(r.doc_id, []).append(r)
    return list(batches.values())


def _score(p: _Prepared, q: Quote, prepared: dict[str, _Prepared], window: int) -> float:
    """How well a report matches a quote: the best member it is similar to, or -1."""
    best = -1.0
    for m in q.members:
        if not _near_in_time(p.report, m, window):
            continue
        other = prepared[m.statement_id]
        if similar(p, other):
            cos = float(p.vector @ other.vector) if p.vector is not None and other.vector is not None else 0.0
            best = max(best, lexical(p, other) + cos)
    return best


def _with_neighbours(new: list[QuoteReport], quotes: list[Quote], window: int) -> set[str]:
    """Reports that have another report of their speaker within the window: the only
    ones worth a sentence vector (most statements have none, and the encoder is the
    stage's main cost)."""
    by: dict[str | None, list[QuoteReport]] = {}
    for r in [*new, *(m for q in quotes for m in q.members)]:
        by.setdefault(_speaker_key(r), []).append(r)
    out: set[str] = set()
    for reports in by.values():
        undated = [r for r in reports if r.published is None]
        if len({r.doc_id for r in undated}) > 1:
            out.update(r.statement_id for r in undated)
        dated = sorted((r for r in reports if r.published is not None), key=lambda r: r.published)
        for a, b in zip(dated, dated[1:]):
            if (b.published - a.published).days <= window:
                out.update((a.statement_id, b.statement_id))
    return out


def _embed(prepared: dict[str, _Prepared], wanted: set[str], embed: Embed) -> None:
    items = [p for sid, p in prepared.items() if sid in wanted]
    if not items:
        return
    vectors = np.asarray(embed([p.report.text for p in items]), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.where(norms == 0, 1, norms)
    for p, v in zip(items, vectors):
        p.vector = v


def assignments(quotes: Iterable[Quote]) -> dict[str, str]:
    """statement_id -> quote_id of every member: what the store writes."""
    return {m.statement_id: q.quote_id for q in quotes for m in q.members}


def singletons_first(reports: Sequence[QuoteReport]) -> list[Quote]:
    """Each report its own quote (no grouping): the baseline the eval compares with."""
    return [Quote([r]) for r in reports]


__all__ = ["Embed", "Quote", "QuoteReport", "assignments", "group", "normalise", "quote_id_of", "WINDOW_DAYS"]
