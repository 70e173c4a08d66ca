"""Turn the SOURCE arguments of ``shiftwatch ingest`` into raw records.

Reading is cheap and sequential (files, archives, feeds, URLs), so it runs in
the main process; the costly part (HTML extraction, language, hashing) runs
in workers on the :class:`Raw` records yielded here. Anything unreadable is
yielded as a :class:`Rejection` so the run records it and goes on.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Union
from urllib.parse import urlparse

from ..errors import Rejection
from .text import decode_bytes, looks_binary

MAX_DOC_BYTES = 10 * 1024 * 1024  # one HTML page or text; above is not news
MAX_FEED_BYTES = 50 * 1024 * 1024  # a feed is parsed whole
MAX_URL_BYTES = 20 * 1024 * 1024
STORE_SUFFIXES = (".duckdb", ".duckdb.wal", ".wal", ".parquet")  # never news: skipped when walking
RECORD_FIELDS = ("url", "title", "published", "time", "outlet", "lang", "id")
# what exports call our fields (interface.md, "Field names in exports"): the first one present wins
FIELD_ALIASES = {
    "text": ("text", "body", "content", "message"),
    "html": ("html",),
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "published": ("published", "date", "datetime", "pubDate", "created_at", "time"),
    # the time of day, where an export keeps it apart from the date (Telegram exports: published + time)
    "time": ("time", "datetime", "published_at", "created_at", "published", "date", "pubDate"),
    "outlet": ("outlet", "channel", "source", "site", "site_name"),
    "lang": ("lang",),
    "id": ("id",),
}


@dataclass
class Raw:
    """One document as read, before extraction: ``kind`` is html, text or record."""

    source: str
    kind: str
    data: Union[bytes, str, dict]
    meta: dict = field(default_factory=dict)


Item = Union[Raw, Rejection]


@dataclass
class ReadOptions:
    timeout: float = 10.0
    max_doc_bytes: int = MAX_DOC_BYTES
    fields: dict[str, str] = field(default_factory=dict)  # our field -> the export's name (--field)

    def names_for(self, ours: str, lower: bool = False) -> tuple[str, ...]:
        """The export fields that may hold ``ours``: the --field mapping alone, or the
        known aliases; ``lower`` for CSV headers, which are compared in lower case."""
        if ours in self.fields:
            names = (self.fields[ours],)
        elif ours == "time" and "published" in self.fields:
            names = (self.fields["published"], *FIELD_ALIASES["time"])  # the named date field may carry the time
        else:
            names = FIELD_ALIASES[ours]
        return tuple(n.lower() for n in names) if lower else names


def iter_sources(sources: Iterable[str], options: ReadOptions | None = None) -> Iterator[Item]:
    options = options or ReadOptions()
    for source in sources:
        if source.startswith(("http://", "https://")):
            yield from _read_url(source, options)
            continue
        path = Path(source)
        if not path.exists():
            yield Rejection("no such file or directory", source)
        elif path.is_dir():
            yield from _read_dir(path, options)
        else:
            yield from _read_file(path, options)


def _read_dir(path: Path, options: ReadOptions) -> Iterator[Item]:
    files = sorted(
        p
        for p in path.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
        and not p.name.endswith(STORE_SUFFIXES)
    )
    if not files:
        yield Rejection("directory has no files to read", str(path))
        return
    anything = False
    rejections: list[Rejection] = []
    for file in files:
        for item in _read_file(file, options):
            if isinstance(item, Rejection):
                rejections.append(item)
                yield item
            else:
                anything = True
                yield item
    if not anything and rejections and len(rejections) == len(files):
        yield Rejection(f"directory has no readable files ({len(files)} rejected)", str(path))


def estimate_total(sources: Iterable[str]) -> int | None:
    """How many records the sources hold, for a progress bar's ETA: counted
    lines of JSONL and CSV, one per page or text file; None when a feed, an
    archive or a URL makes it unknowable without reading them."""
    total = 0
    for source in sources:
        if source.startswith(("http://", "https://")):
            return None
        path = Path(source)
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        for f in files:
            name = f.name.lower()
            compressed = name.endswith(".gz")
            base = name[:-3] if compressed else name
            ext = os.path.splitext(base)[1]
            if ext in JSONL_EXT or ext in (".csv", ".tsv"):
                try:
                    with (gzip.open(f, "rb") if compressed else open(f, "rb")) as fh:
                        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
                except (OSError, EOFError, zlib.error):
                    continue
                total += max(lines - (1 if ext in (".csv", ".tsv") else 0), 0)
            elif ext in HTML_EXT or ext in TEXT_EXT:
                total += 1
            elif f.name.startswith(".") or f.name.endswith(STORE_SUFFIXES):
                continue
            else:
                return None
    return total


# -- files -------------------------------------------------------------------

FEED_EXT = {".xml", ".rss", ".atom", ".feed"}
HTML_EXT = {".html", ".htm", ".xhtml"}
TEXT_EXT = {".txt", ".text", ".md"}
JSONL_EXT = {".jsonl", ".ndjson", ".json"}


def _read_file(path: Path, options: ReadOptions) -> Iterator[Item]:
    source = str(path)
    try:
        size = path.stat().st_size
        if size == 0:
            yield Rejection("empty file", source)
            return
        name = path.name.lower()
        compressed = name.endswith(".gz")
        if compressed:
            name = name[:-3]
        if name.endswith(".warc") or (compressed and name.endswith(".arc")):
            yield from _read_warc(path, options)
            return
        with _open(path, compressed) as stream:
            head = stream.peek(4096)[:4096] if hasattr(stream, "peek") else b""
            fmt = sniff(name, head)
            if fmt == "warc":
                yield from _read_warc(path, options)
            elif fmt == "jsonl":
                yield from _read_jsonl(stream, source, options)
            elif fmt == "csv":
                yield from _read_csv(stream, source, options)
            elif fmt == "feed":
                yield from _read_feed(_read_capped(stream, MAX_FEED_BYTES, "feed"), source)
            elif fmt in ("html", "text"):
                data = _read_capped(stream, options.max_doc_bytes, "document")
                if not data.strip():
                    yield Rejection("empty file", source)
                elif fmt == "text" and looks_binary(data):
                    yield Rejection("binary file, not text, HTML, a feed or a WARC archive", source)
                else:
                    yield Raw(source, fmt, data)
            else:
                yield Rejection(fmt, source)
    except Rejection as r:
        r.source = r.source or source
        yield r
    except (EOFError, gzip.BadGzipFile, zlib.error) as e:
        yield Rejection(f"truncated or corrupt gzip file ({e})", source)
    except PermissionError:
        yield Rejection("permission denied", source)
    except OSError as e:
        yield Rejection(f"cannot read file: {e.strerror or e}", source)


def _open(path: Path, compressed: bool):
    raw = open(path, "rb")
    if compressed:
        return io.BufferedReader(gzip.GzipFile(fileobj=raw))  # type: ignore[arg-type]
    return raw


def _read_capped(stream, cap: int, what: str) -> bytes:
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise Rejection(f"{what} too large (over {cap // (1024 * 1024)} MB)")
    return data


def sniff(name: str, head: bytes) -> str:
    """Guess the format from the extension, then from the first bytes.

    Returns a format name, or a rejection reason when nothing fits."""
    ext = os.path.splitext(name)[1]
    if ext in JSONL_EXT:
        return "jsonl"
    if ext == ".csv" or ext == ".tsv":
        return "csv"
    if ext in FEED_EXT:
        return "feed"
    if ext in HTML_EXT:
        return "html"
    if ext in TEXT_EXT:
        return "text"
    if looks_binary(head):
        return "binary file, not text, HTML, a feed or a WARC archive"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith(b"<?xml") or start.startswith(b"<rss") or start.startswith(b"<feed"):
        return "feed" if (b"<rss" in start or b"<feed" in start or b"<rdf" in start) else "html"
    if start.startswith(b"<!doctype html") or start.startswith(b"<html") or b"<body" in start:
        return "html"
    if start.startswith(b"{"):
        return "jsonl"
    return "text"


# -- JSONL and CSV exports ---------------------------------------------------


def _record(source: str, obj: dict, options: ReadOptions, lower: bool = False) -> Item:
    if not isinstance(obj, dict):
        return Rejection(f"record is a JSON {type(obj).__name__}, not an object", source)
    found = {ours: _field(obj, options.names_for(ours, lower)) for ours in FIELD_ALIASES}
    text, html = found["text"], found["html"]
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        fields = ", ".join(sorted(map(str, obj))[:8]) or "none"
        return Rejection(f"record has no 'text' or 'html' field (fields: {fields}; map one with --field text=NAME)", source)
    meta = {k: found[k] for k in RECORD_FIELDS if found[k] not in (None, "")}
    payload = {"text": text} if isinstance(text, str) and text.strip() else {"html": html}
    return Raw(source, "record", payload, meta)


def _field(obj: dict, names: tuple[str, ...]):
    for name in names:
        value = obj.get(name)
        if value not in (None, ""):
            return value
    return None


def _read_jsonl(stream, source: str, options: ReadOptions, first_line: int = 1) -> Iterator[Item]:
    """One record per line; a line that is not UTF-8 or not JSON costs that line only."""
    for lineno, raw in enumerate(stream, first_line):
        if not raw.strip():
            continue
        where = f"{source}:{lineno}"
        if len(raw) > options.max_doc_bytes:
            yield Rejection("record too large", where)
            continue
        try:
            line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError as e:
            yield Rejection(f"line {lineno} is not UTF-8 (byte 0x{raw[e.start]:02x} at column {e.start + 1}): JSONL exports must be UTF-8", where)
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield Rejection(f"invalid JSON ({e.msg} at column {e.colno})", where)
            continue
        yield _record(where, obj, options)


def jsonl_parts(path: str, lines: int) -> Iterator[tuple[int, int, int]]:
    """(start byte, end byte, first line number) of consecutive runs of ``lines``
    lines of a plain JSONL file, found by counting newlines only, so that
    workers can read and parse the parts themselves (``read_jsonl_part``)."""
    start, lineno, count, pos = 0, 1, 0, 0
    with open(path, "rb") as f:
        while block := f.read(1 << 22):
            at = 0
            while True:
                nl = block.find(b"\n", at)
                if nl < 0:
                    break
                count += 1
                at = nl + 1
                if count == lines:
                    yield start, pos + at, lineno
                    start, lineno, count = pos + at, lineno + lines, 0
            pos += len(block)
    if pos > start:
        yield start, pos, lineno


def read_jsonl_part(path: str, start: int, end: int, first_line: int, options: ReadOptions) -> Iterator[Item]:
    """The records of bytes ``start``..``end`` of a plain JSONL file, named as
    reading the whole file names them (path:line)."""
    with open(path, "rb") as f:
        f.seek(start)
        data = f.read(end - start)
    yield from _read_jsonl(io.BytesIO(data), path, options, first_line)


def _read_csv(stream, source: str, options: ReadOptions) -> Iterator[Item]:
    head = stream.peek(65536)[:65536] if hasattr(stream, "peek") else b""
    try:
        head.decode("utf-8")
        encoding = "utf-8-sig"
    except UnicodeDecodeError as e:
        # a multibyte char cut at the end of the peek window is fine
        encoding = "utf-8-sig" if e.start > len(head) - 4 else None
    if encoding is None:
        encoding = _guess_encoding(head)
    text_stream = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
    csv.field_size_limit(options.max_doc_bytes)
    dialect = "excel-tab" if source.lower().rstrip(".gz").endswith(".tsv") else "excel"
    reader = csv.DictReader(text_stream, dialect=dialect)
    try:
        columns = [c.strip().lower() for c in (reader.fieldnames or [])]
    except csv.Error as e:
        yield Rejection(f"invalid CSV header ({e})", source)
        return
    have = set(columns)
    if not any(c in have for c in (*options.names_for("text", True), *options.names_for("html", True))):
        shown = ", ".join(columns[:8]) or "none"
        yield Rejection(f"CSV has no 'text' or 'html' column (columns: {shown}; map one with --field text=NAME)", source)
        return
    reader.fieldnames = columns
    row_no = 1
    while True:
        row_no += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield Rejection(f"invalid CSV row ({e})", f"{source}:{row_no}")
            continue
        yield _record(f"{source}:{row_no}", {k: v for k, v in row.items() if k}, options, lower=True)


def _guess_encoding(data: bytes) -> str:
    try:
        return decode_bytes(data)[1]
    except Rejection:
        return "utf-8"


# -- feeds -------------------------------------------------------------------


def _read_feed(data: bytes, source: str) -> Iterator[Item]:
    import feedparser
    from defusedxml import ElementTree as SafeET
    from defusedxml.common import DefusedXmlException

    if not data.strip():
        yield Rejection("empty file", source)
        return
    xml_error = None
    try:
        SafeET.fromstring(data)
    except DefusedXmlException as e:
        yield Rejection(f"refused: XML declares entities or DTDs ({type(e).__name__}), a possible entity-expansion bomb", source)
        return
    except SafeET.ParseError as e:
        xml_error = str(e)
    feed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not feed.entries:
        reason = f"invalid XML ({xml_error})" if xml_error else "feed has no entries"
        if not xml_error and not feed.get("version"):
            reason = "not an RSS or Atom feed"
        yield Rejection(reason, source)
        return
    feed_title = (feed.feed.get("title") or "").strip() or None
    if xml_error and not any(_entry_content(e).strip() for e in feed.entries):
        yield Rejection(f"invalid XML ({xml_error})", source)
        return
    for n, entry in enumerate(feed.entries, 1):
        where = f"{source}#{n}"
        content = _entry_content(entry)
        if not content.strip():
            yield Rejection("feed entry has no content", where)
            continue
        meta = {"url": entry.get("link"), "title": entry.get("title")}
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        if parsed:
            meta["published"] = "%04d-%02d-%02d" % tuple(parsed[:3])
            meta["time"] = "%04d-%02d-%02dT%02d:%02d:%02d" % tuple(parsed[:6])
        elif entry.get("published"):
            meta["published"] = entry.get("published")
        if feed_title:
            meta["feed_title"] = feed_title
        yield Raw(where, "record", {"html": content, "fragment": True}, {k: v for k, v in meta.items() if v})


def _entry_content(entry) -> str:
    """The full text of an entry: content:encoded when given, else the summary
    (not both: feeds often repeat the lead in the summary)."""
    content = ""
    if entry.get("content"):
        content = max((c.get("value", "") for c in entry.content), key=len)
    if len(content) < len(entry.get("summary", "") or ""):
        content = entry.get("summary", "")
    return content


# -- WARC archives -----------------------------------------------------------


def _read_warc(path: Path, options: ReadOptions) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    source = str(path)
    found = 0
    skipped: dict[str, int] = {}
    try:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response":
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                ctype = ""
                if record.http_headers is not None:
                    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                    status = record.http_headers.get_statuscode()
                    if status and not status.startswith("2"):
                        skipped[f"HTTP {status}"] = skipped.get(f"HTTP {status}", 0) + 1
                        continue
                if "html" not in ctype:
                    key = ctype.split(";")[0] or "no content type"
                    skipped[key] = skipped.get(key, 0) + 1
                    continue
                data = record.content_stream().read(options.max_doc_bytes + 1)
                where = f"{source}#{url}"
                if len(data) > options.max_doc_bytes:
                    yield Rejection("HTML response too large", where)
                    continue
                found += 1
                charset = ctype.split("charset=")[1].strip() if "charset=" in ctype else None
                meta = {"url": url, "charset": charset}
                yield Raw(where, "html", data, {k: v for k, v in meta.items() if v})
    except (ArchiveLoadFailed, EOFError, zlib.error, gzip.BadGzipFile, ValueError) as e:
        detail = re.sub(r"[^\w .,:;'()-]", "", str(e).split(",")[0].splitlines()[0])[:60].strip()
        yield Rejection(f"not a readable WARC archive ({detail or type(e).__name__})", source)
        return
    if not found:
        what = ", ".join(f"{k} ×{v}" for k, v in sorted(skipped.items())) or "no response records"
        yield Rejection(f"WARC has no HTML responses ({what})", source)


# -- URLs --------------------------------------------------------------------


def _read_url(url: str, options: ReadOptions) -> Iterator[Item]:
    import httpx

    try:
        with httpx.Client(timeout=options.timeout, follow_redirects=True) as client:
            with client.stream("GET", url, headers={"User-Agent": "shiftwatch"}) as response:
                if response.status_code >= 400:
                    yield Rejection(f"HTTP {response.status_code}", url)
                    return
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_URL_BYTES:
                        yield Rejection(f"response too large (over {MAX_URL_BYTES // (1024 * 1024)} MB)", url)
                        return
                    chunks.append(chunk)
                ctype = response.headers.get("content-type", "").lower()
    except httpx.TimeoutException:
        yield Rejection(f"timed out after {options.timeout:g} s", url)
        return
    except httpx.HTTPError as e:
        yield Rejection(f"cannot fetch: {type(e).__name__}: {e}", url)
        return
    yield from read_fetched(url, b"".join(chunks), ctype, options)


def read_fetched(url: str, data: bytes, ctype: str = "", options: ReadOptions | None = None) -> Iterator[Item]:
    """The records of a response already fetched (``watch`` fetches with conditional requests)."""
    options = options or ReadOptions()
    ctype = (ctype or "").lower()
    if not data.strip():
        yield Rejection("empty response", url)
        return
    name = os.path.basename(urlparse(url).path).lower()
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (EOFError, OSError, zlib.error) as e:
            yield Rejection(f"truncated or corrupt gzip ({e})", url)
            return
        name = name[:-3]
    if "xml" in ctype or "rss" in ctype or "atom" in ctype:
        fmt = "feed" if sniff(".xml", data[:4096]) == "feed" else "html"
    elif "html" in ctype:
        fmt = "html"
    else:
        fmt = sniff(name, data[:4096])
    if fmt == "feed":
        yield from _read_feed(data, url)
    elif fmt == "jsonl":
        yield from _read_jsonl(io.BufferedReader(io.BytesIO(data)), url, options)
    elif fmt == "csv":
        yield from _read_csv(io.BufferedReader(io.BytesIO(data)), url, options)
    elif fmt in ("html", "text"):
        charset = ctype.split("charset=")[1].strip() if "charset=" in ctype else None
        yield Raw(url, fmt, data, {"url": url, **({"charset": charset} if charset else {})})
    elif fmt == "warc":
        yield Rejection("WARC over HTTP is not supported: download it and ingest the file", url)
    else:
        yield Rejection(fmt, url)
