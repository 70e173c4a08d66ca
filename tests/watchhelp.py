"""A local HTTP server for the watch tests: feeds that change between polls, a hook that records POSTs."""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Site:
    """Serves ``pages[path] = (bytes, content type)`` with ETag / Last-Modified and 304s;
    ``fail[path] = status`` answers with that status; POSTs to /hook are kept in ``posts``."""

    def __init__(self):
        self.pages: dict[str, tuple[bytes, str]] = {}
        self.fail: dict[str, int] = {}
        self.posts: list[dict] = []
        self.hits: list[tuple[str, int]] = []
        self.hook_status = 200
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                path = self.path
                if path in site.fail:
                    site.hits.append((path, site.fail[path]))
                    self.send_response(site.fail[path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if path not in site.pages:
                    site.hits.append((path, 404))
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body, ctype = site.pages[path]
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    site.hits.append((path, 304))
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                site.hits.append((path, 200))
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(n)
                if site.hook_status < 300:
                    site.posts.append(json.loads(data))
                self.send_response(site.hook_status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def rss(items: list[dict], title: str = "Invented Gazette") -> bytes:
    """An RSS 2.0 feed of items with title, link, pubDate (RFC 822) and text."""
    from email.utils import format_datetime
    import datetime as dt
    from xml.sax.saxutils import escape

    parts = []
    for it in items:
        day = dt.datetime.fromisoformat(it["published"]).replace(tzinfo=dt.timezone.utc)
        parts.append(
            f"<item><title>{escape(it['title'])}</title><link>{escape(it['url'])}</link>"
            f"<pubDate>{format_datetime(day)}</pubDate><description>{escape(it['text'])}</description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>https://gazette.example/</link><description>invented</description>{''.join(parts)}</channel></rss>"
            ).encode()


def jsonl(records: list[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
