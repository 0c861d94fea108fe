"""W3C Web Annotation export: an ``AnnotationCollection`` in JSON-LD.

Each note becomes an ``Annotation`` (motivation ``highlighting`` for a highlight, ``commenting``
for a note) with ``TextualBody`` bodies (purpose ``commenting`` for the note, ``tagging`` for
each tag) and a ``SpecificResource`` target carrying both a ``TextQuoteSelector`` and a
``TextPositionSelector`` (offsets in Unicode code points, as the model requires).

What the model has no word for travels in the ``margin:`` extension namespace (declared in the
``@context``) so a round trip is lossless: ``margin:article`` (the article's SHA-256),
``margin:colour`` and ``margin:status``. The colour is also given the standard way, as a
``styleClass`` on the target plus a ``CssStylesheet``, so other clients can show it.
The note id is kept in the annotation IRI (see :func:`note_iri`).

Each verdict on a claim becomes an ``Annotation`` with motivation ``assessing`` on the claim's
content (the same two selectors), whose bodies are the rating (a ``TextualBody`` with purpose
``assessing``), the reasoning (purpose ``commenting``, Markdown) and each evidence link (an
external resource with purpose ``linking``); its IRI keeps the verdict id
(``urn:margin:verdict:`` for an id that is not a UUID).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from margin import __version__
from margin.export.document import ExportDocument
from margin.export.jsonfmt import dumps
from margin.export.links import is_web_source
from margin.model import Article
from margin.storage.model import Anchor, Note
from margin.storage.verdict_model import Verdict
from margin.styles.entities import HIGHLIGHT_COLOURS

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MARGIN_NS = "https://margin.invalid/ns#"
"""The IRI of margin's extension terms (``margin:article``, ``margin:colour``...)."""
CONTEXT: list[Any] = [ANNO_CONTEXT, {"margin": MARGIN_NS}]

NOTE_IRI = "urn:margin:note:"
VERDICT_IRI = "urn:margin:verdict:"
ARTICLE_IRI = "urn:margin:article:"
STYLE_CLASS = "margin-colour-"


def note_iri(note_id: str, prefix: str = NOTE_IRI) -> str:
    """The annotation IRI for a margin note (or verdict) id.

    margin's ids are UUIDs in 32-digit hex (the store's form): they become ``urn:uuid:`` IRIs
    in the canonical form. Any other id is kept verbatim in ``<prefix><id>``
    (``urn:margin:note:<id>``, for a verdict :data:`VERDICT_IRI`).
    """
    if len(note_id) == 32 and all(c in "0123456789abcdef" for c in note_id):
        return f"urn:uuid:{uuid.UUID(hex=note_id)}"
    return prefix + note_id


def note_id_from_iri(iri: str) -> str:
    """The margin note (or verdict) id in an annotation IRI; a foreign IRI maps to a stable
    UUID (hex)."""
    if iri.lower().startswith("urn:uuid:"):
        try:
            return uuid.UUID(iri[len("urn:uuid:") :]).hex
        except ValueError:
            pass
    for prefix in (NOTE_IRI, VERDICT_IRI):
        if iri.startswith(prefix) and len(iri) > len(prefix):
            return iri[len(prefix) :]
    return uuid.uuid5(uuid.NAMESPACE_URL, iri).hex


def source_iri(article: Article) -> str:
    """An IRI for the article: its URL, a ``file://`` URI, or ``urn:margin:article:<sha>``."""
    src = article.source
    if is_web_source(src):
        return src
    if src and Path(src).is_absolute():
        return Path(src).as_uri()
    return ARTICLE_IRI + article.sha256


def source_from_iri(iri: str) -> str:
    """Undo :func:`source_iri` as far as possible (a path for ``file://``)."""
    parts = urlsplit(iri)
    if parts.scheme == "file":
        return unquote(parts.path)
    return iri


def _stylesheet(colour: int) -> dict[str, str]:
    background = HIGHLIGHT_COLOURS[colour][2]
    return {
        "type": "CssStylesheet",
        "value": f".{STYLE_CLASS}{colour} {{ background-color: {background}; }}",
    }


def _target(anchor: Anchor, source: str) -> dict[str, Any]:
    """A ``SpecificResource`` on ``source`` with the passage's quote and position."""
    return {
        "type": "SpecificResource",
        "source": source,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": anchor.exact,
                "prefix": anchor.prefix,
                "suffix": anchor.suffix,
            },
            {"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end},
        ],
    }


def annotation(note: Note, article: Article, source: str | None = None) -> dict[str, Any]:
    """One note as a Web Annotation (without ``@context``: the collection carries it)."""
    bodies: list[dict[str, Any]] = []
    if not note.is_highlight:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": note.body,
                "format": "text/markdown",
            }
        )
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in note.tags]
    target = _target(note.anchor, source or source_iri(article))
    anno: dict[str, Any] = {
        "id": note_iri(note.id),
        "type": "Annotation",
        "motivation": "highlighting" if note.is_highlight else "commenting",
    }
    if note.created:
        anno["created"] = note.created
    if note.updated:
        anno["modified"] = note.updated
    if bodies:
        anno["body"] = bodies
    anno["target"] = target
    if note.colour is not None:
        target["styleClass"] = f"{STYLE_CLASS}{note.colour}"
        if note.colour in HIGHLIGHT_COLOURS:
            anno["stylesheet"] = _stylesheet(note.colour)
    anno["margin:article"] = note.article
    anno["margin:colour"] = note.colour
    anno["margin:status"] = note.status
    return anno


def verdict_annotation(
    verdict: Verdict, article: Article, source: str | None = None
) -> dict[str, Any]:
    """One verdict as an ``assessing`` Web Annotation on the claim's content: the rating, the
    reasoning and the evidence links as its bodies."""
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "assessing", "value": verdict.rating}
    ]
    if verdict.reasoning:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": verdict.reasoning,
                "format": "text/markdown",
            }
        )
    bodies += [{"id": link, "purpose": "linking"} for link in verdict.links]
    anno: dict[str, Any] = {
        "id": note_iri(verdict.id, VERDICT_IRI),
        "type": "Annotation",
        "motivation": "assessing",
    }
    if verdict.created:
        anno["created"] = verdict.created
    if verdict.updated:
        anno["modified"] = verdict.updated
    anno["body"] = bodies
    anno["target"] = _target(verdict.anchor, source or source_iri(article))
    anno["margin:article"] = verdict.article
    anno["margin:status"] = verdict.status
    return anno


def document_to_w3c(doc: ExportDocument) -> dict[str, Any]:
    """The export as an ``AnnotationCollection`` with one embedded ``AnnotationPage``."""
    art = doc.article
    source = source_iri(art)
    collection_id = f"{ARTICLE_IRI}{art.sha256}:annotations"
    items = [annotation(n, art, source) for n in doc.notes]
    items += [verdict_annotation(v, art, source) for v in doc.verdicts]
    return {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": f"Notes on {art.title}" if art.title else "Notes",
        "total": len(items),
        "generated": doc.exported,
        "generator": {
            "id": "https://margin.invalid/",
            "type": "Software",
            "name": f"margin {__version__}",
        },
        "margin:articleInfo": {"sha256": art.sha256, "title": art.title, "source": art.source},
        "first": {
            "id": f"{collection_id}:page-1",
            "type": "AnnotationPage",
            "partOf": collection_id,
            "startIndex": 0,
            "items": items,
        },
        "last": f"{collection_id}:page-1",
    }


def render_document(doc: ExportDocument) -> str:
    """Render an :class:`ExportDocument` as JSON-LD text."""
    return dumps(document_to_w3c(doc), depth=3) + "\n"
