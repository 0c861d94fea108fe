"""Read notes (and verdicts) back from a margin JSON export, from W3C Web Annotation JSON-LD
(:mod:`margin.export.w3c_import`) or from one of the store's own notes or verdicts files.

:func:`parse_bundle` is pure (no store, no spaCy): it checks the whole file first and raises
:class:`MarginError` with one clear line for anything malformed or foreign, so a caller can
write to the database only once everything is known to be good.
"""

from __future__ import annotations

import json
from typing import Any

from margin.errors import MarginError
from margin.export.import_bundle import SHA256, STATUSES, ImportBundle, check_unique
from margin.export.json_export import FORMAT_NAME, FORMAT_VERSION
from margin.export.verdict_import import is_verdicts_file, parse_verdicts, parse_verdicts_file
from margin.export.w3c_import import is_w3c, parse_w3c
from margin.model import Article, sha256_text
from margin.storage.model import Anchor, Note
from margin.storage.schema import NOTES_TABLE
from margin.storage.tags import normalize_tags

__all__ = ["ImportBundle", "parse_bundle", "parse_import"]


def parse_import(text: str) -> list[Note]:
    """The notes in a margin JSON export or a W3C annotation file (see :func:`parse_bundle`)."""
    return parse_bundle(text).notes


def parse_bundle(text: str) -> ImportBundle:
    """Parse and check an import file; raise :class:`MarginError` if it is not one.

    Accepted: margin JSON (``"format": "margin-export"``, version 1); W3C Web Annotation
    JSON-LD as an ``AnnotationCollection`` (pages embedded), an ``AnnotationPage``, a single
    ``Annotation`` or a JSON array of annotations; and one of the store's own per-article notes
    files (``{"notes": {id: note}}``), so that a file the store moved aside as unreadable can
    be imported back once repaired.
    """
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise MarginError("the file is empty (expected a margin JSON or W3C annotation export)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MarginError(
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise MarginError("not valid JSON: nested too deeply") from None
    if isinstance(data, dict) and "format" in data:
        return _parse_margin(data)
    if is_w3c(data):
        return parse_w3c(data)
    if _is_notes_file(data):
        return _parse_notes_file(data)
    if is_verdicts_file(data):
        return ImportBundle(kind="verdicts-file", notes=[], verdicts=parse_verdicts_file(data))
    raise MarginError(
        "not a margin export or W3C annotations: expected "
        '"format": "margin-export" or an AnnotationCollection, AnnotationPage or Annotation'
    )


# --- margin JSON -----------------------------------------------------------------------------


def _fail(where: str, problem: str) -> MarginError:
    return MarginError(f"malformed margin export: {where}: {problem}")


def _get(obj: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in obj:
        raise _fail(where, f'missing "{key}"')
    value = obj[key]
    if isinstance(value, bool) and kind in (int, (int,)):
        raise _fail(f"{where}.{key}", "expected an integer")
    if not isinstance(value, kind):
        names = {str: "a string", int: "an integer", list: "a list", dict: "an object"}
        expected = names.get(kind, "a value") if isinstance(kind, type) else "a value"
        raise _fail(f"{where}.{key}", f"expected {expected}")
    return value


def _opt_str(obj: dict[str, Any], key: str, where: str) -> str:
    value = obj.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _fail(f"{where}.{key}", "expected a string")
    return value


def _margin_note(raw: Any, where: str) -> Note:
    if not isinstance(raw, dict):
        raise _fail(where, "expected an object")
    note_id = _get(raw, "id", str, where)
    if not note_id.strip():
        raise _fail(f"{where}.id", "empty")
    article = _get(raw, "article", str, where)
    anchor_raw = _get(raw, "anchor", dict, where)
    aw = f"{where}.anchor"
    exact = _get(anchor_raw, "exact", str, aw)
    start = _get(anchor_raw, "start", int, aw)
    end = _get(anchor_raw, "end", int, aw)
    if not 0 <= start <= end:
        raise _fail(aw, f"bad offsets {start}-{end}")
    anchor = Anchor(
        exact=exact,
        prefix=_opt_str(anchor_raw, "prefix", aw),
        suffix=_opt_str(anchor_raw, "suffix", aw),
        start=start,
        end=end,
    )
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise _fail(f"{where}.tags", "expected a list of strings")
    colour = raw.get("colour")
    if colour is not None and (
        isinstance(colour, bool) or not isinstance(colour, int) or not 1 <= colour <= 5
    ):
        raise _fail(f"{where}.colour", "expected 1-5 or null")
    status = raw.get("status", "anchored")
    if status not in STATUSES:
        raise _fail(f"{where}.status", f"unknown status {status!r}")
    return Note(
        id=note_id,
        article=article,
        anchor=anchor,
        body=_opt_str(raw, "body", where),
        tags=normalize_tags(tags),
        colour=colour,
        created=_opt_str(raw, "created", where),
        updated=_opt_str(raw, "updated", where),
        status=status,
    )


def _parse_margin(data: dict[str, Any]) -> ImportBundle:
    if data.get("format") != FORMAT_NAME:
        raise MarginError(
            f'not a margin export: unknown format {data.get("format")!r} (expected "{FORMAT_NAME}")'
        )
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _fail("version", f"expected a positive integer, got {version!r}")
    if version > FORMAT_VERSION:
        raise MarginError(
            f"this export was made by a newer margin (format version {version}; "
            f"this margin reads version {FORMAT_VERSION}): upgrade margin to import it"
        )
    art = _get(data, "article", dict, "file")
    sha = _get(art, "sha256", str, "article")
    if not SHA256.match(sha):
        raise _fail("article.sha256", "expected 64 lowercase hex digits")
    articles: list[Article] = []
    text = art.get("text")
    if text is not None:
        if not isinstance(text, str):
            raise _fail("article.text", "expected a string")
        if sha256_text(text) != sha:
            raise _fail("article.text", "does not match article.sha256 (was the file edited?)")
        articles.append(
            Article(
                text=text,
                title=_opt_str(art, "title", "article"),
                source=_opt_str(art, "source", "article"),
                sha256=sha,
            )
        )
    raw_notes = _get(data, "notes", list, "file")
    notes = [_margin_note(raw, f"notes[{i}]") for i, raw in enumerate(raw_notes)]
    check_unique(notes)
    verdicts = parse_verdicts(data.get("verdicts"))
    return ImportBundle(kind=FORMAT_NAME, notes=notes, articles=articles, verdicts=verdicts)


def _is_notes_file(data: Any) -> bool:
    """Whether ``data`` is a store notes file: ``{"notes": {id: note, ...}}`` and nothing else."""
    return (
        isinstance(data, dict)
        and set(data) == {NOTES_TABLE}
        and isinstance(data[NOTES_TABLE], dict)
    )


def _parse_notes_file(data: dict[str, Any]) -> ImportBundle:
    """The notes of a store notes file (each checked as a margin export's notes are)."""
    notes = [_margin_note(raw, f"notes[{key!r:.40}]") for key, raw in data[NOTES_TABLE].items()]
    check_unique(notes)
    return ImportBundle(kind="notes-file", notes=notes)
