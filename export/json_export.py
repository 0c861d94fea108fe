"""Lossless, versioned JSON export (``"format": "margin-export", "version": 1``).

The file carries the article (metadata and its text, so an import can restore the article
too), every exported note with its anchor, and the claims and entities when asked for. Its
shape is described by ``export/schema/margin-export.schema.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from margin import __version__
from margin.export.document import ExportDocument
from margin.export.jsonfmt import dumps
from margin.export.verdict_sections import verdicts_json
from margin.storage.model import Note

FORMAT_NAME = "margin-export"
FORMAT_VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("schema") / "margin-export.schema.json"
"""The JSON Schema (draft 2020-12) that every JSON export validates against."""


def note_to_json(note: Note) -> dict[str, Any]:
    """A note as stored, plus how its last re-anchoring went (``status``)."""
    data = note.to_dict()
    data["status"] = note.status
    return data


def analysis_to_json(doc: ExportDocument) -> dict[str, Any] | None:
    """The parts of the analysis that ``doc.what`` asks for, or ``None``."""
    analysis = doc.analysis
    if analysis is None or not (doc.claims_wanted or doc.entities_wanted):
        return None
    return {
        "model": analysis.model,
        "sentences": [[s, e] for s, e in analysis.sentences],
        "entities": [e.to_dict() for e in analysis.entities] if doc.entities_wanted else [],
        "claims": [c.to_dict() for c in analysis.claims] if doc.claims_wanted else [],
    }


def document_to_json(doc: ExportDocument) -> dict[str, Any]:
    """The export as a JSON-ready dict."""
    art = doc.article
    wants_analysis = doc.claims_wanted or doc.entities_wanted
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "generator": f"margin {__version__}",
        "exported": doc.exported,
        "what": doc.what,
        "article": {
            "title": art.title,
            "source": art.source,
            "sha256": art.sha256,
            "length": len(art.text),
            "text": art.text,
        },
        "notes": [note_to_json(n) for n in doc.notes],
        "verdicts": verdicts_json(doc),
        "analysis": analysis_to_json(doc),
        "analysis_error": (doc.analysis_error if wants_analysis else None),
    }


def render_document(doc: ExportDocument) -> str:
    """Render an :class:`ExportDocument` as pretty-printed JSON."""
    return dumps(document_to_json(doc), depth=2) + "\n"


def load_schema() -> dict[str, Any]:
    """The JSON Schema of the export format."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
