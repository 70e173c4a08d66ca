"""Small realistic stores for the analysis, report and dashboard tests.

``make_store(path)`` writes a year (2024) of statements about migration by a
handful of speakers across five outlets, with facts planted on purpose:

- Arkady Voronin turns from restrictive (security frame) to welcoming
  (economy frame) on 2024-06-01;
- Tamara Koltsova grows harder on 2024-09-01;
- the Interior Ministry stays restrictive, Gleb Sorokoumov welcoming;
- Eduard Shelestov says too little to be tested for shifts;
- near-duplicate copies of documents exist but carry no statements (the
  statements stage never analyses them; since schema version 2 the analysis
  relies on that instead of checking ``documents.duplicate_of``);
- off-topic statements (about_migration false, no stance) must not count;
- one Interior Ministry statement is hostile markup (``EVIL_TEXT``) from a
  document whose URL is ``javascript:``, with an ``<img onerror>`` mention.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from pathlib import Path

import pandas as pd

from shiftwatch.store import Store

EVIL_TEXT = '<script>alert(1)</script> migrants " onmouseover=alert(1) x=" must leave </script><b>bold</b>'
EVIL_MENTION = "<img src=x onerror=alert(1)> ministry spokesperson"
EVIL_DATE = dt.date(2024, 3, 14)
TURN = {"arkady-voronin": dt.date(2024, 6, 1), "tamara-koltsova": dt.date(2024, 9, 1)}

SPEAKERS = [
    # speaker_id, name, name_ru, kind, role, statements per month
    ("arkady-voronin", "Arkady Voronin", "Аркадий Воронин", "person", "regional press secretary", 16),
    ("tamara-koltsova", "Tamara Koltsova", "Тамара Кольцова", "person", "regional duma deputy speaker", 14),
    ("interior-ministry", "Interior Ministry", "МВД", "body", "ministry", 12),
    ("gleb-sorokoumov", "Gleb Sorokoumov", "Глеб Сорокоумов", "person", "regional governor", 8),
    ("olga-zvyagintseva", "Olga Zvyagintseva", "Ольга Звягинцева", "person", "human-rights commissioner", 5),
    ("eduard-shelestov", "Eduard Shelestov", "Эдуард Шелестов", "person", "political strategist", 0),
    ("anon:regional-official", None, None, "anonymous", "regional official", 3),
]
OUTLETS = [("Severny Vestnik", "ru", "https://severny-vestnik.example"), ("Ladimir Herald", "ru", "https://ladimir-herald.example"),
           ("Migration Monitor", "ru", "https://migration-monitor.example"), ("Daily Meridian", "en", "https://daily-meridian.example"),
           ("Eastern Wire", "ru", "https://eastern-wire.example")]

TEXTS = {
    ("restrictive", "security"): ["Migrant enclaves are a threat to public order and the raids will continue",
                                  "Мигранты создают угрозу, рейды будут продолжены"],
    ("restrictive", "control"): ["Every foreign worker must be fingerprinted and entered in the registry before work",
                                 "Нарушителей нужно выдворять, реестр контролируемых лиц будет расширен"],
    ("welcoming", "economy"): ["Russia needs migrants: the labor shortage in construction is acute",
                               "Без мигрантов стройки встанут, нехватка кадров огромная"],
    ("welcoming", "rights"): ["Xenophobia against migrants is unacceptable and their rights must be protected",
                              "Ксенофобия недопустима, права мигрантов надо защищать"],
    ("welcoming", "integration"): ["Schools should help migrant children learn the language",
                                   "Детям мигрантов нужны курсы русского языка и адаптация"],
    ("neutral", "control"): ["The patent system for foreign workers will be reviewed next year",
                             "Систему патентов для иностранных граждан пересмотрят в следующем году"],
    ("neutral", "politics"): ["Polls show society is divided on migration policy",
                              "Опросы показывают, что общество разделено в вопросах миграционной политики"],
}
CUES = {"security": ["threat", "raids"], "control": ["registry", "fingerprinted"], "economy": ["labor shortage"],
        "rights": ["xenophobia"], "integration": ["learn the language"], "politics": ["polls"]}


def _stance_for(speaker_id: str, day: dt.date, rng: random.Random) -> tuple[str, str]:
    """The planted behaviour: a stance and a main frame for a speaker on a day."""
    def pick(weights: dict[str, float]) -> str:
        return rng.choices(list(weights), list(weights.values()))[0]

    if speaker_id == "arkady-voronin":
        if day < TURN[speaker_id]:
            return pick({"restrictive": 0.8, "neutral": 0.15, "welcoming": 0.05}), "security"
        return pick({"welcoming": 0.8, "neutral": 0.15, "restrictive": 0.05}), "economy"
    if speaker_id == "tamara-koltsova":
        if day < TURN[speaker_id]:
            return pick({"neutral": 0.5, "welcoming": 0.3, "restrictive": 0.2}), "politics"
        return pick({"restrictive": 0.85, "neutral": 0.15}), "control"
    if speaker_id == "interior-ministry":
        return pick({"restrictive": 0.85, "neutral": 0.15}), "control"
    if speaker_id == "gleb-sorokoumov":
        return pick({"welcoming": 0.85, "neutral": 0.15}), "economy"
    if speaker_id == "olga-zvyagintseva":
        return pick({"neutral": 0.7, "restrictive": 0.15, "welcoming": 0.15}), "integration"
    return pick({"restrictive": 0.4, "neutral": 0.3, "welcoming": 0.3}), "control"


def _frames(stance: str, main: str, rng: random.Random) -> list[str]:
    fitting = {"restrictive": ["security", "control"], "welcoming": ["economy", "rights", "integration"],
               "neutral": ["control", "politics"]}[stance]
    first = main if main in fitting else rng.choice(fitting)
    extra = [f for f in fitting if f != first and rng.random() < 0.2]
    return [first, *extra]


def make_store(path: Path, seed: int = 7) -> dict:
    """Write the store at ``path``; return the planted facts and counts."""
    rng = random.Random(seed)
    docs, stmts = [], []
    counted: dict[str, int] = {}

    def add_doc(day, outlet, lang, base, title, text, duplicate_of=None):
        doc_id = f"d{len(docs):05d}"
        docs.append(dict(doc_id=doc_id, url=f"{base}/news/{doc_id}", source="test", source_id=doc_id, outlet=outlet,
                         published=day, lang=lang, title=title, text=text,
                         text_hash=hashlib.sha1(f"{doc_id}{text}".encode()).hexdigest(),
                         duplicate_of=duplicate_of, similarity=0.97 if duplicate_of else None, analyzed=True,
                         ingested_at=dt.datetime(2025, 1, 1)))
        return docs[-1]

    def add_stmt(doc, speaker_id, mention, quote, about, stance, frames, cues):
        start = doc["text"].find(quote)
        stmts.append(dict(statement_id=f"s{len(stmts):06d}", doc_id=doc["doc_id"], kind="direct", text=quote,
                          char_start=start, char_end=start + len(quote), speaker_mention=mention,
                          speaker_start=0, speaker_end=len(mention), speaker_id=speaker_id, about_migration=about,
                          stance=stance, frames=frames, cues=cues, label_model="test"))

    for speaker_id, name, name_ru, kind, role, per_month in SPEAKERS:
        count = 0
        for month in range(1, 13):
            for _ in range(per_month + rng.randint(-2, 2) if per_month else 0):
                day = dt.date(2024, month, rng.randint(1, 28))
                stance, main = _stance_for(speaker_id, day, rng)
                frames = _frames(stance, main, rng)
                outlet, lang, base = rng.choice(OUTLETS)
                quote = TEXTS.get((stance, frames[0])) or TEXTS[next(k for k in TEXTS if k[0] == stance)]
                quote = quote[0] if lang == "en" else quote[1]
                mention = f"{role} {name or ''}".strip() if lang == "en" else f"{role} {name_ru or ''}".strip()
                text = f"{mention} said: «{quote}». Officials discussed the matter further."
                doc = add_doc(day, outlet, lang, base, f"{name or 'An official'} on migration", text)
                add_stmt(doc, speaker_id, mention, quote, True, stance, frames, [c for f in frames for c in CUES[f]])
                count += 1
                if rng.random() < 0.1:  # a near-duplicate copy: stored, never analysed (no statements)
                    add_doc(day, "Copycat News", lang, "https://copycat.example", doc["title"],
                            text + " (copy)", duplicate_of=doc["doc_id"])
                if rng.random() < 0.15:  # an off-topic statement: no stance, must not count
                    other = "The weather in Moscow will be warm this weekend"
                    d2 = add_doc(day, outlet, lang, base, "Weather", f"{mention} said: «{other}».")
                    add_stmt(d2, speaker_id, mention, other, False, None, [], [])
        counted[speaker_id] = count
    # too few to test for shifts
    for i in range(8):
        day = dt.date(2024, 2 + i, 10)
        doc = add_doc(day, "Migration Monitor", "en", "https://migration-monitor.example", "Shelestov", f"Eduard Shelestov said: «Migrants who became citizens may vote»")
        add_stmt(doc, "eduard-shelestov", "CEC chair Eduard Shelestov", "Migrants who became citizens may vote", True,
                 "neutral", ["politics"], ["vote"])
    counted["eduard-shelestov"] = 8
    # hostile markup from a javascript: URL
    evil = add_doc(EVIL_DATE, "Severny Vestnik", "en", "https://severny-vestnik.example", "<script>alert('title')</script>",
                   f"{EVIL_MENTION} said: {EVIL_TEXT}")
    evil["url"] = "javascript:alert(1)"
    add_stmt(evil, "interior-ministry", EVIL_MENTION, EVIL_TEXT, True, "restrictive", ["security"], ["must leave", "<i>cue</i>"])
    counted["interior-ministry"] += 1

    store = Store(path)
    con = store.con
    ddf = pd.DataFrame(docs)
    sdf = pd.DataFrame(stmts)
    spdf = pd.DataFrame([dict(speaker_id=s[0], speaker=s[1], name_ru=s[2], kind=s[3], role=s[4]) for s in SPEAKERS])
    con.register("ddf", ddf)
    con.register("sdf", sdf)
    con.register("spdf", spdf)
    con.execute("""INSERT INTO documents (doc_id, url, source, source_id, outlet, published, lang, title, text,
                   text_hash, duplicate_of, similarity, analyzed, ingested_at)
                   SELECT doc_id, url, source, source_id, outlet, published::DATE, lang, title, text, text_hash,
                          duplicate_of, similarity, analyzed, ingested_at FROM ddf""")
    # schema 2: a statement carries its document's date, outlet and language
    con.execute("""INSERT INTO statements (statement_id, doc_id, kind, text, char_start, char_end,
                   speaker_mention, speaker_start, speaker_end, speaker_id, about_migration, stance,
                   frames, cues, label_model, published, outlet, lang)
                   SELECT s.statement_id, s.doc_id, s.kind, s.text, s.char_start, s.char_end,
                   s.speaker_mention, s.speaker_start, s.speaker_end, s.speaker_id, s.about_migration, s.stance,
                   s.frames::VARCHAR[], s.cues::VARCHAR[], s.label_model, d.published, d.outlet, d.lang
                   FROM sdf s JOIN documents d USING (doc_id)""")
    con.execute("INSERT INTO speakers (speaker_id, speaker, name_ru, kind, role) SELECT * FROM spdf")
    from shiftwatch.speakers import alias_key

    for sid, name, name_ru, *_ in SPEAKERS:
        for alias in {a for a in (name, name_ru, name and name.split()[-1], name_ru and name_ru.split()[-1]) if a}:
            con.execute("INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias, alias_key) VALUES (?, ?, ?)",
                        [sid, alias, alias_key(alias)])
    store.close()
    return {"turn": TURN, "counted": counted, "documents": len(docs), "statements": len(stmts)}


def synthetic_series(rng, shift: bool):
    """A statement-level stance series over 8 to 18 months, 4 to 12 statements a week.

    With ``shift``, the mean stance jumps by 0.8 to 1.4 (either way) on a day
    in the middle half; returns (dates, values, shift date or None, size)."""
    import numpy as np

    def sample(mean: float, n: int, neutral: float = 0.2):
        return rng.choice([-1.0, 0.0, 1.0], size=n, p=[(1 - neutral - mean) / 2, neutral, (1 - neutral + mean) / 2])

    days = int(rng.integers(240, 541))
    n = int(days / 7 * rng.uniform(4, 12))
    start = dt.date(2023, 1, 1)
    offsets = np.sort(rng.integers(0, days, size=n))
    dates = [start + dt.timedelta(days=int(o)) for o in offsets]
    if not shift:
        return dates, sample(rng.uniform(-0.75, 0.75), n), None, 0.0
    size = rng.uniform(0.8, 1.4)
    m0 = rng.uniform(-0.8, 0.8 - size)
    m1 = m0 + size
    if rng.random() < 0.5:
        m0, m1 = -m0, -m1
    turn = int(rng.integers(days // 4, 3 * days // 4))
    values = np.where(offsets < turn, sample(m0, n), sample(m1, n))
    return dates, values, start + dt.timedelta(days=turn), m1 - m0
