"""Verb cues: a verb of the lexicon and the content its parse gives it.

:func:`verb_candidate` finds the verb's source once (:mod:`analysis.claims_sources`), then
tries the rules of :data:`VERB_RULES` in order; the first that finds a content (or, for
``verb-colon`` and ``verb-bare``, decides there is none of its own) gives the candidate.
Each rule is a small function of a :class:`~analysis.claims_site.VerbSite`; the rules for
parenthetical and postposed cues are in :mod:`analysis.claims_parenthetical`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from margin.analysis.claims_ends import (
    content_end,
    extracted_subject_start,
    object_end,
    past_semicolon,
)
from margin.analysis.claims_evidential import evidential
from margin.analysis.claims_hosts import past_dateline
from margin.analysis.claims_idioms import colon_content_end, finds_oneself, votes_cast
from margin.analysis.claims_parenthetical import (
    as_clause,
    clause_before,
    cue_inside_content,
    fronted_object,
)
from margin.analysis.claims_reach import for_to_clause, person_alone, with_for_objects
from margin.analysis.claims_senses import senses_nothing
from margin.analysis.claims_site import OBJECT_PREPS, OBJECT_TIERS, VerbSite
from margin.analysis.claims_sources import (
    adjacent_source,
    coordinated_cue,
    cue_subject,
    in_imperative,
    initial_name,
    interposed_speaker,
    inverted_ok,
    noun_before,
    participle_host,
    sentence_subject,
    set_off_name,
    shared_subject,
)
from margin.analysis.claims_tokens import (
    OPEN_QUOTES,
    QUOTE_TOKENS,
    Candidate,
    content_span,
    is_question,
    sentence_chars,
    sentence_cut,
    span_chars,
)
from margin.analysis.speakers import looks_like_source, speaker_ref

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from margin.analysis.cues import Lexicon, VerbCue

_CLAUSE_DEPS = ("ccomp",)
# Children of a cue verb that never extend its noun-phrase content.
_NOT_CONTENT_DEPS = frozenset({"cc", "punct", "parataxis", "mark", "nsubj", "nsubjpass", "agent"})


def _bare_clause(child: Token, tiers: frozenset[str]) -> bool:
    """A finite clause with its own subject and no conjunction, which the parse hung on a
    speech or belief verb as an adverbial (*X said after the vote he would resign*), or an
    indirect question opened by *if* or *whether* when the verb has no clausal complement
    of its own (*X was asked if he would run*; not the condition of *X said if A, B*): the
    verb's clausal complement."""
    marks = [c.lower_ for c in child.children if c.dep_ == "mark"]
    asks = bool(marks) and set(marks) <= {"if", "whether"}
    return (
        child.dep_ == "advcl"
        and bool(tiers & {"speech", "mental"})
        and child.tag_.startswith("VB")
        and any(c.dep_ in ("nsubj", "nsubjpass") and c.i < child.i for c in child.children)
        and (not marks or (asks and not any(c.dep_ == "ccomp" for c in child.head.children)))
        and not any(c.dep_ == "advmod" and c.tag_ == "WRB" for c in child.children)
    )


def _gerund_clause(child: Token, tiers: frozenset[str]) -> bool:
    """A gerund the parse made the open complement of a speech, belief or stance verb (*X said
    legalizing it could put ...*, *X has supported increasing the number*)."""
    return (
        child.dep_ == "xcomp"
        and child.tag_ == "VBG"
        and bool(tiers & {"speech", "mental", "stance"})
        and child.i == child.left_edge.i
    )


def _main_predicate(verb: Token, clause: Token) -> bool:
    """Whether ``clause``, parsed as the complement of a cue verb inside a relative clause,
    is the main clause's predicate instead (*The loopholes he cited are ...*: a clause with
    no subject of its own after a contact relative clause)."""
    return verb.dep_ == "relcl" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in clause.children
    )


def colon_after_cue(site: VerbSite) -> Candidate | None:
    """``verb-colon``: a colon right after the cue phrase (*Smith said: ...*, *X told
    reporters: ...*); the content runs to the end of the sentence (or of the paragraph for a
    quotation: :func:`~analysis.claims_idioms.colon_content_end`) and takes in the cue's
    object before the colon; or it is the quotation after the colon (paired with the cue by
    the linker)."""
    doc, sent = site.doc, site.sent
    for j in range(site.cue_last + 1, min(sent.end, site.cue_last + 10)):
        t = doc[j]
        if t.text == ":":
            content = None
            nxt = j + 1
            while nxt < len(doc) and doc[nxt].is_space:
                nxt += 1
            if nxt < len(doc) and doc[nxt].text not in OPEN_QUOTES:
                content = site.content(nxt, colon_content_end(doc, nxt))
                obj = noun_phrase_object(site)
                if content and obj and obj.content and obj.content[0] < t.idx + site.offset:
                    content = (obj.content[0], content[1])
            cand = site.make("verb-colon", content)
            subj = site.subj
            if content is None and (
                subj is None or site.lexicon.is_pronoun(subj.lower_) != "first"
            ):
                # the cue clause runs to its colon (*X wrote on Facebook: “...”*), so the
                # quotation after it is next to the clause (not the writer's own: *I wrote a
                # note to the council: “...”*, as for any clause before a colon)
                cand.clause = (cand.clause[0], max(cand.clause[1], t.idx + 1 + site.offset))
            return cand
        if t.tag_.startswith("VB") or t.tag_ == "MD" or t.text in {".", "!", "?", ";"}:
            break
    return None


def clausal_complement(site: VerbSite) -> Candidate | None:
    """``verb-ccomp``: a clausal complement after the verb (*X said (that) ...*)."""
    doc, tok = site.doc, site.tok
    for child in site.children:
        if (
            child.dep_ in _CLAUSE_DEPS
            or _bare_clause(child, site.tiers)
            or _gerund_clause(child, site.tiers)
        ) and child.i > tok.i:
            if _main_predicate(tok, child) or finds_oneself(site, child):
                continue
            # the cue's own words never open its content ("made it clear | that ...")
            start = max(child.left_edge.i, site.cue_last + 1)
            start = extracted_subject_start(site, child, start)
            last = content_end(site, child)
            for conj in child.children:  # "... and said that ...": another claim of the source
                if conj.i > child.i and (
                    coordinated_cue(conj, site.lexicon) == tok or participle_host(conj) == tok
                ):
                    last = min(last, conj.left_edge.i - 1)
                    while last > start and doc[last].dep_ in ("cc", "punct"):
                        last -= 1
            last = past_semicolon(site, last)
            content = site.content(start, sentence_cut(doc, start, last))
            if content:
                return site.make("verb-ccomp", content)
    return None


def to_infinitive(site: VerbSite) -> Candidate | None:
    """``verb-xcomp``: an intention or request with a to-infinitive (*X plans to ...*, *X
    urged Y to ...*: the content takes the object in)."""
    if "intent" not in site.tiers:
        return None
    tok, children = site.tok, site.children
    for child in children:
        if (
            child.dep_ in ("xcomp", "ccomp")
            and child.i > tok.i
            and child.tag_ == "VB"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        ):
            start = child.left_edge.i
            objs = [c for c in children if c.dep_ in ("dobj", "dative") and c.i < start]
            if site.entry.tail:  # "called on X to ...": X too
                objs += [c for c in site.doc[site.cue_last].children if c.dep_ == "pobj"]
            if objs:
                start = min(start, objs[0].left_edge.i)
            # "X is expected to ...": the passive's subject is who is to act
            passive = [c.left_edge.i for c in children if c.dep_ == "nsubjpass" and c.i < tok.i]
            start = min([start, *passive])
            last = past_semicolon(site, content_end(site, child))
            content = site.content(start, last)
            if content:
                return site.make("verb-xcomp", content)
    return None


def asked_about(site: VerbSite) -> Candidate | None:
    """``verb-object``: an agentless passive or participle of a speech verb with an *about*
    object (*Asked about the loan, X said ...*, *X was pressed about the loan*): the topic
    put to someone is the content; the asker is not named, so there is no source."""
    tok, doc = site.tok, site.doc
    if tok.tag_ != "VBN" or "speech" not in site.tiers:
        return None
    passive = False
    for c in site.children:
        if c.dep_ == "agent" or (c.dep_ == "aux" and c.lower_ in ("have", "has", "had")):
            return None  # "was asked by X", "has asked about": X or the subject asked
        if c.dep_ == "auxpass":
            passive = True
        if c.dep_ == "nsubj":
            return None
    if not passive and tok.dep_ not in ("advcl", "acl"):
        return None
    for child in site.children:
        if child.dep_ == "prep" and child.lower_ == "about" and child.i > tok.i:
            objs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if not objs:
                return None
            content = site.content(objs[0].left_edge.i, objs[0].right_edge.i, 1)
            if content is None:
                return None
            cue = span_chars(doc, tok.i, site.cue_last, site.offset)
            return Candidate(
                "verb-object", cue, content, None, cue, sentence_chars(site.sent, site.offset)
            )
    return None


_WHEN = frozenset({"DATE", "TIME"})


def _what_objects(prep: Token) -> list[Token]:
    """The objects of a cue's preposition that can be its content: not a date or a time,
    which says when, not what (*reported on Tuesday*, *called him a liar over the weekend*,
    *has pushed for months*)."""
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp") and c.ent_type_ not in _WHEN]


def noun_phrase_object(site: VerbSite) -> Candidate | None:
    """``verb-object``: a noun-phrase content (*X called for Y*, *X criticised Y*, *X cited
    Y*, *X complained about Y*, *X said the same of Y*, *X called her “third-rate”* with the
    object taken into the predicative), a pro-form for what was said (*X said yes*, *X would
    not say so*) and the passive *Y was endorsed by X*."""
    doc, tok, tiers, children = site.doc, site.tok, site.tiers, site.children
    if not (tiers & OBJECT_TIERS and site.entry.base not in site.lexicon.no_object):
        return None
    objs: list[Token] = []
    if site.entry.tail:
        objs = _what_objects(doc[site.cue_last]) or for_to_clause(site)
        if not objs and doc[site.cue_last].dep_ == "prt":
            # a phrasal verb's object (*X shrugged off the charges*, *X talked up Y*)
            objs = [c for c in children if c.dep_ == "dobj" and c.i > site.cue_last]
    else:
        objs = [c for c in children if c.dep_ == "dobj" and c.i > tok.i]
        if not objs and tok.tag_ != "VBN":
            # the object taken into its predicate by the parse (*called her “third-rate”*)
            objs = [c for c in children if c.dep_ == "oprd" and c.i > tok.i]
        if objs and not tiers & {"stance", "evidence"} and person_alone(objs[0], children):
            objs = []  # "asked Smith", "warned Jones": a recipient, not content
        if not objs:
            for child in children:
                if child.dep_ == "prep" and child.lower_ in OBJECT_PREPS and child.i > tok.i:
                    objs = _what_objects(child)
                    if objs:
                        break
        if not objs:
            objs = with_for_objects(site, _what_objects)
    if not objs and "speech" in tiers:
        # a pro-form for what was said (*said yes*, *would not say so*)
        objs = [
            c
            for c in children
            if c.i > tok.i and (c.dep_ == "intj" or (c.dep_ == "advmod" and c.lower_ == "so"))
        ]
    passive = False
    if not objs and tok.tag_ == "VBN":
        objs = [c for c in children if c.dep_ == "nsubjpass"]
        passive = bool(objs)
    if not objs or (site.subj is None and not passive):
        return None  # a noun-phrase content needs a source ("to assume the presidency")
    obj = objs[0]
    if votes_cast(site, obj) or senses_nothing(site, obj):
        return None
    first_i = obj.left_edge.i
    if obj.i > site.cue_last:  # the cue's own words never open its content ("called for")
        first_i = max(first_i, site.cue_last + 1)
    last = obj.right_edge.i
    for child in children:
        if child.dep_ in _NOT_CONTENT_DEPS or child.dep_ == "auxpass":
            continue
        if passive and child.i > tok.i and child.dep_ in ("xcomp", "oprd", "prep", "attr"):
            last = max(last, child.right_edge.i)  # "X was known as Y": X ... Y
            continue
        if obj.i < tok.i or child.i <= obj.i:
            continue
        if child.dep_ == "conj" and child.tag_.startswith("VB"):
            continue  # "... and then left": another clause, not the content
        last = max(last, child.right_edge.i)
    last = object_end(site, last)
    # one word will do for a name or a noun (*endorsed Clinton*, *opposes abortion*)
    one = obj.tag_ in ("NN", "NNS", "NNP", "NNPS", "UH") or obj.dep_ in ("intj", "advmod")
    content = site.content(first_i, last, 1 if one else 2)
    return site.make("verb-object", content) if content else None


def bare_cue(site: VerbSite) -> Candidate | None:
    """``verb-bare``: a speech verb with no content of its own, kept for a neighbouring
    quotation (*“...” he said.*); not in an object relative clause (*the “loopholes” he
    cited*: the quotation there is the noun the clause describes)."""
    subj = site.subj
    if (
        ("speech" in site.tiers or site.tok.lower_ in site.lexicon.quote_only)
        and subj is not None
        and not (site.tok.dep_ == "relcl" and subj.tag_ not in ("WP", "WDT"))
    ):
        cand = site.make("verb-bare", None)
        last = _adverbials_end(site)
        if last is not None:
            end = site.doc[last].idx + len(site.doc[last]) + site.offset
            cand.clause = (cand.clause[0], max(cand.clause[1], end))
        return cand
    return None


_ADVERBIAL_DEPS = frozenset({"prep", "npadvmod", "advmod", "dative", "dobj"})


def _adverbials_end(site: VerbSite) -> int | None:
    """The last token of the adverbials and hearer right after a bare cue (*X said on
    Tuesday*, *X told reporters at the pier*), when no quotation mark is among them: the cue
    clause reaches that far, so a quotation after them is next to it."""
    last = None
    for child in site.children:
        if child.i <= site.cue_last:
            continue
        if child.dep_ not in _ADVERBIAL_DEPS:
            break
        if any(t.text in QUOTE_TOKENS for t in child.subtree):
            return None
        last = child.right_edge.i
    return last


VerbRule = Callable[[VerbSite], "Candidate | None"]

#: The verb rules, tried in this order; the first that answers gives the candidate.
VERB_RULES: tuple[VerbRule, ...] = (
    colon_after_cue,
    clausal_complement,
    clause_before,
    fronted_object,
    as_clause,
    cue_inside_content,
    to_infinitive,
    asked_about,
    noun_phrase_object,
    bare_cue,
)
#: The rules for raising verbs of appearance (*seem*, *appear*: no source of their own).
EVIDENTIAL_RULES: tuple[VerbRule, ...] = (evidential,)


def _source(
    tok: Token, entry: VerbCue, cue_last: int, sent: Span, lexicon: Lexicon
) -> Token | None:
    """The source token of a cue verb, with the fallbacks for a subject the parse lost."""
    subj = cue_subject(tok, lexicon)
    if subj is not None and not inverted_ok(tok, cue_last, subj):
        subj = None
    if subj is not None:
        subj = interposed_speaker(tok, cue_last, subj, lexicon) or past_dateline(subj)
    if subj is None:
        subj = shared_subject(tok)
    if subj is None and entry.tiers & {"speech", "stance", "mental", "intent"}:
        subj = adjacent_source(tok, lexicon)
    if subj is None and tok.tag_ == "VBG":
        subj = sentence_subject(tok, sent, lexicon)
    if subj is None:
        subj = noun_before(tok)
    if subj is None:
        subj = initial_name(tok, sent)
    if subj is None:
        subj = set_off_name(tok, sent)
    return subj


def verb_flags(entry: VerbCue, lexicon: Lexicon) -> tuple[str, ...]:
    """``mental`` for beliefs, ``mental`` + ``intent`` for intentions that are not speech
    acts (*plans to*; not *promised to*), nothing for speech."""
    tiers = entry.tiers
    mental = "speech" not in tiers and (
        "mental" in tiers or ("intent" in tiers and entry.base not in lexicon.intent_speech)
    )
    if not mental:
        return ()
    return ("mental", "intent") if "mental" not in tiers else ("mental",)


def that_clause_candidate(
    tok: Token, sent: Span, offset: int, lexicon: Lexicon
) -> Candidate | None:
    """``verb-ccomp`` for a verb outside the lexicon whose complement is a that-clause, when
    its subject is a person or an organisation (not the first person)."""
    clause = None
    for child in tok.children:
        if (
            child.dep_ == "ccomp"
            and child.i > tok.i
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children)
        ):
            clause = child
            break
    if clause is None:
        return None
    subj = cue_subject(tok, lexicon)
    if subj is None or not looks_like_source(subj, lexicon):
        return None
    if lexicon.is_pronoun(subj.lower_) == "first":
        return None
    content = content_span(tok.doc, clause.left_edge.i, clause.right_edge.i, offset)
    if content is None:
        return None
    lo = min(tok.i, subj.left_edge.i)
    hi = max(tok.i, subj.right_edge.i)
    return Candidate(
        "verb-ccomp",
        span_chars(tok.doc, tok.i, tok.i, offset),
        content,
        speaker_ref(subj, offset, lexicon),
        span_chars(tok.doc, lo, hi, offset),
        sentence_chars(sent, offset),
    )


def _asks_addressee(subj: Token | None, sent: Span) -> bool:
    """A question put to the reader or the hearer (*Do you think ...?*, *Do you support
    X?*): what *you* say, think or want there is asked about, nobody's claim."""
    return subj is not None and subj.lower_ == "you" and is_question(sent)


def _concessive(tok: Token, sent: Span) -> bool:
    """*That said, ...*: a verb of saying right after a demonstrative that opens the sentence,
    and before a comma, concedes what came before; it reports nothing."""
    doc, first = tok.doc, sent.start
    while first < tok.i and (doc[first].is_space or doc[first].is_punct):
        first += 1
    return (
        first == tok.i - 1
        and doc[first].lower_ in ("that", "this")
        and tok.i + 1 < sent.end
        and doc[tok.i + 1].text == ","
    )


def verb_candidate(
    tok: Token, entry: VerbCue, cue_last: int, sent: Span, offset: int, lexicon: Lexicon
) -> Candidate | None:
    """The candidate of the cue verb ``tok`` (lexicon ``entry``, particles up to
    ``cue_last``): its source, then the first of :data:`VERB_RULES` that answers."""
    flags = verb_flags(entry, lexicon)
    subj = _source(tok, entry, cue_last, sent, lexicon)
    if subj is None and in_imperative(tok):
        return None  # "Open it to see what ...": an instruction to the reader, nobody's claim
    if _asks_addressee(subj, sent) or _concessive(tok, sent):
        return None
    speaker = speaker_ref(subj, offset, lexicon) if subj is not None else None
    site = VerbSite(
        tok, entry, cue_last, sent, offset, lexicon, subj, speaker, flags, list(tok.children)
    )
    for rule in EVIDENTIAL_RULES if entry.tiers == {"evidential"} else VERB_RULES:
        cand = rule(site)
        if cand is not None:
            return cand
    return None
