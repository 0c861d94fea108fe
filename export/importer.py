"""Read notes back from a margin JSON export or from W3C Web Annotation JSON-LD.

:func:`parse_bundle` is pure (no store, no spaCy): it checks the whole file first and raises
:class:`MarginError` with one clear line for anything malformed or foreign, so a caller can
write to the database only once everything is known to be good.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from margin.errors import MarginError
from margin.export.json_export import FORMAT_NAME, FORMAT_VERSION
from margin.export.verdict_import import is_verdicts_file, parse_verdicts, parse_verdicts_file
from margin.export.w3c import ANNO_CONTEXT, STYLE_CLASS, note_id_from_iri, source_from_iri
from margin.model import Article, sha256_text
from margin.storage.model import Anchor, Note
from margin.storage.schema import NOTES_TABLE
from margin.storage.tags import normalize_tags
from margin.storage.verdict_model import Verdict

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_STATUSES = ("anchored", "moved", "fuzzy", "orphaned")


@dataclass(slots=True)
class ImportBundle:
    """What an import file holds.

    ``kind`` is ``"margin-export"`` or ``"w3c"``. ``articles`` are the articles whose text came
    with the file (margin JSON), so they can be added to the library. ``sources`` maps a note
    id to its W3C target source (a path for ``file://`` IRIs): notes whose article is not
    known by SHA-256 (``note.article == ""``, foreign W3C) must be resolved by the caller
    against the library by that source.
    """

    kind: str
    notes: list[Note]
    articles: list[Article] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    titles: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Article SHA-256 → (title, source) for articles named without their text (a margin W3C
    export's ``margin:articleInfo``): how to name them before they are opened."""
    verdicts: list[Verdict] = field(default_factory=list)
    """Verdicts on claims (margin JSON; a store verdict file)."""


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
    if _is_w3c(data):
        return _parse_w3c(data)
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
    if status not in _STATUSES:
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
    if not _SHA256.match(sha):
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
    _check_unique(notes)
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
    _check_unique(notes)
    return ImportBundle(kind="notes-file", notes=notes)


def _check_unique(notes: list[Note]) -> None:
    seen: set[str] = set()
    for note in notes:
        if note.id in seen:
            raise MarginError(f"the file has two notes with the id {note.id!r}")
        seen.add(note.id)


# --- W3C Web Annotation ----------------------------------------------------------------------


def _types(obj: Any) -> set[str]:
    if not isinstance(obj, dict):
        return set()
    value = obj.get("type", obj.get("@type"))
    values = value if isinstance(value, list) else [value]
    return {v.split(":")[-1] for v in values if isinstance(v, str)}


_W3C_TYPES = {"AnnotationCollection", "AnnotationPage", "Annotation"}


def _is_w3c(data: Any) -> bool:
    if isinstance(data, list):
        return bool(data) and all("Annotation" in _types(item) for item in data)
    return bool(_types(data) & _W3C_TYPES)


def _items(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    kinds = _types(data)
    if "Annotation" in kinds:
        return [data]
    if "AnnotationPage" in kinds:
        items = data.get("items", [])
        if not isinstance(items, list):
            raise MarginError('malformed W3C annotations: a page\'s "items" is not a list')
        return items
    # An AnnotationCollection: follow embedded pages (first, then each page's next).
    if isinstance(data.get("items"), list):
        return data["items"]
    page = data.get("first")
    if page is None:
        if data.get("total", 0) == 0:
            return []
        raise MarginError('malformed W3C annotations: the collection has no "first" page')
    items: list[Any] = []
    seen: set[int] = set()
    while page is not None:
        if isinstance(page, str):
            raise MarginError(
                f"the collection's pages are not in the file (page {page}): "
                "export it with its annotations embedded"
            )
        if id(page) in seen or "AnnotationPage" not in _types(page):
            raise MarginError(
                "malformed W3C annotations: a collection page is not an AnnotationPage"
            )
        seen.add(id(page))
        page_items = page.get("items", [])
        if not isinstance(page_items, list):
            raise MarginError('malformed W3C annotations: a page\'s "items" is not a list')
        items += page_items
        page = page.get("next")
    return items


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _bodies(anno: dict[str, Any]) -> tuple[str, list[str]]:
    comments: list[str] = []
    tags: list[str] = []
    body_value = anno.get("bodyValue")
    if isinstance(body_value, str) and body_value.strip():
        comments.append(body_value)
    for body in _as_list(anno.get("body")):
        if not isinstance(body, dict):
            continue  # an IRI body: nothing margin can show
        value = body.get("value", body.get("chars"))
        if not isinstance(value, str):
            continue
        purposes = set(_as_list(body.get("purpose")))
        if "tagging" in purposes:
            if value.strip():
                tags.append(value.strip())
        elif purposes & {"classifying", "highlighting", "identifying", "linking"}:
            continue
        elif value.strip():
            comments.append(value)
    return "\n\n".join(comments), list(dict.fromkeys(tags))


def _selectors(target: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    quote = position = None
    for sel in _as_list(target.get("selector")):
        kinds = _types(sel)
        if "TextQuoteSelector" in kinds and quote is None:
            quote = sel
        elif "TextPositionSelector" in kinds and position is None:
            position = sel
    return quote, position


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MarginError(f"malformed W3C annotations: {where}: expected an offset, got {value!r}")
    return value


def _colour(anno: dict[str, Any], target: dict[str, Any]) -> int | None:
    colour = anno.get("margin:colour")
    if isinstance(colour, int) and not isinstance(colour, bool) and 1 <= colour <= 5:
        return colour
    for cls in _as_list(target.get("styleClass")):
        if isinstance(cls, str) and cls.startswith(STYLE_CLASS):
            digit = cls[len(STYLE_CLASS) :]
            if digit.isdigit() and 1 <= int(digit) <= 5:
                return int(digit)
    return None


def _w3c_note(anno: Any, index: int, sources: dict[str, str]) -> Note:
    where = f"annotation {index + 1}"
    if "Annotation" not in _types(anno):
        raise MarginError(f"malformed W3C annotations: {where} is not an Annotation")
    targets = [t for t in _as_list(anno.get("target")) if isinstance(t, dict)]
    target = next((t for t in targets if any(_selectors(t))), None)
    if target is None:
        raise MarginError(
            f"{where} has no text selector (margin needs a TextQuoteSelector "
            "or a TextPositionSelector)"
        )
    quote, position = _selectors(target)
    exact = prefix = suffix = ""
    if quote is not None:
        exact = quote.get("exact")
        if not isinstance(exact, str):
            raise MarginError(
                f'malformed W3C annotations: {where}: TextQuoteSelector has no "exact"'
            )
        prefix = quote.get("prefix") if isinstance(quote.get("prefix"), str) else ""
        suffix = quote.get("suffix") if isinstance(quote.get("suffix"), str) else ""
    if position is not None:
        start = _int(position.get("start"), f"{where}: TextPositionSelector start")
        end = _int(position.get("end"), f"{where}: TextPositionSelector end")
        if end < start:
            raise MarginError(f"malformed W3C annotations: {where}: end before start")
    else:
        # No position: let re-anchoring find the quote.
        start, end = 0, len(exact)
    iri = anno.get("id", anno.get("@id"))
    if isinstance(iri, str) and iri:
        note_id = note_id_from_iri(iri)
    else:
        note_id = note_id_from_iri(
            "urn:margin:import:" + sha256_text(json.dumps(anno, sort_keys=True))
        )
    body, tags = _bodies(anno)
    source = target.get("source")
    if isinstance(source, dict):
        source = source.get("id", source.get("@id"))
    if isinstance(source, str) and source:
        sources[note_id] = source_from_iri(source)
    article = anno.get("margin:article")
    if not (isinstance(article, str) and _SHA256.match(article)):
        article = ""
        if note_id not in sources:
            raise MarginError(f"{where} has no target source: cannot tell which article it is on")
    status = anno.get("margin:status")
    return Note(
        id=note_id,
        article=article,
        anchor=Anchor(exact=exact, prefix=prefix, suffix=suffix, start=start, end=end),
        body=body,
        tags=normalize_tags(tags),
        colour=_colour(anno, target),
        created=anno.get("created") if isinstance(anno.get("created"), str) else "",
        updated=anno.get("modified") if isinstance(anno.get("modified"), str) else "",
        status=status if status in _STATUSES else "anchored",
    )


def _article_info(data: Any) -> dict[str, tuple[str, str]]:
    """The ``margin:articleInfo`` of a collection margin exported: SHA-256 → (title, source)."""
    info = data.get("margin:articleInfo") if isinstance(data, dict) else None
    if not isinstance(info, dict):
        return {}
    sha, title, source = (info.get(k) for k in ("sha256", "title", "source"))
    if not (isinstance(sha, str) and _SHA256.match(sha)):
        return {}
    title = title if isinstance(title, str) else ""
    source = source if isinstance(source, str) else ""
    return {sha: (title, source)} if title or source else {}


def _parse_w3c(data: Any) -> ImportBundle:
    sources: dict[str, str] = {}
    notes = [_w3c_note(anno, i, sources) for i, anno in enumerate(_items(data))]
    _check_unique(notes)
    return ImportBundle(kind="w3c", notes=notes, sources=sources, titles=_article_info(data))


def has_anno_context(data: Any) -> bool:
    """Whether a JSON-LD object declares the Web Annotation ``@context``."""
    return isinstance(data, dict) and ANNO_CONTEXT in _as_list(data.get("@context"))
