"""Attribution candidates found in one parsed paragraph (the sentence-local claim rules).

Each rule looks at the dependency parse of one sentence and proposes a :class:`Candidate`:
a cue, the speaker as written, and the content span. Cross-paragraph work (pairing
quotations, floating quotes, pronouns) is done afterwards, in text order, by
:mod:`margin.analysis.claims_link`.

Rules (each named in ``Candidate.rule``):

- ``verb-ccomp``: a cue verb with a clausal complement (*X said that ...*, *X said ...*).
- ``verb-postposed``: a cue clause after its content (*"...," Smith said* / *said Smith*).
- ``verb-colon``: a cue verb followed by a colon (*Smith said: ...*).
- ``verb-as``: an as-clause (*As Smith noted, ...*): the rest of the sentence.
- ``verb-xcomp``: intention verbs with a to-infinitive (*X wants to ...*, *X urged Y to ...*).
- ``verb-object``: stance verbs with a noun-phrase content (*X called for ...*).
- ``verb-bare``: a speech verb with no content of its own, kept to attach to a quotation.
- ``according``: *according to X*, *per X*.
- ``noun``: noun cues with a that-clause (*X's claim that ...*).
- ``adjective``: stance and belief adjectives after a copula (*X is confident that ...*,
  *X was critical of ...*).
- ``label-colon``: *Name: ...* (a speaker label before a colon, no verb).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from margin.analysis.speakers import SpeakerRef, looks_like_source, producer, speaker_ref

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

    from margin.analysis.cues import Lexicon, VerbCue

_SUBJECT_DEPS = ("nsubj", "csubj")
_CLAUSE_DEPS = ("ccomp",)
_BEFORE_CLAUSE_DEPS = ("ccomp", "parataxis", "dep", "advcl")
_CLIMB_DEPS = ("advcl", "conj", "xcomp", "ccomp", "pcomp", "acl")
_QUOTE_TOKENS = frozenset({'"', "“", "”", "«", "»", "''", "``", "„"})
_OPEN_QUOTES = frozenset({'"', "“", "«", "``", "„"})
_CLOSING = frozenset({".", ",", "!", "?", "”", '"', "''", "»", "’", "'"})
_DASHES = frozenset({"—", "–", "-", "--", "―"})
_TRIM_TRAILING = frozenset({",", ";", ":", "—", "–", "-", "--", "―", "(", "[", "."})
_TRIM_LEADING = frozenset({",", ";", ":", "—", "–", "-", "--", "―", ")", "]", "."})
_CONTINUERS = frozenset({",", ":", "—", "–", "--"}) | _QUOTE_TOKENS
_AUX_WORDS = frozenset({"has", "have", "had", "also", "did", "does", "do", "is", "was"})
# Children of a cue verb that never extend its noun-phrase content.
_NOT_CONTENT_DEPS = frozenset({"cc", "punct", "parataxis", "mark", "nsubj", "nsubjpass", "agent"})
# Tiers whose verbs take a noun-phrase content ("X cited Y", "X wants Y", "X fears Y").
OBJECT_TIERS = frozenset({"stance", "speech", "intent", "mental"})
_OBJECT_PREPS = frozenset({"about", "of", "on", "against", "over"})
_PASSIVE_SOURCE_VERBS = frozenset({"quoted", "cited", "heard", "seen", "recorded", "reported"})
_SOURCE_ENT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


@dataclass(slots=True)
class Candidate:
    """An attribution found in one sentence (global character offsets)."""

    rule: str
    cue: tuple[int, int]
    content: tuple[int, int] | None
    speaker: SpeakerRef | None
    clause: tuple[int, int]
    sentence: tuple[int, int]
    flags: tuple[str, ...] = field(default=())


def _span_chars(doc: Doc, first: int, last: int, offset: int) -> tuple[int, int]:
    """Character offsets of tokens ``first..last`` (inclusive)."""
    return doc[first].idx + offset, doc[last].idx + len(doc[last]) + offset


def _trimmed(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Token range without leading/trailing separators and spaces; None if nothing is left."""
    while first <= last and (doc[first].is_space or doc[first].text in _TRIM_LEADING):
        first += 1
    while last >= first and (doc[last].is_space or doc[last].text in _TRIM_TRAILING):
        last -= 1
    if last < first:
        return None
    return first, last


def _content(doc: Doc, first: int, last: int, offset: int) -> tuple[int, int] | None:
    """Character span of a content token range, trimmed; None when shorter than 2 words.

    A quotation closed just after the range (``... “great value.”``) is taken in whole.
    """
    rng = _trimmed(doc, first, last)
    if rng is None:
        return None
    first, last = rng
    j = last + 1
    while j < len(doc) and j <= last + 3 and doc[j].is_punct and doc[j].text in _CLOSING:
        if doc[j].text in _QUOTE_TOKENS:
            if doc[j].tag_ == "``":
                break  # the opening quote of the next sentence
            last = j
        j += 1
    words = sum(1 for t in doc[first : last + 1] if not t.is_punct and not t.is_space)
    if words < 2:
        return None
    return _span_chars(doc, first, last, offset)


def _sentence_cut(doc: Doc, first: int, last: int) -> int:
    """``last``, or the end of the first sentence in ``first..last`` when the parse ran a
    clause on over a full stop into the next sentence (*X said A. "B," Y recalled.*)."""
    for i in range(first + 1, last):
        if doc[i].text in (".", "!", "?"):
            nxt = doc[i + 1]
            while nxt.is_space and nxt.i < last:
                nxt = doc[nxt.i + 1]
            if nxt.text in _OPEN_QUOTES or (nxt.is_title and nxt.is_alpha):
                return i
    return last


def _match_cue(tok: Token, entries: list[VerbCue]) -> tuple[VerbCue, int] | None:
    """The lexicon entry matching ``tok`` (and its particle words); returns (entry, last i)."""
    doc = tok.doc
    for entry in entries:
        if not entry.tail:
            return entry, tok.i
        j = tok.i + 1
        ok = True
        for word in entry.tail:
            if j >= len(doc) or doc[j].lower_ != word:
                ok = False
                break
            j += 1
        if ok:
            return entry, j - 1
    return None


def _subject(verb: Token, lexicon: Lexicon) -> Token | None:
    """The speaker's head for a cue verb: its subject, the agent of a passive, or (for
    participles and conjoined verbs without a subject) the subject of the verb it hangs on."""
    tok: Token | None = verb
    for _ in range(4):
        assert tok is not None
        passive = False
        here = tok.i
        # Nearest subject first: a parse may give a cue two (one of them in the quotation).
        for child in sorted(tok.children, key=lambda c: abs(c.i - here)):
            if child.dep_ in _SUBJECT_DEPS:
                if child.tag_ in ("WP", "WDT") and tok.dep_ == "relcl":
                    return child  # "who": resolved to the noun the clause hangs on
                # "it is believed that" (expletive) has no speaker
                if (
                    child.lower_ in ("it", "there")
                    and tok.tag_ == "VBN"
                    and any(c.dep_ in ("ccomp", "xcomp") and c.i > tok.i for c in tok.children)
                ):
                    return None
                return child
            if child.dep_ == "nsubjpass":
                passive = True
                if tok.i != verb.i and tok.lower_ in _PASSIVE_SOURCE_VERBS:
                    return child
        if passive or tok.tag_ == "VBN":
            for child in tok.children:
                if child.dep_ == "agent":
                    for grand in child.children:
                        if grand.dep_ == "pobj":
                            return grand
            if passive:
                return None
        head = tok.head
        if tok.dep_ == "xcomp" and head.i != tok.i and head.tag_.startswith("VB"):
            # object control: "Warren pressed Stumpf to admit ..." — Stumpf admits
            objs = [c for c in head.children if c.dep_ == "dobj" and c.i < tok.i]
            if objs:
                return objs[0]
        if tok.dep_ in _CLIMB_DEPS and head.i != tok.i and head.tag_.startswith("VB"):
            tok = head
            continue
        if (
            tok.dep_ == "xcomp"
            and head.tag_.startswith("JJ")
            and head.dep_ in ("acomp", "amod")
            and head.head.tag_.startswith("VB")
        ):
            tok = head.head  # "X was able to tout ...", "X is eager to show ..."
            continue
        if tok.dep_ == "pcomp" and head.dep_ == "prep" and head.head.tag_.startswith("VB"):
            tok = head.head  # "..., in saying that ...": the verb the preposition hangs on
            continue
        if tok.dep_ in ("acl", "relcl") and tok.head.tag_.startswith("NN"):
            if tok.tag_ != "VBG":
                return None
            # "X released tweets criticizing ...": X, not the tweets
            return producer(tok.head, lexicon) or tok.head
        return None
    return None


def _first_token(doc: Doc) -> int:
    i = 0
    while i < len(doc) - 1 and doc[i].is_space:
        i += 1
    return i


def _last_token(doc: Doc) -> int:
    i = len(doc) - 1
    while i > 0 and doc[i].is_space:
        i -= 1
    return i


def _adjacent_source(verb: Token, lexicon: Lexicon) -> Token | None:
    """When the parse gives a cue verb no subject, a source right next to it: the name just
    before it (*... the board of the Post Trump said*) or just after (*said Trump*)."""
    doc = verb.doc
    j = verb.i - 1
    while j >= 0 and (doc[j].tag_ in ("RB", "MD") or doc[j].lower_ in _AUX_WORDS):
        j -= 1
    if j >= 0 and looks_like_source(doc[j], lexicon):
        return doc[j]
    if j >= 0 and doc[j].text == ",":
        named = _name_before(verb)
        if named is not None:
            return named
    j = verb.i + 1
    if j < len(doc) and doc[j].ent_type_ in ("PERSON", "ORG") and doc[j].tag_ == "NNP":
        while j + 1 < len(doc) and doc[j + 1].ent_iob_ == "I":
            j += 1
        return doc[j]
    return None


def _inverted_ok(verb: Token, cue_last: int, subj: Token) -> bool:
    """Whether a subject after its verb is a true inverted speaker (*said Smith*, *said
    Tuesday the mayor*) rather than a name the parse took from later in the clause
    (*X said on Fox News's “Fox and Friends”*): only adverbs and time words may come
    between them."""
    if subj.i < verb.i or subj.head.i != verb.i or subj.dep_ != "nsubj":
        return True
    doc = verb.doc
    for t in doc[cue_last + 1 : subj.left_edge.i]:
        if t.tag_ in ("RB", "RP", ",") or t.ent_type_ in ("DATE", "TIME") or t.is_space:
            continue
        return False
    return True


def _name_before(verb: Token) -> Token | None:
    """The name opening a cue clause that follows a quotation (*“...,” Flynn, a top aide,
    said*): the first person or organisation between the closing quotation mark and the
    verb."""
    doc = verb.doc
    i = verb.i - 1
    start = None
    while i >= 0 and verb.i - i <= 15:
        t = doc[i]
        if t.text in _QUOTE_TOKENS or t.tag_.startswith("VB") or "\n" in t.text:
            start = i + 1
            break
        i -= 1
    if start is None:
        return None
    for j in range(start, verb.i):
        t = doc[j]
        if t.ent_type_ in ("PERSON", "ORG") and t.ent_iob_ == "B":
            while j + 1 < verb.i and doc[j + 1].ent_iob_ == "I":
                j += 1
            return doc[j]
        if t.text not in (",", "—", "–") and not t.is_space:
            return None  # the clause must open with the name
    return None


def _initial_name(verb: Token, sent: Span) -> Token | None:
    """For a finite cue verb left with no subject in a sentence that opens with a capitalised
    name the parse mistook for something else (*Trump openly admires ...* with *Trump* read
    as a verb; *Trump, appearing at the forum, cited ...*): that name."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    doc = verb.doc
    i = sent.start
    while i < verb.i and (doc[i].is_space or doc[i].text in _QUOTE_TOKENS):
        i += 1
    j = i
    while (
        j < verb.i
        and doc[j].is_alpha
        and doc[j].is_title
        and not doc[j].is_stop
        and doc[j].ent_type_ in ("", "PERSON", "ORG", "NORP")
    ):
        j += 1
    if j == i:
        return None
    k = j
    while k < verb.i and doc[k].tag_ == "RB":
        k += 1
    if k == verb.i or (doc[j].text == "," and doc[verb.i - 1].text == ","):
        return doc[j - 1]
    return None


def _opening_name(sent: Span, before: int) -> Token | None:
    """A capitalised name opening ``sent`` and followed (adverbs aside) by a finite verb,
    whatever the parse made of it (*Trump openly admires X, comparing ...*): its last word."""
    doc = sent.doc
    i = sent.start
    while i < before and (doc[i].is_space or doc[i].text in _QUOTE_TOKENS):
        i += 1
    j = i
    while j < before and doc[j].is_alpha and doc[j].is_title and not doc[j].is_stop:
        j += 1
    if j == i or j - i > 4:
        return None
    k = j
    while k < before and doc[k].tag_ == "RB":
        k += 1
    if k < before and doc[k].tag_ in ("VBD", "VBZ", "VBP"):
        return doc[j - 1]
    return None


def _sentence_subject(verb: Token, sent: Span, lexicon: Lexicon) -> Token | None:
    """For a participle cue whose subject the parse lost (*..., saying that ...*): the
    source-like subject nearest before it in the sentence, else its first named source."""
    doc = verb.doc
    for i in range(verb.i - 1, sent.start - 1, -1):
        t = doc[i]
        if t.dep_ in ("nsubj", "nsubjpass") and looks_like_source(t, lexicon):
            return t
    opening = _opening_name(sent, verb.i)
    if opening is not None:
        return opening
    for i in range(sent.start, verb.i):
        if doc[i].ent_type_ in ("PERSON", "ORG") and doc[i].ent_iob_ == "B":
            j = i
            while j + 1 < verb.i and doc[j + 1].ent_iob_ == "I":
                j += 1
            return doc[j]
    return None


def _in_imperative(verb: Token) -> bool:
    """Whether ``verb`` is, or hangs on, an imperative: a bare verb heading its sentence with
    no subject, not a to-infinitive or a modal's verb (*Open it to see what ...*, *Don't
    forget that ...*)."""
    tok = verb
    for _ in range(6):
        if tok.dep_ == "ROOT":
            break
        if tok.dep_ not in ("advcl", "xcomp", "conj", "ccomp") or tok.head.i == tok.i:
            return False
        tok = tok.head
    else:
        return False
    return tok.tag_ == "VB" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl")
        or (c.dep_ in ("aux", "auxpass") and (c.lower_ == "to" or c.tag_ == "MD"))
        for c in tok.children
    )


def _is_question(sent: Span) -> bool:
    """Whether ``sent`` ends with a question mark (quotes and spaces aside)."""
    for tok in reversed(sent):
        if tok.is_space or tok.text in _QUOTE_TOKENS:
            continue
        return tok.text == "?"
    return False


def _quote_follows(doc: Doc, i: int, end: int) -> bool:
    """Whether a quotation opens at token ``i`` or just after a comma, colon or dash there
    (the rest of a quotation interrupted by its cue: *"A," he said, "B."*)."""
    if i < end - 1 and doc[i].text in _CONTINUERS and doc[i].text not in _QUOTE_TOKENS:
        i += 1
    return i < end - 1 and doc[i].text in _OPEN_QUOTES


def _clause_bounds(verb: Token) -> tuple[int, int]:
    """First and last token of ``verb``'s clause without its edge punctuation."""
    doc = verb.doc
    left, right = verb.left_edge.i, verb.right_edge.i
    while left < verb.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > verb.i and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return left, right


def _postposed(verb: Token) -> bool:
    """Whether ``verb``'s clause comes after its content, set off by a comma, dash or quote."""
    left = _clause_bounds(verb)[0]
    if left == 0:
        return False
    before = verb.doc[left - 1]
    return before.text in {",", "—", "–", "--", "―", ":"} or before.text in _QUOTE_TOKENS


def _bare_clause(child: Token, tiers: frozenset[str]) -> bool:
    """A finite clause with its own subject and no conjunction, which the parse hung on a
    speech or belief verb as an adverbial (*X said after the vote he would resign*): the
    verb's clausal complement."""
    return (
        child.dep_ == "advcl"
        and bool(tiers & {"speech", "mental"})
        and child.tag_.startswith("VB")
        and any(c.dep_ in ("nsubj", "nsubjpass") and c.i < child.i for c in child.children)
        and not any(c.dep_ == "mark" for c in child.children)
        and not any(c.dep_ == "advmod" and c.tag_ == "WRB" for c in child.children)
    )


def _set_off(verb: Token, subj: Token | None) -> bool:
    """Whether the cue clause proper (subject and verb, without the content) comes after a
    comma, dash or quotation mark (*..., the source added*)."""
    doc = verb.doc
    start = verb.i
    if subj is not None and subj.i < verb.i:
        start = subj.left_edge.i
    while start > 0 and doc[start - 1].tag_ in ("RB", "MD"):
        start -= 1
    return start > 0 and (
        doc[start - 1].text in {",", "—", "–", "--", "―"} or doc[start - 1].text in _QUOTE_TOKENS
    )


def _main_predicate(verb: Token, clause: Token) -> bool:
    """Whether ``clause``, parsed as the complement of a cue verb inside a relative clause,
    is the main clause's predicate instead (*The loopholes he cited are ...*: a clause with
    no subject of its own after a contact relative clause)."""
    return verb.dep_ == "relcl" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in clause.children
    )


def _verb_candidate(
    tok: Token, entry: VerbCue, cue_last: int, sent: Span, offset: int, lexicon: Lexicon
) -> Candidate | None:
    doc = tok.doc
    tiers = entry.tiers
    mental = "speech" not in tiers and (
        "mental" in tiers or ("intent" in tiers and entry.base not in lexicon.intent_speech)
    )
    flags: tuple[str, ...] = ()
    if mental:
        flags = ("mental", "intent") if "mental" not in tiers else ("mental",)
    cue = _span_chars(doc, tok.i, cue_last, offset)
    sent_chars = (sent.start_char + offset, sent.end_char + offset)
    subj = _subject(tok, lexicon)
    if subj is not None and not _inverted_ok(tok, cue_last, subj):
        subj = None
    if subj is None and tiers & {"speech", "stance", "mental", "intent"}:
        subj = _adjacent_source(tok, lexicon)
    if subj is None and tok.tag_ == "VBG":
        subj = _sentence_subject(tok, sent, lexicon)
    if subj is None:
        subj = _initial_name(tok, sent)
    if subj is None and _in_imperative(tok):
        return None  # "Open it to see what ...": an instruction to the reader, nobody's claim
    if subj is not None and subj.lower_ == "you" and mental and _is_question(sent):
        return None  # "Do you think ...?": a question put to the reader
    speaker = speaker_ref(subj, offset, lexicon) if subj is not None else None

    def make(rule: str, content: tuple[int, int] | None) -> Candidate:
        lo = min([tok.i, *([subj.left_edge.i] if subj is not None else [])])
        hi = max([cue_last, *([subj.right_edge.i] if subj is not None else [])])
        clause = _span_chars(doc, lo, hi, offset)
        return Candidate(rule, cue, content, speaker, clause, sent_chars, flags)

    children = list(tok.children)
    # 1. a colon right after the cue phrase: "Smith said: ..." / "X told reporters: ..."
    #    (the content runs to the end of the paragraph)
    for j in range(cue_last + 1, min(sent.end, cue_last + 10)):
        t = doc[j]
        if t.text == ":":
            content = None
            nxt = j + 1
            while nxt < len(doc) and doc[nxt].is_space:
                nxt += 1
            # A quotation right after the colon is paired with the cue by the linker.
            if nxt < len(doc) and doc[nxt].text not in _OPEN_QUOTES:
                content = _content(doc, nxt, _last_token(doc), offset)
            return make("verb-colon", content)
        if t.tag_.startswith("VB") or t.tag_ == "MD" or t.text in {".", "!", "?", ";"}:
            break
    # 2. a clausal complement after the verb: "X said (that) ..."
    for child in children:
        if (child.dep_ in _CLAUSE_DEPS or _bare_clause(child, tiers)) and child.i > tok.i:
            if _main_predicate(tok, child):
                continue
            # the cue's own words never open its content ("made it clear | that ...")
            start = max(child.left_edge.i, cue_last + 1)
            content = _content(doc, start, _sentence_cut(doc, start, child.right_edge.i), offset)
            if content:
                # Extend over a closing quotation mark left outside the clause.
                return make("verb-ccomp", content)
    # 3. a clausal complement before the verb: "... , Smith said."
    # (a participle, "..., saying", never looks back for its content)
    if tok.tag_ != "VBG" and ("stance" not in tiers or tiers & {"speech", "mental", "evidence"}):
        for child in children:
            if child.dep_ in _BEFORE_CLAUSE_DEPS and child.i < tok.i:
                if child.dep_ == "advcl" and not _postposed(tok):
                    continue
                if child.right_edge.i >= tok.i:
                    continue
                # "A, but B, the source added": the parse may give the cue both clauses
                last = child.right_edge.i
                for other in children:
                    if (
                        other.i > child.i
                        and other.i < tok.i
                        and other.dep_ in _BEFORE_CLAUSE_DEPS
                        and other.right_edge.i < tok.i
                    ):
                        last = max(last, other.right_edge.i)
                first = child.left_edge.i
                # ... or hang the cue on the first clause ("added" as its conjunct)
                if (
                    tok.dep_ in (*_BEFORE_CLAUSE_DEPS, "conj")
                    and sent.start <= tok.head.i < first
                    and "speech" in tiers
                    and _set_off(tok, subj)
                ):
                    first = max(sent.start, tok.head.left_edge.i)
                content = _content(doc, first, last, offset)
                if content and child.right_edge.i - child.left_edge.i >= 2:
                    # Content beyond the cue clause ("“A,” he said, “B.”") joins it.
                    after = tok.right_edge.i + 1
                    if _quote_follows(doc, after, sent.end):
                        tail = _content(doc, after, sent.end - 1, offset)
                        if tail:
                            content = (content[0], tail[1])
                    return make("verb-postposed", content)
    # 3a. a postposed speech cue whose content the parse took as a fronted object or a
    #     second subject (*The loopholes he cited are "...," The Hill reported.*)
    if "speech" in tiers and tok.tag_ in ("VBD", "VBZ", "VBP") and _set_off(tok, subj):
        for child in children:
            if (
                (child.dep_ == "dobj" or (child.dep_ == "nsubj" and subj is not None))
                and (subj is None or child.i != subj.i)
                and child.i < tok.i
                and child.right_edge.i < tok.i
                and any(c.dep_ == "relcl" for c in child.children)
            ):
                content = _content(doc, child.left_edge.i, child.right_edge.i, offset)
                if content:
                    return make("verb-postposed", content)
    # 3b. an as-clause: "As Smith noted, the plan is late." / "The plan, as Smith noted, is
    #     late." / "The plan will fail, as Smith predicted." — the rest of the sentence
    if (
        tok.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in children)
        and not entry.tail
        and not any(
            c.i > tok.i
            and (
                c.dep_ in ("ccomp", "dobj", "xcomp")
                or (c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS)
            )
            for c in children
        )  # "As Clinton talked about X, ...": a time, not a source
        and tiers & {"speech", "mental", "evidence"}
        and subj is not None
    ):
        left, right = _clause_bounds(tok)
        before = _content(doc, sent.start, left - 1, offset) if left > sent.start else None
        after = _content(doc, right + 1, sent.end - 1, offset) if right + 1 < sent.end else None
        content = (before[0], after[1]) if before and after else before or after
        if content:
            return make("verb-as", content)
    # 4. the cue clause hangs on the content's verb: "... is wrong, Smith said." or, set off
    #    by commas inside it, "The plan, Smith said, is wrong."
    left, right = _clause_bounds(tok)
    if (
        tok.tag_ != "VBG"
        and tok.dep_ in ("parataxis", "ccomp", "advcl", "conj")
        and _postposed(tok)
        and sent.start <= tok.head.i < sent.end
        and (
            tok.head.i < tok.i
            or (right + 1 < sent.end and doc[right + 1].text in {",", "—", "–", "--"})
        )
        and tiers & {"speech", "mental", "evidence"}
    ):
        content = _content(doc, sent.start, left - 1, offset)
        if content and subj is not None:
            after = right + 1
            if tok.head.i > tok.i or _quote_follows(doc, after, sent.end):
                tail = _content(doc, after, sent.end - 1, offset)
                if tail:
                    content = (content[0], tail[1])
            return make("verb-postposed", content)
    # 5. an intention or request with a to-infinitive: "X plans to ...", "X urged Y to ..."
    if "intent" in tiers:
        for child in children:
            if (
                child.dep_ in ("xcomp", "ccomp")
                and child.i > tok.i
                and child.tag_ == "VB"
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
            ):
                start = child.left_edge.i
                objs = [c for c in children if c.dep_ in ("dobj", "dative") and c.i < start]
                if objs:
                    start = min(start, objs[0].left_edge.i)
                content = _content(doc, start, child.right_edge.i, offset)
                if content:
                    return make("verb-xcomp", content)
    # 6. a noun-phrase content: "X called for Y", "X criticised Y", "X cited Y",
    #    "X complained about Y", and the passive "Y was endorsed by X"
    if tiers & OBJECT_TIERS and entry.base not in lexicon.no_object:
        objs: list[Token] = []
        if entry.tail:
            objs = [c for c in doc[cue_last].children if c.dep_ in ("pobj", "pcomp")]
        else:
            objs = [c for c in children if c.dep_ == "dobj" and c.i > tok.i]
            if objs and "stance" not in tiers and objs[0].ent_type_ == "PERSON":
                objs = []  # "told Smith", "warned Jones": a recipient, not content
            if not objs:
                for child in children:
                    if child.dep_ == "prep" and child.lower_ in _OBJECT_PREPS and child.i > tok.i:
                        objs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                        if objs:
                            break
        if not objs and tok.tag_ == "VBN":
            passive_subj = [c for c in children if c.dep_ == "nsubjpass"]
            if passive_subj and any(c.dep_ == "agent" for c in children):
                objs = passive_subj
        if objs:
            obj = objs[0]
            first_i = obj.left_edge.i
            last = obj.right_edge.i
            for child in children:
                if obj.i < tok.i or child.i <= obj.i or child.dep_ in _NOT_CONTENT_DEPS:
                    continue
                if child.dep_ == "conj" and child.tag_.startswith("VB"):
                    continue  # "... and then left": another clause, not the content
                last = max(last, child.right_edge.i)
            content = _content(doc, first_i, last, offset)
            if content:
                return make("verb-object", content)
    # 7. no content of its own: kept for a neighbouring quotation ("“...” he said."), but
    #    not in an object relative clause (*the “loopholes” he cited*: the quotation there
    #    is the noun the clause describes)
    if (
        ("speech" in tiers or tok.lower_ in lexicon.quote_only)
        and subj is not None
        and not (tok.dep_ == "relcl" and subj.tag_ not in ("WP", "WDT"))
    ):
        return make("verb-bare", None)
    return None


def _according(tok: Token, sent: Span, offset: int, lexicon: Lexicon) -> Candidate | None:
    """*according to X*: the rest of the sentence is X's."""
    doc = tok.doc
    low = tok.lower_
    obj: Token | None = None
    cue_last = tok.i
    if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        cue_last = tok.i + 1
        for child in doc[tok.i + 1].children:
            if child.dep_ == "pobj":
                obj = child
    elif low == "per" and tok.dep_ == "prep":
        for child in tok.children:
            if child.dep_ == "pobj" and child.ent_type_ in _SOURCE_ENT_LABELS:
                obj = child
    if obj is None:
        return None
    phrase_first = tok.i
    phrase_last = max(obj.right_edge.i, cue_last)
    if phrase_first - 1 >= sent.start and doc[phrase_first - 1].lower_ == "as":
        phrase_first -= 1
    before = _trimmed(doc, sent.start, phrase_first - 1) if phrase_first > sent.start else None
    after = _trimmed(doc, phrase_last + 1, sent.end - 1) if phrase_last + 1 < sent.end else None
    if before and after:
        content = _content(doc, before[0], after[1], offset)
    elif before:
        content = _content(doc, before[0], before[1], offset)
    elif after:
        content = _content(doc, after[0], after[1], offset)
    else:
        content = None
    if content is None:
        return None
    return Candidate(
        "according",
        _span_chars(doc, tok.i, cue_last, offset),
        content,
        speaker_ref(obj, offset, lexicon),
        _span_chars(doc, phrase_first, phrase_last, offset),
        (sent.start_char + offset, sent.end_char + offset),
    )


def _noun_candidate(tok: Token, sent: Span, offset: int, lexicon: Lexicon) -> Candidate | None:
    """A noun cue with a that-clause: *X's claim that ...*, *the belief that ...*."""
    doc = tok.doc
    clause = None
    for child in tok.children:
        if (
            child.dep_ in ("acl", "ccomp", "relcl", "appos")
            and child.i > tok.i
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children)
        ):
            clause = child
            break
    if clause is None:
        return None
    content = _content(doc, clause.left_edge.i, clause.right_edge.i, offset)
    if content is None:
        return None
    src: Token | None = None
    for child in tok.children:
        if child.dep_ == "poss":
            src = child
        elif (
            child.dep_ in ("compound", "nmod")
            and child.i < tok.i
            and child.ent_type_ in ("PERSON", "ORG", "NORP")
            and src is None
        ):
            src = child  # "a New York Times report that ...", "the Pentagon statement that"
        elif child.dep_ == "prep" and child.lower_ in ("by", "from", "of") and src is None:
            for grand in child.children:
                if grand.dep_ == "pobj" and grand.ent_type_ in _SOURCE_ENT_LABELS:
                    src = grand
    if src is None and tok.dep_ in ("dobj", "attr") and tok.head.tag_.startswith("VB"):
        for child in tok.head.children:
            if child.dep_ in _SUBJECT_DEPS:
                src = child
    flags: tuple[str, ...] = ("mental",) if tok.lower_ in lexicon.mental_nouns else ()
    cue = _span_chars(doc, tok.i, tok.i, offset)
    return Candidate(
        "noun",
        cue,
        content,
        speaker_ref(src, offset, lexicon) if src is not None else None,
        cue,
        (sent.start_char + offset, sent.end_char + offset),
        flags,
    )


def _label_colon(sent: Span, offset: int, lexicon: Lexicon) -> Candidate | None:
    """*Name: content* — a speaker label (an entity, no verb) before a colon."""
    doc = sent.doc
    colon = None
    for tok in sent[:12]:
        if tok.text == ":":
            colon = tok
            break
        if tok.tag_.startswith("VB") or tok.tag_ == "MD":
            return None
    if colon is None or colon.i == sent.start or colon.i + 1 >= len(doc):
        return None
    label = sent.doc[sent.start : colon.i]
    heads = [t for t in label if t.ent_type_ in ("PERSON", "ORG") and t.ent_iob_ == "B"]
    if not heads and len(label) <= 4:
        # transcripts: "WALLACE: ...", "MR. SMITH: ..."
        caps = [t for t in label if t.is_alpha and t.is_upper and len(t) > 1]
        if caps and all(t.is_upper or t.is_punct for t in label):
            heads = caps
    if not heads:
        return None
    # At the start of a paragraph the label's turn runs to the paragraph's end.
    at_start = sent.start == _first_token(doc)
    last = _last_token(doc) if at_start or colon.i + 1 >= sent.end else sent.end - 1
    content = _content(doc, colon.i + 1, last, offset)
    if content is None:
        return None
    head = heads[-1]
    cue = _span_chars(doc, colon.i, colon.i, offset)
    return Candidate(
        "label-colon",
        cue,
        content,
        speaker_ref(head, offset, lexicon),
        _span_chars(doc, sent.start, colon.i, offset),
        (sent.start_char + offset, sent.end_char + offset),
    )


_COPULAS = frozenset(
    {
        "is", "are", "was", "were", "be", "been", "being", "'s", "’s", "'re", "’re", "am",
        "seem", "seems", "seemed", "remain", "remains", "remained", "appear", "appears",
        "appeared", "feel", "feels", "felt", "become", "becomes", "became", "grew", "grown",
        "sound", "sounds", "sounded",
    }
)  # fmt: skip
_ADJECTIVE_PREPS = frozenset({"of", "about", "over", "on", "to", "with", "toward", "towards"})


def _adjective_candidate(tok: Token, sent: Span, offset: int, lexicon: Lexicon) -> Candidate | None:
    """A stance or belief adjective after a copula: *X is confident that ...*, *X was critical
    of ...*, *X remains convinced that ...*, *X is worried about ...*."""
    doc = tok.doc
    subj: Token | None = None
    if tok.dep_ == "acomp" and tok.head.lower_ in _COPULAS:
        for child in tok.head.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                subj = child
    elif tok.tag_ == "VBN" and any(
        c.dep_ == "auxpass" and c.lower_ in _COPULAS for c in tok.children
    ):
        if any(c.dep_ == "agent" for c in tok.children):
            return None  # "was convinced by X": a passive, not a state of mind
        for child in tok.children:
            if child.dep_ == "nsubjpass":
                subj = child
    if subj is None or subj.lower_ in ("it", "there", "this", "that", "what"):
        return None  # "It is clear that ...": nobody's stance
    content = None
    for child in tok.children:
        if child.i < tok.i:
            continue
        if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and child.tag_ == "VB"):
            content = _content(doc, child.left_edge.i, child.right_edge.i, offset)
        elif child.dep_ == "prep" and child.lower_ in _ADJECTIVE_PREPS:
            objs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objs and child.lower_ in lexicon.adjectives[tok.lower_]:
                content = _content(doc, objs[0].left_edge.i, objs[0].right_edge.i, offset)
        if content is not None:
            break
    if content is None:
        return None
    cue = _span_chars(doc, tok.i, tok.i, offset)
    flags: tuple[str, ...] = ("mental",) if tok.lower_ in lexicon.mental_adjectives else ()
    lo = min(subj.left_edge.i, tok.i)
    return Candidate(
        "adjective",
        cue,
        content,
        speaker_ref(subj, offset, lexicon),
        _span_chars(doc, lo, tok.i, offset),
        (sent.start_char + offset, sent.end_char + offset),
        flags,
    )


def extract_candidates(doc: Doc, offset: int, lexicon: Lexicon) -> list[Candidate]:
    """Every attribution candidate in ``doc`` (a paragraph starting at ``offset``)."""
    found: list[Candidate] = []
    verbs = lexicon.verbs
    speech_nouns = lexicon.speech_nouns
    mental_nouns = lexicon.mental_nouns
    adjectives = lexicon.adjectives
    for sent in doc.sents:
        label = _label_colon(sent, offset, lexicon)
        if label is not None:
            found.append(label)
        for tok in sent:
            low = tok.lower_
            tag = tok.tag_
            cand: Candidate | None = None
            if low in adjectives and tag in ("JJ", "VBN"):
                cand = _adjective_candidate(tok, sent, offset, lexicon)
                if cand is not None:
                    found.append(cand)
                    continue
            if low in verbs and (
                tag.startswith("VB")
                # "Trump claims that ...": tagged a noun, parsed as a predicate
                or (tag in ("NNS", "NN") and any(c.dep_ == "nsubj" for c in tok.children))
            ):
                matched = _match_cue(tok, verbs[low])
                if matched is not None:
                    cand = _verb_candidate(tok, matched[0], matched[1], sent, offset, lexicon)
            elif low == "according" or (low == "per" and tag == "IN"):
                cand = _according(tok, sent, offset, lexicon)
            elif (low in speech_nouns or low in mental_nouns) and tag.startswith("NN"):
                cand = _noun_candidate(tok, sent, offset, lexicon)
            if cand is not None:
                found.append(cand)
    return found
