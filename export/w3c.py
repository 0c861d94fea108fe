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
from margin.storage.model import Note
from margin.styles.entities import HIGHLIGHT_COLOURS

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MARGIN_NS = "https://margin.invalid/ns#"
"""The IRI of margin's extension terms (``margin:article``, ``margin:colour``...)."""
CONTEXT: list[Any] = [ANNO_CONTEXT, {"margin": MARGIN_NS}]

NOTE_IRI = "urn:margin:note:"
ARTICLE_IRI = "urn:margin:article:"
STYLE_CLASS = "margin-colour-"


def note_iri(note_id: str) -> str:
    """The annotation IRI for a margin note id.

    margin's ids are UUIDs in 32-digit hex (the store's form): they become ``urn:uuid:`` IRIs
    in the canonical form. Any other id is kept verbatim in ``urn:margin:note:<id>``.
    """
    if len(note_id) == 32 and all(c in "0123456789abcdef" for c in note_id):
        return f"urn:uuid:{uuid.UUID(hex=note_id)}"
    return NOTE_IRI + note_id


def note_id_from_iri(iri: str) -> str:
    """The margin note id in an annotation IRI; a foreign IRI maps to a stable UUID (hex)."""
    if iri.lower().startswith("urn:uuid:"):
        try:
            return uuid.UUID(iri[len("urn:uuid:") :]).hex
        except ValueError:
            pass
    if iri.startswith(NOTE_IRI) and len(iri) > len(NOTE_IRI):
        return iri[len(NOTE_IRI) :]
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
    target: dict[str, Any] = {
        "type": "SpecificResource",
        "source": source or source_iri(article),
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": note.anchor.exact,
                "prefix": note.anchor.prefix,
                "suffix": note.anchor.suffix,
            },
            {"type": "TextPositionSelector", "start": note.anchor.start, "end": note.anchor.end},
        ],
    }
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


def document_to_w3c(doc: ExportDocument) -> dict[str, Any]:
    """The export as an ``AnnotationCollection`` with one embedded ``AnnotationPage``."""
    art = doc.article
    source = source_iri(art)
    collection_id = f"{ARTICLE_IRI}{art.sha256}:annotations"
    items = [annotation(n, art, source) for n in doc.notes]
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
