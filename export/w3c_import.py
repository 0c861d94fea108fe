"""Reading W3C Web Annotation JSON-LD back: a collection (pages embedded), a page, a single
annotation or a list of them, from margin or from another tool.

An annotation with motivation ``assessing`` is a verdict (its bodies: the rating, purpose
``assessing``; the reasoning, ``commenting``; evidence links, ``linking``: see
:func:`margin.export.w3c.verdict_annotation`); any other is a note (its ``commenting`` bodies
the note, its ``tagging`` ones the tags). margin's extension terms (``margin:article``,
``margin:colour``, ``margin:status``) are read when present; a foreign annotation is placed
by its target's source.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from margin.errors import MarginError
from margin.export.import_bundle import SHA256, STATUSES, ImportBundle, check_unique
from margin.export.w3c import STYLE_CLASS, note_id_from_iri, source_from_iri
from margin.model import sha256_text
from margin.storage.model import Anchor, AnchorStatus, Note
from margin.storage.tags import normalize_tags
from margin.storage.verdict_model import MAX_REASONING, Verdict, check_links


def _types(obj: Any) -> set[str]:
    if not isinstance(obj, dict):
        return set()
    value = obj.get("type", obj.get("@type"))
    values = value if isinstance(value, list) else [value]
    return {v.split(":")[-1] for v in values if isinstance(v, str)}


_W3C_TYPES = {"AnnotationCollection", "AnnotationPage", "Annotation"}


def is_w3c(data: Any) -> bool:
    """Whether ``data`` is W3C Web Annotation JSON (a collection, a page, an annotation or a
    list of annotations)."""
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


@dataclass(frozen=True, slots=True)
class _Placed:
    """What a W3C annotation says of where it is: its id, article (SHA-256, "" if it does not
    say) and passage."""

    id: str
    article: str
    anchor: Anchor
    target: dict[str, Any]


def _placed(anno: Any, where: str, sources: dict[str, str]) -> _Placed:
    """Where annotation ``anno`` is (its target's source goes into ``sources``)."""
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
        anno_id = note_id_from_iri(iri)
    else:
        anno_id = note_id_from_iri(
            "urn:margin:import:" + sha256_text(json.dumps(anno, sort_keys=True))
        )
    source = target.get("source")
    if isinstance(source, dict):
        source = source.get("id", source.get("@id"))
    if isinstance(source, str) and source:
        sources[anno_id] = source_from_iri(source)
    article = anno.get("margin:article")
    if not (isinstance(article, str) and SHA256.match(article)):
        article = ""
        if anno_id not in sources:
            raise MarginError(f"{where} has no target source: cannot tell which article it is on")
    anchor = Anchor(exact=exact, prefix=prefix, suffix=suffix, start=start, end=end)
    return _Placed(anno_id, article, anchor, target)


def _status(anno: dict[str, Any]) -> AnchorStatus:
    status = anno.get("margin:status")
    return status if status in STATUSES else "anchored"


def _dates(anno: dict[str, Any]) -> tuple[str, str]:
    """The annotation's ``created`` and ``modified`` ("" when absent)."""
    created, modified = anno.get("created"), anno.get("modified")
    return (
        created if isinstance(created, str) else "",
        modified if isinstance(modified, str) else "",
    )


def _w3c_note(anno: Any, index: int, sources: dict[str, str]) -> Note:
    placed = _placed(anno, f"annotation {index + 1}", sources)
    body, tags = _bodies(anno)
    created, updated = _dates(anno)
    return Note(
        id=placed.id,
        article=placed.article,
        anchor=placed.anchor,
        body=body,
        tags=normalize_tags(tags),
        colour=_colour(anno, placed.target),
        created=created,
        updated=updated,
        status=_status(anno),
    )


def _is_assessing(anno: Any) -> bool:
    """Whether ``anno`` is a verdict: motivation ``assessing`` (margin's W3C export)."""
    return isinstance(anno, dict) and "assessing" in _as_list(anno.get("motivation"))


def _w3c_verdict(anno: dict[str, Any], index: int, sources: dict[str, str]) -> Verdict:
    """A verdict from an ``assessing`` annotation: the rating is its ``assessing`` body, the
    reasoning its ``commenting`` one, the links its ``linking`` bodies."""
    where = f"annotation {index + 1}"
    placed = _placed(anno, where, sources)
    rating = reasoning = ""
    links: list[str] = []
    for body in _as_list(anno.get("body")):
        if not isinstance(body, dict):
            continue
        purposes = set(_as_list(body.get("purpose")))
        value = body.get("value")
        if "linking" in purposes and isinstance(body.get("id"), str):
            links.append(body["id"])
        elif "assessing" in purposes and isinstance(value, str) and not rating:
            rating = value.strip()
        elif "commenting" in purposes and isinstance(value, str) and not reasoning:
            reasoning = value[:MAX_REASONING]
    if not rating:
        raise MarginError(f"malformed W3C annotations: {where}: an assessment with no rating")
    try:
        checked = check_links(links)
    except MarginError as exc:
        raise MarginError(f"malformed W3C annotations: {where}: {exc}") from None
    created, updated = _dates(anno)
    return Verdict(
        id=placed.id,
        article=placed.article,
        anchor=placed.anchor,
        rating=rating,
        reasoning=reasoning,
        links=checked,
        created=created,
        updated=updated,
        status=_status(anno),
    )


def _article_info(data: Any) -> dict[str, tuple[str, str]]:
    """The ``margin:articleInfo`` of a collection margin exported: SHA-256 → (title, source)."""
    info = data.get("margin:articleInfo") if isinstance(data, dict) else None
    if not isinstance(info, dict):
        return {}
    sha, title, source = (info.get(k) for k in ("sha256", "title", "source"))
    if not (isinstance(sha, str) and SHA256.match(sha)):
        return {}
    title = title if isinstance(title, str) else ""
    source = source if isinstance(source, str) else ""
    return {sha: (title, source)} if title or source else {}


def parse_w3c(data: Any) -> ImportBundle:
    """The notes and verdicts of W3C annotations ``data`` (:func:`is_w3c`), all checked."""
    sources: dict[str, str] = {}
    notes: list[Note] = []
    verdicts: list[Verdict] = []
    for i, anno in enumerate(_items(data)):
        if _is_assessing(anno):
            verdicts.append(_w3c_verdict(anno, i, sources))
        else:
            notes.append(_w3c_note(anno, i, sources))
    check_unique(notes)
    check_unique(verdicts, "verdicts")
    return ImportBundle(
        kind="w3c", notes=notes, sources=sources, titles=_article_info(data), verdicts=verdicts
    )
