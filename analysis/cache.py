"""On-disk cache of analysis results, keyed by text, model and analyser version.

The one owner of the cache's key and file format: :class:`AnalysisCache` looks entries up
(:meth:`~AnalysisCache.get` as an :class:`~margin.model.Analysis`,
:meth:`~AnalysisCache.get_compact` straight into the reader's compact form,
:meth:`~AnalysisCache.has`) and stores them (:meth:`~AnalysisCache.put`,
:meth:`~AnalysisCache.put_compact`);
:func:`model_key` gives the model part of the key without importing spaCy. Nothing else
reads, names or checks a cache file.

One JSON file per key under ``platformdirs.user_cache_dir("margin")/analysis`` (or
``$MARGIN_CACHE_DIR``). Writes are atomic (:func:`margin.atomic.atomic_write`); a damaged
file reads as a miss and is replaced by the next ``put``; an unwritable directory just means
no cache.

Beside each JSON file, a compact binary copy of it
(:mod:`margin.analysis.service.compact_file`, ``.compact``): the reader's arrays, read in a
few milliseconds where the JSON takes hundreds on a long article, so the reader can show a
cached analysis in its first frame. It is derived: keyed by the JSON file's size and
modification time besides the cache key (a replaced JSON file makes it stale), written
without fsync, rebuilt from the JSON file whenever it is missing, stale or damaged.
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
COMPACT_SUFFIX = ".compact"
"""The compact copy's file name: the JSON file's, with this suffix instead of ``.json``."""

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

    def compact_path_for(self, sha256: str, model_id: str) -> Path:
        """The compact copy of this key's entry (beside its JSON file)."""
        return self.path_for(sha256, model_id).with_suffix(COMPACT_SUFFIX)

    def _compact_key(self, sha256: str, model_id: str) -> bytes | None:
        """The compact copy's key for the JSON file as it is now (None: no JSON file)."""
        from margin.analysis.service.compact_file import key_digest

        try:
            st = self.path_for(sha256, model_id).stat()
        except OSError:
            return None
        return key_digest(sha256, model_id, _analyzer_version(), st.st_size, st.st_mtime_ns)

    def get_compact(
        self, sha256: str, model_id: str, text: str, *, fallback: bool = True
    ) -> ReaderAnalysis | None:
        """The cached analysis of ``text`` in the reader's compact form, or None (missing,
        damaged, or for another key).

        Read from the compact copy when it is there and fresh (milliseconds); otherwise,
        with ``fallback``, from the JSON file (:func:`~margin.analysis.service.compact.
        parse_compact`: the whole object tree never exists at once), and the compact copy
        is written then for the next time. ``fallback=False`` only reads the compact copy
        (cheap enough to do before a first frame)."""
        from margin.analysis.service import compact_file

        key = self._compact_key(sha256, model_id)
        if key is None:
            return None
        try:
            blob = self.compact_path_for(sha256, model_id).read_bytes()
        except OSError:
            blob = b""
        if blob:
            found = compact_file.decode(blob, key, text)
            if found is not None:
                return found
        if not fallback:
            return None
        analysis = self._read_json_compact(sha256, model_id, text)
        if analysis is not None:
            self._write_compact(sha256, model_id, analysis, key)
        return analysis

    def _read_json_compact(self, sha256: str, model_id: str, text: str) -> ReaderAnalysis | None:
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

    def has_compact(self, sha256: str, model_id: str) -> bool:
        """Whether a fresh compact copy of this key's entry is stored (its header read: it
        may still prove damaged)."""
        from margin.analysis.service.compact_file import HEADER, header_key

        key = self._compact_key(sha256, model_id)
        if key is None:
            return False
        try:
            with self.compact_path_for(sha256, model_id).open("rb") as fh:
                head = fh.read(HEADER.size)
        except OSError:
            return False
        return header_key(head) == key

    def put_compact(
        self, sha256: str, model_id: str, analysis: Analysis | ReaderAnalysis, text: str
    ) -> bool:
        """Write the compact copy of the stored entry of ``text`` unless a fresh one is there
        (``margin analyze`` on an entry cached before there were compact copies). False
        (never raises) when there is no JSON entry or the copy could not be written."""
        if self.has_compact(sha256, model_id):
            return True
        key = self._compact_key(sha256, model_id)
        if key is None:
            return False
        return self._write_compact(sha256, model_id, analysis, key, text)

    def _write_compact(
        self,
        sha256: str,
        model_id: str,
        analysis: Analysis | ReaderAnalysis,
        key: bytes,
        text: str | None = None,
    ) -> bool:
        """Write the compact copy (no fsync: it is rebuilt if lost); False if it could not."""
        from margin.analysis.service.compact import ReaderAnalysis
        from margin.analysis.service.compact_file import encode

        try:
            if not isinstance(analysis, ReaderAnalysis):
                if text is None:
                    return False
                analysis = ReaderAnalysis.from_analysis(analysis, text)
            data = encode(analysis, key)
            atomic_write(self.compact_path_for(sha256, model_id), data, durable=False)
            return True
        except (OSError, ValueError, TypeError, OverflowError):
            return False

    def put(
        self,
        sha256: str,
        model_id: str,
        analysis: Analysis,
        *,
        text: str | None = None,
        compact: ReaderAnalysis | None = None,
    ) -> bool:
        """Store ``analysis``; returns False (never raises) when it could not be written.

        With the article's ``text`` (or the analysis already in compact form, ``compact``)
        the compact copy is written too (a failure there only costs a slower first read)."""
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
        except (OSError, ValueError, TypeError):
            return False
        if compact is not None or text is not None:
            key = self._compact_key(sha256, model_id)
            if key is not None:
                self._write_compact(sha256, model_id, compact or analysis, key, text)
        return True
