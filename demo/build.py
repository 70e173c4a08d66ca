#!/usr/bin/env python3
"""Build the shiftwatch demo corpus from demo/articles.yaml.

    python demo/build.py            # build corpus/ and facts.json, then check them
    python demo/build.py --check    # only check the existing corpus/ and facts.json

Writes, next to this script:

    corpus/feeds/<outlet>.rss.xml     RSS 2.0 (full text in <content:encoded>)
    corpus/feeds/<outlet>.atom.xml    Atom 1.0 (full text in <content type="html">)
    corpus/html/*.html                standalone article pages with site chrome
    corpus/warc/*.warc.gz             a small crawl: requests, HTML responses,
                                      one image/png and one application/json response
    corpus/articles.jsonl             export: id, url, title, published, outlet, lang, text
    corpus/articles.csv               the same fields as CSV
    corpus/plain/*.txt                bare article bodies in cp1251 / koi8-r
    facts.json                        the planted facts, every expected statement and measure

Output is deterministic: rebuilding from the same articles.yaml gives the same
bytes. Needs PyYAML, warcio and iuliia; the check also uses feedparser.
"""

from __future__ import annotations

import argparse
import collections
import csv
import difflib
import email.utils
import hashlib
import html
import io
import json
import re
import shutil
import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "articles.yaml"
CORPUS = HERE / "corpus"
FACTS = HERE / "facts.json"

KINDS = {"direct", "partial", "indirect"}
STANCES = {"restrictive", "welcoming", "neutral", None}
STANCE_VALUE = {"restrictive": -1, "neutral": 0, "welcoming": 1}
FRAMES = {"economy", "security", "control", "integration", "rights", "politics"}
FORMATS = {"rss", "atom", "html", "warc", "jsonl", "csv", "text"}

# measures (../shared/spec/measures.md)
MEASURE_KINDS = {"ban", "restriction", "registry", "identification", "check", "expulsion", "penalty", "fee",
                 "quota", "integration", "easing", "other"}
MEASURE_LEVELS = {"federal", "regional", "municipal"}
MEASURE_SECTORS = {"taxi", "retail", "food-service", "construction", "education", "healthcare", "housing",
                   "marriage", "transport", "agriculture", "other"}
MEASURE_STATUSES = {"proposed", "adopted", "in_force", "lifted"}
MEASURE_DIRECTIONS = {"restrictive", "welcoming"}
MEASURE_FIELDS = ("event", "kind", "authority_id", "level", "region", "sectors", "status", "direction",
                  "effective", "text_contains")
# fields every report of one event must agree on (sectors and effective may be left unsaid in a report)
EVENT_FIELDS = ("kind", "authority_id", "level", "region", "status", "direction")

RSS_FILE = "corpus/feeds/{slug}.rss.xml"
ATOM_FILE = "corpus/feeds/{slug}.atom.xml"
HTML_FILE = "corpus/html/{slug}__{tail}.html"
WARC_FILE = "corpus/warc/ladimir-news-crawl-2025-08.warc.gz"
JSONL_FILE = "corpus/articles.jsonl"
CSV_FILE = "corpus/articles.csv"

CRAWL_START = datetime(2025, 8, 30, 3, 0, 0, tzinfo=timezone.utc)

RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля",
             "августа", "сентября", "октября", "ноября", "декабря"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December"]


# --------------------------------------------------------------------------- loading

def load():
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    for a in data["articles"]:
        a["body"] = a["body"].strip("\n")
        a["dt"] = datetime.fromisoformat(a["published"].replace("Z", "+00:00"))
        a["date"] = a["dt"].date().isoformat()
        a["paragraphs"] = [p.strip() for p in a["body"].split("\n\n") if p.strip()]
        a["outlet_info"] = data["outlets"][a["outlet"]]
        a["outlet_name"] = a["outlet_info"]["name"]
        a["statements"] = [
            dict(zip(("speaker_id", "kind", "text_contains", "stance", "frames"), s))
            for s in a.get("statements") or []
        ]
        # None: the article has not been coded for measures; []: coded, none in it
        a["measures"] = None if a.get("measures") is None else [dict(m) for m in a["measures"]]
    data["by_id"] = {a["id"]: a for a in data["articles"]}
    return data


def outlet_slug(info):
    return info["domain"].split(".")[0]


def slugify(name):
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def rel(path: Path) -> str:
    return path.relative_to(HERE).as_posix()


# --------------------------------------------------------------------------- source checks

def check_source(data, problems, warnings):
    import iuliia

    ids = [a["id"] for a in data["articles"]]
    for dup in [i for i, n in collections.Counter(ids).items() if n > 1]:
        problems.append(f"duplicate article id {dup}")

    for sid, sp in data["speakers"].items():
        if sp.get("organisation"):
            continue
        translit = iuliia.WIKIPEDIA.translate(sp["name_ru"])
        if translit != sp["name"]:
            problems.append(f"speaker {sid}: name {sp['name']!r} != iuliia WIKIPEDIA {translit!r}")
        if slugify(sp["name"]) != sid:
            problems.append(f"speaker {sid}: id is not the slug of {sp['name']!r}")

    anon_roles = HERE.parent / "src" / "shiftwatch" / "data" / "anon_roles.yaml"
    known_anon = None
    if anon_roles.exists():
        known_anon = {"anon:" + k for k in yaml.safe_load(anon_roles.read_text(encoding="utf-8"))}

    for a in data["articles"]:
        aid = a["id"]
        if a["format"] not in FORMATS:
            problems.append(f"{aid}: unknown format {a['format']}")
        if a["format"] not in a["outlet_info"]["formats"]:
            problems.append(f"{aid}: outlet {a['outlet']} does not publish as {a['format']}")
        if a["lang"] != a["outlet_info"]["lang"]:
            problems.append(f"{aid}: lang differs from its outlet")
        if not re.match(r"^https://[a-z0-9.-]+\.example/", a["url"]) or \
                a["outlet_info"]["domain"] not in a["url"]:
            problems.append(f"{aid}: url must be on the outlet's .example domain")
        n = len(a["body"])
        if not 600 <= n <= 1800:
            problems.append(f"{aid}: body is {n} characters (want 600-1800)")
        if not a.get("layout") and not 2 <= len(a["paragraphs"]) <= 5:
            problems.append(f"{aid}: {len(a['paragraphs'])} paragraphs (want 2-5)")
        if a["lang"] == "ru" and not re.search("[а-яё]", a["body"]):
            problems.append(f"{aid}: lang ru but no Cyrillic")
        if a["lang"] == "en" and re.search("[а-яё]", a["body"], re.I):
            problems.append(f"{aid}: lang en but contains Cyrillic")
        if a["format"] == "text":
            try:
                a["body"].encode(a["encoding"])
            except UnicodeEncodeError as e:
                problems.append(f"{aid}: body not encodable in {a['encoding']}: {e}")
        for s in a["statements"]:
            tag = f"{aid}/{s['speaker_id']}/{s['text_contains'][:30]!r}"
            spk = s["speaker_id"]
            if spk.startswith("anon:"):
                if spk not in data["anonymous"]:
                    problems.append(f"{tag}: anonymous id not declared in articles.yaml")
                if known_anon is not None and spk not in known_anon:
                    problems.append(f"{tag}: {spk} not in anon_roles.yaml")
            elif spk not in data["speakers"]:
                problems.append(f"{tag}: unknown speaker")
            if s["kind"] not in KINDS:
                problems.append(f"{tag}: bad kind {s['kind']}")
            if s["stance"] not in STANCES:
                problems.append(f"{tag}: bad stance {s['stance']}")
            if (s["stance"] is None) != (not s["frames"]):
                problems.append(f"{tag}: stance null <=> frames empty")
            for f in s["frames"]:
                if f not in FRAMES:
                    problems.append(f"{tag}: bad frame {f}")
            count = a["body"].count(s["text_contains"])
            if count == 0:
                problems.append(f"{tag}: text_contains not found in body")
            elif count > 1:
                warnings.append(f"{tag}: text_contains occurs {count} times")
            words = len(s["text_contains"].split())
            if s["kind"] != "partial" and not 3 <= words <= 14:
                warnings.append(f"{tag}: text_contains has {words} words")
    check_measures(data, problems, warnings)
    for neg in data["planted"].get("negatives", []):
        a = data["by_id"][neg["article_id"]]
        where = a["title"] if neg.get("in") == "title" else a["body"]
        if neg["text_contains"] not in where:
            problems.append(f"negative {neg['article_id']}: {neg['text_contains']!r} not found")
        for s in a["statements"]:
            if neg.get("in") != "title" and neg["text_contains"] == s["text_contains"]:
                problems.append(f"negative {neg['article_id']} equals a statement")


def check_measures(data, problems, warnings):
    """Every coded measure: fields valid per measures.md, text present; reports of one event agree."""
    authorities = data.get("authorities") or {}
    events = collections.defaultdict(list)
    for a in data["articles"]:
        for m in a["measures"] or []:
            tag = f"{a['id']}/measure/{m.get('event')}"
            if set(m) != set(MEASURE_FIELDS):
                problems.append(f"{tag}: fields {sorted(m)}, want {sorted(MEASURE_FIELDS)}")
                continue
            if not re.fullmatch(r"[a-z0-9-]+/[a-z0-9-]+", m["event"] or ""):
                problems.append(f"{tag}: event must be '<initiative>/<stage>'")
            if m["kind"] not in MEASURE_KINDS:
                problems.append(f"{tag}: bad kind {m['kind']}")
            aid_ = m["authority_id"]
            if aid_ not in authorities and aid_ not in data["speakers"]:
                problems.append(f"{tag}: authority {aid_} is neither in `authorities` nor in `speakers`")
            if m["level"] not in MEASURE_LEVELS:
                problems.append(f"{tag}: bad level {m['level']}")
            if (m["level"] == "federal") != (m["region"] is None):
                problems.append(f"{tag}: region must be null exactly when the level is federal")
            if aid_ in authorities and (authorities[aid_]["level"], authorities[aid_]["region"]) != (m["level"], m["region"]):
                problems.append(f"{tag}: level/region differ from authority {aid_}")
            if not isinstance(m["sectors"], list) or any(x not in MEASURE_SECTORS for x in m["sectors"]):
                problems.append(f"{tag}: bad sectors {m['sectors']}")
            if m["status"] not in MEASURE_STATUSES:
                problems.append(f"{tag}: bad status {m['status']}")
            if m["direction"] not in MEASURE_DIRECTIONS:
                problems.append(f"{tag}: bad direction {m['direction']}")
            if m["kind"] in ("easing", "integration") and m["direction"] != "welcoming":
                problems.append(f"{tag}: {m['kind']} must be welcoming")
            if m["status"] == "lifted" and m["direction"] != "welcoming":
                problems.append(f"{tag}: a lifted measure eases the regime (welcoming)")
            if m["effective"] is not None:
                try:
                    datetime.strptime(m["effective"], "%Y-%m-%d")
                except (TypeError, ValueError):
                    problems.append(f"{tag}: effective {m['effective']!r} is not YYYY-MM-DD")
            count = a["body"].count(m["text_contains"])
            if count != 1:
                problems.append(f"{tag}: text_contains occurs {count} times in the body (want 1)")
            for s in a["statements"]:
                if m["text_contains"] in s["text_contains"]:
                    warnings.append(f"{tag}: measure text lies inside a statement's text_contains")
            events[m["event"]].append((a, m))
    for ev, reps in events.items():
        first = reps[0][1]
        for a, m in reps[1:]:
            for f in EVENT_FIELDS:
                if m[f] != first[f]:
                    problems.append(f"event {ev}: {a['id']} has {f}={m[f]!r}, {reps[0][0]['id']} has {first[f]!r}")
        eff = {m["effective"] for _, m in reps if m["effective"]}
        if len(eff) > 1:
            problems.append(f"event {ev}: conflicting effective dates {sorted(eff)}")
        if len({a["id"] for a, _ in reps}) != len(reps):
            problems.append(f"event {ev}: reported twice in one article")
    for neg in data["planted"].get("measure_negatives", []):
        a = data["by_id"][neg["article_id"]]
        if a["body"].count(neg["text_contains"]) != 1:
            problems.append(f"measure negative {neg['article_id']}: {neg['text_contains']!r} not found once")
        if a["measures"] is None:
            problems.append(f"measure negative {neg['article_id']}: article not coded for measures")
        for m in a["measures"] or []:
            if neg["text_contains"] in m["text_contains"] or m["text_contains"] in neg["text_contains"]:
                problems.append(f"measure negative {neg['article_id']}: overlaps measure {m['event']}")


# --------------------------------------------------------------------------- renderers

def esc(text):
    return html.escape(text, quote=False)


def para_html(p, lang):
    """One paragraph as HTML; interview turns get the speaker label in bold."""
    m = re.match(r"^([A-ZА-ЯЁ][\w\- ]{1,30}): (.*)$", p, re.S)
    if m and len(m.group(1).split()) <= 2:
        return f"<p><b>{esc(m.group(1))}:</b> {esc(m.group(2))}</p>"
    if p.startswith("Текст: "):
        return f'<p class="byline">{esc(p)}</p>'
    return f"<p>{esc(p)}</p>"


def body_html(a):
    return "\n".join(para_html(p, a["lang"]) for p in a["paragraphs"])


def rfc822(dt):
    return email.utils.format_datetime(dt)


def rfc3339(dt):
    s = dt.isoformat()
    return s.replace("+00:00", "Z")


def human_date(dt, lang):
    if lang == "ru":
        return f"{dt.day} {RU_MONTHS[dt.month - 1]} {dt.year}, {dt:%H:%M}"
    return f"{EN_MONTHS[dt.month - 1]} {dt.day}, {dt.year}, {dt:%H:%M}"


def by_outlet_format(data, fmt):
    groups = collections.OrderedDict()
    for a in sorted(data["articles"], key=lambda x: x["dt"]):
        if a["format"] == fmt:
            groups.setdefault(a["outlet"], []).append(a)
    return groups


def write_rss(data, out):
    files = {}
    for okey, arts in by_outlet_format(data, "rss").items():
        info = data["outlets"][okey]
        arts = sorted(arts, key=lambda x: x["dt"], reverse=True)
        base = f"https://{info['domain']}/"
        items = []
        for a in arts:
            lead = a["paragraphs"][0]
            items.append(f"""    <item>
      <title>{esc(a['title'])}</title>
      <link>{esc(a['url'])}</link>
      <guid isPermaLink="true">{esc(a['url'])}</guid>
      <pubDate>{rfc822(a['dt'])}</pubDate>
      <dc:creator>{esc('Редакция' if a['lang'] == 'ru' else 'Staff')}</dc:creator>
      <category>{esc('Новости' if a['lang'] == 'ru' else 'News')}</category>
      <description>{esc(lead)}</description>
      <content:encoded><![CDATA[{body_html(a)}]]></content:encoded>
    </item>""")
        xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>{esc(info['name'])}</title>
    <link>{base}</link>
    <atom:link href="{base}rss.xml" rel="self" type="application/rss+xml"/>
    <description>{esc('Новости Ладимирской области' if info['lang'] == 'ru' else 'News from the Ladimir region')}</description>
    <language>{info['lang']}</language>
    <lastBuildDate>{rfc822(arts[0]['dt'])}</lastBuildDate>
{chr(10).join(items)}
  </channel>
</rss>
"""
        path = HERE / RSS_FILE.format(slug=outlet_slug(info))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(xml, encoding="utf-8")
        for a in arts:
            files[a["id"]] = rel(path)
    return files


def write_atom(data, out):
    files = {}
    for okey, arts in by_outlet_format(data, "atom").items():
        info = data["outlets"][okey]
        arts = sorted(arts, key=lambda x: x["dt"], reverse=True)
        base = f"https://{info['domain']}/"
        entries = []
        for a in arts:
            entries.append(f"""  <entry>
    <title>{esc(a['title'])}</title>
    <link rel="alternate" type="text/html" href="{esc(a['url'])}"/>
    <id>{esc(a['url'])}</id>
    <published>{rfc3339(a['dt'])}</published>
    <updated>{rfc3339(a['dt'])}</updated>
    <author><name>{esc(info['name'])} staff</name></author>
    <content type="html">{esc(body_html(a))}</content>
  </entry>""")
        xml = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{info['lang']}">
  <title>{esc(info['name'])}</title>
  <subtitle>News from the Ladimir region</subtitle>
  <link rel="self" type="application/atom+xml" href="{base}feed.atom"/>
  <link rel="alternate" type="text/html" href="{base}"/>
  <id>{base}</id>
  <updated>{rfc3339(arts[0]['dt'])}</updated>
{chr(10).join(entries)}
</feed>
"""
        path = HERE / ATOM_FILE.format(slug=outlet_slug(info))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(xml, encoding="utf-8")
        for a in arts:
            files[a["id"]] = rel(path)
    return files


SITE = {
    "ru": {
        "menu": ["Главная", "Политика", "Экономика", "Общество", "Происшествия", "Культура", "Спорт"],
        "menu_slugs": ["", "politika", "ekonomika", "obshchestvo", "proisshestviya", "kultura", "sport"],
        "weather": "Ладимир: −3 °C, облачно",
        "ad_top": "Реклама · Окна ПВХ со скидкой 30% — только до конца месяца! Звоните: 8 800 000-00-00",
        "ad_side": "Реклама · Кредит наличными за 5 минут. Ставка от 9,9%. Подробности на сайте банка.",
        "subscribe_h": "Подпишитесь на рассылку",
        "subscribe_p": "Главные новости области — каждое утро в вашей почте. Без спама, отписаться можно в один клик.",
        "subscribe_btn": "Подписаться",
        "email": "Ваш e-mail",
        "related": "Читайте также",
        "popular": "Самое читаемое",
        "share": "Поделиться",
        "comments": "Комментарии",
        "rubric": "Новости",
        "footer": "© 2012–2025 «{name}». Все права защищены. При полном или частичном использовании материалов ссылка на «{name}» обязательна. 16+",
        "footer_links": ["О редакции", "Контакты", "Реклама на сайте", "Политика конфиденциальности"],
        "search": "Поиск по сайту",
        "cookie": "Мы используем файлы cookie, чтобы сайт работал лучше. Продолжая, вы соглашаетесь с этим.",
    },
    "en": {
        "menu": ["Home", "News", "Politics", "Business", "Community", "Weather", "Opinion"],
        "menu_slugs": ["", "news", "politics", "business", "community", "weather", "opinion"],
        "weather": "Ladimir: 27°F, cloudy",
        "ad_top": "Advertisement · Winter tyres: buy three, get the fourth free at Veligorsk Auto Centre",
        "ad_side": "Advertisement · Learn a language in 30 days. First lesson free!",
        "subscribe_h": "Subscribe",
        "subscribe_p": "Get the Herald's morning briefing in your inbox. Unlimited access from 2.99 a month.",
        "subscribe_btn": "Subscribe now",
        "email": "Your email",
        "related": "Related stories",
        "popular": "Most read",
        "share": "Share this story",
        "comments": "Comments",
        "rubric": "News",
        "footer": "© 2025 {name}. All rights reserved. Reproduction without permission is prohibited.",
        "footer_links": ["About us", "Contact", "Advertise", "Privacy policy", "Terms of use"],
        "search": "Search",
        "cookie": "This site uses cookies to improve your experience. By continuing you accept our use of cookies.",
    },
}


def html_page(data, a, charset="utf-8"):
    lang = a["lang"]
    s = SITE[lang]
    info = a["outlet_info"]
    name = info["name"]
    base = f"https://{info['domain']}"
    siblings = sorted((b for b in data["articles"] if b["outlet"] == a["outlet"] and b["id"] != a["id"]),
                      key=lambda b: abs((b["dt"] - a["dt"]).total_seconds()))
    related = siblings[:4]
    popular = sorted(siblings[4:], key=lambda b: b["id"])[:3]
    menu = "\n".join(f'        <li><a href="{base}/{slug}{"/" if slug else ""}">{esc(item)}</a></li>'
                     for item, slug in zip(s["menu"], s["menu_slugs"]))
    rel_items = "\n".join(f'        <li><a href="{esc(b["url"])}">{esc(b["title"])}</a> <span class="date">{b["date"]}</span></li>'
                          for b in related)
    pop_items = "\n".join(f'        <li><a href="{esc(b["url"])}">{esc(b["title"])}</a></li>' for b in popular)
    foot_links = " | ".join(f'<a href="{base}/info/{i + 1}/">{esc(x)}</a>' for i, x in enumerate(s["footer_links"]))
    iso = a["dt"].isoformat()
    ld = json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"],
        "datePublished": iso, "mainEntityOfPage": a["url"],
        "publisher": {"@type": "Organization", "name": name},
    }, ensure_ascii=False)
    lead = a["paragraphs"][0]
    if len(lead) > 200:
        lead = lead[:197].rsplit(" ", 1)[0] + "…"
    comments = int(hashlib.md5(a["id"].encode()).hexdigest(), 16) % 40
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
  <meta charset="{charset}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{esc(a['title'])} — {esc(name)}</title>
  <meta name="description" content="{html.escape(lead)}">
  <meta property="og:site_name" content="{html.escape(name)}">
  <meta property="og:type" content="article">
  <meta property="og:title" content="{html.escape(a['title'])}">
  <meta property="og:url" content="{a['url']}">
  <meta property="article:published_time" content="{iso}">
  <link rel="canonical" href="{a['url']}">
  <link rel="stylesheet" href="{base}/static/site.css">
  <script type="application/ld+json">{ld}</script>
  <script src="{base}/static/counter.js" async></script>
</head>
<body>
  <div class="cookie-banner">{esc(s['cookie'])} <button>OK</button></div>
  <header class="site-header">
    <a class="logo" href="{base}/"><img src="{base}/static/logo.png" alt="{html.escape(name)}"> {esc(name)}</a>
    <div class="weather">{esc(s['weather'])}</div>
    <form class="search" action="{base}/search"><input name="q" placeholder="{html.escape(s['search'])}"></form>
  </header>
  <nav class="main-menu">
    <ul>
{menu}
    </ul>
  </nav>
  <div class="ad ad-top">{esc(s['ad_top'])}</div>
  <main class="content">
    <article class="article">
      <div class="rubric"><a href="{base}/{s['menu_slugs'][1]}/">{esc(s['rubric'])}</a></div>
      <h1 class="article-title">{esc(a['title'])}</h1>
      <div class="article-meta"><time datetime="{iso}">{human_date(a['dt'], lang)}</time></div>
      <div class="article-body">
{body_html(a)}
      </div>
      <div class="share">{esc(s['share'])}: <a href="#">VK</a> <a href="#">OK</a> <a href="#">Mail</a></div>
    </article>
    <aside class="subscribe-box">
      <h3>{esc(s['subscribe_h'])}</h3>
      <p>{esc(s['subscribe_p'])}</p>
      <form action="{base}/subscribe" method="post"><input type="email" placeholder="{html.escape(s['email'])}"><button>{esc(s['subscribe_btn'])}</button></form>
    </aside>
    <section class="related">
      <h3>{esc(s['related'])}</h3>
      <ul>
{rel_items}
      </ul>
    </section>
    <div class="ad ad-side">{esc(s['ad_side'])}</div>
    <section class="popular">
      <h3>{esc(s['popular'])}</h3>
      <ol>
{pop_items}
      </ol>
    </section>
    <div class="comments-teaser"><a href="{a['url']}#comments">{esc(s['comments'])} ({comments})</a></div>
  </main>
  <footer class="site-footer">
    <p>{esc(s['footer'].format(name=name))}</p>
    <p>{foot_links}</p>
  </footer>
</body>
</html>
"""


def write_html(data, out):
    files = {}
    for a in data["articles"]:
        if a["format"] != "html":
            continue
        tail = a["url"].rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
        path = HERE / HTML_FILE.format(slug=outlet_slug(a["outlet_info"]), tail=tail)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html_page(data, a), encoding="utf-8")
        files[a["id"]] = rel(path)
    return files


# a valid 1x1 transparent PNG
PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082")


def write_warc(data, out):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = HERE / WARC_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    files = {}
    clock = [CRAWL_START]

    def tick():
        clock[0] += timedelta(seconds=7)
        return clock[0].strftime("%Y-%m-%dT%H:%M:%SZ")

    def wid(kind, uri):
        return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, kind + ' ' + uri)}>"

    def http_date():
        return email.utils.format_datetime(clock[0], usegmt=True)

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)

    info = (b"software: shiftwatch demo/build.py\r\n"
            b"format: WARC File Format 1.0\r\n"
            b"description: Invented demo crawl of Ladimir region news sites (all .example)\r\n"
            b"isPartOf: shiftwatch-demo\r\n")
    rec = writer.create_warc_record(
        "", "warcinfo", payload=io.BytesIO(info), length=len(info),
        warc_content_type="application/warc-fields",
        warc_headers_dict={"WARC-Record-ID": wid("warcinfo", WARC_FILE), "WARC-Date": tick(),
                           "WARC-Filename": Path(WARC_FILE).name})
    writer.write_record(rec)

    def request(uri):
        host = uri.split("/")[2]
        pathq = "/" + uri.split("/", 3)[3] if uri.count("/") >= 3 else "/"
        hdrs = StatusAndHeaders(f"GET {pathq} HTTP/1.1", [
            ("Host", host),
            ("User-Agent", "Mozilla/5.0 (compatible; shiftwatch-demo-crawler/1.0)"),
            ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
            ("Accept-Language", "ru,en;q=0.8"),
        ], is_http_request=True)
        r = writer.create_warc_record(uri, "request", http_headers=hdrs,
                                      warc_headers_dict={"WARC-Record-ID": wid("request", uri), "WARC-Date": tick()})
        writer.write_record(r)

    def response(uri, body: bytes, ctype):
        hdrs = StatusAndHeaders("200 OK", [
            ("Date", http_date()),
            ("Server", "nginx"),
            ("Content-Type", ctype),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "max-age=300"),
        ], protocol="HTTP/1.1")
        r = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), length=len(body),
                                      http_headers=hdrs,
                                      warc_headers_dict={"WARC-Record-ID": wid("response", uri),
                                                         "WARC-Date": tick(),
                                                         "WARC-IP-Address": "192.0.2.%d" % (len(uri) % 200 + 10)})
        writer.write_record(r)

    arts = sorted((a for a in data["articles"] if a["format"] == "warc"), key=lambda a: a["dt"])
    for i, a in enumerate(arts):
        charset = a.get("encoding", "utf-8")
        page = html_page(data, a, charset=charset).encode(charset, "xmlcharrefreplace")
        request(a["url"])
        response(a["url"], page, f"text/html; charset={charset}")
        files[a["id"]] = rel(path)
        if i == 1:
            logo = f"https://{a['outlet_info']['domain']}/static/logo.png"
            request(logo)
            response(logo, PNG_1x1, "image/png")
        if i == 3:
            api = f"https://{a['outlet_info']['domain']}/api/comments?article={slugify(a['url'].rsplit('/', 1)[-1])}"
            payload = json.dumps({"article": a["url"], "count": 2, "comments": [
                {"author": "reader_17", "text": "Наконец-то навели порядок!" if a["lang"] == "ru" else "About time."},
                {"author": "tikha_river", "text": "Сколько можно..." if a["lang"] == "ru" else "Not again."},
            ]}, ensure_ascii=False).encode("utf-8")
            request(api)
            response(api, payload, "application/json; charset=utf-8")
    path.write_bytes(buf.getvalue())
    return files


def plain_text(a):
    return "\n\n".join(a["paragraphs"])


def write_jsonl(data, out):
    path = HERE / JSONL_FILE
    files = {}
    lines = []
    for a in sorted((a for a in data["articles"] if a["format"] == "jsonl"), key=lambda a: a["dt"]):
        lines.append(json.dumps({
            "id": a["id"], "url": a["url"], "title": a["title"], "published": a["dt"].isoformat(),
            "outlet": a["outlet_name"], "lang": a["lang"], "text": plain_text(a),
        }, ensure_ascii=False))
        files[a["id"]] = rel(path)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return files


def write_csv(data, out):
    path = HERE / CSV_FILE
    files = {}
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "url", "title", "published", "outlet", "lang", "text"])
        for a in sorted((a for a in data["articles"] if a["format"] == "csv"), key=lambda a: a["dt"]):
            w.writerow([a["id"], a["url"], a["title"], a["date"], a["outlet_name"], a["lang"], plain_text(a)])
            files[a["id"]] = rel(path)
    return files


def write_text(data, out):
    files = {}
    for a in data["articles"]:
        if a["format"] != "text":
            continue
        path = HERE / a["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        text = plain_text(a) + "\n"
        if a.get("newline") == "crlf":
            text = text.replace("\n", "\r\n")
        path.write_bytes(text.encode(a["encoding"]))
        files[a["id"]] = rel(path)
    return files


# --------------------------------------------------------------------------- facts

def speaker_display(data, sid):
    if sid.startswith("anon:"):
        return None
    return data["speakers"][sid]["name"]


def build_facts(data, files):
    arts = data["articles"]
    planted = data["planted"]
    copy_id = planted["syndicated"]["copy"]
    expected = []
    for a in sorted(arts, key=lambda a: (a["dt"], a["id"])):
        for s in a["statements"]:
            expected.append({
                "article_id": a["id"], "url": a["url"], "outlet": a["outlet_name"], "lang": a["lang"],
                "published": a["date"], "speaker_id": s["speaker_id"],
                "speaker": speaker_display(data, s["speaker_id"]),
                "kind": s["kind"], "text_contains": s["text_contains"],
                "about_migration": s["stance"] is not None,
                "stance": s["stance"], "frames": s["frames"],
                "in_syndicated_copy": a["id"] == copy_id,
            })

    speakers = {}
    for sid, sp in data["speakers"].items():
        mine = [e for e in expected if e["speaker_id"] == sid]
        mig = [e for e in mine if e["about_migration"]]
        speakers[sid] = {
            "name": sp["name"], "name_ru": sp["name_ru"], "role": sp["role"], "role_ru": sp["role_ru"],
            "organisation": bool(sp.get("organisation")),
            "statements": len(mine),
            "statements_about_migration": len(mig),
            "statements_about_migration_excluding_syndicated_copy":
                len([e for e in mig if not e["in_syndicated_copy"]]),
            "languages": sorted({e["lang"] for e in mine}),
            "mean_stance": round(sum(STANCE_VALUE[e["stance"]] for e in mig) / len(mig), 3) if mig else None,
            "first_seen": min((e["published"] for e in mine), default=None),
            "last_seen": max((e["published"] for e in mine), default=None),
        }

    anonymous = []
    for aid_, spec in data["anonymous"].items():
        mine = [e for e in expected if e["speaker_id"] == aid_]
        anonymous.append({
            "speaker_id": aid_, "mention_en": spec["en"], "mention_ru": spec["ru"],
            "doc_ids": sorted({e["article_id"] for e in mine}),
            "statements": len(mine),
            "languages": sorted({e["lang"] for e in mine}),
        })

    shifts = []
    for sh in planted["shifts"]:
        mig = [e for e in expected if e["speaker_id"] == sh["speaker_id"] and e["about_migration"]]
        before = [e for e in mig if e["published"][:7] < sh["month"]]
        after = [e for e in mig if e["published"][:7] >= sh["month"]]

        def stats(xs):
            return {"n": len(xs),
                    "mean_stance": round(sum(STANCE_VALUE[e["stance"]] for e in xs) / len(xs), 3),
                    "stances": dict(sorted(collections.Counter(e["stance"] for e in xs).items())),
                    "languages": sorted({e["lang"] for e in xs}),
                    "first": min(e["published"] for e in xs), "last": max(e["published"] for e in xs)}
        shifts.append({"speaker_id": sh["speaker_id"], "month": sh["month"], "date": sh["month"] + "-01",
                       "direction": sh["direction"], "from": sh["from"], "to": sh["to"], "note": sh["note"],
                       "before": stats(before), "after": stats(after)})

    outlets = []
    for key, o in data["outlets"].items():
        mine = [a for a in arts if a["outlet"] == key]
        outlets.append({"key": key, "name": o["name"], "domain": o["domain"], "lang": o["lang"],
                        "formats": o["formats"], "articles": len(mine)})

    documents = []
    for a in sorted(arts, key=lambda a: (a["dt"], a["id"])):
        documents.append({"article_id": a["id"], "url": a["url"], "title": a["title"], "outlet": a["outlet_name"],
                          "lang": a["lang"], "published": a["date"], "format": a["format"], "file": files[a["id"]],
                          "statements": len(a["statements"])})

    plain = []
    for a in arts:
        if a["format"] == "text":
            plain.append({"file": files[a["id"]], "article_id": a["id"], "encoding": a["encoding"],
                          "newline": a.get("newline", "lf"), "outlet": a["outlet_name"], "date": a["date"],
                          "lang": a["lang"], "url": a["url"]})

    measures, events = build_measures(data, arts)
    for d in documents:
        a = data["by_id"][d["article_id"]]
        d["measures"] = None if a["measures"] is None else [m["event"] for m in a["measures"]]

    file_counts = collections.Counter(files.values())
    frames_seen = collections.Counter(f for e in expected for f in e["frames"])
    return {
        "description": "Planted facts of the shiftwatch demo corpus (generated by demo/build.py from demo/articles.yaml; do not edit by hand).",
        "articles": len(arts),
        "articles_by_lang": dict(sorted(collections.Counter(a["lang"] for a in arts).items())),
        "articles_by_outlet": {o["name"]: o["articles"] for o in outlets},
        "articles_by_format": dict(sorted(collections.Counter(a["format"] for a in arts).items())),
        "outlets": [o["name"] for o in outlets],
        "outlet_details": outlets,
        "date_range": [min(a["date"] for a in arts), max(a["date"] for a in arts)],
        "files": dict(sorted(file_counts.items())),
        "documents": documents,
        "speakers": speakers,
        "anonymous": anonymous,
        "shifts": shifts,
        "syndicated": {"original": planted["syndicated"]["original"], "copy": planted["syndicated"]["copy"],
                       "edits": planted["syndicated"]["edits"]},
        "scare_quote_headline": planted["scare_quote_headline"],
        "scare_quotes_in_body": planted["scare_quotes_in_body"],
        "interviews": planted["interviews"],
        "feed_posts": planted["feed_posts"],
        "multi_paragraph_quote": planted["multi_paragraph_quote"],
        "split_quotes": planted["split_quotes"],
        "dash_direct_speech": planted["dash_direct_speech"],
        "negatives": planted["negatives"],
        "plain_text_files": plain,
        "statements_total": len(expected),
        "statements_about_migration": sum(e["about_migration"] for e in expected),
        "statements_by_kind": dict(sorted(collections.Counter(e["kind"] for e in expected).items())),
        "statements_by_stance": dict(sorted(collections.Counter(str(e["stance"]) for e in expected).items())),
        "statements_by_frame": dict(sorted(frames_seen.items())),
        "expected_statements": expected,
        "measures_coded_articles": sorted(a["id"] for a in arts if a["measures"] is not None),
        "measures_total": len(measures),
        "measure_events_total": len(events),
        "measures_by_kind": dict(sorted(collections.Counter(m["kind"] for m in measures).items())),
        "measures_by_status": dict(sorted(collections.Counter(m["status"] for m in measures).items())),
        "measure_events": events,
        "measure_negatives": planted.get("measure_negatives", []),
        "expected_measures": measures,
    }


def build_measures(data, arts):
    """One row per report (expected_measures) and one per event, first report first."""
    measures = []
    for a in sorted(arts, key=lambda a: (a["dt"], a["id"])):
        for m in a["measures"] or []:
            measures.append({
                "article_id": a["id"], "url": a["url"], "outlet": a["outlet_name"], "lang": a["lang"],
                "published": a["date"], "event_id": m["event"], "initiative": m["event"].split("/")[0],
                "stage": m["event"].split("/")[1], "kind": m["kind"], "authority_id": m["authority_id"],
                "level": m["level"], "region": m["region"], "sectors": m["sectors"], "status": m["status"],
                "direction": m["direction"], "effective": m["effective"], "text_contains": m["text_contains"],
            })
    events = []
    by_event = collections.OrderedDict()
    for m in measures:
        by_event.setdefault(m["event_id"], []).append(m)
    for ev, reps in by_event.items():
        first = reps[0]
        events.append({
            "event_id": ev, "initiative": first["initiative"], "stage": first["stage"],
            **{f: first[f] for f in EVENT_FIELDS},
            "sectors": sorted({x for r in reps for x in r["sectors"]}),
            "effective": next((r["effective"] for r in reps if r["effective"]), None),
            "first_report": {"article_id": first["article_id"], "outlet": first["outlet"], "published": first["published"]},
            "reports": [{"article_id": r["article_id"], "outlet": r["outlet"], "lang": r["lang"],
                         "published": r["published"]} for r in reps],
            "outlets": sorted({r["outlet"] for r in reps}),
            "languages": sorted({r["lang"] for r in reps}),
        })
    events.sort(key=lambda e: (e["first_report"]["published"], e["event_id"]))
    return measures, events


# --------------------------------------------------------------------------- output checks

def strip_tags(s):
    return html.unescape(re.sub(r"<[^>]+>", " ", s))


def norm_ws(s):
    return re.sub(r"\s+", " ", s)


def contains_all(text, a, problems, where):
    t = norm_ws(text)
    for s in a["statements"]:
        if norm_ws(s["text_contains"]) not in t:
            problems.append(f"{where}: {a['id']} statement {s['text_contains'][:40]!r} not found")
    for m in a["measures"] or []:
        if norm_ws(m["text_contains"]) not in t:
            problems.append(f"{where}: {a['id']} measure {m['text_contains'][:40]!r} not found")


def check_outputs(data, problems):
    import feedparser
    from warcio.archiveiterator import ArchiveIterator

    facts = json.loads(FACTS.read_text(encoding="utf-8"))
    by_id = data["by_id"]
    by_url = {a["url"]: a for a in data["articles"]}
    seen = collections.Counter()
    report = {}

    # feeds
    for fmt, pattern in (("rss", RSS_FILE), ("atom", ATOM_FILE)):
        for okey, arts in by_outlet_format(data, fmt).items():
            path = HERE / pattern.format(slug=outlet_slug(data["outlets"][okey]))
            feed = feedparser.parse(path.read_bytes())
            if feed.bozo:
                problems.append(f"{rel(path)}: feedparser bozo: {feed.bozo_exception}")
            if len(feed.entries) != len(arts):
                problems.append(f"{rel(path)}: {len(feed.entries)} entries, want {len(arts)}")
            for e in feed.entries:
                a = by_url.get(e.link)
                if not a:
                    problems.append(f"{rel(path)}: unknown entry {e.link}")
                    continue
                seen[a["id"]] += 1
                content = e.content[0].value if "content" in e else ""
                contains_all(strip_tags(content), a, problems, rel(path))
                date = e.get("published_parsed")
                if not date or "%04d-%02d-%02d" % date[:3] != a["dt"].astimezone(timezone.utc).date().isoformat():
                    problems.append(f"{rel(path)}: {a['id']} date mismatch")
            report[rel(path)] = f"{feed.version or fmt}, {len(feed.entries)} entries"

    # html pages
    for a in data["articles"]:
        if a["format"] != "html":
            continue
        path = HERE / facts["documents"][[d["article_id"] for d in facts["documents"]].index(a["id"])]["file"]
        page = path.read_text(encoding="utf-8")
        for needle in ("<article", "<nav", "<footer", "article:published_time", "<time datetime=", "<h1"):
            if needle not in page:
                problems.append(f"{rel(path)}: missing {needle}")
        m = re.search(r"<article.*?</article>", page, re.S)
        contains_all(strip_tags(m.group(0)), a, problems, rel(path))
        seen[a["id"]] += 1
    report["corpus/html/"] = f"{sum(1 for a in data['articles'] if a['format'] == 'html')} pages"

    # warc
    types = collections.Counter()
    with open(HERE / WARC_FILE, "rb") as f:
        for rec in ArchiveIterator(f):
            types[rec.rec_type] += 1
            if rec.rec_type != "response":
                continue
            ctype = rec.http_headers.get_header("Content-Type") or ""
            types["response " + ctype.split(";")[0]] += 1
            uri = rec.rec_headers.get_header("WARC-Target-URI")
            body = rec.content_stream().read()
            if not ctype.startswith("text/html"):
                continue
            charset = ctype.split("charset=")[-1] if "charset=" in ctype else "utf-8"
            a = by_url.get(uri)
            if not a:
                problems.append(f"warc: unknown html response {uri}")
                continue
            seen[a["id"]] += 1
            contains_all(strip_tags(body.decode(charset)), a, problems, "warc")
    if types["request"] < 1 or types["response image/png"] != 1 or types["response application/json"] != 1:
        problems.append(f"warc: unexpected record mix {dict(types)}")
    report[WARC_FILE] = ", ".join(f"{k}: {v}" for k, v in sorted(types.items()))

    # jsonl
    n = 0
    for line in (HERE / JSONL_FILE).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        a = by_id[rec["id"]]
        if set(rec) != {"id", "url", "title", "published", "outlet", "lang", "text"}:
            problems.append(f"jsonl: {rec['id']} fields {sorted(rec)}")
        if rec["text"] != plain_text(a) or rec["url"] != a["url"]:
            problems.append(f"jsonl: {rec['id']} text/url mismatch")
        contains_all(rec["text"], a, problems, "jsonl")
        seen[a["id"]] += 1
        n += 1
    report[JSONL_FILE] = f"{n} records"

    # csv
    n = 0
    multiline = 0
    with (HERE / CSV_FILE).open(encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            a = by_id[rec["id"]]
            if rec["text"] != plain_text(a):
                problems.append(f"csv: {rec['id']} text mismatch")
            multiline += "\n" in rec["text"]
            contains_all(rec["text"], a, problems, "csv")
            seen[a["id"]] += 1
            n += 1
    if not multiline:
        problems.append("csv: no multi-line text field")
    report[CSV_FILE] = f"{n} records ({multiline} with multi-line text)"

    # plain text
    for p in facts["plain_text_files"]:
        raw = (HERE / p["file"]).read_bytes()
        try:
            raw.decode("utf-8")
            problems.append(f"{p['file']}: decodes as UTF-8, should be {p['encoding']}")
        except UnicodeDecodeError:
            pass
        text = raw.decode(p["encoding"]).replace("\r\n", "\n")
        a = by_id[p["article_id"]]
        if text.strip() != plain_text(a):
            problems.append(f"{p['file']}: text mismatch")
        contains_all(text, a, problems, p["file"])
        seen[a["id"]] += 1
        report[p["file"]] = f"{p['encoding']}, {len(raw)} bytes, --outlet '{p['outlet']}' --date {p['date']}"

    for a in data["articles"]:
        if seen[a["id"]] != 1:
            problems.append(f"{a['id']}: appears {seen[a['id']]} times in the corpus (want exactly 1)")

    # syndicated pair
    syn = facts["syndicated"]
    ratio = difflib.SequenceMatcher(None, plain_text(by_id[syn["original"]]), plain_text(by_id[syn["copy"]])).ratio()
    if not 0.85 <= ratio < 1.0:
        problems.append(f"syndicated pair similarity {ratio:.3f} (want a near duplicate)")
    report["syndicated similarity"] = f"{syn['original']} ~ {syn['copy']}: {ratio:.3f}"

    # planted shifts
    for sh in facts["shifts"]:
        b, a_ = sh["before"], sh["after"]
        if b["n"] < 5 or a_["n"] < 5:
            problems.append(f"shift {sh['speaker_id']}: too few statements {b['n']}/{a_['n']}")
        if len(b["languages"]) < 2 or len(a_["languages"]) < 2:
            problems.append(f"shift {sh['speaker_id']}: not quoted in both languages on both sides")
        if sh["direction"] == "softer" and not (b["mean_stance"] <= -0.5 and a_["mean_stance"] >= 0.5):
            problems.append(f"shift {sh['speaker_id']}: not clearly softer {b['mean_stance']} -> {a_['mean_stance']}")
        if sh["direction"] == "harder" and not (b["mean_stance"] >= 0.2 and a_["mean_stance"] <= -0.9):
            problems.append(f"shift {sh['speaker_id']}: not clearly harder {b['mean_stance']} -> {a_['mean_stance']}")
        if sh["direction"] == "softer" and "restrictive" in a_["stances"]:
            problems.append(f"shift {sh['speaker_id']}: restrictive statement after the shift")
        if sh["direction"] == "harder" and "restrictive" in b["stances"]:
            problems.append(f"shift {sh['speaker_id']}: restrictive statement before the shift")
        if sh["direction"] == "softer" and "welcoming" in b["stances"]:
            problems.append(f"shift {sh['speaker_id']}: welcoming statement before the shift")
        if sh["direction"] == "harder" and set(a_["stances"]) != {"restrictive"}:
            problems.append(f"shift {sh['speaker_id']}: non-restrictive statement after the shift")
    if set(facts["statements_by_frame"]) != FRAMES:
        problems.append(f"not all frames used: {facts['statements_by_frame']}")
    for an in facts["anonymous"]:
        if len(an["languages"]) < 2:
            problems.append(f"{an['speaker_id']}: only in {an['languages']}")
    if facts.get("expected_measures") is not None:
        for ev in facts["measure_events"]:
            if ev["first_report"]["published"] != min(r["published"] for r in ev["reports"]):
                problems.append(f"event {ev['event_id']}: first report is not the earliest")
        report["measures"] = (f"{facts['measures_total']} reports of {facts['measure_events_total']} events in "
                              f"{len(facts['measures_coded_articles'])} coded articles; "
                              f"{len(facts['measure_negatives'])} near-misses")
    return report


# --------------------------------------------------------------------------- main

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="only check the existing corpus and facts.json")
    ap.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    args = ap.parse_args(argv)

    data = load()
    problems, warnings = [], []
    check_source(data, problems, warnings)
    if problems:
        print("articles.yaml has problems:", file=sys.stderr)
        for p in problems:
            print("  - " + p, file=sys.stderr)
        return 1

    if not args.check:
        if CORPUS.exists():
            shutil.rmtree(CORPUS)
        CORPUS.mkdir()
        files = {}
        for writer in (write_rss, write_atom, write_html, write_warc, write_jsonl, write_csv, write_text):
            files.update(writer(data, CORPUS))
        missing = [a["id"] for a in data["articles"] if a["id"] not in files]
        if missing:
            print(f"articles not written: {missing}", file=sys.stderr)
            return 1
        facts = build_facts(data, files)
        FACTS.write_text(json.dumps(facts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    report = check_outputs(data, problems)
    for w in warnings:
        print("warning: " + w, file=sys.stderr)
    if problems:
        print("corpus check FAILED:", file=sys.stderr)
        for p in problems:
            print("  - " + p, file=sys.stderr)
        return 1
    if not args.quiet:
        facts = json.loads(FACTS.read_text(encoding="utf-8"))
        print(f"demo corpus: {facts['articles']} articles {facts['articles_by_lang']}, "
              f"{facts['date_range'][0]} .. {facts['date_range'][1]}")
        print("  by outlet: " + ", ".join(f"{k} {v}" for k, v in facts["articles_by_outlet"].items()))
        print("  by format: " + ", ".join(f"{k} {v}" for k, v in facts["articles_by_format"].items()))
        for k, v in report.items():
            print(f"  {k}: {v}")
        print(f"  statements: {facts['statements_total']} ({facts['statements_about_migration']} about migration); "
              f"kinds {facts['statements_by_kind']}")
        print(f"  stances {facts['statements_by_stance']}")
        print(f"  frames {facts['statements_by_frame']}")
        for sh in facts["shifts"]:
            print(f"  shift {sh['speaker_id']} {sh['month']} {sh['direction']}: "
                  f"{sh['before']['mean_stance']:+.2f} (n={sh['before']['n']}) -> "
                  f"{sh['after']['mean_stance']:+.2f} (n={sh['after']['n']})")
        for an in facts["anonymous"]:
            print(f"  {an['speaker_id']}: {an['statements']} statements in {len(an['doc_ids'])} docs {an['languages']}")
        for ev in facts.get("measure_events", []):
            print(f"  event {ev['event_id']}: {ev['status']} {ev['direction']} by {ev['authority_id']}, "
                  f"{len(ev['reports'])} report(s) {', '.join(r['article_id'] for r in ev['reports'])}")
        print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
