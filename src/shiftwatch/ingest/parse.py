"""A raw record to a :class:`Document`: the per-document work that runs in workers."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlparse, urlunparse

import numpy as np

from ..errors import Rejection
from ..records import Document
from .sources import Item, Raw
from .text import clean_text, declared_charset, decode_bytes, detect_lang, extract_html, html_fragment_to_text, parse_date

NUM_PERM = 64
BANDS = 16  # 16 bands of 4 rows: Jaccard 0.7 pairs collide 99% of the time, 0.3 pairs 12%
MIN_TEXT_CHARS = 40
_WORD = re.compile(r"\w+", re.U)


@dataclass
class ParseOptions:
    lang: str = "auto"
    outlet: str | None = None
    date: dt.date | None = None
    today: dt.date | None = None


def parse_item(item: Item, options: ParseOptions) -> Document | Rejection:
    """Never raises for bad input: what cannot be read comes back as a Rejection."""
    if isinstance(item, Rejection):
        return item
    try:
        return parse_raw(item, options)
    except Rejection as r:
        r.source = r.source or item.source
        return r
    except Exception as e:  # a library choking on odd input is a rejection, not a crash
        return Rejection(f"cannot parse ({type(e).__name__}: {str(e)[:120]})", item.source)


def parse_raw(raw: Raw, options: ParseOptions) -> Document:
    meta = raw.meta
    title = meta.get("title")
    page_date = sitename = page_url = None
    if raw.kind == "html" or (raw.kind == "record" and "html" in raw.data and not raw.data.get("fragment")):
        html = raw.data if raw.kind == "html" else raw.data["html"]
        try:
            page = extract_html(html, url=meta.get("url"), charset=meta.get("charset"))
        except Rejection:
            page = None  # no article: a short page or fragment is read as it shows
        if page is None or len(page["text"]) < MIN_TEXT_CHARS:
            text = visible_text(html, meta.get("charset"))
            if page is not None:
                title = title or page["title"]
        else:
            text, title = page["text"], title or page["title"]
            page_date, sitename, page_url = page["date"], page["sitename"], page["url"]
    elif raw.kind == "record" and "html" in raw.data:
        text = html_fragment_to_text(raw.data["html"])
    elif raw.kind == "record":
        text = clean_text(raw.data["text"])
    else:
        text = clean_text(decode_bytes(raw.data)[0])
    if len(text) < MIN_TEXT_CHARS:
        raise Rejection(f"too little text ({len(text)} characters)")

    lang = options.lang if options.lang != "auto" else None
    if lang is None and meta.get("lang"):
        lang = str(meta["lang"]).strip().lower()[:2]
        if lang not in ("ru", "en"):
            raise Rejection(f"language {meta['lang']!r} is not supported (ru, en)")
    lang = lang or detect_lang(text)

    published = None
    if meta.get("published"):
        published = parse_date(meta["published"], today=options.today)
    elif page_date:
        try:
            published = parse_date(page_date, today=options.today)
        except Rejection:
            published = None  # a page's guessed date is a hint, not a claim
    published = published or options.date
    published_at = _time_of(meta.get("time"), published)

    url = canonical_url(meta.get("url") or page_url)
    # what the source says first; --outlet only fills a gap
    outlet = meta.get("outlet") or meta.get("feed_title") or sitename or options.outlet
    if not outlet and url:
        outlet = urlparse(url).hostname
    text_hash = hashlib.sha1(normalise_for_hash(text).encode()).hexdigest()
    key = f"url:{url}" if url else f"text:{text_hash}"
    doc_id = hashlib.sha1(key.encode()).hexdigest()[:16]
    signature = minhash(text)
    return Document(
        doc_id=doc_id,
        url=url,
        source=raw.source,
        source_id=str(meta["id"]) if meta.get("id") is not None else None,
        outlet=str(outlet).strip() if outlet else None,
        published=published,
        lang=lang,
        title=str(title).strip() if title else None,
        text=text,
        text_hash=text_hash,
        minhash=signature.astype("<u8").tobytes(),
        bands=band_hashes(signature),
        published_at=published_at,
    )


def _time_of(value, published: dt.date | None) -> dt.datetime | None:
    """The UTC time of a source's timestamp, if it has one and it falls on the
    document's date; a bare date or an unreadable value says no time."""
    if value is None or published is None:
        return None
    if isinstance(value, dt.datetime):
        t = value
    else:
        s = str(value).strip()
        if len(s) <= 10 or ":" not in s:
            return None
        try:
            t = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
        except ValueError:
            from email.utils import parsedate_to_datetime

            try:
                t = parsedate_to_datetime(s)
            except (TypeError, ValueError, IndexError):
                return None
    if t.tzinfo is not None:
        t = t.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return t if t.date() == published else None


def visible_text(html: bytes | str, charset: str | None = None) -> str:
    """What a browser would show of a page where trafilatura finds no article."""
    if isinstance(html, bytes):
        html, _ = decode_bytes(html, charset or declared_charset(html))
    return html_fragment_to_text(html)


def canonical_url(url) -> str | None:
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    parts = urlparse(url)
    if not parts.scheme or not parts.netloc:
        return url or None
    return urlunparse((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", "", parts.query, ""))


def normalise_for_hash(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def prepare_workers() -> None:
    """Import datasketch and draw the permutations once, before workers fork."""
    _permutations()


@lru_cache(maxsize=1)
def _permutations():
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=7, scheme="affine32")
    return m.permutations


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + 3]).encode() for i in range(max(1, len(words) - 2))}


def jaccard(a: str, b: str) -> float:
    """Exact Jaccard similarity of two texts' shingles: the check behind a MinHash hit."""
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y) if x or y else 0.0


def minhash(text: str) -> np.ndarray:
    """MinHash of word 3-gram shingles: syndicated copies with small edits stay close.

    CRC-32 hashes the shingles (C speed, stable across processes and runs);
    the permutations are drawn once per process, not once per document."""
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, hashfunc=zlib.crc32, permutations=_permutations(), scheme="affine32")
    m.update_batch(list(shingles(text)))
    return m.hashvalues


def band_hashes(signature: np.ndarray) -> list[int]:
    rows = len(signature) // BANDS
    out = []
    for b in range(BANDS):
        chunk = signature[b * rows : (b + 1) * rows].astype("<u8").tobytes()
        out.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "little") >> 1)
    return out


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two stored MinHash signatures."""
    x = np.frombuffer(a, dtype="<u8")
    y = np.frombuffer(b, dtype="<u8")
    return float(np.mean(x == y)) if len(x) == len(y) and len(x) else 0.0
