"""On-disk cache of analysis results, keyed by text, model and analyser version.

The one owner of the cache's key and file format: :class:`AnalysisCache` looks entries up
(:meth:`~AnalysisCache.get` as an :class:`~margin.model.Analysis`,
:meth:`~AnalysisCache.get_compact` straight into the reader's compact form,
:meth:`~AnalysisCache.has`) and stores them (:meth:`~AnalysisCache.put`);
:func:`model_key` gives the model part of the key without importing spaCy. Nothing else
reads, names or checks a cache file.

One JSON file per key under ``platformdirs.user_cache_dir("margin")/analysis`` (or
``$MARGIN_CACHE_DIR``). Writes are atomic (:func:`margin.atomic.atomic_write`); a damaged
file reads as a miss and is replaced by the next ``put``; an unwritable directory just means
no cache.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from margin.atomic import atomic_write
from margin.model import Analysis

if TYPE_CHECKING:  # pragma: no cover
    from margin.analysis.service.compact import ReaderAnalysis

#: Format of the cache files themselves (independent of the analyser's version).
CACHE_FORMAT = 1

_DAMAGED = (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError)
"""What reading a missing, damaged or foreign file may raise: each is a miss."""


def default_cache_dir() -> Path:
    """``$MARGIN_CACHE_DIR`` if set, else the XDG cache dir's ``margin/analysis``."""
    env = os.environ.get("MARGIN_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("margin")) / "analysis"


def model_key(model: str | None = None) -> str | None:
    """The model part of the cache key for ``model`` (resolved as the pipeline loader
    resolves it), read from the installed package's ``meta.json`` without importing spaCy;
    None if it cannot be read. Raises :class:`~margin.errors.ModelError` when no model is
    installed."""
    from margin.analysis.pipeline import installed_model_id, resolve_model_name

    return installed_model_id(resolve_model_name(model))


def _analyzer_version() -> str:
    from margin.analysis import version

    return version.ANALYZER_VERSION


class AnalysisCache:
    """Analyses stored as files, one per (text sha256, model id, analyser version)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()

    def path_for(self, sha256: str, model_id: str) -> Path:
        """The file that holds (or would hold) this key's analysis."""
        version = _analyzer_version()
        tag = hashlib.sha256(f"{model_id}\0{version}".encode()).hexdigest()[:16]
        safe_sha = "".join(ch for ch in sha256 if ch.isalnum())[:64] or "none"
        return self.directory / f"{safe_sha}-{tag}.json"

    @staticmethod
    def _is_entry_for(data: Any, sha256: str, model_id: str) -> bool:
        """Whether a parsed file is this cache's entry for this key (the one key check)."""
        return (
            isinstance(data, dict)
            and data.get("format") == CACHE_FORMAT
            and data.get("sha256") == sha256
            and data.get("model") == model_id
            and data.get("analyzer") == _analyzer_version()
        )

    def has(self, sha256: str, model_id: str) -> bool:
        """Whether a file is stored for this key (not read: cheap, may still be damaged)."""
        return self.path_for(sha256, model_id).exists()

    def get(self, sha256: str, model_id: str) -> Analysis | None:
        """The cached analysis, or None (missing, damaged, or for another key)."""
        path = self.path_for(sha256, model_id)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not self._is_entry_for(data, sha256, model_id):
                return None
            return Analysis.from_dict(data["analysis"])
        except _DAMAGED:
            return None

    def get_compact(self, sha256: str, model_id: str, text: str) -> ReaderAnalysis | None:
        """The cached analysis of ``text`` read straight into the reader's compact form
        (:func:`margin.analysis.service.compact.parse_compact`: the whole object tree never
        exists at once), or None (missing, damaged, or for another key)."""
        from margin.analysis.service.compact import parse_compact

        path = self.path_for(sha256, model_id)
        try:
            with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
                source = str(mm, "utf-8")  # decoded from the mapped file: no bytes copy beside
            data, analysis = parse_compact(source, text)
            del source
            if analysis is None or not self._is_entry_for(data, sha256, model_id):
                return None
            return analysis
        except _DAMAGED:
            return None

    def put(self, sha256: str, model_id: str, analysis: Analysis) -> bool:
        """Store ``analysis``; returns False (never raises) when it could not be written."""
        path = self.path_for(sha256, model_id)
        payload = {
            "format": CACHE_FORMAT,
            "sha256": sha256,
            "model": model_id,
            "analyzer": _analyzer_version(),
            "analysis": analysis.to_dict(),
        }
        try:
            data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, data)
            return True
        except (OSError, ValueError, TypeError):
            return False
