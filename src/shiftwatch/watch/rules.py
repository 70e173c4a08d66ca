"""Alert rules: which findings become alerts, and the key that makes each one raised once.

An alert's id is a hash of its rule and a key (a shift's group, kind,
direction and first date; a measure event's id; a quote's id), and the
store keeps every id raised: the same finding is never alerted twice, also
after a restart. A shift's date can move a little as more news arrives, so
a shift of the same group, kind and direction within ``same_within_days``
of one already alerted counts as that one.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from importlib import resources
from pathlib import Path

from ..errors import ShiftwatchError

DEFAULTS_FILE = "alerts.yaml"
RULES = ("shift", "measure", "quote")


def default_rules() -> dict:
    import yaml

    return yaml.safe_load(resources.files(__package__).joinpath(DEFAULTS_FILE).read_text(encoding="utf-8"))


def load_rules(path: str | Path | None = None) -> dict:
    """The shipped defaults, overridden by the YAML file at ``path``; a bad file is one clear error."""
    import yaml

    rules = default_rules()
    if path is None:
        return rules
    try:
        given = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except OSError as e:
        raise ShiftwatchError(f"--alerts {path}: cannot read it ({e.strerror or e})") from None
    except yaml.YAMLError as e:
        raise ShiftwatchError(f"--alerts {path}: not valid YAML ({str(e).splitlines()[0]})") from None
    if not isinstance(given, dict):
        raise ShiftwatchError(f"--alerts {path}: expected a mapping of rules ({', '.join(RULES)})")
    out = copy.deepcopy(rules)
    for rule, values in given.items():
        if rule not in RULES:
            raise ShiftwatchError(f"--alerts {path}: unknown rule {rule!r} (rules: {', '.join(RULES)})")
        if values is False or values is None:
            out[rule]["enabled"] = False
            continue
        if not isinstance(values, dict):
            raise ShiftwatchError(f"--alerts {path}: {rule} must be a mapping of settings")
        for key, value in values.items():
            if key not in rules[rule]:
                raise ShiftwatchError(f"--alerts {path}: {rule}.{key} is not a setting ({', '.join(rules[rule])})")
            default = rules[rule][key]
            if isinstance(default, list) and not isinstance(value, list):
                value = [value]
            elif isinstance(default, bool) and not isinstance(value, bool):
                raise ShiftwatchError(f"--alerts {path}: {rule}.{key} must be true or false")
            elif isinstance(default, (int, float)) and not isinstance(default, bool) and not isinstance(value, (int, float)):
                raise ShiftwatchError(f"--alerts {path}: {rule}.{key} must be a number")
            out[rule][key] = value
    bad = set(out["shift"]["groups"]) - {"speaker", "outlet", "all"}
    if bad:
        raise ShiftwatchError(f"--alerts {path}: shift.groups may hold speaker, outlet, all, not {sorted(bad)}")
    return out


def alert_id(rule: str, key: str) -> str:
    return hashlib.sha1(f"{rule}\0{key}".encode()).hexdigest()[:16]


def _date(x) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(x)[:10])
    except ValueError:
        return None


def shift_alerts(shifts: list[dict], raised: list[tuple], rules: dict, at: dt.datetime) -> list[dict]:
    """Alerts for the shifts not alerted yet. ``raised``: (alert_id, group, detail JSON) of the rule."""
    rule = rules["shift"]
    if not rule.get("enabled", True):
        return []
    window = dt.timedelta(days=float(rule.get("same_within_days", 0)))
    known: list[dict] = []
    for _, _, detail in raised:
        try:
            known.append(json.loads(detail or "{}"))
        except ValueError:
            continue
    out = []
    for s in sorted(shifts, key=lambda s: (s["date"], s["group"])):
        by = s.get("by") or "all"
        s = {**s, "group": s["group"] if by == "all" else f"{by}:{s['group']}"}
        if s.get("kind", "stance") not in rule["kinds"] or s.get("confidence", 1) < rule["min_confidence"]:
            continue
        day = _date(s["date"])

        def same(k: dict) -> bool:
            other = _date(k.get("date"))
            return (k.get("group") == s["group"] and k.get("kind") == s.get("kind") and k.get("frame") == s.get("frame")
                    and k.get("direction") == s["direction"] and day is not None and other is not None
                    and abs(day - other) <= window)

        if any(same(k) for k in known):
            continue
        key = f"{s.get('kind')}:{s['group']}:{s.get('frame')}:{s['direction']}:{s['date']}"
        what = f"{s['label'] or s['group']}" + (f" ({s['frame']} share)" if s.get("frame") else "")
        summary = (f"{what}: {s['direction']} from {s['date']}, mean stance {s['before']:+.2f} -> {s['after']:+.2f} "
                   f"({s['n_before']} / {s['n_after']} statements, confidence {s['confidence']:.2f})")
        detail = {k: s.get(k) for k in ("kind", "group", "label", "frame", "date", "direction", "before", "after",
                                        "n_before", "n_after", "confidence")}
        out.append({"alert_id": alert_id("shift", key), "at": at, "rule": "shift", "kind": "shift",
                    "group": s["group"], "summary": summary, "refs": [f"shift:{key}"], "detail": detail})
        known.append(detail)
    return out


def measure_alerts(events: list[dict], rules: dict, at: dt.datetime) -> list[dict]:
    rule = rules["measure"]
    if not rule.get("enabled", True):
        return []
    out = []
    for e in events:
        if rule["kinds"] and e.get("kind") not in rule["kinds"]:
            continue
        if rule["statuses"] and e.get("status") not in rule["statuses"]:
            continue
        eid = str(e.get("event_id"))
        who = e.get("authority_id") or e.get("authority") or "an authority"
        summary = (f"new measure event: {e.get('kind') or 'measure'} by {who}"
                   + (f", {e['status']}" if e.get("status") else "")
                   + (f", first reported {e['first_published']}" if e.get("first_published") else "")
                   + (f" by {e['first_outlet']}" if e.get("first_outlet") else ""))
        out.append({"alert_id": alert_id("measure", eid), "at": at, "rule": "measure", "kind": "measure",
                    "group": str(who), "summary": summary, "refs": [eid], "detail": _plain(e)})
    return out


def quote_alerts(quotes: list[dict], rules: dict, at: dt.datetime) -> list[dict]:
    rule = rules["quote"]
    if not rule.get("enabled", True):
        return []
    out = []
    for q in quotes:
        outlets = q.get("outlets")
        n = len(outlets) if isinstance(outlets, (list, tuple)) else int(outlets or 0)
        if n < rule["min_outlets"]:
            continue
        qid = str(q.get("quote_id"))
        text = str(q.get("text") or "")
        summary = (f"quote of {q.get('speaker') or q.get('speaker_id') or 'a speaker'} reported by {n} outlets: "
                   f"\u201c{text[:120]}{'…' if len(text) > 120 else ''}\u201d"
                   + (f", first by {q['first_outlet']}" if q.get("first_outlet") else ""))
        refs = [str(x) for x in (q.get("statement_ids") or [])] or [qid]
        out.append({"alert_id": alert_id("quote", f"{qid}:{rule['min_outlets']}"), "at": at, "rule": "quote",
                    "kind": "quote", "group": f"speaker:{q.get('speaker_id')}" if q.get("speaker_id") else None,
                    "summary": summary, "refs": refs, "detail": _plain(q)})
    return out


def _plain(row: dict) -> dict:
    return json.loads(json.dumps(row, default=str))
