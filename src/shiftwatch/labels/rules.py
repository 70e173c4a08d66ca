"""The explainable layer: lexicon hits, negation, quotes, and the rule labels.

Every decision of this layer points at words (the cues). The classifier in
``model.py`` uses the same hits as features, so its labels can be explained
by them too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from importlib import resources

import yaml

from ..records import FRAMES
from .text import Token, en_stem, tokenize

STANCE_CATS = ("threat", "measure", "demand", "soft_measure", "welcoming", "critique", "act")
# welcoming_weak: generic kind words (help, support, together) that are welcoming
# only when aimed at migrants ("help refugees", not "help us stop them"); target:
# the people and policy words they must be aimed at
# distance: words that hold quoted words at arm's length ("so-called", "those who
# shout", «разговоры о»): only then do quoted words count for the other side
# concession: "X, but how Y is another question" («другой вопрос», «другое дело»)
# balances the side taken before it; change: a change of policy asked for with no
# direction ("she spoke for a change of the rules"), which its paragraph gives
OTHER_CATS = ("topic", "topic_ambiguous", "not_topic", "harm", "advocate", "balance", "negator",
              "welcoming_weak", "target", "distance", "violent_act", "cost", "rise", "concession", "change")
CATEGORIES = STANCE_CATS + OTHER_CATS + tuple(f"frame_{f}" for f in FRAMES)
NEG_WINDOW = {"en": 3, "ru": 2}
# "not only", "не только" do not negate
_NOT_NEGATING_NEXT = {"only", "just", "merely", "только", "лишь", "просто"}
# negators that oppose something: they flip a measure or a welcome ("against
# deportations", "stop the amnesty") but opposing a threat or hostility keeps its
# side ("stop the invasion", "against racism")
_OPPOSING = {"stop", "against", "instead", "rather", "end", "ending", "abolish", "scrap", "lift", "lifting", "lifted",
             "pause", "paused", "defer", "deferred", "halt", "halted",
             "против", "вместо", "хватит", "отменить", "отменять", "отмена", "прекратить", "прекращать", "покончить"}
# a weak welcoming word is aimed at migrants when a target word stands at most
# this many words after it (or before it), with no clause break and no "us" between
WEAK_WINDOW = 3
WEAK_WINDOW_BEFORE = 5  # "refugees will continue to receive protection"
_SELF = {"us", "our", "ourselves", "we", "me", "my", "нам", "нас", "наш", "мы", "мне", "меня", "себе", "себя"}
# "protect women from refugees", «защитить от мигрантов»: aimed away from them
_FROM = {"from", "against", "от", "против"}
# a pronoun right after the weak word: "help them", "помочь им"
_PRONOUN_TARGET = {"them", "им", "их", "ним", "них", "ними"}


@dataclass(slots=True)
class Hit:
    cat: str
    start: int  # token index
    end: int
    words: str  # the surface words, for cues
    quoted: bool
    negated: bool = False
    opposed: bool = False  # negated by a word that opposes it ("lift the ban", «отменить запрет»)
    weak: bool = False  # a weak welcoming word aimed at migrants ("help migrants"), not a claim
    criticised: bool = False  # a measure or act a critique or harm word of the statement is about


@dataclass(slots=True)
class Lexicon:
    lang: str
    index: dict = field(default_factory=dict)  # first lemma -> [(cat, lemmas, entry)]
    prefixes: dict = field(default_factory=dict)  # cat -> tuple of prefixes
    digest: str = ""
    all_prefixes: tuple = ()
    _cache: dict = field(default_factory=dict)

    @classmethod
    def load(cls, lang: str) -> "Lexicon":
        raw = resources.files("shiftwatch.data.labels").joinpath(f"{lang}.yaml").read_bytes()
        data = yaml.safe_load(raw)
        lex = cls(lang, digest=hashlib.sha1(raw).hexdigest()[:10])
        unknown = set(data) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"labels lexicon {lang}.yaml: unknown categories {sorted(unknown)}")
        for cat, entries in data.items():
            for entry in entries or []:
                if not isinstance(entry, str):  # a bare no/yes/on is a YAML boolean, not a word
                    raise ValueError(f"labels lexicon {lang}.yaml: {cat}: quote the entry {entry!r}")
                entry = entry.strip().lower().replace("ё", "е")
                # "=these people": surface forms only, not lemmas (эти люди, not этот человек)
                exact = entry.startswith("=")
                body = entry[1:].strip() if exact else entry
                star = body.endswith("*")
                body = body[:-1] if star else body
                toks = tokenize(body, lang, mark_quotes=False)
                if star and len(toks) == 1 and not exact:
                    lex.prefixes.setdefault(cat, []).append(body)
                    continue
                # a phrase whose last word ends with * matches any word starting with it
                words = tuple(t.text if exact else t.lemma for t in toks)
                if star and words:
                    words = words[:-1] + (toks[-1].text + "*",)
                if words:
                    lex.index.setdefault(words[0], []).append((cat, words, exact))
        lex.prefixes = {c: tuple(p) for c, p in lex.prefixes.items()}
        lex.all_prefixes = tuple(p for ps in lex.prefixes.values() for p in ps)
        for cands in lex.index.values():
            cands.sort(key=lambda c: -len(c[1]))  # longest phrase first
        return lex

    def hits(self, tokens: list[Token]) -> list[Hit]:
        out: list[Hit] = []
        n = len(tokens)
        for i, tok in enumerate(tokens):
            phrases, prefix_cats = self._candidates(tok.text, tok.lemma)
            if not phrases and not prefix_cats:
                continue
            seen = set()
            for cat, words, exact in phrases:
                k = len(words)
                if cat in seen or i + k > n:
                    continue
                j = 0 if exact else 1
                while j < k and _word_matches(tokens[i + j], words[j], exact):
                    j += 1
                if j == k:
                    seen.add(cat)
                    out.append(Hit(cat, i, i + k, " ".join(t.text for t in tokens[i : i + k]) if k > 1 else tok.text, tok.quoted))
            for cat in prefix_cats:
                if cat not in seen:
                    seen.add(cat)
                    out.append(Hit(cat, i, i + 1, tok.text, tok.quoted))
        return out

    def _candidates(self, text: str, lemma: str) -> tuple:
        """Phrases that may start at a word, and prefix categories it matches (cached)."""
        key = (text, lemma)
        c = self._cache.get(key)
        if c is None:
            phrases = list(self.index.get(lemma, ()))
            if text != lemma:
                phrases += [p for p in self.index.get(text, ()) if p not in phrases]
            phrases.sort(key=lambda p: -len(p[1]))
            cats: tuple = ()
            if text.startswith(self.all_prefixes) or lemma.startswith(self.all_prefixes):
                cats = tuple(c for c, p in self.prefixes.items() if text.startswith(p) or lemma.startswith(p))
            c = (tuple(phrases), cats)
            if len(self._cache) < 300_000:
                self._cache[key] = c
        return c


def _word_matches(tok: Token, w: str, exact: bool) -> bool:
    if w.endswith("*"):
        return tok.text.startswith(w[:-1]) or tok.lemma.startswith(w[:-1])
    return tok.text == w if exact else (tok.lemma == w or tok.text == w)


_LEXICONS: dict[str, Lexicon] = {}


def lexicon(lang: str) -> Lexicon:
    lang = "ru" if lang == "ru" else "en"
    if lang not in _LEXICONS:
        _LEXICONS[lang] = Lexicon.load(lang)
    return _LEXICONS[lang]


def lexicon_digest() -> str:
    return lexicon("en").digest[:5] + lexicon("ru").digest[:5]


@dataclass(slots=True)
class Analysis:
    """What the rule layer found in one statement."""

    tokens: list[Token]
    hits: list[Hit]
    context_topic: int
    context_not_topic: int
    question: bool
    # topic words in the whole document and in its first line (headline): a
    # statement in a post about migrants is about migration
    doc_topic: int = 0
    doc_head_topic: int = 0
    # content words the statement shares with a headline about migration: a
    # statement that continues the headline's topic (a headline on checking foreigners'
    # accounts, then a statement on bank statements of tourists)
    head_overlap: int = 0
    # stance evidence of the paragraph around the statement beyond the statement's
    # own: restrictive and welcoming scores, and the restrictive acts it announces
    ctx_r: float = 0.0
    ctx_w: float = 0.0
    ctx_acts: list = field(default_factory=list)
    ctx_hits: tuple = ((), ())  # the paragraph's (restrictive, welcoming) hits beyond the statement's
    # the stance hits (restrictive, welcoming) of the sentence a fragment stands in
    # («полный запрет на труд приезжих» of «министр считает, что [it] – это утопия»)
    sentence_hits: tuple = ((), ())
    _counts: dict | None = None

    def count(self, cat: str, quoted: bool | None = False, negated: bool | None = None) -> int:
        if self._counts is None:
            c: dict = {}
            for h in self.hits:
                for q in (h.quoted, None):
                    for n in (h.negated, None):
                        c[(h.cat, q, n)] = c.get((h.cat, q, n), 0) + 1
            self._counts = c
        return self._counts.get((cat, quoted, negated), 0)


_STANCE_LIKE = frozenset(STANCE_CATS) | {"welcoming_weak"}
_SPAN_CATS = _STANCE_LIKE | {"harm", "advocate", "balance"}


def _drop_nested(hits: list[Hit]) -> list[Hit]:
    """A stance word inside a longer phrase is that phrase's word, counted once:
    'need' in 'need to', 'home' in 'go back home', 'invasion' in 'stop the invasion'."""
    long = [h for h in hits if h.cat in _SPAN_CATS and h.end - h.start > 1]
    topic = [h for h in hits if h.cat == "topic" and h.end - h.start > 1]
    if not long and not topic:
        return hits

    def inside(h: Hit, outer: list[Hit]) -> bool:
        return any(g.start <= h.start and h.end <= g.end and g.end - g.start > h.end - h.start for g in outer)

    # and 'system' in 'points-based system' is not the software sense
    return [h for h in hits if not (h.cat in _STANCE_LIKE and inside(h, long))
            and not (h.cat == "negator" and inside(h, [g for g in long if g.cat in _STANCE_LIKE]))
            and not (h.cat == "not_topic" and inside(h, topic))]


def _aimed(h: Hit, targets: list[Hit], tokens: list[Token]) -> bool:
    """Is a weak welcoming word aimed at migrants: a target word close after it
    (no clause break, no 'us' between) or a little further before it (no clause break)?"""
    n = len(tokens)
    if h.end < n and tokens[h.end].text in _PRONOUN_TARGET and not tokens[h.end].brk:
        return True
    for t in targets:
        if h.end <= t.start <= h.end + WEAK_WINDOW:
            gap = range(h.end, t.start + 1)
            if not any(tokens[j].brk for j in gap) and not any(
                tokens[j].text in _SELF or tokens[j].text in _FROM for j in range(h.end, t.start)
            ):
                return True
        elif h.start - WEAK_WINDOW_BEFORE <= t.end <= h.start:
            if not any(tokens[j].brk for j in range(t.end, h.start + 1)):
                return True
    return False


def _aim_weak(hits: list[Hit], tokens: list[Token]) -> list[Hit]:
    """Weak welcoming words aimed at migrants become welcoming hits; the rest go."""
    targets = [h for h in hits if h.cat == "target"]
    out = []
    for h in hits:
        if h.cat == "welcoming_weak":
            if not _aimed(h, targets, tokens):
                continue
            h.cat, h.weak = "welcoming", True
        out.append(h)
    return out


def _scare_quoted(hits: list[Hit], tokens: list[Token]) -> list[Hit]:
    """The people word alone in quote marks ("refugees", «беженцы») is the speaker
    doubting that they are what they are called: contempt, like 'so-called'."""
    out = []
    for h in hits:
        if h.cat != "target" or not h.quoted:
            continue
        # the whole quoted stretch, dashes and commas inside it included: «иностранцы —
        # в конец очереди» is a slogan quoted, not the people word held in doubt
        if sum(1 for t in tokens if t.quote == tokens[h.start].quote) <= 2:
            out.append(Hit("threat", h.start, h.end, f"“{h.words}”", False))
    return out


# the people words inside run-together words and hashtags: #stopimmigration,
# tentrefugees, «трудовыемигранты»
_TOPIC_INFIXES = {"en": ("refugee", "migrant", "immigra"), "ru": ("мигрант", "беженц")}


def _infix_topics(hits: list[Hit], tokens: list[Token], lang: str) -> list[Hit]:
    have = {h.start for h in hits if h.cat == "topic"}
    out = []
    for i, t in enumerate(tokens):
        if i not in have and len(t.text) > 9 and any(x in t.text[2:] for x in _TOPIC_INFIXES[lang]):
            out.append(Hit("topic", i, i + 1, t.text, t.quoted))
    return out


# a people counted as they move: «150 тысяч украинцев вернулись», "200,000 Syrians
# fled": a movement of people across borders, migration without a migration word
_COUNTS = {"тысяча", "миллион", "сотня", "десяток", "сотни", "тысячи", "thousand", "thousands", "million",
           "millions", "hundred", "hundreds"}
# Russian lemmas, and English words by the stem the tokenizer gives them (emigrated -> emigr)
_MOVES = {"вернуться", "возвратиться", "уехать", "выехать", "переехать", "бежать", "сбежать", "эмигрировать",
          "переселиться", "покинуть"} | {en_stem(w) for w in ("returned", "fled", "flee", "emigrated", "relocated",
                                                                "resettled")}


def _movement_topics(tokens: list[Token]) -> list[Hit]:
    out: list[Hit] = []
    for i, t in enumerate(tokens):
        if out and i < out[-1].end or not (t.text.replace(",", "").isdigit() or t.lemma in _COUNTS or t.text in _COUNTS):
            continue
        for j in range(i + 1, min(len(tokens), i + 5)):
            if tokens[j].brk:
                break
            if tokens[j].lemma in _MOVES or tokens[j].text in _MOVES:
                out.append(Hit("topic", i, j + 1, " ".join(x.text for x in tokens[i : j + 1]), t.quoted))
                break
    return out


# "migrants torch cars", «мигранты избили»: the people words as the doers of a
# violent act portray them as a threat; "migrant was stabbed", "attacked by", «мигранта
# избили» make them its victims and do not
_PASSIVE = {"be", "get", "got", "been", "being", "by"}
_AFTER_PASSIVE = {"by", "on", "against"}  # "attacked by", "attacks on refugees"
_PREPOSITIONS = {"in", "at", "on", "by", "near", "during", "after", "outside", "inside", "while", "as", "with",
                 "for", "from", "to", "off", "since", "over", "and", "or", "but"}
_RU_DOERS = {"мигрант", "мигранты", "приезжий", "приезжие", "беженец", "беженцы", "гастарбайтер",
             "гастарбайтеры", "иностранец", "иностранцы", "нелегал", "нелегалы"}
# «двое мигрантов избили», «группа приезжих напала»: a subject, not the victims
_RU_COUNTERS = {"двое", "трое", "четверо", "пятеро", "шестеро", "несколько", "группа", "толпа", "банда"}


def _violent_doers(hits: list[Hit], tokens: list[Token], lang: str) -> list[Hit]:
    acts = [h for h in hits if h.cat == "violent_act"]
    if not acts or any(g.cat in ("critique", "harm") for g in hits):
        return []
    people = [h for h in hits if h.cat == "target" and not h.quoted]
    out = []
    for act in acts:
        for p in people:
            if not (p.end <= act.start <= p.end + 3) or any(tokens[j].brk for j in range(p.end, act.start + 1)):
                continue
            between = tokens[p.end : act.start]
            nxt = tokens[act.end].text if act.end < len(tokens) else ""
            if lang == "en" and (any(t.lemma in _PASSIVE or t.text in _PASSIVE for t in between) or nxt in _AFTER_PASSIVE):
                continue
            if lang == "en" and act.words.endswith("ed") and (not nxt or tokens[act.end].brk or nxt in _PREPOSITIONS):
                continue  # "migrants attacked kids" has an object; "migrants attacked in Leeds" is passive
            if lang == "ru" and tokens[p.end - 1].text not in _RU_DOERS and not (
                p.start > 0 and tokens[p.start - 1].text in _RU_COUNTERS
            ):
                continue
            out.append(Hit("threat", p.start, act.end, " ".join(t.text for t in tokens[p.start : act.end]), False))
            break
    return out


# "calling people racists", "fears of being labelled racist", "accused of bigotry":
# the speaker complains of the name-calling, he does not criticise hostility himself
_LABELLING = ("call", "label", "brand", "accus", "dub", "smear", "deem", "consider")
# whom: people in general, not one named person ("the minister called him a racist")
_LABELLED_PEOPLE = {"people", "anyone", "anybody", "everyone", "everybody", "us", "me", "those", "others", "other",
                    "voters", "patriots", "whites", "conservatives", "citizens", "americans", "britons"}
_PASSIVE_BE = {"be", "being", "been", "get", "getting", "got", "gets", "is", "are", "was", "were", "am"}
_NAME_CALLING = ("racis", "bigot", "xenophob", "islamophob", "fascis", "nazi", "far right", "intoleran")
ACCUSED_WINDOW = 5


def _accused(hits: list[Hit], tokens: list[Token]) -> list[Hit]:
    """Critique words named as what the speaker or people like him are called
    ('calling people racists', 'being labelled racist', 'accused of racism') are
    the complaint of the accused, not a critique of hostility: they go. Only when
    the called are people in general or the clause is passive: "critics called
    the plan racist" stays a critique."""
    verbs = [i for i, t in enumerate(tokens) if t.text.startswith(_LABELLING) and not t.quoted]
    if not verbs:
        return hits
    out = []
    for h in hits:
        if h.cat == "critique" and h.end + 1 in verbs and tokens[h.end].text in _PASSIVE_BE:
            continue  # "for fear of being labelled racist": the fear of the accusation
        if h.cat == "critique" and h.words.lower().startswith(_NAME_CALLING):
            for v in verbs:
                if not (v < h.start <= v + ACCUSED_WINDOW):
                    continue
                passive = v > 0 and tokens[v - 1].text in _PASSIVE_BE
                people = any(tokens[j].text in _LABELLED_PEOPLE for j in range(v + 1, h.start))
                if passive or people:
                    break
            else:
                out.append(h)
            continue
        out.append(h)
    return out


# «избили нас», «напали на меня»: the speaker the victim of a violent act in a
# statement about migrants, its doers unnamed or «они»: migrants as a threat
_FIRST_PERSON = {"нас", "меня", "нам", "мне"}
_ELIDED_DOER = {"они", "и", "а", "потом", "затем", "тогда", "сразу", "просто", "вдруг", "еще", "ещё", "на"}


def _violent_to_us(hits: list[Hit], tokens: list[Token]) -> list[Hit]:
    if any(g.cat in ("critique", "harm") for g in hits):
        return []
    out = []
    for act in (h for h in hits if h.cat == "violent_act" and not h.quoted):
        after = [t.text for t in tokens[act.end : act.end + 2] if not t.brk]
        if not _FIRST_PERSON & set(after[:2]) or (after and after[0] not in _FIRST_PERSON and after[0] != "на"):
            continue
        j = act.start
        while j > 0 and not tokens[j].brk and tokens[j - 1].text in _ELIDED_DOER:
            j -= 1
        if j > 0 and not tokens[j].brk:
            continue  # a doer is named before the act: «полицейские избили нас»
        out.append(Hit("threat", act.start, act.end + 1, " ".join(t.text for t in tokens[act.start : act.end + 1]), False))
    return out


_POLICY_TERMS = ("act", "measure", "soft_measure", "frame_control")
_SO_CALLED = {"so called", "so-called", "так называемый", "так называемые", "так называемых", "так называемым"}


def _so_called(hits: list[Hit], tokens: list[Token]) -> list[Hit]:
    """'so-called' before the people words is contempt for them (a threat word);
    before anything else ('so-called experts') it doubts the critics' words."""
    people = [h.start for h in hits if h.cat in ("target", "topic")]
    threats = [(h.start, h.end) for h in hits if h.cat == "threat"]
    # before the name of a measure («так называемый цифровой профиль») it only
    # introduces a term: no distance, no critique
    terms = [h.start for h in hits if h.cat in _POLICY_TERMS]
    naming = {id(h) for h in hits if h.cat in ("critique", "distance") and h.words.lower() in _SO_CALLED
              and any(h.end <= t <= h.end + 2 for t in terms) and not any(h.end <= p <= h.end + 1 for p in people)}
    if naming:
        hits = [h for h in hits if id(h) not in naming]
    for h in hits:
        if h.cat in ("critique", "distance") and h.words.lower() in _SO_CALLED and not any(
            a <= h.start and h.end <= b for a, b in threats
        ):
            q = tokens[h.start].quoted
            if any(h.end <= p <= h.end + 1 and not any(tokens[j].brk or tokens[j].quoted != q for j in range(h.end, p + 1))
                   for p in people):
                h.cat = "threat"
    return hits


_WITHOUT = {"without", "без"}
# "nobody stops it": a demand no one meets is still asked for
_LAMENTING = {"nobody"}


def _no_to(tokens: list[Token], s: int, e: int) -> bool:
    """'no to crime', 'say no to ...': opposing, like 'stop'."""
    return tokens[s].text == "no" and e < len(tokens) and tokens[e].text == "to"
# words that describe the people ("illegal"): a negator denies them only as the
# predicate right before them ("they are not illegal")
_DESCRIPTORS = ("illegal", "illigal")
_PREDICATE_NOT = {"not", "never"}


def _conditional(tokens: list[Token], neg: int, end: int) -> bool:
    """'no X, no Y' / «нет X — нет Y»: the next clause opens with the same negator."""
    if tokens[neg].text not in ("no", "нет"):
        return False
    for k in range(end, min(len(tokens), end + 4)):
        if tokens[k].brk:
            return tokens[k].text == tokens[neg].text
    return False


# «блокировать сим-карты никто не собирается», «вводить экзамен не планируется»
_NOT_INTENDED = {"собираться", "планировать", "планироваться", "намереваться", "будет", "быть", "стать"}


def _post_negate(hits: list[Hit], tokens: list[Token]) -> None:
    """Russian denies a threat after naming it: «угрозы ... не было», «проблем нет»;
    and an act: «блокировать ... никто не собирается»."""
    n = len(tokens)
    for h in hits:
        if h.cat == "act" and not h.negated:
            for j in range(h.end, min(n - 1, h.end + 6)):
                if tokens[j].brk:
                    break
                if tokens[j].text == "не" and tokens[j + 1].lemma in _NOT_INTENDED and not tokens[j + 1].brk:
                    h.negated = True
                    h.words = f"{h.words} … не {tokens[j + 1].text}"
                    break
            continue
    for h in hits:
        if h.cat != "threat" or h.negated:
            continue
        for j in range(h.end, min(n, h.end + 12)):
            if tokens[j].brk:
                break
            t = tokens[j]
            if t.text == "нет" and (j + 1 == n or tokens[j + 1].brk) or (
                t.text == "не" and j + 1 < n and tokens[j + 1].lemma == "быть"
            ):
                h.negated = True
                tail = " ".join(x.text for x in tokens[j : j + 2 if t.text == "не" else j + 1])
                h.words = f"{h.words} {tail}" if j == h.end else f"{h.words} … {tail}"
                break


# a cost word and a rise word this close, in one clause: "the fee will double",
# «стоимость патента вырастет»
COST_WINDOW = 8
# an easing this many words after an exclusion or cancellation is its object:
# «исключить врачей из списка профессий для ВНЖ в упрощённом порядке»
OBJECT_WINDOW = 12
_REMOVING = ("исключ", "лиш", "аннулир", "огранич", "отозв", "exclud", "strip", "revok", "restrict", "cancel", "curb")
# acts that only ever fall on migrants: no object needed ("#DeportThemAll")
_MIGRATION_ACTS = ("deport", "expel", "expuls", "депорт", "выдвор", "высыл", "высла")
_CLAUSE_JOIN = {"и", "а", "но", "однако", "and", "but", "while", "whereas", "yet"}
_RESTRICTIVE_SIDE = ("act", "demand", "measure")
_IF = {"если", "if", "unless"}


def _cost_rises(hits: list[Hit], tokens: list[Token]) -> list[Hit]:
    """'the fee will rise', «патент подорожает»: a cost going up is an act."""
    costs = [h for h in hits if h.cat == "cost"]
    rises = [h for h in hits if h.cat == "rise"]
    out = []
    for r in rises:  # one act per rise: «стоимость патента вырастет» is one
        near = [c for c in costs if (r.start - c.end if c.start < r.start else c.start - r.end) <= COST_WINDOW]
        for c in sorted(near, key=lambda c: abs(c.start - r.start)):
            a, b = (c, r) if c.start < r.start else (r, c)
            if not any(tokens[j].brk for j in range(a.end, b.start + 1)):
                out.append(Hit("act", a.start, b.end, " ".join(t.text for t in tokens[a.start : b.end]), c.quoted))
                break
    return out


# what a check falls on when it is a fact-check, not a check of people: «проверить
# точность информации», "verify the reports"
_FACTS = {"точность", "достоверность", "информация", "сведение", "данные", "факт", "слух", "сообщение",
          "accuracy", "information", "inform", "fact", "facts", "report", "reports", "claim", "claims", "rumour",
          "rumours", "rumor", "rumors"}
_CHECKING = ("провер", "check", "verif")


def _checks_facts(h: Hit, tokens: list[Token]) -> bool:
    """A check whose object is information: no control of migrants."""
    return tokens[h.start].text.startswith(_CHECKING) and any(
        t.lemma in _FACTS or t.text in _FACTS for t in tokens[h.end : h.end + 3])


def _acts(hits: list[Hit], tokens: list[Token], context_topic: bool) -> list[Hit]:
    """Restrictive acts count only with migrants as their object (a people or
    topic word in the statement, or a paragraph about them). An act takes over
    the measure or harm words inside it ('подорожать' of a patent is no harm to
    a customer), and an easing it removes is its object, not a welcome."""
    on_migrants = context_topic or any(h.cat in ("target", "topic", "topic_ambiguous") for h in hits)
    acts = [h for h in hits if h.cat == "act" and (on_migrants or tokens[h.start].text.startswith(_MIGRATION_ACTS))]
    if not acts:
        return [h for h in hits if h.cat != "act"]
    kept = {id(h) for h in acts}
    hits = [h for h in hits if h.cat != "act" or id(h) in kept]

    def inside(h: Hit) -> bool:
        return any(g.start <= h.start and h.end <= g.end and g is not h for g in acts)

    out = [h for h in hits if not (h.cat in ("measure", "harm") and inside(h))]
    for act in acts:
        if not tokens[act.start].text.startswith(_REMOVING) and not tokens[act.start].lemma.startswith(_REMOVING):
            continue
        for h in out:
            if h.cat in ("soft_measure", "welcoming") and act.end <= h.start <= act.end + OBJECT_WINDOW and not any(
                tokens[j].brk and tokens[j].text in _CLAUSE_JOIN for j in range(act.end, h.start + 1)
            ):
                h.negated, h.opposed = True, True
    return out


def _if_not(tokens: list[Token], neg: int) -> bool:
    """«если не остановит», "if they do not stop", "unless": a condition, not a rejection."""
    return any(tokens[j].text in _IF for j in range(max(0, neg - 3), neg + 1)) and not any(
        tokens[j].brk for j in range(max(0, neg - 2), neg + 1) if tokens[j].text not in _IF)


def _same_object(hits: list[Hit], tokens: list[Token]) -> None:
    """A measure or act word repeated inside the object of an opposed one is that object:
    'end the detention of children in immigration detention centres' asks for no
    detention, twice; the clause ends at a break or a joining word."""
    for h in hits:
        if h.cat not in ("measure", "act") or not (h.negated and h.opposed):
            continue
        for g in hits:
            if g.cat == h.cat and not g.negated and h.end <= g.start <= h.end + OBJECT_WINDOW and not any(
                    tokens[j].brk or tokens[j].text in _CLAUSE_JOIN for j in range(h.end, g.start + 1)):
                g.negated, g.opposed = True, True


# the words that open an exception to a restriction: "permits only in exceptional
# circumstances, such as a shortage of skills", "a visa for all, except where ...",
# "detention, unless ...": what follows is the exception's condition
_EXCEPT = {"except", "excepting", "unless"}
_ONLY_IF = {"if", "when", "where"}
_SO_LONG = {("so", "long", "as"), ("as", "long", "as"), ("provided", "that"), ("providing", "that")}
CONDITION_WINDOW = 25
# the kinds of words that state the condition, not a consequence: a harm or need there
# is when the exception applies, not a harm the restriction causes
_CONDITION_CATS = ("harm", "welcoming", "soft_measure")


def _condition_opens(tokens: list[Token], hits: list[Hit]) -> list[int]:
    """Where exception clauses start: after 'except', 'unless', 'only if/when/where',
    'so long as', 'provided that', or a restriction named as exceptional."""
    out = []
    for i, t in enumerate(tokens):
        if t.quoted:
            continue
        if t.text in _EXCEPT:
            out.append(i + 1)
        elif t.text == "only" and i + 1 < len(tokens) and tokens[i + 1].text in _ONLY_IF:
            out.append(i + 2)
        else:
            for seq in _SO_LONG:
                if tuple(x.text for x in tokens[i : i + len(seq)]) == seq:
                    out.append(i + len(seq))
    out += [h.end for h in hits if h.cat in ("measure", "demand") and "exception" in h.words.lower()]
    return sorted(set(out))


def _conditions(hits: list[Hit], tokens: list[Token]) -> list[Hit]:
    """A harm, need or welcome in the exception clause of a restriction states when
    the exception applies ("work permits only in exceptional circumstances, such as a
    shortage of skills"): it is no criticism of the restriction and no welcome; it goes.
    Only after a restriction in the same clause run ("unless we fix the shortage of
    workers, the economy will suffer" keeps its harm); a 'but' ends the clause."""
    opens = _condition_opens(tokens, hits)
    if not opens:
        return hits
    restrictions = [h.start for h in hits if h.cat in _CONTROL_SIDE and not h.negated and not h.quoted]
    spans = []
    for o in opens:
        if not any(r < o for r in restrictions):
            continue
        end = min(len(tokens), o + CONDITION_WINDOW)
        for j in range(o, end):
            if tokens[j].brk and tokens[j].text in _CONTRAST | {"however", "although", "though"}:
                end = j
                break
        spans.append((o, end))
    if not spans:
        return hits
    return [h for h in hits if not (h.cat in _CONDITION_CATS and not h.negated
                                    and any(a <= h.start < b for a, b in spans))]


_CONTRAST = {"but", "yet"}
_WELCOME_SIDE = ("welcoming", "soft_measure")
_CONTROL_SIDE = ("demand", "measure", "act")


def _contrast_balance(hits: list[Hit], tokens: list[Token]) -> list[Hit]:
    """A welcome and a control policy either side of 'but' ("immigration has
    enriched us, but it must be controlled"; "we will tighten checks but welcome
    genuine refugees") is both sides in one breath: a balance. A threat after the
    'but' ("they say refugees welcome, but they rape") is a rebuttal, not a balance."""
    out = []
    for i, t in enumerate(tokens):
        if t.text not in _CONTRAST or t.quoted:
            continue
        before = [h for h in hits if h.end <= i and not h.quoted and not h.negated]
        after = [h for h in hits if h.start > i and not h.quoted and not h.negated]
        if (any(h.cat in _WELCOME_SIDE for h in before) and any(h.cat in _CONTROL_SIDE for h in after)) or (
                any(h.cat in _CONTROL_SIDE for h in before) and any(h.cat in _WELCOME_SIDE for h in after)):
            out.append(Hit("balance", i, i + 1, t.text, False))
    return out


# the words that open a new clause for what a critique is about: "we will bring in a
# points system, but the quota is cruel" criticises the quota only
_CLAUSE_OPEN = {"but", "yet", "however", "whereas", "но", "однако"}
_CLAUSE_OPEN_AFTER_BREAK = {"while", "а"}  # «, а», ", while" (not «а также», "while integrating")
_NOT_OPENING_NEXT = {"также", "еще", "ещё", "то"}


def clause_ids(tokens: list[Token]) -> list[int]:
    """Which clause each word is in: a new one after a sentence end or semicolon,
    and at a contrasting 'but', 'however', «но», «однако», «, а»."""
    out, k = [], 0
    for i, t in enumerate(tokens):
        if i and (t.stop or not t.quoted and (t.text in _CLAUSE_OPEN or t.brk and t.text in _CLAUSE_OPEN_AFTER_BREAK
                                               and not (i + 1 < len(tokens) and tokens[i + 1].text in _NOT_OPENING_NEXT))):
            k += 1
        out.append(k)
    return out


def _criticise(hits: list[Hit], tokens: list[Token]) -> list[Hit]:
    """Mark the measures and acts a critique or harm word is about: those of its
    own clause; a critique or harm in a clause with no measure of its own is about
    the statement's measures (the spec's taxi example: "they banned migrants from
    driving taxis ... now getting a taxi is nearly impossible"). Harm counts for an
    act only when told after it ("crime hurts us, deport them" gives the reason).
    A measure in another clause keeps its own reading; when the statement then
    holds a criticised and an uncriticised restriction, it takes both sides in one
    breath: a balance hit."""
    measures = [h for h in hits if h.cat in ("measure", "act")]
    critics = [h for h in hits if h.cat == "harm" or h.cat == "critique" and not h.negated and not h.quoted]
    if not measures or not critics:
        return []
    cl = clause_ids(tokens)
    held = {cl[h.start] for h in measures}
    scoped = []  # criticised by a critique word before clauses were told apart, no longer
    for m in measures:
        for c in critics:
            if c.quoted and m.cat != "act":
                continue
            if m.cat == "act" and c.cat == "harm" and c.start < m.end:
                continue
            if cl[c.start] != cl[m.start] and cl[c.start] in held:
                scoped.append(m)
                continue  # about the measure of its own clause
            m.criticised = True
            break
    if any(m.criticised for m in measures):
        return [Hit("balance", m.start, m.end, m.words, False) for m in scoped[:1]
                if not m.criticised and not m.negated and not m.quoted]
    return []


HEAD_CHARS = 200  # the headline or first lines of a document
_DOCS: dict = {}


def document_topic(document: str | None, lang: str) -> tuple[int, int]:
    """(topic words in the document, in its first line), cached per document."""
    return _document(document, lang)[:2]


def _document(document: str | None, lang: str) -> tuple[int, int, frozenset, str]:
    """(topic words in the document, in its headline, the headline's content words, the headline)."""
    if not document or not document.strip():
        return 0, 0, frozenset(), ""
    key = (lang, document)
    got = _DOCS.get(key)
    if got is None:
        lex = lexicon(lang)
        head = document.lstrip()[:HEAD_CHARS].split("\n", 1)[0]
        doc_toks = tokenize(document, lang, mark_quotes=False)
        n_all = sum(1 for h in lex.hits(doc_toks) + _movement_topics(doc_toks) if h.cat == "topic")
        head_toks = tokenize(head, lang, mark_quotes=False)
        n_head = sum(1 for h in lex.hits(head_toks) + _movement_topics(head_toks) if h.cat == "topic")
        if len(_DOCS) > 2000:
            _DOCS.clear()
        got = _DOCS[key] = (n_all, n_head, _content(head_toks) if n_head else frozenset(), head)
    return got


# words too common to tie a statement to its headline
_COMMON = {"этот", "который", "свой", "такой", "также", "более", "очень", "after", "that", "this", "with",
           "from", "they", "their", "have", "been", "будет", "быть", "было", "были", "сказать", "заявить",
           "said", "says", "would", "will", "about", "there", "what", "when", "which", "where"}


def _content(tokens: list[Token]) -> frozenset:
    return frozenset(t.lemma for t in tokens if len(t.lemma) > 3 and not t.lemma.isdigit() and t.lemma not in _COMMON)


def analyse(text: str, lang: str, context: str | None = None, document: str | None = None) -> Analysis:
    lang = "ru" if lang == "ru" else "en"
    lex = lexicon(lang)
    tokens = tokenize(text, lang)
    hits = [h for h in _drop_nested(lex.hits(tokens)) if not (h.cat in ("measure", "act") and _checks_facts(h, tokens))]
    hits += _infix_topics(hits, tokens, lang) + _movement_topics(tokens)
    if any(h.cat == "welcoming_weak" for h in hits):
        hits = _aim_weak(hits, tokens)
    hits += _scare_quoted(hits, tokens)
    hits = _so_called(hits, tokens)
    if lang == "en" and any(h.cat == "critique" for h in hits):
        hits = _accused(hits, tokens)
    hits += _violent_doers(hits, tokens, lang)
    ctx_topic = ctx_not = 0
    if context and context.strip() and context.strip() != text.strip():
        chits = lex.hits(tokenize(context, lang, mark_quotes=False))
        ctx_topic = sum(1 for h in chits if h.cat in ("topic", "topic_ambiguous"))
        ctx_not = sum(1 for h in chits if h.cat == "not_topic")
    if lang == "ru" and (ctx_topic or any(h.cat == "target" for h in hits)):
        hits += _violent_to_us(hits, tokens)
    if any(h.cat in ("act", "cost") for h in hits):
        hits = _acts(hits + _cost_rises(hits, tokens), tokens, ctx_topic > 0)
    negs = [(h.start, h.end) for h in hits if h.cat == "negator"]
    if negs:
        window = NEG_WINDOW[lang]
        for h in hits:
            if h.cat in STANCE_CATS:
                for s, e in negs:
                    if h.cat in ("threat", "critique") and (tokens[s].text in _OPPOSING or _no_to(tokens, s, e)):
                        continue
                    if h.cat == "demand" and tokens[s].text in _LAMENTING:
                        continue  # "nobody stops this immigration" asks for the stop
                    if tokens[s].quoted != tokens[h.start].quoted:
                        continue  # a negator outside quote marks does not reach into them
                    if h.cat == "threat" and tokens[h.start].text.startswith(_DESCRIPTORS) and not (
                            e == h.start and tokens[s].text in _PREDICATE_NOT):
                        continue  # "they are not illegal" denies it; "not enter illegally", "no illegals" do not
                    if tokens[h.start].text in _WITHOUT:
                        continue  # «не справится без приезжих»: the negation is the phrase's own
                    if _conditional(tokens, s, h.end):
                        continue  # "no fingerprints, no work" sets a condition, it rejects nothing
                    if h.cat in _RESTRICTIVE_SIDE and _if_not(tokens, s):
                        continue  # «если не остановит миграцию»: the act is what is asked for
                    if h.start - window < e <= h.start and not (
                        e < len(tokens) and tokens[e].text in _NOT_NEGATING_NEXT
                    ) and not any(tokens[j].brk for j in range(e, h.start + 1)):
                        h.negated = True
                        h.opposed = tokens[s].text in _OPPOSING or tokens[s].lemma in _OPPOSING
                        h.words = " ".join(t.text for t in tokens[s : h.end])
                        break
    _same_object(hits, tokens)
    if lang == "en":
        hits = _conditions(hits, tokens)
        hits += _contrast_balance(hits, tokens)
    if lang == "ru":
        _post_negate(hits, tokens)
        for h in hits:  # «нельзя выдворять»: asks not to
            if h.cat == "act" and not h.negated and any(
                    tokens[j].text == "нельзя" for j in range(max(0, h.start - 2), h.start)):
                h.negated = True
    hits += _criticise(hits, tokens)
    doc_topic, doc_head, head_words, head = _document(document, lang)
    a = Analysis(tokens, hits, ctx_topic, ctx_not, "?" in text, doc_topic, doc_head)
    if head_words and text.strip() not in head:
        a.head_overlap = len(head_words & _content(tokens))
    if context and context.strip() and context.strip() != text.strip():
        cr, cw, c_r, c_w = context_stance(context, lang)
        if cr or cw:
            r, w, r_hits, w_hits = stance_scores(a)
            a.ctx_r, a.ctx_w = max(0.0, cr - r), max(0.0, cw - w)
            own = {h.words for h in r_hits + w_hits}
            a.ctx_hits = (tuple(h for h in c_r if h.words not in own), tuple(h for h in c_w if h.words not in own))
            a.ctx_acts = [h for h in a.ctx_hits[0] if h.cat == "act"]
        sentence = sentence_of(text, context)
        if sentence and len(sentence) > len(text.strip()) + 2:
            _, _, sr, sw = context_stance(sentence, lang)
            a.sentence_hits = (tuple(sr), tuple(sw))
    return a


_CONTEXTS: dict = {}
_SENTENCE_END = re.compile(r"[.!?…]+[»”\"]*\s+|\n")


def sentence_of(text: str, context: str) -> str | None:
    """The sentence of the paragraph a statement stands in (several when it runs
    over several), or None when the paragraph does not hold the statement."""
    t = text.strip()
    i = context.find(t)
    if i < 0:
        return None
    a = max((m.end() for m in _SENTENCE_END.finditer(context, 0, i)), default=0)
    m = _SENTENCE_END.search(context, i + len(t))
    b = m.start() if m else len(context)
    return context[a:b].strip()


def context_stance(context: str, lang: str) -> tuple:
    """``stance_scores`` of a whole paragraph or sentence, cached (a paragraph's
    statements share it)."""
    key = (lang, context)
    got = _CONTEXTS.get(key)
    if got is None:
        got = stance_scores(analyse(context, lang))
        if len(_CONTEXTS) > 5000:
            _CONTEXTS.clear()
        _CONTEXTS[key] = got
    return got


# -- rule labels ---------------------------------------------------------------


# words that ask for something: "we should not deport them" asks, «депортировать не будут» reports
_ASKING = {"should", "must", "need", "ought", "нужно", "надо", "следует", "должен", "должный", "необходимо", "нельзя"}


def stance_scores(a: Analysis) -> tuple[float, float, list[Hit], list[Hit]]:
    """(restrictive score, welcoming score, hits for each), quoted words left out."""
    advocate = a.count("advocate")
    r_hits: list[Hit] = []
    w_hits: list[Hit] = []
    distanced = a.count("distance") > 0
    asking = any(t.lemma in _ASKING or t.text in _ASKING for t in a.tokens)
    # an act that is the speaker's own demand ("#BuildTheWall", "deport them all")
    # is counted once, as the demand: a critique word elsewhere ("what's wrong
    # with you") does not make the speaker criticise what he asks for
    demanded = {(h.start, h.end) for h in a.hits if h.cat == "demand" and not h.quoted and not h.negated}
    for h in a.hits:
        if h.cat == "act" and (h.start, h.end) in demanded:
            continue
        if h.cat == "act":
            # announced, proposed or defended: restrictive even in a flat tone, and
            # a quoted name of the act («цифровой профиль») is no distance from it
            if h.quoted and distanced:
                continue
            if h.negated:
                if h.opposed or asking:
                    w_hits.append(h)  # "lift the ban", "we should not deport them"
                continue  # «блокировать не будут»: a denial takes no side
            # criticised, or the harm it caused told after it (the spec's taxi example)
            (w_hits if h.criticised else r_hits).append(h)
            continue
        if h.quoted or h.cat not in STANCE_CATS:
            continue
        if h.cat == "measure":
            if h.negated:
                w_hits.append(h)
            elif h.criticised:
                w_hits.append(h)  # a restriction described with its harm: criticised
            elif advocate:
                r_hits.append(h)
        elif h.cat in ("threat", "demand"):
            (w_hits if h.negated else r_hits).append(h)
        else:  # welcoming, critique, soft_measure
            (r_hits if h.negated else w_hits).append(h)
    if not r_hits and not w_hits:
        # only quoted words carry a stance. Held at arm's length ("those who shout
        # «...»") they are an opponent's words and count for the other side; with
        # nothing around them they are what the speaker reports and endorses
        # (a post quoting a minister), and count as they stand
        for h in a.hits:
            if not h.quoted or h.cat not in STANCE_CATS or h.cat in ("soft_measure", "act") and not distanced:
                continue
            against = h.cat in ("threat", "measure", "demand")
            if h.cat == "measure" and not distanced and not h.negated:
                continue  # a quoted measure alone takes no side
            if h.negated:
                against = not against
            if distanced:
                against = not against
            (r_hits if against else w_hits).append(h)
    return float(len(r_hits)), float(len(w_hits)), r_hits, w_hits


_FOR = {"за", "к", "for"}


def _asks_change(a: Analysis) -> bool:
    """A change asked for («за изменение», «призвала пересмотреть», «нужно изменить»),
    not one reported («служба изменила решение»)."""
    for h in a.hits:
        if h.cat == "change":
            before = a.tokens[max(0, h.start - 2) : h.start]
            if any(t.text in _FOR or t.lemma in _ASKING or t.text in _ASKING for t in before) or any(
                    g.cat in ("advocate", "demand") and h.start - 3 <= g.start < h.start for g in a.hits):
                return True
    return False


def _judged(sentence_w: tuple, own_w: list[Hit]) -> bool:
    """The sentence around a fragment criticises (utopia, failure, xenophobia) where the fragment does not."""
    return any(h.cat in ("critique", "harm") for h in sentence_w) and not any(h.cat in ("critique", "harm") for h in own_w)


def effective_scores(a: Analysis) -> tuple[float, float, list[Hit], list[Hit]]:
    """``stance_scores`` with what the statement's sentence and paragraph add:

    - a fragment takes the stance words of its sentence when it has none, or
      when the rest of the sentence judges what it names («полный запрет на труд
      приезжих» in «министр считает, что [it] – это утопия»);
    - an easing or a service the statement only names («дают ВНЖ в упрощённом
      порядке», «объявления о помощи мигрантам») while its paragraph
      announces a restriction on it is the problem that restriction answers: restrictive;
    - one-sided evidence the rest of the paragraph shares (and does not oppose)
      counts with the paragraph's (a call to open a border among words against
      hounding refugees)."""
    r, w, r_hits, w_hits = stance_scores(a)
    sr, sw = a.sentence_hits
    if (r_hits or w_hits) and len(sr) + len(sw) > len(r_hits) + len(w_hits) and _judged(sw, w_hits):
        return float(len(sr)), float(len(sw)), list(sr), list(sw)
    if not r_hits and not w_hits:
        if not sr and not sw and _asks_change(a) and bool(a.ctx_r) != bool(a.ctx_w):
            sr, sw = a.ctx_hits  # a change asked for, after "they want to tighten visas"
        return float(len(sr)), float(len(sw)), list(sr), list(sw)
    if w_hits and a.ctx_acts and not a.ctx_w and all(h.cat == "soft_measure" or h.weak for h in w_hits):
        return r + len(a.ctx_acts), 0.0, r_hits + list(a.ctx_acts), []
    if w_hits and not r_hits and a.ctx_w and not a.ctx_r:
        w += a.ctx_w
    elif r_hits and not w_hits and a.ctx_r and not a.ctx_w:
        r += a.ctx_r
    return r, w, r_hits, w_hits


def rule_about(a: Analysis) -> tuple[bool, list[Hit]]:
    strong = [h for h in a.hits if h.cat == "topic"]
    amb = [h for h in a.hits if h.cat == "topic_ambiguous"]
    not_topic = a.count("not_topic", quoted=None)
    if strong and (not_topic == 0 or len(strong) > 1 or not amb):
        return True, strong + amb
    if amb and not_topic == 0:
        return True, amb
    if not strong and not amb and a.context_topic and not a.context_not_topic:
        stance_words = [h for h in a.hits if h.cat in ("threat", "measure", "demand", "critique", "act")]
        if stance_words:
            return True, stance_words
    return False, []


def conceded(a: Analysis, hits: list[Hit]) -> bool:
    """A side taken, then conceded: «никто не спорит, что стройки встанут без труда
    мигрантов. Но другой вопрос – как этот труд организовать»."""
    ends = [h.end for h in hits if h.start < len(a.tokens)]
    return any(h.cat == "concession" and any(e <= h.start for e in ends) for h in a.hits)


def rule_stance(a: Analysis) -> tuple[str, list[Hit]]:
    r, w, r_hits, w_hits = effective_scores(a)
    if (r_hits or w_hits) and conceded(a, r_hits + w_hits):
        return "neutral", r_hits + w_hits
    balance = a.count("balance") > 0
    if balance and r and w and abs(r - w) <= 1:
        return "neutral", r_hits + w_hits
    if r > w:
        return "restrictive", r_hits
    if w > r:
        return "welcoming", w_hits
    return "neutral", []


def frame_counts(a: Analysis) -> dict[str, int]:
    counts = {f: 0 for f in FRAMES}
    for h in a.hits:
        if h.cat.startswith("frame_"):
            counts[h.cat[6:]] += 1
    return counts


def rule_frames(a: Analysis, limit: int = 2) -> list[str]:
    counts = frame_counts(a)
    ranked = sorted((f for f in FRAMES if counts[f]), key=lambda f: -counts[f])
    return ranked[:limit]


def cue_words(hits: list[Hit], limit: int = 8) -> list[str]:
    out: list[str] = []
    for h in sorted(hits, key=lambda h: h.start):
        w = h.words
        if w not in out:
            out.append(w)
    return out[:limit]


def frame_hits(a: Analysis, frames: list[str]) -> list[Hit]:
    wanted = {f"frame_{f}" for f in frames}
    return [h for h in a.hits if h.cat in wanted]
