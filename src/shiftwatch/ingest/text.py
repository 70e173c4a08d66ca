"""Bytes to clean text: encodings, HTML, language and dates.

Statement offsets point into the clean text, so everything that changes the
text happens here, once, before a document is stored.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from ..errors import Rejection

# letters that make up most of any Russian text; a wrong 8-bit code page
# turns them into rarer ones, which is how cp1251 and koi8-r are told apart
_COMMON_RU = set("оеаинтсрвлкмдпуяы")
_CYRILLIC = re.compile(r"[а-яё]", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-]+)""", re.I)


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 with a BOM
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control / len(head) > 0.05


def _russian_score(text: str) -> float:
    letters = [c for c in text[:20000] if "а" <= c.lower() <= "я" or c.lower() == "ё"]
    if not letters:
        return 0.0
    lower = sum(1 for c in letters if c.islower())
    common = sum(1 for c in letters if c.lower() in _COMMON_RU)
    return (common + lower) / (2 * len(letters))


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode news text whatever its encoding; returns (text, encoding).

    UTF-8 is tried first because a strict UTF-8 decode of anything else almost
    always fails; then the declared charset, then Cyrillic code pages scored
    by letter frequencies, then charset-normalizer."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        if e.start >= len(data) - 3:  # cut inside the last character
            return data.decode("utf-8", errors="ignore"), "utf-8"
    candidates: list[tuple[float, str, str]] = []
    for enc in [declared, "cp1251", "koi8_r", "iso8859_5", "cp866"]:
        if not enc:
            continue
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        candidates.append((_russian_score(text), enc, text))
    cyr = [c for c in candidates if c[0] > 0.6]
    if cyr:
        score, enc, text = max(cyr, key=lambda c: c[0])
        return text, enc
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace"), best.encoding
    if candidates and declared and candidates[0][1] == declared:
        return candidates[0][2], declared
    raise Rejection("cannot detect the text encoding")


def declared_charset(html: bytes) -> str | None:
    m = _META_CHARSET.search(html[:4096])
    return m.group(1).decode("ascii", "ignore").lower() if m else None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANKS = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Normalise whitespace and Unicode so offsets are stable across runs."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


# -- HTML ------------------------------------------------------------------

_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article"}


def html_fragment_to_text(html: str) -> str:
    """Text of a feed entry's HTML: paragraphs kept, markup dropped."""
    import lxml.html

    if "<" not in html:
        return clean_text(html)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:
        return clean_text(re.sub(r"<[^>]+>", " ", html))
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    parts: list[str] = []

    def walk(el):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _BLOCK_TAGS:
            parts.append("\n\n")
        if el.text and tag not in ("script", "style"):
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCK_TAGS:
            parts.append("\n\n")

    walk(root)
    return clean_text(re.sub(r"[ \t]*\n[ \t]*\n\s*", "\n\n", "".join(parts)))


def extract_html(data: bytes | str, url: str | None = None, charset: str | None = None) -> dict:
    """Main text, title and date of a news page (trafilatura), boilerplate removed."""
    from trafilatura import bare_extraction

    if isinstance(data, bytes):
        data, _ = decode_bytes(data, charset or declared_charset(data))
    doc = bare_extraction(
        data,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=False,
    )
    if doc is None or not (doc.text or "").strip():
        raise Rejection("no article text found in the HTML page")
    text = doc.text
    title = (doc.title or "").strip() or None
    # trafilatura keeps the <h1> as the first line; the title is stored apart
    if title:
        first, _, rest = text.partition("\n")
        if first.strip() == title:
            text = rest
    # one line per paragraph from trafilatura: a blank line between them reads
    # better in reports and matches the other formats
    text = "\n\n".join(line for line in text.split("\n") if line.strip())
    page_url = doc.url if doc.url and doc.url.startswith(("http://", "https://")) else None
    return {"text": clean_text(text), "title": title, "date": doc.date, "sitename": doc.sitename, "url": page_url}


from ..language import detect_lang  # noqa: E402,F401 - ingest's own name for it


# -- dates ---------------------------------------------------------------------


def parse_date(value, *, what: str = "published", today: dt.date | None = None) -> dt.date:
    """A source's date as a UTC calendar date; unparseable or future dates are rejected."""
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime(value.year, value.month, value.day)
    else:
        s = str(value).strip()
        parsed = None
        try:
            parsed = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
        except ValueError:
            from email.utils import parsedate_to_datetime

            try:
                parsed = parsedate_to_datetime(s)
            except (TypeError, ValueError, IndexError):
                parsed = None
        if parsed is None:
            raise Rejection(f"unparseable {what} date {s[:40]!r} (use YYYY-MM-DD or ISO 8601)")
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.timezone.utc).replace(tzinfo=None)
    date = parsed.date()
    today = today or dt.datetime.now(dt.timezone.utc).date()
    if date > today + dt.timedelta(days=1):
        raise Rejection(f"{what} date {date.isoformat()} is in the future")
    if date.year < 1900:
        raise Rejection(f"{what} date {date.isoformat()} is before 1900")
    return date
